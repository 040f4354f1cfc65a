"""Where the workshop companion keeps its state between restarts: one JSON file per charter,
outside every repository (the app's recovery folder), readable by its owner only.

The file holds the session's secrets (the QR link's token, the short code, the key that signs
the phones' cookies), the phones and the receipts of what they sent (and what waits for the
facilitator). A laptop that restarts or wakes from sleep reads it back, so every phone keeps
working. Closing the companion moves the file to ``closed/`` (never deleted: a contribution
still waiting is kept there).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from charter_app import paths
from charter_app.storage.atomic import write_atomic

FORMAT = 1
MAX_BYTES = 64 * 1024 * 1024
"""Far above a day of workshops (every text a room sends, held or not)."""


def folder() -> Path:
    return paths.recovery_dir() / "companion"


def state_path(charter: Path) -> Path:
    """The state file of the charter folder ``charter`` (named by a digest of its path)."""
    digest = hashlib.sha256(str(charter.resolve()).encode("utf-8")).hexdigest()[:20]
    return folder() / f"{digest}.json"


def load(path: Path) -> dict[str, Any] | None:
    """The saved state, or None when there is none (or it cannot be read: a new session then
    starts, and the unreadable file is kept aside)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError("too large")
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a companion state")
        return data
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.replace(path, path.with_suffix(".unreadable"))
        return None


def save(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, json.dumps({**data, "format": FORMAT}, ensure_ascii=False).encode("utf-8"))
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


def close(path: Path, stamp: str) -> Path | None:
    """Move the state to ``closed/`` (kept, never deleted); where it went, or None."""
    if not path.exists():
        return None
    target = path.parent / "closed" / f"{stamp}-{path.name}"
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.replace(path, target)
    return target
