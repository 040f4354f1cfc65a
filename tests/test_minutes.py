"""``charter minutes``: a workshop's record read back from HTML, PDF and ODT, names hidden."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from charter_app.cli import main
from charter_app.export.minutes import minutes_of, read_record, svg_bar_chart
from charter_app.storage.repository import opened

CLAIRE, JEAN, NADIA, SOPHIE = "p-cbb40a", "p-8736df", "p-13ccc8", "p-47232f"
COMMENT_1 = "Ajouter les bibliothèques comme lieux de médiation."
COMMENT_2 = "Qui paiera les médiateurs ?"
REPLY = "La communauté de communes, au budget 2027."
RATIONALE = "Un titre que tout le monde comprend."
LATE = "Un commentaire après la fin de l’atelier."


def run(folder: Path, *args: str) -> None:
    assert main(["-C", str(folder), *args]) == 0


@pytest.fixture(scope="module")
def evening(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example charter after one workshop: comments, a reply, an amendment, a tally, dots."""
    folder = tmp_path_factory.mktemp("minutes") / "charte"
    assert main(["init", str(folder)]) == 0
    run(folder, "workshop", "start", "--title", "Atelier de Lèze", "--date", "2026-03-10",
        "--place", "Médiathèque", "--as", SOPHIE, "--attendance", "resident=12,elected=3",
        "--participants", f"{CLAIRE},{NADIA}", "--dots", "3")  # fmt: skip
    run(folder, "comment", "inclusion-mediation", "--text", COMMENT_1, "--as", CLAIRE)
    run(folder, "comment", "1", "--text", COMMENT_2, "--as", NADIA)
    run(folder, "amend", "accessibilite-numerique", "--title", "Accessibilité pour tous",
        "--rationale", RATIONALE, "--as", CLAIRE)  # fmt: skip
    run(folder, "tally", "A-1", "--for", "12", "--against", "3", "--abstain", "2", "--as", SOPHIE)
    run(folder, "dots", "place", "7", "--count", "2", "--as", CLAIRE)
    run(folder, "dots", "place", "A-1", "--as", NADIA)
    with opened(folder) as repository:
        thread = next(
            t for t in read_record(repository, "W-1").board.threads if t.root.text == COMMENT_2
        )
    run(folder, "reply", thread.id, "--text", REPLY, "--as", JEAN)
    run(folder, "workshop", "end", "--as", SOPHIE)
    run(folder, "comment", "2", "--text", LATE, "--as", CLAIRE)
    return folder


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.captions: list[str] = []
        self._in_caption = False

    def handle_starttag(self, tag, attrs) -> None:
        self._in_caption = tag == "caption"

    def handle_endtag(self, tag) -> None:
        self._in_caption = False

    def handle_data(self, data) -> None:
        self.parts.append(data)
        if self._in_caption:
            self.captions.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def html_text(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def odt_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("content.xml").decode("utf-8")
    parser = _Text()
    parser.feed(xml)
    return parser.text


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


EVERY_CONTRIBUTION = (COMMENT_1, COMMENT_2, REPLY, RATIONALE)


def test_html_minutes_hold_every_contribution_attendance_tallies_and_dots(evening, tmp_path):
    out = tmp_path / "minutes.html"
    # the fixed wording in English, though the charter is French (--language)
    run(evening, "minutes", "W-1", "--format", "html", "--language", "en", "-o", str(out))
    page = html_text(out)
    for contribution in EVERY_CONTRIBUTION:
        assert contribution in page.text
    assert LATE not in page.text  # said after the workshop ended
    assert "Minutes of workshop W-1: Atelier de Lèze" in page.text
    assert "Médiathèque" in page.text and "2026-03-10" in page.text
    assert "Claire Fontanel (Resident)" in page.text
    assert "Sophie Carrère (Staff)" in page.text  # the facilitator
    for caption in ("Attendance by role", "Show of hands on the amendments",
                    "Dots per principle or amendment", "Contributions by role"):  # fmt: skip
        assert caption in page.captions
    assert "A-1 12 3 2" in page.text  # the show of hands, as a table row
    assert "<svg" in out.read_text()  # charts drawn too, each beside its table


@pytest.mark.parametrize("names", ["none", "roles"])
def test_names_are_hidden_when_asked(evening, tmp_path, names):
    out = tmp_path / f"minutes-{names}.html"
    run(evening, "minutes", "W-1", "--format", "html", "--names", names, "-o", str(out))
    text = html_text(out).text
    for contribution in EVERY_CONTRIBUTION:
        assert contribution in text
    for name in ("Claire", "Nadia", "Jean-Marc", "Sophie"):
        assert name not in text


def test_pdf_minutes_read_back(evening, tmp_path):
    out = tmp_path / "minutes.pdf"
    run(evening, "minutes", "W-1", "--format", "pdf", "--names", "none", "-o", str(out))
    text = pdf_text(out)
    for contribution in (COMMENT_1, "Qui paiera les médiateurs", REPLY, RATIONALE):
        assert contribution in text
    assert "Claire" not in text and "Fontanel" not in text


def test_odt_minutes_read_back(evening, tmp_path):
    out = tmp_path / "minutes.odt"
    run(evening, "minutes", "W-1", "--format", "odt", "-o", str(out))
    text = odt_text(out)
    for contribution in EVERY_CONTRIBUTION:
        assert contribution in text
    assert "Nadia Bouzid (Association)" in text
    out_none = tmp_path / "minutes-none.odt"
    run(evening, "minutes", "W-1", "--format", "odt", "--names", "none", "-o", str(out_none))
    assert "Nadia" not in odt_text(out_none)


def test_unknown_workshop_is_a_plain_error(evening, tmp_path, capsys):
    assert main(["-C", str(evening), "minutes", "W-9", "--format", "html",
                 "-o", str(tmp_path / "x.html")]) == 1  # fmt: skip
    assert "There is no workshop “W-9”" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_minutes_blocks_and_svg_without_files(evening):
    with opened(evening) as repository:
        minutes = minutes_of(read_record(repository, "W-1"), "roles")
    assert minutes.workshop.label == "W-1"
    chart = next(c for c in minutes.charts if c.caption == "Attendance by role")
    assert ("Resident", 12) in chart.bars
    svg = svg_bar_chart(chart)
    assert svg.startswith("<svg") and "Resident" in svg and ">12<" in svg
