"""The council's writes: decisions on amendments, adoptions as one commit, and adopted versions.

:class:`Council` is what the CLI and the UI use. A decision is one commit holding its event; an
adoption is one commit holding the principle changes *and* the decision events, or nothing at
all when any amendment of the selection conflicts. An adopted version is an annotated tag,
optionally signed.

Signing and checking signatures (an explicit, narrow exception to rule 2 of
:mod:`charter_app.storage.gitcmd`, which keeps git's own signing disabled): the signing program
runs once, outside git, with a fixed command line and the tag text on stdin, exactly as
``git tag -s`` would run it. Which key and which program come **only from the user's global git
configuration** (``git config --global``: ``user.signingkey``, ``gpg.format``, ``gpg.program``,
``gpg.ssh.program``, ``gpg.ssh.allowedSignersFile``); the repository's own configuration, which
may come from anyone, is never consulted, so a charter folder cannot choose the program that
runs, the key used, or the list of signers trusted to verify.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from charter_app.core.amendment_state import (
    AmendmentRecord,
    AmendmentStatus,
    Ledger,
    fold,
    renumber_events,
)
from charter_app.core.decisions import (
    Decision,
    Outcome,
    adoption_conflict,
    check_can_decide,
    combined_change,
    decision_event,
    decision_trailers,
)
from charter_app.core.model import Charter
from charter_app.core.operations import Change, renumber_charter
from charter_app.core.revision import Signature
from charter_app.core.versions import (
    VERSION_NAME,
    SignatureCheck,
    SignatureState,
    Version,
    check_version_name,
    parse_version_message,
    split_signed,
    version_message,
)
from charter_app.errors import RepositoryError, ValidationError
from charter_app.i18n import N_, _
from charter_app.storage import events as events_store
from charter_app.storage import files
from charter_app.storage.amendments import AMENDMENTS_DIR, AmendmentBook, parse_amendment
from charter_app.storage.git import GitRepository
from charter_app.storage.gitcmd import OBJECT_ID
from charter_app.storage.gitlog import check_signature
from charter_app.storage.repository import CharterRepository

CHARTER_PATHS = (files.CHARTER_FILE, files.PARTICIPANTS_FILE, files.PRINCIPLES_DIR)
"""What must match HEAD before the council writes: the text it decides on is the saved one."""

SIGN_TIMEOUT_S = 300.0
"""gpg may ask for a passphrase: leave the user time to type it."""
VERIFY_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Adoption:
    """What adopting a selection did (or, for a dry run, would do)."""

    commit: str | None
    """The new commit; None for a dry run."""
    adopted: tuple[str, ...]
    """The amendments' numbers, in the council's order."""
    change: Change
    charter: Charter
    """The charter with the amendments applied."""


class Council:
    """Decisions and adopted versions of one charter repository."""

    def __init__(self, repository: CharterRepository) -> None:
        self.repository = repository
        self.book = AmendmentBook(repository)

    # -- decisions --------------------------------------------------------------------------------

    def decide(
        self, reference: str, decision: Decision, by: str, workshop: str | None = None
    ) -> tuple[str, AmendmentRecord]:
        """Record ``decision`` on one amendment; adopting it also applies its text (one commit)."""
        if decision.outcome is Outcome.ADOPTED:
            adoption = self.adopt([(reference, decision)], by, workshop)
            assert adoption.commit is not None
            record = self.book.ledger().find(reference)
            return adoption.commit, record
        charter = self.repository.load()
        _require_participant(charter, by)
        ledger = self.book.ledger()
        record = ledger.find(reference)
        event = decision_event(ledger, record, decision, by, workshop)
        outcome = _(OUTCOME_SUBJECTS[decision.outcome])
        sha = self.repository.record(
            [*renumber_events(ledger, by, workshop), event],
            by,
            outcome.format(number=record.label),
            [("Charter-Amendment", record.label), ("Charter-Decision", decision.trailer)],
        )
        updated = self.book.ledger().get(record.id)
        assert updated is not None
        return sha, updated

    def adopt(
        self,
        selection: Sequence[tuple[str, Decision]],
        by: str,
        workshop: str | None = None,
        dry_run: bool = False,
    ) -> Adoption:
        """Adopt amendments in the given order, as one commit: each applied by a 3-way merge
        from its base onto the text the earlier ones left, then its decision recorded.

        If any cannot be applied, nothing is written and :class:`AdoptionConflictError` says which
        and shows both texts.
        """
        if not selection:
            raise ValidationError(_("Name the amendments to adopt, e.g. A-1,A-4."))
        self._require_saved()
        charter = self.repository.load()
        _require_participant(charter, by)
        ledger = self.book.ledger()
        records = [ledger.find(reference) for reference, _decision in selection]
        seen: set[str] = set()
        for record, (_reference, decision) in zip(records, selection, strict=True):
            if record.id in seen:
                raise ValidationError(
                    _("Amendment {number} is named twice.").format(number=record.label)
                )
            seen.add(record.id)
            if decision.outcome is not Outcome.ADOPTED:
                raise ValueError("adopt() only records adoptions")
            check_can_decide(record, Outcome.ADOPTED)
        result, _ledger = self.book.preview([record.id for record in records], charter)
        labels = {record.id: record.label for record in ledger.records}
        if result.conflicts:
            raise adoption_conflict(result.conflicts, labels)
        numbers = tuple(record.label for record in records)
        summary = _("Adopt amendments {numbers}").format(numbers=", ".join(numbers))
        if len(numbers) == 1:
            summary = _("Adopt amendment {number}").format(number=numbers[0])
        change = combined_change(result.changes, summary)
        if dry_run:
            return Adoption(None, numbers, change, result.charter)
        new_events = renumber_events(ledger, by, workshop)
        new_events += [
            decision_event(ledger, record, decision, by, workshop)
            for record, (_reference, decision) in zip(records, selection, strict=True)
        ]
        to_write = charter_files(result.charter, change)
        for event in new_events:
            path = events_store.event_path(event)
            if (self.repository.path / path).exists() or path in to_write:
                raise ValidationError(_("This event is already recorded."))
            to_write[path] = events_store.serialise_event(event)
        trailers = decision_trailers(
            result.changes, [(record.label, decision) for record, (_r, decision) in
                             zip(records, selection, strict=True)]
        )  # fmt: skip
        trailers.append(("Charter-Participant", by))
        trailers += sorted({("Charter-Workshop", e.workshop) for e in new_events if e.workshop})
        body = "\n".join(c.summary for c in result.changes)
        sha = self.repository.git.commit_files(
            to_write, f"{summary}\n\n{body}", Signature.for_participant(by), trailers
        )
        return Adoption(sha, numbers, change, result.charter)

    def _require_saved(self) -> None:
        changed = self.repository.git.status(CHARTER_PATHS)
        if changed:
            raise ValidationError(
                _("The charter has unsaved changes ({paths}).").format(
                    paths=", ".join(sorted(changed))
                ),
                _("Save or discard them first: the council decides on the saved text."),
            )

    # -- versions ---------------------------------------------------------------------------------

    def adopt_version(
        self,
        name: str,
        by: str,
        ref: str,
        when: date | None = None,
        renumber: bool = False,
        sign: bool = False,
    ) -> Version:
        """Tag the current text as the adopted version ``name`` (annotated tag).

        With ``renumber``, "3 bis" numbers become whole numbers first, in one commit. With
        ``sign``, the tag is signed with the user's own key (see the module docstring).
        """
        existing = [tag.name for tag in self.repository.tags()]
        check_version_name(name, existing)
        setup = user_signing_setup(self.repository.git) if sign else None
        if setup is not None:
            setup.require_key()
        self._require_saved()
        charter = self.repository.load()
        _require_participant(charter, by)
        if self.repository.git.head() is None:
            raise ValidationError(_("The charter has no saved text to adopt yet."))
        if renumber:
            renumbered, change = renumber_charter(charter)
            if change.principles:
                message = _("Renumber the principles before adopting {name}").format(name=name)
                self.repository.save(renumbered, change, by, message)
                charter = renumbered
        head = self.repository.git.resolve("HEAD")
        amendments = self._adopted_since_last_version(head)
        message = version_message(name, charter.title, when or date.today(), ref, amendments)
        tagger = Signature.for_participant(by)
        if setup is None:
            self.repository.git.create_tag(name, head, message, tagger)
        else:
            _create_signed_tag(self.repository.git, name, head, message, tagger, setup)
        return next(v for v in self.versions() if v.name == name)

    def _adopted_since_last_version(self, head: str) -> list[str]:
        """Numbers of amendments adopted at ``head`` whose decision no earlier version holds."""
        git = self.repository.git
        ledger = _ledger_at(git, head)
        earlier: set[str] = set()
        for tag in self.repository.tags():
            earlier.update(
                path.rsplit("/", 1)[-1]
                for path in git.list_tree(tag.target, events_store.EVENTS_DIR)
            )
        return [
            record.label
            for record in ledger.records
            if record.status is AmendmentStatus.ADOPTED
            and record.outcome_event is not None
            and f"{record.outcome_event}.yaml" not in earlier
        ]

    def versions(self) -> list[Version]:
        """Every adopted version (annotated tag), oldest first, with its signature checked."""
        raw = tag_objects(self.repository.git)
        config = user_global_config(self.repository.git)
        found = []
        for tag in self.repository.tags():
            if tag.name not in raw:
                continue  # a lightweight tag is not an adopted version
            fields = parse_version_message(tag.message)
            tagged = tag.tagged_at.date().isoformat() if tag.tagged_at else ""
            found.append(
                Version(
                    tag.name,
                    tag.target,
                    fields.date or tagged,
                    fields.ref,
                    fields.amendments,
                    tag.tagger,
                    tag.tagged_at,
                    verify_tag_object(raw[tag.name], config),
                )
            )
        return found


OUTCOME_SUBJECTS: dict[Outcome, str] = {
    Outcome.ADOPTED: N_("Amendment {number} adopted"),
    Outcome.REJECTED: N_("Amendment {number} rejected"),
    Outcome.WITHDRAWN: N_("Amendment {number} withdrawn"),
    Outcome.FALLEN: N_("Amendment {number} has fallen"),
    Outcome.NOT_MOVED: N_("Amendment {number} not moved"),
}
"""Commit subjects of decisions (translated when used)."""


def _require_participant(charter: Charter, by: str) -> None:
    if charter.participant(by) is None:
        raise ValidationError(
            _("Unknown participant “{id}”.").format(id=by),
            _("Choose who is writing, or add a participant first."),
        )


def charter_files(charter: Charter, change: Change) -> dict[str, bytes | None]:
    """The files ``change`` names, as :meth:`CharterRepository.save` writes them."""
    to_write: dict[str, bytes | None] = {}
    if change.meta:
        to_write[files.CHARTER_FILE] = files.serialise_charter_meta(charter)
    if change.participants:
        to_write[files.PARTICIPANTS_FILE] = files.serialise_participants(charter.participants)
    for principle_id in change.principles:
        principle = charter.principle(principle_id)
        if principle is not None:
            to_write[files.principle_path(principle_id)] = files.serialise_principle(principle)
    for principle_id in change.removed:
        to_write[files.principle_path(principle_id)] = None
    return to_write


def _ledger_at(git: GitRepository, commit: str) -> Ledger:
    """The amendments' statuses as committed at ``commit`` (not the working tree)."""
    amendments = [
        parse_amendment(data, path)
        for path, data in git.read_tree(commit, AMENDMENTS_DIR).items()
        if path.endswith(".yaml")
    ]
    events = events_store.events_from_contents(git.read_tree(commit, events_store.EVENTS_DIR))
    return fold(amendments, events)


