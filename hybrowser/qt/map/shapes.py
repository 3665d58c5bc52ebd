"""The districts as Qt paths for drawing, and the map's boxes as Qt rectangles."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from hybrowser.core.geo import Basemap
from hybrowser.core.plane import Box
from hybrowser.db import map_data as md
from hybrowser.view.map_shapes import DistrictAreas


def box_rect(box: Box) -> QRectF:
    x0, y0, x1, y1 = box
    return QRectF(x0, y0, x1 - x0, y1 - y0)


class DistrictShapes(DistrictAreas):
    """DistrictAreas with each district's outline as a path to draw."""

    def __init__(self, basemap: Basemap, projection: md.Projection) -> None:
        super().__init__(basemap, projection)
        self.paths: dict[str, QPainterPath] = {}
        for district_id, polygons in self.polygons.items():
            path = QPainterPath()
            for polygon in polygons:
                for ring in polygon:
                    path.moveTo(*ring[0])
                    for x, y in ring[1:]:
                        path.lineTo(x, y)
                    path.closeSubpath()
            self.paths[district_id] = path

    def city_rect(self) -> QRectF:
        return box_rect(self.city_box())

    def rect_of(self, records: list[md.MapRecord]) -> QRectF | None:
        """The rectangle around some records' drawn shapes (None if none is drawn)."""
        box = self.box_of(records)
        return None if box is None else box_rect(box)
