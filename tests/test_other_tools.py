"""data.db in the tools people already use: Datasette's ?_search= and `sqlite-utils search` find 制造业."""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hybrowser.db.query import QueryState, TableQuery
from hybrowser.db.schema import load_metadata

DATA_DB = Path(__file__).resolve().parent.parent / "data.db"
WORD = "制造业"


@pytest.fixture(scope="module")
def db_copy(tmp_path_factory) -> Path:
    # sqlite-utils opens a database for writing; it gets a copy, never the committed file.
    path = tmp_path_factory.mktemp("tools") / "data.db"
    shutil.copyfile(DATA_DB, path)
    return path


@pytest.fixture(scope="module")
def app_ids() -> set[str]:
    """The indicators the app's own search finds for the word."""
    conn = sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True)
    try:
        table = next(t for t in load_metadata(conn) if t.name == "indicators")
        query = TableQuery(conn, table)
        id_column = [c.name for c in table.columns].index("id") + 1
        ids = {row[id_column] for row in query.fetch(QueryState(search=WORD), 0, 10_000)}
    finally:
        conn.close()
    assert ids  # the bulletin speaks of 制造业: there is something to find
    return ids


def test_sqlite_utils_search_finds_the_word(db_copy, app_ids):
    result = subprocess.run(
        [sys.executable, "-m", "sqlite_utils", "search", str(db_copy), "indicators", WORD, "--csv"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    found = {row["id"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert found == app_ids


def test_datasette_search_finds_the_word(app_ids):
    from datasette.app import Datasette

    # Immutable: Datasette opens the committed file read-only and never writes to it.
    ds = Datasette(immutables=[str(DATA_DB)])

    async def search() -> tuple[dict, list[dict]]:
        table = await ds.client.get("/data/indicators.json", params={"_search": WORD, "_shape": "objects"})
        return table.json(), table.json()["rows"]

    payload, rows = asyncio.run(search())
    assert "search matches" in payload["human_description_en"]  # not ignored without a word
    assert {row["id"] for row in rows} == app_ids
