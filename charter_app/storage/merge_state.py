"""The merge waiting for its conflicts to be resolved, kept in the charter's git folder."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from charter_app.storage.atomic import write_atomic
from charter_app.storage.git import GitRepository

PENDING_REF = "refs/charter/pending-merge"
"""The received commit a merge with conflicts waits for (keeps its objects alive)."""
_STATE_FILE = "charter-pending-merge.json"


def state_path(git: GitRepository) -> Path:
    return git.runner.common_dir / _STATE_FILE


def load_state(git: GitRepository) -> dict[str, Any] | None:
    try:
        state = json.loads(state_path(git).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and isinstance(state.get("theirs"), str) else None


def save_state(git: GitRepository, state: Mapping[str, Any]) -> None:
    write_atomic(state_path(git), json.dumps(state, indent=1).encode("utf-8"))


def clear_state(git: GitRepository) -> None:
    state_path(git).unlink(missing_ok=True)
    git.set_ref(PENDING_REF, None)


def resolutions_of(state: Mapping[str, Any]) -> dict[str, bytes | None]:
    """The chosen content of each settled file (None: the file is deleted)."""
    return {
        path: None if data is None else base64.b64decode(data)
        for path, data in state.get("resolutions", {}).items()
    }


def record_resolution(state: dict[str, Any], path: str, content: bytes | None) -> None:
    """Remember ``content`` (None: delete the file) as the settlement of ``path``."""
    encoded = None if content is None else base64.b64encode(content).decode("ascii")
    state.setdefault("resolutions", {})[path] = encoded
