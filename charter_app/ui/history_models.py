"""What the history browser shows, read off the UI thread, and the Qt models that show it.

The loaders (``load_*``) run in a worker thread on the browser's own repository (git objects
are not shared between threads: :class:`SharedRepository` serialises its use); they return
plain dataclasses. The models only adapt those to Qt, and every coloured cell also says its
value in words, so nothing is told by colour alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from charter_app.core.blame import Attribution, BlameSpan, PrincipleBlame
from charter_app.core.model import Charter
from charter_app.core.participants import names_by_id
from charter_app.core.revision import Revision
from charter_app.i18n import _
from charter_app.ui.history_panel import format_when
from charter_app.ui.shared_repository import SharedRepository

__all__ = ["SharedRepository"]  # still importable from here

_ROOT = QModelIndex()
SHA_ROLE = Qt.UserRole + 1
SHARE_ROLE = Qt.UserRole + 2
T = TypeVar("T")


# --- the timeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One commit as the timeline shows it."""

    sha: str
    who: str
    """The participant's name, "Removed participant" once erased (their id if unknown)."""
    when: datetime
    message: str
    amendments: tuple[str, ...]
    """``Charter-Amendment`` trailers, e.g. ``A-12``."""
    decisions: tuple[str, ...]
    """``Charter-Decision`` trailers, e.g. ``adopted``."""
    workshops: tuple[str, ...]
    """``Charter-Workshop`` trailers."""
    versions: tuple[str, ...]
    """Adopted versions (tags) made on this commit."""

    def badges(self) -> list[str]:
        """Text badges, e.g. ``[Amendment A-3] [Decision: adopted]`` (never colour alone)."""
        found = [_("Amendment {number}").format(number=a) for a in self.amendments]
        found += [_("Decision: {outcome}").format(outcome=d) for d in self.decisions]
        found += [_("Workshop {name}").format(name=w) for w in self.workshops]
        found += [_("Version {name}").format(name=v) for v in self.versions]
        return found


def participant_names(charter: Charter | None) -> dict[str, str]:
    names = names_by_id(charter)
    names["charter-studio"] = _("Charter Studio (automatic)")
    return names


def _all(revision: Revision, key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for k, v in revision.trailers if k.lower() == key.lower()))


def timeline_entries(
    revisions: Sequence[Revision], names: dict[str, str], tags: dict[str, list[str]]
) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            r.sha,
            names.get(r.author, r.author),
            r.authored_at,
            r.subject,
            _all(r, "Charter-Amendment"),
            _all(r, "Charter-Decision"),
            _all(r, "Charter-Workshop"),
            tuple(tags.get(r.sha, ())),
        )
        for r in revisions
    ]


def load_timeline(repository: Any, principle_id: str | None) -> tuple[list[Revision], dict]:
    """The commits of the charter or of one principle (newest first) and the tags by commit."""
    tags: dict[str, list[str]] = {}
    for tag in repository.tags():
        tags.setdefault(tag.target, []).append(tag.name)
    return repository.history(principle_id), tags


def charter_text(charter: Charter) -> str:
    """The whole charter as plain text, for reading a past state and for diffs."""
    parts = [charter.title, charter.preamble]
    parts += [f"{p.number}. {p.title}\n\n{p.body}" for p in charter.principles]
    return "\n\n".join(part for part in parts if part)


@dataclass(frozen=True)
class PastText:
    """A principle's (or the charter's) text at a commit."""

    sha: str
    text: str
    """Empty when the principle did not exist then."""
    title: str | None
    body: str | None
    """None for the charter as a whole, or when the principle did not exist then."""


def load_text_at(repository: Any, principle_id: str | None, sha: str) -> PastText:
    if principle_id is None:
        return PastText(sha, charter_text(repository.load(sha)), None, None)
    principle = repository.principle_at(principle_id, sha)
    if principle is None:
        return PastText(sha, "", None, None)
    return PastText(
        sha,
        f"{principle.number}. {principle.title}\n\n{principle.body}",
        principle.title,
        principle.body,
    )


class TimelineModel(QAbstractTableModel):
    """Commits, newest first: when, who, what, and the amendment/decision/workshop badges."""

    WHEN, WHO, WHAT, BADGES = range(4)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 4

    def entry(self, row: int) -> TimelineEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Vertical:
            return str(section + 1)
        return (_("When"), _("Who"), _("What"), _("Amendment, decision, workshop"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        entry = self.entry(index.row())
        if entry is None:
            return None
        if role == Qt.DisplayRole:
            column = index.column()
            if column == self.WHEN:
                return format_when(entry.when)
            if column == self.WHO:
                return entry.who
            if column == self.WHAT:
                return entry.message
            return " ".join(f"[{badge}]" for badge in entry.badges())
        if role in (Qt.ToolTipRole, Qt.AccessibleTextRole):
            badges = "; ".join(entry.badges())
            text = _("{who}, {when}: {message}").format(
                who=entry.who, when=format_when(entry.when), message=entry.message
            )
            return f"{text} ({badges})" if badges else text
        if role == SHA_ROLE:
            return entry.sha
        return None

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def retranslate(self) -> None:
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, 3))
        self.headerDataChanged.emit(Qt.Horizontal, 0, 3)


