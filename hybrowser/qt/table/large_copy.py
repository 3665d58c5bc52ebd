"""Copied cells onto the clipboard: at once for a few; for many, read by the worker and made in slices."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from hybrowser.core.selection import ClipboardText, SelectedCells
from hybrowser.db.query import TableQuery
from hybrowser.qt.query_service import JobResult
from hybrowser.qt.table.model import TableModel, owner_ids

#: Time spent turning rows into text before the window gets to repaint and answer input.
SLICE_S = 0.025
#: Rows between two looks at the clock (~2 ms for ten columns).
BATCH_ROWS = 50


def put_on_clipboard(text: ClipboardText) -> None:
    """Plain text (TSV for spreadsheets and chat), and HTML for Word and WPS when there is any."""
    mime = _qt_made_mime_data()
    mime.setText(text.text())
    html = text.html()
    if html is not None:
        mime.setHtml(html)
    QApplication.clipboard().setMimeData(mime)


def _qt_made_mime_data() -> QMimeData:
    """An empty QMimeData made by Qt rather than by Python.

    When the process exits with a QMimeData made from Python still on the clipboard,
    Qt deletes it after Python has shut down and PySide6 6.11 crashes (a segfault on
    quitting after any copy). One that Qt made is safe; a one-cell model's mimeData()
    is a way to have Qt make one.
    """
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem())
    mime = model.mimeData([model.index(0, 0)])
    for name in mime.formats():
        mime.removeFormat(name)
    return mime


class LargeCopy(QObject):
    """Copies the selected cells of `model` to the clipboard."""

    #: cells copied; emitted once the clipboard holds them.
    finished = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        model: TableModel,
        cells: SelectedCells,
        lang: str,
        header: bool,
        kind: str,
        bulletins: Mapping[str, Mapping[str, object]],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._cells = cells
        self._rows = cells.rows()
        self._names: dict[frozenset[int], frozenset[str]] = {}
        used = [model.columns[c] for c in cells.all_columns()]
        self._text = ClipboardText(model.columns, used, lang, header, kind, bulletins)
        self._values: dict[int, tuple] = {}
        self._next = 0
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._slice)
        self._owner = next(owner_ids)
        model.service.finished.connect(self._rows_read)
        # The rows as the table shows them now; later filtering does not change the copy.
        state, table, blocks = model.state, model.table, _blocks(self._rows)
        model.service.submit(
            self._owner, 1, "copy", lambda conn: _read_rows(TableQuery(conn, table), state, blocks)
        )

    def cancel(self) -> None:
        self._model.service.advance(self._owner, 2)
        self._timer.stop()

    def _rows_read(self, result: JobResult) -> None:
        if result.owner != self._owner:
            return
        self._model.service.finished.disconnect(self._rows_read)
        if result.error:
            self.failed.emit(result.error)
            return
        self._values = result.payload  # type: ignore[assignment]
        self._timer.start()

    def _slice(self) -> None:
        # Rows in small batches until the slice's time is up: the window repaints between slices.
        deadline = time.perf_counter() + SLICE_S
        while self._next < len(self._rows) and time.perf_counter() < deadline:
            batch = self._rows[self._next : self._next + BATCH_ROWS]
            self._next += len(batch)
            values, make_record = self._values, self._model.make_record
            self._text.add_rows(
                (make_record(values[row]), self._names_of(row)) for row in batch if row in values
            )
        if self._next >= len(self._rows):
            self._timer.stop()
            put_on_clipboard(self._text)
            self.finished.emit(self._text.cells)

    def _names_of(self, row: int) -> frozenset[str]:
        columns = self._cells.columns(row)
        names = self._names.get(columns)
        if names is None:
            names = self._names[columns] = frozenset(self._model.columns[c].name for c in columns)
        return names


#: Selected rows this close together are read in one query (the rows between are dropped).
MERGE_GAP = 200


def _blocks(rows: Sequence[int]) -> list[tuple[int, int]]:
    """The sorted rows as runs (first, count), one query each; near runs are read as one."""
    blocks: list[tuple[int, int]] = []
    for row in rows:
        if blocks and row - (blocks[-1][0] + blocks[-1][1]) <= MERGE_GAP:
            blocks[-1] = (blocks[-1][0], row - blocks[-1][0] + 1)
        else:
            blocks.append((row, 1))
    return blocks


def _read_rows(query: TableQuery, state, blocks: list[tuple[int, int]]) -> dict[int, tuple]:
    values: dict[int, tuple] = {}
    for first, count in blocks:
        for offset, row in enumerate(query.fetch(state, first, count)):
            values[first + offset] = row
    return values
