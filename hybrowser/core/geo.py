"""Offline basemap (resources/map/hengyang.geojson): loading, bounding boxes, point lookup."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from hybrowser.core.plane import bounds_of, in_box, point_in_rings

Point = tuple[float, float]  # (lon, lat), WGS84
Ring = list[Point]
Polygon = list[Ring]  # exterior ring first, then holes
BBox = tuple[float, float, float, float]  # (min_lon, min_lat, max_lon, max_lat)

DEFAULT_BASEMAP = Path(__file__).resolve().parents[2] / "resources" / "map" / "hengyang.geojson"


@dataclass(frozen=True)
class District:
    id: str
    adcode: str
    name_zh: str
    name_en: str
    polygons: list[Polygon]

    @cached_property
    def bounds(self) -> BBox:
        return bbox(self)


@dataclass(frozen=True)
class River:
    name_zh: str
    name_en: str
    lines: list[list[Point]]


@dataclass(frozen=True)
class Basemap:
    districts: list[District]
    rivers: list[River]
    metadata: dict[str, Any] = field(default_factory=dict)

    def district(self, district_id: str) -> District:
        for d in self.districts:
            if d.id == district_id:
                return d
        raise KeyError(district_id)


Geometry = Basemap | District | River | Iterable[Sequence[Point]]


def _points(coords: list) -> list[Point]:
    return [(float(x), float(y)) for x, y, *_ in coords]


def _polygons(geometry: dict[str, Any]) -> list[Polygon]:
    if geometry["type"] == "Polygon":
        return [[_points(ring) for ring in geometry["coordinates"]]]
    if geometry["type"] == "MultiPolygon":
        return [[_points(ring) for ring in poly] for poly in geometry["coordinates"]]
    raise ValueError(f"expected a polygon, got {geometry['type']}")


def _lines(geometry: dict[str, Any]) -> list[list[Point]]:
    if geometry["type"] == "LineString":
        return [_points(geometry["coordinates"])]
    if geometry["type"] == "MultiLineString":
        return [_points(line) for line in geometry["coordinates"]]
    raise ValueError(f"expected a line, got {geometry['type']}")


def load_basemap(path: str | Path = DEFAULT_BASEMAP) -> Basemap:
    """Read the basemap GeoJSON: features with kind "district" or "river"."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    districts: list[District] = []
    rivers: list[River] = []
    for feature in data["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        if props.get("kind") == "district":
            districts.append(
                District(
                    props["id"],
                    props["adcode"],
                    props["name_zh"],
                    props["name_en"],
                    _polygons(geometry),
                )
            )
        elif props.get("kind") == "river":
            rivers.append(River(props["name_zh"], props["name_en"], _lines(geometry)))
    return Basemap(districts, rivers, data.get("metadata", {}))


def point_in_polygon(lon: float, lat: float, rings: Sequence[Sequence[Point]]) -> bool:
    """Even-odd rule over all rings, so a point inside a hole is outside the polygon."""
    return point_in_rings(lon, lat, rings)


def district_at(basemap: Basemap, lon: float, lat: float) -> str | None:
    """Id of the district containing (lon, lat), or None outside the city."""
    for d in basemap.districts:
        if not in_box(lon, lat, d.bounds):
            continue
        if any(point_in_polygon(lon, lat, poly) for poly in d.polygons):
            return d.id
    return None


def _iter_points(geom: Geometry) -> Iterator[Point]:
    if isinstance(geom, Basemap):
        for d in geom.districts:
            yield from _iter_points(d)
        for r in geom.rivers:
            yield from _iter_points(r)
    elif isinstance(geom, District):
        for poly in geom.polygons:
            yield from poly[0]  # holes lie inside the exterior
    elif isinstance(geom, River):
        for line in geom.lines:
            yield from line
    else:
        for part in geom:
            yield from part


def bbox(geom: Geometry) -> BBox:
    """(min_lon, min_lat, max_lon, max_lat) of a basemap, district, river or list of rings."""
    box = bounds_of(_iter_points(geom))
    if box is None:
        raise ValueError("bbox of an empty geometry")
    return box
