"""The typing pause adapts to how fast the table answers: none while fast, up to 250 ms when slow.

Issue 18: the fixed 250 ms pause was most of what a user waited for between the last key and
the new rows. These tests check which pause is chosen and that a keystroke applies without
one, never how long anything takes (timings are the benchmarks' business).
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hybrowser.qt.probes import wait_until_loaded  # noqa: E402
from hybrowser.qt.table.filter_header import (  # noqa: E402
    FAST_ANSWER_MS,
    FILTER_DELAY_MS,
    FilterHeader,
    TypingPause,
)


def commit(editor, text: str) -> None:
    """What an input method does when a Chinese word is chosen: the word arrives at once."""
    editor.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)


def test_no_pause_while_answers_are_fast_and_as_long_as_the_last_answer_when_slow():
    pause = TypingPause()
    assert pause.delay_ms() == 0  # nothing known yet: apply at once
    pause.answered(12.5)
    assert pause.delay_ms() == 0
    pause.answered(FAST_ANSWER_MS)
    assert pause.delay_ms() == 0
    pause.answered(180)
    assert pause.delay_ms() == 180
    pause.answered(4000)
    assert pause.delay_ms() == FILTER_DELAY_MS
    pause.answered(30)  # fast again: no pause again
    assert pause.delay_ms() == 0


def test_a_keystroke_waits_only_as_long_as_the_pause_and_enter_never_waits(qtbot):
    header = FilterHeader()
    qtbot.addWidget(header)
    header.set_columns(2)
    emitted: list[tuple[int, str]] = []
    header.filterChanged.connect(lambda column, text: emitted.append((column, text)))
    editor, timer = header.editor(1), header._timers[1]

    header.pause.answered(400)  # slow: the keystroke waits
    qtbot.keyClicks(editor, "ab")
    assert timer.isActive() and timer.interval() == FILTER_DELAY_MS
    assert emitted == []
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter applies at once and ends the pause
    assert emitted == [(1, "ab")] and not timer.isActive()

    header.pause.answered(20)  # fast: the next keystroke applies on the next turn of the loop
    qtbot.keyClicks(editor, "c")
    assert timer.interval() == 0
    qtbot.waitUntil(lambda: len(emitted) == 2, timeout=1000)
    assert emitted[-1] == (1, "abc")


def test_the_window_applies_a_filter_as_it_is_typed_when_its_table_answers_fast(qtbot, window):
    tab = window.tab_named("indicators")
    wait_until_loaded(window, panels=False)
    assert tab.model.answer_ms is not None  # the first rows' time was taken
    tab.header.pause.answered(5)
    editor = tab.header.editor(tab.model.column_index("name_zh"))
    commit(editor, "投资")
    timer = tab.header._timers[tab.model.column_index("name_zh")]
    assert timer.interval() == 0
    qtbot.waitUntil(lambda: tab.state().filter_text("name_zh") == "投资", timeout=3000)
    wait_until_loaded(window, panels=False)
    names = [tab.model.record(r)["name_zh"] for r in range(tab.model.rowCount())]
    assert names and all("投资" in n for n in names)
    # Escape still clears every filter.
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not tab.state().filters, timeout=3000)
    assert editor.text() == ""


def test_a_slow_answer_brings_the_pause_back(qtbot, window):
    tab = window.tab_named("indicators")
    tab.header.pause.answered(600)
    editor = tab.header.editor(tab.model.column_index("name_zh"))
    commit(editor, "投资")
    timer = tab.header._timers[tab.model.column_index("name_zh")]
    assert timer.isActive() and timer.interval() == FILTER_DELAY_MS
    assert tab.state().filter_text("name_zh") == ""  # not applied yet: the pause is running


def test_enter_right_after_the_last_key_does_not_restart_the_query_on_its_way(qtbot, window):
    import threading

    tab = window.tab_named("indicators")
    tab.header.pause.answered(5)
    asked: list = []
    set_state = tab.model.set_state
    tab.model.set_state = lambda state, conn=None: (asked.append(state), set_state(state, conn))[1]
    gate = threading.Event()
    tab.model.service.submit(-999, 0, "gate", lambda conn: gate.wait(10))  # the worker is busy
    editor = tab.header.editor(tab.model.column_index("name_zh"))
    try:
        commit(editor, "投资")
        qtbot.waitUntil(lambda: len(asked) == 1, timeout=3000)
        assert tab.model.asking  # its first page waits behind the busy worker
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        assert len(asked) == 1  # the same filter is not asked for again
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not tab.model.asking, timeout=5000)
    wait_until_loaded(window, panels=False)
    assert all("投资" in tab.model.record(r)["name_zh"] for r in range(tab.model.rowCount()))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # once the rows are in, Enter asks again as before
    assert len(asked) == 2
