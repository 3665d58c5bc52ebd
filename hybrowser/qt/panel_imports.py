"""Loading the chart and map modules (pyqtgraph, numpy, the basemap) without freezing the window.

About 0.6 s of imports run in a background thread, but PySide6 creates its classes
lazily, on first use, partly in Python (their enums); two threads doing that at once
crashed the app (seen as a segfault in pyqtgraph's copy of the Qt namespaces). So the
UI thread first creates every Qt class itself, a few milliseconds at a time between
events, and only then may the thread import pyqtgraph, which then only reads them.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

#: The Qt modules pyqtgraph reads whole (QtCore, QtGui, QtWidgets) or imports.
QT_MODULES = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg", "PySide6.QtTest")
#: UI-thread time per turn of the event loop spent creating Qt classes.
SLICE_S = 0.012


def _import_qt_free() -> None:
    """numpy and the prepared basemap: no Qt, safe beside the UI thread from the start."""
    import numpy  # noqa: F401

    from hybrowser.db.map_data import prepared_basemap

    prepared_basemap()  # the district label search, ~0.2 s of Python


def _import_panel_modules() -> None:
    import hybrowser.qt.chart.panel  # noqa: F401
    import hybrowser.qt.map.panel  # noqa: F401
    import hybrowser.qt.series.panel  # noqa: F401


def _qt_names() -> Iterator[tuple[object, str]]:
    for name in QT_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional Qt module pyqtgraph will do without
            continue
        for attribute in dir(module):
            yield module, attribute


class PanelImports(QObject):
    """Imports the panel modules; `ready` once they are in (or failed: building them reports)."""

    ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = _qt_names()
        self._thread = self._start(_import_qt_free)
        self._importing_panels = False
        self._step = QTimer(self, interval=0)
        self._step.timeout.connect(self._create_qt_classes)
        self._step.start()

    def _start(self, target: Callable[[], None]) -> threading.Thread:
        def run() -> None:
            try:
                target()
            except Exception:  # the UI thread imports again when building the panels, and reports
                log.exception("background import of the panels failed")

        thread = threading.Thread(target=run, name="hybrowser-import", daemon=True)
        thread.start()
        return thread

    def _create_qt_classes(self) -> None:
        deadline = time.perf_counter() + SLICE_S
        for module, attribute in self._names:
            getattr(module, attribute)
            if time.perf_counter() > deadline:
                return
        # Every Qt class exists: pyqtgraph may be imported beside the UI thread now.
        self._step.timeout.disconnect(self._create_qt_classes)
        self._step.timeout.connect(self._wait_for_thread)
        self._step.setInterval(20)

    def _wait_for_thread(self) -> None:
        if self._thread.is_alive():
            return
        if not self._importing_panels:
            self._importing_panels = True
            self._thread = self._start(_import_panel_modules)
            return
        self._step.stop()
        self.ready.emit()
