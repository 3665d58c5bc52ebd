"""Which rows of a table are where: the map's data, without Qt.

Every row of the active table that passes its filters becomes a MapRecord with one
placement, taken only from what the database states (no position is ever made up):

* ``point``    its place has coordinates known to ±500 m or better;
* ``area``     its place has coordinates, but only as an estimate (±2 km, ±3 km, …):
               drawn as a circle of radius ``precision_m``;
* ``line``     its place is a line (e.g. the schematic 衡州大道), drawn as that line;
* ``district`` no coordinates, but the row (or its place) names a county-level
               district of the basemap: that district is highlighted;
* ``none``     no position at all: counted and listed beside the map, never placed.

The coordinates are WGS84 lon/lat. For drawing, `Projection` maps them to metres in
a local equirectangular projection (x scaled by cos(lat0)), so shapes keep their
proportions and a precision radius in metres is a circle.
"""

from __future__ import annotations

import functools
import json
import math
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from hybrowser.core.figures import stored_number
from hybrowser.core.geo import Basemap, District, Point, load_basemap
from hybrowser.core.labels import bilingual
from hybrowser.core.plane import edge_distance, inside, ring_segments
from hybrowser.core.tables import TableMeta
from hybrowser.db.query import QueryState, TableQuery
from hybrowser.db.schema import quote_identifier

#: A site known to this many metres or better is a point; anything coarser is an area.
POINT_PRECISION_M = 500.0

#: Metres per degree of latitude (spherical Earth; fine for drawing a city).
M_PER_DEG = 111_320.0

POINT, AREA, LINE, DISTRICT, NONE = "point", "area", "line", "district", "none"

PLACES_TABLE = "places"


@dataclass(frozen=True)
class Place:
    """One row of the places table."""

    id: str
    name_zh: str
    name_en: str
    kind: str
    district_id: str | None
    lat: float | None
    lon: float | None
    precision_m: float | None
    confidence: str | None
    lines: tuple[tuple[Point, ...], ...] = ()

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None

    def name(self, lang: str) -> str:
        return name_in(self, lang)


def name_in(item: Place | MapRecord, lang: str) -> str:
    """A place's or a row's name in the language, falling back to the other one, then the id."""
    return bilingual(item.name_zh, item.name_en, lang, item.id)


@dataclass(frozen=True)
class MapRecord:
    """A row of the active table and where (if anywhere) it goes on the map."""

    rowid: int
    id: str
    name_zh: str
    name_en: str
    kind: str
    placement: str
    lon: float | None = None
    lat: float | None = None
    precision_m: float | None = None
    confidence: str | None = None
    #: the district the row names (its own district_id, else its place's).
    district_id: str | None = None
    place_id: str | None = None
    lines: tuple[tuple[Point, ...], ...] = ()
    investment_yi: float | None = None

    def name(self, lang: str) -> str:
        return name_in(self, lang)


# ---- reading ---------------------------------------------------------------------------------------


def parse_lines(geometry: object) -> tuple[tuple[Point, ...], ...]:
    """A GeoJSON LineString / MultiLineString (text or dict) as lines of (lon, lat); () otherwise."""
    if not geometry:
        return ()
    try:
        data = json.loads(geometry) if isinstance(geometry, str) else geometry
        kind = data["type"]
        coords = data["coordinates"]
        if kind == "LineString":
            parts = [coords]
        elif kind == "MultiLineString":
            parts = coords
        else:
            return ()
        lines = tuple(tuple((float(p[0]), float(p[1])) for p in part) for part in parts)
    except (ValueError, TypeError, KeyError, IndexError):
        return ()
    return tuple(line for line in lines if len(line) >= 2)


def _text(value: object) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value)


def _place_from_values(values: dict[str, object]) -> Place:
    return Place(
        id=str(values.get("id") or ""),
        name_zh=str(values.get("name_zh") or ""),
        name_en=str(values.get("name_en") or ""),
        kind=str(values.get("kind") or ""),
        district_id=_text(values.get("district_id")),
        lat=stored_number(values.get("lat")),
        lon=stored_number(values.get("lon")),
        precision_m=stored_number(values.get("precision_m")),
        confidence=_text(values.get("confidence")),
        lines=parse_lines(values.get("geometry")),
    )


