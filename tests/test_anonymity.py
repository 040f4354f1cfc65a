"""The search for registered names in what an anonymous export publishes
(:func:`charter_app.export.anonymity.names_in`): whole words, case, accents and typographic
spaces ignored, every name found even inside a longer one, one finding per name and heading."""

from __future__ import annotations

from charter_app.core.model import Participant, Role
from charter_app.export.anonymity import names_in
from charter_app.export.blocks import Heading, Paragraph, text
from charter_app.export.document import Document


def people(*names: str) -> list[Participant]:
    return [Participant(f"p-{i:06x}", name, Role.RESIDENT) for i, name in enumerate(names)]


def document(*sections: tuple[str, str]) -> Document:
    blocks = []
    for heading, words in sections:
        blocks += [Heading(2, text(heading)), Paragraph(text(words))]
    return Document("Charte", "fr", "", tuple(blocks))


def test_names_are_found_whatever_their_case_accents_and_spaces() -> None:
    found = names_in(
        document(
            ("Principe 1", "Comme l'a dit CLAIRE FONTANEL, le lien humain d'abord."),
            ("Principe 2", "Proposé par Hélène\u00a0Le\u202fGoff lors de l’atelier."),
        ),
        people("Claire Fontanel", "Helene Le Goff"),
    )
    assert [(f.name, f.where) for f in found] == [
        ("Claire Fontanel", "Principe 1"),
        ("Helene Le Goff", "Principe 2"),
    ]
    assert found[0].excerpt == "Comme l'a dit CLAIRE FONTANEL, le lien humain d'abord."


def test_whole_words_only_and_a_name_inside_a_longer_one_counts_too() -> None:
    found = names_in(
        document(
            ("Préambule", "Jeanne et Paulette ont relu le texte."),  # neither Jean nor Paul
            ("Principe 3", "Jean Dupont l'a écrit."),
        ),
        people("Jean", "Jean Dupont", "Paul"),
    )
    assert sorted((f.name, f.where) for f in found) == [
        ("Jean", "Principe 3"),
        ("Jean Dupont", "Principe 3"),
    ]


def test_one_finding_per_name_and_heading_and_short_names_are_not_searched() -> None:
    found = names_in(
        document(("Principe 4", "Lou et Marc, puis Marc encore.")),
        people("Lou", "Marc", "Al"),
    )
    assert [(f.name, f.where) for f in found] == [("Lou", "Principe 4"), ("Marc", "Principe 4")]
    assert names_in(document(("Principe 5", "Al a parlé.")), people("Al")) == []