# --- who wrote this -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedBlame:
    blame: PrincipleBlame
    proposers: dict[str, str]
    """Amendment number -> who proposed it (see :meth:`Ledger.proposers`)."""


def load_blame(repository: Any, principle_id: str) -> LoadedBlame | None:
    """The principle's blame at HEAD and who proposed each amendment (None when the principle is
    not in the saved charter)."""
    from charter_app.core.blame import blame_principle
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.sync import HistoryTexts

    if repository.load("HEAD").principle(principle_id) is None:
        return None
    blame = blame_principle(HistoryTexts(repository), principle_id)
    return LoadedBlame(blame, AmendmentBook(repository).ledger().proposers())


@dataclass(frozen=True)
class Source:
    """One distinct origin of passages: a commit, with who, amendment and workshop."""

    marker: int
    """The number shown after each passage, [1], [2]…"""
    attribution: Attribution
    who: str
    """Whose words these are: the amendment's proposer, else the commit's author."""
    recorded_by: str = ""
    """Who recorded the change when that is someone else (the council's secretary...)."""


def sources_of(
    spans: Sequence[BlameSpan], names: dict[str, str], proposers: dict[str, str] | None = None
) -> dict[str, Source]:
    """Origins by commit, numbered in reading order; an adopted amendment's words are credited to
    the participant who proposed it, as ``charter blame`` does."""
    proposers = proposers or {}
    found: dict[str, Source] = {}
    for span in spans:
        for attribution in (span.attribution, *span.others):
            if attribution.commit in found:
                continue
            proposer = proposers.get(attribution.amendment or "")
            who = proposer if proposer is not None else attribution.author
            recorder = attribution.author if who != attribution.author else ""
            found[attribution.commit] = Source(
                len(found) + 1,
                attribution,
                names.get(who, who),
                names.get(recorder, recorder),
            )
    return found


class AttributionModel(QAbstractTableModel):
    """Passage → marker, participant, amendment, workshop, date, commit message."""

    MARKER, PASSAGE, WHO, AMENDMENT, WORKSHOP, WHEN, WHAT = range(7)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._spans: list[BlameSpan] = []
        self._sources: dict[str, Source] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 7

    def set_spans(self, spans: Sequence[BlameSpan], sources: dict[str, Source]) -> None:
        self.beginResetModel()
        self._spans = [span for span in spans if span.text.strip()]
        self._sources = sources
        self.endResetModel()

    def span_at(self, row: int) -> BlameSpan | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def source_at(self, row: int) -> Source | None:
        span = self.span_at(row)
        return self._sources.get(span.attribution.commit) if span else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Vertical:
            return str(section + 1)
        return (
            _("Mark"),
            _("Passage"),
            _("Participant"),
            _("Amendment"),
            _("Workshop"),
            _("When"),
            _("Change"),
        )[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        span, source = self.span_at(index.row()), self.source_at(index.row())
        if span is None or source is None:
            return None
        attribution = span.attribution
        if role == Qt.DisplayRole:
            marks = [source.marker] + [
                self._sources[o.commit].marker for o in span.others if o.commit in self._sources
            ]
            return (
                "[" + "+".join(str(n) for n in dict.fromkeys(marks)) + "]",
                " ".join(span.text.split()),
                source.who,
                attribution.amendment or _("none"),
                attribution.workshop or _("none"),
                format_when(attribution.authored_at),
                attribution.subject,
            )[index.column()]
        if role in (Qt.ToolTipRole, Qt.AccessibleTextRole):
            return describe_source(source, span)
        if role == SHA_ROLE:
            return attribution.commit
        return None

    def retranslate(self) -> None:
        if self._spans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, 6))
        self.headerDataChanged.emit(Qt.Horizontal, 0, 6)


def describe_source(source: Source, span: BlameSpan | None = None) -> str:
    """« Written by Claire, through amendment A-3, in workshop W-1, on 12 March 2026 »."""
    attribution = source.attribution
    parts = [_("written by {who}").format(who=source.who)]
    if attribution.amendment:
        parts.append(_("through amendment {number}").format(number=attribution.amendment))
    if source.recorded_by:
        parts.append(_("recorded by {name}").format(name=source.recorded_by))
    if attribution.workshop:
        parts.append(_("in workshop {name}").format(name=attribution.workshop))
    parts.append(_("on {when}").format(when=format_when(attribution.authored_at)))
    text = _("[{marker}] {details} ({message})").format(
        marker=source.marker, details=", ".join(parts), message=attribution.subject
    )
    if span is not None and span.others:
        text += " " + _("Some words by other commits too ({count}).").format(count=len(span.others))
    return text


