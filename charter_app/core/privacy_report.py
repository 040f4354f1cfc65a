"""The privacy report for the data-protection officer: what personal data a charter holds,
where each piece is kept and where it travels, in plain sentences (the command line prints
them, the app shows them; :mod:`charter_app.application.privacy` gathers the facts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from charter_app.core.free_texts import KIND_LABELS, Mention
from charter_app.core.model import ROLE_LABELS, Participant
from charter_app.core.participants import removed_label
from charter_app.i18n import _, ngettext


@dataclass(frozen=True)
class Person:
    """A participant the registry still names."""

    participant: Participant
    last_seen: date | None = None
    """Registration or last contribution, the later (None: unknown)."""
    erase_on: date | None = None
    """When the retention rule erases the name (None: no rule, or no adoption yet)."""


@dataclass(frozen=True)
class OldHistory:
    """Names that older saved versions still hold (see
    :mod:`charter_app.storage.privacy_history`)."""

    first: datetime
    last: datetime
    participants: tuple[str, ...]
    erased: tuple[str, ...]
    """Those of ``participants`` erased since: their name remains there."""
    versions: tuple[str, ...]
    """Adopted versions including those saved versions (a rewrite would change them)."""


@dataclass(frozen=True)
class PrivacyReport:
    title: str
    folder: str
    people: tuple[Person, ...]
    erased: tuple[Participant, ...]
    mentions: tuple[Mention, ...]
    laptops: tuple[str, ...]
    """Laptops the charter exchanged USB exports with."""
    server: bool
    """Whether it syncs with a server or a shared folder."""
    retention_months: int
    contact: str
    old_history: OldHistory | None = None

    @property
    def can_rewrite(self) -> bool:
        """Whether the older versions holding names may be rewritten (no adopted version
        includes them)."""
        return self.old_history is not None and not self.old_history.versions


def report_lines(report: PrivacyReport) -> list[str]:
    """The report as lines of text (empty lines between sections)."""
    lines = [_("Personal data held by “{title}”").format(title=report.title), ""]
    lines += _people(report)
    lines += ["", _("Where it is kept and where it travels")]
    lines.append(
        "- "
        + _(
            "Names, roles and organisations: in the list of participants, in the charter "
            "folder ({folder}: the file participants.yaml, and the history kept beside it, "
            "which holds only the current list and never the earlier ones)."
        ).format(folder=report.folder)
    )
    lines.append(
        "- "
        + _(
            "Contributions (comments, amendments, positions, dots, votes): in the charter's "
            "history, under a pseudonymous id (such as p-3f9a1c), never under a name. Those "
            "of an erased participant stay, shown as a removed participant with the role."
        )
    )
    places = list(report.laptops)
    if report.server:
        places.append(_("the server or shared folder"))
    lines.append(
        "- "
        + (
            _(
                "Copies: at each exchange the list travels to {places}; an erased name is "
                "forgotten by each of them at its next exchange with this charter. USB exports "
                "made before an erasure still hold the name: delete them once imported."
            ).format(places=", ".join(places))
            if places
            else _("Copies: this charter has not been exchanged with another laptop or a server.")
        )
    )
    if report.server:
        lines.append(
            "- "
            + _(
                "The server or shared folder keeps the replaced lists among the data it no "
                "longer uses until it is next cleaned up: after an erasure, ask whoever keeps "
                "it to clean it up (the app never runs anything there)."
            )
        )
    lines.append(
        "- "
        + _(
            "Documents exported with names (PDF, ODT, DOCX, HTML, Markdown, minutes) hold the "
            "names of the day they were made: replace them after an erasure."
        )
    )
    lines += ["", *_old_history(report)]
    lines += ["", *_mentions(report)]
    lines += ["", *_rules(report)]
    return lines


def _people(report: PrivacyReport) -> list[str]:
    lines = [
        ngettext(
            "{count} participant is named (name or pseudonym, role, organisation):",
            "{count} participants are named (name or pseudonym, role, organisation):",
            len(report.people),
        ).format(count=len(report.people))
    ]
    for person in report.people:
        participant = person.participant
        details = [_(ROLE_LABELS[participant.role])]
        if participant.organisation:
            details.append(participant.organisation)
        if participant.registered:
            details.append(_("registered {day}").format(day=participant.registered))
        if person.last_seen is not None:
            details.append(_("last active {day}").format(day=person.last_seen.isoformat()))
        if person.erase_on is not None:
            details.append(_("erased on {day} by the retention rule").format(day=person.erase_on))
        lines.append(f"- {participant.id}  {participant.name} ({', '.join(details)})")
    if report.erased:
        lines.append(
            ngettext(
                "{count} participant was erased (no name, no organisation kept):",
                "{count} participants were erased (no name, no organisation kept):",
                len(report.erased),
            ).format(count=len(report.erased))
        )
        for gone in report.erased:
            lines.append(
                "- " + _("{who}, erased on {day}").format(who=removed_label(gone), day=gone.erased)
            )
        lines.append(
            _(
                "For each, a fingerprint of the name is kept so that the app can warn when it "
                "is typed again: it cannot be read back, but someone who already knows a name "
                "can check whether it was erased."
            )
        )
    return lines


def _old_history(report: PrivacyReport) -> list[str]:
    old = report.old_history
    if old is None:
        return [_("Older saved versions hold no names: they were always kept apart.")]
    lines = [
        ngettext(
            "Older saved versions (from {first} to {last}) still hold the name of {count} "
            "participant, in this folder and in every copy made from it.",
            "Older saved versions (from {first} to {last}) still hold the names of {count} "
            "participants, in this folder and in every copy made from it.",
            len(old.participants),
        ).format(
            first=old.first.date().isoformat(),
            last=old.last.date().isoformat(),
            count=len(old.participants),
        )
    ]
    if old.erased:
        lines.append(
            _("Among them, erased since: {ids}. Their names remain in those versions.").format(
                ids=", ".join(old.erased)
            )
        )
    if old.versions:
        lines.append(
            _(
                "The adopted versions {versions} include them: removing the names from those "
                "versions would change the published texts' fingerprints, so they stay. Only "
                "someone with a copy of the charter's folder (or of a USB export) can read "
                "them; the app never shows them."
            ).format(versions=", ".join(old.versions))
        )
    else:
        lines.append(
            _(
                "No version has been adopted yet: the history can be rewritten without the "
                "names (in the app, under this report; “charter privacy rewrite-history” on "
                "the command line). The other laptops and the server take the rewritten "
                "history at their next exchange with this one."
            )
        )
    return lines


def _mentions(report: PrivacyReport) -> list[str]:
    if not report.mentions:
        return [_("No free text mentions a participant's name.")]
    lines = [
        ngettext(
            "{count} free text mentions a participant (redact it; the earlier text stays in "
            "the history):",
            "{count} free texts mention a participant (redact them; the earlier texts stay in "
            "the history):",
            len(report.mentions),
        ).format(count=len(report.mentions))
    ]
    names = {p.participant.id: p.participant.name for p in report.people}
    names |= {p.id: removed_label(p) for p in report.erased}
    for mention in report.mentions:
        text = mention.text
        kind = _(KIND_LABELS[text.kind])
        how = _("can be redacted") if text.redactable else _("stays as written")
        who = ", ".join(names.get(pid, pid) for pid in mention.participants)
        lines.append(f"- {kind} {text.reference} ({who}; {how}): {_excerpt(text.text)}")
    return lines


def _excerpt(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _rules(report: PrivacyReport) -> list[str]:
    lines = []
    if report.retention_months:
        lines.append(
            ngettext(
                "Retention rule: each name is erased {months} month after the adoption that "
                "follows the person's last contribution.",
                "Retention rule: each name is erased {months} months after the adoption that "
                "follows the person's last contribution.",
                report.retention_months,
            ).format(months=report.retention_months)
        )
    else:
        lines.append(
            _(
                "Retention rule: none; names are kept until erased on request (set one under "
                "this report in the app, or with “charter privacy retention MONTHS”)."
            )
        )
    lines.append(
        _("Whom to ask: {contact}.").format(contact=report.contact)
        if report.contact
        else _(
            "Whom to ask: not said yet (say it under this report in the app, or with "
            "“charter privacy contact TEXT”)."
        )
    )
    return lines
