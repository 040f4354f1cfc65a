"""Who took part and how: contributions by role, principle, workshop and day, for the council.

A contribution is a comment, a reply, an amendment (its file), a support or a dot placement;
edits, retractions and moderation are not counted. Each is dated by the workshop it was captured
in when there is one (the day the facilitator gave, not a laptop clock), else by its own ``at``,
and never before what it answers (a reply is not counted before its comment, a support not
before its amendment), so a laptop whose clock is off cannot reorder the story.
:func:`participation` gives plain data for charts; :meth:`Participation.tables` the same as
captioned tables for screen readers and the minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from charter_app.core.amendments import Amendment
from charter_app.core.comments import COMMENT, REPLY
from charter_app.core.dots import DOT
from charter_app.core.events import Event
from charter_app.core.model import ROLE_LABELS, Charter, Role
from charter_app.core.supports import SUPPORT
from charter_app.core.workshops import WorkshopRegister
from charter_app.i18n import N_, _

AMENDMENT = "amendment"
KINDS = (COMMENT, REPLY, AMENDMENT, SUPPORT, DOT)
KIND_LABELS: dict[str, str] = {
    COMMENT: N_("Comments"),
    REPLY: N_("Replies"),
    AMENDMENT: N_("Amendments"),
    SUPPORT: N_("Supports"),
    DOT: N_("Dots"),
}
UNKNOWN_ROLE = "unknown"
ROLES = (*(role.value for role in Role), UNKNOWN_ROLE)


def role_label(role: str) -> str:
    return _(ROLE_LABELS[Role(role)]) if role in Role.__members__.values() else _("Unknown")


@dataclass(frozen=True)
class Contribution:
    """One thing one participant did."""

    kind: str
    """comment, reply, amendment, support or dot."""
    participant: str
    role: str
    """A :class:`Role` value, or ``unknown`` for an erased participant."""
    principle: str | None
    """The principle it is about (through its amendment or comment); None when unknown."""
    workshop: str | None
    """The workshop's id (start event id) it was captured in; None outside workshops."""
    day: date
    source: str
    """The event id, or the amendment id."""


