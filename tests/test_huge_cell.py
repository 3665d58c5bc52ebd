"""A huge cell: the table shows it elided, the detail pane a bounded part that grows on request."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from hybrowser.core.cells import CELL_CHARS

ROOT = Path(__file__).resolve().parents[1]
HUGE = 2_000_000


@pytest.fixture
def huge_window(qtbot, tmp_path, settings_file):
    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    path = tmp_path / "huge.db"
    shutil.copy(ROOT / "data.db", path)
    conn = sqlite3.connect(path)
    # One cell of two million characters without a space, in the first row.
    conn.execute("UPDATE indicators SET quote = printf('%.*c', ?, 'x') WHERE rowid = 1", (HUGE,))
    conn.execute("UPDATE indicators SET name_zh = printf('%.*c', ?, '名') WHERE rowid = 1", (HUGE // 4,))
    conn.commit()
    conn.close()
    window = create_window(path)
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    wait_until_loaded(window, panels=False)
    yield window
    window.close()


def test_table_cell_text_is_elided(huge_window):
    tab = huge_window.tab_named("indicators")
    column = tab.model.column_index("quote")
    rows = [r for r in range(tab.model.rowCount()) if tab.model.record(r)["rowid"] == 1]
    text = tab.model.index(rows[0], column).data()
    assert len(text) == CELL_CHARS and text.endswith("…")
    assert len(tab.model.index(rows[0], column).data(3)) <= CELL_CHARS  # the tooltip too


def test_detail_pane_shows_a_bounded_part_and_more_on_request(huge_window):
    from hybrowser.qt.table.detail_pane import DETAIL_CHARS, DETAIL_MAX, MORE_FACTOR

    tab = huge_window.tab_named("indicators")
    rows = [r for r in range(tab.model.rowCount()) if tab.model.record(r)["rowid"] == 1]
    tab.view.setCurrentIndex(tab.model.index(rows[0], 0))
    pane = tab.detail
    shown = pane.toPlainText().count("x")
    assert DETAIL_CHARS <= shown < DETAIL_CHARS + 100
    assert f"{HUGE - DETAIL_CHARS:,}" in pane.toPlainText()  # says how much is left out
    pane.show_more()
    assert DETAIL_CHARS * MORE_FACTOR <= pane.toPlainText().count("x") < DETAIL_CHARS * MORE_FACTOR + 100
    for _ in range(10):
        pane.show_more()
    assert pane.toPlainText().count("x") < DETAIL_MAX + 100  # bounded, however often asked


def test_long_runs_get_break_opportunities_so_layout_is_linear():
    from hybrowser.qt.table.detail_pane import highlight

    marked = highlight("y" * 10_000, "")
    assert "\u200b" in marked and max(len(run) for run in marked.split("\u200b")) <= 80
    assert highlight("短句，没有很长的词。", "") == "短句，没有很长的词。"


def test_chart_names_are_cut_before_qt_measures_them(huge_window):
    from hybrowser.qt.chart.canvas import NAME_CHARS
    from hybrowser.qt.probes import wait_until_loaded

    huge_window.tab_named("indicators")
    wait_until_loaded(huge_window)
    names = huge_window.chart_panel.canvas.names
    assert names and max(len(n) for n in names) <= NAME_CHARS
    assert any(n.startswith("名名名") for n in names)  # the long name is among the bars, cut
