"""What a table cell is drawn with: the delegate's one call gives what the model's roles say."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QStyleOptionViewItem  # noqa: E402

from hybrowser.app import create_window, wait_until_loaded  # noqa: E402
from hybrowser.core.cells import NULL_TEXT  # noqa: E402
from hybrowser.qt.cell_delegate import CellDelegate  # noqa: E402

DATA_DB = Path(__file__).resolve().parents[1] / "data.db"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("HYBROWSER_SETTINGS", str(tmp_path / "settings.ini"))
    win = create_window(DATA_DB)
    qtbot.addWidget(win)
    win.show()
    wait_until_loaded(win, panels=False)
    yield win
    win.close()


def drawn_option(tab, row: int, column: int) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.palette = tab.view.palette()
    tab.view.itemDelegate().initStyleOption(option, tab.model.index(row, column))
    return option


@pytest.mark.parametrize("table", ["indicators", "projects", "parks"])
def test_every_cell_is_drawn_with_the_models_text_alignment_and_colour(window, table):
    tab = window.tab_named(table)
    assert isinstance(tab.view.itemDelegate(), CellDelegate)
    model = tab.model
    nulls = 0
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            option = drawn_option(tab, row, column)
            assert option.text == index.data(Qt.ItemDataRole.DisplayRole)
            assert option.features & QStyleOptionViewItem.ViewItemFeature.HasDisplay
            alignment = index.data(Qt.ItemDataRole.TextAlignmentRole)
            assert option.displayAlignment.value == alignment
            colour = option.palette.color(QPalette.ColorRole.Text)
            if option.text == NULL_TEXT:
                nulls += 1
                assert colour == index.data(Qt.ItemDataRole.ForegroundRole)
            else:
                assert colour == tab.view.palette().color(QPalette.ColorRole.Text)
    assert nulls > 0  # the tables have empty cells: the grey path was exercised


def test_numbers_are_right_aligned_and_text_left_aligned(window):
    tab = window.tab_named("indicators")
    value = tab.model.column_index("value")
    name = tab.model.column_index("name_zh")
    assert drawn_option(tab, 0, value).displayAlignment & Qt.AlignmentFlag.AlignRight
    assert drawn_option(tab, 0, name).displayAlignment & Qt.AlignmentFlag.AlignLeft
