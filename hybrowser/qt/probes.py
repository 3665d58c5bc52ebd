"""Waiting for the window to settle and reading what it drew: for tests, screenshots and benchmarks.

The app's own code never calls these; they live here so that no production class carries
methods only a test uses.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from hybrowser.db import map_data as md

if TYPE_CHECKING:
    from hybrowser.db.chart_data import Bar, ChartView
    from hybrowser.qt.chart.panel import ChartPanel
    from hybrowser.qt.main_window import MainWindow
    from hybrowser.qt.map.panel import MapPanel, MarkerInfo


def is_idle(window: MainWindow) -> bool:
    """No query running or waiting, for the table or the panels."""
    return window.service.is_idle() and window.panel_service.is_idle()


def panels_ready(window: MainWindow) -> bool:
    """The chart and the map have been built (or found missing)."""
    return window.panels_loaded


def wait_until_loaded(window: MainWindow, timeout_s: float = 10.0, panels: bool = True) -> None:
    """Process events until every query has answered (and, with panels, the chart and map are in)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if is_idle(window) and (panels_ready(window) or not panels):
            QApplication.processEvents()
            if is_idle(window):
                return
        time.sleep(0.005)


def wait_for(panel, timeout_s: float = 30.0) -> bool:
    """Process events until what a panel (chart, map, series) asked for is drawn; False on timeout."""
    return panel.jobs.wait(timeout_s)


def drawn_bars(panel: ChartPanel) -> list[Bar]:
    """The bars the chart drew, in draw order (top to bottom)."""
    panel.ensure_drawn()
    return list(panel.data.bars)


def chart_view(panel: ChartPanel) -> ChartView | None:
    panel.ensure_drawn()
    return panel.data.view


def chart_views(panel: ChartPanel) -> list[ChartView]:
    """The views the chart's selector offers, once the answer asked for is in."""
    panel.ensure_drawn()
    return panel.selector.views


def chart_legend(panel: ChartPanel) -> list[str]:
    """The chart legend's entries, in order."""
    panel.ensure_drawn()
    return panel.canvas.legend.labels() if panel.canvas.bar_item is not None else []


def map_lines(panel: MapPanel) -> list[MarkerInfo]:
    """Rows drawn as a (schematic) line."""
    return [panel.marker_info(r) for r in panel.drawn_records(md.LINE)]


def map_districts(panel: MapPanel) -> list[MarkerInfo]:
    """Rows known only to their district (drawn as the district's fill)."""
    return [panel.marker_info(r) for r in panel.drawn_records(md.DISTRICT)]


def highlighted_districts(panel: MapPanel) -> set[str]:
    return {r.district_id for r in panel.drawn_records(md.DISTRICT) if r.district_id}
