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


def follow(window, tab) -> None:
    """The Series tab became current: follow its selection and bring the dock to the front."""
    panel = getattr(window, "series_panel", None)
    if panel is None or tab.table.name != "series":
        return
    panel.show_tab(tab)
    window.series_dock.raise_()


def show_figure(window, rowid: int) -> None:
    """Select the figure's row in the indicators tab (its filters cleared if they hide it)."""
    tab = window.tab_named("indicators")
    if tab is None:
        return
    if tab.model.state.filters or tab.model.state.search:
        tab.model.stateApplied.connect(
            lambda: tab.select_rowids([rowid]), Qt.ConnectionType.SingleShotConnection
        )
        tab.clear_filters()
        return
    tab.select_rowids([rowid])
