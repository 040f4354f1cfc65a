"""Versions over time: a slider over the adopted versions (in commit-graph order, never by date)
showing the charter at each, and a grid of principles × versions saying how much each changed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSlider,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from charter_app.i18n import _, ngettext
from charter_app.ui.editor import set_accessible
from charter_app.ui.history_models import (
    SharedRepository,
    VersionGridModel,
    VersionsData,
    load_versions,
)
from charter_app.ui.workers import Worker


class VersionsView(QWidget):
    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.setPageStep(1)
        self.slider.setEnabled(False)
        self.slider_label = QLabel()
        self.slider_label.setBuddy(self.slider)
        self.version_label = QLabel()
        self.version_label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self.model = VersionGridModel(self)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.setTabKeyNavigation(False)
        self.grid.setSelectionMode(QAbstractItemView.SingleSelection)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.grid.verticalHeader().setMaximumWidth(360)
        self.grid_label = QLabel()
        self.grid_label.setWordWrap(True)
        self.grid_label.setBuddy(self.grid)

        row = QHBoxLayout()
        row.addWidget(self.slider_label)
        row.addWidget(self.slider, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(row)
        left_layout.addWidget(self.version_label)
        left_layout.addWidget(self.text, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.grid_label)
        right_layout.addWidget(self.grid, 1)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        self.worker = Worker(self)
        self.worker.done.connect(self._loaded)
        self.worker.failed.connect(self._failed)
        self.slider.valueChanged.connect(self._show_version)
        self.grid.horizontalHeader().sectionClicked.connect(self.slider.setValue)
        self.retranslate()

    @property
    def busy(self) -> bool:
        return self.worker.busy

    def retranslate(self) -> None:
        self.slider_label.setText(_("&Version:"))
        self.grid_label.setText(
            _("&How much each principle changed from one version to the next (share of its words)")
        )
        set_accessible(
            self.slider,
            _("Adopted version"),
            _("Move to read the charter as it was adopted at each version, oldest first."),
        )
        set_accessible(
            self.text,
            _("Charter at the chosen version"),
            _("The whole text of the charter as adopted at the chosen version, read-only."),
        )
        set_accessible(
            self.grid,
            _("Changes between versions"),
            _(
                "One row per principle, one column per version; each cell says in words how "
                "much the principle changed since the previous version."
            ),
        )
        set_accessible(self.grid.horizontalHeader(), _("Versions"), _("One column per version."))
        set_accessible(self.grid.verticalHeader(), _("Principles"), _("One row per principle."))
        self.model.retranslate()
        self._show_status()
        self._show_version(self.slider.value())

    def load(self, shared: SharedRepository | None) -> None:
        if shared is None:
            self.worker.cancel()
            self.model.set_data(VersionsData((), ()))
            self._after_load()
            return
        self.status.setText(_("Reading the adopted versions…"))
        self.worker.submit(lambda: shared.run(load_versions))

    def _loaded(self, data: VersionsData) -> None:
        self.model.set_data(data)
        self._after_load()
        self.loaded.emit()

    def _failed(self, error: object) -> None:
        self.status.setText(_("Could not read the versions: {error}").format(error=error))
        self.loaded.emit()

    def _after_load(self) -> None:
        count = len(self.model.versions)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, count - 1))
        self.slider.setValue(max(0, count - 1))
        self.slider.blockSignals(False)
        self.slider.setEnabled(count > 1)
        self._show_status()
        self._show_version(self.slider.value())

    def _show_status(self) -> None:
        count = len(self.model.versions)
        if self.worker.busy:
            return
        if count == 0:
            self.status.setText(_("No version has been adopted yet: the council adopts versions."))
        else:
            self.status.setText(
                ngettext("{count} adopted version.", "{count} adopted versions.", count).format(
                    count=count
                )
            )

    def _show_version(self, position: int) -> None:
        versions = self.model.versions
        if not 0 <= position < len(versions):
            self.version_label.clear()
            self.text.clear()
            return
        version = versions[position]
        details = _("Version {name}, adopted on {date}").format(
            name=version.name, date=version.date or "?"
        )
        if version.ref:
            details += " " + _("(decision: {ref})").format(ref=version.ref)
        if version.amendments:
            details += " — " + _("amendments adopted: {numbers}").format(
                numbers=", ".join(version.amendments)
            )
        details += " — " + _("{position} of {count}").format(
            position=position + 1, count=len(versions)
        )
        self.version_label.setText(details)
        self.slider.setAccessibleDescription(details)
        self.text.setPlainText(version.text)
        self.grid.selectColumn(position)
