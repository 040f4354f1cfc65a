"""Adopted versions travelling between charters: which to send, and storing those received.

:func:`store_versions` creates the verified ones this charter lacks and never moves one it has (a
different one is reported, ours kept); :func:`local_versions` lists what to send.
"""

from __future__ import annotations

from collections.abc import Mapping

from charter_app.core.versions import VERSION_NAME
from charter_app.i18n import _
from charter_app.storage.git import GitRepository
from charter_app.storage.quarantine import TAGS_PREFIX


def version_key(name: str) -> tuple[int, ...]:
    """Sort key of a version name: v2.0 before v10.0."""
    return tuple(int(part) for part in name[1:].split(".") if part.isdigit())


def local_versions(git: GitRepository, head: str) -> dict[str, str]:
    """The adopted versions worth sending with ``head``: name -> tag object id of every
    annotated tag with a version name (the same inside) on a commit of ``head``'s history."""
    run = git.runner
    output = run.run(
        run.argv(
            "for-each-ref",
            [
                f"--merged={head}",
                "--format=%(objecttype)%00%(*objecttype)%00%(objectname)%00%(tag)%00%(refname)",
            ],
            ["refs/tags"],
        ),
        read_only=True,
    ).stdout.decode("utf-8", "replace")
    found: dict[str, str] = {}
    for line in output.splitlines():
        fields = line.split("\0")
        if len(fields) != 5:
            continue
        kind, tagged, sha, inner_name, ref = fields
        name = ref.removeprefix(TAGS_PREFIX)
        if kind == "tag" and tagged == "commit" and inner_name == name and VERSION_NAME.match(name):
            found[name] = sha
    return found


def store_versions(
    git: GitRepository, versions: Mapping[str, str], laptop: str | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Create each verified version (name -> tag object id) this charter lacks; one it already
    has is never moved: ``(names added, translated notices for those that differ)``.

    ``laptop`` names the laptop they came from; None for the server.
    """
    existing = git.refs("refs/tags")
    run = git.runner
    added: list[str] = []
    notices: list[str] = []
    for name in sorted(versions, key=version_key):
        tag, ref = versions[name], TAGS_PREFIX + name
        if not VERSION_NAME.match(name):
            raise AssertionError(f"not a checked version name: {name!r}")
        current = existing.get(ref)
        if current is None:
            created = run.run(
                run.argv("update-ref", ["-mcharter: received version"], [ref, tag, "0" * len(tag)]),
                check=False,
            )
            if created.status == 0:
                added.append(name)
                continue
            current = git.refs(ref).get(ref)  # created meanwhile by another program
        if current == tag:
            continue
        if laptop is None:
            notices.append(
                _("Version {name} differs on the server; yours was kept.").format(name=name)
            )
        else:
            notices.append(
                _("Version {name} differs on the other laptop ({laptop}); yours was kept.").format(
                    name=name, laptop=laptop
                )
            )
    return tuple(added), tuple(notices)