# -- raw tags -------------------------------------------------------------------------------------


def tag_objects(git: GitRepository) -> dict[str, bytes]:
    """The raw tag object of every annotated tag, by tag name (one for-each-ref, one cat-file).

    ``GitRepository`` has no reader of raw tag objects; its runner builds the two commands,
    both already allowed (``for-each-ref``, ``cat-file --batch``).
    """
    runner = git.runner
    listing = runner.run(
        runner.argv(
            "for-each-ref",
            ["--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00"],
            ["refs/tags"],
        ),
        read_only=True,
    ).stdout.decode("utf-8", "replace")
    fields = listing.split("\0")
    wanted: list[tuple[str, str]] = []
    for start in range(0, len(fields) - 2, 3):
        name, kind, object_id = fields[start].lstrip("\n"), fields[start + 1], fields[start + 2]
        if kind == "tag" and OBJECT_ID.match(object_id):
            wanted.append((name, object_id))
    if not wanted:
        return {}
    request = "".join(f"{object_id}\n" for _name, object_id in wanted).encode()
    stream = runner.run(runner.argv("cat-file", ["--batch"]), stdin=request, read_only=True).stdout
    found: dict[str, bytes] = {}
    position = 0
    for name, _object_id in wanted:
        end = stream.index(b"\n", position)
        header = stream[position:end].split(b" ")
        if len(header) == 3 and header[1] == b"tag" and header[2].isdigit():
            size = int(header[2])
            found[name] = stream[end + 1 : end + 1 + size]
            position = end + 1 + size + 1
        else:
            position = end + 1
    return found


