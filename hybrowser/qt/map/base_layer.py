"""The basemap as pyqtgraph items: district outlines and names, rivers, the schematic corridor."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QGraphicsPathItem

from hybrowser.core.geo import Basemap
from hybrowser.db import map_data as md
from hybrowser.qt.draw_style import app_font, cosmetic_pen, with_alpha
from hybrowser.qt.map.layer import MapLayer
from hybrowser.qt.map.shapes import DistrictShapes
from hybrowser.qt.map.style import MapColours
from hybrowser.view.map_text import local_name, schematic_name


class BaseLayer(MapLayer):
    """Everything drawn under the rows; built again when the palette or the language changes."""

    def __init__(
        self,
        view: pg.ViewBox,
        basemap: Basemap,
        shapes: DistrictShapes,
        label_points: dict[str, tuple[float, float]],
        schematic: list[md.Place],
    ) -> None:
        super().__init__(view)
        self.basemap = basemap
        self.shapes = shapes
        self.projection = shapes.projection
        self.label_points = label_points
        self.schematic = schematic
        self._district_labels: list[tuple[pg.TextItem, tuple[float, float, float, float]]] = []
        self._line_labels: list[tuple[pg.TextItem, float]] = []

    def build(self, colours: MapColours, lang: str) -> None:
        self.clear()
        self._district_labels.clear()
        self._line_labels.clear()
        for district in self.basemap.districts:
            item = QGraphicsPathItem(self.shapes.paths[district.id])
            item.setPen(cosmetic_pen(colours.outline, 1.0))
            item.setBrush(colours.fill)
            item.setZValue(-100)
            self.add(item)
        for river in self.basemap.rivers:
            for line in river.lines:
                xy = self.projection.ring(line)
                curve = pg.PlotCurveItem(
                    [p[0] for p in xy],
                    [p[1] for p in xy],
                    pen=cosmetic_pen(colours.river, 2.0),
                    antialias=True,
                )
                curve.setZValue(-50)
                self.add(curve)
        for place in self.schematic:
            self._add_schematic(place, colours, lang)
        for district in self.basemap.districts:
            lon, lat = self.label_points.get(district.id, (district.bounds[0], district.bounds[1]))
            label = pg.TextItem(
                local_name(district, lang), color=with_alpha(colours.text, 190), anchor=(0.5, 0.5)
            )
            label.setFont(app_font(0.85))
            label.setPos(*self.projection.forward(lon, lat))
            label.setZValue(-10)
            self.add(label)
            self._district_labels.append((label, self.shapes.boxes.get(district.id, (0, 0, 0, 0))))

    def _add_schematic(self, place: md.Place, colours: MapColours, lang: str) -> None:
        for line in place.lines:
            xy = self.projection.ring(line)
            curve = pg.PlotCurveItem(
                [p[0] for p in xy],
                [p[1] for p in xy],
                pen=cosmetic_pen(colours.schematic, 2.0, Qt.PenStyle.DashLine),
                antialias=True,
            )
            curve.setZValue(-30)
            self.add(curve)
            for x, y in (xy[0], xy[-1]):
                end = pg.ScatterPlotItem(
                    [x],
                    [y],
                    size=7,
                    symbol="o",
                    pen=cosmetic_pen(colours.schematic, 1.5),
                    brush=colours.background,
                )
                end.setZValue(-29)
                self.add(end)
        # The label runs along the line, just below it, and shows only if the line is long
        # enough on screen; the legend names the line in any case.
        first = self.projection.ring(place.lines[0])
        (x0, y0), (x1, y1) = first[0], first[-1]
        angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
        if angle > 90:
            angle -= 180
        elif angle <= -90:
            angle += 180
        label = pg.TextItem(
            schematic_name(place, lang),
            color=colours.text,
            anchor=(0.5, -0.15),
            angle=angle,
            fill=with_alpha(colours.background, 150),
        )
        label.setFont(app_font(0.8))
        label.setPos((x0 + x1) / 2, (y0 + y1) / 2)
        label.setZValue(-20)
        self.add(label)
        self._line_labels.append((label, math.hypot(x1 - x0, y1 - y0)))

    def update_label_visibility(self, per_px: float) -> None:
        """A district's name shows only where the district is wide enough on screen to hold it,
        a line's only where the line is about as long as its name."""
        if per_px <= 0:
            return
        for label, (x0, y0, x1, y1) in self._district_labels:
            metrics = QFontMetricsF(label.textItem.font())
            needed = metrics.horizontalAdvance(label.toPlainText()) * 1.15
            label.setVisible((x1 - x0) / per_px >= needed and (y1 - y0) / per_px >= metrics.height() * 2.5)
        for label, length in self._line_labels:
            metrics = QFontMetricsF(label.textItem.font())
            label.setVisible(length / per_px >= metrics.horizontalAdvance(label.toPlainText()) * 0.9)

    def district_labels(self) -> dict[str, tuple[str, bool]]:
        """Each district's label text and whether it is shown at the current zoom."""
        return {
            district.id: (label.toPlainText(), label.isVisible())
            for district, (label, _box) in zip(self.basemap.districts, self._district_labels, strict=False)
        }
