"""Charters with a story to publish, made through the ``charter`` command line as a council would.

:func:`storied_charter` starts from the bundled example (whatever its text) and writes a story
on it: a section holding its last two principles, version v1.0, a workshop with its
attendance, three amendments by people of different roles (one adopted from the workshop, one
rejected, one inserting a principle), positions, a comment, a hostile principle (raw HTML, a
script, remote images), version v2.0, then an
amendment still waiting (the draft). :func:`covenant_charter` is a corpus-based charter: the
Contributor Covenant's releases, section by section, as adopted versions.
"""

from __future__ import annotations

import re
from pathlib import Path

from charter_app.cli import main
from charter_app.core.model import Charter, Principle
from charter_app.core.revision import Signature
from charter_app.storage import files
from charter_app.storage.repository import CharterRepository
from tests import corpus

CLERK = "p-47232f"  # the bundled example's staff member
RESIDENT = "p-cbb40a"
ELECTED = "p-8736df"
ASSOCIATION = "p-13ccc8"
BUSINESS = "p-006dcc"
RESIDENT_2 = "p-7c975d"
HOSTILE_TITLE = "Principe <i>hostile</i> & « guillemets »"
HOSTILE = (
    "Avant <script>alert('x')</script> après <b>gras</b>.\n\n"
    "## Une section\n\n"
    "Voir ![x](https://evil.example/x.png) et ![y](file:///etc/passwd) puis "
    "[lien](javascript:alert(1)) et [site](https://example.org/charte)."
)


def run(*argv: str) -> str:
    assert main(list(argv)) == 0, argv
    return ""


def storied_charter(root: Path) -> Path:
    """The bundled example with a story (see the module docstring), in ``root / "charter"``."""
    folder = root / "charter"
    c = str(folder)
    run("init", c, "--without-story")
    with CharterRepository.open(folder) as repository:
        charter = repository.load()
    first, second, third = (p.id for p in charter.principles[:3])
    last = charter.principles[-1]
    # The last two principles stand in a section.
    run("-C", c, "section", "add", "--title", "Droits des habitants", "--as", CLERK)
    for principle in charter.principles[-2:]:
        run("-C", c, "principle", "move", principle.id, "--section", "droits-des-habitants",
            "--as", CLERK)  # fmt: skip
    run("-C", c, "adopt", "v1.0", "--ref", "Délibération 2026-01", "--date", "2026-01-15",
        "--as", CLERK)  # fmt: skip
    run("-C", c, "workshop", "start", "--title", "Atelier ouvert", "--date", "2026-02-10",
        "--place", "Médiathèque", "--attendance", "resident=12,elected=3,association=2",
        "--as", CLERK)  # fmt: skip
    body = root / "body.md"
    old = charter.principles[0].body
    body.write_text(old.replace(" ", " vraiment ", 1), encoding="utf-8")
    run("-C", c, "amend", first, "--body-file", str(body), "--rationale",
        "Le lien humain d'abord.", "--as", RESIDENT)  # fmt: skip
    run("-C", c, "amend", second, "--title", "Un titre plus court", "--rationale",
        "Plus lisible pour tous.", "--as", ASSOCIATION)  # fmt: skip
    new_body = root / "new.md"
    new_body.write_text("La commune réduit l'empreinte de ses équipements.\n", encoding="utf-8")
    run("-C", c, "amend", "--insert-after", last.id, "--title", "Sobriété", "--body-file",
        str(new_body), "--rationale", "Un principe manquait.", "--as", BUSINESS)  # fmt: skip
    run("-C", c, "comment", third, "--text", "Et les bibliothèques ?", "--as", RESIDENT_2)
    run("-C", c, "support", "A-1", "--as", ELECTED)
    run("-C", c, "support", "A-1", "--oppose", "--as", BUSINESS)
    run("-C", c, "support", "A-2", "--as", RESIDENT)
    run("-C", c, "workshop", "end", "--as", CLERK)
    run("-C", c, "decide", "A-1", "--adopt", "--votes", "14,3,2", "--ref", "Délibération 2026-07",
        "--date", "2026-03-12", "--as", CLERK)  # fmt: skip
    run("-C", c, "decide", "A-2", "--reject", "--votes", "4,15,1", "--ref", "Délibération 2026-07",
        "--date", "2026-03-12", "--as", CLERK)  # fmt: skip
    run("-C", c, "decide", "A-3", "--adopt", "--votes", "12,5,2", "--ref", "Délibération 2026-07",
        "--date", "2026-03-12", "--as", CLERK)  # fmt: skip
    hostile = root / "hostile.md"
    hostile.write_text(HOSTILE, encoding="utf-8")
    run("-C", c, "principle", "add", "--title", HOSTILE_TITLE, "--body-file", str(hostile),
        "--as", CLERK)  # fmt: skip
    run("-C", c, "adopt", "v2.0", "--ref", "Délibération 2026-08", "--date", "2026-03-20",
        "--renumber", "--as", CLERK)  # fmt: skip
    run("-C", c, "amend", third, "--title", "En attente", "--rationale", "À examiner.",
        "--as", RESIDENT_2)  # fmt: skip
    return folder


