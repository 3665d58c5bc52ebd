"""The child side of the benchmarks: one fresh process per run, one JSON line of results.

    python -m benchmarks.probe KIND 'JSON-ARGUMENTS'

KIND is launch_app, launch_bare, naive, interact or map. Times the parent needs to relate
to its own clock (launch to first paint) are absolute time.time() stamps; everything
measured inside the child is in milliseconds of time.perf_counter(). The last line of
stdout is RESULT_PREFIX followed by the JSON.

Only the standard library is imported at the top: launch figures must not pay for
anything the app itself would not import.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

RESULT_PREFIX = "BENCH-RESULT "

#: Interval of the timer that detects UI-thread stalls, in milliseconds.
TICK_MS = 10


def peak_rss_mb() -> float:
    """This process's peak resident set size, in MB.

    On Linux getrusage(RUSAGE_SELF).ru_maxrss survives fork and execve: a fresh child
    reports at least its parent's peak (the runner's, 250 MB and more after building a
    database). VmHWM in /proc/self/status is the high-water mark of the process's own
    memory since execve, so it is read first; ru_maxrss is the fallback elsewhere.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, kB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def emit(result: dict) -> None:
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    # No teardown: closing the window would save settings and join the worker thread.
    os._exit(0)


def ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


# ---- Qt helpers (imported lazily) ------------------------------------------------------------------


def _qt():
    from PySide6 import QtCore

    return QtCore


def wait_for(predicate, timeout_s: float, poll_ms: int = 2) -> bool:
    """Run the event loop until predicate() is true (the thread sleeps between events)."""
    QtCore = _qt()
    if predicate():
        return True
    loop = QtCore.QEventLoop()
    poll = QtCore.QTimer()
    poll.setInterval(poll_ms)
    poll.timeout.connect(lambda: predicate() and loop.quit())
    deadline = QtCore.QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start(int(timeout_s * 1000))
    loop.exec()
    poll.stop()
    deadline.stop()
    return bool(predicate())


def pause(milliseconds: int) -> None:
    QtCore = _qt()
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def make_paint_watch(widget, callback):
    """Call callback(seconds the paint took) right after each paint of widget.

    The filter delivers the paint event itself (sendEvent, then swallows the original), so
    the callback runs when the widget has finished painting, not when it starts.
    """
    QtCore = _qt()

    class PaintWatch(QtCore.QObject):
        def __init__(self) -> None:
            super().__init__(widget)
            self.inside = False

        def eventFilter(self, watched, event):  # noqa: N802 - Qt override
            if watched is widget and event.type() == QtCore.QEvent.Type.Paint and not self.inside:
                self.inside = True
                start = time.perf_counter()
                try:
                    QtCore.QCoreApplication.sendEvent(watched, event)
                finally:
                    self.inside = False
                callback(time.perf_counter() - start)
                return True
            return False

    watch = PaintWatch()
    widget.installEventFilter(watch)
    return watch


def viewport_of(view):
    """A scroll area's viewport, found by name.

    In PySide6 6.11 the first QAbstractScrollArea.viewport() call of a process costs
    ~24 ms (shiboken materialises every widget class while finding the pointer's type),
    a cost the app never pays at start-up; the probes must not add it to either launch.
    """
    # Direct children only: the headers are scroll areas too, with viewports of their own.
    # (Not findChild's FindDirectChildrenOnly: the Qt namespace costs ~44 ms to create.)
    return next(child for child in view.children() if child.objectName() == "qt_scrollarea_viewport")


