"""What the PDF compile worker's memory is made of, for the generated 1,000-principle charter.

The worker's peak (target 600 MB, issue 21) is measured for our own Typst source and for
variants of it, each compiled alone in a fresh process as the export's worker does (empty
folder, the compiler's own fonts): without PDF/UA-1 and tags, without the page numbers of the
footer ("3 / 502"), without the contents (its page numbers), without both, and with half and a
quarter of the principles. Typst lays the document out again for every pass that page numbers
need and keeps every pass in its memo cache until the compile ends (the binding offers no way to
evict it), so each feature that reads page numbers adds a whole layout to the peak.

Run ``python -m bench.bench_pdf_memory [WORKDIR]`` (about a minute).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.charters import generated
from bench.harness import Row, format_table
from charter_app.export import ExportOptions
from charter_app.export.build import charter_document
from charter_app.export.pdf_writer import PDF_STANDARD, typst_source
from charter_app.i18n import wording
from charter_app.storage.repository import CharterRepository

PRINCIPLES = 1000
TARGET_MB = 600.0

_WORKER = r"""
import resource, sys, tempfile, typst
source = open(sys.argv[1], "rb").read()
standards = [s for s in sys.argv[2].split(",") if s]
with tempfile.TemporaryDirectory() as empty:
    typst.compile(source, format="pdf", root=empty, pdf_standards=standards,
                  pdf_tags=sys.argv[3] == "1", ignore_system_fonts=True, timestamp=0)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
_FOOTER = re.compile(r"#let _footer = .*\n")
_CONTENTS = re.compile(r"#outline\(.*\n")
_PRINCIPLE = re.compile(r"^#heading\(level: 2, \"\d+\. ", re.MULTILINE)


def _replaced(pattern: re.Pattern[str], replacement: str, source: str) -> str:
    changed, count = pattern.subn(replacement, source)
    if count != 1:
        raise AssertionError(f"the PDF source changed shape: {pattern.pattern!r} ({count})")
    return changed


def _cut(source: str, fraction: int) -> str:
    """The source up to the principle that starts its last ``1 - 1/fraction``."""
    starts = [match.start() for match in _PRINCIPLE.finditer(source)]
    return source[: starts[len(starts) // fraction]]


def variants(source: str) -> dict[str, tuple[str, bool]]:
    """Name -> (source, tagged PDF/UA-1): ours, and ours without each memory-costing part."""
    static_footer = _replaced(_FOOTER, "#let _footer = none\n", source)
    return {
        "as exported (PDF/UA-1, tagged)": (source, True),
        "without PDF/UA-1 and tags": (source, False),
        "without the footer's page numbers": (static_footer, True),
        "without the contents": (_replaced(_CONTENTS, "", source), True),
        "without both (one layout pass)": (_replaced(_CONTENTS, "", static_footer), True),
        "half the principles": (_cut(source, 2), True),
        "a quarter of the principles": (_cut(source, 4), True),
    }


def peak_mb(source: str, tagged: bool, folder: Path) -> float:
    path = folder / "variant.typ"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, str(path), PDF_STANDARD if tagged else "",
         "1" if tagged else "0"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def rows(workdir: Path) -> list[Row]:
    charter = generated(workdir, PRINCIPLES)
    with CharterRepository.open(charter) as repository:
        document = charter_document(repository, ExportOptions())
    with wording(document.wording_language):
        source = typst_source(document)
    found = []
    with tempfile.TemporaryDirectory() as temporary:
        for name, (text, tagged) in variants(source).items():
            found.append(
                Row(
                    f"PDF worker peak RSS, {name}",
                    peak_mb(text, tagged, Path(temporary)),
                    TARGET_MB,
                    unit="MB",
                )
            )
    return found


def main() -> int:
    if len(sys.argv) > 1:
        workdir = Path(sys.argv[1])
        workdir.mkdir(parents=True, exist_ok=True)
        print(format_table(rows(workdir)))
        return 0
    with tempfile.TemporaryDirectory() as temporary:
        print(format_table(rows(Path(temporary) / "pdf_memory")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
