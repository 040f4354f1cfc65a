"""The public site of the generated 1,000-principle charter, next to pandoc making one HTML page.

The charter is ``python -m bench.generate``'s (1,000 principles, 10,000 commits), with two
adopted versions: v1.0 half-way through its history and v2.0 at the end, so about half the
principles changed between them and their pages carry a word diff. Target: the site (2,000
principle pages, the versions' pages, participation, provenance, search index) in 5 s. The peer
is pandoc turning our Markdown export of v2.0 into one standalone HTML page. A second row adds
every download (each version in five formats and the comparison tables): no target, it is the
exports' own rows added up. Run ``python -m bench.bench_publish [WORKDIR]``.
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
from charter_app.export.site import SiteOptions, build_files, publish_site
from charter_app.storage.repository import CharterRepository

PRINCIPLES = 1000
COMMITS = 10_000
TARGET_MS = 5000.0
_GIT_IDENTITY = {
    "GIT_COMMITTER_NAME": "p-000000",
    "GIT_COMMITTER_EMAIL": "p-000000@participants.charter.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def _tag(charter: Path, name: str, rev: str, day: str) -> None:
    message = (
        f"Adopted version {name}\n\nCharter-Version: {name}\nCharter-Date: {day}\n"
        f"Charter-Deliberation: Délibération {day}\nCharter-Amendments: -\n"
    )
    subprocess.run(
        ["git", "-C", str(charter), "tag", "-a", name, rev, "-m", message],
        check=True, env={**os.environ, **_GIT_IDENTITY},
    )  # fmt: skip


def benchmark_charter(workdir: Path) -> Path:
    charter = workdir / "charter"
    if not charter.exists():
        generate(charter, principles=PRINCIPLES, commits=COMMITS)
        _tag(charter, "v1.0", f"HEAD~{COMMITS // 2}", "2026-01-15")
        _tag(charter, "v2.0", "HEAD", "2026-06-15")
    return charter


def rows(workdir: Path) -> list[Row]:
    charter = benchmark_charter(workdir)
    out = workdir / "out"
    out.mkdir(exist_ok=True)
    found: list[Row] = []
    with CharterRepository.open(charter) as repository:
        pages = SiteOptions(downloads=False)
        files, summary = build_files(repository, pages)
        size = sum(len(data) for data in files.values()) // (1024 * 1024)
        ours = median_ms(lambda: publish_site(repository, out / "site", pages), repeat=3)
        source = export_charter(repository, "md", out / "v2.0.md", ExportOptions("v2.0"))
        peer_ms = None
        peer = ""
        if shutil.which("pandoc"):
            argv = ["pandoc", "-s", "-f", "commonmark", str(source), "-o",
                    str(out / "pandoc.html"), "--metadata", "title=bench"]  # fmt: skip
            peer_ms = command_ms(argv, repeat=3)
            peer = "pandoc md -> one HTML page"
        found.append(
            Row(
                f"publish site, {PRINCIPLES} principles x 2 versions",
                ours,
                TARGET_MS,
                peer,
                peer_ms,
                f"{summary.pages} pages, {len(files)} files, {size} MB",
            )
        )
        everything = SiteOptions()
        found.append(
            Row(
                "  the same with every download (5 formats x 2 + comparison)",
                median_ms(lambda: publish_site(repository, out / "full", everything), 1, 0),
                None,
                "",
                None,
                "the exports' own rows, added up",
            )
        )
    return found


def main() -> int:
    workdir = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as temporary:
        print(format_table(rows(workdir or Path(temporary))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
