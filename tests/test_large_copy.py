"""Large copies: made between repaints, yet the same clipboard text as a copy made at once."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QItemSelection, QItemSelectionModel  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import hybrowser.qt.table.clipboard as table_clipboard  # noqa: E402
from hybrowser.core.selection import SelectedCells  # noqa: E402

DATA_DB = Path(__file__).resolve().parents[1] / "data.db"


def select(tab, *rectangles: tuple[int, int, int, int]) -> None:
    selection = QItemSelection()
    for top, bottom, left, right in rectangles:
        selection.select(tab.model.index(top, left), tab.model.index(bottom, right))
    tab.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def copy_and_wait(qtbot, tab, header: bool, kind: str = "shown") -> tuple[str, str, list[tuple[int, bool]]]:
    signals: list[tuple[int, bool]] = []
    tab.copied.connect(lambda cells, done: signals.append((cells, done)))
    QApplication.clipboard().clear()
    tab.clipboard.copy(header, kind)
    qtbot.waitUntil(lambda: any(done for _, done in signals), timeout=10_000)
    mime = QApplication.clipboard().mimeData()
    return mime.text(), mime.html(), signals


@pytest.mark.parametrize(
    ("kind", "header"),
    [("shown", False), ("shown", True), ("raw", False), ("csv", False), ("citations", False)],
)
def test_a_large_copy_puts_the_same_text_as_a_copy_made_at_once(qtbot, window, monkeypatch, kind, header):
    tab = window.tab_named("indicators")
    rows, columns = tab.model.rowCount(), tab.model.columnCount()
    # Two rectangles, one overlapping rows of the other, with a gap of unselected columns.
    rectangles = ((0, rows - 1, 0, 2), (5, 20, 4, columns - 1))
    select(tab, *rectangles)
    at_once_text, at_once_html, at_once = copy_and_wait(qtbot, tab, header, kind)
    assert at_once == [(at_once[0][0], True)]  # one signal: done at once

    monkeypatch.setattr(table_clipboard, "COPY_NOW_CELLS", 10)
    select(tab, *rectangles)
    text, html, signals = copy_and_wait(qtbot, tab, header, kind)
    assert signals[0] == (at_once[0][0], False)  # "copying…" first
    assert signals[-1][1] is True
    assert text == at_once_text and html == at_once_html
    if kind == "citations":  # a sentence per indicator row, each with its source
        assert text.count("\n") == rows - 1 and text.count("衡阳日报") == rows
    else:
        assert text.count("\r\n") == rows + (1 if header or kind == "csv" else 0)
        assert bool(html) == (kind == "shown")


def test_too_large_a_selection_is_refused_with_a_message(qtbot, window, monkeypatch):
    tab = window.tab_named("indicators")
    messages: list[str] = []
    tab.statusChanged.connect(messages.append)
    monkeypatch.setattr(table_clipboard, "COPY_LIMIT_CELLS", 5)
    QApplication.clipboard().setText("before")
    select(tab, (0, 3, 0, 3))
    assert tab.clipboard.copy() == 0
    assert QApplication.clipboard().text() == "before"
    assert any("16" in m for m in messages)


def test_selected_cells_answer_rows_and_columns_of_overlapping_rectangles():
    cells = SelectedCells([(0, 9, 0, 1), (5, 6, 3, 3), (20, 20, 2, 2)])
    assert list(cells.rows()) == [*range(10), 20]
    assert cells.columns(0) == {0, 1} and cells.columns(5) == {0, 1, 3} and cells.columns(20) == {2}
    assert cells.all_columns() == [0, 1, 2, 3]
    assert cells.count() == 10 * 2 + 2 + 1
    single = SelectedCells([(3, 7, 1, 4)])
    assert single.rows() == range(3, 8) and single.count() == 20


def test_quitting_after_a_copy_does_not_crash(tmp_path):
    import os
    import subprocess
    import sys

    # A QMimeData made from Python and still on the clipboard at exit crashed PySide6 6.11.
    script = (
        "from PySide6.QtCore import QItemSelection, QItemSelectionModel\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from hybrowser.app import create_window\n"
        "from hybrowser.qt.probes import wait_until_loaded\n"
        f"window = create_window({str(DATA_DB)!r})\n"
        "window.show()\n"
        "wait_until_loaded(window, panels=False)\n"
        "tab = window.current_tab()\n"
        "model = tab.model\n"
        "block = QItemSelection(model.index(0, 0), model.index(3, 3))\n"
        "tab.view.selectionModel().select(block, QItemSelectionModel.SelectionFlag.Select)\n"
        "tab.clipboard.copy()\n"
        "mime = QApplication.clipboard().mimeData()\n"
        "print('copied', mime.hasHtml(), mime.text().count(chr(9)))\n"
        "window.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HYBROWSER_SETTINGS": str(tmp_path / "s.ini")}
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert "copied True 12" in done.stdout
