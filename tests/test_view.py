"""The chart's and the map's Qt-free logic (hybrowser.view) and plane geometry, tested without widgets."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest

from hybrowser.core.geo import load_basemap
from hybrowser.core.plane import (
    bounds_of,
    distance_to_line,
    edge_distance,
    inside,
    point_in_rings,
    ring_segments,
)
from hybrowser.db import map_data as md
from hybrowser.db.chart_data import Bar, ChartData, ChartView
from hybrowser.db.connection import open_database
from hybrowser.db.query import QueryState
from hybrowser.view.chart_query import chart_job, pick_view
from hybrowser.view.chart_text import axis_label, bar_tooltip, title_and_note
from hybrowser.view.map_hits import Drawn, DrawnRecords, Marks, hits_at
from hybrowser.view.map_query import map_job
from hybrowser.view.map_shapes import NO_CITY, DistrictAreas
from hybrowser.view.map_text import describe, metres_text

DATA_DB = Path(__file__).resolve().parents[1] / "data.db"
SQUARE = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
HOLE = [(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0)]


# ---- plane geometry ------------------------------------------------------------------------------


def test_point_in_rings_uses_the_even_odd_rule():
    assert point_in_rings(1, 1, [SQUARE, HOLE])
    assert not point_in_rings(5, 5, [SQUARE, HOLE])  # in the hole
    assert point_in_rings(5, 5, [SQUARE])
    assert not point_in_rings(10.5, 5, [SQUARE])
    assert not point_in_rings(5, -0.1, [SQUARE])
    assert not point_in_rings(1, 1, [])  # no rings: nothing is inside


def test_many_points_at_once_agree_with_one_at_a_time():
    a, b = ring_segments([SQUARE, HOLE])
    xs = np.array([1.0, 5.0, 9.9, 11.0])
    ys = np.array([1.0, 5.0, 9.9, 5.0])
    assert inside(xs, ys, a, b).tolist() == [True, False, True, False]


def test_distances_to_lines_and_edges():
    assert distance_to_line(5, 3, [(0, 0), (10, 0)]) == pytest.approx(3)
    assert distance_to_line(-3, 4, [(0, 0), (10, 0)]) == pytest.approx(5)  # past the end: to the end
    assert distance_to_line(1, 1, [(1, 1)]) == 0
    a, b = ring_segments([SQUARE])
    assert edge_distance(np.array([5.0]), np.array([5.0]), a, b)[0] == pytest.approx(5)
    assert edge_distance(np.array([5.0]), np.array([5.0]), np.empty((0, 2)), np.empty((0, 2)))[0] == np.inf


def test_bounds_of_points():
    assert bounds_of([(3, -1), (-2, 4), (0, 0)]) == (-2, -1, 3, 4)
    assert bounds_of([]) is None


# ---- the map's districts and hit testing -------------------------------------------------------------


@pytest.fixture(scope="module")
def areas() -> DistrictAreas:
    basemap = load_basemap()
    return DistrictAreas(basemap, md.Projection.centred_on(basemap))


def test_a_point_of_the_map_falls_in_its_district(areas):
    x, y = areas.projection.forward(112.707, 27.264)  # 南岳 town centre
    assert areas.district_at(float(x), float(y)) == "nanyue"
    x, y = areas.projection.forward(112.0, 28.5)  # north of the city
    assert areas.district_at(float(x), float(y)) is None


def test_researched_places_fall_in_their_districts_not_just_their_boxes(areas):
    """The urban districts' boxes overlap, so only the outline test tells them apart."""
    import json

    from tests.test_geo import EXPECTED_PLACES, PLACES

    places = {p["id"]: p for p in json.loads(PLACES.read_text(encoding="utf-8"))["places"]}
    names = {d.id: d.name_zh for d in load_basemap().districts}
    for place_id, district in EXPECTED_PLACES.items():
        x, y = areas.projection.forward(places[place_id]["lon"], places[place_id]["lat"])
        assert names[areas.district_at(float(x), float(y))] == district, place_id


def test_the_city_box_holds_every_district(areas):
    x0, y0, x1, y1 = areas.city_box()
    assert (x0, y0, x1, y1) != NO_CITY
    for bx0, by0, bx1, by1 in areas.boxes.values():
        assert x0 <= bx0 and y0 <= by0 and bx1 <= x1 and by1 <= y1


def test_no_basemap_shows_a_box_around_the_centre():
    empty = DistrictAreas(md.Basemap([], []), md.Projection(112.6, 26.9))
    assert empty.city_box() == NO_CITY and empty.district_at(0, 0) is None


def _record(rowid: int, placement: str, **fields) -> md.MapRecord:
    return md.MapRecord(rowid, f"r{rowid}", f"行{rowid}", f"Row {rowid}", "investment", placement, **fields)


def test_the_box_of_records_covers_a_circle_and_a_district(areas):
    circle = _record(1, md.AREA, lon=112.6, lat=26.9, precision_m=3000.0)
    x, y = areas.projection.forward(112.6, 26.9)
    box = areas.box_of([circle])
    assert box == pytest.approx((float(x) - 3000, float(y) - 3000, float(x) + 3000, float(y) + 3000))
    district = _record(2, md.DISTRICT, district_id="nanyue")
    assert areas.box_of([district]) == areas.boxes["nanyue"]
    assert areas.box_of([_record(3, md.NONE)]) is None


def _marks(indexes, xs, ys, radius, size) -> Marks:
    return Marks(
        np.array(indexes),
        np.array(xs, float),
        np.array(ys, float),
        np.array(radius, float),
        np.array(size, float),
    )


