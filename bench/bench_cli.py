"""The ``charter`` command as a person or a script waits for it: whole processes, next to git.

Each row times complete processes (interpreter start, imports, the command's work, exit), our
command and its peer taken in turns, median of several rounds, on the generated charters of
100, 1,000 (10,000 commits) and 5,000 principles (50,000 commits). Targets (issue 21):

- ``--version`` and ``--help``: at most 2x ``python -c pass``;
- ``principle list --json`` on 1,000 principles: 0.25 s;
- ``history --json``: at most 3x ``git log`` printing the same fields;
- ``history --principle``: at most 2x ``git log -- path``;
- ``principle edit`` (one commit): at most 5x ``git commit`` of the same change;
- warm ``blame`` (saved): at most 2x ``git blame``;
- ``compare FIRST HEAD`` of the whole charter: 1.5 s;
- every row at 5,000 principles at most 5.5x its figure at 1,000 (the "growth" rows).

Run ``python -m bench.bench_cli [WORKDIR]`` (``--quick`` skips the 5,000-principle charter).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.charters import generated
from bench.harness import Row, format_table, interleaved_ms, process
from charter_app.storage.gitlog import LOG_FORMAT

REPEAT = 7
SIZES = (100, 1000, 5000)


def _charter_command() -> list[str]:
    """The installed ``charter`` script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("charter")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "charter_app.cli"]


def _environment(home: Path) -> dict[str, str]:
    return os.environ | {
        "CHARTER_STUDIO_HOME": str(home),
        "LANGUAGE": "en",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", *args],
        cwd=folder, capture_output=True, text=True, check=True, env=_environment(folder),
    ).stdout  # fmt: skip


def _row(
    operation: str,
    ours: Callable[[], object],
    peer_name: str,
    peer: Callable[[], object] | None,
    target_ms: float | None = None,
    ratio_target: float | None = None,
    repeat: int = REPEAT,
) -> Row:
    runs = {"ours": ours} | ({"peer": peer} if peer is not None else {})
    medians = interleaved_ms(runs, repeat)
    peer_ms = medians.get("peer")
    if ratio_target is not None and peer_ms is not None:
        target_ms = ratio_target * peer_ms
    note = f"target: {ratio_target:g} x peer" if ratio_target is not None else ""
    return Row(operation, medians["ours"], target_ms, peer_name if peer else "", peer_ms, note)


def _startup_rows(charter: list[str], env: dict[str, str], folder: Path) -> list[Row]:
    python = process([sys.executable, "-c", "pass"], env=env)
    return [
        _row("cli: charter --version", process([*charter, "--version"], env=env),
             "python -c pass", python, ratio_target=2),
        _row("cli: charter --help", process([*charter, "--help"], env=env),
             "python -c pass", python, ratio_target=2),
    ]  # fmt: skip


def _listing_rows(charter: list[str], env: dict[str, str], sizes: dict[int, Path]) -> list[Row]:
    rows: list[Row] = []
    for size, folder in sizes.items():
        commits = int(_git(folder, "rev-list", "--count", "HEAD"))
        rows.append(
            _row(
                f"cli: principle list --json ({size:,} principles)",
                process([*charter, "-C", str(folder), "principle", "list", "--json"], env=env),
                "git ls-files -s",
                process(["git", "ls-files", "-s"], cwd=folder, env=env),
                target_ms=250 if size == 1000 else None,
            )
        )
        rows.append(
            _row(
                f"cli: history --json ({commits:,} commits)",
                process([*charter, "-C", str(folder), "history", "--json"], env=env),
                "git log -z, same fields",
                process(["git", "log", "-z", LOG_FORMAT, "HEAD"], cwd=folder, env=env),
                ratio_target=3,
            )
        )
    return rows