@dataclass(frozen=True)
class Table:
    """A captioned table of text: what a screen reader reads, what the minutes print."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    """Each row starts with its row header."""


Counts = dict[str, int]


def _by_role() -> Counts:
    return dict.fromkeys(ROLES, 0)


@dataclass(frozen=True)
class Participation:
    """Every contribution, with the counts charts need."""

    contributions: tuple[Contribution, ...]
    workshop_labels: Mapping[str, str]
    """Workshop id -> ``W-3``."""
    principle_labels: Mapping[str, str]
    """Principle id -> ``3. Title``."""

    def by_role(self) -> dict[str, Counts]:
        """Role -> kind -> count (every role and kind present, zeros included)."""
        table = {role: dict.fromkeys(KINDS, 0) for role in ROLES}
        for item in self.contributions:
            table[item.role][item.kind] += 1
        return table

    def people_by_role(self) -> Counts:
        """Role -> distinct participants who contributed anything."""
        people: dict[str, set[str]] = {role: set() for role in ROLES}
        for item in self.contributions:
            people[item.role].add(item.participant)
        return {role: len(ids) for role, ids in people.items()}

    def _grouped(self, key: str) -> dict[str, Counts]:
        table: dict[str, Counts] = {}
        for item in self.contributions:
            value = getattr(item, key)
            table.setdefault("" if value is None else str(value), _by_role())[item.role] += 1
        return table

    def by_principle(self) -> dict[str, Counts]:
        """Principle id ("" when unknown) -> role -> count, in charter order."""
        grouped = self._grouped("principle")
        order = [*self.principle_labels, ""]
        return {pid: grouped[pid] for pid in order if pid in grouped}

    def by_workshop(self) -> dict[str, Counts]:
        """Workshop id ("" outside workshops) -> role -> count, by workshop number."""
        grouped = self._grouped("workshop")
        order = [*self.workshop_labels, ""]
        return {wid: grouped[wid] for wid in order if wid in grouped}

    def by_day(self) -> list[tuple[date, Counts]]:
        """(day, role -> count), oldest day first."""
        table: dict[date, Counts] = {}
        for item in self.contributions:
            table.setdefault(item.day, _by_role())[item.role] += 1
        return sorted(table.items())

    def resident_share(self) -> float:
        """Share of contributions made by residents (0 when there are none)."""
        if not self.contributions:
            return 0.0
        residents = sum(1 for item in self.contributions if item.role == Role.RESIDENT.value)
        return residents / len(self.contributions)

    def tables(self) -> list[Table]:
        """The same counts as captioned text tables (roles as columns, totals last)."""
        roles = tuple(role_label(role) for role in ROLES)
        by_role = self.by_role()
        people = self.people_by_role()
        kinds_table = Table(
            _("Contributions by role"),
            (_("Role"), *(_(KIND_LABELS[k]) for k in KINDS), _("Participants")),
            tuple(
                (role_label(role), *(str(by_role[role][k]) for k in KINDS), str(people[role]))
                for role in ROLES
            ),
        )

        def rows(
            groups: Mapping[str, Counts], name: Mapping[str, str], other: str
        ) -> tuple[tuple[str, ...], ...]:
            return tuple(
                (name.get(key, other) if key else other,
                 *(str(counts[r]) for r in ROLES), str(sum(counts.values())))
                for key, counts in groups.items()
            )  # fmt: skip

        headers = (*roles, _("Total"))
        return [
            kinds_table,
            Table(
                _("Contributions by principle"),
                (_("Principle"), *headers),
                rows(self.by_principle(), self.principle_labels, _("Not tied to a principle")),
            ),
            Table(
                _("Contributions by workshop"),
                (_("Workshop"), *headers),
                rows(self.by_workshop(), self.workshop_labels, _("Outside workshops")),
            ),
            Table(
                _("Contributions by day"),
                (_("Day"), *headers),
                tuple(
                    (day.isoformat(), *(str(c[r]) for r in ROLES), str(sum(c.values())))
                    for day, c in self.by_day()
                ),
            ),
        ]


def participation(
    charter: Charter,
    events: Sequence[Event],
    amendments: Iterable[Amendment],
    register: WorkshopRegister,
) -> Participation:
    """Every contribution in ``events`` and ``amendments`` (the files), attributed and dated."""
    roles = {p.id: p.role.value for p in charter.participants}
    amendments_by_id = {a.id: a for a in amendments}
    events_by_id = {e.id: e for e in events}
    day_of: dict[str, date] = {}
    principle_of: dict[str, str | None] = {}
    workshop_of: dict[str, str | None] = {}

    def own_day(workshop_id: str | None, moment_day: date) -> date:
        workshop = register.get(workshop_id) if workshop_id else None
        if workshop is not None:
            try:
                return date.fromisoformat(workshop.date)
            except ValueError:
                pass
        return moment_day

    def amendment_principle(amendment_id: str, depth: int = 0) -> str | None:
        amendment = amendments_by_id.get(amendment_id)
        if amendment is None or depth > 8:
            return None
        if amendment.is_sub:
            return amendment_principle(amendment.target, depth + 1)
        return amendment.target

    for amendment in amendments_by_id.values():
        workshop = register.attribute(amendment.workshop, amendment.created, amendment.author)
        workshop_of[amendment.id] = workshop.id if workshop else None
        day_of[amendment.id] = own_day(workshop_of[amendment.id], amendment.created.date())
        principle_of[amendment.id] = amendment_principle(amendment.id)

    def resolve(event: Event, depth: int = 0) -> None:
        """Principle, workshop and day of ``event``, after those of what it answers."""
        if event.id in day_of or depth > 50:
            return
        target = str(event.get("target", ""))
        workshop = register.attribute(event.workshop, event.at, event.by)
        workshop_of[event.id] = workshop.id if workshop else None
        day = own_day(workshop_of[event.id], event.at.date())
        parent = events_by_id.get(target)
        if parent is not None and parent.type in (COMMENT, REPLY):
            resolve(parent, depth + 1)
        if event.type == REPLY or event.get("about") == COMMENT:
            principle = principle_of.get(target)
        elif event.get("about") == AMENDMENT:
            principle = principle_of.get(target, amendment_principle(target))
        else:
            principle = target if charter.principle(target) is not None else None
        principle_of[event.id] = principle
        # Never before what it answers: a clock running late cannot move it earlier.
        if target in day_of:
            day = max(day, day_of[target])
        day_of[event.id] = day

    counted = [e for e in events if e.type in (COMMENT, REPLY, SUPPORT, DOT)]
    for event in counted:
        resolve(event)
    contributions = [
        Contribution(
            AMENDMENT,
            a.author,
            roles.get(a.author, UNKNOWN_ROLE),
            principle_of[a.id],
            workshop_of[a.id],
            day_of[a.id],
            a.id,
        )
        for a in amendments_by_id.values()
    ]
    contributions += [
        Contribution(
            e.type,
            e.by,
            roles.get(e.by, UNKNOWN_ROLE),
            principle_of[e.id],
            workshop_of[e.id],
            day_of[e.id],
            e.id,
        )
        for e in counted
        if not (e.type == DOT and _count(e) <= 0)  # taking dots back is not a contribution
    ]
    contributions.sort(key=lambda c: (c.day, c.source))
    return Participation(
        tuple(contributions),
        {w.id: w.label for w in register.workshops},
        {p.id: f"{p.number}. {p.title}" for p in charter.principles},
    )


def _count(event: Event) -> int:
    try:
        return int(str(event.get("count", "")))
    except ValueError:
        return 0
