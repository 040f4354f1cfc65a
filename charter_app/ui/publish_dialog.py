"""File > Publish…: the charter's public website, written off the UI thread, that can be stopped.

A feature (``ui/features.py``). The dialog gathers the choices (the folder, how contributors
are shown, the draft, the downloads); :func:`charter_app.export.site.publish_site` does the work
in the thread pool (:class:`~charter_app.ui.workers.Worker`), with a repository of its own. It
only reads the charter. When the site is written, the dialog says what names the free text still
holds (the warning of :mod:`charter_app.export.anonymity`) and offers to open it in the browser.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.operations import slugify
from charter_app.export.site import Published, SiteOptions, publish_site
from charter_app.i18n import _, ngettext
from charter_app.ui.editor import set_accessible
from charter_app.ui.export_dialog import NAMES_LABELS
from charter_app.ui.file_chooser import FileChooser, documents_folder
from charter_app.ui.job_dialog import JobDialog


class PublishDialog(JobDialog):
    """The choices of one publication, its progress, Stop, and Open the site."""

    def __init__(
        self,
        repository_path: Path,
        title: str,
        chooser: FileChooser,
        *,
        unsaved: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repository_path = repository_path
        self.chooser = chooser
        self.published: Published | None = None
        self.failed_text = _("Publishing failed: the folder is as it was.")
        self.stopped_text = _("Publishing was stopped; the folder is as it was.")
        self.setWindowTitle(_("Publish the charter"))
        set_accessible(
            self,
            _("Publish the charter"),
            _("Write the charter's public website into a folder any web server can serve."),
        )
        intro = QLabel(
            _(
                "The website shows every adopted version, each principle on its own page with "
                "its amendments, the council's decisions and the workshops, and how to check "
                "the text. Copy the folder to the authority's web server, or open it from a USB "
                "stick."
            )
        )
        intro.setWordWrap(True)

        self.path_edit = QLineEdit(
            str(documents_folder() / f"{slugify(title, set()) or 'charter'}-{_('website')}")
        )
        self.browse_button = QPushButton(_("C&hoose…"))
        self.browse_button.clicked.connect(self.choose_folder)
        self.names_combo = QComboBox()
        for mode, label in NAMES_LABELS.items():
            self.names_combo.addItem(_(label), mode)
        self.names_combo.setCurrentIndex(self.names_combo.findData(SiteOptions().names))
        self.drafts_box = QCheckBox(_("Also publish the last saved text as a &working draft"))
        self.downloads_box = QCheckBox(_("Add the &downloads (PDF, ODT, DOCX, HTML, Markdown)"))
        self.downloads_box.setChecked(True)
        self.search_box = QCheckBox(_("Add the search pa&ge"))
        self.search_box.setChecked(True)

        form = QFormLayout()
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        path_label = QLabel(_("&Folder:"))
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, path_row)
        form.addRow(_("&Contributors:"), self.names_combo)
        for box in (self.drafts_box, self.downloads_box, self.search_box):
            form.addRow(box)

        self.note = QLabel(
            _("Unsaved changes are not published: save first to include them.") if unsaved else ""
        )
        self.note.setWordWrap(True)
        self.note.setVisible(unsaved)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings.setObjectName("warning")
        self.warnings.hide()

        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.publish_button = self.buttons.addButton(_("&Publish"), role)
        self.cancel_button = self.buttons.addButton(_("&Stop"), role)
        self.open_button = self.buttons.addButton(_("&Open the site"), role)
        self.close_button = self.buttons.addButton(
            _("C&lose"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.publish_button.setDefault(True)
        self.cancel_button.setEnabled(False)
        self.open_button.hide()
        self.publish_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_site)
        self.buttons.rejected.connect(self.reject)
        self.start_button = self.publish_button
        self.inputs = (
            self.path_edit,
            self.browse_button,
            self.names_combo,
            self.drafts_box,
            self.downloads_box,
            self.search_box,
        )

        for widget, name, description in (
            (self.path_edit, _("Folder"), _("Where the website is written (replaced as a whole).")),
            (self.browse_button, _("Choose the folder"), _("Choose where to write the website.")),
            (self.names_combo, _("Contributors"), _("Show contributors by name, role, or not.")),
            (
                self.drafts_box,
                _("Working draft"),
                _("Also publish the last saved text, marked as not adopted."),
            ),
            (self.downloads_box, _("Downloads"), _("Every version in every export format.")),
            (self.search_box, _("Search page"), _("A search that works in the browser alone.")),
            (self.progress_bar, _("Progress"), _("How much of the website is written.")),
            (self.warnings, _("Warnings"), _("What to read before putting the site online.")),
            (self.publish_button, _("Publish"), _("Write the website in the background.")),
            (self.cancel_button, _("Stop"), _("Stop; the folder is left as it was.")),
            (self.open_button, _("Open the site"), _("Open the website in the browser.")),
            (self.close_button, _("Close"), _("Close this dialog (a running publication stops).")),
        ):
            set_accessible(widget, name, description)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.warnings)
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    # -- choices ----------

    def options(self) -> SiteOptions:
        return SiteOptions(
            names=self.names_combo.currentData(),
            drafts=self.drafts_box.isChecked(),
            downloads=self.downloads_box.isChecked(),
            search=self.search_box.isChecked(),
        )

    def output(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def choose_folder(self) -> None:
        chosen = self.chooser.folder(self, _("Publish to"), self.path_edit.text())
        if chosen:
            self.path_edit.setText(str(Path(chosen)))

    # -- running ----------

    def start(self) -> None:
        if self.task.busy:
            return
        if not self.path_edit.text().strip():
            self.status.setText(_("Choose the folder to write first."))
            return
        out, options, folder = self.output(), self.options(), self.repository_path
        self.published = None
        self.open_button.hide()
        self.warnings.hide()

        def work(progress, cancelled):
            from charter_app.storage.repository import CharterRepository

            with CharterRepository.open(folder) as repository:
                return publish_site(repository, out, options, progress, cancelled)

        self.begin(work, _("Publishing…"))

    def _done(self, published: object) -> None:
        self._set_running(False)
        assert isinstance(published, Published)
        self.published = published
        self.progress_bar.setValue(100)
        pages = ngettext("{count} page", "{count} pages", published.pages).format(
            count=published.pages
        )
        self.status.setText(
            _("Website written to {path}: {pages}, versions {versions}.").format(
                path=published.folder, pages=pages, versions=", ".join(published.versions)
            )
        )
        if published.warnings:
            self.warnings.setText("\n\n".join(published.warnings))
            self.warnings.show()
        self.open_button.show()
        self.open_button.setFocus()

    def open_site(self) -> None:
        if self.published is not None:
            self.open_url(QUrl.fromLocalFile(str(self.published.folder / "index.html")))

    def open_url(self, url: QUrl) -> None:
        """Open ``url`` in the browser (tests replace it)."""
        QDesktopServices.openUrl(url)


class PublishFeature:
    """File > Publish…"""

    def __init__(self, window) -> None:
        self.window = window
        self.chooser = FileChooser()
        self.dialog: PublishDialog | None = None
        self.action = QAction(window)
        self.action.setShortcut(QKeySequence("Ctrl+Alt+P"))
        self.action.triggered.connect(self.open_dialog)
        window.addAction(self.action)
        window.file_menu.insertAction(window.preferences_action, self.action)
        window.file_menu.insertSeparator(window.preferences_action)
        window.events.opened.connect(lambda _doc: self._update_action())
        window.events.closed.connect(self._update_action)
        window.events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update_action()

    def retranslate(self) -> None:
        self.action.setText(_("P&ublish the website…"))

    def _update_action(self) -> None:
        self.action.setEnabled(self.window.document is not None)

    def open_dialog(self) -> PublishDialog | None:
        document = self.window.document
        if document is None:
            return None
        if self.dialog is not None and self.dialog.busy:
            self.dialog.raise_()
            return self.dialog
        dialog = PublishDialog(
            document.path,
            document.saved_charter.title,
            self.chooser,
            unsaved=document.is_modified,
            parent=self.window,
        )
        self.dialog = dialog
        dialog.open()
        return dialog
