"""Zip bombs are refused before anything is unpacked, naming the limit that was hit, within a
memory bound; an external entity in a DOCX is reported and the text after it kept."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from charter_app.errors import ValidationError
from charter_app.importing.package_limits import PackageLimits, check_package
from charter_app.importing.plan import plan_import
from charter_app.importing.reader import read_document
from tests.test_import_builders import docx_from_markdown, odt_from_markdown
from tests.zip_bombs import DOCX_UNIT, ODT_UNIT, bomb_like

TEXT = "# Charte\n\n## Article 1 : Un\n\nAvant BOMB après."
MEMORY_CAP = 1536 * 1024 * 1024
"""Address space given to the reading process: a bomb unpacked would need several times it."""

# Read a document in a process of its own, under MEMORY_CAP, and say how it went.
_READER = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from charter_app.errors import CharterError
from charter_app.importing.reader import read_document
try:
    read_document(sys.argv[1])
    outcome = "read"
except CharterError as error:
    outcome = str(error)
# This process's own peak (VmHWM): ru_maxrss would also count the test process it forked from.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
print(json.dumps({{"outcome": outcome, "peak": peak}}))
"""


def read_in_a_bounded_process(path: Path) -> tuple[str, int]:
    """What reading ``path`` gave (the message of a refusal) and the peak memory, in bytes."""
    result = subprocess.run(
        [sys.executable, "-c", _READER.format(cap=MEMORY_CAP), str(path)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout)
    return answer["outcome"], answer["peak"]


@pytest.mark.parametrize(
    ("kind", "part", "unit"),
    [("docx", "word/document.xml", DOCX_UNIT), ("odt", "content.xml", ODT_UNIT)],
)
def test_a_gigabyte_bomb_is_refused_within_a_memory_bound(
    tmp_path: Path, kind: str, part: str, unit: bytes
) -> None:
    """The report's case: about 3 MB unpacking to 1.2 GB (it took 39 s and 8 GB)."""
    build = docx_from_markdown if kind == "docx" else odt_from_markdown
    source = build(TEXT, tmp_path / f"source.{kind}")
    bomb = bomb_like(source, part, unit, 1200, tmp_path / f"bomb.{kind}")
    assert bomb.stat().st_size < 4 * 1024 * 1024
    with zipfile.ZipFile(bomb) as package:  # a real bomb: that is what it declares
        assert package.getinfo(part).file_size > 1200 * 1024 * 1024
    outcome, peak = read_in_a_bounded_process(bomb)
    assert f"would unpack its part {part} to 1200 MB, more than the 32 MB" in outcome
    assert "Nothing was imported" in outcome
    assert peak < 300 * 1024 * 1024


def test_a_small_bomb_is_caught_by_its_compression_ratio(tmp_path: Path) -> None:
    source = docx_from_markdown(TEXT, tmp_path / "source.docx")
    bomb = bomb_like(source, "word/document.xml", DOCX_UNIT, 20, tmp_path / "bomb.docx")
    with pytest.raises(ValidationError, match=r"compressed \d+ times in its part word/document"):
        read_document(bomb)


def test_each_limit_is_named(tmp_path: Path) -> None:
    document = docx_from_markdown(TEXT.replace("BOMB", "texte"), tmp_path / "c.docx")
    with zipfile.ZipFile(document) as package:
        parts = len(package.infolist())
        total = sum(info.file_size for info in package.infolist())
        cases = [
            (PackageLimits(max_parts=parts - 1), "files inside"),
            (PackageLimits(max_total_bytes=total - 1), "once unpacked"),
            (PackageLimits(max_xml_bytes=100), "a part may take"),
        ]
        for limits, words in cases:
            with pytest.raises(ValidationError, match=words):
                check_package(package, document, limits)
        check_package(package, document)  # a real document passes
    assert plan_import(read_document(document)).principles


def _with_entity(source: Path, part: str, target: Path) -> Path:
    """``source`` whose ``part`` declares an external entity and uses it where the text says
    BOMB."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                declaration, _end, rest = text.partition("?>")
                root = rest.lstrip()[1:].split(" ", 1)[0]
                doctype = f'<!DOCTYPE {root} [<!ENTITY ext SYSTEM "file:///etc/hostname">]>'
                data = (declaration + "?>" + doctype + rest.replace("BOMB", "&ext;")).encode()
            new.writestr(info, data)
    return target


def test_text_after_an_external_entity_is_kept_and_the_entity_reported(tmp_path: Path) -> None:
    source = docx_from_markdown(TEXT, tmp_path / "source.docx")
    document = read_document(_with_entity(source, "word/document.xml", tmp_path / "e.docx"))
    paragraph = document.blocks[-1].markdown
    assert paragraph.startswith("Avant") and paragraph.endswith("après.")
    hostname = Path("/etc/hostname")
    if hostname.is_file() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in paragraph
    (issue,) = document.issues
    assert "&ext;" in issue.message and "never read" in issue.message


def test_an_odt_declaring_entities_is_refused_in_plain_words(tmp_path: Path) -> None:
    source = odt_from_markdown(TEXT, tmp_path / "source.odt")
    with pytest.raises(ValidationError, match="outside content"):
        read_document(_with_entity(source, "content.xml", tmp_path / "e.odt"))
