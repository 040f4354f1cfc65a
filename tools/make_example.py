"""The bundled example's story, played through the application layer (``tools/make_example.py``).

The Val de Lèze charter (``charters/val-de-leze/``: its first text, as plain files) is written,
discussed and adopted the way a real one is: a dozen participants with their roles, three
workshops with attendance, comments in every state, amendments in every state, supports, dots,
shows of hands, the council's decisions with votes, an adopted v1.0 and a v1.1 in progress.
Every step is a use case of ``charter_app.application``, as the app or the command line would
call it, with a :class:`~charter_app.core.clock.ManualClock` and seeded ids, so the same story
gives the same commits every time it runs (a test checks it against the shipped history).

The result is written beside the text as ``history.bundle`` (and its ``.sha256``): ``charter
init`` and ``charter-app --example`` make a new charter from it, verified like any bundle.
Run it again after changing the story or the first text, and commit both.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from charter_app import i18n
from charter_app.application import (
    amendments,
    charters,
    comments,
    council,
    participants,
    principles,
    workshops,
)
from charter_app.application.session import Session
from charter_app.core import clock, identifiers
from charter_app.core.decisions import Decision, Outcome, Votes
from charter_app.core.model import PrincipleStatus
from charter_app.core.operations import Change, edit_principle
from charter_app.storage.bundles import export_bundle
from charter_app.storage.templates import STORY_BUNDLE, load_template, templates_dir

NAME = "val-de-leze"
SEED = "Val de Lèze, 2026"
SENDER = "val-de-leze"
"""The laptop name the history carries (``refs/charter/exported-by/...``)."""

WINTER, SUMMER = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))

# The six people of the first text (participants.yaml), by id.
CLAIRE = "p-cbb40a"  # resident
JEAN_MARC = "p-8736df"  # elected: vice-president for digital matters, chairs the council
NADIA = "p-13ccc8"  # association: Les Passeurs numériques
THOMAS = "p-006dcc"  # business: a repair shop
SOPHIE = "p-47232f"  # staff: information systems, holds the pen
LILI = "p-7c975d"  # resident, under a pseudonym


def typeset(text: str) -> str:
    """French typography, as in the first text: a no-break space before : ; ? ! » and after «."""
    text = re.sub(r" ([:;?!»%])", "\u00a0\\1", text)
    return text.replace("« ", "«\u00a0")


def found_in(body: str, words: str) -> str:
    """``words`` exactly as ``body`` writes them (its spaces may be no-break ones); once only."""
    pattern = re.sub(r"[ \u00a0\u202f]", "[ \u00a0\u202f]", re.escape(words).replace("\\ ", " "))
    matches = re.findall(pattern, body)
    if len(matches) != 1:
        raise ValueError(f"{words!r} is found {len(matches)} times, not once")
    return str(matches[0])


def same_spaces(words: str, body: str, new: str) -> str:
    """``new`` typeset with the no-break spaces ``body`` uses where it holds ``words`` (the
    first text mixes narrow and ordinary ones): a new wording changes words, not spaces."""
    new = typeset(new)
    if "\u202f" in found_in(body, words):
        new = new.replace("\u00a0", "\u202f")
    return new


def paris(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in the Val de Lèze (summer time from April to October, as the story needs)."""
    zone = SUMMER if 4 <= month <= 10 else WINTER
    return datetime(year, month, day, hour, minute, tzinfo=zone)