# --- versions over time ----------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def changed_share(old: str, new: str) -> float:
    """Share of words changed between two texts, 0.0 to 1.0: words deleted plus words inserted
    over the words of both texts (from the word diff of :mod:`charter_app.diffing`)."""
    from charter_app.diffing import diff_words

    if old == new:
        return 0.0
    total = len(_WORD.findall(old)) + len(_WORD.findall(new))
    if total == 0:
        return 1.0
    changed = sum(
        len(_WORD.findall(op.text)) for op in diff_words(old, new).ops if op.kind != "equal"
    )
    return min(1.0, changed / total)


@dataclass(frozen=True)
class VersionColumn:
    name: str
    target: str
    date: str
    ref: str
    amendments: tuple[str, ...]
    """Amendments adopted since the previous version."""
    text: str
    """The whole charter at this version, as plain text."""


@dataclass(frozen=True)
class GridRow:
    principle_id: str
    label: str
    """« 3. Title » as in the latest version that has it."""
    cells: tuple[float | None | str, ...]
    """Per version: the share changed since the previous version; ``"new"``, ``"absent"``,
    ``"removed"``; None for the first version (nothing to compare)."""


@dataclass(frozen=True)
class VersionsData:
    versions: tuple[VersionColumn, ...]
    rows: tuple[GridRow, ...]


def graph_order(targets: Sequence[str], is_ancestor: Callable[[str, str], bool]) -> list[int]:
    """Indexes of ``targets`` so that an ancestor always comes before its descendants (the
    commit graph, never dates); unrelated ones keep their given order."""
    remaining = list(range(len(targets)))
    ordered: list[int] = []
    while remaining:
        for k in remaining:
            if not any(
                o != k and targets[o] != targets[k] and is_ancestor(targets[o], targets[k])
                for o in remaining
            ):
                ordered.append(k)
                remaining.remove(k)
                break
        else:  # a cycle cannot happen in a commit graph; keep going anyway
            ordered += remaining
            break
    return ordered


def load_versions(repository: Any) -> VersionsData:
    """Adopted versions in commit-graph order, and how much each principle changed."""
    from charter_app.storage.versions import adopted_versions

    found = adopted_versions(repository)
    order = graph_order([v.commit for v in found], repository.git.is_ancestor)
    versions = [found[k] for k in order]
    charters = [repository.load(v.commit) for v in versions]
    columns = tuple(
        VersionColumn(v.name, v.commit, v.date, v.ref, v.amendments, charter_text(c))
        for v, c in zip(versions, charters, strict=True)
    )
    labels: dict[str, str] = {}
    ids: list[str] = []
    for charter in reversed(charters):
        for p in charter.principles:
            if p.id not in labels:
                labels[p.id] = f"{p.number}. {p.title}"
                ids.append(p.id)
    rows = []
    for principle_id in ids:
        cells: list[float | None | str] = []
        previous = None
        for k, charter in enumerate(charters):
            principle = charter.principle(principle_id)
            if k == 0:
                cells.append(None if principle else "absent")
            elif principle is None:
                cells.append("removed" if previous is not None else "absent")
            elif previous is None:
                cells.append("new")
            else:
                old = f"{previous.title}\n\n{previous.body}"
                cells.append(changed_share(old, f"{principle.title}\n\n{principle.body}"))
            previous = principle
        rows.append(GridRow(principle_id, labels[principle_id], tuple(cells)))
    return VersionsData(columns, tuple(rows))


def cell_text(cell: float | None | str) -> str:
    if cell is None:
        return _("first version")
    if cell == "new":
        return _("new")
    if cell == "removed":
        return _("removed")
    if cell == "absent":
        return "—"
    assert isinstance(cell, float)
    if cell == 0:
        return _("unchanged")
    return _("{percent} % changed").format(percent=max(1, round(cell * 100)))


class VersionGridModel(QAbstractTableModel):
    """Principles × versions; each cell says in words how much changed, and is shaded too."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._data = VersionsData((), ())

    def set_data(self, data: VersionsData) -> None:
        self.beginResetModel()
        self._data = data
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._data.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._data.versions)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        if orientation == Qt.Horizontal:
            if not 0 <= section < len(self._data.versions):
                return None
            return self._data.versions[section].name
        if not 0 <= section < len(self._data.rows):
            return None
        return self._data.rows[section].label

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._data.rows) and 0 <= column < len(self._data.versions)):
            return None
        cell = self._data.rows[row].cells[column]
        if role == Qt.DisplayRole:
            return cell_text(cell)
        if role in (Qt.ToolTipRole, Qt.AccessibleTextRole):
            return _("{principle}, version {version}: {change}").format(
                principle=self._data.rows[row].label,
                version=self._data.versions[column].name,
                change=cell_text(cell),
            )
        if role == SHARE_ROLE:
            return cell
        if role == Qt.BackgroundRole and isinstance(cell, float) and cell > 0:
            # Shade as a second cue only: the text already says the number.
            color = QColor(255, 170, 0)
            color.setAlphaF(0.15 + 0.6 * cell)
            return color
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignCenter)
        return None

    @property
    def versions(self) -> tuple[VersionColumn, ...]:
        return self._data.versions

    def retranslate(self) -> None:
        if self._data.rows and self._data.versions:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._data.rows) - 1, len(self._data.versions) - 1),
            )
