"""Parse git's log and for-each-ref streams into Revision and Tag records; write messages."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

from charter_app.core.revision import Revision, Signature, Tag
from charter_app.errors import RepositoryError, ValidationError
from charter_app.i18n import _

# One record per commit: fields separated by NUL, records by NUL too (``log -z``); a trailer
# list uses the unit separator between trailers and the group separator between key and value.
LOG_FIELDS = (
    "%H", "%P", "%an", "%ae", "%aI", "%cI", "%s", "%b",
    "%(trailers:only,unfold,separator=%x1f,key_value_separator=%x1d)",
)  # fmt: skip
LOG_FORMAT = "--format=tformat:" + "%x00".join(LOG_FIELDS)
_FIELD_COUNT = len(LOG_FIELDS)

TAG_FIELDS = (
    "%(refname:strip=2)", "%(objecttype)", "%(objectname)", "%(*objectname)",
    "%(taggername)", "%(taggerdate:iso-strict)", "%(contents)",
)  # fmt: skip
TAG_FORMAT = "--format=" + "%00".join(TAG_FIELDS) + "%00"

_TRAILER_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}\Z")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_IDENT_FORBIDDEN = re.compile(r"[<>\0\n\r]")


def parse_log(stream: bytes) -> list[Revision]:
    """Revisions from the whole output of ``git log -z`` with :data:`LOG_FORMAT`."""
    parser = LogParser()
    parser.feed(stream)
    return parser.finish()


class NulFields:
    """Fields of NUL-separated output (``git log -z``) fed in chunks: :attr:`fields` holds
    every complete field read so far, for the caller to take from its front."""

    def __init__(self) -> None:
        self.fields: list[str] = []
        self._pending = b""

    def feed(self, chunk: bytes) -> bool:
        """Add the fields ``chunk`` completes; whether there are new ones."""
        data = self._pending + chunk
        cut = data.rfind(b"\0")
        if cut < 0:
            self._pending = data
            return False
        # NUL never occurs inside a UTF-8 sequence, so every piece before it decodes alone.
        self._pending = data[cut + 1 :]
        self.fields += data[:cut].decode("utf-8", "replace").split("\0")
        return True

    def finish(self) -> None:
        """Add the last field (output need not end with a NUL)."""
        if self._pending:
            self.fields += self._pending.decode("utf-8", "replace").split("\0")
            self._pending = b""


class LogParser:
    """Revisions from ``git log -z`` output fed in chunks, parsed while git is still writing.

    Ten thousand commits take a few tens of milliseconds: the loop avoids per-field function
    calls, and records are filled without the frozen dataclass's per-field
    ``object.__setattr__`` (same objects, several times faster).
    """

    def __init__(self) -> None:
        self.revisions: list[Revision] = []
        self._input = NulFields()
        self._parse: Callable[[list[str], int], None] = self._parse_revisions

    def feed(self, chunk: bytes) -> None:
        if self._input.feed(chunk):
            fields = self._input.fields
            complete = len(fields) - len(fields) % _FIELD_COUNT
            self._parse(fields, complete)
            del fields[:complete]

    def finish(self) -> list[Revision]:
        self._input.finish()
        fields = self._input.fields
        if len(fields) % _FIELD_COUNT:
            raise RepositoryError(_("Git returned a history that cannot be read."))
        self._parse(fields, len(fields))
        fields.clear()
        return self.revisions

    def add_records(self, fields: list[str]) -> None:
        """Add the revisions of ``fields``, whole records of :data:`LOG_FIELDS` one after the
        other (for a stream that holds more than the log, split by its reader)."""
        self._parse(fields, len(fields))

    def _parse_revisions(self, fields: list[str], end: int) -> None:
        append = self.revisions.append
        parse_date = datetime.fromisoformat
        new_revision = object.__new__
        for start in range(0, end, _FIELD_COUNT):
            sha, parents, name, email, authored, committed, subject, body, trailer_text = fields[
                start : start + _FIELD_COUNT
            ]
            if trailer_text:
                trailers = _trailers(trailer_text)
                body = _body_without_trailers(body)
            else:
                trailers = ()
                body = body.rstrip()
            revision = new_revision(Revision)
            revision.__dict__.update(
                sha=sha,
                parents=tuple(parents.split()),
                author=name,
                author_email=email,
                authored_at=parse_date(authored),
                committed_at=parse_date(committed),
                subject=subject,
                body=body,
                trailers=trailers,
            )
            append(revision)


class LogFields(LogParser):
    """:class:`LogParser` giving each commit as plain fields, not a :class:`Revision`: sha,
    parents, author, author's email, the two dates in git's strict ISO 8601 (as
    ``datetime.isoformat`` writes them back), subject, body and trailers. For a listing that
    prints them (``charter history --json``): no date is parsed, no record made."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[RevisionFields] = []
        self._parse = self._parse_fields

    def finish_fields(self) -> list[RevisionFields]:
        self.finish()
        return self.records

    def _parse_fields(self, fields: list[str], end: int) -> None:
        append = self.records.append
        for start in range(0, end, _FIELD_COUNT):
            sha, parents, name, email, authored, committed, subject, body, trailer_text = fields[
                start : start + _FIELD_COUNT
            ]
            if trailer_text:
                trailers = _trailers(trailer_text)
                body = _body_without_trailers(body)
            else:
                trailers = ()
                body = body.rstrip()
            append((sha, tuple(parents.split()), name, email, authored, committed, subject, body,
                    trailers))  # fmt: skip