class Story:
    """The open charter, its clock, and the people registered so far (name -> id)."""

    def __init__(self, session: Session, moment: clock.ManualClock) -> None:
        self.session = session
        self.moment = moment
        self.people: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        """What later chapters refer to: comment ids and amendment numbers, by nickname."""

    def at(self, when: datetime) -> None:
        """Jump forward to ``when`` (a busy moment may have run past it: then carry on)."""
        now = self.moment.now()
        if when > now:
            self.moment.advance(seconds=(when - now).total_seconds())

    def later(self, minutes: float = 1) -> None:
        self.moment.advance(minutes=minutes)

    def do(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one use case and return its value; a minute passes."""
        written = work(self.session, *args, **kwargs)
        self.later()
        return written.value

    # -- shorthands --------------------------------------------------------------------------------

    def register(self, name: str, role: str, organisation: str = "", by: str | None = None) -> str:
        participant = self.do(participants.register_participant, name, role, organisation, by)
        self.people[name] = participant.id
        return str(participant.id)

    def comment(self, by: str, principle: str, text: str, quote: str | None = None) -> str:
        quote = found_in(self.text_of(principle), quote) if quote is not None else None
        written = self.do(comments.comment_on_principle, by, principle, typeset(text), quote=quote)
        return str(written.id)

    def reply(self, by: str, comment_id: str, text: str) -> str:
        return str(self.do(comments.reply, by, comment_id, typeset(text)).id)

    def support(self, target: str, *people: str, position: str = "support") -> None:
        for person in people:
            self.do(comments.take_position, person, target, position)

    def amend(self, by: str, principle: str, rationale: str, **change: Any) -> str:
        """A modification of ``principle``: ``replace=(old, new)`` words in its current text,
        or a whole ``body``/``title``; returns its number (or its id for a draft)."""
        old_new = change.pop("replace", None)
        if old_new is not None:
            body = self.text_of(principle)
            old, new = found_in(body, old_new[0]), same_spaces(old_new[0], body, old_new[1])
            change["body"] = body.replace(old, new)
        record = self.do(
            amendments.file_amendment, by, change.pop("kind", "modify"), principle,
            rationale=typeset(rationale), **change,
        )  # fmt: skip
        return str(record.label)

    def text_of(self, principle_id: str) -> str:
        principle = self.session.repository.load().principle(principle_id)
        assert principle is not None, principle_id
        return principle.body

    def edit(self, by: str, principle_id: str, old: str, new: str, message: str) -> None:
        """The writer changes words of a principle (a saved edit, not an amendment)."""
        body = self.text_of(principle_id)
        old, new = found_in(body, old), same_spaces(old, body, new)
        self.do(
            principles.edit_principle, by, principle_id, body=body.replace(old, new),
            message=message,
        )  # fmt: skip

    def set_statuses(self, by: str, status: PrincipleStatus, ids: list[str], message: str) -> None:
        charter = self.session.repository.load()
        for principle_id in ids:
            charter, _change = edit_principle(charter, principle_id, status=status)
        change = Change(message, principles=tuple(ids))
        head = self.session.repository.git.head()
        self.do(principles.save_charter, by, charter, change, head, message)

    def dots(self, by: str, placements: dict[str, int]) -> None:
        for target, count in placements.items():
            self.do(workshops.place_dots, by, target, count)

    def decide(self, by: str, number: str, outcome: Outcome,
               votes: tuple[int, int, int] | None, ref: str, day: date) -> None:  # fmt: skip
        decision = Decision(outcome, Votes(*votes) if votes else None, ref, day)
        self.do(council.decide, by, number, decision)


def play(folder: Path) -> Session:
    """The whole story, in a new charter at ``folder``; the session is left open."""
    moment = clock.ManualClock(paris(2026, 1, 12, 9, 0))
    with clock.using(moment):
        first_text = load_template(NAME)
        session = charters.create_charter(
            folder,
            first_text,
            author=SOPHIE,
            message="Premier projet de charte, issu du groupe de travail de l’automne 2025",
        )
        session.clock = moment
        story = Story(session, moment)
        story.later()
        _people(story)
        _first_workshop(story)
        _between_workshops(story)
        _second_workshop(story)
        _council(story)
        _version_one_point_one(story)
    return session


def _people(s: Story) -> None:
    camille = s.register(
        "Camille Roques", "staff", "Mission participation citoyenne, Communauté de communes"
    )
    for name, role, organisation in (
        ("Marcel Dupuy", "resident", ""),
        ("Aïcha Benali", "resident", ""),
        ("Hélène Marty", "elected", "Mairie de Castelnau-la-Lèze"),
        ("Paul Escande", "association", "Fibre citoyenne du Val de Lèze"),
        ("Inès Garcia", "staff", "Médiathèque intercommunale"),
    ):
        s.register(name, role, organisation, by=camille)


def _first_workshop(s: Story) -> None:
    p = s.people
    camille, marcel, aicha = p["Camille Roques"], p["Marcel Dupuy"], p["Aïcha Benali"]
    helene, paul, ines = p["Hélène Marty"], p["Paul Escande"], p["Inès Garcia"]
    s.at(paris(2026, 1, 24, 9, 45))
    s.do(
        workshops.start_workshop, camille, "Atelier de lancement",
        day="2026-01-24", place="Salle des fêtes de Castelnau-la-Lèze",
        attendance={"resident": 18, "elected": 4, "association": 5, "business": 2, "staff": 3},
        participants=[CLAIRE, LILI, NADIA, THOMAS, SOPHIE, JEAN_MARC, marcel, aicha, helene,
                      paul],
        dots=5,
    )  # fmt: skip
    s.at(paris(2026, 1, 24, 10, 20))
    guichet = s.comment(
        marcel, "inclusion-mediation",
        "Au guichet, oui, mais encore faut-il qu’il soit ouvert quand on peut y aller. À la "
        "mairie de mon village, c’est deux matinées par semaine, et je n’ai plus de voiture.",
        quote="une alternative au guichet ou par téléphone",
    )  # fmt: skip
    s.reply(
        NADIA, guichet,
        "Nous voyons la même chose aux permanences : le samedi matin est le seul moment où "
        "beaucoup de gens peuvent venir.",
    )  # fmt: skip
    s.reply(
        SOPHIE, guichet,
        "C’est noté. Les horaires des accueils dépendent des communes ; la charte peut fixer "
        "un minimum commun.",
    )  # fmt: skip
    faciale = s.comment(
        LILI, "droits-libertes",
        "Pourquoi ne pas l’interdire tout court ? Une étude d’impact ne protège personne une "
        "fois la caméra installée.",
        quote="reconnaissance faciale",
    )  # fmt: skip
    s.reply(helene, faciale, "Une interdiction sans exception risque d’être contestée.")
    batteries = s.comment(
        THOMAS, "numerique-responsable",
        "Six ans, c’est tenable pour les ordinateurs fixes. Pour les portables, il faut prévoir "
        "le remplacement des batteries, sinon ils ne tiendront pas.",
        quote="au moins six ans",
    )  # fmt: skip
    garde = s.comment(
        aicha, "gouvernance-partagee",
        "Merci pour cette phrase. Sans garde d’enfants, je ne pourrais pas venir aux réunions "
        "du soir.",
        quote="frais de garde d’enfants",
    )  # fmt: skip
    s.support(garde, marcel, NADIA, CLAIRE)
    ville = s.comment(
        paul, "innovation-besoins-reels",
        "« Ville intelligente » ne veut pas dire grand-chose ici : nous sommes un territoire "
        "rural. De quoi parle-t-on concrètement ?",
        quote="plateformes de « ville intelligente »",
    )  # fmt: skip
    s.reply(ines, ville, "D’accord : mieux vaut citer des besoins que des mots à la mode.")
    publicite = s.comment(
        THOMAS, "numerique-responsable",
        "L’Atelier Rieux répare vos ordinateurs : -20 % pour les participants à l’atelier !",
    )  # fmt: skip
    s.do(
        comments.set_hidden, camille, publicite, True, typeset(
        "Publicité : hors du sujet de la charte. Les offres commerciales ont leur place "
        "ailleurs."),
    )  # fmt: skip
    formation = s.comment(
        ines, "formation-agents-elus",
        "Les agents de la médiathèque accueillent déjà beaucoup de demandes d’aide "
        "numérique : il faudrait les citer explicitement.",
    )  # fmt: skip
    s.support(formation, NADIA, marcel)
    tutoiement = s.comment(
        CLAIRE, "accessibilite-numerique",
        "Le FALC, c’est très bien. Mais qui relit les documents ?",
        quote="facile à lire et à comprendre",
    )  # fmt: skip
    s.do(
        comments.edit_comment, CLAIRE, tutoiement, typeset(
        "Le FALC, c’est très bien. Mais qui relit les documents ? Il faudrait que des "
        "personnes concernées les relisent avant publication."),
    )  # fmt: skip
    doublon = s.comment(CLAIRE, "accessibilite-numerique", "Même remarque que plus haut.")
    s.do(comments.retract_comment, CLAIRE, doublon)
    s.support(tutoiement, marcel, ines, position="support")

    s.at(paris(2026, 1, 24, 11, 5))
    a1 = s.amend(
        NADIA, "inclusion-mediation",
        "Les participants de l’atelier de lancement ont été nombreux à dire que les accueils "
        "ferment quand ils travaillent. Un samedi matin par mois et par commune est un minimum "
        "que toutes les communes peuvent tenir.",
        replace=(
            "à des horaires compatibles avec la vie des personnes qui travaillent.",
            "à des horaires compatibles avec la vie des personnes qui travaillent, dont au "
            "moins un samedi matin par mois dans chaque commune.",
        ),
    )  # fmt: skip
    a2 = s.amend(
        LILI, "droits-libertes",
        "Une étude d’impact suivie d’un vote ne protège pas assez : la reconnaissance faciale "
        "dans l’espace public doit être exclue, comme plusieurs villes européennes l’ont fait.",
        replace=(
            "Aucun dispositif de *vidéosurveillance algorithmique*, de reconnaissance faciale "
            "ou d’analyse automatisée des comportements",
            "La collectivité n’utilise pas la reconnaissance faciale dans l’espace public. "
            "Aucun dispositif de *vidéosurveillance algorithmique* ou d’analyse automatisée "
            "des comportements",
        ),
    )  # fmt: skip
    a3 = s.amend(
        THOMAS, "numerique-responsable",
        "Les batteries s’usent avant le reste : sans remplacement, un portable ne tient pas "
        "six ans.",
        replace=(
            "au moins six ans lorsque leur état le permet",
            "au moins six ans lorsque leur état le permet, en remplaçant les batteries des "
            "portables plutôt que les appareils",
        ),
    )  # fmt: skip
    a4 = s.amend(
        paul, "souverainete-numerique",
        "La souveraineté ne sert à rien si une partie des habitants n’a pas de connexion "
        "fiable : plusieurs hameaux n’ont ni fibre ni réseau mobile correct.",
        kind="insert",
        title="Une connexion fiable pour chaque foyer",
        body=typeset(
            "La communauté de communes veille à ce que chaque foyer du territoire dispose d’une "
            "connexion à internet fiable et d’un prix abordable, y compris dans les hameaux.\n"
            "\n"
            "Elle publie chaque année la carte de la couverture réelle, fibre et réseau mobile, "
            "relevée avec les habitants, et la présente en conseil avec les actions engagées "
            "auprès des opérateurs."
        ),
    )  # fmt: skip
    s.support(a1, marcel, aicha, CLAIRE, ines)
    s.support(a2, LILI, CLAIRE, paul)
    s.support(a2, helene, position="oppose")
    s.support(a2, JEAN_MARC, position="neutral")
    s.support(a4, marcel, paul, aicha)

    s.at(paris(2026, 1, 24, 11, 40))
    a5 = s.amend(
        helene, a2,
        "Interdire sans exception pourrait empêcher de retrouver une personne disparue. Une "
        "exception sur décision de justice garde l’esprit de l’amendement.",
        kind="sub",
        body=_replaced(
            s.text_of("droits-libertes"),
            "Aucun dispositif de *vidéosurveillance algorithmique*, de reconnaissance faciale "
            "ou d’analyse automatisée des comportements",
            "La collectivité n’utilise pas la reconnaissance faciale dans l’espace public, sauf "
            "sur décision de justice. Aucun dispositif de *vidéosurveillance algorithmique* ou "
            "d’analyse automatisée des comportements",
        ),
    )  # fmt: skip
    s.support(a5, helene, JEAN_MARC)
    s.support(a5, LILI, paul, position="oppose")

    s.at(paris(2026, 1, 24, 12, 0))
    s.do(workshops.record_tally, camille, a1, 24, 3, 2)
    s.do(workshops.record_tally, camille, a2, 19, 8, 5)
    s.do(workshops.record_tally, camille, a4, 26, 2, 4)
    s.dots(marcel, {"inclusion-mediation": 3, "accessibilite-numerique": 2})
    s.dots(aicha, {"gouvernance-partagee": 2, "inclusion-mediation": 2})
    s.dots(LILI, {"droits-libertes": 4, "donnees-personnelles": 1})
    s.dots(paul, {a4: 3, "souverainete-numerique": 2})
    s.dots(CLAIRE, {"inclusion-mediation": 1, "accessibilite-numerique": 2, "droits-libertes": 2})
    s.dots(THOMAS, {"numerique-responsable": 4, "souverainete-numerique": 1})
    s.at(paris(2026, 1, 24, 12, 30))
    s.do(workshops.end_workshop, camille)
    s.notes.update(
        batteries=batteries, ville=ville, faciale=faciale, a1=a1, a2=a2, a3=a3, a4=a4, a5=a5
    )


def _between_workshops(s: Story) -> None:
    notes = s.notes
    s.at(paris(2026, 2, 2, 15, 10))
    # The writer answers two comments in the text itself: the vague sentence goes (its comment
    # is left without its passage: "orphaned"), batteries are named (the comment is resolved,
    # and the amendment that asked for it is withdrawn by its author).
    s.edit(
        SOPHIE, "innovation-besoins-reels",
        " Capteurs connectés, intelligence artificielle, plateformes de « ville intelligente » : "
        "ces outils peuvent être utiles, à condition que leur intérêt soit démontré.",
        "",
        "Principe 9 : retire la phrase sur la « ville intelligente » (atelier du 24 janvier)",
    )  # fmt: skip
    s.edit(
        SOPHIE, "numerique-responsable",
        "au moins six ans lorsque leur état le permet,",
        "au moins six ans lorsque leur état le permet, en changeant les batteries plutôt que "
        "les appareils,",
        "Principe 8 : les batteries des portables (atelier du 24 janvier)",
    )  # fmt: skip
    s.reply(SOPHIE, notes["batteries"], "Ajouté dans le texte du principe 8, merci.")
    s.do(comments.set_resolved, SOPHIE, notes["batteries"], True)
    s.at(paris(2026, 2, 3, 9, 30))
    s.do(amendments.withdraw_amendment, THOMAS, notes["a3"])


def _second_workshop(s: Story) -> None:
    p = s.people
    camille, marcel, aicha = p["Camille Roques"], p["Marcel Dupuy"], p["Aïcha Benali"]
    ines, paul = p["Inès Garcia"], p["Paul Escande"]
    notes = s.notes
    s.at(paris(2026, 2, 12, 18, 15))
    s.do(
        workshops.start_workshop, camille, "Inclusion et accessibilité",
        day="2026-02-12", place="Médiathèque intercommunale",
        attendance={"resident": 11, "association": 4, "staff": 3, "elected": 2},
        participants=[marcel, aicha, ines, NADIA, CLAIRE, SOPHIE, p["Hélène Marty"]],
        dots=3,
    )  # fmt: skip
    s.at(paris(2026, 2, 12, 18, 40))
    delai = s.comment(
        marcel, "accessibilite-numerique",
        "« Un délai raisonnable », pour qui ? Quand on ne peut pas remplir un formulaire, "
        "chaque semaine compte.",
        quote="dans un délai raisonnable",
    )  # fmt: skip
    s.reply(ines, delai, "À la médiathèque, nous répondons en général dans la semaine.")
    a6 = s.amend(
        marcel, "accessibilite-numerique",
        "Un délai précis se vérifie ; un délai raisonnable ne se vérifie pas.",
        replace=("dans un délai raisonnable.", "dans un délai de quinze jours au plus."),
    )  # fmt: skip
    a7 = s.amend(
        ines, "formation-agents-elus",
        "Les agents de la médiathèque et des maisons France services accompagnent chaque "
        "semaine des habitants : leur formation doit être prévue.",
        replace=(
            "Les agents d’accueil reçoivent en outre une formation",
            "Les agents d’accueil, de la médiathèque et des maisons France services reçoivent "
            "en outre une formation",
        ),
    )  # fmt: skip
    a8 = s.amend(
        CLAIRE, "gouvernance-partagee",
        "Deux réunions par an ne suffisent pas pour suivre les projets en cours.",
        replace=("au moins deux fois par an", "au moins trois fois par an"),
    )  # fmt: skip
    s.support(a6, marcel, aicha, NADIA, ines, CLAIRE)
    s.support(a7, ines, NADIA)
    s.support(a8, CLAIRE, aicha)
    s.support(a8, SOPHIE, position="oppose")
    s.reply(
        NADIA, notes["faciale"],
        "L’amendement A-2 et son sous-amendement seront soumis au conseil.",
    )  # fmt: skip
    s.do(comments.set_resolved, camille, notes["faciale"], True)
    s.at(paris(2026, 2, 12, 20, 0))
    s.do(workshops.record_tally, camille, a6, 17, 0, 3)
    s.do(workshops.record_tally, camille, a8, 8, 9, 3)
    s.dots(marcel, {a6: 3})
    s.dots(aicha, {"accessibilite-numerique": 1, a6: 2})
    s.dots(ines, {a7: 2, "formation-agents-elus": 1})
    s.dots(paul, {"inclusion-mediation": 2, "accessibilite-numerique": 1})
    s.at(paris(2026, 2, 12, 20, 30))
    s.do(workshops.end_workshop, camille)
    # Before the council, the writer takes A-7's words into the text: the amendment falls.
    s.at(paris(2026, 3, 2, 10, 0))
    s.edit(
        SOPHIE, "formation-agents-elus",
        "Les agents d’accueil reçoivent en outre une formation",
        "Les agents d’accueil, de la médiathèque et des maisons France services reçoivent en "
        "outre une formation",
        "Principe 10 : les agents de la médiathèque et des maisons France services",
    )  # fmt: skip
    notes.update({"a6": a6, "a7": a7, "a8": a8})


def _council(s: Story) -> None:
    notes = s.notes
    ref, day = "Délibération 2026-031", date(2026, 3, 19)
    s.at(paris(2026, 3, 19, 21, 10))
    s.decide(JEAN_MARC, notes["a5"], Outcome.REJECTED, (14, 22, 3), ref, day)
    s.decide(JEAN_MARC, notes["a8"], Outcome.REJECTED, (12, 20, 3), ref, day)
    s.decide(JEAN_MARC, notes["a7"], Outcome.FALLEN, None, ref, day)
    adopted = [
        (notes[key], Decision(Outcome.ADOPTED, Votes(*votes), ref, day))
        for key, votes in (("a1", (31, 4, 2)), ("a2", (27, 9, 3)), ("a4", (33, 2, 2)),
                           ("a6", (37, 0, 0)))
    ]  # fmt: skip
    s.do(council.adopt, JEAN_MARC, adopted)
    s.at(paris(2026, 3, 19, 21, 40))
    charter = s.session.repository.load()
    s.set_statuses(
        SOPHIE, PrincipleStatus.ADOPTED, [p.id for p in charter.principles],
        "Tous les principes adoptés par le conseil du 19 mars 2026",
    )  # fmt: skip
    s.do(council.adopt_version, JEAN_MARC, "v1.0", ref, day, renumber=True)


def _version_one_point_one(s: Story) -> None:
    p = s.people
    camille, marcel, aicha = p["Camille Roques"], p["Marcel Dupuy"], p["Aïcha Benali"]
    paul, helene, ines = p["Paul Escande"], p["Hélène Marty"], p["Inès Garcia"]
    s.at(paris(2026, 9, 21, 17, 0))
    s.set_statuses(
        SOPHIE, PrincipleStatus.UNDER_DISCUSSION,
        ["gouvernance-partagee", "transparence-donnees-ouvertes", "numerique-responsable"],
        "Version 1.1 : trois principes remis en discussion pour l’atelier de bilan",
    )  # fmt: skip
    s.at(paris(2026, 9, 26, 9, 30))
    s.do(
        workshops.start_workshop, camille, "Bilan, six mois après",
        day="2026-09-26", place="Salle du conseil, Castelnau-la-Lèze",
        attendance={"resident": 14, "elected": 3, "association": 3, "business": 1, "staff": 2},
        participants=[marcel, aicha, paul, CLAIRE, LILI, THOMAS, SOPHIE, JEAN_MARC],
        dots=3,
    )  # fmt: skip
    s.at(paris(2026, 9, 26, 10, 0))
    a9 = s.amend(
        aicha, "gouvernance-partagee",
        "Beaucoup de parents ne peuvent pas se déplacer le soir : suivre la réunion depuis "
        "chez soi, c’est déjà participer.",
        replace=(
            "Les réunions du comité sont ouvertes au public",
            "Les réunions du comité sont ouvertes au public, retransmises en direct",
        ),
    )  # fmt: skip
    a10 = s.amend(
        paul, "transparence-donnees-ouvertes",
        "Une liste de subventions sans leurs montants ne permet pas de suivre l’argent public.",
        replace=(
            "les subventions versées aux associations et les principaux marchés publics ;",
            "les subventions versées aux associations, avec leurs montants, et les principaux "
            "marchés publics ;",
        ),
    )  # fmt: skip
    a11 = s.amend(
        CLAIRE, "transparence-donnees-ouvertes",
        "Un mois, c’est long quand on prépare un dossier : quinze jours suffisent pour dire "
        "oui ou non.",
        replace=("dans un délai d’un mois", "dans un délai de quinze jours"),
    )  # fmt: skip
    a12 = s.amend(
        THOMAS, "numerique-responsable",
        "Le réemploi local crée des emplois ici : il faut le dire.",
        replace=(
            "à des structures locales de réemploi,",
            "à des structures locales de réemploi, qui emploient des habitants du territoire,",
        ),
    )  # fmt: skip
    s.support(a9, aicha, marcel, CLAIRE)
    s.support(a10, paul, LILI)
    s.support(a11, CLAIRE, marcel)
    s.support(a11, SOPHIE, position="oppose")
    bilan = s.comment(
        marcel, "inclusion-mediation",
        "Depuis mars, le samedi matin à la mairie, ça marche : nous étions huit la dernière "
        "fois.",
        quote="dont au moins un samedi matin par mois dans chaque commune",
    )  # fmt: skip
    s.support(bilan, aicha, NADIA)
    carte = s.comment(
        paul, _principle_titled(s, "Une connexion"),
        "La carte de couverture a été publiée en juin : merci. Les relevés des habitants y "
        "figurent-ils ?",
    )  # fmt: skip
    s.reply(SOPHIE, carte, "Pas encore ; ils seront ajoutés pour le bilan de décembre.")
    s.do(workshops.record_tally, camille, a9, 19, 2, 2)
    s.dots(marcel, {a9: 1, "inclusion-mediation": 2})
    s.dots(aicha, {a9: 3})
    s.dots(CLAIRE, {a11: 2, a9: 1})
    s.at(paris(2026, 9, 26, 12, 15))
    s.do(workshops.end_workshop, camille)
    # After the workshop, the writer revises the transparency principle: Claire's amendment on
    # the same words now conflicts, Paul's (elsewhere in the text) needs an update, and the
    # words Thomas proposed are taken in as they are, so his amendment falls.
    s.at(paris(2026, 10, 5, 11, 0))
    s.edit(
        SOPHIE, "transparence-donnees-ouvertes",
        "dans un délai d’un mois",
        "dans un délai de trois semaines",
        "Principe 6 : un délai de réponse plus court (bilan de septembre)",
    )  # fmt: skip
    s.edit(
        SOPHIE, "numerique-responsable",
        "à des structures locales de réemploi,",
        "à des structures locales de réemploi, qui emploient des habitants du territoire,",
        "Principe 9 : le réemploi local et l’emploi (bilan de septembre)",
    )  # fmt: skip
    s.at(paris(2026, 10, 12, 20, 30))
    s.amend(
        LILI, "droits-libertes",
        "Le droit de ne pas être suivi doit valoir aussi pour les applications mobiles de la "
        "collectivité.",
        replace=(
            "y compris sur ses propres sites,",
            "y compris sur ses propres sites et applications,",
        ),
        draft=True,
    )  # fmt: skip
    s.comment(
        helene, "droits-libertes",
        "Le bilan annuel des caméras a été présenté en juin ; il devrait être publié en ligne "
        "lui aussi.",
        quote="bilan annuel présenté en conseil",
    )  # fmt: skip
    s.comment(
        ines, "accessibilite-numerique",
        "La déclaration d’accessibilité du site de la médiathèque est en ligne depuis "
        "septembre.",
    )  # fmt: skip
    _ = (a12, helene)


def _replaced(body: str, old: str, new: str) -> str:
    return body.replace(found_in(body, old), typeset(new))


def _principle_titled(s: Story, start: str) -> str:
    for principle in s.session.repository.load().principles:
        if principle.title.startswith(start):
            return principle.id
    raise KeyError(start)


def write_bundle(session: Session, target: Path) -> Path:
    """The story's history as ``target`` (a bundle) and ``target.sha256``."""
    exported = export_bundle(session.repository, target, sender=SENDER)
    return exported.path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=templates_dir() / NAME / STORY_BUNDLE,
        help="where to write the bundle (default: beside the example's first text)",
    )
    parser.add_argument("--keep", type=Path, help="also keep the charter folder there")
    arguments = parser.parse_args(argv)
    i18n.set_language("fr")  # the charter's language: commit messages are part of the story
    with identifiers.using(identifiers.SeededIds(SEED)), tempfile.TemporaryDirectory() as work:
        folder = arguments.keep or Path(work) / NAME
        with play(folder) as session:
            path = write_bundle(session, arguments.out.resolve())
            head = session.repository.git.head()
    print(f"{path}: {head}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__ = ["NAME", "SEED", "Story", "main", "play", "write_bundle"]
