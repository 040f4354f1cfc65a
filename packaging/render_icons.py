"""Render the app icon (resources/icons/app.svg) to the files each platform wants, at build time.

Usage: python packaging/render_icons.py OUT_DIR

Writes ``OUT_DIR/hicolor/<n>x<n>/apps/org.charterstudio.CharterStudio.png`` for n in 16..512
(the freedesktop icon theme layout), ``OUT_DIR/charter-studio.ico`` (Windows) and
``OUT_DIR/charter-studio.icns`` (macOS). Only the SVG is committed: these are build products.
Qt (offscreen) draws the SVG; Pillow (installed with PyInstaller by the build scripts) writes .ico and .icns.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ID = "org.charterstudio.CharterStudio"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "app.svg"


def render_png(svg: Path, size: int, destination: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    destination.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(destination)):  # PNG, from the file name
        raise SystemExit(f"cannot write {destination}")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    out = Path(argv[0])
    pngs = {}
    for size in SIZES:
        png = out / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        render_png(SOURCE, size, png)
        pngs[size] = png
    biggest = Image.open(pngs[512])
    ico_sizes = [(n, n) for n in SIZES if n <= 256]
    biggest.save(out / "charter-studio.ico", sizes=ico_sizes)
    biggest.save(out / "charter-studio.icns")
    scalable = out / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SOURCE.read_bytes())
    print(f"icons: {len(pngs)} PNG sizes, .ico, .icns and the SVG in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
