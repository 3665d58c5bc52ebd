"""A library of our own short bulletins (tests/data/series/), imported and built as a user would.

云岭市 (an invented city) reports 1—3月, 1—4月, 1—5月 and 5月份, then revises 1—4月; its two
counties 青溪县 and 白沙县 report 1—5月 with their ranks in the city. Every figure is invented.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from hybrowser import import_command as command
from hybrowser.build import build

DATA = Path(__file__).parent / "data" / "series"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
CITY = "云岭市"
INDUSTRY = "规模以上工业增加值|growth_yoy|%"
CITY_INDUSTRY = f"{CITY}|{INDUSTRY}"
HIGH_TECH = f"{CITY}|高新技术产业投资|growth_yoy|%"
RETAIL = f"{CITY}|社会消费品零售总额|growth_yoy|%"


def import_library(out: Path) -> Path:
    """Import every text of tests/data/series into `out`; mark every figure reviewed, the revision noted."""
    texts = sorted(str(p) for p in DATA.glob("*.txt"))
    assert command.main([*texts, "--out", str(out)]) == 0
    for path in out.glob("*/indicators.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            rows = list(reader)
        if "note" not in fields:
            fields.append("note")
        for row in rows:
            row["status"] = "reviewed"
            if path.parent.name == "yunling-2024-04-revised":
                row["note"] = "修订数"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return out


def build_library(tmp: Path) -> Path:
    """The database of resources/ plus the imported series bulletins."""
    library = import_library(tmp / "library")
    db = tmp / "series.db"
    build(RESOURCES, db, library)
    return db


@pytest.fixture(scope="session")
def series_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_library(tmp_path_factory.mktemp("series"))


@pytest.fixture
def series_conn(series_db: Path):
    conn = sqlite3.connect(f"file:{series_db}?mode=ro", uri=True)
    yield conn
    conn.close()
