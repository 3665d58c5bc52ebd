"""The window's rough edges: filter boxes under their columns, size on a small screen, widths, icon."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QApplication  # noqa: E402


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
