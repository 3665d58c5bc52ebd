"""SQLite's quick check of a database too large to check as it opens, beside the UI thread."""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from hybrowser.db.connection import connect_readonly, integrity_problem

log = logging.getLogger(__name__)


class IntegrityCheck(QObject):
    """Runs the check once with its own connection; `damaged` carries the problem in words."""

    damaged = Signal(str)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = Path(db_path)
        self._thread = threading.Thread(target=self._run, name="hybrowser-check", daemon=True)

    def start(self) -> None:
        """Begin (once `damaged` is connected: a small file is checked in milliseconds)."""
        self._thread.start()

    def wait(self, timeout_s: float = 60.0) -> None:
        self._thread.join(timeout_s)

    def _run(self) -> None:
        try:
            conn = connect_readonly(self._path)
            try:
                problem = integrity_problem(conn)  # SQLite's C code: the GIL is free meanwhile
            finally:
                conn.close()
        except Exception as error:  # the file went away or became unreadable
            problem = str(error)
        if problem:
            log.warning("%s: %s", self._path, problem)
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self.damaged.emit(problem)
