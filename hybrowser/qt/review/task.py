"""Run one function beside the UI thread (QThreadPool) and hand its result back to the UI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Task(QObject):
    """A function run in the thread pool; `done(result)` or `failed(exception)` arrive on the UI thread.

    Cancel drops the answer: the function (reading and checking one text, well under a second)
    runs to its end in the background, and nothing it returns reaches the window.
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, function: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancelled = False
        self.running = True
        self._signals = _Signals(self)
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        signals = self._signals

        class _Run(QRunnable):
            def run(self) -> None:  # noqa: D401 - Qt override
                try:
                    result = function()
                except Exception as error:  # handed to the window, which shows it
                    signals.failed.emit(error)
                else:
                    signals.done.emit(result)

        self._runnable = _Run()
        self._runnable.setAutoDelete(False)  # kept by this Task until the answer is in

    def start(self) -> Task:
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def cancel(self) -> None:
        self.cancelled = True

    def _done(self, result: object) -> None:
        self.running = False
        if not self.cancelled:
            self.done.emit(result)

    def _failed(self, error: object) -> None:
        self.running = False
        if not self.cancelled:
            self.failed.emit(error)
