"""Lines as they are read (``rendering/reading.py``): a line without any character an inline
Markdown rule starts at skips the parser; what it gives must be what the parser gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_app.rendering import reading

ROOT = Path(__file__).resolve().parents[1]


def _parsed(monkeypatch: pytest.MonkeyPatch, line: str) -> reading.ReadLine:
    with monkeypatch.context() as patch:
        patch.setattr(reading, "_PLAIN", reading.re.compile(r"(?!)"))  # never plain
        return reading.read_line(line)


def _example_lines() -> list[str]:
    folder = ROOT / "charters" / "val-de-leze" / "principles"
    return [
        line
        for path in sorted(folder.glob("*.md"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_plain_lines_read_as_the_parser_reads_them(monkeypatch) -> None:
    lines = _example_lines() + [
        "  des espaces avant et après  ",
        "Article 3 : 12 % des foyers ; «  guillemets  » — tirets, #dièse, {accolades} @ + = ^",
        "1. une liste",
        "> une citation",
        "## un titre",
    ]
    plain = [line for line in lines if reading._PLAIN.fullmatch(line)]
    assert len(plain) > 20
    for line in lines:
        assert reading.read_line(line) == _parsed(monkeypatch, line), line


@pytest.mark.parametrize(
    "line",
    ["**gras**", "*italique*", "un [lien](https://exemple.fr) ici", "a\\*b", "&amp;", "~~non~~",
     "`code`", "<https://exemple.fr>", "![image](x.png)", "_souligné_"],
)  # fmt: skip
def test_a_line_with_markup_goes_through_the_parser(line) -> None:
    assert not reading._PLAIN.fullmatch(line)
    read = reading.read_line(line)
    assert read.text != line or len(read.runs) != 1 or read.runs[0] != reading.Run(0, len(line))


def test_emphasis_only_lines_align_as_the_common_stretches_do() -> None:
    """A line whose only markup is stars and underscores skips the search for common
    stretches: each letter must still land where that search puts it."""
    lines = [line for line in _example_lines() if not reading._PLAIN.fullmatch(line)] + [
        "**gras** et *italique*", "_souligné_ puis **a**a", "x*xy*", "a **b**", "***tout***",
        "snake_case et *mot*", "un [lien](https://exemple.fr) *ici*",
    ]  # fmt: skip
    fast = 0
    for line in lines:
        read = reading.read_line(line)
        content = line.lstrip("-0123456789.> #")
        shown = read.text
        if "".join(c for c in content if c not in "*_") == shown:
            fast += 1
        assert reading.align(shown, content) == reading.align_by_stretches(shown, content), line
    assert fast >= 8


def test_the_rendering_package_loads_its_names_when_asked() -> None:
    """Reading lines does not load the Markdown renderer; the package's names are still the
    functions, whichever of its modules was loaded first."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from charter_app.rendering import reading\n"
        "assert reading.inline_runs('plain words')[0] == 'plain words'\n"
        "assert not [m for m in sys.modules if m.startswith('markdown_it')]\n"
        "import charter_app.rendering.render, charter_app.rendering.document\n"
        "from charter_app.rendering import render, render_document\n"
        "assert callable(render) and callable(render_document)\n"
        "assert render('**a**').html.count('<strong>') == 1\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("line", "shown", "strong", "emphasis"),
    [
        (
            "Les **données** restent *locales*.",
            "Les données restent locales.",
            "données",
            "locales",
        ),
        ("- un point **fort**", "• un point fort", "fort", ""),
        ("3. troisième *point*", "3. troisième point", "", "point"),
        ("## Un titre", "Un titre", "Un titre", ""),
        ("Voir [le site](https://example.org) ici", "Voir le site ici", "", ""),
        ("Sans marque aucune", "Sans marque aucune", "", ""),
    ],
)
def test_each_letter_of_the_source_says_what_a_reader_sees_of_it(
    line, shown, strong, emphasis
) -> None:
    letters = reading.source_letters(line)
    assert len(letters) == len(line)  # one per letter of the source, markup included
    assert "".join(letter.shown for letter in letters) == shown
    assert "".join(letter.shown for letter in letters if letter.strong) == strong
    assert "".join(letter.shown for letter in letters if letter.emphasis) == emphasis
