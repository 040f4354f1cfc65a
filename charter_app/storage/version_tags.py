"""Adopted versions as raw tag objects: reading every annotated tag, writing a signed one."""

from __future__ import annotations

from charter_app.core import clock
from charter_app.core.revision import Signature
from charter_app.core.versions import VERSION_NAME
from charter_app.errors import RepositoryError
from charter_app.i18n import _
from charter_app.storage.git import GitRepository, git_time
from charter_app.storage.gitcmd import OBJECT_ID
from charter_app.storage.gitlog import check_signature
from charter_app.storage.signing import SigningSetup, sign_payload


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


def create_signed_tag(
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
    when = git_time(clock.wall_now()).decode()
    body = message.replace("\r\n", "\n").strip()
    payload = (
        f"object {commit}\ntype commit\ntag {name}\n"
        f"tagger {tagger.name} <{tagger.email}> {when}\n\n{body}\n"
    ).encode()
    signed = payload + sign_payload(payload, setup)
    runner = git.runner
    tag_id = runner.run_text(runner.argv("mktag"), stdin=signed).strip()
    if not OBJECT_ID.match(tag_id):
        raise RepositoryError(_("Git did not accept the signed version."))
    # GitRepository has no public "create this ref if absent" yet; this is its own helper.
    git._update_ref(f"refs/tags/{name}", tag_id, None)
