"""Charter Studio: write, amend and adopt local digital charters together, offline, on git."""

from __future__ import annotations

__version__ = "0.1.0"
