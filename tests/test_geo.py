"""Tests for the offline basemap resources/map/hengyang.geojson and hybrowser.core.geo."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from hybrowser.core.geo import (
    DEFAULT_BASEMAP,
    Basemap,
    bbox,
    district_at,
    load_basemap,
    point_in_polygon,
)

#: A copy of shared/reference/places.json (the reference coordinates), kept with the tests.
PLACES = Path(__file__).parent / "data" / "reference" / "places.json"

EXPECTED_DISTRICTS = {
    "430405": "珠晖区",
    "430406": "雁峰区",
    "430407": "石鼓区",
    "430408": "蒸湘区",
    "430412": "南岳区",
    "430421": "衡阳县",
    "430422": "衡南县",
    "430423": "衡山县",
    "430424": "衡东县",
    "430426": "祁东县",
    "430481": "耒阳市",
    "430482": "常宁市",
}

# places.json id -> district the bulletin / the place's source puts it in.
EXPECTED_PLACES = {
    "hengyang_east_station": "珠晖区",  # 衡阳东站
    "usc_yumu_campus": "蒸湘区",  # 南华大学雨母校区
    "hny_airport": "衡南县",  # 衡阳南岳机场
    "hengshan_science_city": "雁峰区",  # 衡山科学城
    "1more_hunan": "雁峰区",  # 万魔声学湖南
    "shuikoushan": "常宁市",  # 水口山
    "tbea_hengyang": "雁峰区",  # 特变电工
    "foxconn_hengyang": "雁峰区",  # 富士康
}


@pytest.fixture(scope="module")
def basemap() -> Basemap:
    return load_basemap(DEFAULT_BASEMAP)


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(DEFAULT_BASEMAP.read_text(encoding="utf-8"))


# --- the file ------------------------------------------------------------------


def _ring_area(ring: list) -> float:
    return 0.5 * sum(ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring)))


def test_geojson_is_valid(raw: dict) -> None:
    assert raw["type"] == "FeatureCollection"
    assert "WGS84" in raw["metadata"]["datum"]
    for feature in raw["features"]:
        assert feature["type"] == "Feature"
        geom = feature["geometry"]
        if feature["properties"]["kind"] == "district":
            assert geom["type"] in ("Polygon", "MultiPolygon")
            polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
            for poly in polys:
                for i, ring in enumerate(poly):
                    assert len(ring) >= 4 and ring[0] == ring[-1]
                    # RFC 7946: exterior counter-clockwise, holes clockwise
                    assert (_ring_area(ring) > 0) == (i == 0)
                    for lon, lat in ring:
                        assert 110 < lon < 115 and 25 < lat < 28
                        assert round(lon, 5) == lon and round(lat, 5) == lat
        else:
            assert feature["properties"]["kind"] == "river"
            assert geom["type"] in ("LineString", "MultiLineString")


def test_exactly_the_twelve_districts(basemap: Basemap) -> None:
    assert {d.adcode: d.name_zh for d in basemap.districts} == EXPECTED_DISTRICTS
    ids = [d.id for d in basemap.districts]
    assert len(ids) == len(set(ids)) == 12
    assert all(d.name_en for d in basemap.districts)


def test_xiang_river_present() -> None:
    # Read here, not from the module's fixture: the mutation run maps a function to the tests
    # that call it, and a fixture's call counts for its first test only.
    basemap = load_basemap(DEFAULT_BASEMAP)
    assert [(r.name_zh, r.name_en) for r in basemap.rivers] == [("湘江", "Xiang River")]
    xiang = basemap.rivers[0]
    assert sum(len(line) for line in xiang.lines) > 100
    # it flows through the city: crosses the latitude of the urban districts
    lats = [p[1] for line in xiang.lines for p in line]
    assert min(lats) < 26.9 < max(lats)


def test_file_is_small() -> None:
    assert DEFAULT_BASEMAP.stat().st_size < 150 * 1024


# --- geometry helpers ----------------------------------------------------------

SQUARE = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
HOLE = [(4.0, 4.0), (4.0, 6.0), (6.0, 6.0), (6.0, 4.0), (4.0, 4.0)]


def test_point_in_polygon_square_with_hole() -> None:
    rings = [SQUARE, HOLE]
    assert point_in_polygon(1, 1, rings)
    assert point_in_polygon(9, 5, rings)
    assert not point_in_polygon(5, 5, rings)  # in the hole
    assert not point_in_polygon(11, 5, rings)
    assert not point_in_polygon(-1, 5, rings)
    assert not point_in_polygon(5, 12, rings)
    assert point_in_polygon(5, 5, [SQUARE])  # no hole, no gap
    assert point_in_polygon(1, 1, [SQUARE[:-1]])  # open rings work too


def test_bbox() -> None:
    assert bbox([SQUARE, HOLE]) == (0.0, 0.0, 10.0, 10.0)


def test_bbox_of_basemap(basemap: Basemap) -> None:
    x0, y0, x1, y1 = bbox(basemap)
    assert 111.3 < x0 < 112.0 and 113.0 < x1 < 113.5
    assert 25.9 < y0 < 26.3 and 27.3 < y1 < 27.6
    dx0, dy0, dx1, dy1 = basemap.district("zhuhui").bounds
    assert x0 < dx0 < dx1 < x1 and y0 < dy0 < dy1 < y1


def test_district_at(basemap: Basemap) -> None:
    assert district_at(basemap, 112.707, 27.264) == "nanyue"  # 南岳 town centre
    assert district_at(basemap, 112.899, 26.414) == "leiyang"
    assert district_at(basemap, 112.0, 28.5) is None


# --- reference places ----------------------------------------------------------


def _places() -> dict[str, dict]:
    return {p["id"]: p for p in json.loads(PLACES.read_text(encoding="utf-8"))["places"]}


@pytest.mark.parametrize("place_id", sorted(EXPECTED_PLACES))
def test_place_lies_in_its_district(basemap: Basemap, place_id: str) -> None:
    place = _places()[place_id]
    assert place["lon"] is not None and place["lat"] is not None, place_id
    found = district_at(basemap, place["lon"], place["lat"])
    names = {d.id: d.name_zh for d in basemap.districts}
    assert names.get(found) == EXPECTED_PLACES[place_id], (place["name"], found)


# --- shared borders ------------------------------------------------------------


def _edges(basemap: Basemap) -> Counter:
    edges: Counter = Counter()
    for d in basemap.districts:
        for poly in d.polygons:
            for ring in poly:
                for a, b in zip(ring, ring[1:], strict=False):
                    edges[(min(a, b), max(a, b))] += 1
    return edges


def test_shared_borders_are_identical(basemap: Basemap) -> None:
    """Every edge is used by one district (the city outline) or by exactly two.

    Edges used once must then form a single closed loop: any gap or overlap between
    neighbours would leave extra loops of unshared edges inside the city.
    """
    edges = _edges(basemap)
    assert set(edges.values()) <= {1, 2}
    outline = [e for e, n in edges.items() if n == 1]
    neighbours: dict = {}
    for a, b in outline:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    assert all(len(v) == 2 for v in neighbours.values())
    start = outline[0][0]
    prev, here, steps = None, start, 0
    while True:
        nxt = next(p for p in neighbours[here] if p != prev)
        prev, here, steps = here, nxt, steps + 1
        if here == start:
            break
    assert steps == len(outline), "unshared edges form more than one loop"


def test_no_gaps_just_outside_each_border(basemap: Basemap) -> None:
    """50 m outside a district's border is a neighbour, or outside the city."""
    edges = _edges(basemap)
    kx = 111_320 * math.cos(math.radians(26.9))
    ky = 110_574
    checked = 0
    for d in basemap.districts:
        ring = d.polygons[0][0]  # counter-clockwise, so outward is to the right
        for a, b in list(zip(ring, ring[1:], strict=False))[::7]:
            dx, dy = (b[0] - a[0]) * kx, (b[1] - a[1]) * ky
            length = math.hypot(dx, dy)
            if length < 300:  # skip short edges next to tight corners
                continue
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            ox, oy = mx + dy / length * 50 / kx, my - dx / length * 50 / ky
            found = district_at(basemap, ox, oy)
            shared = edges[(min(a, b), max(a, b))] == 2
            if shared:
                assert found not in (None, d.id), (d.id, a, b, found)
            else:
                assert found is None, (d.id, a, b, found)
            checked += 1
    assert checked > 200


