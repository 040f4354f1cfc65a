"""Signed adopted versions: real throwaway GPG and SSH keys, checked by us and by git itself.

The keys live in the test's temporary folder and the user's configuration is replaced by a
temporary global git configuration; nothing of the person running the tests is used.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter_app.cli import main
from tests import tools
from tests.conftest import GitCli, run_git
from tests.test_cli_council import CLERK, amend_body, head, ok, run

SOVEREIGNTY = "souverainete-numerique"


def require(program: str) -> None:
    tools.require(program, "apt-get install gnupg openssh-client")


def write_global_config(path: Path, **sections: dict[str, str]) -> None:
    lines = []
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines += [f"\t{key} = {value}" for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def charter_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    from charter_app.i18n import set_language

    set_language("en")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "global.gitconfig"))
    (tmp_path / "global.gitconfig").write_text("")
    path = tmp_path / "charter"
    assert main(["init", str(path)]) == 0
    capsys.readouterr()
    amend_body(path, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de tout,")
    ok(path, capsys, "decide", "A-1", "--adopt", "--votes", "14,3,2", "--as", CLERK)
    return path


def versions(charter_dir: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, str]]:
    listed = json.loads(ok(charter_dir, capsys, "versions", "--json"))
    return {version["name"]: version["signature"] for version in listed}


def tamper(charter_dir: Path, git_cli: GitCli, name: str) -> None:
    """Rewrite the tag's deliberation reference, keeping its signature (what a forger does)."""
    raw = git_cli(charter_dir, "cat-file", "tag", name)
    assert "Charter-Deliberation: D-1\n" in raw
    forged = raw.replace("Charter-Deliberation: D-1\n", "Charter-Deliberation: D-666\n")
    tag_id = run_git(charter_dir, "mktag", input=forged.encode()).strip()
    git_cli(charter_dir, "update-ref", f"refs/tags/{name}", tag_id)


def git_verifies(charter_dir: Path, *config: str) -> bool:
    """Whether git's own ``verify-tag`` accepts v1.0 (a cross-check of the tag we wrote)."""
    options = [item for pair in (("-c", c) for c in config) for item in pair]
    try:
        run_git(charter_dir, *options, "verify-tag", "v1.0")
    except subprocess.CalledProcessError:
        return False
    return True


# -- GPG ------------------------------------------------------------------------------------------


