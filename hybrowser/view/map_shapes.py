"""The districts in metres, without Qt: their rings and boxes, which holds a point, the box around rows."""

from __future__ import annotations

import numpy as np

from hybrowser.core.geo import Basemap
from hybrowser.core.plane import Box, bounds_of, in_box, inside, ring_segments
from hybrowser.db import map_data as md

#: Shown when there is no basemap: 100 km around the projection's centre.
NO_CITY: Box = (-50_000.0, -50_000.0, 50_000.0, 50_000.0)


class DistrictAreas:
    """Each district's polygons projected to metres, and its bounding box."""

    def __init__(self, basemap: Basemap, projection: md.Projection) -> None:
        self.projection = projection
        #: district id → its polygons, each a list of projected rings (exterior, then holes).
        self.polygons: dict[str, list[list[list[tuple[float, float]]]]] = {}
        self.boxes: dict[str, Box] = {}
        # Each polygon's edges, made once: the point test runs on every hover over a district.
        self._edges: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
        for district in basemap.districts:
            polygons = [[projection.ring(ring) for ring in polygon] for polygon in district.polygons]
            self.polygons[district.id] = polygons
            self._edges[district.id] = [ring_segments(polygon) for polygon in polygons]
            box = bounds_of(point for polygon in polygons for ring in polygon for point in ring)
            if box is not None:
                self.boxes[district.id] = box

    def city_box(self) -> Box:
        """The box around every district (NO_CITY without a basemap)."""
        boxes = list(self.boxes.values())
        if not boxes:
            return NO_CITY
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    def district_at(self, x: float, y: float) -> str | None:
        """The district holding a point of the map (None outside the city)."""
        px, py = np.array([x], dtype=float), np.array([y], dtype=float)
        for district_id, edges in self._edges.items():
            box = self.boxes.get(district_id)
            # The box first: the ring test is slow on detailed outlines.
            if box is None or not in_box(x, y, box):
                continue
            if any(inside(px, py, a, b)[0] for a, b in edges):
                return district_id
        return None

    def box_of(self, records: list[md.MapRecord]) -> Box | None:
        """The box around some records' drawn shapes (None if none is drawn)."""
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
        return bounds_of(points)