def _utc_offset(now: float) -> str:
    offset = datetime.fromtimestamp(now).astimezone().utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _create_signed_tag(
    git: GitRepository,
    name: str,
    commit: str,
    message: str,
    tagger: Signature,
    setup: SigningSetup,
) -> None:
    """The annotated tag ``name`` on ``commit``, its text signed by the user's key.

    The tag object is written exactly as ``git tag -s`` writes one (payload, then the signature
    block), through ``git mktag``, which checks it; the ref is created only if still absent.
    """
    if not VERSION_NAME.match(name) or not OBJECT_ID.match(commit):
        raise AssertionError("checked before")
    check_signature(tagger)
    now = int(time.time())
    body = message.replace("\r\n", "\n").strip()
    payload = (
        f"object {commit}\ntype commit\ntag {name}\n"
        f"tagger {tagger.name} <{tagger.email}> {now} {_utc_offset(now)}\n\n{body}\n"
    ).encode()
    signed = payload + sign_payload(payload, setup)
    runner = git.runner
    tag_id = runner.run_text(runner.argv("mktag"), stdin=signed).strip()
    if not OBJECT_ID.match(tag_id):
        raise RepositoryError(_("Git did not accept the signed version."))
    # GitRepository has no public "create this ref if absent" yet; this is its own helper.
    git._update_ref(f"refs/tags/{name}", tag_id, None)


