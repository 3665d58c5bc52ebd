"""A synthetic database with data.db's schema, metadata and indexes, made by the same build code.

Rows are the real bulletin's rows repeated for 14 cities × 10 years × 12 monthly bulletins,
with values varied by a seeded random generator: deterministic for a seed and row count.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from hybrowser.build import DEFAULT_RESOURCES, Record, Sources, load_sources, validate, write_database

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


def make_sources(rows: int, seed: int = 2021, resources: Path = DEFAULT_RESOURCES) -> Sources:
    """The real sources with indicators repeated to `rows` rows across synthetic bulletins."""
    real = load_sources(resources)
    validate(real)
    rng = random.Random(seed)
    template = real.records["bulletins"][0]
    indicators = real.records["indicators"]
    bulletins: list[Record] = []
    synthetic: list[Record] = []
    months = [(year, month) for year in range(2015, 2025) for month in range(1, 13)]
    per_bulletin = max(1, rows // (len(CITIES) * len(months)) + 1)
    serial = 0
    for city_index, city in enumerate(CITIES):
        for year, month in months:
            if serial >= rows:
                break
            bulletin_id = f"syn-{city_index:02d}-{year}-{month:02d}"
            values = dict(template.values)
            values.update(
                id=bulletin_id,
                title_zh=f"{city}市{year}年1–{month}月经济运行",
                region=f"{city}市",
                title_en=f"{city} economy, Jan–{month} {year}",
                published=f"{year}-{month:02d}-28",
                period_start=f"{year}-01",
                period_end=f"{year}-{month:02d}",
                source_text="",
            )
            bulletins.append(Record("bulletins", values, template.file, 0))
            for _ in range(per_bulletin):
                if serial >= rows:
                    break
                base = indicators[serial % len(indicators)].values
                row = dict(base)
                value = base.get("value")
                if isinstance(value, float):
                    value = round(value * rng.uniform(0.2, 3.0) - (rng.random() < 0.1) * 50, 1)
                row.update(
                    id=f"{base['id']}-{serial}",
                    bulletin_id=bulletin_id,
                    region=f"{city}市",
                    value=value,
                    period_start=f"{year}-01" if base.get("period_start") else None,
                    period_end=f"{year}-{month:02d}",
                    project_id=None,
                    park_id=None,
                    enterprise_id=None,
                    funding_id=None,
                    subject_field=None,
                    lower_bound=value if base.get("qualifier") == "exact" else base.get("lower_bound"),
                    upper_bound=value if base.get("qualifier") == "exact" else None,
                    name_zh=f"{city}{base['name_zh']}",
                )
                synthetic.append(Record("indicators", row, template.file, 0))
                serial += 1
    real.records["indicators"] = synthetic
    real.records["bulletins"] = bulletins + real.records["bulletins"]
    for name in ("projects", "parks", "enterprises", "funding", "events"):
        for record in real.records[name]:
            record.values["bulletin_id"] = real.records["bulletins"][-1].values["id"]
    return real


def build_synthetic(path: Path, rows: int, seed: int = 2021) -> float:
    """Write the synthetic database; returns rows per second."""
    start = time.perf_counter()
    write_database(make_sources(rows, seed), path)
    return rows / (time.perf_counter() - start)


def build_map_synthetic(path: Path, markers: int, seed: int = 2021) -> float:
    """The real database plus `markers` projects, each at its own site (the map's stress test).

    The sites are scattered over central Hengyang with a stated ±300 m precision, so every
    project is drawn as a point; returns rows per second.
    """
    start = time.perf_counter()
    sources = load_sources(DEFAULT_RESOURCES)
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
