"""Build a large synthetic charter repository, fast, with one ``git fast-import`` stream.

The result follows docs/FORMAT.md: ``charter.yaml``, ``participants.yaml`` and
``principles/<id>.md``, then one commit per change of a few words in one principle, each by a
random participant and carrying a ``Charter-Principle:`` trailer. Run
``python -m bench.generate OUT_DIR`` or call :func:`generate`.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

# A fixed vocabulary of plausible French words: bodies read like text without being text.
VOCABULARY = [
    "la",
    "commune",
    "garantit",
    "à",
    "chaque",
    "habitant",
    "un",
    "accès",
    "égal",
    "aux",
    "services",
    "numériques",
    "publics",
    "données",
    "ouvertes",
    "logiciels",
    "libres",
    "médiation",
    "inclusion",
    "territoire",
    "citoyens",
    "association",
    "conseil",
    "municipal",
    "délibération",
    "transparence",
    "sobriété",
    "énergétique",
    "écoles",
    "bibliothèques",
    "formation",
    "accompagnement",
    "personnes",
    "âgées",
    "handicap",
    "accessibilité",
    "interopérabilité",
    "souveraineté",
    "hébergement",
    "local",
    "protection",
    "vie",
    "privée",
    "consentement",
    "information",
    "claire",
    "les",
    "élus",
    "les",
    "agents",
    "les",
    "entreprises",
    "le",
    "numérique",
    "responsable",
    "réemploi",
    "matériel",
    "durable",
    "réseaux",
    "couverture",
    "fibre",
    "zones",
    "rurales",
    "tiers-lieux",
    "ateliers",
    "participatifs",
    "budget",
    "annuel",
    "évaluation",
    "indicateurs",
    "publication",
    "registre",
    "algorithmes",
    "publics",
    "explication",
    "décisions",
    "automatisées",
    "recours",
    "humain",
    "dématérialisation",
    "alternative",
    "papier",
    "guichet",
    "accueil",
    "pour",
    "avec",
    "sans",
    "dans",
    "sur",
    "entre",
    "chaque",
    "toute",
    "tous",
    "nos",
    "leurs",
    "notre",
    "doit",
    "peut",
    "veille",
    "assure",
    "favorise",
    "encourage",
    "soutient",
    "respecte",
    "informe",
    "associe",
    "mesure",
    "garantit",
    "publie",
    "et",
    "ou",
    "mais",
    "donc",
    "ainsi",
    "afin",
    "que",
    "de",
    "des",
    "du",
    "une",
    "un",
    "le",
    "la",
    "les",
    "en",
    "par",
    "au",
    "aux",
]

TITLE_WORDS = [
    "Souveraineté numérique",
    "Inclusion et médiation",
    "Données ouvertes",
    "Sobriété numérique",
    "Accessibilité",
    "Logiciels libres",
    "Protection des données",
    "Transparence des algorithmes",
    "Éducation au numérique",
    "Couverture du territoire",
    "Participation citoyenne",
    "Réemploi du matériel",
    "Alternative au papier",
    "Hébergement local",
    "Cybersécurité",
    "Achats responsables",
]

ROLES = ("resident", "elected", "association", "business", "staff")
FIRST_NAMES = ("Camille", "Dominique", "Claude", "Alix", "Sacha", "Noa", "Lou", "Maxime")
LAST_NAMES = ("Martin", "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent")
START_TIMESTAMP = 1_704_067_200  # 2024-01-01T00:00:00Z


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(8, 22))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _body(rng: random.Random) -> list[str]:
    """Paragraphs (one per line) adding up to 1 to 3 KB."""
    target = rng.randint(1000, 3000)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    return paragraphs


def _principle_file(principle_id: str, number: int, title: str, body: list[str]) -> bytes:
    front = (
        f'---\nid: {principle_id}\nnumber: "{number}"\ntitle: {title}\n'
        f"status: draft\ntags:\n  - numérique\n---\n"
    )
    return (front + "\n\n".join(body) + "\n").encode()


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def _stream(principles: int, commits: int, seed: int) -> bytes:
    rng = random.Random(seed)
    participants = [f"p-{rng.getrandbits(24):06x}" for _ in range(40)]
    participants_yaml = "participants:\n" + "".join(
        f"  - id: {pid}\n    name: {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}\n"
        f'    role: {rng.choice(ROLES)}\n    organisation: ""\n'
        for pid in participants
    )
    ids: list[str] = []
    titles: list[str] = []
    for index in range(principles):
        base = rng.choice(TITLE_WORDS)
        titles.append(f"{base} {index + 1}")
        slug = base.lower().split()[0].translate(str.maketrans("éèêàçô", "eeeaco"))
        ids.append(f"{slug}-{index + 1}")
    bodies = [_body(rng) for _ in range(principles)]
    charter_yaml = (
        "format: 1\ntitle: Charte numérique de Villeneuve-sur-Lot\n"
        "territory: Villeneuve-sur-Lot\nlanguage: fr\ndecision_rule: simple-majority\n"
        "preamble: |\n  Premier paragraphe du préambule.\n\n  Second paragraphe.\nprinciples:\n"
        + "".join(f"  - {pid}\n" for pid in ids)
    )

    out: list[bytes] = []
    timestamp = START_TIMESTAMP

    def header(participant: str, message: str) -> None:
        who = f"{participant} <{participant}@participants.charter.invalid> {timestamp} +0100"
        out.append(f"commit refs/heads/main\nauthor {who}\ncommitter {who}\n".encode())
        out.append(_data(message.encode()))

    header(participants[0], "Crée la charte\n")
    out.append(b"M 100644 inline charter.yaml\n" + _data(charter_yaml.encode()))
    out.append(b"M 100644 inline participants.yaml\n" + _data(participants_yaml.encode()))
    for index, pid in enumerate(ids):
        content = _principle_file(pid, index + 1, titles[index], bodies[index])
        out.append(f"M 100644 inline principles/{pid}.md\n".encode() + _data(content))

    for _ in range(commits - 1):
        timestamp += rng.randint(30, 3600)
        index = rng.randrange(principles)
        body = bodies[index]
        line = rng.randrange(len(body))
        words = body[line].split(" ")
        for _change in range(rng.randint(1, 4)):
            words[rng.randrange(len(words))] = rng.choice(VOCABULARY)
        body[line] = " ".join(words)
        participant = rng.choice(participants)
        message = (
            f"Modifie le principe {index + 1} : {titles[index]}\n\n"
            f"Charter-Principle: {ids[index]}\nCharter-Participant: {participant}\n"
        )
        header(participant, message)
        content = _principle_file(ids[index], index + 1, titles[index], body)
        out.append(f"M 100644 inline principles/{ids[index]}.md\n".encode() + _data(content))
    out.append(b"done\n")
    return b"".join(out)


def _git(path: Path, *args: str, stdin: bytes | None = None) -> None:
    subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", *args],
        cwd=path,
        input=stdin,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def generate(path: Path, principles: int = 1000, commits: int = 10000, seed: int = 1) -> Path:
    """Create a charter repository at ``path`` (new or empty folder); return ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    if any(path.iterdir()):
        raise FileExistsError(f"{path} is not empty")
    _git(path, "init", "-q", "-b", "main")
    _git(path, "fast-import", "--quiet", "--done", stdin=_stream(principles, commits, seed))
    _git(path, "checkout", "-q", "-f", "main")
    _git(path, "commit-graph", "write", "--reachable", "--changed-paths")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--principles", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    start = time.perf_counter()
    generate(options.out_dir, options.principles, options.commits, options.seed)
    print(f"{options.out_dir}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
