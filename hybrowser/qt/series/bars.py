"""Regions of one period as ranked bars, highest first, each with the rank its own bulletin states."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor

from hybrowser.core.figures import unit_text
from hybrowser.core.labels import code_label
from hybrowser.db.series_data import RegionBar, period_label, view_text
from hybrowser.qt.chart.style import COLOURS
from hybrowser.qt.draw_style import ThemeColours, app_font, cosmetic_pen

BAR_HEIGHT = 0.6


class RegionBars(pg.PlotWidget):
    """Horizontal bars, one per region; a bound is an open dashed bar up to its bound, never a full one.

    `barClicked(point)` when a bar is clicked (its figure is then shown in the indicators tab).
    """

    barClicked = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, enableMenu=False)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.bars: list[RegionBar] = []
        self.exact_item: pg.BarGraphItem | None = None
        self.bound_item: pg.BarGraphItem | None = None
        #: the text at each bar's end: the figure as shown and the stated rank, top to bottom.
        self.labels: list[pg.TextItem] = []
        item = self.getPlotItem()
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.invertY(True)
        item.showGrid(x=True, y=False, alpha=0.15)

    def clear_bars(self) -> None:
        item = self.getPlotItem()
        for part in (self.exact_item, self.bound_item, *self.labels):
            if part is not None:
                item.removeItem(part)
        self.exact_item = self.bound_item = None
        self.labels, self.bars = [], []

    def draw(self, bars: list[RegionBar], view: str, end: str, lang: str, theme: ThemeColours) -> None:
        self.clear_bars()
        self.bars = bars
        item = self.getPlotItem()
        self.setBackground(theme.background)
        colour = QColor(COLOURS[0])
        exact = [(i, b) for i, b in enumerate(bars) if not b.point.is_bound]
        bound = [(i, b) for i, b in enumerate(bars) if b.point.is_bound]
        if exact:
            self.exact_item = _bar_item(exact, colour, cosmetic_pen(colour, 1.0))
            item.addItem(self.exact_item)
        if bound:
            # A bound is drawn open and dashed: its end is not a stated value.
            self.bound_item = _bar_item(bound, None, cosmetic_pen(colour, 1.5, Qt.PenStyle.DashLine))
            item.addItem(self.bound_item)
        font = app_font()
        for i, bar in enumerate(bars):
            text = f"{bar.point.shown}  {bar.stated_rank}".rstrip()
            value = bar.point.y or 0.0
            label = pg.TextItem(text, color=theme.text, anchor=(0, 0.5) if value >= 0 else (1, 0.5))
            label.setFont(font)
            label.setPos(value, i)
            item.addItem(label)
            self.labels.append(label)
        left = item.getAxis("left")
        left.setTicks([[(i, b.region) for i, b in enumerate(bars)]])
        left.setTickFont(font)
        left.setTextPen(theme.text)
        item.getAxis("bottom").setTextPen(theme.text)
        values = [b.point.y or 0.0 for b in bars] or [0.0]
        low, high = min(0.0, *values), max(0.0, *values)
        span = (high - low) or 1.0
        item.setXRange(low - 0.05 * span, high + 0.45 * span, padding=0)
        item.setYRange(-0.6, len(bars) - 0.4, padding=0)
        first = bars[0].point if bars else None
        unit = f" ({unit_text(first.unit, lang)})" if first is not None else ""
        measure = code_label(first.measure, lang) if first is not None else ""
        subject = (
            first.series_id.split("|")[1] if first is not None and first.series_id.count("|") == 3 else ""
        )
        what = f"{subject} {measure}{unit}".strip()
        title = f"{what} · {view_text(view, lang)} · {period_label(view, end, lang)}" if end else ""
        item.setTitle(title, color=theme.text.name(), size="10pt")

    def bar_at(self, scene_pos: QPointF) -> RegionBar | None:
        """The bar under a scene position (its row, between zero and its end), if any."""
        if not self.bars:
            return None
        where = self.getPlotItem().vb.mapSceneToView(scene_pos)
        index = round(where.y())
        if not 0 <= index < len(self.bars) or abs(where.y() - index) > BAR_HEIGHT / 2:
            return None
        value = self.bars[index].point.y or 0.0
        low, high = min(0.0, value), max(0.0, value)
        return self.bars[index] if low <= where.x() <= high else None

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        bar = self.bar_at(event.scenePos())
        if bar is not None:
            event.accept()
            self.barClicked.emit(bar.point)


def _bar_item(bars: list, brush: object, pen: object) -> pg.BarGraphItem:
    """Horizontal bars from zero to each figure (left of zero for a fall), one per (row, bar)."""
    return pg.BarGraphItem(
        x0=[min(0.0, b.point.y or 0.0) for _, b in bars],
        width=[abs(b.point.y or 0.0) for _, b in bars],
        y=[i for i, _ in bars],
        height=BAR_HEIGHT,
        brush=brush,
        pen=pen,
    )
