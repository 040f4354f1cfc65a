"""Exports of a generated 1,000-principle charter, next to pandoc converting the same Markdown.

Targets: HTML 1 s, PDF 5 s, ODT and DOCX 3 s each. The peer is pandoc reading our Markdown
export (``apt-get install pandoc``; rows without a peer when it is missing). pandoc has no PDF
writer of its own: for the PDF it uses Typst (``--pdf-engine=typst``, pandoc 3.1.2 and later, with
the ``typst`` command) when it can, else WeasyPrint (``--pdf-engine=weasyprint``) if that command
is installed, else no peer. A last row times the Typst compiler alone on our source, to show
what our own code adds. Run ``python -m bench.bench_export [WORKDIR]``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.generate import generate
from bench.harness import Row, command_ms, format_table, median_ms
from charter_app.export import ExportOptions, export_charter
from charter_app.export.build import charter_document
from charter_app.export.pdf_writer import pdf_bytes, typst_source
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


def _pdf_engine() -> str | None:
    """The PDF engine pandoc can use here: typst (pandoc >= 3.1.2), weasyprint, or None."""
    help_text = subprocess.run(["pandoc", "--help"], capture_output=True, text=True).stdout
    if shutil.which("typst") and "typst" in help_text:
        return "typst"
    if shutil.which("weasyprint", path=f"{Path(sys.executable).parent}:{os.environ['PATH']}"):
        return "weasyprint"
    return None


def rows(workdir: Path) -> list[Row]:
    charter = workdir / "charter"
    if not charter.exists():
        generate(charter, principles=PRINCIPLES, commits=200)
    out = workdir / "out"
    out.mkdir(exist_ok=True)
    version = _pandoc_version()
    engine = _pdf_engine() if version else None
    # pandoc finds the weasyprint command of this virtualenv for its PDF.
    environment = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    found: list[Row] = []
    with CharterRepository.open(charter) as repository:
        source = export_charter(repository, "md", out / "charter.md", ExportOptions())
        for format, target in TARGETS_MS.items():
            path = out / f"charter.{format}"
            ours = median_ms(lambda f=format, p=path: export_charter(repository, f, p), repeat=3)
            peer_ms = None
            if version and format in PANDOC_TO and (format != "pdf" or engine):
                argv = ["pandoc", "-s", "-f", "commonmark", str(source), "-o",
                        str(out / f"pandoc.{format}"), "--metadata", "title=bench"]  # fmt: skip
                if format == "pdf":
                    argv.append(f"--pdf-engine={engine}")
                try:
                    peer_ms = _command_ms_env(argv, environment, 1 if format == "pdf" else 3)
                except subprocess.CalledProcessError:
                    peer_ms = None
            found.append(
                Row(
                    f"export {format}, {PRINCIPLES} principles",
                    ours,
                    target,
                    f"{version} -> {format}" if peer_ms is not None else "",
                    peer_ms,
                    "" if format != "pdf" else f"ours: Typst, PDF/UA-1; pandoc's engine: {engine}",
                )
            )
        document = charter_document(repository, ExportOptions())
        source = typst_source(document)
        found.append(
            Row(
                f"  of which writing + compiling the Typst source ({len(source) // 1024} KB)",
                median_ms(lambda: pdf_bytes(document), repeat=3),
                None,
                "",
                None,
                "document already built",
            )
        )
    return found + memory_rows(charter, out)


EXPORTS_IN_A_ROW = 5


def memory_rows(charter: Path, out: Path) -> list[Row]:
    """Five PDF exports in one fresh process (as one desktop session): the process's memory
    after them next to where it started (target: within 250 MB), and the peak of one export
    (target 600 MB), in the process and in the compile worker it starts."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_export", "--memory", str(charter), str(out)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    after = figures["after"]
    steps = " → ".join(f"{mb:.0f}" for mb in [figures["start"], *after])
    return [
        Row(
            f"PDF export x{EXPORTS_IN_A_ROW} in one process: RSS growth",
            after[-1] - figures["start"],
            250,
            note=f"RSS {steps} MB",
            unit="MB",
        ),
        Row("PDF export: peak RSS of the exporting process", figures["peak"], 600, unit="MB"),
        Row(
            "PDF export: peak RSS of its compile worker",
            figures["worker_peak"],
            600,
            note="Typst's own layout caches, returned when the worker ends",
            unit="MB",
        ),
    ]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _measure_memory(charter: Path, out: Path) -> dict[str, object]:
    import resource

    start = _rss_mb()
    after = []
    with CharterRepository.open(charter) as repository:
        for _ in range(EXPORTS_IN_A_ROW):
            export_charter(repository, "pdf", out / "memory.pdf", ExportOptions())
            after.append(_rss_mb())
    return {
        "start": start,
        "after": after,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


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
    if len(sys.argv) == 4 and sys.argv[1] == "--memory":
        print(json.dumps(_measure_memory(Path(sys.argv[2]), Path(sys.argv[3]))))
        return 0
    workdir = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as temporary:
        print(format_table(rows(workdir or Path(temporary))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