@pytest.fixture
def gpg_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A throwaway ed25519 GPG key in a temporary GNUPGHOME; its fingerprint."""
    require("gpg")
    home = tmp_path / "g"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    environment = os.environ | {"GNUPGHOME": str(home)}
    subprocess.run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key",
         "Greffe du conseil <greffe@example.invalid>", "ed25519", "sign", "never"],
        env=environment, capture_output=True, check=True,
    )  # fmt: skip
    listing = subprocess.run(
        ["gpg", "--list-secret-keys", "--with-colons"],
        env=environment, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    fingerprint = next(line.split(":")[9] for line in listing.splitlines() if line[:4] == "fpr:")
    try:
        yield fingerprint
    finally:
        # The agent gpg started for this home only.
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=environment, check=False)


def test_gpg_signed_version_good_then_tampered_bad(
    charter_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    git_cli: GitCli,
    gpg_key: str,
) -> None:
    write_global_config(tmp_path / "global.gitconfig", user={"signingkey": gpg_key})
    out = ok(charter_dir, capsys, "adopt", "v1.0", "--ref", "D-1", "--sign", "--as", CLERK)
    assert "good signature" in out
    signature = versions(charter_dir, capsys)["v1.0"]
    assert signature["state"] == "good"
    assert "Greffe du conseil" in signature["signer"]
    assert "-----BEGIN PGP SIGNATURE-----" in git_cli(charter_dir, "cat-file", "tag", "v1.0")
    assert git_verifies(charter_dir)  # git agrees

    ok(charter_dir, capsys, "adopt", "v2.0", "--ref", "D-2", "--as", CLERK)
    assert versions(charter_dir, capsys)["v2.0"]["state"] == "unsigned"

    tamper(charter_dir, git_cli, "v1.0")
    assert versions(charter_dir, capsys)["v1.0"]["state"] == "bad"
    assert not git_verifies(charter_dir)
    out = ok(charter_dir, capsys, "versions")
    assert "BAD signature" in out and "changed after it was signed" in out


def test_gpg_signature_of_an_unknown_key_cannot_be_checked(
    charter_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    gpg_key: str,
) -> None:
    write_global_config(tmp_path / "global.gitconfig", user={"signingkey": gpg_key})
    ok(charter_dir, capsys, "adopt", "v1.0", "--ref", "D-1", "--sign", "--as", CLERK)
    elsewhere = tmp_path / "h"  # another computer: the signer's public key is not there
    elsewhere.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(elsewhere))
    try:
        signature = versions(charter_dir, capsys)["v1.0"]
    finally:
        env = os.environ | {"GNUPGHOME": str(elsewhere)}
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, check=False)
    assert signature["state"] == "cannot-check"
    assert "public key is not on this computer" in signature["detail"]


def test_signing_failure_creates_no_version(
    charter_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    git_cli: GitCli,
    gpg_key: str,
) -> None:
    write_global_config(tmp_path / "global.gitconfig", user={"signingkey": "0000DEADBEEF0000"})
    before = head(charter_dir)
    code, out, err = run(charter_dir, capsys, "adopt", "v1.0", "--ref", "D-1", "--sign",
                         "--as", CLERK)  # fmt: skip
    assert code == 1 and out == "" and "could not be signed" in err
    assert git_cli(charter_dir, "tag", "--list") == "" and head(charter_dir) == before


# -- SSH ------------------------------------------------------------------------------------------


def ssh_key(folder: Path, name: str) -> Path:
    require("ssh-keygen")
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
        capture_output=True, check=True,
    )  # fmt: skip
    return key


def allowed_signers(path: Path, *entries: tuple[str, Path]) -> Path:
    lines = [
        f"{principal} {key.with_suffix('.pub').read_text().strip()}" for principal, key in entries
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ssh_signed_version_good_tampered_and_untrusted(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    key = ssh_key(tmp_path, "greffe")
    trusted = allowed_signers(tmp_path / "allowed", ("greffe@example.invalid", key))
    config = tmp_path / "global.gitconfig"
    write_global_config(
        config,
        user={"signingkey": str(key)},
        gpg={"format": "ssh"},
        **{'gpg "ssh"': {"allowedSignersFile": str(trusted)}},
    )
    ok(charter_dir, capsys, "adopt", "v1.0", "--ref", "D-1", "--sign", "--as", CLERK)
    assert versions(charter_dir, capsys)["v1.0"] == {
        "state": "good",
        "signer": "greffe@example.invalid",
        "detail": "",
    }
    assert git_verifies(charter_dir, f"gpg.ssh.allowedSignersFile={trusted}")

    # Someone whose key is not in the user's list of trusted signers.
    write_global_config(
        config,
        gpg={"format": "ssh"},
        **{'gpg "ssh"': {"allowedSignersFile": str(tmp_path / "empty")}},
    )
    (tmp_path / "empty").write_text("")
    signature = versions(charter_dir, capsys)["v1.0"]
    assert signature["state"] == "cannot-check"
    assert "not in your list of trusted signers" in signature["detail"]
    # No list configured at all.
    write_global_config(config, gpg={"format": "ssh"})
    assert versions(charter_dir, capsys)["v1.0"]["state"] == "cannot-check"

    write_global_config(config, **{'gpg "ssh"': {"allowedSignersFile": str(trusted)}})
    tamper(charter_dir, git_cli, "v1.0")
    signature = versions(charter_dir, capsys)["v1.0"]
    assert signature["state"] == "bad" and signature["signer"] == "greffe@example.invalid"
    assert not git_verifies(charter_dir, f"gpg.ssh.allowedSignersFile={trusted}")


def test_the_repository_configuration_never_chooses_keys_or_trusted_signers(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    """A charter folder from anyone may carry a .git/config naming its own signing key and its
    own list of "trusted" signers: neither is used."""
    forger = ssh_key(tmp_path, "forger")
    forged_list = allowed_signers(tmp_path / "forged-allowed", ("greffe@example.invalid", forger))
    for key, value in (
        ("gpg.format", "ssh"),
        ("user.signingkey", str(forger)),
        ("gpg.ssh.allowedSignersFile", str(forged_list)),
    ):
        git_cli(charter_dir, "config", key, value)
    # A version signed with the forger's key, as the repository's configuration would allow.
    git_cli(charter_dir, "tag", "-s", "-m", "Charter-Deliberation: D-1", "v1.0")
    assert git_verifies(charter_dir)  # plain git trusts the repository's own list...

    signature = versions(charter_dir, capsys)["v1.0"]
    assert signature["state"] == "cannot-check"  # ...we do not
    code, _out, err = run(charter_dir, capsys, "adopt", "v2.0", "--ref", "D-2", "--sign",
                          "--as", CLERK)  # fmt: skip
    assert code == 1 and "No signing key is configured" in err
    assert git_cli(charter_dir, "tag", "--list").split() == ["v1.0"]
