"""Screenshots of the comments: ``python tools/screenshots_comments.py [OUT_DIR]``.

Like ``tools/screenshots.py`` (Xvfb when there is no display, a throw-away home and a copy of
the example charter): records a few comments, replies, positions, one hidden and one orphaned
comment, then saves the window, the dock, the dialog, high contrast and 150 % text.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import screenshot_support as support


def _take(out: Path) -> None:
    from PySide6.QtGui import QTextCursor

    from charter_app.core import comments as core
    from charter_app.core.supports import Position, new_support
    from charter_app.ui.comments_panel import CommentDialog, CommentsFeature

    app, window = support.open_window()
    camera = support.Camera(app, out)
    settle, shoot = camera.settle, camera.shoot

    settle(lambda: window.document is not None and not window.history.busy)
    feature = next(f for f in window.features if isinstance(f, CommentsFeature))
    camera.ready = lambda: not feature.busy
    document = window.document
    repository = document.repository
    charter = document.saved_charter
    people = {p.role.value: p.id for p in charter.participants}
    resident, elected, staff = people["resident"], people["elected"], people["staff"]
    principle = charter.principles[0]
    window.select_principle(principle.id)
    head = repository.git.head() or ""

    def record(event, author):
        repository.record([event], author, "screenshot")

    def passage(words: str):
        start = principle.body.index(words)
        return core.passage_for_range(principle, start, start + len(words))

    words = principle.body.split()
    first = " ".join(words[1:6])
    second = " ".join(words[14:20])
    gone = " ".join(words[24:28])
    one = core.new_comment(
        charter, resident, principle.id, "Que veut dire « maîtresse » ici ?",
        passage=passage(first), commit=head,
    )  # fmt: skip
    record(one, resident)
    board = core.fold_comments(repository.events())
    record(
        core.new_reply(charter, board, elected, one.id, "Choisir et changer ses outils."), elected
    )
    two = core.new_comment(
        charter, elected, principle.id, "Ajouter la réversibilité des contrats.",
        passage=passage(second), commit=head,
    )  # fmt: skip
    record(two, elected)
    three = core.new_comment(
        charter, resident, principle.id, "Ce passage va sûrement changer.",
        passage=passage(gone), commit=head,
    )  # fmt: skip
    record(three, resident)
    four = core.new_comment(charter, people["business"], principle.id, "Hors sujet, désolé.")
    record(four, people["business"])
    board = core.fold_comments(repository.events())
    record(core.new_moderation(charter, board, staff, four.id, "Hors sujet"), staff)
    for author, position in ((resident, "support"), (elected, "support"), (staff, "neutral")):
        record(new_support(charter, author, two.id, Position(position), about="comment",
                           board=board), author)  # fmt: skip
    # The orphan: the passage deleted (and saved) after the comment.
    body = window.principle_editor.body_edit
    text = body.text()
    start = text.index(gone)
    cursor = body.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(gone) + 1, QTextCursor.KeepAnchor)
    cursor.removeSelectedText()
    window.who_combo.setCurrentIndex(window.who_combo.findData(staff))
    window.save()
    feature.reload()
    settle(lambda: not feature.busy and feature.entries)
    feature.panel.tree.setCurrentIndex(feature.panel.model.index(1, 0))
    feature.panel.show()
    feature.panel.raise_()  # its tab in front of the history's
    body.setFocus()
    shoot(window, "comments-01-window")
    shoot(feature.panel, "comments-02-dock")
    shoot(window.principle_editor, "comments-03-editor-marks")
    shoot(window.table, "comments-04-principle-list")

    window.who_combo.setCurrentIndex(window.who_combo.findData(resident))
    feature.panel.status_combo.setCurrentIndex(feature.panel.status_combo.findData("orphaned"))
    feature.panel.status_combo.activated.emit(feature.panel.status_combo.currentIndex())
    shoot(feature.panel, "comments-05-orphaned-resident-view")
    feature.panel.status_combo.setCurrentIndex(0)
    feature.panel.status_combo.activated.emit(0)

    dialog = CommentDialog(
        window, "Commentaire", f"Sur le passage « {first} » du principe 1.", "Claire Fontanel"
    )
    dialog.show()
    shoot(dialog, "comments-06-dialog")
    dialog.close()

    window.context.set_high_contrast(True)
    shoot(window, "comments-07-high-contrast")
    window.context.set_high_contrast(False)
    window.context.set_scale(1.5)
    shoot(window, "comments-08-text-150")
    window.context.set_scale(1.0)
    window.close_charter()
    window.document = None
    window.close()


def main(argv: list[str]) -> int:
    if support.needs_display():
        return support.with_display(__file__, argv)
    out = support.output_folder(argv)
    with tempfile.TemporaryDirectory() as home:
        os.environ["CHARTER_STUDIO_HOME"] = home
        os.environ.setdefault("LANGUAGE", "fr")
        _take(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
