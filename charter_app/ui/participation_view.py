"""The participation picture: contributions by role, principle, workshop and day.

Each chart comes with its table (``core/participation.py`` :meth:`Participation.tables`), so a
screen reader gets every number. Counting runs off the UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from charter_app.core.participation import ROLES, Participation, participation
from charter_app.i18n import _, ngettext
from charter_app.ui.charts import ChartAndTable
from charter_app.ui.editor import set_accessible
from charter_app.ui.responsive import scrolling
from charter_app.ui.workers import Worker


def compute(folder) -> Participation:
    """Every contribution of the charter in ``folder`` (run off the UI thread)."""
    from charter_app.core.workshops import fold_workshops
    from charter_app.storage.amendments import read_amendments
    from charter_app.storage.repository import opened

    with opened(folder) as repository:
        charter = repository.load()
        events = repository.events()
        return participation(
            charter, events, read_amendments(repository.path), fold_workshops(events)
        )


def chart_views(picture: Participation) -> list[tuple[str, list[tuple[str, int]], list, list]]:
    """(caption, bars, headers, rows) for the four views, bars being each row's total."""
    tables = picture.tables()
    by_role = picture.by_role()
    role_bars = [
        (row[0], sum(by_role[role].values()))
        for role, row in zip(ROLES, tables[0].rows, strict=True)
    ]
    views = [
        (tables[0].caption, role_bars, list(tables[0].headers), [list(r) for r in tables[0].rows])
    ]
    for table in tables[1:]:
        bars = [(row[0], int(row[-1])) for row in table.rows]
        views.append((table.caption, bars, list(table.headers), [list(r) for r in table.rows]))
    return views


class ParticipationPanel(QDockWidget):
    """Four tabs, each a bar chart and its table."""

    def __init__(self, feature) -> None:
        super().__init__()
        self.feature = feature
        self.setObjectName("participationPanel")
        self.tabs = QTabWidget()
        self.views = [ChartAndTable() for _index in range(4)]
        for view in self.views:
            self.tabs.addTab(view, "")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.refresh_button)
        self.setWidget(scrolling(body))
        self.worker = Worker(self)
        self.worker.done.connect(self.show_picture)
        self.worker.failed.connect(feature._show_error)
        self.refresh_button.clicked.connect(self.refresh)
        self.picture: Participation | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Participation picture"))
        self.refresh_button.setText(_("&Count again"))
        set_accessible(self.refresh_button, _("Count again"), _("Count the contributions again."))
        set_accessible(self.tabs, _("Participation views"), _("By role, principle, workshop, day."))
        for index, title in enumerate((_("By role"), _("By principle"), _("By workshop"),
                                       _("By day"))):  # fmt: skip
            self.tabs.setTabText(index, title)
        if self.picture is not None:
            self.show_picture(self.picture)

    def refresh(self) -> None:
        document = self.feature.window.document
        if document is None:
            return
        self.summary.setText(_("Counting…"))
        folder = document.path
        self.worker.submit(lambda: compute(folder))

    def show_picture(self, picture: Participation) -> None:
        self.picture = picture
        for view, (caption, bars, headers, rows) in zip(self.views, chart_views(picture),
                                                         strict=True):  # fmt: skip
            view.show_data(caption, bars, headers, rows)
        total = len(picture.contributions)
        self.summary.setText(
            ngettext(
                "{total} contribution; {share} % by residents.",
                "{total} contributions; {share} % by residents.",
                total,
            ).format(total=total, share=round(100 * picture.resident_share()))
        )
        set_accessible(self.summary, self.summary.text(), "")