def _one_charter_rows(
    charter: list[str], env: dict[str, str], folder: Path, area: Path, size: int
) -> list[Row]:
    label = f"({size:,})"
    rows: list[Row] = []
    principle = sorted(path.stem for path in (folder / "principles").glob("*.md"))[10]
    path = f"principles/{principle}.md"
    rows.append(
        _row(
            f"cli: history --principle ID --json {label}",
            process([*charter, "-C", str(folder), "history", "--principle", principle, "--json"],
                    env=env),
            "git log -- path",
            process(["git", "log", "--", path], cwd=folder, env=env),
            ratio_target=2,
        )
    )  # fmt: skip
    # Warm blame: the saved blame is made by a first run, outside the timing.
    blame = process([*charter, "-C", str(folder), "blame", principle], env=env)
    blame()
    rows.append(
        _row(
            f"cli: blame ID, warm (saved) {label}",
            blame,
            "git blame",
            process(["git", "blame", "--", path], cwd=folder, env=env),
            ratio_target=2,
        )
    )
    # One commit of one changed principle, in a clone (the shared charter stays as built).
    clone = area / f"edit-clone-{size}"
    shutil.rmtree(clone, ignore_errors=True)
    _git(area, "clone", "-q", str(folder), str(clone))
    author = _git(clone, "log", "-1", "--format=%an").strip()
    body_file = area / "body.md"
    counter = [0]

    def ours() -> None:
        counter[0] += 1
        body_file.write_text(f"Texte modifié {counter[0]}.\n", encoding="utf-8")
        subprocess.run(
            [*charter, "-C", str(clone), "principle", "edit", principle, "--body-file",
             str(body_file), "--as", author, "-m", "Modifie un principe"],
            env=env, stdout=subprocess.DEVNULL, check=True,
        )  # fmt: skip

    other = sorted(path.stem for path in (clone / "principles").glob("*.md"))[20]
    other_path = clone / "principles" / f"{other}.md"

    def peer() -> None:
        counter[0] += 1
        other_path.write_bytes(other_path.read_bytes() + f"Ajout {counter[0]}.\n".encode())
        subprocess.run(
            ["git", "-c", "user.name=p", "-c", "user.email=p@x", "commit", "-q", "--no-verify",
             "-m", "Modifie un principe", "--", f"principles/{other}.md"],
            cwd=clone, env=env, stdout=subprocess.DEVNULL, check=True,
        )  # fmt: skip

    rows.append(_row(f"cli: principle edit (one commit) {label}", ours,
                     "write + git commit -- path", peer, ratio_target=5))  # fmt: skip
    # The floor under any command, in the same run: the interpreter, then our entry point.
    rows.append(
        _row(
            f"  floor: python -c 'import charter_app.cli' {label}",
            process([sys.executable, "-c", "import charter_app.cli"], env=env),
            "python -c pass",
            process([sys.executable, "-c", "pass"], env=env),
        )
    )
    return rows


def _compare_rows(
    charter: list[str], env: dict[str, str], sizes: dict[int, Path], area: Path
) -> list[Row]:
    rows = []
    for size, folder in sizes.items():
        if size < 1000:
            continue
        first = _git(folder, "rev-list", "--max-parents=0", "HEAD").strip()
        output = area / f"compare-{size}.html"
        rows.append(
            _row(
                f"cli: compare FIRST HEAD --format html ({size:,})",
                process([*charter, "-C", str(folder), "compare", first, "HEAD", "--format",
                         "html", "-o", str(output)], env=env),
                "git diff --word-diff",
                process(["git", "diff", "--word-diff", first, "HEAD"], cwd=folder, env=env),
                target_ms=1500 if size == 1000 else None,
                repeat=3,
            )
        )  # fmt: skip
    return rows


def _growth(rows: list[Row]) -> list[Row]:
    """Each row measured at 5,000 and 1,000 principles, as one ratio (target 5.5)."""
    by_name = {row.operation: row for row in rows}
    found = []
    for row in rows:
        if "(1,000 principles)" in row.operation or "(1,000)" in row.operation:
            bigger = by_name.get(row.operation.replace("1,000", "5,000"))
        elif "(10,000 commits)" in row.operation:
            bigger = by_name.get(row.operation.replace("10,000", "50,000"))
        else:
            continue
        if bigger is None:
            continue
        found.append(
            Row(
                "  growth 5,000 / 1,000: " + row.operation.split(": ", 1)[1],
                bigger.median_ms / row.median_ms,
                5.5,
                note="linear growth is 5",
                unit="x",
            )
        )
    return found


def rows(workdir: Path, quick: bool = False) -> list[Row]:
    charter = _charter_command()
    home = workdir / "home"
    env = _environment(home)
    sizes = {size: generated(workdir, size) for size in SIZES if not (quick and size > 1000)}
    found = _startup_rows(charter, env, sizes[1000])
    found += _listing_rows(charter, env, sizes)
    for size, folder in sizes.items():
        if size >= 1000:
            found += _one_charter_rows(charter, env, folder, workdir, size)
    found += _compare_rows(charter, env, sizes, workdir)
    return found + _growth(found)


def main() -> int:
    arguments = [a for a in sys.argv[1:] if a != "--quick"]
    quick = "--quick" in sys.argv[1:]
    if arguments:
        workdir = Path(arguments[0])
        workdir.mkdir(parents=True, exist_ok=True)
        print(format_table(rows(workdir, quick)))
        return 0
    with tempfile.TemporaryDirectory() as temporary:
        print(format_table(rows(Path(temporary) / "cli", quick)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
