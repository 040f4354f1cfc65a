"""Who wrote this sentence: a principle's text with a numbered mark after each passage, and a
table (for screen readers too) saying which participant, amendment and workshop each came from.

The blame is computed off the UI thread (:func:`charter_app.ui.history_models.load_blame`).
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.blame import PrincipleBlame
from charter_app.i18n import _, ngettext
from charter_app.rendering.reading import inline_runs
from charter_app.ui.editor import set_accessible
from charter_app.ui.history_models import (
    AttributionModel,
    LoadedBlame,
    SharedRepository,
    describe_source,
    load_blame,
    sources_of,
)
from charter_app.ui.workers import Worker

# Light tints that alternate between neighbouring sources: a second cue only, the numbered
# marks and the table say everything.
_TINTS = ("#fff3c4", "#d9ecff", "#e3f6d8", "#f9dcec", "#eee3ff", "#ffe4cc")


def marker_text(span, sources: dict) -> str:
    """``[2]``, or ``[2+5]`` when some words of the sentence come from another change."""
    numbers = [sources[span.attribution.commit].marker]
    numbers += [sources[other.commit].marker for other in span.others]
    return "[" + "+".join(str(n) for n in dict.fromkeys(numbers)) + "]"


def shown_words(markdown: str) -> str:
    """A sentence's words as read (``**bold**`` shows as bold words, not as stars); a mark left
    open by a sentence cut in the middle of bold words is dropped too."""
    words, _runs = inline_runs(markdown)
    return re.sub(r"(?<![\w*])\*{1,3}(?=\w)|(?<=\w)\*{1,3}(?![\w*])", "", words)


def annotated_html(blame: PrincipleBlame, words: bool, sources: dict) -> str:
    """The body with ``[n]`` after each passage (a link to its row of the table)."""
    spans = blame.words if words else blame.sentences
    parts = []
    row = 0
    for span in spans:
        if not span.text.strip():
            parts.append(html.escape(span.text).replace("\n", "<br>"))
            continue
        # The mark goes right after the words, before the line break that may end the span.
        core = span.text.rstrip()
        trailing = span.text[len(core) :]
        source = sources[span.attribution.commit]
        tint = _TINTS[(source.marker - 1) % len(_TINTS)]
        shown = html.escape(shown_words(core))
        parts.append(
            f'<span style="background-color:{tint}; color:#000000">{shown}</span>'
            f'<sup><a href="row:{row}">{marker_text(span, sources)}</a></sup>'
            + (html.escape(trailing).replace("\n", "<br>") if "\n" in trailing else " ")
        )
        row += 1
    return "".join(parts)


class BlameView(QWidget):
    """The attribution of one principle, sentence by sentence (or word by word)."""

    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shared: SharedRepository | None = None
        self.principle_id: str | None = None
        self.names: dict[str, str] = {}
        self.blame: PrincipleBlame | None = None
        self.proposers: dict[str, str] = {}
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.words_check = QCheckBox()
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setTabChangesFocus(True)
        self.text_label = QLabel()
        self.text_label.setBuddy(self.text)
        self.model = AttributionModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(AttributionModel.PASSAGE, QHeaderView.Stretch)
        self.table_label = QLabel()
        self.table_label.setBuddy(self.table)
        self.details = QLabel()
        self.details.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.words_check)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.text_label)
        upper_layout.addWidget(self.text)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.table_label)
        lower_layout.addWidget(self.table, 1)
        lower_layout.addWidget(self.details)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.worker = Worker(self)
        self.worker.done.connect(self._loaded)
        self.worker.failed.connect(self._failed)
        self.words_check.toggled.connect(lambda _on: self._show())
        self.text.anchorClicked.connect(self._mark_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.retranslate()

    @property
    def busy(self) -> bool:
        return self.worker.busy

    def retranslate(self) -> None:
        self.words_check.setText(_("&Word by word"))
        self.text_label.setText(_("Saved text, each passage followed by its mark"))
        self.table_label.setText(_("&Who wrote each passage"))
        set_accessible(
            self.words_check,
            _("Word by word"),
            _("Show who wrote each run of words instead of each sentence."),
        )
        set_accessible(
            self.text,
            _("Text with marks"),
            _("The saved text; the number after each passage is its row in the table below."),
        )
        set_accessible(
            self.table,
            _("Who wrote each passage"),
            _("One row per passage: participant, amendment, workshop, date and change."),
        )
        set_accessible(
            self.table.horizontalHeader(),
            _("Columns"),
            _("Mark, passage, participant, amendment, workshop, date and change."),
        )
        set_accessible(self.table.verticalHeader(), _("Rows"), _("One row per passage."))
        self.model.retranslate()
        self._show_status()

    def show_principle(
        self, shared: SharedRepository | None, principle_id: str | None, names: dict[str, str]
    ) -> None:
        """Compute, off the UI thread, who wrote each passage of ``principle_id``."""
        self.shared, self.principle_id, self.names = shared, principle_id, names
        self.blame = None
        self.model.set_spans([], {})
        self.text.clear()
        if shared is None or principle_id is None:
            self.worker.cancel()
            self._show_status()
            return
        self.status.setText(_("Finding who wrote each sentence…"))
        self.worker.submit(lambda: shared.run(lambda r: load_blame(r, principle_id)))

    def _loaded(self, loaded: LoadedBlame | None) -> None:
        self.blame = loaded.blame if loaded is not None else None
        self.proposers = loaded.proposers if loaded is not None else {}
        self._show()
        self.loaded.emit()

    def _failed(self, error: object) -> None:
        self.status.setText(_("Could not find who wrote the text: {error}").format(error=error))
        self.loaded.emit()

    def _show(self) -> None:
        blame = self.blame
        if blame is None:
            self.model.set_spans([], {})
            self.text.clear()
            self._show_status()
            return
        words = self.words_check.isChecked()
        spans = blame.words if words else blame.sentences
        sources = sources_of(spans, self.names, self.proposers)
        self.model.set_spans(spans, sources)
        self.text.setHtml(annotated_html(blame, words, sources))
        self.table.resizeColumnToContents(AttributionModel.MARKER)
        self._show_status()

    def _show_status(self) -> None:
        if self.principle_id is None:
            self.status.setText(_("Choose a principle to see who wrote each sentence."))
        elif self.blame is None:
            if not self.worker.busy:
                self.status.setText(_("This principle has not been saved yet."))
        else:
            count = len({span.attribution.commit for span in self.blame.sentences})
            written = ngettext(
                "Written in {count} change.", "Written in {count} changes.", count
            ).format(count=count)
            versions = _("Saved versions: {versions}.").format(versions=self.blame.revisions)
            self.status.setText(f"{written} {versions}")

    def _mark_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("row:") and text[4:].isdigit():
            row = int(text[4:])
            self.table.selectRow(row)
            self.table.setFocus()

    def _row_changed(self, current, _previous) -> None:
        source = self.model.source_at(current.row()) if current.isValid() else None
        span = self.model.span_at(current.row()) if current.isValid() else None
        self.details.setText(describe_source(source, span) if source else "")
