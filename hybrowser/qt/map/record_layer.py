"""The tab's rows as pyqtgraph items: district fills, lines, estimate circles, sized points, names."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from hybrowser.db import map_data as md
from hybrowser.qt.draw_style import app_font, cosmetic_pen, with_alpha
from hybrowser.qt.map.content import MapContent
from hybrowser.qt.map.layer import MapLayer
from hybrowser.qt.map.shapes import DistrictShapes
from hybrowser.qt.map.style import MapColours, point_sizes
from hybrowser.view.map_hits import Drawn, DrawnRecords, Marks

CROSS_SIZE = 9  # px, the cross at an estimate's centre
MAX_NAMES = 100  # names drawn for at most this many selected rows (more would only cover the map)


class _Spots:
    """The spots of the one scatter item: positions and sizes, and codes into a few shared styles.

    pyqtgraph renders one symbol per (symbol, size, pen object, brush object), so every
    spot of a style shares the same QPen and QBrush.
    """

    def __init__(self) -> None:
        self.x: list[np.ndarray] = []
        self.y: list[np.ndarray] = []
        self.size: list[np.ndarray] = []
        self.codes: dict[str, list[np.ndarray]] = {"symbol": [], "pen": [], "brush": []}
        self.styles: dict[str, list[object]] = {"symbol": [], "pen": [], "brush": []}
        self._known: dict[tuple[str, object], int] = {}

    def code(self, field: str, key: object, make) -> int:
        """The code of a style (made once, by make(), the first time its key is seen)."""
        if (field, key) not in self._known:
            self._known[field, key] = len(self.styles[field])
            self.styles[field].append(make())
        return self._known[field, key]

    def pen(self, colour: QColor, width: float) -> int:
        return self.code("pen", (colour.rgba(), width), lambda: cosmetic_pen(colour, width))

    def brush(self, colour: QColor) -> int:
        return self.code("brush", colour.rgba(), lambda: QBrush(colour))

    def symbol(self, symbol: str) -> int:
        return self.code("symbol", symbol, lambda: symbol)

    def add(self, x, y, size, symbol: np.ndarray, pen: np.ndarray, brush: np.ndarray) -> None:
        """Spots with their style codes (arrays of ints from symbol(), pen(), brush())."""
        self.x.append(np.asarray(x, dtype=float))
        self.y.append(np.asarray(y, dtype=float))
        self.size.append(np.asarray(size, dtype=float))
        for field, codes in (("symbol", symbol), ("pen", pen), ("brush", brush)):
            self.codes[field].append(np.asarray(codes, dtype=np.int64))

    def item(self) -> pg.ScatterPlotItem | None:
        if not self.x:
            return None
        scatter = pg.ScatterPlotItem(pxMode=True)
        # Rounded to half a pixel: a handful of sizes to render, whatever the investments.
        size = np.round(np.concatenate(self.size) * 2) / 2
        # Positions first, without looking up symbols for the default style (useCache=False)...
        scatter.setData(x=np.concatenate(self.x), y=np.concatenate(self.y), size=size, useCache=False)
        # ...then the per-spot styles as arrays picked from the few shared objects: what
        # setPen(list) / setBrush(list) do, without turning 10,000 Qt objects into a numpy
        # array one by one (~35 ms each at 10,000 spots). updateSpots finds their symbols.
        scatter.opts["useCache"] = True
        data = scatter.data
        for field, codes in self.codes.items():
            data[field] = _objects(self.styles[field])[np.concatenate(codes)]
        data["sourceRect"] = 0
        scatter.updateSpots(data)
        return scatter


def _objects(values: list[object]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        array[i] = value
    return array


def _located(content: MapContent, placement: str) -> tuple[list[int], list[md.MapRecord]]:
    indexes = [
        i
        for i, r in enumerate(content.records)
        if r.placement == placement and r.lon is not None and r.lat is not None
    ]
    return indexes, [content.records[i] for i in indexes]


class RecordLayer(MapLayer):
    """The rows over the basemap; `drawn` keeps where each went, for hit testing."""

    def __init__(
        self, view: pg.ViewBox, shapes: DistrictShapes, label_points: dict[str, tuple[float, float]]
    ) -> None:
        super().__init__(view)
        self.shapes = shapes
        self.projection = shapes.projection
        self.label_points = label_points
        self.drawn = DrawnRecords()
        self.scatter: pg.ScatterPlotItem | None = None

    def draw(self, content: MapContent, colours: MapColours) -> None:
        self.clear()
        self.drawn = DrawnRecords()
        spots = _Spots()
        self._districts(content, colours)
        self._lines(content, colours)
        self._areas(content, colours, spots)
        self._points(content, colours, spots)
        self.scatter = spots.item()
        if self.scatter is not None:
            self.scatter.setZValue(10)
            self.add(self.scatter)
        self._names(content, colours)

    def _project(self, records: list[md.MapRecord]) -> tuple[np.ndarray, np.ndarray]:
        lon = np.fromiter((r.lon for r in records), dtype=float, count=len(records))
        lat = np.fromiter((r.lat for r in records), dtype=float, count=len(records))
        return self.projection.forward(lon, lat)  # elementwise on arrays

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
            self.drawn.districts.extend(Drawn(i) for i in indexes)

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
            self.drawn.lines.append(drawn)

    def _areas(self, content: MapContent, colours: MapColours, spots: _Spots) -> None:
        # Estimates: translucent circles of radius precision_m (view units are metres), one path
        # per colour, and a cross at each centre (a spot of the scatter item).
        indexes, records = _located(content, md.AREA)
        if not records:
            return
        x, y = self._project(records)
        radius = np.array([r.precision_m or 0.0 for r in records])
        paths: dict[tuple[int, bool], tuple[QColor, bool, QPainterPath]] = {}
        pens, brushes = [], []
        colour_of: dict[str, QColor] = {}
        for i, record in enumerate(records):
            chosen = record.rowid in content.selected
            if record.kind not in colour_of:
                colour_of[record.kind] = content.colour(record.kind)
            colour = colours.highlight if chosen else colour_of[record.kind]
            key = (colour.rgba(), chosen)
            if key not in paths:
                path = QPainterPath()
                path.setFillRule(Qt.FillRule.WindingFill)  # overlapping circles stay filled
                paths[key] = (colour, chosen, path)
            paths[key][2].addEllipse(QPointF(x[i], y[i]), radius[i], radius[i])
            pens.append(spots.pen(colour, 1.0))
            brushes.append(spots.brush(colour))
        for colour, chosen, path in paths.values():
            circles = QGraphicsPathItem(path)
            circles.setPen(cosmetic_pen(colour, 3.0 if chosen else 1.5))
            circles.setBrush(with_alpha(colour, 90 if chosen else 45))
            circles.setZValue(5)
            self.add(circles)
        size = np.full(len(records), float(CROSS_SIZE))
        symbol = np.full(len(records), spots.symbol("+"))
        spots.add(x, y, size, symbol, np.array(pens), np.array(brushes))
        self.drawn.areas = Marks(np.array(indexes, dtype=np.int64), x, y, radius, size)

    def _points(self, content: MapContent, colours: MapColours, spots: _Spots) -> None:
        # Sites known to ±500 m: points, sized by investment where the row states one.
        indexes, records = _located(content, md.POINT)
        if not records:
            return
        n = len(records)
        x, y = self._project(records)
        chosen = np.fromiter((r.rowid in content.selected for r in records), dtype=bool, count=n)
        investments = np.fromiter(
            (np.nan if r.investment_yi is None else r.investment_yi for r in records), dtype=float, count=n
        )
        size = point_sizes(investments, content.max_investment) + 4 * chosen
        pen = np.where(chosen, spots.pen(colours.highlight, 3.0), spots.pen(colours.background, 1.5))
        kinds = {kind: spots.brush(content.colour(kind)) for kind in {r.kind for r in records}}
        brush = np.fromiter((kinds[r.kind] for r in records), dtype=np.int64, count=n)
        order = np.argsort(chosen, kind="stable")  # selected points drawn last, on top
        symbol = np.full(n, spots.symbol("o"))
        spots.add(x[order], y[order], size[order], symbol, pen[order], brush[order])
        self.drawn.points = Marks(np.array(indexes, dtype=np.int64), x, y, np.zeros(n), size)

    def _names(self, content: MapContent, colours: MapColours) -> None:
        # Names of the selected rows (the first MAX_NAMES of them).
        if not content.selected:
            return
        chosen = (r for r in content.records if r.rowid in content.selected)
        for _, record in zip(range(MAX_NAMES), chosen, strict=False):
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
