"""The tab's rows as pyqtgraph items: district fills, lines, estimate circles, sized points, names."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from hybrowser.db import map_data as md
from hybrowser.qt.draw_style import app_font, cosmetic_pen, with_alpha
from hybrowser.qt.map_content import MapContent
from hybrowser.qt.map_hits import Drawn
from hybrowser.qt.map_layer import MapLayer
from hybrowser.qt.map_shapes import DistrictShapes
from hybrowser.qt.map_style import MapColours, point_size


class RecordLayer(MapLayer):
    """The rows over the basemap; `drawn` keeps where each went, for hit testing."""

    def __init__(
        self, view: pg.ViewBox, shapes: DistrictShapes, label_points: dict[str, tuple[float, float]]
    ) -> None:
        super().__init__(view)
        self.shapes = shapes
        self.projection = shapes.projection
        self.label_points = label_points
        self.drawn: dict[str, list[Drawn]] = {}

    def draw(self, content: MapContent, colours: MapColours) -> None:
        self.clear()
        self.drawn = {md.POINT: [], md.AREA: [], md.LINE: [], md.DISTRICT: []}
        self._districts(content, colours)
        self._lines(content, colours)
        self._areas(content, colours)
        self._points(content, colours)
        self._names(content, colours)

    def _districts(self, content: MapContent, colours: MapColours) -> None:
        # Districts known only by name: fill the district (hatched, so it does not read as a shape).
        by_district: dict[str, list[int]] = {}
        for index, record in enumerate(content.records):
            if record.placement == md.DISTRICT and record.district_id in self.shapes.paths:
                by_district.setdefault(record.district_id, []).append(index)
        for district_id, indexes in by_district.items():
            chosen = any(content.records[i].rowid in content.selected for i in indexes)
            colour = colours.highlight if chosen else content.colour(content.records[indexes[0]].kind)
            path = self.shapes.paths[district_id]
            fill = QGraphicsPathItem(path)
            fill.setPen(cosmetic_pen(colour, 3.0 if chosen else 2.0))
            fill.setBrush(with_alpha(colour, 110 if chosen else 55))
            fill.setZValue(-90)
            self.add(fill)
            hatch = QGraphicsPathItem(path)
            hatch.setPen(QPen(Qt.PenStyle.NoPen))
            hatch.setBrush(QBrush(with_alpha(colour, 150), Qt.BrushStyle.BDiagPattern))
            hatch.setZValue(-89)
            self.add(hatch)
            for i in indexes:
                self.drawn[md.DISTRICT].append(Drawn(i))

    def _lines(self, content: MapContent, colours: MapColours) -> None:
        # Lines (the schematic corridor): drawn over the base line in the row's colour.
        for index, record in enumerate(content.records):
            if record.placement != md.LINE:
                continue
            chosen = record.rowid in content.selected
            colour = colours.highlight if chosen else content.colour(record.kind)
            drawn = Drawn(index)
            for line in record.lines:
                xy = self.projection.ring(line)
                drawn.lines.append(xy)
                curve = pg.PlotCurveItem(
                    [p[0] for p in xy],
                    [p[1] for p in xy],
                    pen=cosmetic_pen(colour, 6.0 if chosen else 4.0, Qt.PenStyle.DashLine),
                    antialias=True,
                )
                curve.setZValue(-25)
                self.add(curve)
            self.drawn[md.LINE].append(drawn)

    def _areas(self, content: MapContent, colours: MapColours) -> None:
        # Estimates: translucent circles of radius precision_m (view units are metres), centre cross.
        areas, crosses = [], []
        for index, record in enumerate(content.records):
            if record.placement != md.AREA or record.lon is None or record.lat is None:
                continue
            x, y = self.projection.forward(record.lon, record.lat)
            radius = record.precision_m or 0.0
            chosen = record.rowid in content.selected
            colour = colours.highlight if chosen else content.colour(record.kind)
            areas.append(
                {
                    "pos": (x, y),
                    "size": 2 * radius,
                    "pen": cosmetic_pen(colour, 3.0 if chosen else 1.5),
                    "brush": with_alpha(colour, 90 if chosen else 45),
                    "symbol": "o",
                    "data": index,
                }
            )
            crosses.append(
                {
                    "pos": (x, y),
                    "size": 9,
                    "pen": cosmetic_pen(colour, 1.0),
                    "brush": colour,
                    "symbol": "+",
                    "data": index,
                }
            )
            self.drawn[md.AREA].append(Drawn(index, x, y, radius_m=radius, size_px=9))
        if areas:
            circles = pg.ScatterPlotItem(pxMode=False)
            circles.addPoints(areas)
            circles.setZValue(5)
            self.add(circles)
            centres = pg.ScatterPlotItem(pxMode=True)
            centres.addPoints(crosses)
            centres.setZValue(6)
            self.add(centres)

    def _points(self, content: MapContent, colours: MapColours) -> None:
        # Sites known to ±500 m: points, sized by investment where the row states one.
        points = []
        for index, record in enumerate(content.records):
            if record.placement != md.POINT or record.lon is None or record.lat is None:
                continue
            x, y = self.projection.forward(record.lon, record.lat)
            size = point_size(record, content.max_investment)
            chosen = record.rowid in content.selected
            pen = cosmetic_pen(colours.highlight if chosen else colours.background, 3.0 if chosen else 1.5)
            points.append(
                {
                    "pos": (x, y),
                    "size": size + (4 if chosen else 0),
                    "pen": pen,
                    "brush": content.colour(record.kind),
                    "symbol": "o",
                    "data": index,
                }
            )
            self.drawn[md.POINT].append(Drawn(index, x, y, size_px=size + (4 if chosen else 0)))
        if points:
            scatter = pg.ScatterPlotItem(pxMode=True)
            scatter.addPoints(points)
            scatter.setZValue(10)
            self.add(scatter)

    def _names(self, content: MapContent, colours: MapColours) -> None:
        # Names of the selected rows.
        for record in content.records:
            if record.rowid not in content.selected:
                continue
            anchor_xy = self._label_anchor(record)
            if anchor_xy is None:
                continue
            label = pg.TextItem(
                record.name(content.lang),
                color=colours.text,
                anchor=(0.0, 1.1),
                fill=with_alpha(colours.background, 215),
                border=cosmetic_pen(colours.highlight, 1.0),
            )
            label.setFont(app_font(0.85, bold=True))
            label.setPos(*anchor_xy)
            label.setZValue(20)
            self.add(label)

    def _label_anchor(self, record: md.MapRecord) -> tuple[float, float] | None:
        if record.placement in (md.POINT, md.AREA) and record.lon is not None and record.lat is not None:
            return self.projection.forward(record.lon, record.lat)
        if record.placement == md.LINE and record.lines:
            xy = self.projection.ring(record.lines[0])
            return xy[0]
        if record.placement == md.DISTRICT and record.district_id in self.label_points:
            x, y = self.projection.forward(*self.label_points[record.district_id])
            return x, y
        return None
