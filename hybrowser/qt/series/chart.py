"""The series chart: each selected series over time (x = period end), bounds drawn open with an arrow.

A line joins the figures a series states exactly (dots) or approximately (约/接近, diamonds); a period it
lacks is NaN, so the line breaks there (connect='finite') instead of crossing the gap. A
bound (超过20%, 两位数, 不足5%) is no point on the line: it is an open triangle at the bound
with an arrow pointing the way the true figure lies, and the line breaks at it too.
"""

from __future__ import annotations

import datetime
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath

from hybrowser.core.figures import is_approximate, unit_text
from hybrowser.core.labels import code_label
from hybrowser.db.series_data import SeriesChart, SeriesPoint, end_date, view_text
from hybrowser.qt.chart.style import COLOURS
from hybrowser.qt.draw_style import ThemeColours, app_font, cosmetic_pen, with_alpha

#: Marker size and the largest distance (pixels) at which the mouse is over a marker.
MARKER_PX = 9
HIT_PX = 10
#: Length of a bound's arrow (head and tail), pixels.
ARROW_PX = 22


def x_of(end: str) -> float:
    """Where a period ending in `end` sits on the x axis: noon UTC of its last day, in seconds."""
    day = end_date(end)
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.timezone.utc).timestamp()


def _arrow_path(up: bool) -> QPainterPath:
    """An arrow symbol that starts just clear of a bound's marker and points away from it.

    Symbols are drawn in a unit box centred on the point, y down, scaled to ARROW_SYMBOL_PX:
    the arrow takes the upper (or lower) half, so one scatter item draws every bound's arrow.
    """
    unit = 1.0 / ARROW_SYMBOL_PX
    near, tip = (MARKER_PX / 2 + 2) * unit, 0.5
    head, half_tail, half_head = 8 * unit, 1.0 * unit, 4 * unit
    sign = -1.0 if up else 1.0
    outline = [
        (-half_tail, near),
        (-half_tail, tip - head),
        (-half_head, tip - head),
        (0.0, tip),
        (half_head, tip - head),
        (half_tail, tip - head),
        (half_tail, near),
    ]
    path = QPainterPath()
    path.moveTo(outline[0][0], sign * outline[0][1])
    for x, y in outline[1:]:
        path.lineTo(x, sign * y)
    path.closeSubpath()
    return path


#: The symbol's box, pixels: twice the arrow's reach from the point.
ARROW_SYMBOL_PX = 2 * (MARKER_PX / 2 + 2 + ARROW_PX)
ARROW_UP = _arrow_path(up=True)
ARROW_DOWN = _arrow_path(up=False)
#: At most this many labelled ticks on the time axis (the others are unlabelled).
MAX_TICK_LABELS = 14


def _one_or_each(symbols: list, default: object) -> object:
    """One symbol for all points when they share it (pyqtgraph then skips per-point work), else each."""
    if not symbols:
        return default
    first = symbols[0]
    return first if all(symbol == first for symbol in symbols) else symbols