# -- a charter from the shared corpus ------------------------------------------------------------

COVENANT_RELEASES = ("covenant_v1.4.md", "covenant_v2.0.md", "covenant_v2.1.md")


def _sections(markdown: str) -> dict[str, tuple[str, str]]:
    """``## Heading`` sections of a release: id -> (title, body)."""
    found: dict[str, tuple[str, str]] = {}
    title, lines = "", []
    for line in [*markdown.splitlines(), "## "]:
        if line.startswith("## "):
            if title and "\n".join(lines).strip():
                key = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48] or "section"
                found[key if key[0].isalpha() else f"s-{key}"] = (title, "\n".join(lines).strip())
            title, lines = line[3:].strip(), []
        elif title:
            lines.append(line)
    return found


def _charter(sections: dict[str, tuple[str, str]]) -> Charter:
    principles = tuple(
        Principle(pid, str(number), title, _paragraphs(body))
        for number, (pid, (title, body)) in enumerate(sections.items(), start=1)
    )
    return Charter(title="Contributor Covenant", language="en", principles=principles)


def _paragraphs(body: str) -> str:
    """One paragraph per line, as the format stores them."""
    blocks = re.split(r"\n\s*\n", body.strip())
    return "\n\n".join(" ".join(b.split()) if not b.lstrip().startswith(("-", "*", "#", "|"))
                       else b for b in blocks)  # fmt: skip


def covenant_charter(root: Path) -> Path:
    """The Contributor Covenant's releases as versions v1.4, v2.0 and v2.1 of a charter."""
    folder_in_corpus = corpus.require("contributor_covenant")
    folder = root / "covenant"
    signature = Signature.for_participant("p-000001")
    releases = [
        _sections((folder_in_corpus / name).read_text(encoding="utf-8"))
        for name in COVENANT_RELEASES
    ]
    with CharterRepository.create(folder, _charter(releases[0])) as repository:
        tag = "Adopted version {name}\n\nCharter-Version: {name}\nCharter-Date: {date}\n"
        repository.git.create_tag("v1.4", "HEAD", tag.format(name="v1.4", date="2016-03-05"),
                                  signature)  # fmt: skip
        previous = set(releases[0])
        for name, date, sections in (("v2.0", "2019-11-07", releases[1]),
                                     ("v2.1", "2021-05-26", releases[2])):  # fmt: skip
            contents: dict[str, bytes | None] = dict(files.serialise_charter(_charter(sections)))
            for gone in previous - set(sections):
                contents[files.principle_path(gone)] = None
            repository.git.commit_files(contents, f"Release {name}", signature)
            repository.git.create_tag(name, "HEAD", tag.format(name=name, date=date), signature)
            previous = set(sections)
    return folder
