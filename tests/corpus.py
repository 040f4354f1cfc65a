"""The shared corpus of real texts nobody here wrote: ``../shared/corpus`` beside the checkout,
or the folder ``CHARTER_CORPUS`` names.

Tests that need it call :func:`require`: when the corpus is simply not beside the checkout they
are skipped with a reason the end of the run lists (``-rs``); when ``CHARTER_CORPUS`` names a
folder that is missing they *fail*, so a CI run that meant to read the corpus cannot pass
without it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

VARIABLE = "CHARTER_CORPUS"


def corpus_dir() -> Path:
    given = os.environ.get(VARIABLE)
    return Path(given) if given else Path(__file__).resolve().parents[2] / "shared" / "corpus"


def require(*parts: str) -> Path:
    """The corpus path ``parts`` (the corpus itself with none); skip or fail when absent."""
    path = corpus_dir().joinpath(*parts)
    if path.exists():
        return path
    if os.environ.get(VARIABLE):
        pytest.fail(f"{VARIABLE} names {corpus_dir()}, but {path} does not exist")
    pytest.skip(
        f"the shared corpus is not beside the checkout ({path} is absent); "
        f"set {VARIABLE} to its folder to run this test"
    )
