"""Rows the table has not loaded yet: status sums, copies, exports and map clicks still take them.

The databases here hold more rows than a page of the table (paged_db: synthetic indicators;
crowded_map_db: synthetic projects), so the rows past the first page are read only when asked.
Each test checks that a row it relies on is not loaded before acting, and compares what the
window did with plain sqlite3 and Python.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QRectF, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hybrowser.app import create_window  # noqa: E402
from hybrowser.core.labels import code_label  # noqa: E402
from hybrowser.db.query import SortKey  # noqa: E402
from hybrowser.qt.probes import wait_until_loaded  # noqa: E402


def plain(path: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def open_window(qtbot, path: Path, panels: bool = False):
    win = create_window(path, lang="zh")
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    wait_until_loaded(win, panels=panels)
    return win


@pytest.fixture
def paged_window(qtbot, settings_file, paged_db):
    win = open_window(qtbot, paged_db)
    yield win
    win.close()


def select(tab, top: int, bottom: int, columns: list[str]) -> None:
    selection = QItemSelection()
    for name in columns:
        section = tab.model.column_index(name)
        selection.select(tab.model.index(top, section), tab.model.index(bottom, section))
    tab.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def settle(qtbot, win, tab, rows: int) -> None:
    wait_until_loaded(win, panels=False)
    qtbot.waitUntil(lambda: tab.model.exact and tab.model.rowCount() == rows, timeout=10_000)


def test_status_sums_take_the_rows_not_loaded(qtbot, paged_window, paged_db):
    tab = paged_window.tab_named("indicators")
    rows = plain(paged_db, "SELECT count(*) FROM indicators")[0][0]
    settle(qtbot, paged_window, tab, rows)
    assert rows > tab.model.page_size and not tab.model.is_loaded(rows - 1)
    select(tab, 0, rows - 1, ["value"])  # what clicking the column's header selects
    exact = plain(
        paged_db,
        "SELECT unit, count(*) FROM indicators WHERE value IS NOT NULL AND qualifier = 'exact' GROUP BY unit",
    )
    left_out = plain(
        paged_db,
        "SELECT count(*) FROM indicators WHERE qualifier <> 'exact' AND (value IS NOT NULL "
        "OR qualifier = 'double_digit')",
    )[0][0]
    assert left_out > 0 and len(exact) > 1
    qtbot.waitUntil(lambda: "未计入" in paged_window.status_label.text(), timeout=10_000)
    text = paged_window.status_label.text()
    for unit, count in exact:
        assert f"{code_label(unit, 'zh')}: 计数 {count:,}  " in text, unit
    assert f"; {left_out:,} 个" in text
    total = plain(paged_db, "SELECT sum(value) FROM indicators WHERE unit = '亿元' AND qualifier = 'exact'")[
        0
    ][0]
    assert f"亿元: 计数 {dict(exact)['亿元']:,}  合计 {round(total, 1):,} 亿元" in text
    assert not tab.model.is_loaded(rows - 1)  # added up by SQL, not by loading every row


def test_copying_rows_not_loaded_copies_them_in_the_tables_order(qtbot, paged_window, paged_db):
    tab = paged_window.tab_named("indicators")
    tab.set_filter("value", ">10")
    tab.sort_by((SortKey("value", True),))
    stored = plain(paged_db, "SELECT rowid, value, name_zh, region FROM indicators WHERE value > 10")
    expected = [(name, region) for _, _, name, region in sorted(stored, key=lambda r: (-r[1], -r[0]))]
    settle(qtbot, paged_window, tab, len(expected))
    top, bottom = 150, 449
    assert bottom < len(expected) and not tab.model.is_loaded(bottom)
    select(tab, top, bottom, ["name_zh", "region"])
    signals: list[tuple[int, bool]] = []
    tab.copied.connect(lambda cells, done: signals.append((cells, done)))
    QApplication.clipboard().setText("before")
    assert tab.clipboard.copy() == 2 * (bottom - top + 1)
    qtbot.waitUntil(lambda: any(done for _, done in signals), timeout=10_000)
    lines = QApplication.clipboard().text().split("\r\n")
    assert lines[-1] == ""
    assert [tuple(line.split("\t")) for line in lines[:-1]] == expected[top : bottom + 1]


def test_export_writes_the_filtered_rows_not_all(qtbot, paged_window, paged_db, tmp_path):
    tab = paged_window.tab_named("indicators")
    tab.set_filter("value", ">100")
    expected = [
        r[0] for r in plain(paged_db, "SELECT name_zh FROM indicators WHERE value > 100 ORDER BY rowid")
    ]
    total = plain(paged_db, "SELECT count(*) FROM indicators")[0][0]
    settle(qtbot, paged_window, tab, len(expected))
    assert tab.model.page_size < len(expected) < total
    path = tmp_path / "filtered.csv"
    assert paged_window.files.export_current(path).wait()
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    name = rows[0].index(tab.model.columns[tab.model.column_index("name_zh")].label("zh"))
    assert [row[name] for row in rows[1:]] == expected


# --- the map ------------------------------------------------------------------------------------

#: Synthetic projects on the map, and the table's page size while it is shown: with the real
#: projects, several pages, yet few enough markers to click one alone.
MAP_MARKERS = 60
MAP_PAGE_SIZE = 10


@pytest.fixture(scope="module")
def crowded_map_db(tmp_path_factory) -> Path:
    from benchmarks.synthetic import build_map_synthetic

    path = tmp_path_factory.mktemp("crowded") / "crowded.db"
    build_map_synthetic(path, MAP_MARKERS)
    return path


def test_a_map_click_selects_a_row_not_loaded_yet(qtbot, settings_file, crowded_map_db, monkeypatch):
    from hybrowser.qt.table import model as table_model

    monkeypatch.setattr(table_model, "PAGE_SIZE", MAP_PAGE_SIZE)
    win = open_window(qtbot, crowded_map_db, panels=True)
    try:
        tab = win.tab_named("projects")
        wait_until_loaded(win)
        panel = win.map_panel
        assert panel is not None and panel.wait()
        order = [r[0] for r in plain(crowded_map_db, "SELECT rowid FROM projects ORDER BY rowid")]
        settle(qtbot, win, tab, len(order))
        viewport, canvas = panel.canvas.viewport(), panel.canvas
        markers = {m.rowid: m for m in panel.markers() if m.lon is not None}

        def alone(rowid: int) -> bool:
            """Zoomed in to 1.2 km around the row's marker: no other marker within 24 px."""
            x, y = canvas.projection.forward(markers[rowid].lon, markers[rowid].lat)
            canvas.set_view(QRectF(x - 600, y - 600, 1200, 1200), exact=True)
            here = canvas.widget_point(markers[rowid].lon, markers[rowid].lat)
            others = (canvas.widget_point(m.lon, m.lat) for r, m in markers.items() if r != rowid)
            return viewport.rect().adjusted(10, 10, -10, -10).contains(here.toPoint()) and all(
                (p.x() - here.x()) ** 2 + (p.y() - here.y()) ** 2 > 24**2 for p in others
            )

        # A marker of a row past the first pages, with no other marker near it.
        target = next(r for r in reversed(order) if r in markers and alone(r))
        row = order.index(target)
        assert tab.model.page_size == MAP_PAGE_SIZE
        assert row >= MAP_PAGE_SIZE and not tab.model.is_loaded(row)
        point = canvas.widget_point(markers[target].lon, markers[target].lat).toPoint()
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)

        def selected() -> list[int]:
            return sorted({index.row() for index in tab.view.selectionModel().selectedIndexes()})

        qtbot.waitUntil(lambda: selected() == [row], timeout=10_000)
        qtbot.waitUntil(lambda: tab.model.rowid(row) == target, timeout=10_000)
        assert tab.view.selectionModel().currentIndex().row() == row
    finally:
        win.close()
