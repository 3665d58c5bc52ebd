"""What lies under a point of the map: points first, then estimates, lines, and district fills."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from hybrowser.core.plane import distance_to_line
from hybrowser.db import map_data as md
from hybrowser.view.map_shapes import DistrictAreas

HIT_SLOP_PX = 4  # a marker counts as hit this many pixels beyond its edge


@dataclass
class Drawn:
    """A drawn line or district fill and its geometry in view coordinates (metres), for hit testing."""

    index: int
    lines: list[list[tuple[float, float]]] = field(default_factory=list)


@dataclass
class Marks:
    """Drawn points or estimate circles as arrays (one entry each), in view metres and pixels."""

    index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: an estimate's radius in metres (0 for a point).
    radius_m: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: the symbol's diameter in pixels.
    size_px: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __len__(self) -> int:
        return len(self.index)


@dataclass
class DrawnRecords:
    """Where each record went: points and estimates as arrays, lines and districts one by one."""

    points: Marks = field(default_factory=Marks)
    areas: Marks = field(default_factory=Marks)
    lines: list[Drawn] = field(default_factory=list)
    districts: list[Drawn] = field(default_factory=list)


def _indexes(marks: Marks, chosen: np.ndarray) -> list[int]:
    return sorted(int(i) for i in marks.index[chosen])


def hits_at(
    drawn: DrawnRecords,
    records: list[md.MapRecord],
    shapes: DistrictAreas,
    x: float,
    y: float,
    per_px: float,
) -> list[int]:
    """Indexes (into records, in their order) of what lies under a view point: points first
    (all at the nearest point's position), then estimates (the smallest circle), then lines,
    then district fills."""
    points = drawn.points
    if len(points):
        d = np.hypot(x - points.x, y - points.y) / per_px
        near = d <= points.size_px / 2 + HIT_SLOP_PX
        if near.any():
            best = int(np.flatnonzero(near)[np.argmin(d[near])])
            same = near & (points.x == points.x[best]) & (points.y == points.y[best])
            return _indexes(points, same)
    areas = drawn.areas
    if len(areas):
        d = np.hypot(x - areas.x, y - areas.y)
        inside = (d <= areas.radius_m) | (d / per_px <= areas.size_px / 2 + HIT_SLOP_PX)
        if inside.any():
            candidates = np.flatnonzero(inside)
            # The smallest circle, then the nearest centre.
            best = int(candidates[np.lexsort((d[candidates], areas.radius_m[candidates]))[0]])
            same = (
                inside
                & (areas.x == areas.x[best])
                & (areas.y == areas.y[best])
                & (areas.radius_m == areas.radius_m[best])
            )
            return _indexes(areas, same)
    on_line = []
    for item in drawn.lines:
        for line in item.lines:
            if len(line) > 1 and distance_to_line(x, y, line) / per_px <= HIT_SLOP_PX + 3:
                on_line.append(item.index)
                break
    if on_line:
        return on_line
    district = shapes.district_at(x, y)
    if district is None:
        return []
    return [d.index for d in drawn.districts if records[d.index].district_id == district]
