"""A long session does not grow: language switches, filters, sorts and tab changes leave no objects behind."""

from __future__ import annotations

from PySide6.QtCore import QAbstractAnimation, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from hybrowser.db.query import SortKey
from hybrowser.qt.probes import wait_until_loaded


def settled_counts(window) -> tuple[int, int]:
    """(QTimers, QObjects) under the window once deferred deletions have run.

    Style animations (a clear button fading) come and go by themselves and are not counted.
    """
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    objects = [o for o in window.findChildren(QObject) if not isinstance(o, QAbstractAnimation)]
    return len(window.findChildren(QTimer)), len(objects)


def session_round(window, lang: str) -> None:
    window.set_language(lang)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.current_tab()
        first = tab.model.columns[0].name
        tab.set_filter(first, "a")
        tab.sort_by((SortKey(first, descending=True),))
        tab.set_search("投资")
        wait_until_loaded(window, panels=False)
        tab.clear_filters()
    wait_until_loaded(window, panels=False)


def test_language_switches_and_a_long_session_leave_no_objects_behind(qtbot, window):
    wait_until_loaded(window)  # the chart and the map are in: they do not arrive mid-count
    for lang in ("en", "zh"):  # every tab built, every kind of object made once
        session_round(window, lang)
    timers, objects = settled_counts(window)
    for n in range(2):
        session_round(window, "en" if n % 2 == 0 else "zh")
    after_timers, after_objects = settled_counts(window)
    assert after_timers == timers and after_objects <= objects
    # And switches alone: not one timer per filter box per switch.
    for n in range(10):
        window.set_language("en" if n % 2 == 0 else "zh")
    after_timers, after_objects = settled_counts(window)
    assert after_timers == timers and after_objects <= objects
