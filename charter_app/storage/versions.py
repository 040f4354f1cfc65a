"""Adopted versions as stored: annotated tags (optionally signed) and what each one includes.

Creating versions and recording decisions are the council's use cases
(:mod:`charter_app.application.council`); this module reads what they wrote. Signing is in
:mod:`charter_app.storage.signing` and :mod:`charter_app.storage.version_tags`.
"""

from __future__ import annotations

from charter_app.core.amendment_state import AmendmentStatus, Ledger, fold
from charter_app.core.versions import Version, parse_version_message
from charter_app.storage import events as events_store
from charter_app.storage import files
from charter_app.storage.amendments import AMENDMENTS_DIR, parse_amendment
from charter_app.storage.git import GitRepository
from charter_app.storage.repository import CharterRepository
from charter_app.storage.signing import (
    SIGN_TIMEOUT_S,
    VERIFY_TIMEOUT_S,
    SigningSetup,
    sign_payload,
    user_global_config,
    user_signing_setup,
    verify_tag_object,
)
from charter_app.storage.version_tags import tag_objects

__all__ = [
    "CHARTER_PATHS",
    "SIGN_TIMEOUT_S",
    "VERIFY_TIMEOUT_S",
    "SigningSetup",
    "adopted_since_last_version",
    "adopted_versions",
    "sign_payload",
    "tag_objects",
    "user_global_config",
    "user_signing_setup",
    "verify_tag_object",
]

CHARTER_PATHS = (files.CHARTER_FILE, files.PARTICIPANTS_FILE, files.PRINCIPLES_DIR)
"""What must match HEAD before the council writes: the text it decides on is the saved one."""


def adopted_versions(repository: CharterRepository) -> list[Version]:
    """Every adopted version (annotated tag), oldest first, with its signature checked."""
    raw = tag_objects(repository.git)
    config = user_global_config(repository.git)
    found = []
    for tag in repository.tags():
        if tag.name not in raw:
            continue  # a lightweight tag is not an adopted version
        fields = parse_version_message(tag.message)
        tagged = tag.tagged_at.date().isoformat() if tag.tagged_at else ""
        found.append(
            Version(
                tag.name,
                tag.target,
                fields.date or tagged,
                fields.ref,
                fields.amendments,
                tag.tagger,
                tag.tagged_at,
                verify_tag_object(raw[tag.name], config),
            )
        )
    return found


def adopted_since_last_version(repository: CharterRepository, head: str) -> list[str]:
    """Numbers of amendments adopted at ``head`` whose decision no earlier version holds."""
    git = repository.git
    ledger = _ledger_at(git, head)
    earlier: set[str] = set()
    for tag in repository.tags():
        earlier.update(
            path.rsplit("/", 1)[-1] for path in git.list_tree(tag.target, events_store.EVENTS_DIR)
        )
    return [
        record.label
        for record in ledger.records
        if record.status is AmendmentStatus.ADOPTED
        and record.outcome_event is not None
        and f"{record.outcome_event}.yaml" not in earlier
    ]


def _ledger_at(git: GitRepository, commit: str) -> Ledger:
    """The amendments' statuses as committed at ``commit`` (not the working tree)."""
    amendments = [
        parse_amendment(data, path)
        for path, data in git.read_tree(commit, AMENDMENTS_DIR).items()
        if path.endswith(".yaml")
    ]
    contents = git.read_tree(commit, events_store.EVENTS_DIR)
    return fold(amendments, events_store.events_from_contents(contents, git.path))