def make_ticker():
    """A 10 ms timer recording the longest gap between its ticks: the longest UI-thread stall."""
    QtCore = _qt()

    class Ticker(QtCore.QObject):
        def __init__(self) -> None:
            super().__init__()
            self.timer = QtCore.QTimer(self)
            self.timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
            self.timer.setInterval(TICK_MS)
            self.timer.timeout.connect(self._tick)
            self.last = time.perf_counter()
            self.max_gap = 0.0
            self.timer.start()

        def _tick(self) -> None:
            now = time.perf_counter()
            self.max_gap = max(self.max_gap, now - self.last)
            self.last = now

        def reset(self) -> None:
            self.last = time.perf_counter()
            self.max_gap = 0.0

        def read_ms(self) -> float:
            # A stall still in progress counts too.
            return ms(max(self.max_gap, time.perf_counter() - self.last))

    return Ticker()


# ---- launch: the app, a bare window, the naive model -------------------------------------------------


def launch_app(args: dict) -> None:
    """Spawn → first paint of the main window, and → first rows painted in the table."""
    started = time.time()
    from hybrowser.app import create_window

    imported = time.time()
    window = create_window(args["db"])
    created = time.time()
    tab = window.current_tab()
    stamps: dict[str, float] = {}

    def window_painted(_duration: float) -> None:
        stamps.setdefault("window_painted", time.time())

    def viewport_painted(_duration: float) -> None:
        if tab.model.rowCount() > 0 and tab.model.is_loaded(0):
            stamps.setdefault("rows_painted", time.time())

    tab.model.modelReset.connect(lambda: tab.model.rowCount() and stamps.setdefault("rows_in", time.time()))
    watches = [
        make_paint_watch(window, window_painted),
        make_paint_watch(viewport_of(tab.view), viewport_painted),
    ]
    window.show()
    shown = time.time()
    ok = wait_for(lambda: "rows_painted" in stamps and "window_painted" in stamps, args.get("timeout", 120))
    del watches
    emit(
        {
            "ok": ok,
            "started": started,
            "imported": imported,
            "created": created,
            "shown": shown,
            **stamps,
            "rows": tab.model.rowCount(),
            "rss_mb": peak_rss_mb(),
        }
    )


def launch_bare(args: dict) -> None:
    """The floor: a PySide6 QMainWindow holding a QTableView over a small QStandardItemModel."""
    started = time.time()
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    imported = time.time()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows, columns = args.get("rows", 50), args.get("columns", 11)
    model = QStandardItemModel(rows, columns)
    for r in range(rows):
        for c in range(columns):
            model.setItem(r, c, QStandardItem(f"{r},{c}"))
    window = QMainWindow()
    view = QTableView(window)
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1280, 800)
    created = time.time()
    stamps: dict[str, float] = {}
    watches = [
        make_paint_watch(window, lambda _d: stamps.setdefault("window_painted", time.time())),
        make_paint_watch(viewport_of(view), lambda _d: stamps.setdefault("rows_painted", time.time())),
    ]
    window.show()
    shown = time.time()
    ok = wait_for(lambda: len(stamps) == 2, args.get("timeout", 60))
    del watches, app
    emit(
        {
            "ok": ok,
            "started": started,
            "imported": imported,
            "created": created,
            "shown": shown,
            **stamps,
            "rows": rows,
            "rss_mb": peak_rss_mb(),
        }
    )


