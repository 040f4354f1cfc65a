"""Workshop > Open to participants' phones: the companion served from this window.

A feature (``ui/features.py``). It starts the phone companion (``charter_app.web``) in a thread
of this program, on the charter's own session, so the phones' writes take their turn in the
charter's one writer with the window's; the window notices them as it notices any write made
elsewhere (``ui/operations.py``, within half a second), and hears the companion's own changes
(a phone joined, a text waiting) through its listener, marshalled to the UI thread by a signal.

The "Phones" panel shows the QR code, the short address and the session code (the projector
shows them too), the choice "published at once" or "held until I accept", dot voting, the
texts waiting with Accept and Decline, the phones with Revoke, and the A4 poster.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from charter_app.application.companion import Companion, Kind, Moderation
from charter_app.application.written import Changed, Written
from charter_app.i18n import _
from charter_app.ui.editor import set_accessible
from charter_app.ui.file_chooser import FileChooser, documents_folder
from charter_app.ui.responsive import give_room_when_shown
from charter_app.ui.workers import Worker

MENU = "workshop"
REFRESH_MS = 250


class _Relay(QObject):
    """Lives in the UI thread: the companion's changes arrive here from the server's threads."""

    changed = Signal()


class CompanionFeature:
    """The phones' access to the running workshop, from the Workshop menu."""

    def __init__(self, window) -> None:
        self.window = window
        self.companion: Companion | None = None
        self.server = None
        self._unsubscribe = None
        self.relay = _Relay(window)
        self.refresh_timer = QTimer(window, singleShot=True, interval=REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.relay.changed.connect(self.refresh_soon)
        self.checker = Worker(window, coalesce=True)
        self.checker.done.connect(self._checked)
        self.checker.failed.connect(lambda _error: None)  # the next write checks again
        self.starter = Worker(window)
        self.starter.done.connect(self._started)
        self.starter.failed.connect(self._failed)
        self.menu = window.feature_menu(MENU)
        self.menu.addSeparator()
        self.action = QAction(window)
        self.action.setCheckable(True)
        self.action.triggered.connect(self.toggle)
        self.menu.addAction(self.action)
        self.panel = CompanionPanel(self)
        window.addDockWidget(Qt.RightDockWidgetArea, self.panel)
        give_room_when_shown(window, self.panel, share=0.7)
        self.panel.hide()
        window.events.opened.connect(lambda _document: self._update())
        window.events.closed.connect(self.close)
        window.events.written.connect(self._written)
        window.events.retranslate.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(_("Open to participants' &phones…"))
        self.action.setToolTip(_("Participants read, comment and propose from their own phones"))
        self.panel.retranslate()
        self._update()

    def _update(self) -> None:
        document = self.window.document
        self.action.setEnabled(document is not None and not document.read_only)
        self.action.setChecked(self.companion is not None)

    # -- opening and closing ----------

    def toggle(self) -> None:
        if self.companion is None:
            self.open()
        else:
            self.close()

    def open(self, port: int | None = None, bind: str | None = None) -> None:
        """Start serving the running workshop (off the UI thread: a few file reads)."""
        document, author = self.window.document, self.window.writer()
        if document is None or author is None or self.starter.busy:
            self._update()
            return
        from charter_app.web.server import ALL, DEFAULT_PORT, CompanionServer

        session = document.session

        def start():
            companion = Companion.open(session, author)
            server = CompanionServer(
                companion, bind=bind or ALL, port=port if port is not None else DEFAULT_PORT
            )
            server.start()
            return companion, server

        self.starter.submit(start)

    def _started(self, result) -> None:
        self.companion, self.server = result
        # While a room writes, the server's threads make garbage fast, and each full collection
        # (in this thread: ui/collector.py) would walk every object of the window too, 100 ms
        # and more. What lives now (modules, the window, the charter) is set aside until the
        # phones close; the collections in between only walk what is newer.
        gc.freeze()
        self._unsubscribe = self.companion.subscribe(self.relay.changed.emit)
        self.panel.show()
        self.panel.raise_()
        self.refresh()
        self._update()
        self.window.statusBar().showMessage(
            _("Phones can join at {address} with the code {code}.").format(
                address=self.server.address, code=self.companion.code_display
            ),
            10000,
        )

    def _failed(self, error) -> None:
        self._update()
        self.window.show_error(error)

    def close(self) -> None:
        """Stop serving: every link and code stops working at once."""
        if self.companion is None:
            return
        companion, server = self.companion, self.server
        self.companion = self.server = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        server.stop()
        held = len(companion.held())
        kept = companion.close()
        gc.unfreeze()  # collected as usual again
        self.panel.hide()
        self._show_on_projector(None)
        self._update()
        if held and kept is not None:
            self.window.show_error(
                _("{count} contributions were still waiting; they are kept in {path}.").format(
                    count=held, path=kept
                )
            )

    def _written(self, _written) -> None:
        """A write here or elsewhere: the workshop may have ended (then phones close). The
        check reads the charter's events, so it runs off the UI thread."""
        companion = self.companion
        if companion is None:
            return
        companion.snapshots.invalidate()  # the phones see the write at once too

        def ended() -> tuple[Companion, bool]:
            return companion, companion.workshop is None

        self.checker.submit(ended)

    def _checked(self, result) -> None:
        companion, ended = result
        if companion is not self.companion:
            return
        if ended:
            self.close()
            self.window.statusBar().showMessage(
                _("The workshop has ended: phones are closed."), 8000
            )
        else:
            self.refresh_soon()

    # -- the facilitator's choices ----------

    def refresh_soon(self) -> None:
        """Refresh the panel once for a burst of changes (a room of phones writing at once)."""
        if not self.refresh_timer.isActive():
            self.refresh_timer.start()

    def accept(self, key: str) -> None:
        companion = self.companion
        if companion is None:
            return
        receipt = companion.receipts.get(key)
        amendment = receipt is not None and receipt.kind == Kind.AMENDMENT

        def work(_session) -> Written:
            done = companion.accept(key)
            changed = Changed(events=True, amendments=(done.ref,) if amendment else ())
            return Written(done, changed=changed, summary=_("Accepted from a phone"))

        self.window.operations.run(work, lambda _written: self.refresh())

    def decline(self, key: str) -> None:
        if self.companion is not None:
            self.companion.decline(key)
            self.refresh()

    def revoke(self, phone_id: str) -> None:
        if self.companion is not None:
            self.companion.revoke(phone_id)
            self.refresh()

    def refresh(self) -> None:
        self.panel.refresh()
        if self.companion is not None and self.server is not None:
            self._show_on_projector(self.panel.qr_pixmap)

    def _show_on_projector(self, pixmap: QPixmap | None) -> None:
        """The QR code, address and code at the foot of the projector's screen."""
        from charter_app.ui.workshop_mode import WorkshopFeature

        for feature in self.window.features:
            if isinstance(feature, WorkshopFeature):
                banner = None
                if pixmap is not None and self.server is not None:
                    banner = (pixmap, self.server.address, self.companion.code_display)
                feature.companion_banner = banner
                if feature.projector is not None:
                    feature.projector.render()

    def save_poster(self) -> None:
        companion, server = self.companion, self.server
        if companion is None or server is None:
            return
        path = FileChooser().save_file(
            self.window, _("Save the poster"), str(documents_folder() / _("phones-poster.pdf")),
            _("PDF (*.pdf)"),
        )  # fmt: skip
        if not path:
            return
        from charter_app.web.poster import poster_pdf

        workshop = companion.workshop
        title = self.window.document.saved_charter.title if self.window.document else ""
        data = poster_pdf(title, workshop.display if workshop else "", server.link,
                          server.address, companion.code_display)  # fmt: skip
        with open(path, "wb") as out:
            out.write(data)
        self.window.statusBar().showMessage(_("Poster saved: {path}").format(path=path), 8000)


class CompanionPanel(QDockWidget):
    """The "Phones" panel: how to join, the moderation choice, what waits, who is connected."""

    def __init__(self, feature: CompanionFeature) -> None:
        super().__init__(feature.window)
        self.feature = feature
        self.setObjectName("companionPanel")
        self.qr_pixmap: QPixmap | None = None
        """The QR code at 4 pixels a module (the projector's); the panel shows it at its width."""
        self.qr = QrCode()
        self.join_label = QLabel()
        self.join_label.setObjectName("companionJoin")
        self.join_label.setWordWrap(True)
        self.join_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        font = self.join_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.join_label.setFont(font)  # read aloud to the room: large
        self.published = QRadioButton()
        self.held = QRadioButton()
        self.published.toggled.connect(self._moderation_changed)
        self.dots = QCheckBox()
        self.dots.toggled.connect(self._dots_changed)
        self.waiting_label = QLabel()
        self.waiting = QListWidget()
        self.waiting.setWordWrap(True)  # a whole text to read before accepting it
        self.waiting.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.accept_button = QPushButton()
        self.decline_button = QPushButton()
        self.accept_button.clicked.connect(lambda: self._on_waiting(self.feature.accept))
        self.decline_button.clicked.connect(lambda: self._on_waiting(self.feature.decline))
        self.phones_label = QLabel()
        self.phones = QListWidget()
        self.revoke_button = QPushButton()
        self.revoke_button.clicked.connect(self._revoke)
        self.poster_button = QPushButton()
        self.poster_button.clicked.connect(feature.save_poster)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(feature.close)
        body = QWidget()
        layout = QVBoxLayout(body)
        for widget in (self.qr, self.join_label, self.published, self.held, self.dots,
                       self.waiting_label, self.waiting):  # fmt: skip
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.accept_button)
        row.addWidget(self.decline_button)
        layout.addLayout(row)
        layout.addWidget(self.phones_label)
        layout.addWidget(self.phones)
        layout.addWidget(self.revoke_button)
        layout.addWidget(self.poster_button)
        layout.addWidget(self.close_button)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # it fits a narrow dock
        scroll.setWidget(body)
        self.setWidget(scroll)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Phones"))
        # Short enough for a dock on a small laptop's screen; the whole sentence as tooltip.
        self.published.setText(_("Publish at once"))
        self.published.setToolTip(_("Publish contributions at once"))
        self.held.setText(_("Wait for my approval"))
        self.held.setToolTip(_("Hold texts until I accept them"))
        self.dots.setText(_("Dot voting open"))
        self.dots.setToolTip(_("Dot voting open on the phones"))
        self.waiting_label.setText(_("Waiting for you:"))
        self.accept_button.setText(_("&Accept"))
        self.decline_button.setText(_("&Decline"))
        self.phones_label.setText(_("Phones connected:"))
        self.revoke_button.setText(_("&Revoke this phone"))
        self.poster_button.setText(_("Save the &poster (PDF)…"))
        self.close_button.setText(_("&Close to phones"))
        for widget in (self.published, self.held, self.dots, self.accept_button,
                       self.decline_button, self.revoke_button, self.poster_button,
                       self.close_button):  # fmt: skip
            set_accessible(widget, widget.text().replace("&", "").rstrip("…"), widget.toolTip())
        set_accessible(self.waiting, _("Contributions waiting"), _("Accept or decline each one."))
        set_accessible(self.phones, _("Phones connected"), _("Pseudonym and role of each phone."))
        self.refresh()

    def refresh(self) -> None:
        companion, server = self.feature.companion, self.feature.server
        if companion is None or server is None:
            return
        from charter_app.web import qr

        if self.qr_pixmap is None or self.qr.property("link") != server.link:
            pixmap = QPixmap()
            pixmap.loadFromData(qr.png(server.link, scale=4))
            self.qr_pixmap = pixmap
            small = QPixmap()
            small.loadFromData(qr.png(server.link, scale=1))
            self.qr.show_code(small)
            self.qr.setProperty("link", server.link)
            set_accessible(self.qr, _("QR code to join from a phone"), server.link)
        self.join_label.setText(
            _("Address: {address}\nSession code: {code}").format(
                address=server.address, code=companion.code_display
            )
        )
        for button, value in ((self.published, Moderation.PUBLISHED), (self.held, Moderation.HELD)):
            button.blockSignals(True)
            button.setChecked(companion.moderation is value)
            button.blockSignals(False)
        self.dots.blockSignals(True)
        self.dots.setChecked(companion.dots_open)
        self.dots.blockSignals(False)
        self.waiting.clear()
        for receipt in companion.held():
            phone = companion.phones.get(receipt.phone)
            who = phone.name if phone else "?"
            text = " ".join(receipt.payload.get("text", "").split())[:160]
            item = QListWidgetItem(f"{who} · {receipt.label} · {text}")
            item.setData(Qt.UserRole, receipt.key)
            self.waiting.addItem(item)
        self.phones.clear()
        for phone in companion.phones.values():
            state = _(" (revoked)") if phone.revoked else ""
            item = QListWidgetItem(f"{phone.name} · {phone.role}{state}")
            item.setData(Qt.UserRole, phone.id)
            self.phones.addItem(item)

    def _moderation_changed(self) -> None:
        companion = self.feature.companion
        if companion is not None:
            held = self.held.isChecked()
            companion.set_moderation(Moderation.HELD if held else Moderation.PUBLISHED)

    def _dots_changed(self, checked: bool) -> None:
        if self.feature.companion is not None:
            self.feature.companion.set_dots_open(checked)

    def _on_waiting(self, action) -> None:
        item = self.waiting.currentItem()
        if item is not None:
            action(item.data(Qt.UserRole))

    def _revoke(self) -> None:
        item = self.phones.currentItem()
        if item is not None:
            self.feature.revoke(item.data(Qt.UserRole))


class QrCode(QLabel):
    """A QR code as large as the panel's width allows, in whole pixels a module (sharp, so a
    phone reads it from the screen), between 2 and 5 pixels a module."""

    SMALLEST, LARGEST = 2, 5

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignCenter)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self._code: QPixmap | None = None

    def show_code(self, code: QPixmap) -> None:
        """``code``: one pixel a module, quiet zone included."""
        self._code = code
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        code = self._code
        if code is None or code.width() == 0:
            return
        scale = max(self.SMALLEST, min(self.LARGEST, self.width() // code.width()))
        if self.pixmap() is not None and self.pixmap().width() == code.width() * scale:
            return
        self.setPixmap(code.scaled(code.width() * scale, code.height() * scale,
                                   Qt.IgnoreAspectRatio, Qt.FastTransformation))  # fmt: skip
        self.setFixedHeight(code.height() * scale)