# -- the user's signing setup ---------------------------------------------------------------------


def user_global_config(git: GitRepository) -> dict[str, str]:
    """The user's global git configuration only (``--global``: never the repository's)."""
    runner = git.runner
    result = runner.run(
        runner.argv("config", ["--global", "--includes", "--list", "-z"]),
        read_only=True,
        check=False,
    )
    if result.status != 0:
        return {}  # no global configuration file
    config: dict[str, str] = {}
    for item in result.stdout.decode("utf-8", "replace").split("\0"):
        key, _newline, value = item.partition("\n")
        if key:
            config[key.lower()] = value
    return config


@dataclass(frozen=True)
class SigningSetup:
    """The user's signing key and program, from their global git configuration."""

    format: str
    """``openpgp`` or ``ssh`` (``gpg.format``)."""
    key: str
    """``user.signingkey``: a gpg key id, or an SSH key file or ``key::`` literal."""
    program: str

    def require_key(self) -> None:
        if self.format not in ("openpgp", "ssh"):
            raise ValidationError(
                _("Signing with “{format}” keys is not supported.").format(format=self.format),
                _("Use an OpenPGP (gpg) or SSH key: git config --global gpg.format openpgp."),
            )
        if not self.key:
            raise ValidationError(
                _("No signing key is configured, so the version cannot be signed."),
                _(
                    "Set your key with “git config --global user.signingkey KEY” (and "
                    "“gpg.format ssh” for an SSH key), or adopt without --sign."
                ),
            )


