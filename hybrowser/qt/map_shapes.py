"""The districts in view metres (outlines, boxes, which holds a point) and the rectangle around rows."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from hybrowser.core.geo import Basemap
from hybrowser.db import map_data as md

#: Shown when there is no basemap: 100 km around the projection's centre.
NO_CITY = QRectF(-50_000, -50_000, 100_000, 100_000)


class DistrictShapes:
    """Each district's outline as a path and its bounding box, in the projection's metres."""

    def __init__(self, basemap: Basemap, projection: md.Projection) -> None:
        self.projection = projection
        self.paths: dict[str, QPainterPath] = {}
        self.boxes: dict[str, tuple[float, float, float, float]] = {}
        for district in basemap.districts:
            path = QPainterPath()
            points = []
            for polygon in district.polygons:
                for ring in polygon:
                    projected = projection.ring(ring)
                    points.extend(projected)
                    path.moveTo(*projected[0])
                    for x, y in projected[1:]:
                        path.lineTo(x, y)
                    path.closeSubpath()
            self.paths[district.id] = path
            box = md.bounds_of(points)
            if box is not None:
                self.boxes[district.id] = box

    def city_rect(self) -> QRectF:
        boxes = list(self.boxes.values())
        if not boxes:
            return QRectF(NO_CITY)
        x0 = min(b[0] for b in boxes)
        y0 = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        y1 = max(b[3] for b in boxes)
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def district_at(self, x: float, y: float) -> str | None:
        point = QPointF(x, y)
        for district_id, path in self.paths.items():
            x0, y0, x1, y1 = self.boxes.get(district_id, (0, 0, 0, 0))
            # The box first: path.contains is slow on detailed outlines.
            if x0 <= x <= x1 and y0 <= y <= y1 and path.contains(point):
                return district_id
        return None

    def rect_of(self, records: list[md.MapRecord]) -> QRectF | None:
        """The bounding rectangle of some records' drawn shapes (None if none is drawn)."""
        points: list[tuple[float, float]] = []
        located = []
        for record in records:
            if record.placement in (md.POINT, md.AREA) and record.lon is not None and record.lat is not None:
                located.append(record)
            elif record.placement == md.LINE:
                for line in record.lines:
                    points += self.projection.ring(line)
            elif record.placement == md.DISTRICT and record.district_id in self.boxes:
                x0, y0, x1, y1 = self.boxes[record.district_id]
                points += [(x0, y0), (x1, y1)]
        if located:  # many points: as arrays
            n = len(located)
            lon = np.fromiter((r.lon for r in located), dtype=float, count=n)
            lat = np.fromiter((r.lat for r in located), dtype=float, count=n)
            r = np.fromiter(
                (r.precision_m if r.placement == md.AREA and r.precision_m else 1000.0 for r in located),
                dtype=float,
                count=n,
            )
            x, y = self.projection.forward(lon, lat)
            points += [
                (float((x - r).min()), float((y - r).min())),
                (float((x + r).max()), float((y + r).max())),
            ]
        box = md.bounds_of(points)
        if box is None:
            return None
        return QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])
