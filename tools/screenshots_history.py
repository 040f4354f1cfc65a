"""Screenshots of the history browser, the sync dialogs and the conflict view:
``python tools/screenshots_history.py [OUT_DIR]`` (default ``screenshots/``, git-ignored).

Builds two laptops from the example charter in a throw-away folder (edits with amendment and
workshop trailers, two adopted versions, a conflict between the laptops), starts Xvfb when no
display is available, and saves PNG files named ``history-*.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import screenshot_support as support

CLAIRE, JEAN = "p-cbb40a", "p-8736df"


def _laptops(folder: Path) -> tuple[Path, Path, Path]:
    from charter_app.core import operations
    from charter_app.storage.bundles import export_bundle
    from charter_app.storage.repository import CharterRepository
    from charter_app.storage.sync import clone_safely
    from charter_app.storage.templates import create_from_template, default_example
    from charter_app.storage.versions import Council

    origin = folder / "origin"
    with create_from_template(origin, default_example()) as repository:
        Council(repository).adopt_version("v1.0", CLAIRE, "Délibération 2025-14")
        charter = repository.load()
        first = charter.principles[0]
        body = first.body.replace(".", " pour toutes et tous.", 1)
        charter, change = operations.edit_principle(charter, first.id, body=body)
        repository.save(charter, change, CLAIRE, extra_trailers=[("Charter-Workshop", "W-1")])
        charter = repository.load()
        body = body + "\n\nLes habitants sont associés à chaque choix d’outil numérique."
        charter, change = operations.edit_principle(charter, first.id, body=body)
        repository.save(
            charter, change, JEAN, "Amendement A-1 adopté",
            [("Charter-Amendment", "A-1"), ("Charter-Decision", "adopted"),
             ("Charter-Workshop", "W-2")],
        )  # fmt: skip
        third = charter.principles[2]
        charter, change = operations.edit_principle(
            charter, third.id, body="Un texte entièrement réécrit pendant l’atelier."
        )
        repository.save(charter, change, CLAIRE)
        Council(repository).adopt_version("v2.0", CLAIRE, "Délibération 2026-03")
        export_bundle(repository, folder / "origin.bundle", sender="origin")
    a, b = folder / "a", folder / "b"
    for laptop in (a, b):
        clone_safely(folder / "origin.bundle", laptop).close()
    for laptop, author, text in ((a, CLAIRE, "portable de la mairie"), (b, JEAN, "portable B")):
        with CharterRepository.open(laptop) as repository:
            charter = repository.load()
            second = charter.principles[1]
            head, _sep, rest = second.body.partition("\n\n")
            new_body = f"Version écrite sur le {text}. {head}\n\n{rest}"
            charter, change = operations.edit_principle(charter, second.id, body=new_body)
            repository.save(charter, change, author)
            # Principle 4: deleted on the town hall's laptop, edited on laptop B.
            fourth = charter.principles[3]
            if laptop == a:
                charter, change = operations.remove_principle(charter, fourth.id)
            else:
                body = fourth.body + "\n\nUne phrase ajoutée sur le portable B."
                charter, change = operations.edit_principle(charter, fourth.id, body=body)
            repository.save(charter, change, author)
    with CharterRepository.open(b) as repository:
        export_bundle(repository, folder / "b.bundle", sender="portable-b")
    return origin, a, folder / "b.bundle"


def _take(out: Path, work: Path) -> None:
    from charter_app.ui.history_browser import HistoryBrowser, HistoryFeature
    from charter_app.ui.sync_dialogs import SyncFeature

    origin, a, bundle = _laptops(work)  # bundles carry no tags: versions are on the origin
    app, window = support.open_window([str(origin)], 1400, 860)
    camera = support.Camera(app, out, prefix="history-")
    settle, shoot = camera.settle, camera.shoot

    settle(lambda: window.document is not None and not window.history.busy)
    history = next(f for f in window.features if isinstance(f, HistoryFeature))
    sync = next(f for f in window.features if isinstance(f, SyncFeature))
    first = window.document.charter.principles[0].id
    window.select_principle(first)
    browser = history.show_browser(HistoryBrowser.TIMELINE)
    settle(lambda: not browser.busy)
    browser.timeline.table.selectRow(2)
    settle(lambda: not browser.busy)
    shoot(browser, "01-timeline")
    browser.tabs.setCurrentIndex(HistoryBrowser.BLAME)
    settle(lambda: not browser.busy)
    browser.blame.table.selectRow(1)
    shoot(browser, "02-who-wrote-this")
    browser.blame.words_check.setChecked(True)
    shoot(browser, "03-who-wrote-this-words")
    browser.tabs.setCurrentIndex(HistoryBrowser.VERSIONS)
    settle(lambda: not browser.busy)
    shoot(browser, "04-versions")
    window.context.set_high_contrast(True)
    shoot(browser, "05-versions-high-contrast")
    window.context.set_high_contrast(False)
    browser.close()

    window.open_charter(a)
    settle(lambda: window.document is not None and window.document.path == a)
    settle(lambda: not window.history.busy and not sync.busy)
    sync.choose_save_path = lambda parent, title, suggested: str(work / "export.bundle")
    dialog = sync.show_export()
    dialog.new_radio.setChecked(True)
    dialog.destination_edit.setText("portable-b")
    dialog.run_button.click()
    settle(lambda: not dialog.busy)
    shoot(dialog, "06-export-done")
    dialog.close()
    server = sync.show_server()
    server.url_edit.setText("http://exemple.org/charte.git")
    window.context.interaction.show_error = lambda parent, error: None
    server.run_button.click()
    settle(lambda: not server.busy)
    shoot(server, "07-server-refused")
    server.close()

    sync.choose_open_path = lambda parent, title: str(bundle)
    sync.import_from_usb()
    settle(lambda: not sync.busy and sync.conflict_view is not None)
    view = sync.conflict_view
    view.resize(1400, 760)
    rows = {view.list.item(k).text().split(".")[0]: k for k in range(view.list.count())}
    view.list.setCurrentRow(rows["2"])  # the principle both laptops edited
    shoot(view, "08-conflict-marked")
    view.choose(0, 1)
    shoot(view, "09-conflict-theirs-chosen")
    view.list.setCurrentRow(rows["4"])  # deleted here, edited on laptop B
    shoot(view, "10-conflict-deleted-here")
    view.close()
    window.close_charter()
    window.close()


def main(argv: list[str]) -> int:
    if support.needs_display():
        return support.with_display(__file__, argv)
    out = support.output_folder(argv)
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as work:
        os.environ["CHARTER_STUDIO_HOME"] = home
        os.environ.setdefault("LANGUAGE", "en")
        _take(out, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
