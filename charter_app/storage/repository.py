"""A charter repository: load the charter at any revision, save changes as commits, read history."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from charter_app.core.events import Event
from charter_app.core.model import Charter, Participant, Principle
from charter_app.core.operations import Change
from charter_app.core.revision import Revision, Signature, Tag
from charter_app.errors import CharterError, NotACharterError, ValidationError
from charter_app.i18n import _
from charter_app.storage import events as events_store
from charter_app.storage import files, principle_cache, registry
from charter_app.storage.git import GitRepository
from charter_app.storage.gitlog import RevisionFields
from charter_app.storage.history_index import HistoryIndex

APP_SIGNATURE = Signature("charter-studio", "app@charter.invalid")
"""Author of commits no participant made (creating a charter from a template)."""


class CharterRepository:
    """The charter folder: its files in the working tree and their git history."""

    def __init__(self, git: GitRepository) -> None:
        self.git = git
        self.path = git.path
        self._history_index: HistoryIndex | None = None

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> CharterRepository:
        path = Path(path)
        if not (path / files.CHARTER_FILE).is_file():
            raise NotACharterError(
                _("{path} is not a charter: it has no charter.yaml.").format(path=path),
                _("Open the folder that holds charter.yaml, or create a new charter."),
            )
        return cls(GitRepository.open(path))

    @classmethod
    def create(
        cls,
        path: Path | str,
        charter: Charter,
        author: str | None = None,
        message: str | None = None,
    ) -> CharterRepository:
        """A new repository at ``path`` (empty or absent) holding ``charter`` as first commit."""
        path = Path(path)
        if path.exists() and any(path.iterdir()):
            raise ValidationError(
                _("{path} is not empty.").format(path=path),
                _("Choose a new or empty folder for the charter."),
            )
        repository = cls(GitRepository.init(path))
        registry.store(repository.git, charter.participants, None)
        repository.git.commit_files(
            files.serialise_charter(charter),
            message or _("Create the charter “{title}”").format(title=charter.title),
            Signature.for_participant(author) if author else APP_SIGNATURE,
        )
        return repository

    def close(self) -> None:
        self.git.close()

    def __enter__(self) -> CharterRepository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------------

    def load(self, rev: str | None = None) -> Charter:
        """The charter in the working tree (``rev`` None) or at a revision (sha, tag, HEAD~3)."""
        if rev is None:
            # Principles parsed at an earlier open are taken from the user's cache by content.
            index = principle_cache.index_for(self.path)
            charter = files.charter_from_files(
                self._working_tree_files(), parse=index.parser(files.parse_principle)
            )
            index.save()
            return charter
        sha = self.git.resolve(rev)
        tree = self.git.read_tree(sha, "")
        # Names are not versioned: an older text is shown with today's registry (an erased
        # person stays erased there too), never with the names an old commit may hold.
        tree.pop(files.PARTICIPANTS_FILE, None)
        label = f" @ {sha[:8]}"
        charter = files.charter_from_files(tree, label=label)
        return replace(charter, participants=self.participants())

    def participants(self) -> tuple[Participant, ...]:
        """Today's registry (the folder's copy, see :mod:`charter_app.storage.registry`)."""
        copy = self.path / files.PARTICIPANTS_FILE
        if copy.is_file():
            return files.parse_participants(copy.read_bytes(), copy)
        return registry.read_registry(self.git)

    def _working_tree_files(self) -> dict[str, bytes]:
        contents = files.read_folder(self.path)
        if files.PARTICIPANTS_FILE not in contents:  # the copy is gone: the record is there
            data = registry.registry_data(self.git)
            if data is not None:
                contents[files.PARTICIPANTS_FILE] = data
        return contents

    def check(self) -> list[CharterError]:
        """Every problem of the working tree, not only the first (nothing is changed); see
        :mod:`charter_app.storage.checking`."""
        # Imported here: checking reads amendments, whose module imports this one.
        from charter_app.storage.checking import check_folder

        return [problem.error for problem in check_folder(self.path)]

    @property
    def stable_numbers(self) -> bool:
        """Once a version has been adopted (a tag exists), numbers no longer follow the order."""
        return bool(self.tags())

    def tags(self) -> list[Tag]:
        return self.git.tags()

    def history(self, principle_id: str | None = None, rev: str = "HEAD") -> list[Revision]:
        """Commits of the charter, or of one principle, newest first.

        After :meth:`index_history` (the app calls it off the UI thread when a charter opens)
        answers come from memory; otherwise each call asks git.
        """
        path = None if principle_id is None else files.principle_path(principle_id)
        if self._history_index is not None and rev == "HEAD":
            return self._history_index.history(path)
        if self.git.head() is None:
            return []
        return self.git.log([path] if path else [], rev=rev)

    def history_fields(self, principle_id: str | None = None) -> list[RevisionFields]:
        """:meth:`history` at HEAD as plain fields, read from git (for a listing that prints
        them: no record is made)."""
        path = None if principle_id is None else files.principle_path(principle_id)
        return self.git.log_fields([path] if path else [])

    def index_history(self) -> None:
        """Read the whole history once so later :meth:`history` calls are instant."""
        if self._history_index is None:
            self._history_index = HistoryIndex(self.git)
        self._history_index.refresh()

    def principle_at(self, principle_id: str, rev: str) -> Principle | None:
        """The principle as it was at ``rev``, or None if it did not exist then."""
        sha = self.git.resolve(rev)
        if not files.PRINCIPLE_ID.match(principle_id):
            return None  # no file can hold it
        path = files.principle_path(principle_id)
        (data,) = self.git.read_blobs([f"{sha}:{path}"])  # that one file, not the folder
        return files.parse_principle(data, f"{path} @ {sha[:8]}") if data is not None else None

    def events(self) -> list[Event]:
        """Every event in the working tree, oldest first."""
        return events_store.read_events(self.path)

    # -- writing ---------------------------------------------------------------------------------

    def save(
        self,
        charter: Charter,
        change: Change,
        author: str,
        message: str | None = None,
        extra_trailers: Sequence[tuple[str, str]] = (),
    ) -> str | None:
        """Commit the files ``change`` names, authored by participant ``author``.

        Returns the new commit id, or None when nothing changed in the history (the
        participants are not in the history: :meth:`store_participants`).
        """
        if charter.active_participant(author) is None:
            raise ValidationError(
                _("Unknown participant “{id}”.").format(id=author),
                _("Choose who is writing, or add a participant first."),
            )
        if change.participants:
            self.store_participants(charter.participants)
        to_write = files.charter_files(charter, change)
        if not to_write or self._unchanged(to_write):
            return None
        return self.commit(
            author, message or change.summary, to_write, [*change.trailers, *extra_trailers]
        )

    def store_participants(self, participants: tuple[Participant, ...]) -> bool:
        """Replace the registry (names live apart from the history); whether it changed."""
        before = registry.registry_commit(self.git)
        return registry.store(self.git, participants, before) != before

    def record(
        self,
        new_events: Sequence[Event],
        author: str,
        message: str,
        trailers: Sequence[tuple[str, str]] = (),
    ) -> str:
        """Commit new event files; an existing event file is never overwritten."""
        return self.commit(author, message, {}, trailers, new_events)

    def commit(
        self,
        author: str,
        message: str,
        to_write: Mapping[str, bytes | None],
        trailers: Sequence[tuple[str, str]] = (),
        new_events: Sequence[Event] = (),
    ) -> str:
        """The one commit every write makes: ``to_write`` (None deletes) plus the files of
        ``new_events`` (never overwriting one), by participant ``author``, with
        ``Charter-Participant`` and the events' ``Charter-Workshop`` trailers added."""
        changes: dict[str, bytes | None] = dict(to_write)
        for event in new_events:
            path = events_store.event_path(event)
            if (self.path / path).exists() or path in changes:
                raise ValidationError(_("This event is already recorded."))
            changes[path] = events_store.serialise_event(event)
        workshops = sorted({("Charter-Workshop", e.workshop) for e in new_events if e.workshop})
        return self.git.commit_files(
            changes,
            message,
            Signature.for_participant(author),
            [*trailers, ("Charter-Participant", author), *workshops],
        )

    def _unchanged(self, to_write: Mapping[str, bytes | None]) -> bool:
        """Whether every file of ``to_write`` already holds exactly that in the last commit."""
        head = self.git.head()
        if head is None:
            return False
        names = [f"{head}:{path}" for path in to_write]
        return list(self.git.read_blobs(names)) == list(to_write.values())


@contextmanager
def opened(path: Path | str) -> Iterator[CharterRepository]:
    repository = CharterRepository.open(path)
    try:
        yield repository
    finally:
        repository.close()