# ---- GeoJSON geometries read one by one -----------------------------------------------------

from hybrowser.core import geo as _geo  # noqa: E402


def test_polygons_and_multipolygons_are_read():
    ring = [[112.0, 26.0], [113.0, 26.0], [113.0, 27.0], [112.0, 26.0]]
    other = [[110.0, 25.0], [111.0, 25.0], [111.0, 26.0], [110.0, 25.0]]
    one = _geo._polygons({"type": "Polygon", "coordinates": [ring]})
    assert [[list(map(tuple, r)) for r in poly] for poly in one] == [[[tuple(p) for p in ring]]]
    two = _geo._polygons({"type": "MultiPolygon", "coordinates": [[ring], [other]]})
    assert [[list(map(tuple, r)) for r in poly] for poly in two] == [
        [[tuple(p) for p in ring]],
        [[tuple(p) for p in other]],
    ]
    with pytest.raises(ValueError, match="^expected a polygon, got LineString$"):
        _geo._polygons({"type": "LineString", "coordinates": ring})


def test_lines_and_multilines_are_read():
    line = [[112.0, 26.0], [113.0, 26.5]]
    other = [[110.0, 25.0], [111.0, 25.5], [111.5, 26.0]]
    assert [list(map(tuple, x)) for x in _geo._lines({"type": "LineString", "coordinates": line})] == [
        [tuple(p) for p in line]
    ]
    assert [
        list(map(tuple, x)) for x in _geo._lines({"type": "MultiLineString", "coordinates": [line, other]})
    ] == [
        [tuple(p) for p in line],
        [tuple(p) for p in other],
    ]
    with pytest.raises(ValueError, match="^expected a line, got Polygon$"):
        _geo._lines({"type": "Polygon", "coordinates": [line]})
