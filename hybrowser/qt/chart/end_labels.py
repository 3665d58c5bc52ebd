"""The figure's text at the end of each bar, drawn by one graphics item for all the bars.

One item instead of a pyqtgraph TextItem per bar: sixty TextItems cost ~2 ms each to make,
a few ms to set again on every redraw, and each updates its own transform in Python before
every paint, which marks the scene dirty and paints the chart a second time. This item
keeps (x, y, text) in data coordinates and draws the texts in scene pixels, so they keep
their size when the view is stretched and grow with the chart in a scaled image export.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

#: Pixels between a bar's end and its text.
GAP_PX = 4.0


@dataclass(frozen=True)
class EndLabel:
    """One bar's text: at data point (x, y), after it (a value ≥ 0) or before it (a negative one)."""

    x: float
    y: float
    text: str
    after: bool = True


class EndLabels(pg.GraphicsObject):
    """Every bar's end label, painted in one pass."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: list[EndLabel] = []
        self.font = QFont()
        self.colour = QColor()
        self._metrics = QFontMetricsF(self.font)

    def set_labels(self, labels: list[EndLabel], font: QFont, colour: QColor) -> None:
        self.labels = list(labels)
        if font != self.font:
            self.font = QFont(font)
            self._metrics = QFontMetricsF(self.font)
        self.colour = QColor(colour)
        self.update()

    def clear(self) -> None:
        self.labels = []
        self.update()

    def texts(self) -> list[str]:
        return [label.text for label in self.labels]

    # ---- geometry ----------------------------------------------------------------------------------

    def scene_rect(self, index: int) -> QRectF:
        """Where label `index` is drawn, in scene coordinates (empty if there is none)."""
        if not 0 <= index < len(self.labels) or self.scene() is None:
            return QRectF()
        label = self.labels[index]
        return self._text_rect(label, self.mapToScene(QPointF(label.x, label.y)))

    def _text_rect(self, label: EndLabel, anchor: QPointF) -> QRectF:
        width = self._metrics.horizontalAdvance(label.text)
        height = self._metrics.height()
        left = anchor.x() + GAP_PX if label.after else anchor.x() - GAP_PX - width
        return QRectF(left, anchor.y() - height / 2, width, height)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        # The texts have a size in pixels, not in data: the item claims the visible view,
        # where fit() leaves room for them.
        view = self.viewRect()
        return QRectF() if view is None else view

    def viewTransformChanged(self) -> None:  # noqa: N802 - pyqtgraph override
        super().viewTransformChanged()
        self.prepareGeometryChange()

    # ---- painting ----------------------------------------------------------------------------------

    def paint(self, painter: QPainter, *_args) -> None:
        if not self.labels:
            return
        to_device = painter.transform()
        item_to_scene = self.sceneTransform()
        scene_to_item, invertible = item_to_scene.inverted()
        if not invertible:
            return
        painter.save()
        # Draw in scene pixels: the painter's own scaling (an export) still applies.
        painter.setTransform(scene_to_item * to_device)
        painter.setFont(self.font)
        painter.setPen(self.colour)
        baseline = (self._metrics.ascent() - self._metrics.descent()) / 2
        for label in self.labels:
            anchor = item_to_scene.map(QPointF(label.x, label.y))
            rect = self._text_rect(label, anchor)
            painter.drawText(QPointF(rect.left(), anchor.y() + baseline), label.text)
        painter.restore()
