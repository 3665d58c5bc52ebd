"""What a table cell is drawn with: the delegate's one call gives what the model's roles say."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QStyleOptionViewItem  # noqa: E402

from hybrowser.app import create_window  # noqa: E402
from hybrowser.core.cells import NULL_TEXT  # noqa: E402
from hybrowser.qt.probes import wait_until_loaded  # noqa: E402
from hybrowser.qt.table.cell_delegate import CellDelegate  # noqa: E402

DATA_DB = Path(__file__).resolve().parents[1] / "data.db"


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


def test_a_large_selection_does_not_make_the_column_headers_ask_about_every_row(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    from hybrowser.qt.table import model as table_model

    calls = {"rowCount": 0}
    original = table_model.TableModel.rowCount

    def counting_row_count(self, parent=None):
        calls["rowCount"] += 1
        return original(self, parent if parent is not None else table_model.QModelIndex())

    # Patched before the window exists: PySide6 looks a Python override up once.
    monkeypatch.setattr(table_model.TableModel, "rowCount", counting_row_count)
    monkeypatch.setenv("HYBROWSER_SETTINGS", str(tmp_path / "settings.ini"))
    win = create_window(DATA_DB)
    qtbot.addWidget(win)
    win.show()
    wait_until_loaded(win, panels=False)
    tab = win.tab_named("indicators")
    model = tab.model

    def calls_to_repaint_the_headers(rows: int) -> int:
        block = QItemSelection(model.index(0, 0), model.index(rows - 1, model.columnCount() - 1))
        tab.view.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        calls["rowCount"] = 0
        tab.header.viewport().repaint()
        return calls["rowCount"]

    few, many = calls_to_repaint_the_headers(10), calls_to_repaint_the_headers(model.rowCount())
    # Qt's own header would ask about every selected row of every column: 40 × 11 calls more.
    assert many - few < model.columnCount() * 2
    assert tab.view.selectionModel().hasSelection() and not tab.header.selectionModel().hasSelection()
    win.close()
