"""The comparison table, read back: statuses, struck/underlined words, and amendments.

A toy repository from the bundled example (one adopted amendment, one new principle) in every
format, then the Assembly's 2017 and 2019 rules of procedure (one principle per article) for a
large table where article 33's change must show as real strike-through and underline runs.
"""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest

from charter_app.cli import main
from charter_app.core.model import Charter, Principle
from charter_app.core.revision import Signature
from charter_app.errors import ValidationError
from charter_app.export import COMPARISON_FORMATS, compare_charter
from charter_app.storage import files
from charter_app.storage.repository import CharterRepository
from tests import corpus

AUTHOR = "p-cbb40a"
CORPUS = corpus.corpus_dir()
RULES_2017 = "reglement_an/reglement_6f7ebec.md"
RULES_2019 = "reglement_an/reglement_0a4eac2.md"


def run(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compare")
    folder = root / "charter"
    c = str(folder)
    run("init", c)
    run("-C", c, "adopt", "v1.0", "--ref", "D-1", "--date", "2026-01-15", "--as", AUTHOR)
    with CharterRepository.open(folder) as repository:
        old = repository.load().principle("droits-libertes")
    assert old is not None
    body = root / "body.md"
    first, _sep, rest = old.body.partition(" ")
    body.write_text(f"{first} toujours {rest}", encoding="utf-8")
    run("-C", c, "amend", "droits-libertes", "--body-file", str(body), "--rationale", "Plus fort.",
        "--as", AUTHOR)  # fmt: skip
    run("-C", c, "decide", "A-1", "--adopt", "--votes", "20,1,0", "--as", AUTHOR)
    new = root / "new.md"
    new.write_text("Un principe <script>nouveau</script> ![x](https://evil/x.png).", "utf-8")
    run("-C", c, "principle", "add", "--title", "Principe neuf", "--body-file", str(new),
        "--as", AUTHOR)  # fmt: skip
    run("-C", c, "adopt", "v2.0", "--ref", "D-2", "--date", "2026-03-20", "--as", AUTHOR)
    return folder


def docx_rows(path: Path) -> list[list[Any]]:
    document = docx.Document(str(path))
    table = document.tables[-1]
    return [list(row.cells) for row in table.rows]


def runs(cell: Any, flag: str) -> str:
    """The text of the runs of ``cell`` with ``flag`` (strike or underline) set."""
    found = []
    for paragraph in cell.paragraphs:
        for item in paragraph.runs:
            on = item.font.strike if flag == "strike" else item.underline
            if on:
                found.append(item.text)
    return " ".join(found)


def row_for(rows: list[list[Any]], number: str) -> list[Any]:
    return next(row for row in rows if row[0].text.startswith(f"{number}."))


@pytest.mark.parametrize("format", COMPARISON_FORMATS)
def test_toy_comparison_every_format(toy: Path, tmp_path: Path, format: str) -> None:
    with CharterRepository.open(toy) as repository:
        path = compare_charter(repository, "v1.0", "v2.0", format, tmp_path / f"t.{format}")
    if format == "docx":
        rows = docx_rows(path)
        changed = row_for(rows, "3")
        assert "toujours" in runs(changed[2], "underline")
        assert "A-1" in changed[3].text
        assert "changed" in changed[0].text or "modifié" in changed[0].text
        assert "unchanged" in row_for(rows, "1")[0].text or "inchangé" in row_for(rows, "1")[0].text
        new_row = next(row for row in rows if "Principe neuf" in row[0].text)
        assert "nouveau" in new_row[2].text and "<script>" in new_row[2].text
    elif format == "odt":
        with zipfile.ZipFile(path) as archive:
            content = archive.read("content.xml").decode()
            styles = archive.read("styles.xml").decode()
        # insertions use a named style (it survives a conversion), underlined
        underlined = re.findall(
            r'style:name="([\w]+)"[^>]*><style:text-properties[^>]*text-underline-style="solid"',
            styles,
        )
        assert underlined == ["Inserted_20_text"]
        assert re.search(rf'<text:span text:style-name="{underlined[0]}">\s*toujours', content)
        assert "A-1" in content and "&lt;script&gt;nouveau" in content
    elif format == "html":
        text = path.read_text(encoding="utf-8")
        assert re.search(r"<ins>\s*toujours", text)
        assert "<script" not in text and "&lt;script&gt;nouveau" in text
        assert "https://evil" not in re.sub(r">[^<]*<", "><", text)  # only in text, never a URL
    else:
        reader = pypdf.PdfReader(path)
        text = " ".join("".join(p.extract_text() or "" for p in reader.pages).split())
        assert "toujours" in text and "A-1" in text and "nouveau" in text
        assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_unknown_format_for_comparison(toy: Path, tmp_path: Path) -> None:
    with CharterRepository.open(toy) as repository, pytest.raises(ValidationError):
        compare_charter(repository, "v1.0", "v2.0", "md", tmp_path / "x.md")


# -- the real corpus -------------------------------------------------------------------------------


def articles(text: str) -> dict[str, tuple[str, str]]:
    """``id -> (number, body)`` for each "## Article N" section; bodies one paragraph a line."""
    found: dict[str, tuple[str, str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith("## Article "):
            number = line[len("## Article ") :].strip()
            slug = re.sub(r"[^a-z0-9]+", "-", number.lower()).strip("-")[:50]
            current = []
            found[f"article-{slug}"] = (number, "")
            key = f"article-{slug}"
        elif line.startswith("# "):
            current = None
        elif current is not None and line.strip():
            current.append(line.strip())
            found[key] = (found[key][0], "\n\n".join(current))
    return {k: v for k, v in found.items() if v[1]}


def charter_of(found: dict[str, tuple[str, str]], numbers: dict[str, str]) -> Charter:
    """Articles as principles; "117-1" is no principle number, so each id gets a stable one."""
    principles = tuple(
        Principle(pid, numbers[pid], f"Article {label}", body)
        for pid, (label, body) in found.items()
    )
    return Charter(title="Règlement de l'Assemblée nationale", principles=principles)


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    corpus.require("reglement_an")
    old = articles((CORPUS / RULES_2017).read_text(encoding="utf-8"))
    new = articles((CORPUS / RULES_2019).read_text(encoding="utf-8"))
    ids = list(dict.fromkeys([*old, *new]))
    numbers = {pid: str(index) for index, pid in enumerate(ids, start=1)}
    folder = tmp_path_factory.mktemp("rules") / "charter"
    signature = Signature.for_participant("p-000001")
    with CharterRepository.create(folder, charter_of(old, numbers)) as repository:
        repository.git.create_tag("v2017", "HEAD", "Version du 11/10/2017", signature)
        # Article 33 first, in its own commit naming the amendment, then everything else.
        step = dict(old)
        step["article-33"] = new["article-33"]
        repository.git.commit_files(
            files.serialise_charter(charter_of(step, numbers)), "Amendement A-7", signature,
            [("Charter-Amendment", "A-7"), ("Charter-Principle", "article-33")],
        )  # fmt: skip
        contents: dict[str, bytes | None] = dict(files.serialise_charter(charter_of(new, numbers)))
        for pid in old.keys() - new.keys():
            contents[files.principle_path(pid)] = None
        repository.git.commit_files(contents, "Réforme de 2019", signature)
        repository.git.create_tag("v2019", "HEAD", "Réforme de 2019", signature)
    changed = {pid for pid in old.keys() & new.keys() if old[pid] != new[pid]}
    return folder, changed


def test_rules_of_procedure_comparison_docx(rules: tuple[Path, set[str]], tmp_path: Path) -> None:
    folder, changed = rules
    with CharterRepository.open(folder) as repository:
        path = compare_charter(repository, "v2017", "v2019", "docx", tmp_path / "rules.docx")
    rows = docx_rows(path)[1:]
    marked = [row for row in rows if row[0].text.endswith(("\nchanged", "\nmodifié"))]
    assert len(marked) == len(changed) > 20
    article = next(row for row in rows if row[0].text.split("\n")[0].endswith(". Article 33"))
    assert "s'adjoindre au plus" in runs(article[1], "strike")
    assert "comprennent en outre" in runs(article[2], "underline")
    assert "A-7" in article[3].text
    assert "deleted: «" in article[3].text or "supprimé" in article[3].text


def test_rules_of_procedure_comparison_html(rules: tuple[Path, set[str]], tmp_path: Path) -> None:
    folder, changed = rules
    with CharterRepository.open(folder) as repository:
        path = compare_charter(repository, "v2017", "v2019", "html", tmp_path / "rules.html")

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)

    page = path.read_text(encoding="utf-8")
    parser = Rows()
    parser.feed(page)
    assert "script" not in parser.tags
    assert re.search(r"<del>[^<]*s&#x27;adjoindre au plus[^<]*</del>", page)
    assert re.search(r"<ins>[^<]*comprennent en outre[^<]*</ins>", page)
