"""Drawn over the map in pixels, so every copy has them: legend strip, scale bar, north, attribution."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath

from hybrowser.core.labels import tr
from hybrowser.qt.draw_style import app_font, cosmetic_pen, with_alpha
from hybrowser.qt.map.legend import PlacedEntry, legend_layout, paint_legend
from hybrowser.qt.map.style import MapColours
from hybrowser.view.map_text import ATTRIBUTION, metres_text

if TYPE_CHECKING:
    from hybrowser.qt.map.canvas import MapCanvas


def nice_length(metres: float) -> float:
    """1, 2 or 5 × 10^n metres, at most `metres`."""
    if metres <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(metres))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power


class MapOverlay(pg.GraphicsObject):
    """Drawn in the view box's own (pixel) coordinates, above the map, so it is in every image."""

    def __init__(self, canvas: MapCanvas) -> None:
        super().__init__()
        self.canvas = canvas
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setZValue(1_000_000)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        parent = self.parentItem()
        return QRectF() if parent is None else parent.boundingRect()

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse

    def refresh(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def paint(self, painter: QPainter, *_args) -> None:
        rect = self.boundingRect()
        if rect.width() < 60 or rect.height() < 60:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = self.canvas.colours
        placed, height = self.legend_layout(rect.width())
        paint_legend(painter, rect, placed, height, colours)
        self._scale_bar(painter, rect, colours)
        self._north(painter, rect, colours)
        self._attribution(painter, rect, colours)
        painter.restore()

    def legend_layout(self, width: float) -> tuple[list[PlacedEntry], float]:
        """The legend strip for a view box `width` pixels wide (see map_legend.legend_layout)."""
        return legend_layout(self.canvas.legend_entries(), self.canvas.message(), width)

    def _scale_bar(self, painter: QPainter, rect: QRectF, colours: MapColours) -> None:
        metres_per_px = self.canvas.metres_per_pixel()
        if not metres_per_px or metres_per_px <= 0 or not math.isfinite(metres_per_px):
            return
        length = nice_length(metres_per_px * min(140.0, rect.width() / 4))
        width = length / metres_per_px
        x0, y0 = rect.left() + 12, rect.bottom() - 12
        painter.setPen(cosmetic_pen(colours.text, 1.5))
        painter.drawLine(QPointF(x0, y0), QPointF(x0 + width, y0))
        painter.drawLine(QPointF(x0, y0 - 4), QPointF(x0, y0))
        painter.drawLine(QPointF(x0 + width, y0 - 4), QPointF(x0 + width, y0))
        painter.setFont(app_font(0.8))
        painter.drawText(QPointF(x0 + 3, y0 - 5), metres_text(length))

    def _north(self, painter: QPainter, rect: QRectF, colours: MapColours) -> None:
        x, y = rect.right() - 16, rect.top() + 12
        path = QPainterPath()
        path.moveTo(x, y)
        path.lineTo(x + 5, y + 14)
        path.lineTo(x, y + 10)
        path.lineTo(x - 5, y + 14)
        path.closeSubpath()
        painter.setPen(cosmetic_pen(colours.text, 1))
        painter.setBrush(colours.text)
        painter.drawPath(path)
        painter.setFont(app_font(0.75, bold=True))
        painter.drawText(QRectF(x - 10, y + 14, 20, 14), Qt.AlignmentFlag.AlignCenter, "N")

    def _attribution(self, painter: QPainter, rect: QRectF, colours: MapColours) -> None:
        font = app_font(0.7)
        painter.setFont(font)
        label = tr(ATTRIBUTION, self.canvas.content.lang)
        metrics = QFontMetricsF(font)
        box = QRectF(
            rect.right() - metrics.horizontalAdvance(label) - 10,
            rect.bottom() - metrics.height() - 4,
            metrics.horizontalAdvance(label) + 8,
            metrics.height() + 2,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(with_alpha(colours.background, 190))
        painter.drawRect(box)
        painter.setPen(with_alpha(colours.text, 200))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
