"""Start-up path: bulletin lookup, run_within, first page on the UI thread, restored sort, row header."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from hybrowser.app import create_window  # noqa: E402
from hybrowser.db import connection  # noqa: E402
from hybrowser.db.bulletins import BulletinLookup  # noqa: E402
from hybrowser.db.connection import open_database, run_within  # noqa: E402
from hybrowser.db.query import SortKey  # noqa: E402
from hybrowser.qt.probes import panels_ready, wait_until_loaded  # noqa: E402
from hybrowser.qt.table import model as table_model  # noqa: E402
from hybrowser.qt.table.model import RawRole  # noqa: E402
from hybrowser.qt.table.row_header import RowNumberHeader  # noqa: E402

#: Counts to `n` in SQLite's VM: a query whose run time grows with n, needing no table.
COUNT_TO = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT count(*) FROM c"
)


def count_to(conn: sqlite3.Connection, n: int) -> int:
    return conn.execute(COUNT_TO, (n,)).fetchone()[0]


def direct(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        return conn.execute(sql, params).fetchall()


def column_values(tab, column: str) -> list:
    section = tab.model.column_index(column)
    return [tab.model.index(r, section).data(RawRole) for r in range(tab.model.rowCount())]


def first_column_in_table_order(db_path: Path, tab) -> list:
    """The first shown column's stored values, in the order of a table without a default sort."""
    assert not tab.table.default_sort, "the helper only knows table order (rowid)"
    column = tab.model.columns[0].name
    return [row[0] for row in direct(db_path, f"SELECT [{column}] FROM [{tab.table.name}] ORDER BY rowid")]


@pytest.fixture
def bulletins(built_db):
    db = open_database(built_db)
    yield BulletinLookup(db.conn, db.table("bulletins"))
    db.close()


@pytest.fixture
def conn(built_db):
    db = open_database(built_db)
    yield db.conn
    db.close()


def new_window(qtbot, db_path: Path):
    window = create_window(db_path)
    qtbot.addWidget(window)
    return window


# ---- BulletinLookup -------------------------------------------------------------------------------


def test_bulletin_lookup_returns_the_row_without_its_full_text(bulletins, built_db):
    ids = [row[0] for row in direct(built_db, "SELECT id FROM bulletins")]
    assert ids
    with sqlite3.connect(f"file:{built_db}?mode=ro", uri=True) as raw:
        raw.row_factory = sqlite3.Row
        expected = dict(raw.execute("SELECT * FROM bulletins WHERE id = ?", (ids[0],)).fetchone())
    row = bulletins[ids[0]]
    assert "source_text" in expected and "source_text" not in row
    del expected["source_text"]
    assert dict(row) == expected


def test_bulletin_lookup_of_a_missing_id_raises_key_error_and_get_gives_none(bulletins):
    with pytest.raises(KeyError):
        bulletins["no-such-bulletin"]
    assert bulletins.get("no-such-bulletin") is None
    assert "no-such-bulletin" not in bulletins


def test_bulletin_lookup_iterates_every_id_once_and_len_matches(bulletins, built_db):
    ids = [row[0] for row in direct(built_db, "SELECT id FROM bulletins")]
    listed = list(bulletins)
    assert sorted(listed) == sorted(ids)
    assert len(listed) == len(set(listed))
    assert len(bulletins) == len(ids)


# ---- run_within -----------------------------------------------------------------------------------


def test_run_within_returns_the_result_of_a_fast_job(conn):
    assert run_within(conn, lambda c: count_to(c, 10), 5.0) == 10


def test_run_within_gives_up_on_slow_sql_and_removes_its_handler(conn):
    started = time.perf_counter()
    assert run_within(conn, lambda c: count_to(c, 10**9), 0.05) is None
    assert time.perf_counter() - started < 5.0  # counting to 10**9 would take minutes
    # The expired deadline must not interrupt later queries on the same connection.
    assert count_to(conn, 2 * 10**6) == 2 * 10**6


def test_run_within_reraises_other_sql_errors_and_removes_its_handler(conn):
    with pytest.raises(sqlite3.OperationalError, match="syntax error"):
        run_within(conn, lambda c: c.execute("SELEC 1").fetchall(), 0.05)
    time.sleep(0.06)  # past the deadline the failed call had set
    assert count_to(conn, 2 * 10**6) == 2 * 10**6


