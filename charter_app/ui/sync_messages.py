"""What an exchange between laptops did, or why it was refused, in plain words (the sync
dialogs and the status bar say it)."""

from __future__ import annotations

from typing import Any

from charter_app.errors import CharterError
from charter_app.i18n import _, ngettext


def describe_result(result: Any) -> str:
    """What an import or a sync did, in plain words."""
    source, count = result.source, result.new_commits
    received = ngettext(
        "Received {count} new change from {source}.",
        "Received {count} new changes from {source}.",
        count,
    ).format(count=count, source=source)
    if result.outcome == "up-to-date":
        text = _("Already up to date: nothing new from {source}.").format(source=source)
    elif result.outcome == "fast-forward":
        text = received
    elif result.outcome == "merged":
        text = ngettext(
            "Merged {count} new change from {source} with this laptop’s work.",
            "Merged {count} new changes from {source} with this laptop’s work.",
            count,
        ).format(count=count, source=source)
    else:
        conflicts = len(result.conflicts)
        text = " ".join((
            received,  # each number decides its own sentence's plural
            ngettext(
                "{conflicts} text was changed differently on both sides: choose what to keep. "
                "Nothing changes until then.",
                "{conflicts} texts were changed differently on both sides: choose what to keep. "
                "Nothing changes until then.",
                conflicts,
            ).format(conflicts=conflicts),
        ))  # fmt: skip
    if result.pushed:
        text += " " + _("Sent this laptop’s changes to {source}.").format(source=source)
    for notice in getattr(result, "notices", ()):  # versions kept, a folder only read from...
        text += " " + notice
    return text


def describe_refusal(error: BaseException) -> str:
    if isinstance(error, CharterError):
        return " ".join(part for part in (error.message, error.hint) if part)
    return _("Something went wrong: {error}").format(error=error)