def _program(config: Mapping[str, str], fmt: str) -> str:
    if fmt == "ssh":
        return config.get("gpg.ssh.program") or "ssh-keygen"
    return config.get("gpg.openpgp.program") or config.get("gpg.program") or "gpg"


def user_signing_setup(git: GitRepository) -> SigningSetup:
    config = user_global_config(git)
    fmt = config.get("gpg.format", "openpgp") or "openpgp"
    return SigningSetup(fmt, config.get("user.signingkey", "").strip(), _program(config, fmt))


def _environment() -> dict[str, str]:
    return dict(os.environ) | {"LC_ALL": "C", "LANGUAGE": "C"}


def _run_tool(
    argv: Sequence[str], payload: bytes, folder: str, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        list(argv),
        input=payload,
        capture_output=True,
        cwd=folder,
        env=_environment(),
        timeout=timeout,
        check=False,
    )


def _is_literal_ssh_key(key: str) -> bool:
    return key.startswith(("key::", "ssh-", "ecdsa-", "sk-"))


def sign_payload(payload: bytes, setup: SigningSetup) -> bytes:
    """The detached signature block of ``payload`` (``gpg -bsau KEY`` or ``ssh-keygen -Y sign``,
    the same calls as git's)."""
    setup.require_key()
    with tempfile.TemporaryDirectory(prefix="charter-sign-") as folder:
        if setup.format == "ssh":
            key_file = os.path.expanduser(setup.key)
            argv = [setup.program, "-Y", "sign", "-n", "git", "-f", key_file]
            if _is_literal_ssh_key(setup.key):
                key_path = Path(folder) / "key.pub"
                key_path.write_text(setup.key.removeprefix("key::") + "\n", encoding="utf-8")
                argv = [setup.program, "-Y", "sign", "-n", "git", "-f", str(key_path), "-U"]
            marker = b"-----BEGIN SSH SIGNATURE-----"
        else:
            argv = [setup.program, "--status-fd=2", "-bsau", setup.key]
            marker = b"-----BEGIN PGP SIGNATURE-----"
        try:
            result = _run_tool(argv, payload, folder, SIGN_TIMEOUT_S)
        except FileNotFoundError:
            raise ValidationError(
                _("The signing program “{program}” is not installed.").format(
                    program=setup.program
                ),
                _("Install GnuPG or OpenSSH, or adopt without --sign."),
            ) from None
        except subprocess.TimeoutExpired:
            raise ValidationError(_("Signing took too long and was stopped.")) from None
    created = setup.format == "ssh" or b"[GNUPG:] SIG_CREATED " in result.stderr
    if result.returncode != 0 or not created or not result.stdout.startswith(marker):
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ValidationError(
            _("The version could not be signed: {reason}").format(
                reason=reason[-1] if reason else result.returncode
            ),
            _("Check your signing key (user.signingkey), or adopt without --sign."),
        )
    return result.stdout if result.stdout.endswith(b"\n") else result.stdout + b"\n"


# -- checking signatures --------------------------------------------------------------------------


