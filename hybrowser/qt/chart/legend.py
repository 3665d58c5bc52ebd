"""The chart's legend: which entries it has, and their swatches in lines that fit the chart's width."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy

from hybrowser.core.labels import code_label, tr
from hybrowser.db.chart_data import Bar
from hybrowser.qt.chart.style import COLOURS

#: (pen, brush, label): the swatch is drawn with the bars' own pen and brush.
LegendEntry = tuple[QPen, QBrush, str]


class Swatch(pg.GraphicsWidget):
    """A legend swatch: a small rectangle with the bars' pen and brush."""

    def __init__(self, pen: QPen, brush: QBrush) -> None:
        super().__init__()
        self.pen = pen
        self.brush = brush
        self.setFixedWidth(22)
        self.setFixedHeight(16)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, 22, 16)

    def paint(self, painter: QPainter, *_args) -> None:
        painter.setPen(self.pen)
        painter.setBrush(self.brush)
        if self.pen.style() not in (Qt.PenStyle.DashLine, Qt.PenStyle.DashDotLine):
            painter.drawRect(QRectF(2, 2, 18, 12))
            return
        # a bound: an open bar and the marker at its end, as drawn in the chart; a lower
        # bound's points on (the value is beyond it), an upper bound's points back
        painter.drawRect(QRectF(2, 2, 13, 12))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(self.pen.color()))
        if self.pen.style() == Qt.PenStyle.DashLine:
            painter.drawPolygon(QPolygonF([QPointF(12, 3), QPointF(21, 8), QPointF(12, 13)]))
        else:
            painter.drawPolygon(QPolygonF([QPointF(21, 3), QPointF(12, 8), QPointF(21, 13)]))


def legend_entries(
    bars: list[Bar], colours: dict[str, QColor], foreground: QColor, lang: str
) -> list[LegendEntry]:
    """The categories drawn (in the colours' order), then how bounds and approximations look, if any."""
    entries: list[LegendEntry] = []
    seen: list[str] = []
    for bar in bars:
        if bar.category and bar.category not in seen:
            seen.append(bar.category)
    order = list(colours)
    for code in sorted(seen, key=lambda c: order.index(c) if c in order else len(order)):
        colour = colours.get(code, QColor(COLOURS[0]))
        entries.append((QPen(colour.darker(130), 1), QBrush(colour), code_label(code, lang)))
    neutral = QColor(foreground)
    if any(bar.is_bound for bar in bars):
        entries.append(
            (
                QPen(neutral, 1.4, Qt.PenStyle.DashLine),
                QBrush(Qt.BrushStyle.NoBrush),
                tr("lower bound (≥, >), not an exact value", lang),
            )
        )
    if any(bar.is_upper for bar in bars):
        entries.append(
            (
                QPen(neutral, 1.4, Qt.PenStyle.DashDotLine),
                QBrush(Qt.BrushStyle.NoBrush),
                tr("upper bound (≤, <), not an exact value", lang),
            )
        )
    if any(bar.is_approx for bar in bars):
        entries.append(
            (
                QPen(neutral, 1),
                QBrush(neutral, Qt.BrushStyle.BDiagPattern),
                tr("approximate (≈)", lang),
            )
        )
    return entries


class ChartLegend:
    """The legend's entries, laid out in a pyqtgraph layout of one line per row."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.layout = layout
        self.entries: list[LegendEntry] = []
        self.lines = 0
        #: the chart width the lines were laid out for.
        self.width = 0
        #: what the shown lines were laid out from: the same again is not laid out again.
        self._shown: tuple | None = None

    def labels(self) -> list[str]:
        return [label for _pen, _brush, label in self.entries]

    def clear(self) -> None:
        self.layout.clear()
        self.entries = []
        self.lines = 0
        self._shown = None

    def lay_out(self, width: int, font: QFont, foreground: QColor) -> None:
        """The entries in lines that fit `width` (left-aligned, vertically centred)."""
        # A filter usually leaves the legend as it was; its items cost ~20 ms to make again.
        shown = (list(self.entries), width, font.toString(), foreground.name())
        if shown == self._shown:
            return
        self._shown = shown
        self.layout.clear()
        metrics = QFontMetrics(font)
        size = f"{max(font.pointSizeF(), 8):.0f}pt"
        available = max(width - 40, 240)
        self.width = width
        lines: list[list[LegendEntry]] = []
        used = 0
        for entry in self.entries:
            entry_width = 22 + metrics.horizontalAdvance(entry[2]) + 36
            if not lines or used + entry_width > available:
                lines.append([])
                used = 0
            lines[-1].append(entry)
            used += entry_width
        for row, entries in enumerate(lines):
            line = self.layout.addLayout(row=row, col=0)
            line.setContentsMargins(0, 0, 0, 0)
            line.layout.setHorizontalSpacing(4)
            fixed = QSizePolicy.Policy.Fixed
            for column, (pen, brush, label) in enumerate(entries):
                swatch = Swatch(pen, brush)
                name = pg.LabelItem(justify="left")
                name.item.setFont(font)
                name.setText(html.escape(label), color=foreground.name(), size=size)
                name.setSizePolicy(fixed, fixed)
                line.addItem(swatch, row=0, col=2 * column)
                line.addItem(name, row=0, col=2 * column + 1)
                line.layout.setAlignment(swatch, Qt.AlignmentFlag.AlignVCenter)
                line.layout.setAlignment(name, Qt.AlignmentFlag.AlignVCenter)
                line.layout.setColumnSpacing(2 * column + 1, 16)
            # the spare width goes to an empty item at the end: entries stay packed on the left
            spacer = pg.GraphicsWidget()
            spacer.setSizePolicy(QSizePolicy.Policy.Expanding, fixed)
            spacer.setPreferredSize(1, 1)
            line.addItem(spacer, row=0, col=2 * len(entries))
        self.lines = len(lines)
