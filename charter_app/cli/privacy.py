"""``charter participant erase``, ``charter privacy ...`` and ``charter redact``: the right to be
forgotten, the privacy report, the retention rule and the notice (docs/DESIGN.md, "Erasing a
person")."""

from __future__ import annotations

import argparse
from typing import Any

from charter_app.application import comments, participants, privacy, retention
from charter_app.cli.common import (
    author_of,
    open_session,
    print_json,
    read_text_file,
    tell,
    written_json,
)
from charter_app.core.free_texts import Mention
from charter_app.core.participants import removed_label
from charter_app.core.privacy_report import PrivacyReport, report_lines
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext


def cmd_erase(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        charter = session.repository.load()
        written = participants.erase_participant(
            session, author_of(args, charter), args.participant
        )
    erasure = written.value
    if args.json:
        print_json(
            written_json(
                written,
                participant=erasure.participant.id,
                shown_as=removed_label(erasure.participant),
                erased=erasure.participant.erased,
                mentions=[_mention_json(m) for m in erasure.mentions],
            )
        )
        return 0
    print(
        _("Erased: {id} is now shown as “{label}”.").format(
            id=erasure.participant.id, label=removed_label(erasure.participant)
        )
    )
    tell(written)
    if erasure.mentions:
        print(_("Run “charter privacy report” to see them, and “charter redact” to redact one."))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        report = privacy.privacy_report(session)
    if args.json:
        print_json(_report_json(report))
        return 0
    for line in report_lines(report):
        print(line)
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    months = 0 if args.months in ("off", "0") else _months(args.months)
    with open_session(args) as session:
        written = retention.set_retention(
            session, author_of(args, session.repository.load()), months
        )
    return _said(args, written, retention_months=written.value.retention_months)


def cmd_contact(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        written = retention.set_privacy_contact(
            session, author_of(args, session.repository.load()), args.contact
        )
    return _said(args, written, contact=written.value.privacy_contact)


def cmd_rewrite_history(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        written = privacy.rewrite_history(session, author_of(args, session.repository.load()))
    if args.json:
        print_json(written_json(written, rewritten=written.value))
        return 0
    print(
        ngettext(
            "Rewrote {count} saved version without the participants' names.",
            "Rewrote {count} saved versions without the participants' names.",
            written.value,
        ).format(count=written.value)
    )
    tell(written)
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        notice = privacy.notice(session)
    if args.json:
        print_json({"title": notice.title, "paragraphs": list(notice.paragraphs)})
        return 0
    print(notice.text())
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    text = args.text if args.text is not None else None
    if args.file is not None:
        text = read_text_file(args.file)
    with open_session(args) as session:
        written = comments.redact_comment(
            session, author_of(args, session.repository.load()), args.comment, text
        )
    if args.json:
        print_json(written_json(written, event=written.value.id, text=written.value.get("text")))
        return 0
    tell(written)
    print(_("Redacted: the comment now reads “{text}”.").format(text=written.value.get("text")))
    return 0


def _months(text: str) -> int:
    if not text.isdigit():
        raise ValidationError(
            _("“{value}” is not a number of months.").format(value=text),
            _("Give a whole number of months, such as 12, or “off”."),
        )
    return int(text)


def _said(args: argparse.Namespace, written: Any, **value: Any) -> int:
    if args.json:
        print_json(written_json(written, **value))
        return 0
    tell(written)
    print(written.summary or _("Nothing changed."))
    return 0


def _mention_json(mention: Mention) -> dict[str, Any]:
    text = mention.text
    return {
        "kind": text.kind,
        "reference": text.reference,
        "author": text.author,
        "participants": list(mention.participants),
        "redactable": text.redactable,
        "text": text.text,
    }


def _report_json(report: PrivacyReport) -> dict[str, Any]:
    old = report.old_history
    return {
        "title": report.title,
        "folder": report.folder,
        "participants": [
            {
                "id": person.participant.id,
                "name": person.participant.name,
                "role": person.participant.role.value,
                "organisation": person.participant.organisation,
                "registered": person.participant.registered,
                "last_seen": person.last_seen.isoformat() if person.last_seen else None,
                "erase_on": person.erase_on.isoformat() if person.erase_on else None,
            }
            for person in report.people
        ],
        "erased": [
            {
                "id": gone.id,
                "shown_as": removed_label(gone),
                "role": gone.role.value,
                "erased": gone.erased,
                "erased_by": gone.erased_by,
            }
            for gone in report.erased
        ],
        "mentions": [_mention_json(mention) for mention in report.mentions],
        "laptops": list(report.laptops),
        "server": report.server,
        "retention_months": report.retention_months,
        "contact": report.contact,
        "old_history": None
        if old is None
        else {
            "first": old.first.isoformat(),
            "last": old.last.isoformat(),
            "participants": list(old.participants),
            "erased": list(old.erased),
            "versions": list(old.versions),
            "can_rewrite": report.can_rewrite,
        },
    }
