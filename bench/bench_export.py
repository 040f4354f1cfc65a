"""Exports of a generated 1,000-principle charter, next to pandoc converting the same Markdown.

Targets: HTML 1 s, PDF 5 s, ODT and DOCX 3 s each. The peer is pandoc reading our Markdown
export (``apt-get install pandoc``; rows without a peer when it is missing); for the PDF it uses
WeasyPrint too (``--pdf-engine=weasyprint``), since pandoc has no PDF writer of its own. Run
``python -m bench.bench_export [WORKDIR]``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.generate import generate
from bench.harness import Row, command_ms, format_table, median_ms
from charter_app.export import ExportOptions, export_charter
from charter_app.storage.repository import CharterRepository

PRINCIPLES = 1000
TARGETS_MS = {"html": 1000.0, "md": 1000.0, "pdf": 5000.0, "odt": 3000.0, "docx": 3000.0}
PANDOC_TO = {"html": "html", "odt": "odt", "docx": "docx", "pdf": "pdf"}


def _pandoc_version() -> str | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    first = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout
    return first.splitlines()[0] if first else "pandoc"


def rows(workdir: Path) -> list[Row]:
    charter = workdir / "charter"
    if not charter.exists():
        generate(charter, principles=PRINCIPLES, commits=200)
    out = workdir / "out"
    out.mkdir(exist_ok=True)
    version = _pandoc_version()
    # pandoc finds the weasyprint command of this virtualenv for its PDF.
    environment = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    found: list[Row] = []
    with CharterRepository.open(charter) as repository:
        source = export_charter(repository, "md", out / "charter.md", ExportOptions())
        for format, target in TARGETS_MS.items():
            path = out / f"charter.{format}"
            repeat = 1 if format == "pdf" else 3
            ours = median_ms(lambda f=format, p=path: export_charter(repository, f, p),
                             repeat=repeat, warmup=0 if format == "pdf" else 1)  # fmt: skip
            peer_ms = None
            if version and format in PANDOC_TO:
                argv = ["pandoc", "-s", "-f", "commonmark", str(source), "-o",
                        str(out / f"pandoc.{format}"), "--metadata", "title=bench"]  # fmt: skip
                if format == "pdf":
                    argv.append("--pdf-engine=weasyprint")
                try:
                    peer_ms = _command_ms_env(argv, environment, repeat)
                except subprocess.CalledProcessError:
                    peer_ms = None
            found.append(
                Row(
                    f"export {format}, {PRINCIPLES} principles",
                    ours,
                    target,
                    f"{version} -> {format}" if peer_ms is not None else "",
                    peer_ms,
                    "" if format != "pdf" else "WeasyPrint, PDF/UA-1 tags + bookmarks",
                )
            )
    return found


def _command_ms_env(argv: list[str], environment: dict[str, str], repeat: int) -> float:
    if environment == os.environ:
        return command_ms(argv, repeat)
    return median_ms(
        lambda: subprocess.run(
            argv, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        ),
        repeat,
        warmup=0,
    )


def main() -> int:
    workdir = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as temporary:
        print(format_table(rows(workdir or Path(temporary))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
