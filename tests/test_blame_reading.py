"""Blame reads a principle's whole history in one pass (``git log --raw`` naming each version's
file while ``cat-file`` reads it); the plain way (``git log -- path``, then each version by
``<commit>:<path>``) must give the very same commits, texts and blame, through merges,
deletions, restores, reverts and a file renamed away and back."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from charter_app.core.blame import blame_principle
from charter_app.core.revision import Revision
from charter_app.diffing.attribution import carry, carry_line, draft_version, next_version
from charter_app.diffing.tokens import tokenize
from charter_app.storage import files
from charter_app.storage.blame_cache import BlameCache
from charter_app.storage.gitcmd import ours_running
from charter_app.storage.gitversions import path_history, read_versions
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import HistoryTexts, _body
from charter_app.storage.textnorm import unwrap
from tests.test_sync_support import FIRST, git, laptops

SENTENCE = (
    "la commune garantit un accès libre aux données publiques et à la médiation numérique "
    "pour tous les habitants du territoire sans condition de ressources ni de domicile"
)
WORDS = SENTENCE.split()
PATH = files.principle_path(FIRST)


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(tmp_path / "home"))


class PlainReads:
    """The history read the plain way, one question at a time."""

    def __init__(self, repository: CharterRepository) -> None:
        self.repository = repository

    def revisions(self, principle_id: str) -> list[Revision]:
        return self.repository.git.path_graph(files.principle_path(principle_id))

    def bodies(self, commits: Sequence[str], principle_id: str) -> list[str | None]:
        path = files.principle_path(principle_id)
        found = self.repository.git.read_blobs([f"{commit}:{path}" for commit in commits])
        return [None if data is None else _body(data, path) for data in found]


def _edit(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    k = rng.randrange(len(paragraphs))
    words = paragraphs[k].split(" ")
    at = rng.randrange(len(words) + 1)
    action = rng.random()
    if action < 0.35:
        words[min(at, len(words) - 1)] = rng.choice(WORDS)
    elif action < 0.6:
        words[at:at] = rng.sample(WORDS, rng.randint(1, 5))
    elif action < 0.7 and len(words) > 3:
        del words[at : at + 2]
    elif action < 0.78 and 0 < at < len(words):  # a paragraph split in two
        paragraphs[k : k + 1] = [" ".join(words[:at]), " ".join(words[at:])]
        return "\n\n".join(paragraphs)
    elif action < 0.85 and k + 1 < len(paragraphs):  # two paragraphs joined
        paragraphs[k : k + 2] = [paragraphs[k] + " " + paragraphs[k + 1]]
        return "\n\n".join(paragraphs)
    elif action < 0.92:
        paragraphs.insert(k, " ".join(rng.choices(WORDS, k=rng.randint(3, 15))))
        return "\n\n".join(paragraphs)
    else:
        paragraphs[k] = " ".join(rng.choices(WORDS, k=rng.randint(5, 30)))  # rewritten
        return "\n\n".join(paragraphs)
    paragraphs[k] = " ".join(words)
    return "\n\n".join(paragraphs)


def _principle_file(body: str) -> bytes:
    return f"---\nid: {FIRST}\nnumber: '1'\ntitle: T\nstatus: draft\n---\n{body}\n".encode()


def tangled_history(folder: Path, seed: int, steps: int) -> None:
    """Commits on ``main`` and short branches merged back (some in either parent order, some
    resolved by hand), with deletions, restores, reverts to an older text, a rename away and
    back, and commits that touch another file only; author dates are random."""
    rng = random.Random(seed)
    stream: list[bytes] = []
    marks = 0
    texts: list[str] = []

    def commit(branch: str, parents: list[str], changes: list[bytes], message: str) -> str:
        nonlocal marks
        marks += 1
        who = f"p-{rng.randrange(8):06x}"
        stamp = 1_700_000_000 + rng.randrange(10**8)
        data = f"{message}\n\nCharter-Amendment: A-{rng.randrange(20)}\n".encode()
        record = [
            f"commit refs/heads/{branch}\nmark :{marks}\n".encode(),
            f"author {who} <{who}@participants.charter.invalid> {stamp} +0100\n".encode(),
            f"committer {who} <{who}@participants.charter.invalid> {stamp} +0100\n".encode(),
            b"data %d\n%s\n" % (len(data), data),
            f"from {parents[0]}\n".encode(),
            *(f"merge {parent}\n".encode() for parent in parents[1:]),
            *changes,
        ]
        stream.append(b"".join(record))
        return f":{marks}"

    def put(body: str | None) -> list[bytes]:
        if body is None:
            return [f"D {PATH}\n".encode()]
        data = _principle_file(body)
        return [f"M 100644 inline {PATH}\ndata {len(data)}\n".encode(), data, b"\n"]

    start = git(folder, "rev-parse", "HEAD").strip()
    body: str | None = "\n\n".join(" ".join(rng.choices(WORDS, k=20)) for _ in range(3))
    heads = {"main": commit("main", [start], put(body), "start")}
    bodies = {"main": body}
    for step in range(steps):
        branch = rng.choice(list(heads))
        roll = rng.random()
        if roll < 0.07 and len(heads) < 4:
            heads[f"b{step}"], bodies[f"b{step}"] = heads["main"], bodies["main"]
            continue
        if roll < 0.17 and branch != "main":  # merged back
            ours, theirs = bodies["main"], bodies.pop(branch)
            if ours is None or theirs is None:
                merged = ours or theirs
            elif rng.random() < 0.5 and ours.count("\n") == theirs.count("\n"):
                pairs = zip(ours.split("\n\n"), theirs.split("\n\n"), strict=True)
                merged = "\n\n".join(rng.choice(pair) for pair in pairs)
            else:
                merged = rng.choice([ours, theirs])
            if merged is not None and rng.random() < 0.3:
                merged = _edit(merged, rng)  # a conflict resolved by hand
            parents = [heads["main"], heads.pop(branch)]
            if rng.random() < 0.25:
                parents.reverse()
            changes = put(merged) if merged != ours else [b"M 100644 inline other.txt\ndata 1\nm\n"]
            heads["main"], bodies["main"] = commit("main", parents, changes, "merge"), merged
            continue
        current = bodies[branch]
        changes: list[bytes]
        if current is not None and roll > 0.97:
            new: str | None = None
            changes = put(None)
        elif current is not None and roll > 0.95:  # renamed away and back
            heads[branch] = commit(
                branch, [heads[branch]], [f"R {PATH} moved.md\n".encode()], "away"
            )
            new, changes = current, [f"R moved.md {PATH}\n".encode()]
        elif current is None or roll > 0.92:
            new = rng.choice(texts) if texts else "Restauré."  # a restore, or a revert
            changes = put(new)
        elif roll > 0.88:
            new, changes = current, [f"M 100644 inline other.txt\ndata 2\n{step % 10}\n".encode()]
        else:
            new = _edit(current, rng)
            changes = put(new)
        if new is not None:
            texts.append(new)
        heads[branch], bodies[branch] = (
            commit(branch, [heads[branch]], changes, f"edit {step}"),
            new,
        )
    git(folder, "fast-import", "--quiet", input=b"".join(stream))
    git(folder, "reset", "-q", "--hard", "main")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_pass_reads_what_the_plain_way_reads(tmp_path: Path, seed: int) -> None:
    (folder,) = laptops(tmp_path, "a")
    tangled_history(folder, seed, 200)
    with CharterRepository.open(folder) as repository:
        plain = PlainReads(repository)
        expected = plain.revisions(FIRST)
        merges = [revision for revision in expected if len(revision.parents) > 1]
        assert len(expected) > 100 and merges
        for texts in (HistoryTexts(repository, cache=None), HistoryTexts(repository)):
            assert texts.revisions(FIRST) == expected
            commits = [revision.sha for revision in expected]
            bodies = list(texts.bodies(commits, FIRST))
            assert bodies == plain.bodies(commits, FIRST)
            assert None in bodies  # deleted, then restored
        reference = blame_principle(plain, FIRST)
        assert reference.revisions == len(expected)
        assert blame_principle(HistoryTexts(repository, cache=None), FIRST) == reference
        cache = BlameCache(tmp_path / "cache")
        assert blame_principle(HistoryTexts(repository, cache=cache), FIRST) == reference
        assert blame_principle(HistoryTexts(repository, cache=cache), FIRST) == reference


def test_versions_come_one_by_one_and_leaving_early_stops_git(tmp_path: Path) -> None:
    (folder,) = laptops(tmp_path, "a")
    with CharterRepository.open(folder) as repository:
        runner = repository.git.runner
        head = repository.git.head()
        assert head is not None
        revisions, blobs = path_history(runner, PATH, head)
        (blob,) = [blobs[revision.sha] for revision in revisions]
        assert blob is not None
        expected = repository.git.read_file(head, PATH)
        names = [blob, f"{head}:{PATH}", f"{head}:missing.md", f"{head}:principles"]
        assert list(read_versions(runner, names)) == [expected, expected, None, None]
        # More requests than a pipe holds, answers left unread: leaving must not hang.
        versions = read_versions(runner, [blob] * 20_000)
        assert next(versions) == expected
        versions.close()
        assert not ours_running(str(runner.git_dir))


def test_a_paragraph_carried_around_its_edit_matches_the_whole_paragraph() -> None:
    """Random edits anywhere in long paragraphs (punctuation, guillemets, ellipses): the
    tokens and owners carry_line finds around the edit are those of the whole paragraph."""
    rng = random.Random(7)
    pieces = [*WORDS, ",", ".", "...", "« cité »", "l'", "—", "  "]
    for _ in range(400):
        old = " ".join(rng.choices(pieces, k=rng.randint(1, 120)))
        words = old.split(" ")
        at = rng.randrange(len(words) + 1)
        words[at : at + rng.randint(0, 3)] = rng.choices(pieces, k=rng.randint(0, 3))
        new = " ".join(words)
        old_tokens = tuple(tokenize(old))
        owners = tuple(range(len(old_tokens)))
        tokens, carried = carry_line(old, old_tokens, owners, new)
        assert tokens == tuple(tokenize(new))
        assert list(carried) == carry(old_tokens, owners, tokens)


def test_lines_already_checked_are_not_checked_again_with_the_same_answers() -> None:
    path = files.principle_path(FIRST)
    bodies = [
        "Un paragraphe.\n\nUn autre.",
        "Un paragraphe.\n\nUn autre.\n\ne\u0301 décomposé",  # a known line, then one not NFC
        "Un paragraphe.\nUn autre.",  # known lines, now one paragraph
        "Un paragraphe. \n\nUn autre.",
        "Un paragraphe.\n\n\nUn autre.",
    ]
    known: set[str] = set()
    for body in bodies:
        data = f"---\nid: {FIRST}\n---\n{body}\n".encode()
        assert _body(data, path, known) == _body(data, path) == unwrap(body)


def test_the_single_parent_step_is_the_draft_finished() -> None:
    """next_version (blame's step for a version with one parent) gives what the general
    draft gives, on a long chain of random edits."""
    rng = random.Random(11)
    text = "\n\n".join(" ".join(rng.choices(WORDS, k=40)) for _ in range(4))
    draft = draft_version(None, text)
    version = draft.finish(0)
    for owner in range(1, 300):
        text = _edit(text, rng)
        expected_draft = draft_version(version, text)
        has_new = expected_draft.has_new()
        expected = (expected_draft.finish(owner), has_new)
        found = next_version(version, text, owner)
        if found is None:
            assert text.count("\n") != "\n".join(version.lines).count("\n")
        else:
            assert found == expected
        version = expected[0]
