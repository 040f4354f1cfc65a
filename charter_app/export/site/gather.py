"""Read what the public site shows from the repository: versions, amendments, workshops.

Everything is read at the commit each version was built from (never the working tree), through
the same functions as the exports: :func:`~charter_app.export.build.load_source` for the text
and its stamp, :func:`~charter_app.export.provenance.ledger_at` and
:func:`~charter_app.export.provenance.person` for amendments and people, the comparison's
pairing and word diff for what changed, and :mod:`charter_app.core.participation` for who took
part. People are shown as the names option asks before anything reaches a template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from charter_app.core.amendment_state import (
    STATUS_LABELS,
    AmendmentRecord,
    AmendmentStatus,
    Ledger,
)
from charter_app.core.amendments import KIND_LABELS, Amendment, AmendmentKind
from charter_app.core.comparing import pair_principles
from charter_app.core.decisions import decision_of
from charter_app.core.events import Event
from charter_app.core.model import ROLE_LABELS, Charter, Principle, Role
from charter_app.core.participation import ROLES, Participation, participation, role_label
from charter_app.core.supports import Position, Tally, fold_supports
from charter_app.core.versions import SignatureState
from charter_app.core.workshops import Workshop, WorkshopRegister, fold_workshops
from charter_app.errors import ValidationError
from charter_app.export.anonymity import names_in
from charter_app.export.blocks import (
    Block,
    Heading,
    Paragraph,
    markdown_blocks,
    nested_headings,
    text,
)
from charter_app.export.build import Source, load_source
from charter_app.export.comparison import amendments_by_principle
from charter_app.export.document import Document
from charter_app.export.minutes import Chart
from charter_app.export.provenance import decision_text, ledger_at, person
from charter_app.export.site.model import (
    DRAFT,
    AmendmentView,
    ParticipationView,
    PrincipleSource,
    Site,
    SiteOptions,
    SupportRow,
    VersionView,
    WorkshopView,
)
from charter_app.i18n import _, app_wording
from charter_app.storage.repository import CharterRepository
from charter_app.storage.versions import adopted_versions

Tick = Callable[[int, int], None]
MAX_CHART_BARS = 40
"""A chart of more bars than this would not help anyone: the table alone says it."""


@dataclass(frozen=True)
class _Record:
    """What one commit records besides the text: amendments, events, workshops."""

    ledger: Ledger
    events: tuple[Event, ...]
    register: WorkshopRegister
    picture: Participation
    supports: dict[str, Tally]


def _record(repository: CharterRepository, commit: str, charter: Charter) -> _Record:
    ledger, events = ledger_at(repository, commit)
    register = fold_workshops(events)
    amendments = [record.amendment for record in ledger.records]
    picture = participation(charter, events, amendments, register)
    supports = fold_supports(events, charter.participants)
    return _Record(ledger, tuple(events), register, picture, supports)


def gather(repository: CharterRepository, options: SiteOptions, tick: Tick | None = None) -> Site:
    """The whole site's content, in the current wording (the charter's language).

    What is said to the person publishing (an error when there is nothing to publish, the
    warnings) is in the app's language (:func:`charter_app.i18n.app_wording`).
    """
    with app_wording():
        published = _published_versions(repository, options)
    views: list[VersionView] = []
    previous: VersionView | None = None
    record: _Record | None = None
    for index, (key, tagged, ref, amendments, signed) in enumerate(published):
        if tick is not None:
            tick(index, len(published))
        source = load_source(repository, None if key == DRAFT else key)
        record = _record(repository, source.stamp.commit, source.charter)
        view = _version(
            repository, key, tagged, ref, amendments, signed, source, record, previous, options
        )
        views.append(view)
        previous = view
    assert record is not None and previous is not None
    newest = previous
    site = Site(
        newest.charter.title,
        newest.charter.territory,
        newest.charter.language,
        options,
        tuple(reversed(views)),
        _participation(record, newest.charter, options),
    )
    with app_wording():
        return replace(site, warnings=tuple(_warnings(site, record, options)))


def _published_versions(
    repository: CharterRepository, options: SiteOptions
) -> list[tuple[str, bool, str, tuple[str, ...], bool]]:
    """(key, tagged, deliberation, amendments, signed) of each version to publish, oldest
    first; the draft last when asked for and not already an adopted version."""
    found = [
        (
            version.name,
            True,
            version.ref,
            version.amendments,
            version.signature.state is not SignatureState.UNSIGNED,
        )
        for version in adopted_versions(repository)
    ]
    head = repository.git.head()
    if options.drafts and head is not None:
        latest = repository.git.resolve(found[-1][0]) if found else None
        if head != latest:
            found.append((DRAFT, False, "", (), False))
    if not found:
        raise ValidationError(
            _("No version of the charter has been adopted yet: there is nothing to publish."),
            _("Adopt a version first, or publish the last saved text as a draft."),
        )
    return found


# -- one version ---------------------------------------------------------------------------------


def _version(
    repository: CharterRepository,
    key: str,
    tagged: bool,
    ref: str,
    adopted: tuple[str, ...],
    signed: bool,
    source: Source,
    record: _Record,
    previous: VersionView | None,
    options: SiteOptions,
) -> VersionView:
    charter = source.charter
    workshops = _workshop_views(record, charter, options)
    deleted = []
    counts: dict[str, int] = {}
    previous_texts: dict[str, Principle] = {}
    labels: dict[str, list[str]] = {}
    if previous is not None:
        labels = amendments_by_principle(
            repository.history(rev=source.stamp.commit),
            repository.history(rev=previous.stamp.commit),
            record.ledger,
        )
        for item in pair_principles(previous.charter, charter):
            counts[item.status] = counts.get(item.status, 0) + 1
            if item.new is None:
                assert item.old is not None
                deleted.append(item.old)
            elif item.old is not None:
                previous_texts[item.new.id] = item.old
    by_principle = _amendments_by_principle(record, charter, workshops, options)
    discussed = _workshops_by_principle(record, workshops)
    sources = tuple(
        PrincipleSource(
            principle,
            previous_texts.get(principle.id),
            previous is not None,
            tuple(labels.get(principle.id, ())),
            tuple(by_principle.get(principle.id, ())),
            discussed.get(principle.id, ()),
        )
        for principle in charter.principles
    )
    order = ("changed", "new", "deleted", "renumbered", "unchanged")
    return VersionView(
        key,
        tagged,
        source.stamp,
        ref,
        adopted,
        signed,
        charter,
        nested_headings(markdown_blocks(charter.preamble)),
        sources,
        previous.key if previous is not None else None,
        tuple(deleted),
        tuple((status, counts[status]) for status in order if status in counts),
    )


# -- amendments and workshops ----------------------------------------------------------------------


def _workshop_views(
    record: _Record, charter: Charter, options: SiteOptions
) -> dict[str, WorkshopView]:
    counts = {wid: sum(c.values()) for wid, c in record.picture.by_workshop().items() if wid}
    return {
        workshop.id: _workshop_view(workshop, charter, options, counts.get(workshop.id, 0))
        for workshop in record.register.workshops
    }


def _workshop_view(
    workshop: Workshop, charter: Charter, options: SiteOptions, contributions: int
) -> WorkshopView:
    people: tuple[str, ...] = ()
    if options.names == "names":
        people = tuple(person(charter, pid, "names") for pid in workshop.participants)
    return WorkshopView(
        workshop.label,
        workshop.label.lower(),
        workshop.title,
        workshop.date,
        workshop.place,
        person(charter, workshop.facilitator, options.names),
        tuple((_(ROLE_LABELS[role]), workshop.attendance.get(role.value, 0)) for role in Role),
        workshop.attendance_total,
        contributions,
        people,
    )


def _workshops_by_principle(
    record: _Record, workshops: dict[str, WorkshopView]
) -> dict[str, tuple[WorkshopView, ...]]:
    found: dict[str, list[str]] = {}
    for contribution in record.picture.contributions:
        if contribution.principle and contribution.workshop in workshops:
            listed = found.setdefault(contribution.principle, [])
            if contribution.workshop not in listed:
                listed.append(contribution.workshop)
    order = list(workshops)
    return {
        pid: tuple(workshops[w] for w in sorted(ids, key=order.index)) for pid, ids in found.items()
    }


def _amendments_by_principle(
    record: _Record, charter: Charter, workshops: dict[str, WorkshopView], options: SiteOptions
) -> dict[str, list[AmendmentView]]:
    """Registered amendments (drafts are not public) by the principle they are about; a
    sub-amendment with its parent."""
    by_id = {r.id: r for r in record.ledger.records}
    events = {e.id: e for e in record.events}
    found: dict[str, list[AmendmentView]] = {}
    for item in record.ledger.records:
        if item.status is AmendmentStatus.DRAFT or item.number is None:
            continue
        root: AmendmentRecord | None = item
        for _depth in range(8):
            if root is None or not root.amendment.is_sub:
                break
            root = by_id.get(root.amendment.target)
        if root is None:
            continue
        view = _amendment_view(item, by_id, events, record, charter, workshops, options)
        found.setdefault(root.amendment.target, []).append(view)
    return found


def _amendment_view(
    item: AmendmentRecord,
    by_id: dict[str, AmendmentRecord],
    events: dict[str, Event],
    record: _Record,
    charter: Charter,
    workshops: dict[str, WorkshopView],
    options: SiteOptions,
) -> AmendmentView:
    amendment = item.amendment
    if amendment.is_sub:
        parent = by_id.get(amendment.target)
        kind = _("sub-amendment of {number}").format(
            number=parent.label if parent else amendment.target
        )
    elif amendment.kind is AmendmentKind.INSERT:
        kind = _("new principle after this one")
    else:
        kind = _(KIND_LABELS[amendment.kind])
    decision = ""
    event = events.get(item.outcome_event or "")
    if event is not None:
        decision = decision_text(decision_of(event))
    workshop = record.register.attribute(amendment.workshop, amendment.created, amendment.author)
    return AmendmentView(
        item.display,
        item.label.lower(),
        kind,
        _(STATUS_LABELS[item.status]),
        person(charter, amendment.author, options.names),
        nested_headings(markdown_blocks(amendment.rationale), 5),
        nested_headings(_proposal(amendment), 5),
        decision,
        workshops.get(workshop.id) if workshop is not None else None,
        _support_rows(record.supports.get(amendment.id)),
    )


def _proposal(amendment: Amendment) -> tuple[Block, ...]:
    if amendment.kind is AmendmentKind.DELETE:
        return (Paragraph(text(_("Delete the principle."))),)
    blocks: list[Block] = []
    if amendment.title is not None:
        blocks.append(
            Paragraph(text(_("Proposed title: {title}").format(title=amendment.title.strip())))
        )
    if amendment.body is not None:
        blocks += markdown_blocks(amendment.body)
    return tuple(blocks)


def _support_rows(tally: Tally | None) -> tuple[SupportRow, ...]:
    if tally is None:
        return ()
    rows = []
    for role, counts in tally.by_role().items():
        if any(counts.values()):
            rows.append(
                SupportRow(
                    role_label(role),
                    counts[Position.SUPPORT],
                    counts[Position.OPPOSE],
                    counts[Position.NEUTRAL],
                )
            )
    return tuple(rows)


# -- participation and privacy ---------------------------------------------------------------------


def _participation(record: _Record, charter: Charter, options: SiteOptions) -> ParticipationView:
    picture = record.picture
    tables = picture.tables()
    by_role = picture.by_role()
    charts: list[Chart | None] = [
        Chart(
            tables[0].caption,
            tuple(
                (role_label(role), sum(by_role[role].values())) for role in ROLES if role in by_role
            ),
        )
    ]
    for table in tables[1:3]:
        bars = tuple((row[0], int(row[-1])) for row in table.rows)
        charts.append(Chart(table.caption, bars) if 0 < len(bars) <= MAX_CHART_BARS else None)
    charts.append(None)  # by day: the table reads better than a chart of dates
    workshops = _workshop_views(record, charter, options)
    return ParticipationView(
        tuple(tables), tuple(charts), tuple(workshops.values()), len(picture.contributions)
    )


def _free_texts(site: Site, record: _Record) -> list[tuple[str, str]]:
    """Every text people typed that the site publishes, with where it is, in words."""
    texts: list[tuple[str, str]] = []
    for version in site.versions:
        charter = version.charter
        texts.append((_("{version}, title and preamble").format(version=version.key),
                      "\n".join((charter.title, charter.territory, charter.preamble))))  # fmt: skip
        if version.ref:
            texts.append((_("{version}, deliberation").format(version=version.key), version.ref))
        for principle in charter.principles:
            where = _("{version}, principle {number}").format(
                version=version.key, number=principle.number
            )
            texts.append((where, "\n".join((principle.title, *principle.tags, principle.body))))
    for item in record.ledger.records:
        if item.number is None:
            continue
        amendment = item.amendment
        where = _("Amendment {number}").format(number=item.label)
        texts.append(
            (where, "\n".join((amendment.rationale, amendment.title or "", amendment.body or "")))
        )
    for event in record.events:
        decision = decision_of(event)
        if decision is not None and decision.ref:
            texts.append((_("A decision's deliberation"), decision.ref))
    for workshop in record.register.workshops:
        where = _("Workshop {number}").format(number=workshop.label)
        texts.append((where, f"{workshop.title}\n{workshop.place}"))
    return texts


def _warnings(site: Site, record: _Record, options: SiteOptions) -> list[str]:
    if options.names == "names":
        return []
    participants = site.versions[0].charter.participants
    # The exports' own search (case, accents and typographic spaces folded), over a document
    # holding each published free text under a heading saying where it is.
    blocks: list[Block] = []
    for where, words in _free_texts(site, record):
        blocks += [Heading(2, text(where)), Paragraph(text(words))]
    found = names_in(Document(site.title, site.language, "", tuple(blocks)), participants)
    places: dict[str, list[str]] = {}
    for item in found:
        places.setdefault(item.name, []).append(item.where)
    return [
        _(
            "“{name}”, a registered participant's name, appears in text the site publishes "
            "({places}): the choice to hide names does not change what people wrote. Read it "
            "before putting the site online."
        ).format(name=name, places="; ".join(where))
        for name, where in places.items()
    ]
