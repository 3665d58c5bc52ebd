"""The status line's totals: per unit, exact figures only, refreshed when the rows change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel

from hybrowser.core.totals import describe, totals_of
from hybrowser.db.query import QueryState, TableQuery
from hybrowser.db.schema import load_metadata

DATA_DB = Path(__file__).resolve().parent.parent / "data.db"


@pytest.fixture(scope="module")
def indicators():
    conn = sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True)
    table = next(t for t in load_metadata(conn) if t.name == "indicators")
    names = [c.name for c in table.columns]
    fetched = TableQuery(conn, table).fetch(QueryState(), 0, 1000)
    rows = [dict(zip(names, r[1:], strict=True)) for r in fetched]
    yield conn, table, rows
    conn.close()


def test_figures_are_added_up_per_unit_and_bounds_left_out(indicators):
    _conn, table, rows = indicators
    value = table.column("value")
    totals = totals_of([(r, frozenset({"value"})) for r in rows], [value])
    exact = [r for r in rows if r["qualifier"] == "exact" and r["value"] is not None]
    assert set(totals.units) == {r["unit"] for r in exact}
    for unit, total in totals.units.items():
        values = [r["value"] for r in exact if r["unit"] == unit]
        assert total.count == len(values) and total.total == pytest.approx(sum(values))
        assert (total.minimum, total.maximum) == (min(values), max(values))
    assert totals.left_out == len([r for r in rows if r["qualifier"] != "exact"]) > 0
    text = describe(totals, "zh")
    assert "e+" not in text and "亿元: " in text and "%: " in text
    assert f"{totals.left_out} 个界限值或约数未计入" in text
    # Growth rates do not add up: the % part has an average but no sum.
    percent = next(part for part in text.split("; ") if part.startswith("%: "))
    assert "合计" not in percent and "平均" in percent
    english = describe(totals, "en")
    assert "×10⁸ yuan: " in english and "bounds or approximate figures left out" in english


def test_sql_totals_of_rows_off_screen_agree_with_loaded_rows(indicators):
    from hybrowser.qt.table.status import selection_totals

    conn, table, rows = indicators
    loaded = totals_of([(r, frozenset({"value"})) for r in rows[5:40]], [table.column("value")])
    by_sql = selection_totals(TableQuery(conn, table), QueryState(), [(5, 39, ["value"])])
    assert by_sql.left_out == loaded.left_out
    assert by_sql.units.keys() == loaded.units.keys()
    for unit, total in loaded.units.items():
        other = by_sql.units[unit]
        assert (other.count, other.minimum, other.maximum) == (total.count, total.minimum, total.maximum)
        assert other.total == pytest.approx(total.total)


def select(tab, top: int, bottom: int, column: str) -> None:
    """Select cells through the selection model (QTableView.selectColumn reads the keyboard's
    modifiers, which an earlier test may have left pressed)."""
    section = tab.model.column_index(column)
    selection = QItemSelection(tab.model.index(top, section), tab.model.index(bottom, section))
    tab.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_selecting_a_column_never_adds_units_together(qtbot, window):

    tab = window.tab_named("indicators")
    select(tab, 0, tab.model.rowCount() - 1, "value")  # what clicking the header selects
    # Rows not loaded yet are added up by SQL in the worker: the status follows.
    qtbot.waitUntil(lambda: "亿元: " in window.status_label.text(), timeout=5000)
    text = window.status_label.text()
    assert "e+06" not in text and "6,01" not in text
    assert "亿元: " in text and "个界限值或约数未计入" in text


def test_totals_and_detail_follow_a_filter(qtbot, window):
    from hybrowser.qt.probes import wait_until_loaded

    tab = window.tab_named("indicators")
    tab.set_filter("name_zh", "高新技术")
    wait_until_loaded(window, panels=False)
    select(tab, 0, 0, "value")
    tab.view.selectionModel().setCurrentIndex(
        tab.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    qtbot.waitUntil(lambda: "135.2%" in window.status_label.text(), timeout=5000)
    assert "135.2" in tab.detail.toPlainText()
    tab.set_filter("name_zh", "制造业")
    wait_until_loaded(window, panels=False)
    assert tab.model.rowCount() > 0
    assert "135.2" not in window.status_label.text()
    assert "135.2" not in tab.detail.toPlainText()  # the row is no longer shown
