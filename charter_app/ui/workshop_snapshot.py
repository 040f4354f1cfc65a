"""What the workshop views read: the application layer's snapshot (the phone companion reads
the same one)."""

from __future__ import annotations

from charter_app.application.snapshot import Snapshot, read_snapshot

__all__ = ["Snapshot", "read_snapshot"]
