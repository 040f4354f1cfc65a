"""Diff timings on French-like synthetic texts, next to ``git diff --no-index --word-diff``."""

from __future__ import annotations

import pathlib
import random
import tempfile
from collections.abc import Callable

from bench.harness import Row, command_ms, format_table, median_ms
from charter_app.diffing import diff_words, reconstruct_new, reconstruct_old

_VOCABULARY = (
    "le la les un une des du de au aux et ou mais donc que qui dont où pour par sur dans avec "
    "sans entre commune conseil municipal habitants citoyens charte principe participation "
    "délibération séance assemblée commission maire adjoint projet budget avis consultation "
    "amendement vote décision rapport public publique transparence association quartier "
    "proposition article alinéa présent règlement président membres groupe délai mois année "
    "peut doit sont est être avoir fait rend compte réunit adopte examine présente informe "
    "l’ensemble d’un d’une l’avis l’article qu’il lorsqu’un également notamment conformément"
)
_WORDS = _VOCABULARY.split()


def french_text(size: int, seed: int) -> str:
    """Deterministic French-looking text of about ``size`` characters, one paragraph per line."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(1, 5)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 30))]
            sentence = " ".join(words)
            sentences.append(
                sentence[0].upper() + sentence[1:] + rng.choice([".", ".", " ;", " :"])
            )
        paragraph = " ".join(sentences)
        if rng.random() < 0.1:
            paragraph = f"## Article {len(paragraphs) + 1}"
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def scatter_changes(text: str, share: float, seed: int, paragraphs_touched: float = 1.0) -> str:
    """Replace, delete or insert about ``share`` of the words of a ``paragraphs_touched`` share
    of the paragraphs (1.0: every paragraph gets at least one change)."""
    rng = random.Random(seed)
    paragraphs = text.split("\n")
    result = []
    for paragraph in paragraphs:
        words = paragraph.split(" ")
        if not paragraph or rng.random() >= paragraphs_touched:
            result.append(paragraph)
            continue
        if len(words) > 1:
            words[rng.randrange(len(words))] = rng.choice(_WORDS)
        edited: list[str] = []
        for word in words:
            roll = rng.random()
            if roll < share / 3:
                edited.append(rng.choice(_WORDS))
            elif roll < 2 * share / 3:
                continue
            elif roll < share:
                edited.extend([word, rng.choice(_WORDS)])
            else:
                edited.append(word)
        result.append(" ".join(edited))
    return "\n".join(result)


_CASES = [
    # (operation, size, share of changed words, share of paragraphs touched, target ms)
    # "~5% scattered changes" is read two ways: 5% of the words (then nearly every paragraph
    # holds a change, the hard case) and 5% of the paragraphs (a typical amendment round).
    ("word diff 50 KB, 5% of words changed", 50_000, 0.05, 1.0, 30.0),
    ("word diff 50 KB, 5% of paragraphs changed", 50_000, 0.05, 0.05, 30.0),
    ("word diff 1 MB, 5% of words changed", 1_000_000, 0.05, 1.0, 1000.0),
    ("word diff 1 MB, 5% of paragraphs changed", 1_000_000, 0.05, 0.05, 1000.0),
    ("word diff 5 MB, every paragraph changed", 5_000_000, 0.05, 1.0, 3000.0),
]


def rows(workdir: pathlib.Path) -> list[Row]:
    """Time each case with our diff and with git's word diff on the same pair of files."""
    measured: list[Row] = []
    for number, (operation, size, share, touched, target) in enumerate(_CASES):
        old = french_text(size, seed=number)
        new = scatter_changes(old, share, seed=100 + number, paragraphs_touched=touched)
        old_path, new_path = workdir / f"old_{number}.md", workdir / f"new_{number}.md"
        old_path.write_text(old, encoding="utf-8")
        new_path.write_text(new, encoding="utf-8")
        result = diff_words(old, new)
        assert (reconstruct_old(result.ops), reconstruct_new(result.ops)) == (old, new)
        # Small cases take a few milliseconds, where another process on the machine moves a
        # median of 5 by a third: they get more runs.
        repeat = 21 if size <= 100_000 else 5 if size <= 1_000_000 else 3
        ours = median_ms(_diff_action(old, new), repeat=repeat)
        git = command_ms(_git_word_diff(old_path, new_path), repeat=repeat)
        changed = sum(op.kind != "equal" for op in result.ops)
        note = f"{changed} changed runs" + (", DEGRADED" if result.degraded else ", full quality")
        measured.append(Row(operation, ours, target, "git diff --word-diff", git, note))
    return measured


def _diff_action(old: str, new: str) -> Callable[[], object]:
    return lambda: diff_words(old, new)


def _git_word_diff(old: pathlib.Path, new: pathlib.Path) -> list[str]:
    # git diff exits 1 when the files differ; wrap it so command_ms's check=True holds.
    script = 'git diff --no-index --word-diff "$0" "$1" >/dev/null; [ $? -le 1 ]'
    return ["sh", "-c", script, str(old), str(new)]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(format_table(rows(pathlib.Path(folder))))


if __name__ == "__main__":
    main()
