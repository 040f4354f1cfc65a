"""The command line's parser: its choices follow the domain, it speaks the person's language,
and building it (``--version``, ``--help``) loads none of what the commands run."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from charter_app import i18n
from charter_app.cli import main, parser
from charter_app.core.amendment_state import AmendmentStatus
from charter_app.core.amendments import TextState
from charter_app.core.model import MAX_SECTION_LEVEL, InsertionStyle, NumberingMode, Role
from charter_app.core.workshops import DEFAULT_DOTS
from charter_app.export import COMPARISON_FORMATS, EXPORT_FORMATS, NAMES_MODES
from charter_app.export.minutes import MINUTES_FORMATS
from charter_app.storage.repository import CharterRepository
from charter_app.storage.templates import create_from_template, default_example

HEAVY = ("PySide6", "docx", "odf", "typst", "git", "diff_match_patch", "markdown_it", "yaml")


@pytest.mark.parametrize(
    ("spelled", "domain"),
    [
        (parser.ROLES, tuple(role.value for role in Role)),
        (parser.TEXT_STATES, tuple(state.value for state in TextState)),
        (parser.STATUSES, tuple(status.value for status in AmendmentStatus)),
        (parser.EXPORT_FORMATS, tuple(EXPORT_FORMATS)),
        (parser.COMPARISON_FORMATS, tuple(COMPARISON_FORMATS)),
        (parser.MINUTES_FORMATS, tuple(MINUTES_FORMATS)),
        (parser.NAMES_MODES, tuple(NAMES_MODES)),
        ((parser.DEFAULT_DOTS,), (DEFAULT_DOTS,)),
        (parser.NUMBERING_MODES, tuple(mode.value for mode in NumberingMode)),
        (parser.INSERTION_STYLES, tuple(style.value for style in InsertionStyle)),
        (parser.LANGUAGES, i18n.SUPPORTED_LANGUAGES),
        (parser.SECTION_LEVELS, tuple(range(1, MAX_SECTION_LEVEL + 1))),
    ],
)
def test_choices_follow_the_domain(spelled: tuple[object, ...], domain: tuple[object, ...]) -> None:
    assert spelled == domain


def test_every_handler_exists() -> None:
    import importlib

    built = parser.build_parser("test")
    handlers: set[str] = set()

    def walk(node: object) -> None:
        for action in getattr(node, "_actions", []):
            choices = getattr(action, "choices", None)
            if not isinstance(choices, dict):
                continue
            for choice in choices.values():
                if hasattr(choice, "_defaults"):
                    handler = choice._defaults.get("handler")
                    if handler:
                        handlers.add(handler)
                    walk(choice)

    walk(built)
    assert len(handlers) > 50
    for handler in sorted(handlers):
        module, _colon, function = handler.partition(":")
        assert callable(getattr(importlib.import_module(f"charter_app.cli.{module}"), function))


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["comment", "--help"]])
def test_asking_for_help_loads_nothing_heavy(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from charter_app.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_importing_the_command_line_loads_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "import charter_app.cli\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_listing_principles_loads_no_writer_and_no_yaml_library(tmp_path: Path) -> None:
    """What only reads loads the storage layer: not the application layer (its locks and
    recovery), PyYAML (the app's own files have a fast reader), the diff engine or anything
    heavier."""
    unwanted = {*HEAVY, "charter_app.application", "charter_app.diffing.paragraphs"}
    folder = tmp_path / "charter"
    create_from_template(folder, default_example()).close()
    code = (
        "import sys, contextlib, io\n"
        "from charter_app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['-C', {str(folder)!r}, 'principle', 'list', '--json'])\n"
        f"print(sorted(set(sys.modules) & {unwanted!r}))"
    )
    environment = {**os.environ, "CHARTER_STUDIO_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_editing_a_principle_loads_only_the_writer_it_uses(tmp_path: Path) -> None:
    """A one-principle edit (a whole process a script may run often) loads the write path it
    runs, not PyYAML for plain front matter, the other use cases (participants, amendments,
    retention), the editor's merge, the repair tools or the desktop's instance lock; and it
    saves."""
    unwanted = {
        *HEAVY, "yaml", "charter_app.application.participants",
        "charter_app.application.amendments", "charter_app.application.retention",
        "charter_app.application.charters", "charter_app.storage.tree_merge",
        "charter_app.storage.repair", "charter_app.storage.instance_lock",
    }  # fmt: skip
    folder = tmp_path / "charter"
    create_from_template(folder, default_example()).close()
    principle = sorted(path.stem for path in (folder / "principles").glob("*.md"))[0]
    body = tmp_path / "body.md"
    body.write_text("Un texte tout neuf.\n", encoding="utf-8")
    with CharterRepository.open(folder) as repository:
        author = next(p.id for p in repository.participants() if not p.is_erased)
    code = (
        "import sys, contextlib, io\n"
        "from charter_app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['-C', {str(folder)!r}, 'principle', 'edit', {principle!r},"
        f" '--body-file', {str(body)!r}, '--as', {author!r}, '-m', 'Nouveau texte'])\n"
        "assert code == 0, code\n"
        f"print(sorted(set(sys.modules) & {unwanted!r}))"
    )
    environment = {**os.environ, "CHARTER_STUDIO_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
    saved = (folder / "principles" / f"{principle}.md").read_text(encoding="utf-8")
    assert saved.endswith("---\nUn texte tout neuf.\n")


def _commands(built: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in built._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_a_command_built_alone_reads_as_in_the_whole_parser() -> None:
    """Only the command being run is built: its help and its subcommands are the same as in the
    whole parser, and the list of commands (help asked before it, or an unknown command) too."""
    whole = parser.build_parser("x")
    assert parser.build_parser("x", ["--help"]).format_help() == whole.format_help()
    assert parser.build_parser("x", ["nosuch"]).format_help() == whole.format_help()
    for name, command in _commands(whole).items():
        alone = parser.build_parser("x", ["-C", "somewhere", name, "--json"])
        assert list(_commands(alone)) == [name]
        listing = parser.build_parser("x", ["-h", name])
        assert listing.format_help() == whole.format_help()
        built = _commands(alone)[name]
        assert built.format_help() == command.format_help(), name
        if any(isinstance(a, argparse._SubParsersAction) for a in command._actions):
            for action, sub in _commands(command).items():
                assert _commands(built)[action].format_help() == sub.format_help(), action


def test_the_command_asked_for() -> None:
    assert parser.command_asked(["-C", "principle", "history"]) == "history"
    assert parser.command_asked(["--debug", "principle", "list"]) == "principle"
    assert parser.command_asked(["--", "history"]) == "history"
    assert parser.command_asked(["--version"]) is None
    assert parser.command_asked(["-h", "history"]) is None


def test_a_usage_error_speaks_french(capsys: pytest.CaptureFixture[str]) -> None:
    before = i18n.current_language()
    try:
        i18n.set_language("fr")
        with pytest.raises(SystemExit) as exit_code:
            main(["decide", "A-1"])
        said = capsys.readouterr().err
        assert exit_code.value.code == 2
        assert "utilisation :" in said and "erreur" in said
        assert "l’un de ces arguments est obligatoire" in said
        assert "usage:" not in said and "required" not in said
        with pytest.raises(SystemExit):
            main(["--help"])
        helped = capsys.readouterr().out
        assert "affiche cette aide et quitte" in helped and "show this help" not in helped
    finally:
        i18n.set_language(before)


def test_a_usage_error_in_english_stays_english(capsys: pytest.CaptureFixture[str]) -> None:
    before = i18n.current_language()
    try:
        i18n.set_language("en")
        with pytest.raises(SystemExit):
            main(["decide", "A-1"])
        said = capsys.readouterr().err
        assert "usage:" in said and "one of the arguments" in said
    finally:
        i18n.set_language(before)
