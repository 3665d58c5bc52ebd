"""Bad input and faults: every bad database gets a clear message and stays as it was;
odd data still shows, sorts, filters and copies; stale work is cancelled; nothing is written."""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hybrowser.db.connection import DatabaseOpenError, open_database
from hybrowser.db.query import QueryState, SortKey, TableQuery

ROOT = Path(__file__).resolve().parents[1]
DATA_DB = ROOT / "data.db"


def state_of(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def edited_copy(tmp_path: Path, *statements: str, name: str = "copy.db") -> Path:
    """A copy of data.db changed by SQL (the copy, never data.db)."""
    path = tmp_path / name
    shutil.copy(DATA_DB, path)
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (["PRAGMA user_version = 99"], "newer hybrowser"),
        (["ALTER TABLE indicators DROP COLUMN figure"], "lacks the column 'figure'"),
        (["DROP TABLE _meta_columns"], "not a bulletin database"),
        (["DROP TABLE parks"], "'parks' is missing"),
    ],
)
def test_wrong_schema_gets_a_clear_message_and_the_file_is_untouched(tmp_path, statements, expected):
    path = edited_copy(tmp_path, *statements)
    before = state_of(path)
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(path)
    assert expected in str(caught.value) and "\n" not in str(caught.value)
    assert state_of(path) == before


def test_corrupt_database_is_reported_not_crashed(tmp_path):
    path = tmp_path / "corrupt.db"
    data = bytearray(DATA_DB.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # overwrite pages after the header
    path.write_bytes(bytes(data))
    before = state_of(path)
    try:
        db = open_database(path)
    except DatabaseOpenError as error:
        assert "damaged" in str(error) or "cannot be read" in str(error)
    else:  # the damage missed the pages read at open; reading everything must fail cleanly
        with pytest.raises(sqlite3.DatabaseError):
            for table in db.tables:
                TableQuery(db.conn, table).fetch(QueryState(), 0, 10_000)
        db.close()
    assert state_of(path) == before


def test_database_locked_by_a_writer_is_reported(tmp_path):
    path = edited_copy(tmp_path)
    writer = sqlite3.connect(path)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        start = time.monotonic()
        with pytest.raises(DatabaseOpenError) as caught:
            open_database(path)
        assert "locked" in str(caught.value)
        assert time.monotonic() - start < 10
    finally:
        writer.rollback()
        writer.close()


def test_read_only_file_opens_and_stays_as_it_was(tmp_path):
    path = edited_copy(tmp_path)
    path.chmod(0o444)
    before = state_of(path)
    db = open_database(path)
    assert TableQuery(db.conn, db.table("indicators")).total() > 0
    db.close()
    assert state_of(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db"]  # no journal left behind


def test_database_in_a_read_only_folder_opens_and_leaves_no_file(tmp_path):
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    path = edited_copy(folder)
    folder.chmod(0o555)
    try:
        before = state_of(path)
        db = open_database(path)
        assert TableQuery(db.conn, db.table("projects")).count(QueryState(search="南岳机场")) == 5
        db.close()
        assert state_of(path) == before
        assert [p.name for p in folder.iterdir()] == ["copy.db"]
    finally:
        folder.chmod(0o755)


def test_connection_is_read_only(tmp_path):
    db = open_database(DATA_DB)
    with pytest.raises(sqlite3.OperationalError):
        db.conn.execute("DELETE FROM indicators")
    assert db.conn.execute("PRAGMA query_only").fetchone()[0] == 1
    db.close()


ODD = [
    "UPDATE indicators SET value = NULL, qualifier = 'exact' WHERE id = 'fai_growth'",
    "UPDATE indicators SET value = 9e999 WHERE id = 'industrial_investment_growth_q1'",  # +inf
    "UPDATE indicators SET value = -9e999 WHERE id = 'manufacturing_investment_growth_q1'",  # -inf
    "UPDATE indicators SET value = -12.5 WHERE id = 'electronics_growth'",
    "UPDATE indicators SET value = 1e300 WHERE id = 'digital_fund'",
    "UPDATE indicators SET name_zh = '🚀 混合 Mixed ÉCOLE ' || printf('%.10000c', 'x') "
    "WHERE id = 'digital_loans'",
    "UPDATE indicators SET period_start = NULL, period_end = NULL, value = NULL "
    "WHERE id = 'innovation_bonds'",
    "UPDATE indicators SET bulletin_id = 'no-such-bulletin' WHERE id = 'hitech_investment_growth'",
    "UPDATE indicators SET value = 'not a number' WHERE id = 'research_services_growth'",
]


@pytest.fixture
def odd_db(tmp_path) -> Path:
    return edited_copy(tmp_path, "PRAGMA foreign_keys = OFF", *ODD, name="odd.db")


def test_odd_values_show_sort_filter_and_copy(qtbot, odd_db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded
    from hybrowser.qt.table.model import RawRole

    monkeypatch.setenv("HYBROWSER_SETTINGS", str(tmp_path / "s.ini"))
    before = state_of(odd_db)
    window = create_window(odd_db)
    qtbot.addWidget(window)
    window.show()
    tab = window.tab_named("indicators")
    for keys in ((SortKey("value"),), (SortKey("value", True),), (SortKey("name_zh"),)):
        tab.sort_by(keys)
        wait_until_loaded(window, panels=False)
        assert tab.model.rowCount() == 50
        shown = [tab.model.index(r, c).data() for r in range(50) for c in range(tab.model.columnCount())]
        assert all(isinstance(text, str) for text in shown)
    section = tab.model.column_index("value")
    texts = {tab.model.index(r, section).data() for r in range(50)}
    assert "∞%" in texts and "−∞%" in texts and "−12.5%" in texts
    values = [tab.model.index(r, section).data(RawRole) for r in range(50)]
    assert math.inf in values
    tab.set_filter("value", "<0")
    wait_until_loaded(window, panels=False)
    assert tab.model.rowCount() == 2  # −12.5 and −∞
    tab.clear_filters()
    tab.set_filter("name_zh", "🚀")
    wait_until_loaded(window, panels=False)
    assert tab.model.rowCount() == 1
    tab.view.selectAll()
    tab.clipboard.copy(header=True)
    assert len(QApplication.clipboard().text()) > 10_000
    tab.clipboard.copy_citation()  # a row whose bulletin is missing says so instead of failing
    tab.clear_filters()
    tab.set_filter("name_zh", "高新技术")
    wait_until_loaded(window, panels=False)
    tab.view.selectAll()
    tab.clipboard.copy_citation()
    assert "出处不明" in QApplication.clipboard().text()
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert "135.2" in tab.detail.toPlainText()
    window.close()
    assert state_of(odd_db) == before


def test_stale_query_is_interrupted_and_its_answer_dropped(qtbot):
    from hybrowser.qt.query_service import QueryService

    service = QueryService(DATA_DB)
    results = []
    service.finished.connect(results.append)
    started = threading.Event()

    def slow(conn):
        started.set()
        return conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        ).fetchone()

    service.submit(1, 1, "slow", slow)
    assert started.wait(5)
    t0 = time.monotonic()
    service.advance(1, 2)  # the user typed again
    service.submit(1, 2, "fresh", lambda conn: conn.execute("SELECT 42").fetchone()[0])
    qtbot.waitUntil(lambda: any(r.tag == "fresh" for r in results), timeout=5000)
    assert time.monotonic() - t0 < 2
    assert [r.tag for r in results] == ["fresh"] and results[0].payload == 42
    service.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=12))
