"""The main window: one tab per table, status line, chart, map and series docks, settings.

Its menus are hybrowser.qt.menus's, its open and export flows hybrowser.qt.file_flows's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hybrowser.core.figures import format_number
from hybrowser.core.labels import tr
from hybrowser.db.bulletins import BulletinLookup
from hybrowser.db.connection import BulletinDatabase, checked_later
from hybrowser.db.query import reference_labels
from hybrowser.qt.file_flows import FileFlows
from hybrowser.qt.menus import WindowMenus
from hybrowser.qt.panel_imports import PanelImports
from hybrowser.qt.query_service import QueryService
from hybrowser.qt.series import link as series_link
from hybrowser.qt.status_text import StatusText
from hybrowser.qt.table.tab import TableTab

log = logging.getLogger(__name__)

#: Load the chart and map after this long even if the first rows were never painted.
PANEL_FALLBACK_MS = 3000
#: When the first rows arrive after the first frame, load the panels this long after them.
PANELS_AFTER_ROWS_MS = 50
#: The first window's size, and the most of the available screen it may take.
FIRST_SIZE = (1280, 800)
SCREEN_SHARE = 0.9


class MainWindow(QMainWindow):
    """Tabs over the tables of one bulletin database."""

    def __init__(
        self,
        db: BulletinDatabase,
        settings: QSettings,
        lang: str | None = None,
        open_database: Callable[[Path], None] | None = None,
        log_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.lang = lang or str(settings.value("language", "zh"))
        if self.lang not in ("zh", "en"):
            self.lang = "zh"
        self._open_database = open_database
        self.log_path = log_path
        self.service = QueryService(db.path, self)
        self.panel_service = QueryService(db.path, self)
        self.bulletins = BulletinLookup(db.conn, db.table("bulletins"))
        self.ref_labels = reference_labels(db.conn, db.tables)
        self.chart_panel: QWidget | None = None
        self.map_panel: QWidget | None = None
        self.series_panel: QWidget | None = None

        # A tab's table is built when the tab is first shown: start-up builds one, and the
        # other tables' first queries do not queue in front of the user's.
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._built: dict[int, TableTab] = {}
        for table in db.tables:
            page = QWidget(self.tabs)
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, table.title(self.lang))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.status_label = StatusText(self)
        self.statusBar().addWidget(self.status_label, 1)
        self.chart_dock = self._dock("chart")
        self.map_dock = self._dock("map")
        self.series_dock = self._dock("series")  # the Series tab's selection over time (qt/series)
        self.tabifyDockWidget(self.chart_dock, self.series_dock)
        self.chart_dock.raise_()
        #: File → Open… and the exports (before the menus, whose actions call them)
        self.files = FileFlows(self)
        #: the menu bar, its actions and shortcuts
        self.menus = WindowMenus(self)
        self._restore_settings()
        self.retranslate()
        # Charts (pyqtgraph, ~0.6 s to import) and the map load once the first rows have been
        # painted: start-up never waits for them. A timer is the fallback if no paint comes.
        self._panels_requested = False
        self.panels_loaded = False
        first = self.current_tab()
        if first.model.applied:
            # The first frame will show rows: load the panels once it has been painted.
            self.installEventFilter(self)
        else:
            first.model.stateApplied.connect(self._first_rows_in, Qt.ConnectionType.SingleShotConnection)
        QTimer.singleShot(PANEL_FALLBACK_MS, self, self._request_panels)

    # ---- docks -----------------------------------------------------------------------------------

    def _dock(self, name: str) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"{name}_dock")
        dock.setWidget(QLabel("…", dock))
        area = (
            Qt.DockWidgetArea.BottomDockWidgetArea
            if name in ("chart", "series")
            else Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.addDockWidget(area, dock)
        return dock

    def _first_rows_in(self) -> None:
        # The rows came after the first frame; their repaint is a low-priority posted
        # event, so give it a moment before the panels take the UI thread.
        self._panels_once_counted(PANELS_AFTER_ROWS_MS)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            # Posted now, run after this paint has reached the screen.
            self._panels_once_counted(0)
        return False

    def _panels_once_counted(self, delay_ms: int) -> None:
        """Load the panels delay_ms from now, or after the first tab's exact row count.

        The count's repaint must not meet the panels' imports: numpy's holds the GIL in C
        for tens of milliseconds at a time, and a repaint that met it took 66-98 ms
        instead of ~25 (each cell is drawn with a call into Python).
        """
        model = self.current_tab().model
        if model.exact:
            QTimer.singleShot(delay_ms, self, self._request_panels)
            return

        def counted(_rows: int, exact: bool) -> None:
            if exact:
                model.countChanged.disconnect(counted)
                QTimer.singleShot(PANELS_AFTER_ROWS_MS, self, self._request_panels)

        model.countChanged.connect(counted)

    def _request_panels(self) -> None:
        if self._panels_requested:
            return
        self._panels_requested = True
        # pyqtgraph, numpy and the basemap load beside the UI thread, then the panels are
        # built on it (see panel_imports for why Qt's classes are made here first).
        self._imports = PanelImports(self)
        self._imports.ready.connect(self._load_panels)

    def _load_panels(self) -> None:
        """The chart now, the map in a later event: neither holds the UI thread for long."""
        try:
            from hybrowser.qt.chart.panel import ChartPanel

            self.chart_panel = ChartPanel(self.lang, self.chart_dock)
            self.chart_dock.setWidget(self.chart_panel)
            self.chart_panel.show_tab(self.current_tab())  # its query runs while the map is built
        except ImportError as error:  # the chart module is optional at this stage
            log.info("no chart panel: %s", error)
        series_link.install(self)
        QTimer.singleShot(0, self, self._load_map)

    def _load_map(self) -> None:
        try:
            from hybrowser.qt.map.panel import MapPanel

            self.map_panel = MapPanel(self.lang, self.db, self.map_dock)
            self.map_dock.setWidget(self.map_panel)
        except ImportError as error:
            log.info("no map panel: %s", error)
        self.panels_loaded = True
        self._tab_changed(self.tabs.currentIndex())
        if checked_later(self.db.path):
            # Too large to check as it opened; checked now, once start-up's work is done.
            from hybrowser.qt.integrity_check import IntegrityCheck

            self.integrity_check = IntegrityCheck(self.db.path, self)
            self.integrity_check.damaged.connect(self._damaged)
            self.integrity_check.start()

    def _damaged(self, problem: str) -> None:
        """Say once that the file is damaged: some rows, counts or charts may fail to show."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "hybrowser", f"{self.db.path}: {problem}", parent=self)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()
        self.damage_notice = box

    # ---- language -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(f"hybrowser — {self.db.path.name}")
        self.menus.retranslate(lang)
        self.chart_dock.setWindowTitle(tr("Chart", lang))
        self.map_dock.setWindowTitle(tr("Map", lang))
        self.series_dock.setWindowTitle(tr("Series chart", lang))
        for index, table in enumerate(self.db.tables):
            self.tabs.setTabText(index, table.title(lang).replace("&", "&&"))  # '&' would be a mnemonic
            self.tabs.setTabToolTip(index, table.description(lang))

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.menus.language_actions[lang].setChecked(True)
        for tab in self._built.values():
            tab.set_language(lang)
        for panel in (self.chart_panel, self.map_panel, self.series_panel):
            if panel is not None:
                panel.set_language(lang)  # type: ignore[attr-defined]
        self.settings.setValue("language", lang)
        self.retranslate()
        self._tab_changed(self.tabs.currentIndex())

    # ---- tabs ------------------------------------------------------------------------------------

    def tab_at(self, index: int) -> TableTab:
        """The tab's table, built on first use (with its saved sort and widths)."""
        tab = self._built.get(index)
        if tab is None:
            table = self.db.tables[index]
            page = self.tabs.widget(index)
            tab = TableTab(
                self.db,
                self.service,
                table,
                self.bulletins,
                self.lang,
                page,
                self.ref_labels,
                self.panel_service,
            )
            tab.statusChanged.connect(lambda text, t=tab: self._tab_status(t, text))
            tab.copied.connect(self._copied)
            page.layout().addWidget(tab)
            tab.restore_settings(self.settings)
            self._built[index] = tab
            # A first page an index answers in milliseconds is read here, on the UI thread:
            # the tab's first frame then shows rows rather than a blank table.
            tab.start(self.db.conn)
        return tab

    @property
    def table_tabs(self) -> list[TableTab]:
        """Every tab's table (building those not shown yet)."""
        return [self.tab_at(index) for index in range(self.tabs.count())]

    def current_tab(self) -> TableTab:
        return self.tab_at(max(self.tabs.currentIndex(), 0))

    def tab_named(self, name: str) -> TableTab | None:
        for index, table in enumerate(self.db.tables):
            if name in (table.name, table.title_zh, table.title_en):
                self.tabs.setCurrentIndex(index)
                return self.tab_at(index)
        return None

    def _tab_changed(self, index: int) -> None:
        if index < 0:
            return
        tab = self.tab_at(index)
        tab.status.announce()
        for panel in (self.chart_panel, self.map_panel):
            if panel is not None:
                panel.show_tab(tab)  # type: ignore[attr-defined]
        series_link.follow(self, tab)

    def _tab_status(self, tab: TableTab, text: str) -> None:
        if tab is self.current_tab():
            self.status_label.setText(text)

    def _copied(self, cells: int, done: bool) -> None:
        if done:
            self.statusBar().showMessage(tr("Copied {n} cells", self.lang, n=format_number(cells)), 3000)
        else:
            self.statusBar().showMessage(tr("Copying {n} cells…", self.lang, n=format_number(cells)))

    # ---- the library ------------------------------------------------------------------------------------

    def library_actions(self):
        """Import, review, save and remove bulletins of the library (hybrowser/qt/review/actions)."""
        if getattr(self, "_library_actions", None) is None:
            from hybrowser.qt.review.actions import LibraryActions

            self._library_actions = LibraryActions(self)
        return self._library_actions

    # ---- settings ---------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # Qt moves it back onto a screen that is there
        else:
            self._fit_screen()
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        else:
            # First run: the table keeps most of the window; chart below, map at the right.
            self.resizeDocks([self.map_dock], [int(self.width() * 0.3)], Qt.Orientation.Horizontal)
            self.resizeDocks([self.chart_dock], [int(self.height() * 0.4)], Qt.Orientation.Vertical)
        last = self.settings.value("window/tab")
        if last:
            self.tab_named(str(last))

    def _fit_screen(self) -> None:
        """First run: 1280×800, or less on a smaller screen (or a larger scale factor), centred.

        The chart and the status line are at the bottom: a window taller than the screen
        hides them.
        """
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(*FIRST_SIZE)
            return
        available = screen.availableGeometry()
        width = min(FIRST_SIZE[0], int(available.width() * SCREEN_SHARE))
        height = min(FIRST_SIZE[1], int(available.height() * SCREEN_SHARE))
        self.resize(width, height)
        self.move(available.center().x() - width // 2, available.center().y() - height // 2)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/tab", self.current_tab().table.name)
        self.settings.setValue("language", self.lang)
        for tab in self._built.values():  # tabs never shown keep what they had
            tab.save_settings(self.settings)
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        export = self.files.export_job
        if export is not None and export.is_running():
            export.cancel()  # its temporary file is removed before the thread ends
            export.wait(10)
        self.save_settings()
        self.service.close()
        self.panel_service.close()
        super().closeEvent(event)
