"""Run every benchmark: ``python -m bench [WORKDIR] [--only storage,diff,...]``.

Each module measures our operations and the peer doing the same job (git, pandoc) in the same
run, and the whole table is printed at the end. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import traceback
from pathlib import Path

from bench.harness import Row, format_table

MODULES = [
    "cli",
    "storage",
    "diff",
    "amendments",
    "comments",
    "sync",
    "ui",
    "reading",
    "writes",
    "export",
    "pdf_memory",
    "publish",
    "privacy",
    "companion",
]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("workdir", nargs="?", type=Path)
    parser.add_argument("--only", default=",".join(MODULES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        workdir = args.workdir or Path(temporary)
        rows: list[Row] = []
        for name in args.only.split(","):
            try:
                module = importlib.import_module(f"bench.bench_{name}")
            except ModuleNotFoundError:
                continue
            area = workdir / name
            area.mkdir(parents=True, exist_ok=True)
            print(f"-- {name}", file=sys.stderr, flush=True)
            try:
                rows.extend(module.rows(area))
            except Exception:  # one broken benchmark must not hide the others' figures
                traceback.print_exc()
        print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
