"""``charter-app [DIR] [--example]``: the desktop app's entry point."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    from charter_app.i18n import _

    parser = argparse.ArgumentParser(
        prog="charter-app", description=_("Write a local digital charter together.")
    )
    parser.add_argument("folder", nargs="?", help=_("the charter folder to open"))
    parser.add_argument(
        "--example", action="store_true", help=_("open (a copy of) the bundled example charter")
    )
    return parser.parse_args(argv)


def create_window(arguments: argparse.Namespace, app, interaction=None):
    """The main window for ``arguments``, already asked to open the right charter."""
    from charter_app.ui.context import AppContext
    from charter_app.ui.main_window import MainWindow

    context = AppContext(app, interaction=interaction)
    context.apply_saved_preferences()
    window = MainWindow(context)
    window.contrast_action.setChecked(context.appearance.high_contrast)
    if arguments.folder:
        window.open_charter(Path(arguments.folder))
    elif arguments.example:
        window.open_charter(None, example=True)
    else:
        last = context.last()
        if last and (Path(last) / "charter.yaml").is_file():
            window.open_charter(Path(last))
        elif last is None:
            window.open_charter(None, example=True)  # first run: the example, ready to try
    return window


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Charter Studio")
    app.setOrganizationName("charter-studio")
    app.setDesktopFileName("org.charterstudio.CharterStudio")
    window = create_window(arguments, app)
    window.show()
    status = app.exec()
    QThreadPool.globalInstance().waitForDone()
    return status


if __name__ == "__main__":
    sys.exit(main())
