"""Signing adopted versions with the user's own key, and checking the signatures of versions.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from charter_app.core.versions import SignatureCheck, SignatureState, split_signed
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.git import GitRepository

SIGN_TIMEOUT_S = 300.0
"""gpg may ask for a passphrase: leave the user time to type it."""
VERIFY_TIMEOUT_S = 30.0


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
