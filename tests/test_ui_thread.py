"""Work the README says runs in the worker does: placing a map click's rows, reading rows for a copy."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QApplication

from benchmarks.synthetic import build_synthetic
from hybrowser.db.query import TableQuery

ROWS = 2_000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.db"
    build_synthetic(path, ROWS)
    return path


@pytest.fixture
def big_window(qtbot, big_db, settings_file):
    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    window = create_window(big_db)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    wait_until_loaded(window, panels=False)
    yield window
    window.close()


@pytest.fixture
def sql_threads(monkeypatch) -> list[threading.Thread]:
    """The threads that run TableQuery.fetch and positions_of from now on."""
    threads: list[threading.Thread] = []
    for name in ("fetch", "positions_of"):
        real = getattr(TableQuery, name)

        def spy(self, *args, _real=real, **kwargs):
            threads.append(threading.current_thread())
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(TableQuery, name, spy)
    return threads


def test_selecting_a_row_not_loaded_is_placed_by_the_worker(qtbot, big_window, sql_threads):
    tab = big_window.tab_named("indicators")
    assert tab.model.rowCount() == ROWS and not tab.model.is_loaded(ROWS - 1)
    rowid = TableQuery(big_window.db.conn, tab.table).fetch(tab.state(), ROWS - 5, 1)[0][0]
    sql_threads.clear()
    tab.rowid_selection.select_rowids([rowid])
    assert threading.main_thread() not in sql_threads
    qtbot.waitUntil(lambda: tab.view.selectionModel().isRowSelected(ROWS - 5), timeout=10_000)
    assert sql_threads and threading.main_thread() not in sql_threads


def test_copy_of_rows_not_loaded_reads_them_in_the_worker(qtbot, big_window, sql_threads):
    tab = big_window.tab_named("indicators")
    last = 1_500
    assert not tab.model.is_loaded(last)
    tab.view.selectionModel().select(
        QItemSelection(tab.model.index(0, 0), tab.model.index(last, 0)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    sql_threads.clear()
    with qtbot.waitSignal(tab.copied, timeout=10_000, check_params_cb=lambda _n, done: done):
        tab.clipboard.copy()
    assert sql_threads and threading.main_thread() not in sql_threads
    assert len(QApplication.clipboard().text().splitlines()) == last + 1
