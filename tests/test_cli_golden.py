"""Every ``charter`` subcommand, text and JSON, against golden outputs a non-programmer can read.

Each file of ``tests/fixtures/cli/`` is a scenario played on a fresh copy of the bundled example,
at a fixed time: a case is a title, a line holding ``.``, the command (without ``charter``), a
``.``, what it prints, and a ``.``. Lines the command printed on stderr start with ``! ``; a
status other than 0 ends the output with ``exit: N``. Random ids and commit ids are replaced by
numbered placeholders (``p-<1>``, ``e-<2>``, ``a-<1>``, ``<commit>``), which a later command may
use. Run with ``CHARTER_GOLDEN_UPDATE=1`` to write the outputs again, then read the diff.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from charter_app import i18n
from charter_app.cli import main
from charter_app.core import clock

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
PARIS = timezone(timedelta(hours=1))
UPDATE = bool(os.environ.get("CHARTER_GOLDEN_UPDATE"))

_IDS = re.compile(r"\b(?:e-[0-9a-f]{16}|a-[0-9a-f]{12}|p-[0-9a-f]{6})\b")
_COMMIT = re.compile(r"\b[0-9a-f]{40}\b")
_SHORT = re.compile(r"\b[0-9a-f]{8}\b")
_PLACEHOLDER = re.compile(r"\b([eap])-<(\d+)>")


@dataclass
class Case:
    title: str
    command: str
    expected: str


def read_cases(path: Path) -> list[Case]:
    blocks = path.read_text(encoding="utf-8").split("\n.\n")
    cases = []
    for index in range(0, len(blocks) - 2, 3):
        title, command, expected = blocks[index : index + 3]
        cases.append(Case(title.strip(), command.strip(), expected))
    return cases


def write_cases(path: Path, cases: list[Case]) -> None:
    text = "".join(f"{c.title}\n.\n{c.command}\n.\n{c.expected}\n.\n" for c in cases)
    path.write_text(text, encoding="utf-8")


class Scrubber:
    """Random ids to numbered placeholders (and back, in commands), and the temp folder out."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self.names: dict[str, str] = {}

    def scrub(self, text: str) -> str:
        text = text.replace(self.folder, "<tmp>")

        def name(match: re.Match[str]) -> str:
            found = match.group(0)
            if found not in self.names:
                kind = found[0]
                count = sum(1 for v in self.names.values() if v.startswith(kind))
                self.names[found] = f"{kind}-<{count + 1}>"
            return self.names[found]

        text = _IDS.sub(name, text)
        text = _COMMIT.sub("<commit>", text)
        return _SHORT.sub("<short>", text)

    def unscrub(self, command: str) -> str:
        real = {v: k for k, v in self.names.items()}
        command = command.replace("<tmp>", self.folder)
        return _PLACEHOLDER.sub(lambda m: real[m.group(0)], command)


def run(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as exit_:
                status = int(exit_.code or 0)
    finally:
        os.chdir(previous)
    return status, out.getvalue(), err.getvalue()


def play(path: Path, tmp_path: Path) -> list[tuple[Case, str]]:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "texts").mkdir()
    for text in (FIXTURES / "texts").glob("*"):
        shutil.copy(text, folder / "texts" / text.name)
    scrubber = Scrubber(folder)
    moment = clock.ManualClock(datetime(2026, 11, 14, 18, 30, tzinfo=PARIS))
    results = []
    with clock.using(moment):
        for case in read_cases(path):
            moment.advance(minutes=1)
            argv = shlex.split(scrubber.unscrub(case.command))
            status, out, err = run(argv, folder)
            out = scrubber.scrub(out)
            with contextlib.suppress(ValueError):
                # Keys in a fixed order: some listings are keyed by random ids.
                out = json.dumps(json.loads(out), ensure_ascii=False, indent=2, sort_keys=True)
                out += "\n"
            said = out + "".join(f"! {line}\n" for line in err.splitlines())
            if status:
                said += f"exit: {status}\n"
            results.append((case, scrubber.scrub(said).rstrip("\n")))
    return results


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    before = i18n.current_language()
    i18n.set_language("en")
    monkeypatch.delenv("CHARTER_AS", raising=False)
    yield
    i18n.set_language(before)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_golden_outputs(path: Path, tmp_path: Path) -> None:
    results = play(path, tmp_path)
    if UPDATE:
        write_cases(path, [Case(c.title, c.command, said) for c, said in results])
        return
    for case, said in results:
        assert said == case.expected.rstrip("\n"), f"{path.name}: {case.title}\n$ {case.command}"


def test_every_subcommand_has_a_golden_case() -> None:
    from charter_app.cli.parser import build_parser

    commands: set[str] = set()

    def walk(node: object, prefix: str) -> None:
        for action in getattr(node, "_actions", []):
            choices = getattr(action, "choices", None)
            if isinstance(choices, dict):
                for name, sub in choices.items():
                    full = f"{prefix} {name}".strip()
                    commands.add(full)
                    walk(sub, full)

    walk(build_parser("x"), "")
    played = set()
    for path in FIXTURES.glob("*.txt"):
        for case in read_cases(path):
            words = shlex.split(case.command)
            words = words[2:] if words[:1] == ["-C"] else words
            played.add(words[0])
            if len(words) > 1:
                played.add(f"{words[0]} {words[1]}")
    leaves = {c for c in commands if not any(o.startswith(c + " ") for o in commands)}
    assert leaves <= played, sorted(leaves - played)
