"""Clearing a filter draws the unfiltered chart from the answer kept, without asking the worker again.

Issue 18: at a million rows the unfiltered chart's views take most of a second to count; the
database is read-only, so the answer read at start-up is still right when a filter is cleared.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from hybrowser.qt.probes import wait_for, wait_until_loaded  # noqa: E402


def _chart_requests(panel) -> list[str]:
    asked: list[str] = []
    submit = panel.jobs.submit

    def counting(tab, tag, job, fresh=True):
        asked.append(tag)
        return submit(tab, tag, job, fresh)

    panel.jobs.submit = counting
    return asked


def _labels(panel) -> list[str]:
    return [bar.label for bar in panel.data.bars]


def test_clearing_a_filter_draws_the_kept_unfiltered_chart(qtbot, window):
    wait_until_loaded(window, timeout_s=30)
    panel = window.chart_panel
    assert panel is not None
    tab = window.current_tab()
    wait_for(panel)
    unfiltered = _labels(panel)
    assert unfiltered
    asked = _chart_requests(panel)
    drawn: list[int] = []
    panel.drawn.connect(lambda: drawn.append(1))

    tab.set_filter("name_zh", "投资")
    qtbot.waitUntil(lambda: len(drawn) == 1, timeout=5000)
    assert asked == ["chart"]  # a filtered chart is read by the worker
    assert _labels(panel) != unfiltered

    order: list[str] = []
    tab.stateChanged.connect(lambda: order.append("rows"))
    panel.drawn.connect(lambda: order.append("chart"))
    tab.clear_filters()
    qtbot.waitUntil(lambda: len(drawn) == 2, timeout=5000)
    assert asked == ["chart"]  # …the unfiltered one is the answer kept
    assert _labels(panel) == unfiltered
    assert not panel.jobs.pending()
    assert order == ["rows", "chart"]  # drawn after the table's rows are in, not before

    # A filtered chart is never kept: the same filter again is read again.
    tab.set_filter("name_zh", "投资")
    qtbot.waitUntil(lambda: len(drawn) == 3, timeout=5000)
    assert asked == ["chart", "chart"]


def test_the_chart_is_asked_for_with_the_table_not_after_its_first_rows(qtbot, window):
    import threading

    wait_until_loaded(window, timeout_s=30)
    panel = window.chart_panel
    tab = window.current_tab()
    wait_for(panel)
    asked = _chart_requests(panel)
    gate = threading.Event()
    tab.model.service.submit(-999, 0, "gate", lambda conn: gate.wait(10))  # the table's worker is busy
    try:
        tab.set_filter("name_zh", "投资")
        assert tab.model.asking  # the table's first rows are still to come…
        assert asked == ["chart"]  # …and the chart is on its way already, on its own worker
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not tab.model.asking, timeout=5000)
    wait_for(panel)
    assert asked == ["chart"]  # the rows' arrival does not ask for the same chart again
    assert all("投资" in bar.label for bar in panel.data.bars)
