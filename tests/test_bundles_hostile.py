"""Damaged and hostile USB exports are refused in plain words and change nothing at all:
refs, objects and work tree are byte for byte as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from charter_app.errors import CharterError
from charter_app.storage.bundles import export_bundle, import_bundle
from charter_app.storage.quarantine import ImportLimits, ImportRefusedError
from charter_app.storage.repository import CharterRepository
from tests.test_sync_support import comment, git, laptops, snapshot


def write_tree(folder: Path, entries: dict[str, tuple[str, str]]) -> str:
    """A tree object holding ``entries`` (path -> (mode, object id)), written literally so that
    git's own path checks cannot stop a hostile name."""
    here: dict[str, tuple[str, str]] = {}
    below: dict[str, dict[str, tuple[str, str]]] = {}
    for path, entry in entries.items():
        head, _slash, rest = path.partition("/")
        if rest:
            below.setdefault(head, {})[rest] = entry
        else:
            here[head] = entry
    for name, children in below.items():
        here[name] = ("40000", write_tree(folder, children))
    data = b""
    for name in sorted(here, key=lambda n: n + ("/" if here[n][0] == "40000" else "")):
        mode, sha = here[name]
        data += f"{mode} {name}".encode() + b"\0" + bytes.fromhex(sha)
    return git(
        folder, "hash-object", "-w", "-t", "tree", "--literally", "--stdin", input=data
    ).strip()


def blob(folder: Path, data: bytes) -> str:
    return git(folder, "hash-object", "-w", "--stdin", input=data).strip()


def hostile_bundle(
    tmp_path: Path, source: Path, extra: dict[str, tuple[str, bytes | str]], branch: str = "main"
) -> Path:
    """A plain-git clone of ``source`` with one commit adding ``extra`` (path -> (mode,
    content or object id)), bundled as ``branch``."""
    evil = tmp_path / "evil"
    if not evil.exists():
        git(tmp_path, "clone", "-q", str(source), str(evil))
    entries = {}
    for line in git(evil, "ls-tree", "-r", "main").splitlines():
        meta, path = line.split("\t")
        mode, _kind, sha = meta.split()
        entries[path] = (mode, sha)
    for path, (mode, content) in extra.items():
        entries[path] = (mode, blob(evil, content) if isinstance(content, bytes) else content)
    tree = write_tree(evil, entries)
    head = git(evil, "rev-parse", "main").strip()
    commit = git(evil, "commit-tree", tree, "-p", head, "-m", "hostile").strip()
    git(evil, "update-ref", f"refs/heads/{branch}", commit)
    bundle = tmp_path / f"hostile-{len(list(tmp_path.glob('hostile-*')))}.bundle"
    git(evil, "bundle", "create", str(bundle), f"refs/heads/{branch}", f"^{head}")
    git(evil, "update-ref", "refs/heads/main", head)
    return bundle


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    a, b = laptops(tmp_path, "a", "b")
    comment(b, "2", "Travail local de B")
    return a, b


def assert_refused_without_change(
    folder: Path, bundle: Path, words: str, limits: ImportLimits | None = None
) -> None:
    before = snapshot(folder)
    with (
        CharterRepository.open(folder) as repository,
        pytest.raises(CharterError, match=words) as caught,
    ):
        import_bundle(repository, bundle, limits=limits or ImportLimits())
    assert isinstance(caught.value, ImportRefusedError)
    assert "Traceback" not in str(caught.value) and caught.value.hint
    assert snapshot(folder) == before
    assert not (folder / ".git" / "charter-quarantine").exists()


