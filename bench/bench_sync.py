"""Sync and blame benchmarks, next to the plain git command line.

- Blame of a principle with 500 revisions (words carried through the commit graph) vs
  ``git blame --porcelain`` on the same file, same run. Target: at most 2x. Measured cold (no
  saved blame: the whole history is read and carried, and the saved blame written), warm
  (saved blame, HEAD unchanged) and after one more commit (one revision carried forward).
- Import of a USB bundle carrying 1,000 new commits, verification included (copy, checksum,
  ``bundle verify``, ``index-pack --strict``, connectivity, content rules, tip parse, merge) vs a
  plain ``git fetch`` of the same bundle. Target: 3 s.

Run ``python -m bench.bench_sync [WORKDIR]``; repositories are built in WORKDIR on first use.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.generate import VOCABULARY
from bench.harness import Row, format_table, median_ms
from charter_app.core.blame import blame_principle, graph_order
from charter_app.storage.blame_cache import BlameCache
from charter_app.storage.bundles import import_bundle
from charter_app.storage.gitlog import LOG_FORMAT
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import HistoryTexts
from charter_app.storage.templates import create_from_template, default_example

REVISIONS = 500
NEW_COMMITS = 1000
WORDS = VOCABULARY
_ENV = os.environ | {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", *args],
        cwd=folder, input=stdin, capture_output=True, env=_ENV, check=True,
    ).stdout  # fmt: skip


def _principle_file(principle_id: str, body: str) -> bytes:
    return (
        f"---\nid: {principle_id}\nnumber: '1'\ntitle: Souveraineté numérique\n"
        f"status: draft\n---\n{body}\n"
    ).encode()


def _edit(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    k = rng.randrange(len(paragraphs))
    words = paragraphs[k].split(" ")
    action = rng.random()
    position = rng.randrange(len(words))
    if action < 0.4:
        words[position] = rng.choice(WORDS)
    elif action < 0.8:
        words[position:position] = rng.sample(WORDS, rng.randint(1, 4))
    elif len(words) > 20:
        del words[position]
    paragraphs[k] = " ".join(words)
    return "\n\n".join(paragraphs)


def _commit(branch: str, author: str, stamp: int, message: str, files: dict[str, bytes]) -> bytes:
    data = message.encode()
    stream = [
        f"commit {branch}\n".encode(),
        f"author {author} <{author}@participants.charter.invalid> {stamp} +0100\n".encode(),
        f"committer {author} <{author}@participants.charter.invalid> {stamp} +0100\n".encode(),
        b"data %d\n" % len(data) + data + b"\n",
    ]
    for path, content in files.items():
        stream += [f"M 100644 inline {path}\ndata {len(content)}\n".encode(), content, b"\n"]
    return b"".join(stream)


def blame_charter(workdir: Path) -> tuple[Path, str]:
    """A charter whose first principle has 500 revisions, among 1,000 commits."""
    path = workdir / "charter-blame-500"
    repository = None
    if not (path / ".git").exists():
        repository = create_from_template(path, default_example())
    with repository or CharterRepository.open(path) as opened:
        principle = opened.load().principles[0]
        if repository is None:
            return path, principle.id
        rng = random.Random(11)
        body = "\n\n".join(" ".join(rng.choices(WORDS, k=70)) for _ in range(6))
        others = [p for p in opened.load().principles[1:]]
        stream = []
        stamp = 1_700_000_000
        for k in range(REVISIONS):
            previous = body
            while body == previous:
                body = _edit(body, rng)
            trailers = f"\n\nCharter-Amendment: A-{k % 40 + 1}\nCharter-Workshop: W-{k % 7 + 1}"
            files = {f"principles/{principle.id}.md": _principle_file(principle.id, body)}
            stream.append(_commit("refs/heads/main", f"p-{k % 50:06x}", stamp + 60 * k,
                                  f"Amendement {k}{trailers}\n", files))  # fmt: skip
            other = others[k % len(others)]
            text = _principle_file(other.id, other.body + f" Révision {k}.")
            stream.append(
                _commit("refs/heads/main", "p-00aaaa", stamp + 60 * k + 30, f"Autre {k}\n",
                        {f"principles/{other.id}.md": text})
            )  # fmt: skip
        first = opened.git.head()
        header = f"reset refs/heads/main\nfrom {first}\n\n".encode()
        _git(path, "fast-import", "--quiet", stdin=header + b"".join(stream))
        _git(path, "reset", "-q", "--hard", "main")
        _git(path, "commit-graph", "write", "--reachable", "--changed-paths")
        return path, principle.id


def import_fixture(workdir: Path) -> tuple[Path, Path]:
    """A receiver charter and a bundle of 1,000 new commits (principle edits and comments)."""
    base = workdir / "charter-import-base"
    bundle = workdir / "import-1000.bundle"
    if bundle.exists():
        return base, bundle
    create_from_template(base, default_example()).close()
    sender = workdir / "charter-import-sender"
    shutil.rmtree(sender, ignore_errors=True)
    _git(workdir, "clone", "-q", str(base), str(sender))
    rng = random.Random(5)
    with CharterRepository.open(base) as repository:
        principles = repository.load().principles
    stream = []
    bodies = {p.id: p.body for p in principles}
    for k in range(NEW_COMMITS):
        if k % 2:
            principle = principles[k % len(principles)]
            bodies[principle.id] = _edit(bodies[principle.id], rng)
            content = _principle_file(principle.id, bodies[principle.id])
            files = {f"principles/{principle.id}.md": content}
        else:
            event = f"e-{rng.getrandbits(64):016x}"
            text = (
                f"id: {event}\ntype: comment\nat: '2026-03-12T19:42:10+01:00'\nby: p-cbb40a\n"
                f"about: principle\ntarget: {principles[0].id}\ntext: Commentaire {k}\n"
            )
            files = {f"events/2026/{event}.yaml": text.encode()}
        stream.append(_commit("refs/heads/main", "p-cbb40a", 1_700_000_000 + k, f"c {k}\n", files))
    head = _git(sender, "rev-parse", "HEAD").decode().strip()
    _git(
        sender,
        "fast-import",
        "--quiet",
        stdin=f"reset refs/heads/main\nfrom {head}\n\n".encode() + b"".join(stream),
    )
    _git(sender, "bundle", "create", "-q", str(bundle), "main", f"^{head}")
    return base, bundle


def rows(workdir: Path) -> list[Row]:
    result: list[Row] = []
    path, principle_id = blame_charter(workdir)

    caches = Path(tempfile.mkdtemp(dir=workdir))
    principle_path = f"principles/{principle_id}.md"

    def ours_blame(cache: BlameCache | None, folder: Path = path) -> None:
        with CharterRepository.open(folder) as repository:
            blame = blame_principle(HistoryTexts(repository, cache=cache), principle_id)
            assert blame.revisions >= REVISIONS

    def cold_blame() -> None:  # nothing saved yet: the full history, then the entry written
        folder = Path(tempfile.mkdtemp(dir=caches))
        ours_blame(BlameCache(folder))
        shutil.rmtree(folder)

    def warm_blame() -> None:  # the entry saved by the first blame below
        ours_blame(warm_cache)

    def git_blame() -> None:
        _git(path, "blame", "--porcelain", "--", principle_path)

    def git_reads() -> None:  # what a cold blame must read, by git alone: the floor
        log = _git(path, "log", "-z", LOG_FORMAT, "--topo-order", "--parents", "--raw",
                   "--no-abbrev", "--no-renames", "--", principle_path)  # fmt: skip
        blobs = [f.split(b" ")[3] for f in log.split(b"\0") if f.startswith((b":", b"\n:"))]
        _git(path, "cat-file", "--batch", stdin=b"".join(b + b"\n" for b in reversed(blobs)))

    def ours_reads() -> None:  # the cold blame's own reading, nothing carried or saved
        with CharterRepository.open(path) as repository:
            texts = HistoryTexts(repository, cache=None)
            order = graph_order(texts.revisions(principle_id))
            for _body in texts.bodies([revision.sha for revision in order], principle_id):
                pass

    warm_cache = BlameCache(caches / "warm")
    ours_blame(warm_cache)
    # Taken in turns, so that the machine's other work weighs on each the same way.
    samples_by = {cold_blame: [], warm_blame: [], git_blame: [], git_reads: [], ours_reads: []}
    for action in samples_by:
        action()
    for _ in range(7):
        for action, taken in samples_by.items():
            taken.append(median_ms(action, repeat=1, warmup=0))
    cold, warm, peer, reads, own_reads = (statistics.median(taken) for taken in samples_by.values())
    result.append(
        Row(f"blame, principle with {REVISIONS} revisions, cold", cold, 2 * peer,
            "git blame --porcelain", peer, "no saved blame: full history")
    )  # fmt: skip
    result.append(
        Row(f"blame, principle with {REVISIONS} revisions, warm", warm, 2 * peer,
            "git blame --porcelain", peer, "saved blame, HEAD unchanged")
    )  # fmt: skip
    result.append(
        Row("  git alone: log --raw, then cat-file of its blobs", reads, None,
            "git blame --porcelain", peer, "what a cold blame reads: its floor")
    )  # fmt: skip
    result.append(
        Row("  ours, reading only: open, log, every version", own_reads, None,
            "git blame --porcelain", peer, "the cold blame without carrying or saving")
    )  # fmt: skip

    # After one more edit of the principle: the saved blame carries one revision forward.
    copy = Path(tempfile.mkdtemp(dir=workdir)) / "charter"
    shutil.copytree(path, copy, symlinks=True)
    tip = _git(copy, "rev-parse", "HEAD").decode().strip()
    saved_cache = BlameCache(caches / "saved")
    ours_blame(saved_cache, copy)
    samples = []
    for k in range(6):
        _git(copy, "reset", "-q", "--hard", tip)
        shutil.rmtree(caches / "next", ignore_errors=True)
        shutil.copytree(caches / "saved", caches / "next")
        text = (copy / principle_path).read_text()
        (copy / principle_path).write_text(text.replace("\n\n", f" Ajout {k}.\n\n", 1))
        _git(copy, "-c", "user.name=p-00bbbb", "-c", "user.email=p-00bbbb@participants.invalid",
             "commit", "-q", "-am", f"Ajout {k}")  # fmt: skip
        samples.append(median_ms(lambda: ours_blame(BlameCache(caches / "next"), copy), 1, 0))
    incremental = statistics.median(samples[1:])
    peer_copy = median_ms(lambda: _git(copy, "blame", "--porcelain", "--", principle_path), 5)
    result.append(
        Row(f"blame, principle with {REVISIONS} revisions, +1 commit", incremental,
            2 * peer_copy, "git blame --porcelain", peer_copy, "saved blame, one new revision")
    )  # fmt: skip
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.rmtree(caches, ignore_errors=True)

    base, bundle = import_fixture(workdir)
    scratch = Path(tempfile.mkdtemp(dir=workdir))
    copies = iter(range(1000))

    def fresh() -> Path:
        target = scratch / str(next(copies))
        shutil.copytree(base, target, symlinks=True)
        return target

    def timed_import() -> float:
        target = fresh()
        with CharterRepository.open(target) as repository:
            return median_ms(lambda: import_bundle(repository, bundle), repeat=1, warmup=0)

    def timed_fetch() -> float:
        target = fresh()
        return median_ms(
            lambda: _git(target, "fetch", "-q", str(bundle), "main:refs/x"), repeat=1, warmup=0
        )

    ours_import = statistics.median(timed_import() for _ in range(5))
    peer_fetch = statistics.median(timed_fetch() for _ in range(5))
    shutil.rmtree(scratch, ignore_errors=True)
    result.append(
        Row(f"import bundle of {NEW_COMMITS} commits (verified, merged)", ours_import, 3000.0,
            "git fetch <bundle>", peer_fetch, "fetch does no content checks, no merge")
    )  # fmt: skip
    return result


def main() -> None:
    workdir = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "charter-bench"
    )
    workdir.mkdir(parents=True, exist_ok=True)
    print(format_table(rows(workdir)))


if __name__ == "__main__":
    main()