def naive(args: dict) -> None:
    """The naive approach: every row in a QStandardItemModel behind a QSortFilterProxyModel."""
    started = time.time()
    import sqlite3
    from urllib.parse import quote

    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    imported = time.time()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    columns: list[str] = args["columns"]
    conn = sqlite3.connect(f"file:{quote(str(args['db']))}?mode=ro", uri=True)
    select = ", ".join(f'"{c}"' for c in columns)
    rows = conn.execute(f'SELECT {select} FROM "{args["table"]}"').fetchall()
    model = QStandardItemModel(0, len(columns))
    model.setHorizontalHeaderLabels(columns)
    display = Qt.ItemDataRole.DisplayRole
    for values in rows:
        items = []
        for value in values:
            if isinstance(value, (int, float)):
                item = QStandardItem()
                item.setData(value, display)  # numbers sort as numbers
            else:
                item = QStandardItem("" if value is None else str(value))
            items.append(item)
        model.appendRow(items)
    del rows
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    window = QMainWindow()
    view = QTableView(window)
    view.setModel(proxy)
    window.setCentralWidget(view)
    window.resize(1280, 800)
    created = time.time()
    stamps: dict[str, float] = {}
    marks = {"painted": None}

    def painted(_duration: float) -> None:
        stamps.setdefault("rows_painted", time.time())
        marks["painted"] = time.perf_counter()

    watch = make_paint_watch(viewport_of(view), painted)
    window.show()
    shown = time.time()
    ok = wait_for(lambda: "rows_painted" in stamps, args.get("timeout", 300))

    def timed(action) -> float:
        marks["painted"] = None
        start = time.perf_counter()
        action()
        wait_for(lambda: marks["painted"] is not None, 30)
        return ms((marks["painted"] or time.perf_counter()) - start)

    filter_ms = []
    proxy.setFilterKeyColumn(columns.index(args["filter_column"]))
    for word in args["words"]:
        filter_ms.append(timed(lambda w=word: proxy.setFilterFixedString(w)))
    proxy.setFilterFixedString("")
    wait_for(lambda: False, 0.05)
    sort_column = columns.index(args["sort_column"])
    sort_ms = []
    for _ in range(args.get("sorts", 2)):
        sort_ms.append(timed(lambda: proxy.sort(sort_column, Qt.SortOrder.AscendingOrder)))
        sort_ms.append(timed(lambda: proxy.sort(sort_column, Qt.SortOrder.DescendingOrder)))
    del watch, app
    emit(
        {
            "ok": ok,
            "started": started,
            "imported": imported,
            "created": created,
            "shown": shown,
            **stamps,
            "rows": model.rowCount(),
            "filter_ms": filter_ms,
            "sort_ms": sort_ms,
            "rss_mb": peak_rss_mb(),
        }
    )


# ---- interaction: filters, sorts, scrolling, chart, copy ------------------------------------------


class Recorder:
    """Timestamps (ms after start()) of what follows one change of state in a table tab."""

    def __init__(self, tab) -> None:
        self.tab = tab
        self.t0 = 0.0
        self.marks: dict[str, float] = {}
        self.active = False
        self.target_row: int | None = None
        model = tab.model
        model.modelReset.connect(lambda: self._mark("rows_in"))
        model.stateApplied.connect(lambda: self._mark("applied"))
        model.countChanged.connect(lambda _shown, exact: exact and self._mark("exact"))
        model.dataChanged.connect(self._data_changed)
        self.watch = make_paint_watch(viewport_of(tab.view), self._painted)

    def start(self, target_row: int | None = None) -> None:
        self.marks = {}
        self.target_row = target_row
        self.active = True
        self.t0 = time.perf_counter()

    def _mark(self, name: str) -> None:
        if self.active and name not in self.marks:
            self.marks[name] = ms(time.perf_counter() - self.t0)

    def follow_chart(self, panel) -> None:
        """Also mark when the chart dock has drawn the change ("chart")."""
        panel.drawn.connect(lambda: self._mark("chart"))

    def _data_changed(self, *_args) -> None:
        if self.target_row is not None and self.tab.model.is_loaded(self.target_row):
            self._mark("loaded")

    def _painted(self, duration: float) -> None:
        after = "loaded" if self.target_row is not None else "applied"
        if self.active and after in self.marks and "painted" not in self.marks:
            self._mark("painted")
            self.marks["paint_ms"] = ms(duration)


class WindowIdle:
    """The window as something with is_idle(): its table's and its panels' queries all answered."""

    def __init__(self, window) -> None:
        self.window = window

    def is_idle(self) -> bool:
        from hybrowser.qt.probes import is_idle

        return is_idle(self.window)


def _change(recorder: Recorder, service, action, timeout_s: float = 60.0) -> dict[str, float]:
    """Apply a change of state; wait for its first page, its exact count and the repaint."""
    recorder.start()
    action()
    wait_for(
        lambda: {"applied", "exact", "painted"} <= recorder.marks.keys() and service.is_idle(), timeout_s
    )
    recorder.active = False
    return dict(recorder.marks)


