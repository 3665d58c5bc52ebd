"""Damaged databases: SQLite's quick check runs as a file opens (or, for a large file, in the
background), and the damage is said once, in one line, rather than found later inside a chart."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from hybrowser.db.connection import DatabaseOpenError, open_database
from hybrowser.db.query import QueryState, TableQuery

ROOT = Path(__file__).resolve().parents[1]


def damaged_copy(folder: Path, seed: int) -> Path:
    """data.db with 8 runs of 16 random bytes written at random places after the header."""
    rng = random.Random(seed)
    data = bytearray((ROOT / "data.db").read_bytes())
    for _ in range(8):
        offset = rng.randrange(100, len(data) - 16)
        data[offset : offset + 16] = bytes(rng.randrange(256) for _ in range(16))
    path = folder / f"damaged-{seed}.db"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("seed", range(6))
def test_damaged_copy_is_refused_in_one_line_or_reads_whole(tmp_path, seed):
    path = damaged_copy(tmp_path, seed)
    before = path.read_bytes()
    try:
        db = open_database(path)
    except DatabaseOpenError as error:
        assert "damaged" in str(error) and "\n" not in str(error)
    else:
        for table in db.tables:  # sound enough to pass the check: every row reads
            query = TableQuery(db.conn, table)
            assert len(query.fetch(QueryState(), 0, 1_000_000)) == query.total()
            query.count(QueryState(search="投资"))
        db.close()
    assert path.read_bytes() == before


def test_quick_check_runs_as_the_file_opens(tmp_path):
    refused = 0
    for seed in range(6):
        try:
            open_database(damaged_copy(tmp_path, seed)).close()
        except DatabaseOpenError as error:
            refused += "quick check" in str(error)
    assert refused >= 1  # pages whose damage nothing read at open is found by the check


def test_a_large_file_is_checked_in_the_background_and_said_once(qtbot, tmp_path, settings_file, monkeypatch):
    import hybrowser.db.connection as connection
    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    path = next(
        p
        for p in (damaged_copy(tmp_path, seed) for seed in range(12))
        if _opens_without_check(p, monkeypatch, connection)
    )
    monkeypatch.setattr(connection, "QUICK_CHECK_BYTES", 0)  # every file counts as large
    window = create_window(path)
    qtbot.addWidget(window)
    window.show()
    wait_until_loaded(window)
    window.integrity_check.wait()
    qtbot.waitUntil(lambda: getattr(window, "damage_notice", None) is not None, timeout=10_000)
    assert "damaged" in window.damage_notice.text() and str(path) in window.damage_notice.text()
    window.close()


def _opens_without_check(path: Path, monkeypatch, connection) -> bool:
    """Whether only the quick check finds this copy's damage (the schema and metadata read fine)."""
    with monkeypatch.context() as patch:
        patch.setattr(connection, "QUICK_CHECK_BYTES", 0)
        try:
            open_database(path).close()
        except (DatabaseOpenError, sqlite3.Error):
            return False
    try:
        open_database(path).close()
    except DatabaseOpenError as error:
        return "quick check" in str(error)
    return False
