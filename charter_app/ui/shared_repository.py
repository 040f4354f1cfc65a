"""One charter repository shared by a panel's background workers, with its history indexed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class SharedRepository:
    """One :class:`CharterRepository` for a panel's workers, used by one thread at a time;
    its history is indexed once per opening so later questions are answered from memory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._repository: Any = None
        self._closed = False

    def run(self, function: Callable[[Any], T]) -> T:
        from charter_app.storage.repository import CharterRepository

        with self._lock:
            if self._closed:
                raise RuntimeError("closed")
            if self._repository is None:
                self._repository = CharterRepository.open(self.path)
                self._repository.index_history()
            return function(self._repository)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._repository is not None:
                self._repository.close()
                self._repository = None
