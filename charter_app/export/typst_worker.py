"""Compiling a Typst source in a short-lived process of its own, so its memory goes back.

The Typst compiler memoizes everything it lays out, in caches that live as long as the process
and that its Python binding cannot empty: each PDF export of a 1,000-principle charter left
about 1 GB behind in the app (4 GB after four exports). Compiled in a worker process that ends
with the export, that memory returns to the system every time; the app's own memory stays where
it was. The worker imports this module only (and the Typst binding), so it starts in a fraction
of the compile's time. Where no process can be started (a sandbox), the compile runs here.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

_START_METHOD = "spawn"  # a fresh interpreter: safe beside the app's threads, nothing inherited


class CompileError(Exception):
    """Typst refused the source (its message), or the worker stopped before answering."""


def compile_pdf(source: bytes, standards: Sequence[str], stamp: int | None = None) -> bytes:
    """The PDF of the Typst ``source``, dated ``stamp`` (seconds since 1970; None: now),
    compiled in a worker process that then exits."""
    try:
        executor = ProcessPoolExecutor(1, multiprocessing.get_context(_START_METHOD))
    except (OSError, ValueError):
        return _compile_plain(source, standards, stamp)
    with executor:
        try:
            future = executor.submit(_compile_plain, source, tuple(standards), stamp)
        except RuntimeError:  # the pool could not start
            return _compile_plain(source, standards, stamp)
        try:
            return future.result()
        except BrokenProcessPool:
            raise CompileError(
                "the PDF compiler stopped before finishing (not enough memory?)"
            ) from None


def _compile_plain(source: bytes, standards: Sequence[str], stamp: int | None) -> bytes:
    """Runs in the worker: the compile itself, in an empty folder, with no system font."""
    typst: Any = __import__("typst")
    with tempfile.TemporaryDirectory(prefix="charter-pdf-") as empty:
        try:
            data = typst.compile(
                source,
                format="pdf",
                root=empty,
                pdf_standards=list(standards),
                pdf_tags=True,
                ignore_system_fonts=True,
                timestamp=stamp,
            )
        except Exception as error:  # typst.TypstError, or a panic surfaced by the binding
            # Only the message crosses back: the binding's exception types stay in this process.
            raise CompileError(str(error)) from None
    assert isinstance(data, bytes)
    return data
