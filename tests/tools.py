"""Programs some tests read results back with (Chromium, LibreOffice, pandoc, poppler, Java, Node
packages, gpg...), found on this machine or not.

``bash .ci/run`` installs every one of them and sets ``CHARTER_REQUIRE_TOOLS``: there a missing
program *fails* the test that needs it. Elsewhere (the README's test command on a machine that
has not installed them) such a test is skipped, and the end of the run lists it with what to
install, the same way as the tests of the shared corpus.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

VARIABLE = "CHARTER_REQUIRE_TOOLS"


def require(program: str | Path, install: str) -> str:
    """The path of ``program`` (a name on the PATH, or a path); when it is missing, skip or fail
    saying ``install`` (how to get it, e.g. "apt-get install pandoc")."""
    found = (
        str(program)
        if isinstance(program, Path) and program.exists()
        else shutil.which(str(program))
    )
    if found:
        return found
    message = f"{program} is not installed here; `bash .ci/run` installs it ({install})"
    if os.environ.get(VARIABLE):
        pytest.fail(message)
    pytest.skip(message)