def _table_columns(conn: sqlite3.Connection, name: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({quote_identifier(name)})")}


PLACE_COLUMNS = (
    "id",
    "name_zh",
    "name_en",
    "kind",
    "district_id",
    "lat",
    "lon",
    "precision_m",
    "confidence",
    "geometry",
)


def load_places(conn: sqlite3.Connection) -> dict[str, Place]:
    """Every place by id ({} for a database without a places table)."""
    present = _table_columns(conn, PLACES_TABLE)
    if "id" not in present:
        return {}
    columns = [c for c in PLACE_COLUMNS if c in present]
    select = ", ".join(quote_identifier(c) for c in columns)
    places = {}
    for row in conn.execute(f"SELECT {select} FROM {PLACES_TABLE}"):
        place = _place_from_values(dict(zip(columns, row, strict=True)))
        places[place.id] = place
    return places


def schematic_lines(places: dict[str, Place]) -> list[Place]:
    """Places that are lines with a geometry (drawn on every tab, as schematic)."""
    return [p for p in places.values() if p.kind == "line" and p.lines]


def has_map(table: TableMeta) -> bool:
    """Can rows of this table be on the map at all?"""
    return table.name == PLACES_TABLE or table.has_column("place_id") or table.has_column("district_id")


#: Columns read for the map, if the table has them.
_RECORD_COLUMNS = ("id", "name_zh", "name_en", "kind", "place_id", "district_id", "investment_yi")


def locate(
    place: Place | None,
    own_district: str | None,
    district_ids: Iterable[str] | None = None,
) -> tuple[str, str | None]:
    """(placement, district) for a row with this place and district_id.

    Coordinates win over a line, a line over a district; a district counts only if
    the basemap has it (when district_ids is given).
    """
    known = None if district_ids is None else set(district_ids)
    district = own_district or (place.district_id if place else None)
    if district is None and place is not None and place.kind == "district":
        district = place.id
    if place is not None and place.has_coordinates:
        precision = place.precision_m
        return (POINT if precision is None or precision <= POINT_PRECISION_M else AREA), district
    if place is not None and place.lines:
        return LINE, district
    if district and (known is None or district in known):
        return DISTRICT, district
    return NONE, district


def map_records(
    conn: sqlite3.Connection,
    table: TableMeta,
    state: QueryState,
    places: dict[str, Place] | None = None,
    district_ids: Iterable[str] | None = None,
) -> list[MapRecord]:
    """The filtered rows of a table (in table order) with their placements: one SQL query.

    [] for a table whose rows cannot be on the map (see `has_map`).
    """
    if not has_map(table):
        return []
    if places is None:
        places = load_places(conn)
    known = None if district_ids is None else set(district_ids)
    is_places = table.name == PLACES_TABLE
    wanted = PLACE_COLUMNS if is_places else _RECORD_COLUMNS
    present = _table_columns(conn, table.name)
    columns = [c for c in wanted if c in present]
    rows = TableQuery(conn, table).column_values(state, columns)
    records = []
    for row in rows:
        values = dict(zip(columns, row[1:], strict=True))
        if is_places:
            place: Place | None = _place_from_values(values)
            own_district = place.district_id  # type: ignore[union-attr]
        else:
            place_id = _text(values.get("place_id"))
            place = places.get(place_id) if place_id else None
            own_district = _text(values.get("district_id"))
        placement, district = locate(place, own_district, known)
        located = placement in (POINT, AREA)
        records.append(
            MapRecord(
                rowid=int(row[0]),
                id=str(values.get("id") or row[0]),
                name_zh=str(values.get("name_zh") or ""),
                name_en=str(values.get("name_en") or ""),
                kind=str(values.get("kind") or ""),
                placement=placement,
                lon=place.lon if located and place else None,
                lat=place.lat if located and place else None,
                precision_m=place.precision_m if place else None,
                confidence=place.confidence if place else None,
                district_id=district,
                place_id=place.id if place else None,
                lines=place.lines if place and placement == LINE else (),
                investment_yi=stored_number(values.get("investment_yi")),
            )
        )
    return records


def kind_order(conn: sqlite3.Connection, table: TableMeta) -> list[str]:
    """The table's kinds in a fixed order (for stable colours): the allowed codes, then any others."""
    if not table.has_column("kind"):
        return []
    kinds = list(table.column("kind").allowed)
    sql = f'SELECT DISTINCT "kind" FROM {quote_identifier(table.name)} ORDER BY "kind"'
    for (value,) in conn.execute(sql):
        if value is not None and str(value) not in kinds:
            kinds.append(str(value))
    return kinds


def max_investment(conn: sqlite3.Connection, table: TableMeta) -> float | None:
    """The largest finite investment in the whole table (sizes do not change with the filter)."""
    if not table.has_column("investment_yi"):
        return None
    value = conn.execute(
        f'SELECT max("investment_yi") FROM {quote_identifier(table.name)} '
        "WHERE typeof(\"investment_yi\") IN ('integer', 'real') AND abs(\"investment_yi\") < 1e308"
    ).fetchone()[0]
    return stored_number(value)


# ---- geometry for drawing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Local equirectangular projection to metres: x east, y north, origin at (lon0, lat0)."""

    lon0: float
    lat0: float

    @classmethod
    def centred_on(cls, basemap: Basemap) -> Projection:
        lons = [p[0] for d in basemap.districts for poly in d.polygons for p in poly[0]]
        lats = [p[1] for d in basemap.districts for poly in d.polygons for p in poly[0]]
        return cls((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)

    @property
    def kx(self) -> float:
        return math.cos(math.radians(self.lat0)) * M_PER_DEG

    def forward(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.kx, (lat - self.lat0) * M_PER_DEG

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        return self.lon0 + x / self.kx, self.lat0 + y / M_PER_DEG

    def ring(self, points: Sequence[Point]) -> list[tuple[float, float]]:
        # forward() inlined: outlines have thousands of points and kx is a cosine.
        lon0, lat0, kx = self.lon0, self.lat0, self.kx
        return [((lon - lon0) * kx, (lat - lat0) * M_PER_DEG) for lon, lat in points]


def label_point(
    rings: Sequence[Sequence[tuple[float, float]]], steps: int = 12, rounds: int = 4
) -> tuple[float, float]:
    """A point well inside a polygon (projected coordinates): far from its edges, for a label.

    A grid search refined a few times (like "polylabel"); the centre of a long thin or
    C-shaped district may lie outside it, this point never does.
    """
    a, b = ring_segments(rings)
    xs, ys = a[:, 0], a[:, 1]
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    best = ((x0 + x1) / 2, (y0 + y1) / 2)
    best_score = -1.0
    half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
    cx, cy = best
    for _ in range(rounds):
        gx, gy = np.meshgrid(
            np.linspace(cx - half_w, cx + half_w, steps), np.linspace(cy - half_h, cy + half_h, steps)
        )
        px, py = gx.ravel(), gy.ravel()
        within = inside(px, py, a, b)
        if within.any():
            px, py = px[within], py[within]
            dist = edge_distance(px, py, a, b)
            i = int(dist.argmax())
            if dist[i] > best_score:
                best_score = float(dist[i])
                best = (float(px[i]), float(py[i]))
        cx, cy = best
        half_w, half_h = half_w * 2 / steps * 2, half_h * 2 / steps * 2
    if best_score < 0:  # degenerate polygon: fall back to its first vertex
        return float(a[0, 0]), float(a[0, 1])
    return best


def district_label_point(district: District, projection: Projection) -> Point:
    """Where a district's name goes: inside its largest polygon, away from its border (lon, lat)."""
    biggest = max(district.polygons, key=lambda poly: len(poly[0]))
    x, y = label_point([projection.ring(ring) for ring in biggest])
    return projection.inverse(x, y)


@functools.lru_cache(maxsize=4)
def prepared_basemap(path: str | None = None) -> tuple[Basemap, Projection, dict[str, Point]]:
    """The basemap, its projection and where each district's name goes: read and computed once
    per process (the label search is ~0.2 s of Python, so the app warms this off the UI thread)."""
    basemap = load_basemap(path) if path else load_basemap()
    projection = Projection.centred_on(basemap) if basemap.districts else Projection(112.6, 26.9)
    labels = {d.id: district_label_point(d, projection) for d in basemap.districts}
    return basemap, projection, labels
