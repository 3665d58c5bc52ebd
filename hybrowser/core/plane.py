"""Plane geometry, one helper per idea: bounding boxes, points inside rings, distances to segments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

XY = tuple[float, float]
Box = tuple[float, float, float, float]  # (min_x, min_y, max_x, max_y)


def bounds_of(points: Iterable[XY]) -> Box | None:
    """(min_x, min_y, max_x, max_y) of some points, or None for none."""
    pts = list(points)
    if not pts:
        return None
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def in_box(x: float, y: float, box: Box) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def ring_segments(rings: Sequence[Sequence[XY]]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points of every edge of closed rings (the last point joins the first)."""
    starts, ends = [], []
    for ring in rings:
        pts = np.asarray(ring, dtype=float)
        if len(pts) < 2:
            continue
        starts.append(pts)
        ends.append(np.roll(pts, -1, axis=0))
    if not starts:
        return np.empty((0, 2)), np.empty((0, 2))
    return np.concatenate(starts), np.concatenate(ends)


def line_segments(line: Sequence[XY]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points of the edges of an open line."""
    pts = np.asarray(line, dtype=float).reshape(-1, 2)
    return pts[:-1], pts[1:]


def inside(px: np.ndarray, py: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Even-odd rule for many points against all segments a→b at once: a point in a hole is outside."""
    x1, y1, x2, y2 = a[:, 0], a[:, 1], b[:, 0], b[:, 1]
    crosses = (y1[None, :] > py[:, None]) != (y2[None, :] > py[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = x1[None, :] + (py[:, None] - y1[None, :]) * (x2 - x1)[None, :] / (y2 - y1)[None, :]
    hits = crosses & (px[:, None] < xs)
    return (hits.sum(axis=1) % 2) == 1


def point_in_rings(x: float, y: float, rings: Sequence[Sequence[XY]]) -> bool:
    """Whether one point lies inside a polygon given as its rings (exterior, then holes)."""
    a, b = ring_segments(rings)
    return bool(inside(np.array([x], dtype=float), np.array([y], dtype=float), a, b)[0])


def edge_distance(px: np.ndarray, py: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance from each point to the nearest of the segments a→b."""
    if len(a) == 0:
        return np.full(len(px), np.inf)
    d = b - a
    length2 = (d**2).sum(axis=1)
    length2[length2 == 0] = 1e-12
    dx, dy = px[:, None] - a[None, :, 0], py[:, None] - a[None, :, 1]
    t = np.clip((dx * d[None, :, 0] + dy * d[None, :, 1]) / length2, 0.0, 1.0)
    cx = a[None, :, 0] + t * d[None, :, 0]
    cy = a[None, :, 1] + t * d[None, :, 1]
    return np.sqrt(((px[:, None] - cx) ** 2 + (py[:, None] - cy) ** 2).min(axis=1))


def distance_to_line(x: float, y: float, line: Sequence[XY]) -> float:
    """Distance from one point to an open line (a single point counts as a line of length 0)."""
    if len(line) == 1:
        line = [line[0], line[0]]
    a, b = line_segments(line)
    return float(edge_distance(np.array([x], dtype=float), np.array([y], dtype=float), a, b)[0])
