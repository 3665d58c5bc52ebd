"""What lies under a point of the map: points first, then estimates, lines, and district fills."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from hybrowser.db import map_data as md
from hybrowser.qt.map_shapes import DistrictShapes

HIT_SLOP_PX = 4  # a marker counts as hit this many pixels beyond its edge


@dataclass
class Drawn:
    """A drawn record and its geometry in view coordinates (metres), for hit testing."""

    index: int
    x: float = 0.0
    y: float = 0.0
    radius_m: float = 0.0
    size_px: float = 0.0
    lines: list[list[tuple[float, float]]] = field(default_factory=list)


def segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - a[0]) * dx + (py - a[1]) * dy) / length2))
    return math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy))


def hits_at(
    drawn: dict[str, list[Drawn]],
    records: list[md.MapRecord],
    shapes: DistrictShapes,
    x: float,
    y: float,
    per_px: float,
) -> list[int]:
    """Indexes (into records) of what lies under a view point: points first, then
    estimates (the smallest circle), then lines, then district fills."""
    near = []
    for item in drawn.get(md.POINT, []):
        d = math.hypot(x - item.x, y - item.y) / per_px
        if d <= item.size_px / 2 + HIT_SLOP_PX:
            near.append((d, item))
    if near:
        best = min(near, key=lambda pair: pair[0])[1]
        return [d.index for _, d in near if (d.x, d.y) == (best.x, best.y)]
    inside = []
    for item in drawn.get(md.AREA, []):
        d = math.hypot(x - item.x, y - item.y)
        if d <= item.radius_m or d / per_px <= item.size_px / 2 + HIT_SLOP_PX:
            inside.append(item)
    if inside:
        best = min(inside, key=lambda d: (d.radius_m, math.hypot(x - d.x, y - d.y)))
        return [d.index for d in inside if (d.x, d.y, d.radius_m) == (best.x, best.y, best.radius_m)]
    on_line = []
    for item in drawn.get(md.LINE, []):
        for line in item.lines:
            if any(
                segment_distance(x, y, a, b) / per_px <= HIT_SLOP_PX + 3
                for a, b in zip(line, line[1:], strict=False)
            ):
                on_line.append(item.index)
                break
    if on_line:
        return on_line
    district = shapes.district_at(x, y)
    if district is None:
        return []
    return [d.index for d in drawn.get(md.DISTRICT, []) if records[d.index].district_id == district]
