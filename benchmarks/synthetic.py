"""A synthetic database with data.db's schema, metadata and indexes, made by the same build code.

Rows are the real bulletin's rows repeated for 14 cities × 10 years × 12 monthly bulletins,
with values varied by a seeded random generator: deterministic for a seed and row count.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from hybrowser.build.derive import derive_series
from hybrowser.build.records import Record, Sources
from hybrowser.build.sources import load_sources
from hybrowser.build.validate import validate
from hybrowser.build.write import write_database
from hybrowser.core.figures import bounds
from hybrowser.locations import RESOURCES

CITIES = (
    "衡阳",
    "长沙",
    "株洲",
    "湘潭",
    "邵阳",
    "岳阳",
    "常德",
    "张家界",
    "益阳",
    "郴州",
    "永州",
    "怀化",
    "娄底",
    "湘西",
)


def make_sources(rows: int, seed: int = 2021, resources: Path = RESOURCES) -> Sources:
    """The real sources with indicators repeated to `rows` rows across synthetic bulletins."""
    real = load_sources(resources)
    validate(real)
    rng = random.Random(seed)
    template = real.records["bulletins"][0]
    # Every synthetic indicator has no subject; with those keys present up front, each row is
    # a plain copy of its template with a few values replaced (this runs a million times).
    no_subject = dict.fromkeys(("project_id", "park_id", "enterprise_id", "funding_id", "subject_field"))
    bases = [{**record.values, **no_subject} for record in real.records["indicators"]]
    bulletins: list[Record] = []
    synthetic: list[Record] = []
    months = [(year, month) for year in range(2015, 2025) for month in range(1, 13)]
    per_bulletin = max(1, rows // (len(CITIES) * len(months)) + 1)
    for city_index, city in enumerate(CITIES):
        for year, month in months:
            start = len(synthetic)
            if start >= rows:
                break
            bulletin = _bulletin(template.values, city_index, city, year, month)
            bulletins.append(Record("bulletins", bulletin, template.file, 0))
            for serial in range(start, min(start + per_bulletin, rows)):
                row = _indicator(bases[serial % len(bases)], serial, bulletin, city, rng)
                synthetic.append(Record("indicators", row, template.file, 0))
    real.records["indicators"] = synthetic
    real.records["bulletins"] = bulletins + real.records["bulletins"]
    derive_series(real)
    for name in ("projects", "parks", "enterprises", "funding", "events"):
        for record in real.records[name]:
            record.values["bulletin_id"] = real.records["bulletins"][-1].values["id"]
    return real


def _bulletin(template: dict, city_index: int, city: str, year: int, month: int) -> dict[str, object]:
    """The real bulletin's record as one city's bulletin for January to `month` of `year`."""
    return {
        **template,
        "id": f"syn-{city_index:02d}-{year}-{month:02d}",
        "title_zh": f"{city}市{year}年1–{month}月经济运行",
        "region": f"{city}市",
        "title_en": f"{city} economy, Jan–{month} {year}",
        "published": f"{year}-{month:02d}-28",
        "period_start": f"{year}-01",
        "period_end": f"{year}-{month:02d}",
        "source_text": "",
    }


def _indicator(base: dict, serial: int, bulletin: dict, city: str, rng: random.Random) -> dict[str, object]:
    """A real indicator moved to the bulletin's city and period, its value varied."""
    row = base.copy()
    value = base["value"]
    if isinstance(value, float):
        value = round(value * rng.uniform(0.2, 3.0) - (rng.random() < 0.1) * 50, 1)
    row["id"] = f"{base['id']}-{serial}"
    row["bulletin_id"] = bulletin["id"]
    row["region"] = bulletin["region"]
    row["value"] = value
    row["period_start"] = bulletin["period_start"] if base["period_start"] else None
    row["period_end"] = bulletin["period_end"]
    # The bounds follow the varied value as the build derives them (">20%" varied to >31.4%).
    row["lower_bound"], row["upper_bound"] = bounds(value, str(base["qualifier"]))
    row["name_zh"] = f"{city}{base['name_zh']}"
    # The base's series moved to the city: '衡阳市|固定资产投资|…' → '株洲市|株洲固定资产投资|…'.
    _, subject, measure, unit = str(base["series_id"]).split("|")
    row["series_id"] = f"{bulletin['region']}|{city}{subject}|{measure}|{unit}"
    return row


def build_synthetic(
    path: Path, rows: int, seed: int = 2021, timings: dict[str, float] | None = None
) -> float:
    """Write the synthetic database; returns rows per second (timings: seconds per phase, if given)."""
    start = time.perf_counter()
    sources = make_sources(rows, seed)
    if timings is not None:
        timings["make sources"] = time.perf_counter() - start
    write_database(sources, path, timings)
    return rows / (time.perf_counter() - start)


def build_map_synthetic(path: Path, markers: int, seed: int = 2021) -> float:
    """The real database plus `markers` projects, each at its own site (the map's stress test).

    The sites are scattered over central Hengyang with a stated ±300 m precision, so every
    project is drawn as a point; returns rows per second.
    """
    start = time.perf_counter()
    sources = load_sources(RESOURCES)
    validate(sources)
    rng = random.Random(seed)
    site = next(r for r in sources.records["places"] if r.values.get("kind") == "site")
    project = next(r for r in sources.records["projects"] if r.values.get("investment_yi") is not None)
    for serial in range(markers):
        place = dict(site.values)
        place.update(
            id=f"syn-site-{serial}",
            name_zh=f"合成地点{serial}",
            name_en=f"Synthetic site {serial}",
            lat=round(26.70 + rng.random() * 0.40, 5),
            lon=round(112.40 + rng.random() * 0.45, 5),
            precision_m=300.0,
        )
        sources.records["places"].append(Record("places", place, site.file, 0))
        row = dict(project.values)
        row.update(
            id=f"syn-project-{serial}",
            name_zh=f"合成项目{serial}",
            name_en=f"Synthetic project {serial}",
            parent_id=None,
            district_id=None,
            place_id=place["id"],
            investment_yi=round(rng.uniform(0.5, 100.0), 1),
        )
        sources.records["projects"].append(Record("projects", row, project.file, 0))
    write_database(sources, path)
    return 2 * markers / (time.perf_counter() - start)