def test_any_text_typed_into_the_window_never_raises(qtbot, text, tmp_path_factory):
    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    global _WINDOW
    if _WINDOW is None:
        os.environ["HYBROWSER_SETTINGS"] = str(tmp_path_factory.mktemp("s") / "s.ini")
        _WINDOW = create_window(DATA_DB)
    tab = _WINDOW.tab_named("indicators")
    tab.clear_filters()
    for column in ("name_zh", "value", "period_end", "quote"):
        tab.set_filter(column, text)
    tab.set_search(text)
    wait_until_loaded(_WINDOW, panels=False)
    # The window shows what the query layer counts (whose answers the filter tests
    # compare with plain Python); pytest-qt fails the test on any exception in Qt's loop.
    assert tab.model.rowCount() == TableQuery(_WINDOW.db.conn, tab.table).count(tab.state())


_WINDOW = None


def test_answers_arriving_together_are_handed_over_one_event_loop_turn_apart(qtbot):
    from PySide6.QtCore import QObject, Qt, Signal

    from hybrowser.qt.query_service import QueryService

    class Poster(QObject):
        """Something the first answer's handler leaves for the event loop (as a repaint is)."""

        posted = Signal()

    service = QueryService(DATA_DB)
    order: list[str] = []
    poster = Poster()
    poster.posted.connect(lambda: order.append("posted"), Qt.ConnectionType.QueuedConnection)

    def handle(result) -> None:
        order.append(result.tag)
        if result.tag == "chart":
            poster.posted.emit()

    service.finished.connect(handle)
    service.submit(-1, 1, "chart", lambda conn: 1)
    service.submit(-2, 1, "map", lambda conn: 2)
    assert service.wait_idle(5)  # both answers are waiting for the UI thread
    assert not service.is_idle()
    qtbot.waitUntil(lambda: len(order) == 3, timeout=5000)
    # handed over together, the map's drawing would run before what the chart's left
    assert order == ["chart", "posted", "map"]
    assert service.is_idle()
    service.close()
