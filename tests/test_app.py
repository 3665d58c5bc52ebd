"""The main window: sorting, filtering, search, clipboard, language, settings, exports."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hybrowser.app import create_window  # noqa: E402
from hybrowser.db.query import SortKey  # noqa: E402
from hybrowser.qt.probes import wait_until_loaded  # noqa: E402
from hybrowser.qt.table.model import RawRole  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA_DB = ROOT / "data.db"


def settle(win) -> None:
    wait_until_loaded(win, panels=False)


def column_values(tab, column: str) -> list:
    section = tab.model.column_index(column)
    return [tab.model.index(r, section).data(RawRole) for r in range(tab.model.rowCount())]


def click_header(qtbot, tab, column: str, shift: bool = False) -> None:
    header = tab.header
    section = tab.model.column_index(column)
    tab.view.scrollTo(tab.model.index(0, section))
    pos = QPoint(header.sectionViewportPosition(section) + 10, 8)
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def indicator_values() -> list[float | None]:
    with sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute("SELECT value FROM indicators")]


def test_header_click_sorts_by_stored_value_both_ways_nulls_last(qtbot, window):
    tab = window.tab_named("indicators")
    click_header(qtbot, tab, "value")
    settle(window)
    values = column_values(tab, "value")
    numbers = [v for v in values if v is not None]
    assert numbers == sorted(numbers)
    assert values[len(numbers) :] == [None] * (len(values) - len(numbers))
    assert tab.header.sortIndicatorSection() == tab.model.column_index("value")
    click_header(qtbot, tab, "value")
    settle(window)
    values = column_values(tab, "value")
    numbers = [v for v in values if v is not None]
    assert numbers == sorted(numbers, reverse=True)
    assert values[-1] is None and values[0] == max(v for v in indicator_values() if v is not None)
    assert tab.header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_shift_click_adds_a_second_sort_key(qtbot, window):
    tab = window.tab_named("indicators")
    click_header(qtbot, tab, "category")
    click_header(qtbot, tab, "value", shift=True)
    settle(window)
    assert tab.state().sort == (SortKey("category"), SortKey("value"))
    categories = column_values(tab, "category")
    values = column_values(tab, "value")
    assert categories == sorted(categories)
    for category in set(categories):
        group = [v for c, v in zip(categories, values, strict=True) if c == category and v is not None]
        assert group == sorted(group)


def type_filter(qtbot, tab, column: str, text: str) -> None:
    editor = tab.header.editor(tab.model.column_index(column))
    editor.clear()
    qtbot.keyClicks(editor, text)
    qtbot.waitUntil(lambda: tab.state().filter_text(column) == text.strip() or not text.strip(), timeout=3000)


def test_typing_7_in_a_number_column_does_not_match_17(qtbot, window):
    tab = window.tab_named("indicators")
    type_filter(qtbot, tab, "value", "7")
    settle(window)
    assert column_values(tab, "value") == [v for v in indicator_values() if v == 7]
    assert 17 not in column_values(tab, "value")


def test_bad_filter_shows_a_hint_not_an_exception(qtbot, window):
    tab = window.tab_named("indicators")
    type_filter(qtbot, tab, "value", ">abc")
    settle(window)
    editor = tab.header.editor(tab.model.column_index("value"))
    assert "not a number" in editor.toolTip()
    assert tab.model.rowCount() == len(indicator_values())  # the bad filter is not applied
    type_filter(qtbot, tab, "value", ">100")
    settle(window)
    assert editor.toolTip() == ""
    assert all(v > 100 for v in column_values(tab, "value"))


def test_injection_attempt_returns_nothing_and_changes_nothing(qtbot, window):
    before = DATA_DB.read_bytes()
    tab = window.tab_named("indicators")
    type_filter(qtbot, tab, "name_zh", "'; DROP TABLE indicators; --")
    settle(window)
    assert tab.model.rowCount() == 0
    assert DATA_DB.read_bytes() == before


def type_chinese(widget, text: str) -> None:
    """Type as a Chinese input method does: one committed string (QTest cannot type hanzi)."""
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_two_character_search_finds_chinese_words(qtbot, window):
    tab = window.tab_named("indicators")
    type_chinese(tab.search, "投资")
    qtbot.waitUntil(lambda: tab.state().search == "投资", timeout=3000)
    settle(window)
    with sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True) as conn:
        expected = conn.execute(
            "SELECT count(*) FROM indicators WHERE instr(name_zh, '投资') OR instr(name_en, '投资') "
            "OR instr(quote, '投资') OR instr(category, '投资') OR instr(region, '投资') "
            "OR instr(figure, '投资')"
        ).fetchone()[0]
    assert expected > 0
    assert tab.model.rowCount() == expected


def test_escape_clears_filters(qtbot, window):
    tab = window.tab_named("indicators")
    type_filter(qtbot, tab, "value", ">100")
    settle(window)
    assert tab.model.rowCount() < len(indicator_values())
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Escape)
    settle(window)
    assert tab.model.rowCount() == len(indicator_values())
    assert tab.header.texts() == [""] * len(tab.header.texts())


def select_cells(tab, rows: range, columns: list[str]) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection = QItemSelection()
    for column in columns:
        c = tab.model.column_index(column)
        selection.select(tab.model.index(rows.start, c), tab.model.index(rows.stop - 1, c))
    tab.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def trigger(window, key: str) -> None:
    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0])) if a.data() == key)
    action.trigger()


def find_row(tab, column: str, value) -> int:
    return column_values(tab, column).index(value)


def test_copy_puts_tsv_and_html_on_the_clipboard(qtbot, window):
    tab = window.tab_named("indicators")
    row = find_row(tab, "id", "hitech_investment_growth") if tab.model.column_index("id") else None
    tab.set_filter("name_zh", "高新技术")
    settle(window)
    assert tab.model.rowCount() == 1 and row is None
    select_cells(tab, range(0, 1), ["name_zh", "value"])
    trigger(window, "Copy")
    mime = QApplication.clipboard().mimeData()
    assert mime.text() == "高新技术产业投资增速\t135.2%\r\n"
    # 135.2% is a number a spreadsheet adds up (1.352 shown as a percentage), still shown as 135.2%.
    assert 'x:num="1.352"' in mime.html() and ">135.2%</td>" in mime.html() and "<th>" not in mime.html()
    trigger(window, "Copy with headers")
    mime = QApplication.clipboard().mimeData()
    assert mime.text().splitlines()[0] == "指标\t数值"
    assert "<th>数值</th>" in mime.html()


def test_copy_keeps_qualifiers_and_quotes_cells_with_tabs(qtbot, window):
    tab = window.tab_named("indicators")
    tab.set_filter("qualifier", "more_than")
    tab.sort_by((SortKey("value"),))
    settle(window)
    select_cells(tab, range(0, tab.model.rowCount()), ["value"])
    tab.clipboard.copy()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0] == ">10%" and ">180 亿元" in lines
    tab.clipboard.copy_raw()
    # Raw values keep the sign of a bound: >10, never a bare 10.
    assert QApplication.clipboard().text().splitlines()[0] == ">10"


def test_copy_with_citation_in_both_languages(qtbot, window):
    tab = window.tab_named("indicators")
    tab.set_filter("name_zh", "高新技术")
    settle(window)
    select_cells(tab, range(0, 1), ["value"])
    tab.clipboard.copy_citation()
    assert (
        QApplication.clipboard().text()
        == "高新技术产业投资同比增长135.2%（2021年1–5月；衡阳日报，2021-06-29）"
    )
    window.set_language("en")
    settle(window)
    select_cells(tab, range(0, 1), ["value"])
    tab.clipboard.copy_citation()
    assert QApplication.clipboard().text() == (
        "High-tech industry investment: up 135.2% year on year (Jan–May 2021; Hengyang Daily, 2021-06-29)"
    )


def test_language_switch_changes_tabs_headers_names_and_is_remembered(qtbot, window, settings_file):
    tab = window.tab_named("indicators")
    assert window.tabs.tabText(0) == "指标"
    assert tab.model.column_index("name_zh") is not None and tab.model.column_index("name_en") is None
    window.set_language("en")
    settle(window)
    assert window.tabs.tabText(0) == "Indicators"
    assert tab.model.column_index("name_en") is not None and tab.model.column_index("name_zh") is None
    assert tab.model.headerData(tab.model.column_index("value"), Qt.Orientation.Horizontal) == "Value"
    window.close()
    assert "language=en" in settings_file.read_text()
    again = create_window(DATA_DB)
    qtbot.addWidget(again)
    assert again.lang == "en" and again.tabs.tabText(0) == "Indicators"
    again.close()


def test_settings_keep_tab_and_sort_between_runs(qtbot, window, settings_file):
    tab = window.tab_named("projects")
    tab.sort_by((SortKey("investment_yi", True),))
    settle(window)
    window.close()
    again = create_window(DATA_DB)
    qtbot.addWidget(again)
    assert again.current_tab().table.name == "projects"
    assert again.current_tab().state().sort == (SortKey("investment_yi", True),)
    again.close()


def test_settings_never_touch_the_users_own(settings_file, window):
    from hybrowser.qt.settings import open_settings

    assert Path(open_settings().fileName()) == settings_file


def test_status_line_counts_rows_and_sums_selected_numbers(qtbot, window):
    tab = window.tab_named("projects")
    settle(window)
    assert "9 / 9" in window.status_label.text()
    tab.set_filter("investment_yi", ">0")
    settle(window)
    select_cells(tab, range(0, tab.model.rowCount()), ["investment_yi"])
    text = window.status_label.text()
    assert "2 / 9" in text and "合计 1,349" in text and "最大 941" in text


def test_detail_pane_shows_quote_with_figure_marked_and_bulletin(qtbot, window):
    tab = window.tab_named("indicators")
    tab.set_filter("name_zh", "高新技术")
    settle(window)
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    html = tab.detail.toHtml()
    text = tab.detail.toPlainText()
    assert "其中高新技术产业投资增长135.2%" in text
    assert "衡阳日报" in text and "2021-06-29" in text
    assert "#ffe08a" in html


def test_export_csv_has_bom_and_xlsx_opens(qtbot, window, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    tab = window.tab_named("parks")
    settle(window)
    assert window.files.export_current(tmp_path / "parks.csv").wait()
    data = (tmp_path / "parks.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "衡州大道数字经济走廊" in text and ",约" in text  # 约50 km² keeps its qualifier, as shown
    assert window.files.export_current(tmp_path / "parks.xlsx").wait()
    sheet = openpyxl.load_workbook(tmp_path / "parks.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == tab.model.rowCount() + 1
    assert 23 in [cell for row in rows for cell in row]  # numbers stay numbers


def test_export_to_an_unwritable_place_fails_cleanly(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    target = tmp_path / "missing-folder" / "out.csv"
    assert not window.files.export_current(target).wait()
    assert shown and not target.exists() and not target.parent.exists()


def test_keyboard_shortcuts_move_between_tabs_and_focus_boxes(qtbot, window):
    window.activateWindow()
    tab = window.tab_named("indicators")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab().table.name == window.table_tabs[1].table.name
    back = window.current_tab()
    back.view.setFocus()
    qtbot.keyClick(back.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is back.search
    qtbot.keyClick(back.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() in [back.header.editor(i) for i in range(back.model.columnCount())]