class SeriesPlot(pg.PlotWidget):
    """Lines of series over time; `pointClicked(point)` when a figure's marker is clicked."""

    pointClicked = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, enableMenu=False)
        self.chart: SeriesChart | None = None
        self.lang = "zh"
        #: per series: {"curve", "points", "bounds", "arrows"} (tests read their data).
        self.line_items: list[dict[str, object]] = []
        #: the items of every line drawn so far, reused: making them again took half a redraw.
        self._pool: list[dict[str, object]] = []
        self._legend_labels: tuple[str, ...] = ()
        #: (x, y, point) of every marker, for hover and click.
        self.hits: list[tuple[float, float, SeriesPoint]] = []
        self.legend: pg.LegendItem | None = None
        item = self.getPlotItem()
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.15)
        self.scene().sigMouseClicked.connect(self._clicked)

    def clear_lines(self) -> None:
        """Hide every line (their items are kept and refilled by the next draw)."""
        for line in self._pool:
            for key in ("curve", "points", "bounds", "arrows"):
                line[key].setVisible(False)  # type: ignore[attr-defined]
        self.line_items, self.hits = [], []
        self.getPlotItem().setTitle(None)

    def draw(self, chart: SeriesChart, lang: str, theme: ThemeColours) -> None:
        """Draw the chart's lines (any before are removed)."""
        self.clear_lines()
        self.chart, self.lang = chart, lang
        item = self.getPlotItem()
        self.setBackground(theme.background)
        xs = np.array([x_of(end) for end in chart.ends], dtype=float)
        if self.legend is None:
            self.legend = item.addLegend(offset=(10, 10))
        self.legend.setLabelTextColor(theme.text)
        self.legend.setBrush(with_alpha(theme.background, 220))
        for index, line in enumerate(chart.lines):
            colour = QColor(COLOURS[index % len(COLOURS)])
            self.line_items.append(self._draw_line(xs, line.points, colour, theme, index))
        labels = tuple(f"{line.info.name} · {line.info.region}" for line in chart.lines)
        if labels != self._legend_labels:  # the same lines redrawn keep their legend
            self.legend.clear()
            for line, label in zip(self.line_items, labels, strict=True):
                self.legend.addItem(line["curve"], label)
            self._legend_labels = labels
        labels = chart.period_labels(lang)
        # One year: the title says which, the ticks need only the months (1–5月).
        if lang == "zh" and len({end[:4] for end in chart.ends}) == 1:
            labels = [text.split("年", 1)[-1] for text in labels]
        ticks = list(zip(xs, labels, strict=True))
        bottom = item.getAxis("bottom")
        # Labels that never crowd (the latest period always labelled); no tick for the rest:
        # each tick is also a grid line, and 120 of them took 20 ms to paint.
        step = -(-len(ticks) // MAX_TICK_LABELS)
        bottom.setTicks([ticks[::-1][::step][::-1]])
        bottom.setTextPen(theme.text)
        left = item.getAxis("left")
        left.setTextPen(theme.text)
        units = {(line.info.measure, line.info.unit) for line in chart.lines}
        if len(units) == 1:
            measure, unit = next(iter(units))
            left.setLabel(f"{code_label(measure, lang)} ({unit_text(unit, lang)})", color=theme.text.name())
        else:
            left.setLabel("")
        year = chart.ends[0][:4] if chart.ends else ""
        last = chart.ends[-1][:4] if chart.ends else ""
        years = year if year == last else f"{year}–{last}"
        item.setTitle(f"{view_text(chart.view, lang)}  {years}", color=theme.text.name(), size="10pt")
        if len(xs):
            pad = 20 * 86400
            item.setXRange(xs[0] - pad, xs[-1] + pad, padding=0)
        item.enableAutoRange(axis="y")
        font = app_font()
        bottom.setTickFont(font)
        left.setTickFont(font)

    def _draw_line(
        self,
        xs: np.ndarray,
        points: list[SeriesPoint | None],
        colour: QColor,
        theme: ThemeColours,
        index: int,
    ) -> dict[str, object]:
        ys = np.full(len(points), np.nan)
        exact_x, exact_y, bound_x, bound_y, bound_symbols, arrow_symbols = [], [], [], [], [], []
        exact_symbols: list[str] = []
        for i, point in enumerate(points):
            if point is None or point.y is None:
                continue
            if point.is_bound:
                bound_x.append(xs[i])
                bound_y.append(point.y)
                bound_symbols.append("t1" if point.points_up else "t")
                arrow_symbols.append(ARROW_UP if point.points_up else ARROW_DOWN)
            else:
                ys[i] = point.y
                exact_x.append(xs[i])
                exact_y.append(point.y)
                # 约, 接近: a diamond, so an approximate figure does not pass for a stated one.
                exact_symbols.append("d" if is_approximate(point.qualifier) else "o")
            self.hits.append((float(xs[i]), float(point.y), point))
        if index == len(self._pool):
            self._pool.append(self._new_line())
        line = self._pool[index]
        curve, markers, bounds, arrows = (line[k] for k in ("curve", "points", "bounds", "arrows"))
        curve.setData(xs, ys, connect="finite", pen=cosmetic_pen(colour, 2.0))  # type: ignore[attr-defined]
        markers.setData(  # type: ignore[attr-defined]
            exact_x,
            exact_y,
            symbol=_one_or_each(exact_symbols, "o"),
            size=MARKER_PX + 1,
            pen=cosmetic_pen(colour, 1.0),
            brush=colour,
        )
        # Open: the outline only, the background inside.
        bounds.setData(  # type: ignore[attr-defined]
            bound_x,
            bound_y,
            symbol=_one_or_each(bound_symbols, "t1"),
            size=MARKER_PX + 4,
            pen=cosmetic_pen(colour, 2.0),
            brush=theme.background,
        )
        arrows.setData(  # type: ignore[attr-defined]
            bound_x,
            bound_y,
            symbol=_one_or_each(arrow_symbols, ARROW_UP),
            size=ARROW_SYMBOL_PX,
            pen=pg.mkPen(None),
            brush=colour,
        )
        for part in (curve, markers, bounds, arrows):
            part.setVisible(True)  # type: ignore[attr-defined]
        return {**line, "index": index}

    def _new_line(self) -> dict[str, object]:
        item = self.getPlotItem()
        line: dict[str, object] = {
            "curve": pg.PlotDataItem(),
            "points": pg.ScatterPlotItem(),
            "bounds": pg.ScatterPlotItem(),
            "arrows": pg.ScatterPlotItem(),
        }
        for part in line.values():
            item.addItem(part)
        return line

    # ---- the mouse ------------------------------------------------------------------------------

    def point_at(self, scene_pos: QPointF) -> SeriesPoint | None:
        """The figure whose marker is under a scene position (within HIT_PX pixels), if any."""
        view = self.getPlotItem().vb
        best, best_distance = None, float(HIT_PX)
        for x, y, point in self.hits:
            where = view.mapViewToScene(QPointF(x, y))
            distance = math.hypot(where.x() - scene_pos.x(), where.y() - scene_pos.y())
            if distance <= best_distance:
                best, best_distance = point, distance
        return best

    def scene_pos_of(self, point: SeriesPoint) -> QPointF | None:
        """Where a figure's marker is in the scene (tests, hover)."""
        for x, y, known in self.hits:
            if known is point:
                return self.getPlotItem().vb.mapViewToScene(QPointF(x, y))
        return None

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.point_at(event.scenePos())
        if point is not None:
            event.accept()
            self.pointClicked.emit(point)