def verify_tag_object(tag_object: bytes, config: Mapping[str, str]) -> SignatureCheck:
    """Whether a raw tag object's signature verifies, with the user's own keys only."""
    payload, signature, fmt = split_signed(tag_object)
    if fmt is None:
        return SignatureCheck(SignatureState.UNSIGNED)
    with tempfile.TemporaryDirectory(prefix="charter-verify-") as folder:
        signature_file = str(Path(folder) / "signature")
        Path(signature_file).write_bytes(signature)
        try:
            if fmt == "openpgp":
                return _verify_gpg(payload, signature_file, config, folder)
            if fmt == "ssh":
                return _verify_ssh(payload, signature_file, config, folder)
        except FileNotFoundError as error:
            return SignatureCheck(
                SignatureState.CANNOT_CHECK,
                detail=_("The program “{program}” is not installed.").format(
                    program=error.filename or "gpg"
                ),
            )
        except subprocess.TimeoutExpired:
            return SignatureCheck(
                SignatureState.CANNOT_CHECK, detail=_("Checking took too long and was stopped.")
            )
    return SignatureCheck(
        SignatureState.CANNOT_CHECK,
        detail=_("Signatures of this kind ({format}) are not checked.").format(format=fmt),
    )


def _verify_gpg(
    payload: bytes, signature_file: str, config: Mapping[str, str], folder: str
) -> SignatureCheck:
    program = _program(config, "openpgp")
    argv = [program, "--status-fd=1", "--verify", signature_file, "-"]
    result = _run_tool(argv, payload, folder, VERIFY_TIMEOUT_S)
    status: dict[str, str] = {}
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("[GNUPG:] "):
            keyword, _space, rest = line[9:].partition(" ")
            status.setdefault(keyword, rest)
    if "BADSIG" in status:
        return SignatureCheck(
            SignatureState.BAD,
            _signer(status["BADSIG"]),
            _("The version was changed after it was signed."),
        )
    if "GOODSIG" in status and result.returncode == 0:
        return SignatureCheck(SignatureState.GOOD, _signer(status["GOODSIG"]))
    for keyword in ("EXPKEYSIG", "REVKEYSIG", "EXPSIG"):
        if keyword in status:
            return SignatureCheck(
                SignatureState.CANNOT_CHECK,
                _signer(status[keyword]),
                _("The signing key has expired or was revoked."),
            )
    return SignatureCheck(
        SignatureState.CANNOT_CHECK,
        detail=_("The signer's public key is not on this computer."),
    )


def _signer(rest: str) -> str:
    """``<key id> <user id>`` from a gpg status line: the user id."""
    return rest.partition(" ")[2] or rest


def _verify_ssh(
    payload: bytes, signature_file: str, config: Mapping[str, str], folder: str
) -> SignatureCheck:
    program = _program(config, "ssh")
    allowed = config.get("gpg.ssh.allowedsignersfile", "")
    if not allowed:
        return SignatureCheck(
            SignatureState.CANNOT_CHECK,
            detail=_(
                "No list of trusted SSH signers is configured (git config --global "
                "gpg.ssh.allowedSignersFile FILE)."
            ),
        )
    allowed = os.path.expanduser(allowed)
    found = _run_tool(
        [program, "-Y", "find-principals", "-f", allowed, "-s", signature_file],
        b"",
        folder,
        VERIFY_TIMEOUT_S,
    )
    principals = found.stdout.decode("utf-8", "replace").split() if found.returncode == 0 else []
    for principal in principals:
        verified = _run_tool(
            [program, "-Y", "verify", "-f", allowed, "-I", principal, "-n", "git", "-s",
             signature_file],
            payload,
            folder,
            VERIFY_TIMEOUT_S,
        )  # fmt: skip
        if verified.returncode == 0:
            return SignatureCheck(SignatureState.GOOD, principal)
    if principals:
        return SignatureCheck(
            SignatureState.BAD,
            principals[0],
            _("The version was changed after it was signed."),
        )
    unchecked = _run_tool(
        [program, "-Y", "check-novalidate", "-n", "git", "-s", signature_file],
        payload,
        folder,
        VERIFY_TIMEOUT_S,
    )
    if unchecked.returncode != 0:
        return SignatureCheck(
            SignatureState.BAD, detail=_("The version was changed after it was signed.")
        )
    return SignatureCheck(
        SignatureState.CANNOT_CHECK,
        detail=_("It was signed with a key that is not in your list of trusted signers."),
    )
