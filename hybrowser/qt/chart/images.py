"""The chart as a report shows it (on white, without the selection) and its export choices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtGui import QColor, QImage

from hybrowser.core.figures import format_number
from hybrowser.core.labels import tr
from hybrowser.qt.draw_style import REPORT_THEME

if TYPE_CHECKING:
    from hybrowser.qt.chart.panel import ChartPanel

T = TypeVar("T")

#: Widths offered for PNG export, besides the chart's own size.
EXPORT_WIDTHS = (1600, 3200)


def report_image(panel: ChartPanel, width: int | None = None) -> QImage:
    """The chart (title, bars, legend) as an image for a report, width pixels wide (default: as shown)."""
    return for_report(panel, lambda background: panel.canvas.image(width, background))


def report_svg(panel: ChartPanel, width: int | None = None) -> bytes:
    """The chart as SVG for a report, width pixels wide (default: as shown)."""
    return for_report(panel, lambda background: panel.canvas.svg(width, background))


def for_report(panel: ChartPanel, render: Callable[[QColor], T]) -> T:
    """Render the chart as a report shows it, then draw it as the window shows it again.

    On white with black text (REPORT_THEME) in any theme, and without the selection's
    highlight and dimming: those are the moment's state in the window, not the figures.
    """
    ready_for_image(panel)
    bars = panel.data.bars
    highlighted = [bar.highlighted for bar in bars]
    for bar in bars:
        bar.highlighted = False
    try:
        panel._draw(REPORT_THEME)
        return render(REPORT_THEME.background)
    finally:
        for bar, flag in zip(bars, highlighted, strict=True):
            bar.highlighted = flag
        panel._draw()


def ready_for_image(panel: ChartPanel) -> None:
    panel.ensure_drawn()
    panel.canvas.ensure_geometry(panel.sizeHint())


def fill_export_menu(panel: ChartPanel) -> None:
    lang = panel.lang
    panel.export_menu.clear()
    panel.export_menu.addAction(tr("PNG, as shown…", lang), lambda: ask_export(panel, "png", None))
    for width in EXPORT_WIDTHS:
        panel.export_menu.addAction(
            tr("PNG, {w} px wide…", lang, w=format_number(width)),
            lambda w=width: ask_export(panel, "png", w),
        )
    panel.export_menu.addAction(tr("SVG…", lang), lambda: ask_export(panel, "svg", None))


def ask_export(panel: ChartPanel, kind: str, width: int | None) -> None:
    name = panel.tab.table.name if panel.tab is not None else "chart"
    view = panel.data.view.key.replace(":", "-").strip("-") if panel.data.view else "chart"
    suggested = Path.home() / f"{name}-{view}.{kind}"
    panel.images.ask_save(tr("Export…", panel.lang), suggested, kind, width)
