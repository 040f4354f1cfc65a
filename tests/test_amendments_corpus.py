"""Real amendments: unmerged pull requests to the Contributor Covenant, filed against their base
version and assessed against the latest release (2.1). The corpus is read, never copied here."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from charter_app.application.amendments import file_drafted_amendment
from charter_app.application.session import Session
from charter_app.core.amendments import TextState, draft_amendment
from charter_app.core.model import Charter, Participant, Principle, Role
from charter_app.core.operations import Change, slugify
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository
from charter_app.storage.textnorm import normalise, unwrap
from tests import corpus

COVENANT = corpus.corpus_dir() / "contributor_covenant"
AUTHOR = "p-c0ffee"


@pytest.fixture(autouse=True)
def _covenant() -> None:
    corpus.require("contributor_covenant", "pull_request_amendments.jsonl")


def sections(markdown: str) -> list[tuple[str, str]]:
    """(heading, body) for each ``## `` section; front matter, comments and the title dropped."""
    text = normalise(markdown)
    text = re.sub(r"^<!--.*?-->\n", "", text, flags=re.S)
    text = re.sub(r"^\+\+\+\n.*?\n\+\+\+\n", "", text.lstrip(), flags=re.S)
    found = []
    for chunk in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _newline, body = chunk.partition("\n")
        found.append((heading.strip(), unwrap(body).strip("\n")))
    return found


def charter_of(markdown: str) -> Charter:
    taken: set[str] = set()
    principles = []
    for number, (heading, body) in enumerate(sections(markdown), start=1):
        principle_id = slugify(heading, taken)
        taken.add(principle_id)
        principles.append(Principle(principle_id, str(number), heading, body))
    return Charter(
        title="Contributor Covenant",
        language="en",
        principles=tuple(principles),
        participants=(Participant(AUTHOR, "Corpus", Role.RESIDENT),),
    )


def latest(file: str) -> str:
    name = "covenant_v2.1.fr.md" if file.endswith(".fr.md") else "covenant_v2.1.md"
    return (COVENANT / name).read_text(encoding="utf-8")


def pull_requests() -> list[dict[str, Any]]:
    lines = (COVENANT / "pull_request_amendments.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def file_pull_request(tmp_path: Path, pr: dict[str, Any]) -> list[tuple[str, TextState, bool]]:
    """File a pull request's changes as amendments on its base; assess them against 2.1.

    Returns (principle, state, whether the principle's text is the same in base and 2.1).
    """
    base = charter_of(pr["before"])
    proposed = charter_of(pr["after"])
    latest_charter = charter_of(latest(pr["file"]))
    results = []
    with CharterRepository.create(tmp_path / str(pr["pull_request"]), base) as repository:
        base_sha = repository.git.head()
        assert base_sha is not None
        gone = tuple(p.id for p in base.principles if latest_charter.principle(p.id) is None)
        repository.save(
            latest_charter,
            Change("2.1", tuple(p.id for p in latest_charter.principles), gone, meta=True),
            AUTHOR,
        )
        book = AmendmentBook(repository)
        filed = {}
        for before in base.principles:
            after = proposed.principle(before.id)
            if after is None or (after.title, after.body) == (before.title, before.body):
                continue
            amendment = draft_amendment(
                "modify", before.id, author=AUTHOR, rationale=pr["last_commit_subject"],
                base=base_sha, base_charter=base, current=base,
                body=after.body if after.body != before.body else None,
                title=after.title if after.title != before.title else None,
            )  # fmt: skip
            file_drafted_amendment(Session(repository), amendment)
            filed[amendment.id] = before
        states = book.states()
    for amendment_id, before in filed.items():
        now = latest_charter.principle(before.id)
        unchanged = now is not None and (now.title, now.body) == (before.title, before.body)
        results.append((before.id, states[amendment_id].state, unchanged))
    return results


def test_real_pull_requests_against_covenant_2_1(tmp_path: Path) -> None:
    counts: Counter[TextState] = Counter()
    per_pr = []
    for pr in pull_requests():
        results = file_pull_request(tmp_path, pr)
        for principle_id, state, unchanged in results:
            counts[state] += 1
            # A principle whose text 2.1 still has word for word: the amendment applies as is.
            assert (state is TextState.CLEAN) == unchanged, (pr["pull_request"], principle_id)
        per_pr.append((pr["pull_request"], [(p, s.value) for p, s, _u in results]))
    total = sum(counts.values())
    print(f"\n{total} real amendments from {len(per_pr)} pull requests against 2.1:")
    print({state.value: counts[state] for state in TextState})
    for number, results in per_pr:
        print(f"  PR {number}: {results}")
    assert total >= len(per_pr)  # every pull request changed at least one principle
    assert counts[TextState.CLEAN] and counts[TextState.FALLEN]
