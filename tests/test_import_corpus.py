"""Real texts (Contributor Covenant, the Assemblée nationale's rules of procedure) imported from
Markdown, and from DOCX and ODT made from them: every word arrives in its principle, in order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from charter_app.importing.plan import plan_import
from charter_app.importing.reader import read_document
from tests import corpus
from tests.test_import_builders import docx_from_markdown, odt_from_markdown, strip_header

CORPUS = corpus.corpus_dir()


@pytest.fixture(autouse=True)
def _corpus() -> None:
    corpus.require()


TEXTS = [
    "contributor_covenant/covenant_v1.0.0.md",
    "contributor_covenant/covenant_v1.4.md",
    "contributor_covenant/covenant_v1.4.fr.md",
    "contributor_covenant/covenant_v2.0.md",
    "contributor_covenant/covenant_v2.1.md",
    "contributor_covenant/covenant_v2.1.fr.md",
    "reglement_an/reglement_68795a1.md",
]
_RENDER = MarkdownIt("commonmark").enable("table")


def words(markdown: str) -> list[str]:
    """The words a reader sees once the Markdown is rendered (markup and URLs left out)."""
    html = _RENDER.render(markdown)
    text = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (
        ("&quot;", '"'),
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&#39;", "'"),
    ):
        text = text.replace(entity, char)
    return re.findall(r"\w+", text)


def expected_sections(markdown: str) -> tuple[str, list[tuple[str, str, str]]]:
    """(preamble, [(heading, section, body)]) by an independent rule: "## " starts a
    principle, "# " a title (first) or a section."""
    preamble: list[str] = []
    sections: list[tuple[str, str, list[str]]] = []
    chapter = ""
    titled = False
    for line in strip_header(markdown).splitlines():
        if line.startswith("## "):
            sections.append((line[3:], chapter, []))
        elif line.startswith("# "):
            if not titled and not sections and "CHAPITRE" not in line:
                titled = True
            else:
                chapter = line[2:]
        elif sections:
            sections[-1][2].append(line)
        else:
            preamble.append(line)
    return "\n".join(preamble), [(h, c, "\n".join(b)) for h, c, b in sections]


_DEFINITION = re.compile(r"(?m)^\[[^\]]+\]:\s+\S+\s*$")


def _without_definitions(markdown: str) -> str:
    """Docx and ODT keep a link's address in the link itself, not in a reference line."""
    return _DEFINITION.sub("", markdown)


@pytest.mark.parametrize("fmt", ["md", "docx", "odt"])
@pytest.mark.parametrize("name", TEXTS)
def test_every_word_arrives_in_its_principle(name: str, fmt: str, tmp_path: Path) -> None:
    source = CORPUS / name
    markdown = source.read_text(encoding="utf-8")
    if fmt == "md":
        path = source
    elif fmt == "docx":
        path = docx_from_markdown(markdown, tmp_path / (source.stem + ".docx"))
    else:
        path = odt_from_markdown(markdown, tmp_path / (source.stem + ".odt"))
    plan = plan_import(read_document(path))
    preamble, sections = expected_sections(markdown)
    definitions = "\n".join(m.group(0) for m in _DEFINITION.finditer(markdown))

    def keep(text: str) -> str:  # what a reader sees of a section, references resolved
        return text if fmt == "md" else _without_definitions(text) + "\n\n" + definitions

    assert words(plan.preamble) == words(keep(preamble))
    assert len(plan.principles) == len(sections)
    for principle, (heading, chapter, body) in zip(plan.principles, sections, strict=True):
        assert words(principle.heading) == words(heading)
        assert words(principle.section) == words(chapter)
        assert words(principle.body) == words(keep(body)), principle.heading
    if fmt == "md":  # Markdown comes in exactly as written
        for principle, (_heading, _chapter, body) in zip(plan.principles, sections, strict=True):
            assert principle.body == body.strip()
    numbers = [p.number for p in plan.principles]
    assert len(set(numbers)) == len(numbers)
    if "reglement" in name:
        written = [re.sub(r"er$", "", h.split()[1]) for h, _c, _b in sections]  # "Article 1er"
        assert numbers == written  # kept as the text gives them, gaps included
        assert plan.principles[0].title == "Article 1er"