def test_hits_prefer_points_then_circles_then_lines_then_districts(areas):
    records = [_record(i, md.POINT) for i in range(5)]
    nanyue_x, nanyue_y = (float(v) for v in areas.projection.forward(112.707, 27.264))
    records[4] = _record(4, md.DISTRICT, district_id="nanyue")
    drawn = DrawnRecords(
        points=_marks([0, 1], [0, 0], [0, 0], [0, 0], [10, 10]),  # two rows at one place
        areas=_marks([2], [1000], [0], [500], [10]),
        lines=[Drawn(3, [[(5000.0, -100.0), (5000.0, 100.0)]])],
        districts=[Drawn(4)],
    )
    per_px = 10.0  # metres per pixel
    assert hits_at(drawn, records, areas, 20, 0, per_px) == [0, 1]  # 2 px from the points
    assert hits_at(drawn, records, areas, 85, 0, per_px) == [0, 1]  # 8.5 px: beside the 10 px symbol
    assert hits_at(drawn, records, areas, 1300, 0, per_px) == [2]  # inside the 500 m circle
    assert hits_at(drawn, records, areas, 5040, 0, per_px) == [3]  # 4 px from the line
    assert hits_at(drawn, records, areas, 5200, 0, per_px) == []  # 20 px away: nothing
    assert hits_at(drawn, records, areas, nanyue_x, nanyue_y, per_px) == [4]


# ---- what the chart and the map read, against data.db ---------------------------------------------


@pytest.fixture(scope="module")
def database():
    db = open_database(DATA_DB)
    yield db
    db.conn.close()


def test_pick_view_keeps_the_column_when_the_view_is_gone():
    views = [
        ChartView("groups:kind", "groups", "kind"),
        ChartView("rows:value:growth_yoy:%", "rows", "value"),
    ]
    assert pick_view(views, "rows:value:growth_yoy:%") is views[1]
    assert pick_view(views, "rows:value:amount:亿元") is views[1]  # gone: the same column
    assert pick_view(views, "rows:other:x") is views[0]  # else the first
    assert pick_view([], "groups:kind") is None


def test_the_chart_job_reads_the_bars_plain_sql_finds(database):
    table = database.table("indicators")
    answer = chart_job(table, QueryState(), "rows:value:growth_yoy:%", "zh", frozenset())(database.conn)
    assert answer.data.view is not None and answer.data.view.key == "rows:value:growth_yoy:%"
    plain = sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True)
    expected = plain.execute(
        "SELECT count(*) FROM indicators WHERE measure = 'growth_yoy' AND unit = '%' "
        "AND (value IS NOT NULL OR lower_bound IS NOT NULL)"
    ).fetchone()[0]
    double_digit = plain.execute("SELECT count(*) FROM indicators WHERE qualifier = 'double_digit'")
    double_digit = double_digit.fetchone()[0]
    plain.close()
    assert answer.data.total == expected and len(answer.data.bars) == min(expected, 60)
    # 两位数 states no value: drawn as a bound at 10, never as an exact bar.
    bounds = [bar for bar in answer.data.bars if bar.qualifier == "double_digit"]
    assert len(bounds) == double_digit > 0
    assert all(bar.is_bound and bar.value == 10 and bar.stated is None for bar in bounds)


def test_the_map_job_places_every_filtered_row(database):
    table = database.table("projects")
    answer = map_job(table, QueryState(), None, ["nanyue"], with_facts=True)(database.conn)
    plain = sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True)
    total = plain.execute("SELECT count(*) FROM projects").fetchone()[0]
    places = plain.execute("SELECT count(*) FROM places").fetchone()[0]
    plain.close()
    assert len(answer.records) == total
    assert answer.places is not None and len(answer.places) == places
    assert answer.facts is not None and answer.facts.table == "projects"
    # A position is never made up: a row without coordinates is not a point.
    for record in answer.records:
        if record.placement in (md.POINT, md.AREA):
            assert record.lon is not None and record.lat is not None
        else:
            assert record.placement in (md.LINE, md.DISTRICT, md.NONE)


# ---- the words on the chart and the map --------------------------------------------------------------


def test_chart_words(database):
    table = database.table("indicators")
    view = ChartView("rows:value:growth_yoy:%", "rows", "value", "%", "growth_yoy", 24)
    title, note = title_and_note(table, view, ChartData(view, [], total=1234, read=60), "en")
    assert title.startswith(table.title("en")) and "60" in note and "1,234" in note
    assert axis_label(None, "zh") == axis_label(ChartView("groups:kind", "groups", "kind"), "zh")
    bar = Bar(
        "投资增速", 135.2, 7, text="135.2%", figure="135.2%", period="2021年1–5月", quote="投资增长135.2%"
    )
    tip = bar_tooltip(bar, view, "zh")
    assert "135.2%" in tip and "2021年1–5月" in tip and "增长135.2%" in tip
    group = Bar("投资", 12.0, None, text="12", group="investment")
    assert "12" in bar_tooltip(group, ChartView("groups:kind", "groups", "kind"), "en")


def test_map_words():
    assert metres_text(500) == "500 m" and metres_text(1500) == "1.5 km" and metres_text(12000) == "12 km"
    basemap = load_basemap()
    circle = _record(1, md.AREA, lon=112.6, lat=26.9, precision_m=3000.0, investment_yi=12.5)
    text = describe(circle, basemap, "en")
    assert text.splitlines()[0] == "Row 1" and "±3 km" in text and "12.5" in text
    unknown = describe(_record(2, md.DISTRICT, district_id="nanyue"), basemap, "zh")
    assert "南岳" in unknown


def test_the_view_layer_loads_without_qt():
    import subprocess

    code = "import sys, hybrowser.view.map_hits, hybrowser.view.chart_query, hybrowser.view.map_text; " + (
        "sys.exit('PySide6' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