# ---- start-up -------------------------------------------------------------------------------------


def test_first_page_is_read_before_any_event_is_processed(qtbot, settings_file, built_db):
    window = new_window(qtbot, built_db)
    tab = window.current_tab()
    assert tab.model.applied
    assert tab.model.rowCount() > 0
    assert column_values(tab, tab.model.columns[0].name) == first_column_in_table_order(built_db, tab)
    window.close()


def test_a_slow_first_page_is_left_to_the_worker_and_panels_still_load(
    qtbot, settings_file, built_db, monkeypatch
):
    monkeypatch.setattr(table_model, "FIRST_PAGE_NOW_S", 0.0)
    # The deadline is looked at every PROGRESS_STEPS VM steps of a statement: at 1 even a
    # small table's first page gives up (at 1000 only a statement that long does).
    monkeypatch.setattr(connection, "PROGRESS_STEPS", 1)
    window = new_window(qtbot, built_db)
    tab = window.current_tab()
    assert not tab.model.applied
    assert tab.model.rowCount() == 0
    qtbot.waitUntil(lambda: tab.model.applied, timeout=10_000)
    assert column_values(tab, tab.model.columns[0].name) == first_column_in_table_order(built_db, tab)
    qtbot.waitUntil(lambda: panels_ready(window), timeout=10_000)
    window.close()


def test_panels_wait_for_the_first_tabs_exact_row_count(qtbot, settings_file, tmp_path, monkeypatch):
    import threading

    from benchmarks.synthetic import build_synthetic
    from hybrowser.db.query import TableQuery
    from hybrowser.qt import main_window

    path = tmp_path / "syn.db"
    build_synthetic(path, 1000)  # more rows than a page: the count comes from the worker
    counted = threading.Event()
    count = TableQuery.count

    def held_count(self, state):
        counted.wait(10)
        return count(self, state)

    monkeypatch.setattr(TableQuery, "count", held_count)
    started: list[float] = []
    imports = main_window.PanelImports

    def recorded(parent):
        started.append(time.monotonic())
        return imports(parent)

    monkeypatch.setattr(main_window, "PanelImports", recorded)
    window = new_window(qtbot, path)
    window.show()
    tab = window.current_tab()
    qtbot.waitUntil(lambda: tab.model.applied, timeout=5000)
    qtbot.wait(300)  # painted, and waiting for the count
    assert not tab.model.exact and started == []
    released = time.monotonic()
    counted.set()
    qtbot.waitUntil(lambda: panels_ready(window), timeout=15_000)
    assert tab.model.exact and started and started[0] >= released
    window.close()


def test_saved_sort_is_restored_by_the_first_query(qtbot, settings_file, built_db):
    window = new_window(qtbot, built_db)
    tab = window.current_tab()
    saved = (SortKey("value", True),)
    tab.sort_by(saved)
    wait_until_loaded(window, panels=False)
    assert tab.state().sort == saved
    window.close()

    again = new_window(qtbot, built_db)
    model = again.current_tab().model
    assert model.state.sort == saved
    assert model.generation == 1  # no unsorted state was set first
    assert model.applied
    largest = direct(built_db, f"SELECT max(value) FROM [{model.table.name}]")[0][0]
    assert model.index(0, model.column_index("value")).data(RawRole) == largest
    again.close()


# ---- row-number header ----------------------------------------------------------------------------


def test_row_header_width_does_not_follow_a_filtered_row_count(qtbot, settings_file, built_db):
    window = new_window(qtbot, built_db)
    window.resize(1300, 800)
    window.show()
    wait_until_loaded(window, panels=False)
    tab = window.tab_named("indicators")
    model = tab.model
    header = tab.view.verticalHeader()
    assert isinstance(header, RowNumberHeader)
    before = header.sizeHint().width()
    assert before >= header.sectionSizeFromContents(model.total - 1).width()

    expected = direct(built_db, "SELECT count(*) FROM indicators WHERE value > 1000")[0][0]
    assert 0 < expected < 10 <= model.rowCount()  # fewer digits after the filter
    tab.set_filter("value", ">1000")
    qtbot.waitUntil(lambda: model.exact and model.rowCount() == expected, timeout=10_000)
    assert header.sizeHint().width() == before
    window.close()