RevisionFields = tuple[
    str, tuple[str, ...], str, str, str, str, str, str, tuple[tuple[str, str], ...]
]
"""A commit as :class:`LogFields` gives it."""


def _trailers(trailer_text: str) -> tuple[tuple[str, str], ...]:
    """The (key, value) trailers of git's ``%(trailers)`` field as :data:`LOG_FIELDS` asks."""
    parts = trailer_text.replace("\x1f", "\x1d").split("\x1d")
    if len(parts) == 2 * trailer_text.count("\x1f") + 2:
        return tuple(zip(parts[::2], parts[1::2], strict=True))
    # A separator inside a value: only in a repository made by hand.
    items = (item.partition("\x1d") for item in trailer_text.split("\x1f"))
    return tuple((key, value) for key, _separator, value in items)


def _body_without_trailers(body: str) -> str:
    """The body minus its last paragraph, where git found the trailers (git's own rule)."""
    text = body.rstrip()
    if " \n" in text or "\t\n" in text:
        pieces = _BLANK_LINE.split(text)
        return "\n\n".join(pieces[:-1]).rstrip()
    return text.rpartition("\n\n")[0].rstrip()


def parse_tags(stream: bytes) -> list[Tag]:
    """Tags from the output of ``git for-each-ref`` with :data:`TAG_FORMAT`."""
    fields = stream.decode("utf-8", "replace").split("\0")
    tags = []
    count = len(TAG_FIELDS)
    for start in range(0, len(fields) - count + 1, count):
        name, kind, object_id, peeled, tagger, date, contents = fields[start : start + count]
        name = name.lstrip("\n")
        tags.append(
            Tag(
                name=name,
                target=peeled if kind == "tag" and peeled else object_id,
                message=contents.strip() if kind == "tag" else "",
                tagger=tagger,
                tagged_at=datetime.fromisoformat(date) if date else None,
            )
        )
    return tags


def check_text(value: str, what: str) -> bytes:
    """``value`` as UTF-8, refusing NUL bytes and text that cannot be encoded."""
    if "\0" in value:
        raise ValidationError(_("The {what} contains a NUL character.").format(what=what))
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            _("The {what} contains characters that cannot be saved.").format(what=what)
        ) from None


def check_signature(signature: Signature) -> None:
    for value in (signature.name, signature.email):
        check_text(value, _("author"))
        if not value.strip() or _IDENT_FORBIDDEN.search(value):
            raise ValidationError(
                _("The author {name!r} cannot be recorded in the history.").format(name=value),
                _("Use a participant id such as p-3f9a1c."),
            )


def compose_message(message: str, trailers: Sequence[tuple[str, str]] = ()) -> bytes:
    """The commit message: subject, optional body, then one trailer paragraph."""
    lines = [
        line.rstrip() for line in message.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise ValidationError(_("The description of the change is empty."))
    if trailers:
        block = []
        for key, value in trailers:
            if not _TRAILER_KEY.match(key):
                raise ValidationError(_("{key!r} is not a valid trailer name.").format(key=key))
            clean = value.strip()
            if not clean or any(ord(char) < 32 or char == "\x7f" for char in clean):
                raise ValidationError(
                    _("The value of {key} must be one non-empty line.").format(key=key)
                )
            block.append(f"{key}: {clean}")
        text += "\n\n" + "\n".join(block)
    return check_text(text + "\n", _("description of the change"))
