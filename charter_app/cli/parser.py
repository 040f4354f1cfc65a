"""Every ``charter`` subcommand and its arguments, built without importing what they run.

Each subcommand names its handler as ``"module:function"`` in ``charter_app.cli``; the module is
imported only when that command runs, so ``charter --version`` and ``charter --help`` load
neither git, nor the exporters and importers, nor the diff engine. Choices that mirror a domain
value (roles, states, formats) are spelled here; ``tests/test_cli_parser.py`` checks that they
stay equal to the domain's own lists.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from charter_app.cli import argparse_messages
from charter_app.i18n import _

ROLES = ("resident", "elected", "association", "business", "staff")
TEXT_STATES = ("clean", "needs-update", "conflicting", "fallen", "closed")
NUMBERING_MODES = ("sequential", "stable")
INSERTION_STYLES = ("bis", "dash")
LANGUAGES = ("fr", "en")
SECTION_LEVELS = (1, 2, 3)
STATUSES = ("draft", "registered", "adopted", "rejected", "withdrawn", "fallen", "not-moved")
EXPORT_FORMATS = ("html", "pdf", "odt", "docx", "md")
COMPARISON_FORMATS = ("html", "pdf", "odt", "docx")
MINUTES_FORMATS = ("html", "pdf", "odt")
NAMES_MODES = ("names", "roles", "none")
DEFAULT_DOTS = 5


class _Unbuilt:
    """Stands for the parser of a command that will not run: every call is accepted and
    ignored, so its arguments cost nothing to declare."""

    def __getattr__(self, name: str) -> Any:
        return self._ignore

    def _ignore(self, *args: Any, **kwargs: Any) -> _Unbuilt:
        return self


class Registrar:
    """Adds subcommands whose handler (``"module:function"``) is imported when it runs.

    With ``wanted`` (the command being run), no other top-level command is built (a few hundred
    arguments cost more than the interpreter's start); with ``build_all`` False and no
    ``wanted`` (``--help``), every command is listed with its help, its arguments not built."""

    def __init__(self, commands: Any, wanted: str | None = None, build_all: bool = True) -> None:
        self.commands = commands
        self.wanted = wanted
        self.build_all = build_all
        self.found = False
        """Whether the command asked for was among those registered."""

    def command(self, name: str, handler: str, help_text: str, parent: Any = None) -> Any:
        if isinstance(parent, _Unbuilt):
            return parent
        if parent is None and name == self.wanted:
            self.found = True
        elif parent is None and self.wanted is not None and not self.build_all:
            # Another command than the one that runs: not even listed (argparse lists them
            # only in help and in the error for an unknown command, which are built in full).
            return _Unbuilt()
        sub = (parent or self.commands).add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        if parent is None and not self.build_all and name != self.wanted:
            return _Unbuilt()
        return sub

    @staticmethod
    def json_flag(sub: Any) -> None:
        sub.add_argument("--json", action="store_true", help=_("print JSON"))

    @staticmethod
    def writer_flags(sub: Any, message: bool = True) -> None:
        sub.add_argument(
            "--as", dest="author", metavar=_("PARTICIPANT"),
            help=_("who is writing (participant id or name; default $CHARTER_AS)"),
        )  # fmt: skip
        if message:
            sub.add_argument("-m", "--message", help=_("commit message (default: what changed)"))


def command_asked(argv: Sequence[str]) -> str | None:
    """The top-level command named in ``argv`` (the first word that is not an option or the
    folder of ``-C``), or None when there is none (``--help``, ``--version``)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word in ("-h", "--help"):
            return None  # the list of commands is what prints
        if word == "-C":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(version: str, argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the ``argv`` it will parse, only the command asked for is built
    (``--help`` alone lists every command with its help, as does the error for an unknown
    one)."""
    argparse_messages.install()
    asked = command_asked(argv) if argv is not None else None
    parser = _top_parser(version)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), required=True)
    registrar = Registrar(commands, asked, build_all=argv is None)
    _register(registrar)
    if asked is not None and not registrar.found:  # an unknown command: list them all
        parser = _top_parser(version)
        commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), required=True)
        _register(Registrar(commands, None, build_all=False))
    return parser


def _top_parser(version: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="charter",
        description=_("Write, amend and adopt a local digital charter, stored in git."),
    )
    parser.add_argument(
        "--version", action="version", version=version,
        help=_("show program's version number and exit"),
    )  # fmt: skip
    parser.add_argument(
        "-C", dest="directory", default=".", metavar=_("DIR"),
        help=_("run as if started in DIR (the charter folder)"),
    )  # fmt: skip
    parser.add_argument("--debug", action="store_true", help=_("show tracebacks on errors"))
    return parser


def _register(registrar: Registrar) -> None:
    for topic in (
        _charter, _sections, _amendments, _comments, _council, _workshops, _exports, _imports,
        _exchange,
    ):  # fmt: skip
        topic(registrar)


# -- the charter itself ---------------------------------------------------------------------------


def _charter(registrar: Registrar) -> None:
    module = "charter_commands"
    sub = registrar.command("init", f"{module}:cmd_init", _("create a new charter in DIR"))
    sub.add_argument("dir", metavar=_("DIR"))
    sub.add_argument("--title", help=_("the charter's title"))
    sub.add_argument("--language", choices=["fr", "en"])
    sub.add_argument("--template", help=_("start from a template (default: the bundled example)"))
    sub.add_argument(
        "--numbering",
        choices=NUMBERING_MODES,
        help=_("sequential: numbers follow the order until adoption; stable: numbers are kept"),
    )
    sub.add_argument(
        "--without-story",
        action="store_true",
        help=_("only the template's text, in a history of its own (the example comes with the "
               "fictional comments, amendments and votes of its story)"),
    )  # fmt: skip
    registrar.json_flag(sub)

    registrar.json_flag(
        registrar.command("info", f"{module}:cmd_info", _("summary of the charter"))
    )
    sub = registrar.command(
        "repair",
        "repair:cmd_repair",
        _("set aside the files that cannot be read (kept, never deleted) so the rest works"),
    )
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)
    registrar.json_flag(
        registrar.command(
            "check", f"{module}:cmd_check", _("validate every file and list every problem")
        )
    )

    principle = registrar.command(
        "principle", "reading:cmd_principle_list", _("add, edit, move, list, show")
    )
    actions = principle.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub = registrar.command(
        "add", "principle_commands:cmd_principle_add", _("add a principle"), actions
    )
    sub.add_argument("--title", required=True)
    sub.add_argument("--body-file", metavar=_("FILE"), help=_("Markdown text ('-' for stdin)"))
    sub.add_argument("--after", metavar="ID", help=_("insert after this principle"))
    sub.add_argument("--section", metavar="ID", help=_("put it in this section (at its end)"))
    registrar.writer_flags(sub)
    registrar.json_flag(sub)
    sub = registrar.command(
        "edit",
        "principle_commands:cmd_principle_edit",
        _("change a principle's title or text"),
        actions,
    )
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--title")
    sub.add_argument("--body-file", metavar=_("FILE"), help=_("Markdown text ('-' for stdin)"))
    registrar.writer_flags(sub)
    registrar.json_flag(sub)
    sub = registrar.command(
        "move", "principle_commands:cmd_principle_move", _("move a principle"), actions
    )
    sub.add_argument("id", metavar="ID")
    where = sub.add_mutually_exclusive_group(required=True)
    where.add_argument("--after", metavar="ID")
    where.add_argument("--first", action="store_true", help=_("move to the first place"))
    where.add_argument("--section", metavar="ID", help=_("move to the end of this section"))
    registrar.writer_flags(sub)
    registrar.json_flag(sub)
    sub = registrar.command(
        "renumber",
        f"{module}:cmd_principle_renumber",
        _("number the principles 1 to n in their order (an explicit renumbering)"),
        actions,
    )
    registrar.writer_flags(sub)
    registrar.json_flag(sub)
    sub = registrar.command("list", "reading:cmd_principle_list", _("list the principles"), actions)
    sub.add_argument("--at", metavar=_("REV"), help=_("as at a revision, tag or commit"))
    registrar.json_flag(sub)
    sub = registrar.command(
        "show", "reading:cmd_principle_show", _("show a principle's text"), actions
    )
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--at", metavar=_("REV"), help=_("as at a revision, tag or commit"))
    registrar.json_flag(sub)

    participant = registrar.command(
        "participant", f"{module}:cmd_participant_list", _("add or list participants")
    )
    actions = participant.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub = registrar.command(
        "add", f"{module}:cmd_participant_add", _("register a participant"), actions
    )
    sub.add_argument("name", metavar=_("NAME"), help=_("name or pseudonym"))
    sub.add_argument("--role", required=True, choices=ROLES)
    sub.add_argument("--organisation", metavar=_("ORG"))
    registrar.json_flag(sub)
    registrar.json_flag(
        registrar.command("list", f"{module}:cmd_participant_list", _("list participants"), actions)
    )
    sub = registrar.command(
        "erase",
        "privacy:cmd_erase",
        _("erase a participant's name everywhere (facilitators; contributions stay)"),
        actions,
    )
    sub.add_argument("participant", metavar="ID", help=_("the participant's id"))
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    privacy = registrar.command(
        "privacy", "privacy:cmd_report", _("personal data: report, retention rule, notice")
    )
    actions = privacy.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    registrar.json_flag(
        registrar.command(
            "report",
            "privacy:cmd_report",
            _("what personal data the charter holds, where, and where it travels"),
            actions,
        )
    )
    sub = registrar.command(
        "retention",
        "privacy:cmd_retention",
        _("erase every name MONTHS months after adoption (facilitators; “off”: no rule)"),
        actions,
    )
    sub.add_argument("months", metavar=_("MONTHS"))
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)
    sub = registrar.command(
        "contact",
        "privacy:cmd_contact",
        _("whom to ask about personal data (facilitators)"),
        actions,
    )
    sub.add_argument(
        "contact", metavar=_("TEXT"), help=_("e.g. the data-protection officer's address")
    )
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)
    sub = registrar.command(
        "rewrite-history",
        "privacy:cmd_rewrite_history",
        _("remove the names older saved versions hold, while no version is adopted (facilitators)"),
        actions,
    )
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)
    registrar.json_flag(
        registrar.command(
            "notice",
            "privacy:cmd_notice",
            _("the short notice shown at the kiosk and on phones"),
            actions,
        )
    )

    for name in ("history", "log"):
        sub = registrar.command(
            name, "reading:cmd_history", _("who changed what, when (newest first)")
        )
        sub.add_argument("--principle", metavar="ID")
        sub.add_argument("--trailers", action="store_true", default=name == "log")
        registrar.json_flag(sub)


# -- sections and numbering ----------------------------------------------------------------------


def _sections(registrar: Registrar) -> None:
    module = "sections"
    section = registrar.command(
        "section", f"{module}:cmd_section_list", _("list, add, rename or remove sections")
    )
    actions = section.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub = registrar.command("list", f"{module}:cmd_section_list", _("list the sections"), actions)
    sub.add_argument("--at", metavar=_("REV"), help=_("as at a revision, tag or commit"))
    registrar.json_flag(sub)
    sub = registrar.command("add", f"{module}:cmd_section_add", _("add an empty section"), actions)
    sub.add_argument("--title", required=True)
    sub.add_argument("--after", metavar="ID", help=_("after this section (default: last)"))
    sub.add_argument("--level", type=int, choices=SECTION_LEVELS, default=1,
                     help=_("1: a part; 2: inside a part; 3: below"))  # fmt: skip
    registrar.writer_flags(sub)
    registrar.json_flag(sub)
    sub = registrar.command(
        "edit", f"{module}:cmd_section_edit", _("rename a section or change its level"), actions
    )
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--title")
    sub.add_argument("--level", type=int, choices=SECTION_LEVELS)
    registrar.writer_flags(sub)
    registrar.json_flag(sub)
    sub = registrar.command(
        "remove", f"{module}:cmd_section_remove",
        _("remove a section (its principles join the one before)"), actions,
    )  # fmt: skip
    sub.add_argument("id", metavar="ID")
    registrar.writer_flags(sub)
    registrar.json_flag(sub)

    sub = registrar.command(
        "numbering", f"{module}:cmd_numbering", _("show or choose how principle numbers behave")
    )
    sub.add_argument(
        "mode",
        nargs="?",
        choices=NUMBERING_MODES,
        help=_(
            "sequential: numbers follow the order until a version is adopted; "
            "stable: numbers are kept and change only by “principle renumber”"
        ),
    )
    sub.add_argument(
        "--insertions",
        choices=INSERTION_STYLES,
        help=_("how an inserted principle is numbered: “3 bis” or “3-1”"),
    )
    registrar.writer_flags(sub)
    registrar.json_flag(sub)  # fmt: skip


# -- amendments -----------------------------------------------------------------------------------


def _amendments(registrar: Registrar) -> None:
    module = "amendments"
    sub = registrar.command(
        "amend", f"{module}:cmd_amend", _("propose an amendment (registered at once)")
    )
    sub.add_argument("id", metavar="ID", nargs="?", help=_("the principle to amend"))
    sub.add_argument("--title", help=_("the proposed title"))
    sub.add_argument("--body-file", metavar=_("FILE"), help=_("the proposed text ('-' for stdin)"))
    sub.add_argument("--rationale", help=_("why this change (required)"))
    sub.add_argument(
        "--insert-after", nargs="?", const=True, metavar="ID",
        help=_("propose a new principle after this one"),
    )  # fmt: skip
    sub.add_argument("--delete", action="store_true", help=_("propose to delete the principle"))
    sub.add_argument("--sub", metavar="A-N", help=_("propose another text for this amendment"))
    sub.add_argument("--draft", action="store_true", help=_("keep it unregistered"))
    sub.add_argument(
        "--base", default="HEAD", metavar=_("REV"), help=_("the text it was written on")
    )
    sub.add_argument("--workshop", metavar="W-N", help=_("the workshop it comes from"))
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command(
        "amendments", f"{module}:cmd_amendments", _("list amendments and their states")
    )
    sub.add_argument("--state", choices=TEXT_STATES)
    sub.add_argument("--status", choices=STATUSES)
    sub.add_argument("--principle", metavar="ID")
    registrar.json_flag(sub)

    for name, help_text in (
        ("register", _("register a draft amendment (it gets its number)")),
        ("withdraw", _("withdraw an amendment")),
    ):
        sub = registrar.command(name, f"{module}:cmd_{name}", help_text)
        sub.add_argument("reference", metavar="A-N", help=_("amendment number or id"))
        registrar.writer_flags(sub, message=False)
        registrar.json_flag(sub)

    sub = registrar.command("diff", "diffs:cmd_diff", _("compare two versions, tags or amendments"))
    sub.add_argument("old", metavar="A", help=_("revision, tag, or amendment (A-3)"))
    sub.add_argument("new", metavar="B", nargs="?", help=_("default: the current text"))
    sub.add_argument("--principle", metavar="ID")
    sub.add_argument("--format", choices=["text", "html", "json"], default="text")
    registrar.json_flag(sub)

    sub = registrar.command(
        "preview", f"{module}:cmd_preview", _("the charter with amendments applied")
    )
    sub.add_argument("--with", dest="selection", required=True, metavar="A-1,A-3")
    sub.add_argument(
        "--strict", action="store_true", help=_("exit with 1 if an amendment cannot be applied")
    )
    registrar.json_flag(sub)


# -- comments and positions ------------------------------------------------------------------------


def _text_flags(sub: Any) -> None:
    group = sub.add_mutually_exclusive_group(required=True)
    group.add_argument("--text", help=_("the comment's text"))
    group.add_argument(
        "--file", metavar=_("PATH"), help=_("read the text from a file (- for stdin)")
    )


def _comment_argument(sub: Any) -> None:
    sub.add_argument("comment", metavar=_("COMMENT"), help=_("comment id (or a unique prefix)"))


def _comments(registrar: Registrar) -> None:
    module = "comments"
    sub = registrar.command(
        "comment",
        f"{module}:cmd_comment",
        _("comment on a principle, a passage of it, or an amendment"),
    )
    sub.add_argument(
        "target", metavar="ID", help=_("principle id or number, or amendment number (A-3)")
    )
    sub.add_argument("--quote", help=_("the exact words commented on (must be unique)"))
    sub.add_argument(
        "--before", default="", help=_("words just before the quote, to choose between copies")
    )
    sub.add_argument(
        "--after", default="", help=_("words just after the quote, to choose between copies")
    )
    _text_flags(sub)
    registrar.writer_flags(sub)
    registrar.json_flag(sub)

    sub = registrar.command("reply", f"{module}:cmd_reply", _("reply to a comment"))
    _comment_argument(sub)
    _text_flags(sub)
    registrar.writer_flags(sub)
    registrar.json_flag(sub)

    sub = registrar.command(
        "comment-edit", f"{module}:cmd_comment_edit", _("change the text of your comment")
    )
    _comment_argument(sub)
    _text_flags(sub)
    registrar.writer_flags(sub)
    registrar.json_flag(sub)

    for name, help_text in (
        ("retract", _("withdraw your comment (it stays listed, without its text)")),
        ("resolve", _("mark a comment thread as resolved")),
        ("reopen", _("reopen a resolved comment thread")),
        ("unhide", _("show a hidden comment again (facilitators)")),
    ):
        sub = registrar.command(name, f"{module}:cmd_{name}", help_text)
        _comment_argument(sub)
        registrar.writer_flags(sub)
        registrar.json_flag(sub)

    sub = registrar.command(
        "redact",
        "privacy:cmd_redact",
        _("take names out of a comment (facilitators; default: every participant's name)"),
    )
    _comment_argument(sub)
    group = sub.add_mutually_exclusive_group()
    group.add_argument("--text", help=_("the new text (default: the names replaced)"))
    group.add_argument(
        "--file", metavar=_("PATH"), help=_("read the new text from a file (- for stdin)")
    )
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command(
        "hide", f"{module}:cmd_hide", _("hide a comment, with a reason (facilitators)")
    )
    _comment_argument(sub)
    sub.add_argument("--reason", required=True, help=_("why it is hidden (shown to readers)"))
    registrar.writer_flags(sub)
    registrar.json_flag(sub)

    sub = registrar.command(
        "comments",
        "comment_listing:cmd_comments",
        _("list comment threads, anchored in the current text"),
    )
    sub.add_argument("--principle", metavar="ID", help=_("only comments on this principle"))
    sub.add_argument("--open", action="store_true", help=_("only threads not resolved"))
    registrar.json_flag(sub)
    registrar.writer_flags(sub, message=False)

    sub = registrar.command(
        "support",
        f"{module}:cmd_support",
        _("take a position on an amendment or a comment (latest counts)"),
    )
    sub.add_argument("target", metavar=_("TARGET"), help=_("amendment number (A-3) or comment id"))
    position = sub.add_mutually_exclusive_group()
    position.add_argument("--oppose", action="store_true", help=_("oppose instead of support"))
    position.add_argument("--neutral", action="store_true", help=_("a neutral position"))
    registrar.writer_flags(sub)
    registrar.json_flag(sub)

    sub = registrar.command(
        "supports", "comment_listing:cmd_supports", _("positions taken, by position and role")
    )
    sub.add_argument("target", nargs="?", metavar=_("TARGET"), help=_("one amendment or comment"))
    registrar.json_flag(sub)


# -- the council ----------------------------------------------------------------------------------


def _deliberation_flags(sub: Any) -> None:
    sub.add_argument("--ref", metavar=_("TEXT"), help=_("the deliberation reference"))
    sub.add_argument("--date", metavar="YYYY-MM-DD", help=_("the date of the deliberation"))
    sub.add_argument("--workshop", metavar="W-N", help=_("the session it was decided in"))


def _council(registrar: Registrar) -> None:
    module = "council"
    sub = registrar.command(
        "decide", f"{module}:cmd_decide", _("record the council's decision on an amendment")
    )
    sub.add_argument("reference", metavar="A-N", help=_("amendment number or id"))
    outcome = sub.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--adopt", action="store_true", help=_("adopt it (applies its text)"))
    outcome.add_argument("--reject", action="store_true", help=_("reject it"))
    outcome.add_argument("--withdraw", action="store_true", help=_("withdrawn in session"))
    outcome.add_argument("--fallen", action="store_true", help=_("it has fallen"))
    outcome.add_argument(
        "--not-moved", dest="not_moved", action="store_true", help=_("it was not moved")
    )
    sub.add_argument("--votes", metavar=_("FOR,AGAINST,ABSTAIN"), help=_("the vote, e.g. 14,3,2"))
    _deliberation_flags(sub)
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command(
        "adopt-batch",
        f"{module}:cmd_adopt_batch",
        _("adopt several amendments in one step, in this order"),
    )
    sub.add_argument("selection", metavar="A-1,A-4", help=_("amendments, in the council's order"))
    _deliberation_flags(sub)
    sub.add_argument(
        "--dry-run", action="store_true", help=_("only check that they all apply (what if)")
    )
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command(
        "adopt", f"{module}:cmd_adopt", _("adopt the current text as a version (tag)")
    )
    sub.add_argument("name", metavar="vN.N", help=_("the version name, e.g. v1.0"))
    sub.add_argument(
        "--ref", metavar=_("TEXT"), required=True, help=_("the deliberation reference")
    )
    sub.add_argument("--date", metavar="YYYY-MM-DD", help=_("the date of the deliberation"))
    sub.add_argument(
        "--renumber", action="store_true", help=_("turn “3 bis” numbers into whole numbers first")
    )
    sub.add_argument("--sign", action="store_true", help=_("sign the version with your key"))
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command(
        "versions", f"{module}:cmd_versions", _("list adopted versions and signatures")
    )
    registrar.json_flag(sub)


# -- workshops ------------------------------------------------------------------------------------


def _workshops(registrar: Registrar) -> None:
    module = "workshop"
    workshop = registrar.command(
        "workshop", f"{module}:cmd_list", _("start, end, list and show workshops")
    )
    actions = workshop.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub = registrar.command("start", f"{module}:cmd_start", _("start a workshop"), actions)
    sub.add_argument("--title", required=True)
    sub.add_argument("--date", metavar="YYYY-MM-DD", help=_("the day it is held (default today)"))
    sub.add_argument("--place")
    sub.add_argument(
        "--attendance", metavar=_("ROLE=N,..."),
        help=_("head count by role, e.g. resident=12,elected=3"),
    )  # fmt: skip
    sub.add_argument("--participants", metavar="ID,...", help=_("participants present"))
    sub.add_argument("--dots", type=int, default=DEFAULT_DOTS, help=_("dots per participant"))
    registrar.writer_flags(sub)
    registrar.json_flag(sub)
    sub = registrar.command("end", f"{module}:cmd_end", _("end the running workshop"), actions)
    sub.add_argument("--workshop", metavar="W-N", help=_("the workshop to end (default: running)"))
    registrar.writer_flags(sub)
    registrar.json_flag(sub)
    registrar.json_flag(
        registrar.command("list", f"{module}:cmd_list", _("list the workshops"), actions)
    )
    sub = registrar.command(
        "serve", "companion:cmd_serve",
        _("open the running workshop to participants' phones (until Ctrl+C)"), actions,
    )  # fmt: skip
    sub.add_argument(
        "--bind", default="0.0.0.0", metavar=_("ADDRESS"),
        help=_("the laptop's address to serve on (default: every local network)"),
    )  # fmt: skip
    sub.add_argument("--port", type=int, default=8765, help=_("the port (default 8765)"))
    sub.add_argument("--dots", action="store_true", help=_("open dot voting on the phones"))
    sub.add_argument("--poster", metavar=_("FILE"), help=_("write the A4 poster (PDF) there"))
    registrar.writer_flags(sub, message=False)
    sub = registrar.command(
        "show", f"{module}:cmd_show", _("attendance, contributions, tallies, dots"), actions
    )
    sub.add_argument("reference", metavar="W-N")
    registrar.json_flag(sub)

    sub = registrar.command(
        "tally", f"{module}:cmd_tally", _("record a show of hands on an amendment")
    )
    sub.add_argument("amendment", metavar="A-N")
    sub.add_argument("--for", dest="votes_for", type=int, required=True)
    sub.add_argument("--against", type=int, required=True)
    sub.add_argument("--abstain", type=int, default=0)
    registrar.writer_flags(sub)
    registrar.json_flag(sub)

    dots = registrar.command("dots", f"{module}:cmd_dots_results", _("dot voting on priorities"))
    actions = dots.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub = registrar.command(
        "place", f"{module}:cmd_dots_place", _("place dots on a principle or amendment"), actions
    )
    sub.add_argument("target", metavar=_("TARGET"))
    sub.add_argument("--count", type=int, default=1, help=_("dots to place (negative: take back)"))
    registrar.writer_flags(sub)
    registrar.json_flag(sub)
    sub = registrar.command("results", f"{module}:cmd_dots_results", _("dots per target"), actions)
    sub.add_argument("--workshop", metavar="W-N", help=_("this workshop (default: running)"))
    sub.add_argument("--all", action="store_true", help=_("every session together"))
    registrar.json_flag(sub)

    sub = registrar.command(
        "readability", f"{module}:cmd_readability", _("plain-language indicator")
    )
    sub.add_argument("id", nargs="?", metavar="ID")
    registrar.json_flag(sub)
    sub = registrar.command(
        "participation", f"{module}:cmd_participation", _("who took part, and how")
    )
    registrar.json_flag(sub)


# -- documents out --------------------------------------------------------------------------------


def _names_flag(sub: Any, default: str | None = "names") -> None:
    sub.add_argument(
        "--names",
        choices=NAMES_MODES,
        default=default,
        help=_("show contributors by name, by role only, or not at all")
        if default
        else _(
            "in the provenance appendix, show contributors by name (default), by role only, "
            "or not at all"
        ),
    )
    sub.add_argument(
        "--yes",
        action="store_true",
        help=_("export even if free texts name participants an export hiding names would show"),
    )


def _language_flag(sub: Any) -> None:
    sub.add_argument(
        "--language",
        choices=LANGUAGES,
        help=_("language of the fixed wording (default: the charter's language)"),
    )


def _exports(registrar: Registrar) -> None:
    sub = registrar.command(
        "export", "export:cmd_export", _("export the charter (HTML, PDF, ODT, DOCX, MD)")
    )
    sub.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    sub.add_argument(
        "--version", metavar=_("TAG"), help=_("an adopted version (default: last saved text)")
    )
    sub.add_argument(
        "--provenance",
        action="store_true",
        help=_("add the appendix: amendments, decisions, votes, workshops"),
    )
    _names_flag(sub, default=None)
    _language_flag(sub)
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))

    sub = registrar.command(
        "compare", "export:cmd_compare", _("write the comparison table of two versions")
    )
    sub.add_argument("old", metavar=_("OLD"), help=_("the text in force (tag or revision)"))
    sub.add_argument("new", metavar=_("NEW"), nargs="?", help=_("default: the last saved text"))
    sub.add_argument("--format", choices=COMPARISON_FORMATS, required=True)
    _language_flag(sub)
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))

    sub = registrar.command(
        "checksum", "export:cmd_checksum", _("print the SHA-256 an export states")
    )
    sub.add_argument("--version", metavar=_("TAG"), help=_("default: last saved text"))
    registrar.json_flag(sub)

    sub = registrar.command(
        "minutes", "minutes:cmd_minutes", _("write a workshop's minutes (HTML, PDF, ODT)")
    )
    sub.add_argument("workshop", metavar="W-N")
    sub.add_argument("--format", choices=MINUTES_FORMATS, required=True)
    _names_flag(sub)
    _language_flag(sub)
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))

    sub = registrar.command(
        "publish", "publish:cmd_publish", _("write the charter's public website (static files)")
    )
    sub.add_argument("-o", "--output", required=True, metavar=_("FOLDER"))
    sub.add_argument(
        "--names",
        choices=NAMES_MODES,
        default="roles",  # a public site: roles unless told (charter_app.export.site.SiteOptions)
        help=_("show contributors by name, by role only (default), or not at all"),
    )
    sub.add_argument(
        "--drafts",
        action="store_true",
        help=_("also publish the last saved text when it is not an adopted version"),
    )
    sub.add_argument(
        "--no-downloads",
        action="store_true",
        help=_("leave out the versions' files (PDF, ODT, DOCX, HTML, Markdown)"),
    )
    sub.add_argument("--no-search", action="store_true", help=_("leave out the search page"))


# -- documents in ---------------------------------------------------------------------------------


def _imports(registrar: Registrar) -> None:
    module = "importing"
    sub = registrar.command(
        "import",
        f"{module}:cmd_import",
        _("create a charter from a Markdown, DOCX or ODT file (shows the plan first)"),
    )
    sub.add_argument("file", metavar=_("FILE"))
    sub.add_argument("dir", metavar=_("DIR"), help=_("new or empty folder for the charter"))
    sub.add_argument("--title", help=_("the charter's title (default: the document's)"))
    sub.add_argument("--yes", action="store_true", help=_("create without asking"))
    sub.add_argument(
        "--numbering",
        choices=NUMBERING_MODES,
        help=_("default: stable when the document numbers its principles, else sequential"),
    )
    registrar.json_flag(sub)

    sub = registrar.command(
        "import-suggestions",
        f"{module}:cmd_import_suggestions",
        _("file a revised copy's changes, tracked changes and comments as amendments"),
    )
    sub.add_argument("file", metavar=_("FILE"))
    registrar.writer_flags(sub, message=False)
    sub.add_argument("--rationale", required=True, help=_("why these changes (required)"))
    sub.add_argument("--yes", action="store_true", help=_("file without asking"))
    registrar.json_flag(sub)

    sub = registrar.command(
        "export-criticmarkup",
        f"{module}:cmd_export_criticmarkup",
        _("write the charter with its pending amendments as CriticMarkup, to work offline"),
    )
    sub.add_argument("-o", "--output", metavar=_("FILE"), help=_("file to write (default: stdout)"))
    sub.add_argument("--principle", metavar=_("ID"), help=_("only this principle (id or number)"))
    sub.add_argument("--amendment", metavar="A-N", help=_("only this amendment"))


# -- history and exchanges -------------------------------------------------------------------------


def _exchange(registrar: Registrar) -> None:
    module = "sync"
    sub = registrar.command(
        "blame",
        f"{module}:cmd_blame",
        _("who wrote each sentence of a principle (commit, amendment, workshop)"),
    )
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--words", action="store_true", help=_("word by word instead of sentences"))
    registrar.json_flag(sub)

    sub = registrar.command(
        "bundle", f"{module}:cmd_bundle", _("export the charter for a USB stick")
    )
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))
    which = sub.add_mutually_exclusive_group()
    which.add_argument("--since", metavar=_("REV"), help=_("only what is new since this revision"))
    which.add_argument(
        "--for", dest="for_name", metavar=_("NAME"),
        help=_("only what the laptop NAME has not received yet"),
    )  # fmt: skip
    sub.add_argument("--from", dest="sender", metavar=_("NAME"), help=_("this laptop's name"))
    registrar.json_flag(sub)

    sub = registrar.command(
        "import-bundle",
        f"{module}:cmd_import_bundle",
        _("verify and merge a USB export from another laptop"),
    )
    sub.add_argument("file", metavar=_("FILE"))
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command(
        "sync",
        f"{module}:cmd_sync",
        _("exchange with the authority's git server or a shared folder"),
    )
    sub.add_argument("url", metavar="URL")
    sub.add_argument(
        "--user", metavar=_("NAME"),
        help=_("sign in to an https server as NAME (password from $CHARTER_SYNC_PASSWORD, "
               "or asked)"),
    )  # fmt: skip
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command(
        "conflicts", f"{module}:cmd_conflicts", _("list the conflicts of the last sync")
    )
    sub.add_argument("--abandon", action="store_true", help=_("forget that sync"))
    registrar.json_flag(sub)

    sub = registrar.command(
        "resolve-conflict",
        f"{module}:cmd_resolve_conflict",
        _("choose the text of a conflicting principle"),
    )
    sub.add_argument("id", metavar="ID", help=_("principle id, or a file such as charter.yaml"))
    chosen = sub.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--file", metavar="F", help=_("the chosen text ('-': stdin)"))
    chosen.add_argument(
        "--delete", action="store_true",
        help=_("accept the deletion of a principle deleted on one laptop and edited on the other"),
    )  # fmt: skip
    sub.add_argument("--title", help=_("the chosen title, if it conflicts too"))
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)