HOSTILE = {
    # name: (files the commit adds, words of the refusal)
    "symlink": ({"principles/lien.md": ("120000", b"../../../etc/passwd")}, "symbolic link"),
    "dot-dot": ({"../x": ("100644", b"escape")}, "damaged or malformed"),
    "dot-git hook": (
        {".git/hooks/post-merge": ("100755", b"#!/bin/sh\ntouch pwned\n")},
        "malformed",
    ),
    "case collision": (
        {"principles/A.md": ("100644", b"a"), "principles/a.md": ("100644", b"b")},
        "no place in a charter",
    ),
    "gitlink": ({"principles/sub": ("160000", "1" * 40)}, "submodule"),
    "script": ({"scripts/run.sh": ("100644", b"echo hi")}, "no place in a charter"),
    "attributes": ({".gitattributes": ("100644", b"* filter=evil")}, "no place in a charter"),
    "huge file": ({"README.md": ("100644", b"x" * (5 * 1024 * 1024))}, "larger than"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_bundle_is_refused(tmp_path: Path, pair: tuple[Path, Path], case: str) -> None:
    a, b = pair
    extra, words = HOSTILE[case]
    bundle = hostile_bundle(tmp_path, a, extra)
    assert_refused_without_change(b, bundle, words)


def test_commit_on_another_branch_is_refused(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    a, b = pair
    bundle = hostile_bundle(tmp_path, a, {"README.md": ("100644", b"hello\n")}, branch="other")
    assert_refused_without_change(b, bundle, "another branch")


def test_total_size_limit(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    a, b = pair
    comment(a, "1", "Nouveau")
    with CharterRepository.open(a) as repository:
        export = export_bundle(repository, tmp_path / "ok.bundle", sender="a")
    assert_refused_without_change(b, export.path, "larger", ImportLimits(max_total_bytes=1000))


@pytest.fixture
def good_export(tmp_path: Path, pair: tuple[Path, Path]) -> Path:
    a, _b = pair
    for k in range(3):
        comment(a, "1", f"Commentaire {k} " + "texte " * 200)
    with CharterRepository.open(a) as repository:
        return export_bundle(repository, tmp_path / "good.bundle", sender="a").path


def test_truncated_bundle_is_refused(pair: tuple[Path, Path], good_export: Path) -> None:
    data = good_export.read_bytes()
    good_export.write_bytes(data[: len(data) * 2 // 3])
    good_export.with_name("good.bundle.sha256").unlink()
    assert_refused_without_change(pair[1], good_export, "damaged")


def test_flipped_byte_in_the_pack_is_caught_by_object_verification(
    pair: tuple[Path, Path], good_export: Path
) -> None:
    data = bytearray(good_export.read_bytes())
    pack = data.index(b"PACK")
    position = pack + (len(data) - pack) // 2
    data[position] ^= 0x40
    good_export.write_bytes(bytes(data))
    # Without the checksum file, only the verification of the objects can notice.
    good_export.with_name("good.bundle.sha256").unlink()
    assert_refused_without_change(pair[1], good_export, "damaged or malformed")


def test_flipped_byte_with_checksum_is_caught_by_the_checksum(
    pair: tuple[Path, Path], good_export: Path
) -> None:
    data = bytearray(good_export.read_bytes())
    data[-30] ^= 0x01
    good_export.write_bytes(bytes(data))
    assert_refused_without_change(pair[1], good_export, "checksum does not match")


def test_a_file_that_is_not_a_bundle(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    other = tmp_path / "photo.bundle"
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    assert_refused_without_change(pair[1], other, "not a charter export")


def test_good_bundle_still_imports_after_refusals(
    tmp_path: Path, pair: tuple[Path, Path], good_export: Path
) -> None:
    a, b = pair
    bundle = hostile_bundle(tmp_path, b, {"principles/lien.md": ("120000", b"/etc/passwd")})
    assert_refused_without_change(b, bundle, "symbolic link")
    shutil.copy(good_export, tmp_path / "copy.bundle")
    with CharterRepository.open(b) as repository:
        assert import_bundle(repository, tmp_path / "copy.bundle").outcome == "merged"


# --- adopted versions (tags) ---------------------------------------------------------------------


def mktag(folder: Path, target: str, name: str, kind: str = "commit") -> str:
    """An annotated tag object written literally (its name inside may differ from its ref)."""
    text = (
        f"object {target}\ntype {kind}\ntag {name}\n"
        "tagger p-000000 <p@x.invalid> 1700000000 +0000\n\nAdopted version\n"
    )
    return git(folder, "mktag", input=text.encode()).strip()


def tagged_bundle(tmp_path: Path, source: Path, make_refs: object) -> Path:
    """A plain-git clone of ``source`` bundled whole (``--all``) with the refs that
    ``make_refs(clone, main)`` returns (ref name -> object id), created literally."""
    evil = tmp_path / f"evil-tags-{len(list(tmp_path.glob('evil-tags-*')))}"
    git(tmp_path, "clone", "-q", str(source), str(evil))
    git(evil, "remote", "remove", "origin")
    main = git(evil, "rev-parse", "main").strip()
    for ref, sha in make_refs(evil, main).items():  # type: ignore[operator]
        # Written as a file: no git command accepts some of these names.
        (evil / ".git" / ref).parent.mkdir(parents=True, exist_ok=True)
        (evil / ".git" / ref).write_text(sha + "\n")
    bundle = tmp_path / f"{evil.name}.bundle"
    git(evil, "bundle", "create", str(bundle), "--all")
    return bundle


def off_history(folder: Path, main: str) -> str:
    """A commit with the same text as ``main`` that ``main`` does not contain."""
    tree = git(folder, "rev-parse", f"{main}^{{tree}}").strip()
    return git(folder, "commit-tree", tree, "-m", "elsewhere").strip()


HOSTILE_TAGS = {
    # name: (refs the bundle carries besides main, words of the refusal)
    "lightweight tag": (lambda f, main: {"refs/tags/v1.0": main}, "plain tag"),
    "tag off the history": (
        lambda f, main: {"refs/tags/v1.0": mktag(f, off_history(f, main), "v1.0")},
        "does not point at a text",
    ),
    "option-like tag name": (
        lambda f, main: {"refs/tags/--upload-pack=x": mktag(f, main, "--upload-pack=x")},
        "another branch or reference",
    ),
    "not a version name": (
        lambda f, main: {"refs/tags/release": mktag(f, main, "release")},
        "another branch or reference",
    ),
    "other name inside": (
        lambda f, main: {"refs/tags/v1.0": mktag(f, main, "v9.0")},
        "named v9.0 inside",
    ),
    "tag of a tag": (
        lambda f, main: {"refs/tags/v1.0": mktag(f, mktag(f, main, "v1.0"), "v1.0", "tag")},
        "does not point at a text",
    ),
    "tag of a tree": (
        lambda f, main: {
            "refs/tags/v1.0": mktag(f, git(f, "rev-parse", "main^{tree}").strip(), "v1.0", "tree")
        },
        "does not point at a text",
    ),
    "one good, one lightweight": (
        lambda f, main: {"refs/tags/v1.0": mktag(f, main, "v1.0"), "refs/tags/v2.0": main},
        "plain tag",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_TAGS))
def test_hostile_version_is_refused(tmp_path: Path, pair: tuple[Path, Path], case: str) -> None:
    a, b = pair
    make_refs, words = HOSTILE_TAGS[case]
    assert_refused_without_change(b, tagged_bundle(tmp_path, a, make_refs), words)


@pytest.mark.parametrize(
    "ref",
    ["refs/tags/../../heads/main", "refs/tags/--upload-pack=x", "refs/tags/v1.0"],
    ids=["dot-dot", "option-like", "twice"],
)
def test_hand_written_tag_names_in_the_header_are_refused(
    tmp_path: Path, pair: tuple[Path, Path], ref: str
) -> None:
    a, b = pair
    bundle = tagged_bundle(tmp_path, a, lambda f, main: {"refs/tags/v1.0": mktag(f, main, "v1.0")})
    data = bundle.read_bytes()
    line = next(x for x in data.split(b"\n") if x.endswith(b" refs/tags/v1.0"))
    sha = line.split(b" ")[0]
    extra = sha + b" " + ref.encode()
    # "twice": the same version a second time; otherwise the name replaces the good one.
    bundle.write_bytes(
        data.replace(line, line + b"\n" + extra if ref == "refs/tags/v1.0" else extra, 1)
    )
    words = "twice" if ref == "refs/tags/v1.0" else "another branch or reference"
    assert_refused_without_change(b, bundle, words)


def test_a_well_formed_version_from_plain_git_is_taken(
    tmp_path: Path, pair: tuple[Path, Path]
) -> None:
    """The same construction with a valid annotated tag imports: the refusals above are the
    tags' doing."""
    a, b = pair
    made: dict[str, str] = {}

    def good(folder: Path, main: str) -> dict[str, str]:
        made["v1.0"] = mktag(folder, main, "v1.0")
        return {"refs/tags/v1.0": made["v1.0"]}

    bundle = tagged_bundle(tmp_path, a, good)
    with CharterRepository.open(b) as repository:
        result = import_bundle(repository, bundle)
    assert result.new_versions == ("v1.0",)
    assert git(b, "rev-parse", "refs/tags/v1.0").strip() == made["v1.0"]
