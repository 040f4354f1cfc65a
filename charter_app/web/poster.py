"""The printable A4 poster of a companion session: the QR code, the short address and the
session code, in large type, as a tagged PDF through the project's Typst writer.

The QR code is drawn as Typst squares (no image file is read), and every text enters the
source as a string literal, as the charter's own PDF export does.
"""

from __future__ import annotations

from charter_app.export.pdf_writer import compile_typst, string_literal
from charter_app.i18n import _, current_language
from charter_app.web import qr

SIDE_MM = 120.0
"""The printed QR code's side: read by a phone from two or three metres."""


def poster_source(title: str, workshop: str, link: str, address: str, code: str) -> str:
    s = string_literal
    footnote = _(
        "Connect to the room’s Wi-Fi first. No account, no e-mail: a pseudonym is enough. "
        "Nothing leaves the room: the page is served by the facilitator’s laptop."
    )
    rows = qr.modules(link)
    size = len(rows)
    cell = SIDE_MM / size
    squares = "".join(
        f"#place(dx: {x * cell:.3f}mm, dy: {y * cell:.3f}mm, "
        f"rect(width: {cell + 0.02:.3f}mm, height: {cell + 0.02:.3f}mm, fill: black))\n"
        for y, row in enumerate(rows)
        for x, dark in enumerate(row)
        if dark
    )
    return "".join(
        [
            f"#set document(title: {s(_('Take part from your phone'))})\n",
            f'#set text(lang: {s(current_language())}, font: ("Libertinus Serif",), size: 16pt)\n',
            '#set page(paper: "a4", margin: 1.6cm)\n',
            "#set align(center)\n",
            f"#heading(level: 1, text(size: 30pt, {s(_('Take part from your phone'))}))\n",
            f"#text(size: 15pt, {s(title)})\n\n",
            f"#text(size: 15pt, {s(workshop)})\n\n",
            "#v(0.6cm)\n",
            f"#figure(alt: {s(_('QR code of the workshop companion'))}, "
            f"box(width: {SIDE_MM}mm, height: {SIDE_MM}mm)[\n{squares}])\n",
            "#v(0.6cm)\n",
            f"#text(size: 16pt, {s(_('Scan the code with your phone’s camera, or type:'))})\n\n",
            f'#text(size: 26pt, weight: "bold", font: "DejaVu Sans Mono", {s(address)})\n\n',
            f"#text(size: 16pt, {s(_('then the session code:'))})\n\n",
            f'#text(size: 34pt, weight: "bold", font: "DejaVu Sans Mono", {s(code)})\n\n',
            "#v(0.6cm)\n",
            f"#text(size: 12pt, {s(footnote)})\n",
        ]
    )


def poster_pdf(title: str, workshop: str, link: str, address: str, code: str) -> bytes:
    return compile_typst(poster_source(title, workshop, link, address, code))
