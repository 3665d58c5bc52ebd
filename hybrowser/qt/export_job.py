"""File → Export in a thread of its own: the window stays free, shows progress and can cancel."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from hybrowser.core.tables import ColumnMeta, TableMeta
from hybrowser.db.connection import PROGRESS_STEPS, DatabaseOpenError, connect_readonly, explain
from hybrowser.db.export_rows import ExportCancelled, export_table
from hybrowser.db.query import QueryState

log = logging.getLogger(__name__)


class ExportJob(QObject):
    """Writes one export with its own read-only connection (the table's worker stays free)."""

    #: rows written so far.
    progress = Signal(int)
    #: rows written; the file is in place.
    finished = Signal(int)
    #: a one-line reason; nothing was written.
    failed = Signal(str)
    #: the user cancelled; nothing was written.
    cancelled = Signal()

    def __init__(
        self,
        db_path: Path,
        table: TableMeta,
        shown: Sequence[ColumnMeta],
        state: QueryState,
        lang: str,
        path: Path,
        parent: QObject | None = None,
        kind: str | None = None,
        codes: bool = False,
        ref_labels: dict | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        # The model's names of referenced rows, read only by the thread (a snapshot).
        self._options = {"kind": kind, "codes": codes, "ref_labels": dict(ref_labels or {})}
        self._cancel = threading.Event()
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        #: "finished", "failed" or "cancelled" once the UI thread has heard so.
        self.outcome = ""
        self.finished.connect(lambda _rows: self._heard("finished"))
        self.failed.connect(lambda _message: self._heard("failed"))
        self.cancelled.connect(lambda: self._heard("cancelled"))
        args = (Path(db_path), table, list(shown), state, lang)
        self._thread = threading.Thread(target=self._run, args=args, name="hybrowser-export", daemon=True)

    def start(self) -> None:
        """Begin, once the signals are connected (a failing export can end in microseconds)."""
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        with self._lock:
            if self._conn is not None:
                self._conn.interrupt()  # a query still looking for its first row stops too

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Process events until the job is done and its signal delivered; True if the file was written."""
        deadline = time.monotonic() + timeout_s
        while not self.outcome and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.002)
        QApplication.sendPostedEvents()  # the other receivers of the same signal
        QApplication.processEvents()
        return self.outcome == "finished"

    def _heard(self, outcome: str) -> None:
        self.outcome = outcome

    def _run(self, db_path: Path, table: TableMeta, shown: list[ColumnMeta], state, lang: str) -> None:
        try:
            conn = connect_readonly(db_path)
            conn.set_progress_handler(lambda: int(self._cancel.is_set()), PROGRESS_STEPS)
            with self._lock:
                self._conn = conn
            try:
                rows = export_table(conn, table, shown, state, lang, self.path, self._report, **self._options)
            finally:
                with self._lock:
                    self._conn = None
                conn.close()
        except ExportCancelled:
            self._done("cancelled")
        except DatabaseOpenError as error:  # the database went away since the window opened it
            self._done("failed", str(error))
        except sqlite3.Error as error:
            if self._cancel.is_set():
                self._done("cancelled")
            else:
                log.warning("export to %s failed: %s", self.path, error)
                self._done("failed", explain(error))
        except OSError as error:
            log.warning("export to %s failed: %s", self.path, error)
            self._done("failed", f"{self.path}: {error.strerror or error}")
        except Exception as error:  # a bug: still one message, and the trace in the log
            log.exception("export to %s failed", self.path)
            self._done("failed", f"{self.path}: {error}")
        else:
            self._done("finished", rows)

    def _report(self, rows: int) -> bool:
        self.progress.emit(rows)
        return not self._cancel.is_set()

    def _done(self, outcome: str, value: object = None) -> None:
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            if outcome == "finished":
                self.finished.emit(value)
            elif outcome == "failed":
                self.failed.emit(value)
            else:
                self.cancelled.emit()
