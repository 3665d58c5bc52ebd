"""Runs SQL off the UI thread: one worker with its own read-only connection; stale work is dropped.

Each job belongs to an owner (a table model) and a generation. When the owner moves
on (new filter text), older jobs still queued are skipped and a running one is
interrupted with sqlite3's interrupt(), so typing never waits for an old query.

Answers reach the UI thread one per turn of its event loop. Two answers that arrive
together (the chart's and the map's, each ~20-30 ms of drawing) then never run back to
back: a paint or a timer can come between them.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from hybrowser.db.connection import PROGRESS_STEPS, Job, connect_readonly, explain

log = logging.getLogger(__name__)


@dataclass
class JobResult:
    owner: int
    generation: int
    tag: str
    payload: object = None
    error: str | None = None


@dataclass
class _Queued:
    owner: int
    generation: int
    tag: str
    job: Job


class QueryService(QObject):
    """A worker thread that answers jobs; results arrive on the UI thread via `finished`."""

    #: a JobResult, on the UI thread.
    finished = Signal(object)
    #: a JobResult, emitted by the worker (queued to the UI thread, then handed on by _pacer).
    _answered = Signal(object)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db_path = Path(db_path)
        self._queue: queue.Queue[_Queued | None] = queue.Queue()
        self._latest: dict[int, int] = {}
        self._running: _Queued | None = None
        # Set when the running job became stale; the progress handler then stops its SQL.
        # (sqlite3's interrupt() alone is lost if it lands between two statements.)
        self._cancel = False
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        # Answers emitted by the worker but not yet handed on: the service is not idle
        # until they are (else a waiter could return with an answer in flight).
        self._undelivered = 0
        self._ready: deque[JobResult] = deque()
        self._pacer = QTimer(self, singleShot=True, interval=0)
        self._pacer.timeout.connect(self._hand_over)
        self._answered.connect(self._arrived)
        self._conn: sqlite3.Connection | None = None
        # Started with the first job: the panels' service waits until the panels load, and
        # start-up does not wait for a second thread to come up before the first frame.
        self._thread = threading.Thread(target=self._run, name="hybrowser-sql", daemon=True)

    def submit(self, owner: int, generation: int, tag: str, job: Job) -> None:
        with self._lock:
            self._idle.clear()
            if not self._thread.is_alive() and self._thread.ident is None:
                self._thread.start()
        self._queue.put(_Queued(owner, generation, tag, job))

    def advance(self, owner: int, generation: int) -> None:
        """The owner's work older than generation is stale: skip it, interrupt it if running."""
        with self._lock:
            self._latest[owner] = generation
            running = self._running
            if running and running.owner == owner and running.generation < generation:
                self._cancel = True
                if self._conn is not None:
                    self._conn.interrupt()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every submitted job has run (for tests, screenshots and benchmarks)."""
        return self._idle.wait(timeout)

    def is_idle(self) -> bool:
        with self._lock:
            return self._idle.is_set() and self._undelivered == 0

    def _arrived(self, result: JobResult) -> None:
        self._ready.append(result)
        if not self._pacer.isActive():
            self._pacer.start()

    def _hand_over(self) -> None:
        result = self._ready.popleft()
        if self._ready:
            self._pacer.start()  # the next one in a later turn of the event loop
        with self._lock:
            self._undelivered -= 1
        self.finished.emit(result)

    def close(self) -> None:
        if self._thread.ident is None:
            return  # never started: nothing to stop
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _is_stale(self, item: _Queued) -> bool:
        return item.generation < self._latest.get(item.owner, item.generation)

    def _run(self) -> None:
        try:
            self._conn = connect_readonly(self._db_path)
        except Exception as error:  # reported per job below
            log.exception("worker cannot open %s", self._db_path)
            open_error = str(error)
        else:
            open_error = None
            # Called every few thousand SQLite instructions: a non-zero answer aborts the query.
            self._conn.set_progress_handler(lambda: int(self._cancel), PROGRESS_STEPS)
        while True:
            item = self._queue.get()
            if item is None:
                break
            with self._lock:
                stale = self._is_stale(item)
                self._running = None if stale else item
                self._cancel = False
            if not stale:
                self._execute(item, open_error)
            with self._lock:
                self._running = None
                if self._queue.empty():
                    self._idle.set()
        if self._conn is not None:
            self._conn.close()

    def _execute(self, item: _Queued, open_error: str | None) -> None:
        result = JobResult(item.owner, item.generation, item.tag)
        if open_error or self._conn is None:
            result.error = open_error or "no connection"
        else:
            try:
                result.payload = item.job(self._conn)
            except sqlite3.Error as error:
                if "interrupted" in str(error):
                    return  # made stale by newer work; nobody wants the answer
                log.warning("query failed: %s", error)
                result.error = explain(error)
            except Exception as error:  # a bug must not kill the worker
                log.exception("query job %s failed", item.tag)
                result.error = str(error)
        with self._lock:
            stale = self._is_stale(item)
            if not stale:
                self._undelivered += 1
        if not stale:
            self._answered.emit(result)