def interact(args: dict) -> None:
    """One fresh app on a database: scrolling, filter series, sorts, copy, memory, chart redraw."""
    from dataclasses import replace

    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtWidgets import QAbstractItemView

    from hybrowser.app import create_window
    from hybrowser.db.query import SortKey
    from hybrowser.qt.probes import panels_ready

    phases = set(args.get("phases", ("scroll", "filters", "sort", "copy")))
    window = create_window(args["db"])
    tab = window.tab_named(args.get("table", "indicators")) or window.current_tab()
    model, view, service = tab.model, tab.view, WindowIdle(window)
    ticker = make_ticker()
    recorder = Recorder(tab)
    out: dict[str, object] = {}
    window.show()
    start = time.perf_counter()
    wait_for(lambda: panels_ready(window) and service.is_idle() and model.exact, 300)
    wait_for(lambda: False, 0.1)
    out["startup_loaded_ms"] = ms(time.perf_counter() - start)
    out["stall_startup_ms"] = ticker.read_ms()
    out["rows"] = model.rowCount()
    out["chart"] = window.chart_panel is not None
    out["map"] = window.map_panel is not None

    if "scroll" in phases:
        rows = model.rowCount()
        ticker.reset()
        for name, row in (("middle", rows // 2), ("end", rows - 1)):
            recorder.start(target_row=row)
            view.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
            wait_for(lambda: "painted" in recorder.marks, 60)
            recorder.active = False
            out[f"scroll_{name}"] = dict(recorder.marks)
        out["stall_scroll_ms"] = ticker.read_ms()
        out["rss_scrolled_mb"] = peak_rss_mb()
        view.scrollToTop()
        wait_for(lambda: service.is_idle(), 30)

    def clear() -> None:
        _change(recorder, service, tab.clear_filters)

    def series(kind: str, texts: list[str], samples: int) -> list[dict]:
        results = []
        for text in texts[:samples]:
            if kind == "contains":
                action = lambda t=text: tab.set_filter(args["contains_column"], t)  # noqa: E731
            elif kind == "range":
                action = lambda t=text: tab.set_filter(args["range_column"], t)  # noqa: E731
            else:
                action = lambda t=text: tab.set_search(t)  # noqa: E731
            results.append(_change(recorder, service, action))
            pause(args.get("gap_ms", 20))
        clear()
        return results

    def sorts(samples: int) -> list[dict]:
        results = []
        for i in range(samples):
            key = SortKey(args["sort_column"], descending=bool(i % 2))
            results.append(
                {"descending": key.descending, **_change(recorder, service, lambda k=key: tab.sort_by((k,)))}
            )
            pause(args.get("gap_ms", 20))
        _change(recorder, service, lambda: tab.set_state(replace(model.state, sort=())))
        return results

    words = args["words"]
    chart_dock = window.chart_dock

    def run_layout(layout: str, samples: int, sort_samples: int, budget_s: float) -> None:
        """Filter series and sorts with the chart dock open ('panels') or closed ('table')."""
        chart_dock.setVisible(layout == "panels")
        wait_for(lambda: service.is_idle(), 60)
        pause(50)
        begun = time.perf_counter()
        kinds = (
            [k for k in ("contains", "range", "search2", "search") if words.get(k)]
            if "filters" in phases
            else []
        )
        if "sort" in phases and sort_samples > 0:
            kinds.append("sort")
        for kind in kinds:
            if time.perf_counter() - begun > budget_s:
                out.setdefault("skipped", []).append(f"{layout}:{kind}")
                continue
            ticker.reset()
            if kind == "sort":
                out[f"{layout}:sort"] = sorts(sort_samples)
            elif samples > 0:
                out[f"{layout}:{kind}"] = series(kind, words[kind], samples)
            else:
                continue
            out[f"stall_{layout}:{kind}_ms"] = ticker.read_ms()

    # The table alone first (chart dock closed): the many samples.
    run_layout("table", args.get("samples", 32), args.get("sort_samples", 8), float("inf"))
    chart_dock.setVisible(True)
    wait_for(lambda: service.is_idle(), 60)

    if "copy" in phases:
        clear()
        rows = min(args.get("copy_rows", 10_000), model.rowCount())
        columns = min(args.get("copy_columns", 10), model.columnCount())
        ticker.reset()
        start = time.perf_counter()
        view.selectionModel().select(
            QItemSelection(model.index(0, 0), model.index(rows - 1, columns - 1)),
            QItemSelectionModel.SelectionFlag.Select,
        )
        selected = time.perf_counter()
        done: list[int] = []
        tab.copied.connect(lambda n, finished: finished and done.append(n))
        cells = tab.clipboard.copy()
        returned = time.perf_counter()
        wait_for(lambda: bool(done), 120)
        copied = time.perf_counter()
        out["copy_returned_ms"] = ms(returned - selected)
        out["select_ms"] = ms(selected - start)
        out["copy_ms"] = ms(copied - selected)
        out["copy_cells"] = cells
        out["stall_copy_ms"] = ticker.read_ms()
        view.selectionModel().clearSelection()

    # Then as shipped, chart dock open: each change also has the chart (and the map) read
    # its rows in the panels' worker and redraw on the UI thread ("chart": drawn).
    panel_samples, panel_sorts = args.get("panel_samples", 0), args.get("panel_sort_samples", 0)
    if panel_samples > 0 or panel_sorts > 0:
        if window.chart_panel is not None:
            recorder.follow_chart(window.chart_panel)
        run_layout("panels", panel_samples, panel_sorts, args.get("panel_budget_s", 150.0))

    out["rss_final_mb"] = peak_rss_mb()
    emit(out)


def map_probe(args: dict) -> None:
    """The map dock with many markers: redraw time, and a filter change on that tab."""
    from hybrowser.app import create_window
    from hybrowser.qt.probes import panels_ready

    window = create_window(args["db"])
    tab = window.tab_named(args.get("table", "projects"))
    window.show()
    service = WindowIdle(window)
    wait_for(lambda: panels_ready(window) and service.is_idle() and tab.model.exact, 300)
    wait_for(lambda: False, 0.1)
    panel = window.map_panel
    if panel is None:
        emit({"map": False})
    recorder = Recorder(tab)
    canvas = getattr(panel, "canvas", None)
    target = canvas.viewport() if canvas is not None and hasattr(canvas, "viewport") else panel
    markers = len(panel.markers()) if hasattr(panel, "markers") else -1
    redraws = []
    for _ in range(args.get("repeats", 3)):
        start = time.perf_counter()
        panel.refresh(fit=True)
        panel.wait()  # the map's rows are read in a worker; the redraw is when they are drawn
        target.repaint()
        redraws.append(ms(time.perf_counter() - start))
    changes = []
    ticker = make_ticker()
    for text in args.get("filters", ["合成", "项目"]):
        changes.append(_change(recorder, service, lambda t=text: tab.set_filter("name_zh", t)))
    emit(
        {
            "map": True,
            "markers": markers,
            "redraw_ms": redraws,
            "filter_changes": changes,
            "stall_filter_ms": ticker.read_ms(),
            "rss_mb": peak_rss_mb(),
        }
    )


PROBES = {
    "launch_app": launch_app,
    "launch_bare": launch_bare,
    "naive": naive,
    "interact": interact,
    "map": map_probe,
}


def main(argv: list[str]) -> None:
    import faulthandler

    faulthandler.enable()  # a crash prints every thread's Python stack to stderr (the runner shows it)
    kind, raw = argv[0], argv[1] if len(argv) > 1 else "{}"
    PROBES[kind](json.loads(raw))


if __name__ == "__main__":
    main(sys.argv[1:])
