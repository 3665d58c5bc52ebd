"""Opening never creates or changes a file: WAL side files, hot journals, read-only folders, locks."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hybrowser.db.connection import DatabaseOpenError, open_database
from hybrowser.db.query import QueryState, TableQuery

ROOT = Path(__file__).resolve().parents[1]


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def wal_copy(folder: Path) -> Path:
    path = folder / "wal.db"
    shutil.copy(ROOT / "data.db", path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()  # the last connection's close removes -wal and -shm
    return path


def crash_while(path: Path, statements: str) -> None:
    """Another process runs statements and dies without closing (side files stay behind)."""
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        f"for s in {statements!r}.split(';'):\n"
        "    c.execute(s)\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)


def read_everything(path: Path) -> str:
    db = open_database(path)
    try:
        for table in db.tables:
            TableQuery(db.conn, table).fetch(QueryState(), 0, 100_000)
        return db.conn.execute("SELECT name_en FROM indicators WHERE rowid = 1").fetchone()[0]
    finally:
        db.close()


def test_wal_database_opens_without_creating_side_files(tmp_path):
    path = wal_copy(tmp_path)
    before = folder_state(tmp_path)
    read_everything(path)
    assert folder_state(tmp_path) == before  # no -wal, no -shm


def test_leftover_wal_is_read_and_its_shm_left_as_it_was(tmp_path):
    path = wal_copy(tmp_path)
    crash_while(path, "UPDATE indicators SET name_en = 'from the WAL' WHERE rowid = 1")
    assert {p.name for p in tmp_path.iterdir()} == {"wal.db", "wal.db-wal", "wal.db-shm"}
    before = folder_state(tmp_path)
    assert read_everything(path) == "from the WAL"
    assert folder_state(tmp_path) == before


def test_wal_database_in_a_read_only_folder_opens(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    path = wal_copy(folder)
    before = folder_state(folder)
    folder.chmod(0o555)
    try:
        read_everything(path)
        assert folder_state(folder) == before
    finally:
        folder.chmod(0o755)


def test_hot_journal_gets_a_clear_message_and_is_left_alone(tmp_path):
    path = tmp_path / "hot.db"
    shutil.copy(ROOT / "data.db", path)
    crash_while(path, "BEGIN; UPDATE indicators SET name_en = printf('%.5000c', 'x')")
    assert (tmp_path / "hot.db-journal").exists()
    before = folder_state(tmp_path)
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(path)
    message = str(caught.value)
    assert "unfinished" in message and "-journal" in message and "\n" not in message
    assert "readonly" not in message
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize("wal", [False, True])
def test_connection_is_opened_with_mode_ro(tmp_path, wal):
    path = wal_copy(tmp_path) if wal else shutil.copy(ROOT / "data.db", tmp_path / "plain.db")
    db = open_database(path)
    db.conn.execute("PRAGMA query_only = 0")  # what remains is the file's read-only open
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.conn.execute("CREATE TABLE written (x)")
    db.close()
