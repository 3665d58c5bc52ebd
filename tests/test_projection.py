"""The map's projection and the order of its kinds, on hand-made shapes and tables."""

from __future__ import annotations

import math
import sqlite3

import pytest

from hybrowser.core.geo import Basemap, District
from hybrowser.db import map_data as md


def square(lon: float, lat: float, size: float) -> list[list[tuple[float, float]]]:
    return [[(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat)]]


def test_projection_is_centred_on_the_districts_outer_rings():
    # the hole (second ring) reaches further but does not count: only outer rings do
    far_hole = [(100.0, 10.0), (130.0, 10.0), (130.0, 40.0), (100.0, 10.0)]
    a = District("a", "1", "甲", "A", [[*square(112.0, 26.0, 1.0), far_hole]])
    b = District("b", "2", "乙", "B", [square(113.0, 27.0, 1.0)])
    projection = md.Projection.centred_on(Basemap([a, b], []))
    assert (projection.lon0, projection.lat0) == (113.0, 27.0)


def test_projection_forward_and_back():
    projection = md.Projection(112.5, 27.0)
    kx = math.cos(math.radians(27.0)) * 111_320.0
    assert projection.kx == pytest.approx(kx)
    x, y = projection.forward(113.5, 28.0)
    assert (x, y) == (pytest.approx(kx), pytest.approx(111_320.0))
    assert projection.inverse(x, y) == (pytest.approx(113.5), pytest.approx(28.0))
    assert projection.ring([(112.5, 27.0), (113.5, 28.0)]) == [
        (0.0, 0.0),
        (pytest.approx(kx), pytest.approx(111_320.0)),
    ]


def test_kinds_are_the_allowed_codes_then_the_others_sorted(built_db):
    from hybrowser.db.connection import open_database

    db = open_database(built_db)
    try:
        places = db.table("places")
        allowed = list(places.column("kind").allowed)
        assert md.kind_order(db.conn, places) == allowed  # every stored kind is an allowed one
        assert md.kind_order(db.conn, db.table("bulletins")) == []
    finally:
        db.close()
    # a copy with kinds outside the list: after the allowed ones, in sorted order, NULL left out
    conn = sqlite3.connect(":memory:")
    conn.execute('CREATE TABLE "places" ("kind" TEXT)')
    conn.executemany(
        'INSERT INTO "places" VALUES (?)', [("zeta",), (None,), ("alpha",), (allowed[0],), ("zeta",)]
    )
    assert md.kind_order(conn, places) == [*allowed, "alpha", "zeta"]


# ---- rings and the even-odd rule -----------------------------------------------------------------

import numpy as np  # noqa: E402

from hybrowser.core.plane import inside, point_in_rings, ring_segments  # noqa: E402


def test_ring_segments_join_each_ring_to_its_start():
    a, b = ring_segments([[(0, 0), (1, 0), (1, 1)], [(5, 5)], [(2, 2), (3, 3)]])
    assert a.tolist() == [[0, 0], [1, 0], [1, 1], [2, 2], [3, 3]]
    assert b.tolist() == [[1, 0], [1, 1], [0, 0], [3, 3], [2, 2]]
    # a one-point ring has no edge, and it does not end the list
    a, b = ring_segments([[(5, 5)], [(0, 0), (1, 0)]])
    assert a.tolist() == [[0, 0], [1, 0]] and b.tolist() == [[1, 0], [0, 0]]
    a, b = ring_segments([])
    assert a.shape == (0, 2) and b.shape == (0, 2)
    a, b = ring_segments([[(1, 1)]])
    assert a.shape == (0, 2) and b.shape == (0, 2)


def test_points_on_the_lower_left_edges_are_inside_on_the_upper_right_outside():
    square = [[(0, 0), (2, 0), (2, 2), (0, 2)]]
    assert point_in_rings(1, 1, square)
    assert not point_in_rings(3, 1, square)
    assert point_in_rings(0, 1, square)  # the left edge belongs to the square
    assert not point_in_rings(2, 1, square)  # the right edge does not
    assert point_in_rings(1, 0, square)  # the bottom edge does
    assert not point_in_rings(1, 2, square)  # the top edge does not
    holed = [[(0, 0), (4, 0), (4, 4), (0, 4)], [(1, 1), (3, 1), (3, 3), (1, 3)]]
    assert not point_in_rings(2, 2, holed) and point_in_rings(0.5, 2, holed)
    a, b = ring_segments(square)
    with np.errstate(all="raise"):  # a horizontal edge divides by zero: silenced inside
        assert inside(np.array([1.0, 5.0]), np.array([1.0, 1.0]), a, b).tolist() == [True, False]
    assert not point_in_rings(1, 1, [])
