"""How a dock follows the active tab: its signals, its selected rowids, its SQL on the tab's worker."""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal

from hybrowser.db.connection import Job
from hybrowser.qt.query_service import JobResult, QueryService
from hybrowser.qt.table.status import STATS_ROW_LIMIT

#: At most this many selected rows are read: as many as the tab's selectionChanged signal
#: sends, so a dock sees the same rows whether it reads the selection or is sent it.
SELECTION_LIMIT = STATS_ROW_LIMIT

#: Owner ids of docks on the query service. Table models count up from 1; docks count
#: down from -1, so a dock never makes a table's work stale (or the other way round).
_dock_owners = itertools.count(-1, -1)


def selected_rowids(tab, limit: int = SELECTION_LIMIT) -> set[int]:
    """rowids of the tab's selected rows (the first `limit` rows)."""
    rows: set[int] = set()
    # Selection ranges, not selectedIndexes(): a whole-table selection is one range, not a cell each.
    for selected in tab.view.selectionModel().selection():
        rows.update(range(selected.top(), min(selected.bottom() + 1, selected.top() + limit)))
        if len(rows) >= limit:
            break
    rowids = (tab.model.rowid(row) for row in sorted(rows)[:limit])
    return {r for r in rowids if r is not None}


def connect_tab(tab, on_state: Callable[..., object], on_selection: Callable[[list], object]) -> None:
    """Call on_state when the tab's filter or sort changes, on_selection with its selected rowids."""
    tab.stateChanged.connect(on_state)
    tab.selectionChanged.connect(on_selection)


def disconnect_tab(tab, on_state: Callable[..., object], on_selection: Callable[[list], object]) -> None:
    """Undo connect_tab; quietly, since the tab may already be gone (its database closed)."""
    for signal, slot in ((tab.stateChanged, on_state), (tab.selectionChanged, on_selection)):
        with contextlib.suppress(RuntimeError, TypeError):
            signal.disconnect(slot)


class DockJobs(QObject):
    """A dock's SQL as jobs on the tab's QueryService; only the newest request of a kind is answered.

    `submit(tab, tag, job)` starts a new generation: the dock's older work is dropped
    (interrupted if running), so typing fast never queues stale chart or map work.
    `submit(..., fresh=False)` adds a side job (e.g. which groups the selection touches)
    to the current generation; a newer side job of the same tag supersedes it.
    Answers arrive on the UI thread as `answered(tag, payload)` or `failed(tag, message)`.
    """

    answered = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.owner = next(_dock_owners)
        self.generation = 0
        self.service: QueryService | None = None
        self._numbers = itertools.count(1)
        self._latest: dict[str, int] = {}  # tag → number of its newest request
        self._pending: set[str] = set()  # tags asked for and not answered yet

    def submit(self, tab, tag: str, job: Job, fresh: bool = True) -> None:
        service = self._use(tab.panel_service)
        if fresh:
            self._advance()
        number = next(self._numbers)
        self._latest[tag] = number
        self._pending.add(tag)
        service.submit(self.owner, self.generation, f"{tag}#{number}", job)

    def cancel(self) -> None:
        """Drop every request not answered yet."""
        if self.service is not None:
            self._advance()

    def pending(self, tag: str | None = None) -> bool:
        """Whether an answer (to this tag, or to any) is still to come."""
        return bool(self._pending) if tag is None else tag in self._pending

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Process events until every request is answered (tests, images, inspection); False on timeout."""
        deadline = time.monotonic() + timeout_s
        while self._pending:
            if time.monotonic() > deadline:
                return False
            if self.service is not None:
                self.service.wait_idle(0.02)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        return True

    def _use(self, service: QueryService) -> QueryService:
        if service is not self.service:
            if self.service is not None:
                self._advance()
                with contextlib.suppress(RuntimeError, TypeError):
                    self.service.finished.disconnect(self._on_result)
            self.service = service
            service.finished.connect(self._on_result)
        return service

    def _advance(self) -> None:
        self.generation += 1
        self._pending.clear()
        if self.service is not None:
            self.service.advance(self.owner, self.generation)

    def _on_result(self, result: JobResult) -> None:
        if result.owner != self.owner or result.generation != self.generation:
            return
        tag, _, number = result.tag.rpartition("#")
        if self._latest.get(tag) != int(number):
            return  # a newer request of this kind is on its way
        self._pending.discard(tag)
        if result.error is not None:
            self.failed.emit(tag, result.error)
        else:
            self.answered.emit(tag, result.payload)
