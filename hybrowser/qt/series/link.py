"""How the series dock joins the window: built with the other panels, raised with the Series tab,
and a clicked figure shown as its row of the indicators tab (its quote in the detail pane)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt

log = logging.getLogger(__name__)


def install(window) -> None:
    """Build the series panel into window.series_dock (called once pyqtgraph is imported)."""
    try:
        from hybrowser.qt.series.panel import SeriesPanel
    except ImportError as error:  # pyqtgraph missing: the window works without the dock
        log.info("no series panel: %s", error)
        return
    panel = SeriesPanel(window.lang, window.series_dock)
    window.series_dock.setWidget(panel)
    window.series_panel = panel
    panel.figureChosen.connect(lambda rowid: show_figure(window, rowid))
    panel.drawn.connect(lambda: update_map(window))


def follow(window, tab) -> None:
    """The Series tab became current: follow its selection and bring the dock to the front."""
    panel = getattr(window, "series_panel", None)
    if panel is None:
        return
    if tab.table.name == "series":
        panel.show_tab(tab)
        window.series_dock.raise_()
    update_map(window)


def update_map(window) -> None:
    """While the Series tab is current, fill the map's districts with the selected series' figures."""
    panel, map_panel = getattr(window, "series_panel", None), getattr(window, "map_panel", None)
    if panel is None or map_panel is None or not hasattr(map_panel, "canvas"):
        return
    from hybrowser.db.series_data import district_fill
    from hybrowser.qt.series.map_fill import DistrictFillLayer, district_names

    layer = getattr(window, "series_map", None)
    if layer is None or layer.canvas is not map_panel.canvas:
        layer = window.series_map = DistrictFillLayer(map_panel.canvas)
    answer = panel.answer
    fill = None
    if window.current_tab().table.name == "series" and answer is not None:
        fill = district_fill(answer.chart, answer.end, district_names(map_panel.canvas.basemap))
    layer.show(fill, window.lang)


def show_figure(window, rowid: int) -> None:
    """Select the figure's row in the indicators tab (its filters cleared if they hide it)."""
    tab = window.tab_named("indicators")
    if tab is None:
        return
    if tab.model.state.filters or tab.model.state.search:
        tab.model.stateApplied.connect(
            lambda: tab.rowid_selection.select_rowids([rowid]), Qt.ConnectionType.SingleShotConnection
        )
        tab.clear_filters()
        return
    tab.rowid_selection.select_rowids([rowid])
