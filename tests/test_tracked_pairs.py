"""Tracked changes by two reviewers: one deletes the words, the other types their replacement.
The Contributor Covenant's pull request 557 is replayed as such a Word document; each deletion
and the insertion beside it make one replacement, whoever made them; every word is kept, the
one who deleted is credited, and no amendment conflicts with another in preview."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from charter_app.cli import main
from charter_app.core.comments import fold_comments
from charter_app.diffing import align_paragraphs
from charter_app.diffing.ops import DiffOp
from charter_app.diffing.textnorm import unwrap
from charter_app.importing.blocks import Block, BlockKind
from charter_app.importing.plan import plan_import
from charter_app.importing.reader import read_document
from charter_app.importing.tracked_pairs import pair_block
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository
from tests import corpus
from tests.test_import_builders import docx_from_markdown, strip_header

DELETER, TYPIST = "Ada Reviewer", "Ben Reviewer"


def test_touching_deletion_and_insertion_become_one_replacement() -> None:
    block = Block(
        BlockKind.PARAGRAPH,
        "The {--Internet--}{++internet++} is {++a ++}{==common==}{>>yes<<} good.",
        authors=(DELETER, TYPIST, TYPIST, "Chloé"),
    )
    paired = pair_block(block)
    assert paired.markdown == "The {~~Internet~>internet~~} is {++a ++}{==common==}{>>yes<<} good."
    assert paired.authors == (TYPIST, TYPIST, "Chloé")
    assert paired.credits == (DELETER, "", "")
    same = pair_block(Block(BlockKind.PARAGRAPH, "{--a--} {++b++}", authors=("x", "y")))
    assert same.markdown == "{--a--} {++b++}"  # a space between: two separate changes
    before = pair_block(Block(BlockKind.PARAGRAPH, "{++b ++}{--a--}", authors=("x", "y")))
    assert before.markdown == "{++b ++}{--a--}"  # another's words put in front: an addition
    own = pair_block(Block(BlockKind.PARAGRAPH, "{++b++}{--a--}", authors=("x", "x")))
    assert own.markdown == "{~~a~>b~~}" and own.credits == ("",)


def _mark(kind: str, text: str, author: str, number: int) -> object:
    element = OxmlElement(f"w:{kind}")
    element.set(qn("w:id"), str(number))
    element.set(qn("w:author"), author)
    run = OxmlElement("w:r")
    inner = OxmlElement("w:delText" if kind == "del" else "w:t")
    inner.text = text
    inner.set(qn("xml:space"), "preserve")
    run.append(inner)
    element.append(run)
    return element


def _retype(paragraph: object, ops: list[DiffOp]) -> None:
    """Replace the paragraph's runs with ``ops`` as Word records them: deletions by one
    reviewer, insertions by the other."""
    element = paragraph._p  # type: ignore[attr-defined]
    for run in list(element.findall(qn("w:r"))):
        element.remove(run)
    for number, op in enumerate(ops):
        if op.kind == "equal":
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = op.text
            text.set(qn("xml:space"), "preserve")
            run.append(text)
            element.append(run)
        else:
            kind, author = ("del", DELETER) if op.kind == "delete" else ("ins", TYPIST)
            element.append(_mark(kind, op.text, author, 1000 + number))


def _pull_request(number: int) -> tuple[str, str]:
    path = corpus.require("contributor_covenant", "pull_request_amendments.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        pull = json.loads(line)
        if pull["pull_request"] == number:
            return unwrap(strip_header(pull["before"])), unwrap(strip_header(pull["after"]))
    raise AssertionError(f"pull request {number} is in the corpus")


_LIST = re.compile(r"^[*-] ")


def reviewed_docx(tmp_path: Path) -> tuple[Path, list[tuple[str, str]], list[str]]:
    """The code of conduct before PR 557 as a Word file holding the PR as two reviewers'
    tracked changes; the (before, after) text of each changed paragraph; and each replacement
    in its context as it must read once accepted (a few characters each side)."""
    before, after = _pull_request(557)
    path = docx_from_markdown(before, tmp_path / "coc.docx")
    document = docx.Document(str(path))
    rows = [row for row in align_paragraphs(before, after).rows if row.kind == "changed"]
    changed: list[tuple[str, str]] = []
    replacements: list[str] = []
    for row in rows:
        old, new = _LIST.sub("", row.old or ""), _LIST.sub("", row.new or "")
        if "[" in old + new:
            continue  # a Markdown link is a hyperlink in Word, not this paragraph's text
        target = next(p for p in document.paragraphs if p.text == old)
        ops = list(align_paragraphs(old, new).rows[0].ops)
        _retype(target, ops)
        changed.append((old, new))
        for k in range(len(ops) - 1):
            if ops[k].kind == "delete" and ops[k + 1].kind == "insert":
                head = ops[k - 1].text[-8:] if k and ops[k - 1].kind == "equal" else ""
                after_op = ops[k + 2] if k + 2 < len(ops) else None
                tail = after_op.text[:8] if after_op and after_op.kind == "equal" else ""
                replacements.append(head + ops[k + 1].text + tail)
    document.save(str(path))
    return path, changed, replacements


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_two_reviewers_make_whole_replacements(tmp_path: Path) -> None:
    path, changed, replacements = reviewed_docx(tmp_path)
    assert len(changed) >= 15 and len(replacements) >= 10
    plan = plan_import(read_document(path))
    typed = [c for c in plan.changes if c.author == TYPIST]
    typed_bodies = _flat(" ".join(c.body or "" for c in typed))
    for replacement in replacements:
        assert _flat(replacement) in typed_bodies  # the new words whole, in their place
    every_body = " ".join(c.body or "" for c in plan.changes)
    for glued in ("Usinguse", "Beingbe", "makingmake", "  "):  # glued or missing words
        assert glued not in every_body
    assert all(DELETER in c.credits for c in typed if c.body and "use welcoming" in c.body)


def test_filed_replacements_credit_both_and_none_conflicts(tmp_path: Path) -> None:
    path, changed, _replacements = reviewed_docx(tmp_path)
    folder = tmp_path / "charter"
    assert main(["import", str(path), str(folder), "--yes"]) == 0
    with CharterRepository.open(folder) as repository:
        charter = repository.load()
        names = {p.id: p.name for p in charter.participants}
        book = AmendmentBook(repository)
        records = list(book.ledger().records)
        result, _ledger = book.preview([r.label for r in records], charter)
        board = fold_comments(repository.events())
    assert {names[r.amendment.author] for r in records} == {TYPIST, DELETER}
    assert result.conflicts == ()
    text = " ".join(_flat(p.body) for p in result.charter.principles)
    for _old, new in changed:
        assert _flat(new) in text  # every reviewer's word, in place, nothing twice
    credited = [names.get(t.root.author, "") for t in board.threads if t.about == "amendment"]
    assert credited and set(credited) == {DELETER}


@pytest.fixture(autouse=True)
def _corpus() -> None:
    corpus.require()
