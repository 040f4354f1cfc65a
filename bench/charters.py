"""Synthetic charters shared by the benchmark modules, built once per work folder.

``python -m bench WORKDIR`` gives each module its own area inside WORKDIR; the charters of 100,
1,000 and 5,000 principles (ten commits per principle) are built beside those areas, in
``WORKDIR/generated``, and reused by every module and every later run with the same WORKDIR.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.generate import generate

COMMITS_PER_PRINCIPLE = 10
"""1,000 principles and 10,000 commits, as the issue's figures; 5,000 and 50,000 to check the
growth is linear."""


def generated(area: Path, principles: int, commits: int | None = None) -> Path:
    """The charter of ``principles`` principles (and ``commits`` commits), built if needed."""
    commits = commits or principles * COMMITS_PER_PRINCIPLE
    folder = area.parent / "generated" / f"charter-{principles}x{commits}"
    if not (folder / ".git").is_dir():
        building = folder.with_name(folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)  # an interrupted earlier build
        generate(building, principles, commits)
        building.rename(folder)
    return folder
