"""What the comments panel shows: data read off the UI thread, filters, and the thread tree model.

:func:`load_comment_data` reads every event once (in a worker) and folds threads, supports and
the counts of the principle list; :func:`anchor_entries` places one principle's threads in its
current (working) text. :class:`ThreadTreeModel` adapts the resulting plain
:class:`ThreadEntry` values for a tree view: threads at the top level, their replies below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from charter_app.core.comments import CommentBoard, CommentView, Thread, anchor_threads
from charter_app.core.events import Event
from charter_app.core.model import ROLE_LABELS, Charter, Participant, Role
from charter_app.core.supports import POSITION_LABELS, UNKNOWN_ROLE, Position, Tally
from charter_app.diffing.anchoring import Anchor
from charter_app.i18n import N_, _

STATE_LABELS = {
    "anchored": N_("in place"),
    "moved": N_("moved"),
    "changed": N_("words changed"),
    "orphaned": N_("words no longer in the text"),
}
STATE_HELP = {
    "anchored": N_("the passage is where it was, with the same words"),
    "moved": N_("the same words are now elsewhere in the text"),
    "changed": N_("the passage was edited since the comment"),
    "orphaned": N_("the passage is no longer in the text"),
}

# Filters of the panel: (key, label).
STATUS_FILTERS = (
    ("all", N_("All threads")),
    ("open", N_("Open threads")),
    ("resolved", N_("Resolved threads")),
    ("orphaned", N_("Threads whose words are gone")),
)

THREAD_ID_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1
COMMENT_ID_ROLE = THREAD_ID_ROLE + 1
_ROOT = QModelIndex()
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)


# -- reading, off the UI thread --------------------------------------------------------------------


@dataclass(frozen=True)
class CommentData:
    """Every comment thread and support of the charter, as read in one pass."""

    events: tuple[Event, ...]
    board: CommentBoard
    tallies: Mapping[str, Tally]
    """Comment id -> positions taken on it."""
    counts: Mapping[str, tuple[int, int]]
    """Principle id -> (live comment threads, amendments on it) for the principle list."""


def load_comment_data(path: Path, participants: Sequence[Participant]) -> CommentData:
    """Read events and amendments of the charter at ``path`` (a repository of this thread's
    own: git objects are not shared between threads)."""
    from charter_app.core.comments import fold_comments
    from charter_app.core.supports import fold_supports
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.repository import CharterRepository

    with CharterRepository.open(path) as repository:
        events = tuple(repository.events())
        amendments = AmendmentBook(repository).amendments()
    board = fold_comments(events)
    tallies = fold_supports(events, participants)
    counts: dict[str, list[int]] = {}
    for thread in board.threads:
        if thread.about == "principle" and not thread.root.retracted:
            counts.setdefault(thread.target, [0, 0])[0] += 1
    for amendment in amendments:
        if amendment.kind.value in ("modify", "delete"):
            counts.setdefault(amendment.target, [0, 0])[1] += 1
    return CommentData(events, board, tallies, {k: (v[0], v[1]) for k, v in counts.items()})


@dataclass(frozen=True)
class ThreadEntry:
    """One thread as the panel shows it: where it stands in the text, and who took part."""

    thread: Thread
    anchor: Anchor | None
    """Where its passage is now; None for a comment on the whole principle."""
    people: frozenset[str] = frozenset()
    """Participant ids of the first comment's and the replies' authors."""

    @property
    def state(self) -> str:
        """anchored, moved, changed, orphaned; "whole" for a whole-principle comment."""
        return "whole" if self.anchor is None else self.anchor.state

    @property
    def position(self) -> tuple[int, int]:
        """Sort key: passages in text order, then whole-principle comments, then orphans."""
        if self.anchor is None:
            return (1, 0)
        if not self.anchor.found or self.anchor.start is None:
            return (2, 0)
        return (0, self.anchor.start)


def anchor_entries(
    threads: Iterable[Thread],
    charter: Charter,
    text_at: Callable[[str, str], str | None],
) -> list[ThreadEntry]:
    """Entries for ``threads`` placed in ``charter`` (the working copy), in reading order."""
    threads = list(threads)
    anchors = anchor_threads(threads, charter, text_at)
    entries = [
        ThreadEntry(
            thread,
            anchors.get(thread.id),
            frozenset({thread.root.author, *(r.author for r in thread.replies)}),
        )
        for thread in threads
    ]
    entries.sort(key=lambda e: (e.position, e.thread.root.at, e.thread.id))
    return entries


def repository_text_at(path: Path, known: Mapping[tuple[str, str], str | None]):
    """``text_at`` for :func:`anchor_threads`: ``known`` texts first, else read from git at
    ``path`` (opened once, only if needed). Returns (text_at, newly read texts)."""
    from charter_app.errors import CharterError
    from charter_app.storage.repository import CharterRepository

    fetched: dict[tuple[str, str], str | None] = {}
    opened: list[CharterRepository] = []

    def text_at(principle_id: str, commit: str) -> str | None:
        key = (principle_id, commit)
        if key in known:
            return known[key]
        if key not in fetched:
            if not opened:
                opened.append(CharterRepository.open(path))
            try:
                principle = opened[0].principle_at(principle_id, commit)
            except CharterError:
                principle = None  # the commit is not in this copy (yet)
            fetched[key] = principle.body if principle is not None else None
        return fetched[key]

    def close() -> None:
        for repository in opened:
            repository.close()

    return text_at, fetched, close


# -- filters ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadFilter:
    """What the person asked to see. Author and role match anyone who wrote in the thread."""

    status: str = "all"
    author: str = ""
    role: str = ""
    roles: Mapping[str, str] = field(default_factory=dict)
    """Participant id -> role value, to filter by role."""

    def accepts(self, entry: ThreadEntry) -> bool:
        thread = entry.thread
        if self.status == "open" and thread.resolved:
            return False
        if self.status == "resolved" and not thread.resolved:
            return False
        if self.status == "orphaned" and entry.state != "orphaned":
            return False
        if self.author and self.author not in entry.people:
            return False
        return not self.role or any(
            self.roles.get(person, UNKNOWN_ROLE) == self.role for person in entry.people
        )


# -- texts -----------------------------------------------------------------------------------------


def role_label(role: str) -> str:
    try:
        return _(ROLE_LABELS[Role(role)])
    except ValueError:
        return _("unknown role")


def state_text(entry: ThreadEntry) -> str:
    if entry.anchor is None:
        return _("whole principle")
    return _(STATE_LABELS[entry.anchor.state])


def totals_text(tally: Tally | None) -> str:
    totals = tally.totals() if tally is not None else dict.fromkeys(Position, 0)
    return " · ".join(
        _("{position}: {count}").format(position=_(POSITION_LABELS[p]), count=totals[p])
        for p in Position
    )


def by_role_text(tally: Tally | None) -> str:
    """Positions by role, only the roles that took one (e.g. "Resident: support 2, oppose 1")."""
    if tally is None or not tally.positions:
        return _("nobody has taken a position yet")
    parts = []
    for role, counts in tally.by_role().items():
        if not any(counts.values()):
            continue
        shown = ", ".join(f"{_(POSITION_LABELS[p])} {counts[p]}" for p in Position if counts[p])
        parts.append(_("{role}: {positions}").format(role=role_label(role), positions=shown))
    return "; ".join(parts)


@dataclass(frozen=True)
class Viewer:
    """Who reads the panel, and how names are shown."""

    names: Mapping[str, str] = field(default_factory=dict)
    roles: Mapping[str, str] = field(default_factory=dict)
    facilitator: bool = False

    def who(self, participant_id: str) -> str:
        name = self.names.get(participant_id, participant_id)
        return _("{name} ({role})").format(
            name=name, role=role_label(self.roles.get(participant_id, UNKNOWN_ROLE))
        )


def comment_body(comment: CommentView, viewer: Viewer) -> str:
    """The words a reader sees for ``comment``: retracted and hidden ones say so in words."""
    if comment.retracted:
        return _("[retracted by its author]")
    if comment.hidden:
        notice = _("[hidden by a facilitator: {reason}]").format(reason=comment.hidden_reason)
        return f"{notice} {comment.text}" if viewer.facilitator else notice
    return comment.text + (_(" (edited)") if comment.edits else "")


def thread_heading(entry: ThreadEntry, viewer: Viewer) -> str:
    thread = entry.thread
    status = _("resolved") if thread.resolved else _("open")
    return _("{who} — {status} — {state}").format(
        who=viewer.who(thread.root.author), status=status, state=state_text(entry)
    )


def passage_line(entry: ThreadEntry) -> str:
    passage = entry.thread.passage
    if passage is None:
        return _("On the whole principle")
    quote = passage.selector.quote
    anchor = entry.anchor
    if anchor is None or not anchor.found:
        return _("Passage as it was: “{quote}”").format(quote=quote)
    if anchor.state == "changed" and anchor.quote_now != quote:
        return _("Passage “{quote}”, now “{now}”").format(quote=quote, now=anchor.quote_now)
    return _("Passage “{quote}”").format(quote=quote)


# -- the tree model --------------------------------------------------------------------------------


class ThreadTreeModel(QAbstractItemModel):
    """Threads (top level) and their replies (children), one column of text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[ThreadEntry] = []
        self.viewer = Viewer()
        self.tallies: Mapping[str, Tally] = {}

    def set_entries(
        self, entries: Sequence[ThreadEntry], viewer: Viewer, tallies: Mapping[str, Tally]
    ) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.viewer = viewer
        self.tallies = tallies
        self.endResetModel()

    def entries(self) -> list[ThreadEntry]:
        return list(self._entries)

    def entry(self, index: QModelIndex | QPersistentModelIndex) -> ThreadEntry | None:
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def comment(self, index: QModelIndex | QPersistentModelIndex) -> CommentView | None:
        entry = self.entry(index)
        if entry is None:
            return None
        if index.internalId() == 0:
            return entry.thread.root
        replies = entry.thread.replies
        return replies[index.row()] if 0 <= index.row() < len(replies) else None

    def index_of_thread(self, thread_id: str) -> QModelIndex:
        for row, entry in enumerate(self._entries):
            if entry.thread.id == thread_id:
                return self.index(row, 0)
        return QModelIndex()

    # -- QAbstractItemModel ----------

    def index(
        self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = _ROOT
    ) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._entries) else QModelIndex()
        if parent.internalId() != 0 or not 0 <= parent.row() < len(self._entries):
            return QModelIndex()
        if row >= len(self._entries[parent.row()].thread.replies):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index=_ROOT):  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._entries)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._entries[parent.row()].thread.replies)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        role = int(role)
        entry, comment = self.entry(index), self.comment(index)
        if entry is None or comment is None:
            return None
        if role == THREAD_ID_ROLE:
            return entry.thread.id
        if role == COMMENT_ID_ROLE:
            return comment.id
        if role == _FONT and (comment.retracted or comment.hidden):
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)
            font.setStrikeOut(comment.retracted)
            return font
        if role in (_DISPLAY, _TOOLTIP, _ACCESSIBLE):
            return self._text(entry, comment, index.internalId() == 0)
        return None

    def _text(self, entry: ThreadEntry, comment: CommentView, is_root: bool) -> str:
        viewer = self.viewer
        tally = self.tallies.get(comment.id)
        # Positions only once someone took one: a row of zeros on every comment is noise.
        positions = (
            (_("Positions — {totals}").format(totals=totals_text(tally)),)
            if tally is not None and tally.positions
            else ()
        )
        body = comment_body(comment, viewer)
        if is_root:  # who, then what they wrote, then where: the words come first
            return "\n".join((thread_heading(entry, viewer), body, passage_line(entry), *positions))
        heading = _("Reply by {who}").format(who=viewer.who(comment.author))
        if comment.in_reply_to and comment.in_reply_to != entry.thread.id:
            answered = next((r for r in entry.thread.replies if r.id == comment.in_reply_to), None)
            if answered is not None:
                heading = _("Reply by {who} to {other}").format(
                    who=viewer.who(comment.author), other=viewer.names.get(answered.author, "")
                )
        return "\n".join((heading, body, *positions))

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        if orientation == Qt.Orientation.Horizontal and section == 0 and int(role) == _DISPLAY:
            return _("Threads")
        return None
