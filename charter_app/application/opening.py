"""What opening a charter does about its names, once the writer is ours (see
:meth:`charter_app.application.session.Session.opening_work`): a charter made before the
registry moves its names out of the history, once, with a plain message; the folder's copy of
the registry is brought back to what the registry says; the retention rule is applied."""

from __future__ import annotations

from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.storage import files, registry
from charter_app.storage.repository import CharterRepository


def registry_work(repository: CharterRepository) -> list[str]:
    """The opening work on the names, in sentences for the person."""
    notices = []
    git = repository.git
    tracked, recorded = registry.opening_reads(git)
    moved = registry.move_out_of_history(git) if tracked is not None else None
    if moved is not None:
        notices.append(moved_notice())
    elif registry.refresh_copy(git, recorded):
        notices.append(
            _(
                "participants.yaml in the charter folder differed from the list of participants "
                "kept with the history (the record); it was written again from that list."
            )
        )
    try:
        if not retention_rule_set(repository):
            return notices  # the common case: one small file read, the rule's module not loaded
        from charter_app.application.retention import apply_retention, retention_notice

        erased = apply_retention(repository)
    except CharterError:
        erased = []  # a file that cannot be read: the rule waits; "charter check" says why
    if erased:
        notices.append(retention_notice(erased))
    return notices


def retention_rule_set(repository: CharterRepository) -> bool:
    """Whether ``charter.yaml`` sets a retention rule (months after adoption)."""
    meta_file = repository.path / files.CHARTER_FILE
    meta, _order = files.parse_charter_meta(meta_file.read_bytes(), meta_file)
    return bool(meta["retention_months"])


def moved_notice() -> str:
    return _(
        "The participants' names now live apart from the charter's history, so that anyone "
        "can be erased on request. The older saved versions still hold the names registered "
        "until today: the privacy report (Edit > Personal data, or “charter privacy report”) "
        "says where, and what can be done."
    )
