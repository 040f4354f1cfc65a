"""Suggestions written elsewhere, filed on an existing charter: a revised DOCX, CriticMarkup typed
in a text editor, and the offline round trip (export with pending amendments, import back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_app.application.amendments import file_drafted_amendment
from charter_app.application.session import Session
from charter_app.cli import main
from charter_app.core.amendment_state import AmendmentStatus
from charter_app.core.amendments import AmendmentKind, draft_amendment
from charter_app.core.comments import fold_comments
from charter_app.importing.markdown import read_markdown
from charter_app.importing.matching import plan_suggestions
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository
from tests.test_import_builders import docx_from_markdown

CLAIRE, JEAN = "p-cbb40a", "p-8736df"  # people of the bundled example


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    folder = tmp_path / "charte"
    assert main(["init", str(folder)]) == 0
    return folder


def exported(folder: Path, tmp_path: Path, name: str = "copy.md", *extra: str) -> Path:
    target = tmp_path / name
    assert main(["-C", str(folder), "export-criticmarkup", "-o", str(target), *extra]) == 0
    return target


def proposals(folder: Path) -> list[tuple[str, str, str | None, str | None]]:
    with CharterRepository.open(folder) as repository:
        records = AmendmentBook(repository).ledger().records
    return sorted(
        (r.amendment.kind.value, r.amendment.target, r.amendment.title, r.amendment.body)
        for r in records
    )


def test_revised_docx_gives_modify_insert_and_delete(charter: Path, tmp_path: Path) -> None:
    text = exported(charter, tmp_path).read_text(encoding="utf-8")
    sections = text.split("\n## ")
    sections[1] = sections[1].replace("maîtresse de ses outils", "maîtresse de tous ses outils")
    sections[3] = sections[3] + "\n## 3 bis. Sobriété numérique\n\nNos équipements durent."
    del sections[4]  # principle 4 removed
    revised = docx_from_markdown("\n## ".join(sections), tmp_path / "relu.docx")
    assert (
        main(
            [
                "-C",
                str(charter),
                "import-suggestions",
                str(revised),
                "--as",
                CLAIRE,
                "--rationale",
                "Relecture du groupe",
                "--yes",
            ]
        )
        == 0
    )
    found = proposals(charter)
    kinds = [(kind, target) for kind, target, _t, _b in found]
    assert kinds == [
        ("delete", "donnees-personnelles"),
        ("insert", "droits-libertes"),
        ("modify", "souverainete-numerique"),
    ]
    modify = next(f for f in found if f[0] == "modify")
    assert modify[2] is None and "maîtresse de tous ses outils" in (modify[3] or "")
    insert = next(f for f in found if f[0] == "insert")
    assert insert[2:] == ("Sobriété numérique", "Nos équipements durent.")


def test_criticmarkup_typed_offline_becomes_amendment_and_anchored_comment(
    charter: Path, tmp_path: Path
) -> None:
    copy = exported(charter, tmp_path, "p1.md", "--principle", "1")
    text = copy.read_text(encoding="utf-8")
    text = text.replace("maîtresse de ses outils", "maîtresse de {++tous ++}ses outils", 1)
    text = text.replace("d’un format fermé", "{==d’un format fermé==}{>>Lequel ?<<}", 1)
    copy.write_text(text, encoding="utf-8")
    assert (
        main(
            [
                "-C",
                str(charter),
                "import-suggestions",
                str(copy),
                "--as",
                JEAN,
                "--rationale",
                "Atelier hors ligne",
                "--yes",
            ]
        )
        == 0
    )
    (amendment,) = proposals(charter)
    assert amendment[0] == "modify" and "de tous ses outils" in (amendment[3] or "")
    with CharterRepository.open(charter) as repository:
        board = fold_comments(repository.events())
        book = AmendmentBook(repository)
        (record,) = book.ledger().records
    assert record.amendment.author == JEAN and record.status is AmendmentStatus.REGISTERED
    (thread,) = board.threads
    assert thread.root.text == "Lequel ?" and thread.root.author == JEAN
    assert thread.passage is not None and thread.passage.selector.quote == "d’un format fermé"


def _file_pending(folder: Path) -> None:
    with CharterRepository.open(folder) as repository:
        charter = repository.load()
        base = repository.git.resolve("HEAD")
        first, second, third = charter.principles[:3]
        for kind, target, title, body in [
            (AmendmentKind.MODIFY, first.id, None, first.body.replace("outils", "logiciels", 1)),
            (AmendmentKind.INSERT, second.id, "Sobriété", "Des équipements durables."),
            (AmendmentKind.DELETE, third.id, None, None),
            (AmendmentKind.MODIFY, third.id, "Droits", None),  # a second one: left out
        ]:
            file_drafted_amendment(
                Session(repository),
                draft_amendment(
                    kind,
                    target,
                    author=CLAIRE,
                    rationale="Pourquoi pas",
                    base=base,
                    base_charter=charter,
                    current=charter,
                    title=title,
                    body=body,
                ),
            )


def test_offline_round_trip_is_lossless(
    charter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _file_pending(charter)
    copy = exported(charter, tmp_path)
    assert "A-4" in capsys.readouterr().err  # two amendments on one principle: said, not hidden
    text = copy.read_text(encoding="utf-8")
    assert "{>>A-1<<}" in text and "{>>A-2<<}" in text and "{>>A-3<<}" in text
    # Back into the same charter: everything is already there, nothing is filed twice.
    with CharterRepository.open(charter) as repository:
        pending = [r.amendment for r in AmendmentBook(repository).ledger().records]
        plan = plan_suggestions(read_markdown(text, "copy"), repository.load(), pending)
    assert plan.changes == ()
    # Into a fresh copy of the same charter: the same three proposals come back.
    fresh = tmp_path / "fresh"
    assert main(["init", str(fresh)]) == 0
    assert (
        main(
            [
                "-C",
                str(fresh),
                "import-suggestions",
                str(copy),
                "--as",
                CLAIRE,
                "--rationale",
                "Retour d'atelier",
                "--yes",
            ]
        )
        == 0
    )
    original = [p for p in proposals(charter) if p[2] != "Droits"]
    assert proposals(fresh) == original


def test_what_was_filed_is_said_with_each_number_in_its_own_plural():
    from charter_app import i18n
    from charter_app.importing.filing import Filed

    before = i18n.current_language()
    try:
        i18n.set_language("en")
        assert Filed(("A-4",), 1).summary() == "Filed 1 amendment (A-4). Recorded 1 comment."
        assert Filed(("A-4", "A-5"), 0).summary() == (
            "Filed 2 amendments (A-4, A-5). Recorded 0 comments."
        )
        i18n.set_language("fr")
        assert Filed(("A-4",), 3).summary() == (
            "1 amendement déposé (A-4). 3 commentaires enregistrés."
        )
    finally:
        i18n.set_language(before)
