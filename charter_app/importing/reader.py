"""Open any supported file by what it holds, not by its name; damaged, encrypted or foreign files
give a clear, translated message."""

from __future__ import annotations

import zipfile
from pathlib import Path

from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.importing.blocks import Document
from charter_app.importing.package_limits import check_package

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Compound file: an encrypted (password-protected) Office document, or an old .doc."""
ODF_MIMETYPES = ("application/vnd.oasis.opendocument.text",)
MAX_TEXT_BYTES = 50 * 1024 * 1024


def _refuse(path: Path, problem: str, hint: str) -> ValidationError:
    return ValidationError(problem.format(name=path.name), hint)


def read_document(path: Path | str) -> Document:
    """The blocks of a Markdown, DOCX or ODT file."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise ValidationError(
            _("Cannot open “{name}”: {reason}").format(name=path.name, reason=error.strerror),
            _("Check the file's name and that you may read it."),
        ) from None
    if head.startswith(OLE_MAGIC):
        raise _refuse(
            path,
            _("“{name}” is password-protected, or an old Word (.doc) file; it cannot be read."),
            _(
                "Open it in the word processor, remove the password (or save it as .docx or "
                ".odt), and import the new file."
            ),
        )
    if head.startswith(b"PK"):
        return _read_package(path)
    return _read_text(path)


def _read_package(path: Path) -> Document:
    from charter_app.importing.docx import read_docx
    from charter_app.importing.odt import read_odt

    damaged = _("“{name}” is damaged or incomplete (perhaps cut short while copying).")
    hint = _("Save it again from the word processor, or copy it again, then import it.")
    try:
        with zipfile.ZipFile(path) as package:
            check_package(package, path)  # before anything is unpacked
            names = set(package.namelist())
            mimetype = (
                package.read("mimetype").decode("ascii", "replace").strip()
                if ("mimetype" in names)
                else ""
            )
            bad = package.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        raise _refuse(path, damaged, hint) from None
    if bad is not None:
        raise _refuse(path, damaged, hint)
    try:
        if "word/document.xml" in names:
            return read_docx(path)
        if mimetype in ODF_MIMETYPES or ("content.xml" in names and "mimetype" in names):
            if mimetype not in ODF_MIMETYPES:
                raise _refuse(
                    path,
                    _("“{name}” is an OpenDocument file but not a text document."),
                    _("Import a text document (.odt)."),
                )
            return read_odt(path)
    except ValidationError:
        raise
    except Exception as error:  # a reader met XML it cannot parse: the file is damaged  # noqa: BLE001
        if type(error).__module__.startswith("defusedxml"):  # the ODT reader's safe parser
            raise _refuse(
                path,
                _("“{name}” declares outside content (XML entities), which is refused for safety."),
                _("Save it again from the word processor, then import the new file."),
            ) from None
        raise _refuse(path, damaged, hint) from None
    raise _refuse(
        path,
        _("“{name}” is a compressed (zip) file, not a text document."),
        _("Import a .docx, .odt or .md file."),
    )


def _read_text(path: Path) -> Document:
    from charter_app.importing.markdown import read_markdown

    data = path.read_bytes()
    if len(data) > MAX_TEXT_BYTES:
        raise _refuse(
            path, _("“{name}” is too large to be a charter."), _("Import the charter's text only.")
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if not text or "\x00" in text:
        raise _refuse(
            path,
            _("“{name}” is not a text document that can be imported."),
            _("Import a .docx, .odt or Markdown (.md) file saved as UTF-8."),
        )
    return read_markdown(text, path.stem)
