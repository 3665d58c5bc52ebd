"""The window's rough edges: filter boxes under their columns, size on a small screen, widths, icon."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QApplication  # noqa: E402

from hybrowser.db.query import QueryState  # noqa: E402
from hybrowser.db.schema import load_metadata  # noqa: E402

DATA_DB = Path(__file__).resolve().parent.parent / "data.db"


def boxes_follow_sections(tab) -> None:
    header = tab.header
    for section in range(tab.model.columnCount()):
        editor = header.editor(section)
        if header.isSectionHidden(section):
            continue
        geometry = editor.geometry()
        assert (geometry.x(), geometry.width()) == (
            header.sectionViewportPosition(section),
            header.sectionSize(section),
        ), tab.model.columns[section].name


def test_filter_boxes_follow_scrolling_resizing_and_moving(qtbot, window):
    window.set_language("en")
    window.resize(700, 700)
    tab = window.tab_named("indicators")
    QApplication.processEvents()
    bar = tab.view.horizontalScrollBar()
    assert bar.maximum() > 0  # the table is wider than its view: there is something to scroll
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    assert tab.header.offset() > 0
    boxes_follow_sections(tab)
    # The box under the quote column, after scrolling, filters the quote column.
    quote = tab.model.column_index("quote")
    editor = tab.header.editor(quote)
    assert editor.isVisible()
    tab.header.resizeSection(0, tab.header.sectionSize(0) + 40)
    QApplication.processEvents()
    boxes_follow_sections(tab)
    tab.header.moveSection(tab.header.visualIndex(quote), 0)
    bar.setValue(0)
    QApplication.processEvents()
    boxes_follow_sections(tab)
    assert tab.header.editor(quote).geometry().x() == tab.header.sectionViewportPosition(quote) == 0


CJK = re.compile(r"[\u3400-\u9fff]")


def test_english_chart_and_map_words_have_no_chinese():
    from hybrowser.db import chart_data as cd
    from hybrowser.db import map_data as md
    from hybrowser.view.map_text import schematic_name

    conn = sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True)
    try:
        for table in load_metadata(conn):
            if not cd.has_chartable_columns(table):
                continue
            labels = [view.label(table, "en") for view in cd.available_views(conn, table, QueryState())]
            assert not [label for label in labels if CJK.search(label)], labels
            assert len(set(labels)) == len(labels), labels  # 个 and 条 must not both read "Count"
            assert all(
                not CJK.search(cd.view_unit_text(v.unit, "en"))
                for v in cd.available_views(conn, table, QueryState())
            )
        lines = md.schematic_lines(md.load_places(conn))
    finally:
        conn.close()
    assert lines
    for place in lines:
        assert not CJK.search(schematic_name(place, "en")) and "schematic" in schematic_name(place, "en")
        assert "示意" in schematic_name(place, "zh")


def test_the_first_window_fits_the_available_screen(qtbot, settings_file):
    from hybrowser.app import create_window

    window = create_window(DATA_DB)  # no saved geometry: a first run
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert available.width() < 1280  # the offscreen screen is smaller than the usual first size
    assert window.width() <= available.width() and window.height() <= available.height()
    assert available.contains(window.frameGeometry().topLeft())
    window.close()


def unclipped(tab) -> list[str]:
    """Columns whose header label or first rows' text does not fit (beyond a column's cap)."""
    from hybrowser.qt.table.widths import CELL_PADDING, FIT_CAP_CHARS

    metrics = tab.view.fontMetrics()
    clipped = []
    for i, column in enumerate(tab.model.columns):
        width = tab.view.columnWidth(i)
        if width < tab.header.sectionSizeFromContents(i).width():
            clipped.append(f"header {column.name}")
        cap = metrics.horizontalAdvance("中" * FIT_CAP_CHARS.get(column.role, FIT_CAP_CHARS[""]))
        for row in range(min(tab.model.rowCount(), 40)):
            text = tab.model.cell(row, i)[0]
            if metrics.horizontalAdvance(text) + CELL_PADDING > width and width < cap:
                clipped.append(f"{column.name}: {text}")
    return clipped


def test_headers_and_values_are_not_clipped_in_either_language(qtbot, window):
    from hybrowser.qt.probes import wait_until_loaded

    tab = window.tab_named("indicators")
    assert unclipped(tab) == []
    window.set_language("en")
    wait_until_loaded(window, panels=False)
    assert unclipped(tab) == []
    value = tab.model.column_index("value")
    assert tab.view.columnWidth(value) > tab.view.fontMetrics().horizontalAdvance("941 ×10⁸ yuan")
