"""The map dock: Hengyang's districts, the 湘江, and the active tab's filtered rows where they are.

Only positions stated in the database are drawn (see hybrowser.db.map_data): a point
for a site known to ±500 m, a translucent circle of radius precision_m for an
estimate, the district's fill for a row known only to its district, the schematic
line for the 衡州大道 corridor. Rows without any position are counted and listed
under the map, never placed.

This module is the dock's widget: tool buttons, the count line, the canvas
(hybrowser.qt.map.canvas), the unplaced rows, and the link with the table tab; which part
of the map is shown is hybrowser.qt.map.framing's, the map for a report
hybrowser.qt.map.images's (copied and saved by hybrowser.qt.image_export.PanelImages, as
the chart is).
pyqtgraph is imported only with it, after the main window's first paint. The SQL
(hybrowser.view.map_query) runs on the tab's query worker, never on the UI thread: a
change of filter asks for the rows, and they are drawn when the answer arrives.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from hybrowser.core.geo import Basemap
from hybrowser.core.labels import tr
from hybrowser.db import map_data as md
from hybrowser.db.connection import BulletinDatabase
from hybrowser.qt.image_export import ImageTexts, PanelImages
from hybrowser.qt.map.canvas import MapCanvas
from hybrowser.qt.map.content import KIND_COLOURS, MapContent, MarkerInfo
from hybrowser.qt.map.framing import MapFraming
from hybrowser.qt.map.images import ask_export, report_image
from hybrowser.qt.map.style import MAX_POINT_SIZE, POINT_SIZE
from hybrowser.qt.map.unplaced import UnplacedRows
from hybrowser.qt.tab_link import DockJobs, connect_tab, disconnect_tab, selected_rowids
from hybrowser.view.map_query import MapAnswer, TableFacts, map_job

# What other modules and the tests import from here, wherever it is defined now.
__all__ = [
    "KIND_COLOURS",
    "MAX_POINT_SIZE",
    "POINT_SIZE",
    "MapCanvas",
    "MapContent",
    "MapPanel",
    "MarkerInfo",
]

log = logging.getLogger(__name__)

#: The shortcut that copies the map as an image (while the map has focus).
COPY_SHORTCUT = "Ctrl+Shift+M"


class MapPanel(QWidget):
    """The map dock's widget: tool buttons, the canvas, and the rows that are not on the map."""

    def __init__(self, lang: str, db: BulletinDatabase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang if lang in ("zh", "en") else "zh"
        self.db = db
        self._tab = None
        self._records: list[md.MapRecord] = []
        self._selected: frozenset[int] = frozenset()
        self._fit_when_in = False
        #: The tab's rows changed while the map was hidden: read them when it is shown.
        self._stale = False
        self._table_facts = TableFacts("")
        self.jobs = DockJobs(self)
        self.jobs.answered.connect(self._answered)
        self.jobs.failed.connect(self._failed)
        try:
            self.basemap, self.projection, label_points = md.prepared_basemap()
        except (OSError, ValueError, KeyError) as error:
            log.warning("no basemap: %s", error)
            self.basemap, self.projection, label_points = Basemap([], []), md.Projection(112.6, 26.9), {}
        self.district_ids = {d.id for d in self.basemap.districts}
        # Read with the first rows, on the query worker (None until then).
        self.places: dict[str, md.Place] | None = None
        self.canvas = MapCanvas(self.basemap, self.projection, label_points, [], self.lang, self)
        self.canvas.recordsClicked.connect(self._records_clicked)
        #: the part of the map shown: fit, whole city, zoom to the selection
        self.framing = MapFraming(self)
        #: copy, export and the context menu, shared with the chart (qt/image_export)
        self.images = PanelImages(
            self,
            COPY_SHORTCUT,
            ImageTexts(
                copy=lambda: f"{tr('Copy map image', self.lang)}\t{COPY_SHORTCUT}",
                copied=lambda: tr("Map image copied", self.lang),
                saved=lambda path: tr("Map exported to {path}", self.lang, path=path),
            ),
            render=lambda width: report_image(self, width),
            say=lambda text: self.info.setText(text),
            exports=lambda: [(tr("Export PNG…", self.lang), lambda: ask_export(self))],
            extras=lambda: [
                (tr("Zoom to selection", self.lang), self.framing.zoom_to_selection),
                (tr("Fit all", self.lang), self.framing.fit_all),
                (tr("Whole city", self.lang), self.framing.whole_city),
            ],
        )
        self.images.menu_on(self.canvas)

        self.zoom_button = self._button(self.framing.zoom_to_selection)
        self.fit_button = self._button(self.framing.fit_all)
        self.city_button = self._button(self.framing.whole_city)
        self.copy_button = self._button(self.images.copy)
        self.export_button = self._button(lambda: ask_export(self))

        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.unplaced_rows = UnplacedRows(self)
        self.unplaced_rows.rowidChosen.connect(self._unplaced_chosen)
        self.unplaced_button = self.unplaced_rows.button
        self.unplaced_list = self.unplaced_rows.list

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        for button in (self.zoom_button, self.fit_button, self.city_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(buttons)
        layout.addWidget(self.info)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.unplaced_button)
        layout.addWidget(self.unplaced_list)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate()
        self._update_unplaced()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(460, 560)

    def _button(self, slot) -> QToolButton:
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ---- language and palette ------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = self.lang
        self.zoom_button.setText(tr("Zoom to selection", lang))
        self.fit_button.setText(tr("Fit all", lang))
        self.city_button.setText(tr("Whole city", lang))
        self.copy_button.setText(tr("Copy map image", lang))
        self.copy_button.setToolTip(f"{tr('Copy map image', lang)} ({COPY_SHORTCUT})")
        self.export_button.setText(tr("Export PNG…", lang))
        self.unplaced_rows.retranslate(lang)

    def set_language(self, lang: str) -> None:
        if lang not in ("zh", "en") or lang == self.lang:
            return
        self.lang = lang
        self.retranslate()
        self._redraw()
        self._update_unplaced()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.canvas.apply_palette()
        super().changeEvent(event)

    # ---- the active tab -------------------------------------------------------------------------

    def show_tab(self, tab) -> None:
        """Show a tab's filtered rows (called on every tab change, and again on a language change)."""
        new_tab = tab is not self._tab
        if new_tab:
            if self._tab is not None:
                disconnect_tab(self._tab, self.refresh, self._selection_changed)
            self._tab = tab
            connect_tab(tab, self.refresh, self._selection_changed)
            self._selected = frozenset(selected_rowids(tab))
            self.framing.user_moved = False
        self.refresh(fit=new_tab)

    def refresh(self, fit: bool = False) -> None:
        """Read the tab's filtered rows again (one query, on the worker); drawn when they arrive.

        A hidden map (its dock closed) reads nothing until it is shown or waited for.
        """
        if self._tab is None:
            return
        self._fit_when_in = self._fit_when_in or fit
        self._stale = True
        if self.isVisible():
            self._request()

    def _request(self) -> None:
        tab = self._tab
        if tab is None or not self._stale:
            return
        self._stale = False
        table = tab.table
        with_facts = self._table_facts.table != table.name
        job = map_job(table, tab.model.state, self.places, self.district_ids, with_facts)
        self.jobs.submit(tab, "map", job)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._request()

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Process events until the rows asked for are drawn (tests, images); False on timeout."""
        self._request()
        return self.jobs.wait(timeout_s)

    def _answered(self, _tag: str, answer: MapAnswer) -> None:
        if answer.places is not None:
            self.places = answer.places
            self.canvas.set_schematic(md.schematic_lines(answer.places))
        if answer.facts is not None:
            self._table_facts = answer.facts
        self._show_records(answer.records)

    def _failed(self, _tag: str, error: str) -> None:
        # A foreign database: show the basemap, say why in the log.
        name = self._tab.table.name if self._tab is not None else "?"
        log.warning("map query failed for %s: %s", name, error)
        self._show_records([])

    def _show_records(self, records: list[md.MapRecord]) -> None:
        self._records = records
        self._redraw()
        self._update_unplaced()
        fit, self._fit_when_in = self._fit_when_in, False
        if fit or not self.framing.user_moved:
            self.framing.fit_all(user=False)

    def _redraw(self) -> None:
        has_places = self._tab is not None and md.has_map(self._tab.table)
        content = MapContent(
            lang=self.lang,
            records=self._records,
            selected=self._selected,
            kinds=list(self._table_facts.kinds),
            max_investment=self._table_facts.max_investment,
            has_places=has_places,
        )
        self.canvas.set_content(content)
        self._update_info()

    def _update_info(self) -> None:
        lang = self.lang
        if self._tab is not None and not md.has_map(self._tab.table):
            self.info.setText("")  # the map itself says so (and so do its copies)
            return
        shown = sum(r.placement in (md.POINT, md.AREA, md.LINE) for r in self._records)
        district_only = sum(r.placement == md.DISTRICT for r in self._records)
        parts = [tr("{n} on the map", lang, n=shown)]
        if district_only:
            parts.append(tr("{n} known only to the district", lang, n=district_only))
        self.info.setText(" · ".join(parts))

    def _update_unplaced(self) -> None:
        self.unplaced_rows.show_records(self._records, self.places or {}, self.lang)

    # ---- selection, both ways -------------------------------------------------------------------

    def _records_clicked(self, rowids: list[int]) -> None:
        if self._tab is not None and rowids:
            self._tab.rowid_selection.select_rowids(rowids)

    def _unplaced_chosen(self, rowid: int) -> None:
        if self._tab is not None:
            self._tab.rowid_selection.select_rowids([rowid])

    def _selection_changed(self, rowids: list) -> None:
        self._selected = frozenset(int(r) for r in rowids)
        self._redraw()

    # ---- inspectable state (tests, tools): the rows asked for, once they are drawn -------------------

    def marker_info(self, record: md.MapRecord) -> MarkerInfo:
        return MarkerInfo.of(record, self.lang, self._selected)

    def drawn_records(self, *placements: str) -> list[md.MapRecord]:
        self.wait()
        return [r for r in self._records if r.placement in placements]

    def markers(self) -> list[MarkerInfo]:
        """Rows drawn at a position: points and estimate circles."""
        return [self.marker_info(r) for r in self.drawn_records(md.POINT, md.AREA)]

    def unplaced(self) -> list[str]:
        """Names of the rows with no position (listed under the map)."""
        return [r.name(self.lang) for r in self.drawn_records(md.NONE)]

    def message(self) -> str:
        """What the panel says about the table: the count line, or the map's own message."""
        self.wait()
        return self.info.text() or self.canvas.message()
