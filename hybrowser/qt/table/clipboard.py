"""Copying a tab's selected cells: the text shown, raw values, CSV or with citations; large ones in slices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from hybrowser.core.figures import format_number
from hybrowser.core.labels import tr

if TYPE_CHECKING:
    # The selection's cells and copying (CSV, HTML, spreadsheet and citation code) load when
    # first used, not before the first frame.
    from hybrowser.core import selection
    from hybrowser.qt.table.large_copy import LargeCopy
    from hybrowser.qt.table.tab import TableTab

#: Copies up to this many cells are made at once (~60 ms); larger ones between repaints.
COPY_NOW_CELLS = 10_000
#: More cells than this are not copied (hundreds of MB of text): exporting is the way.
COPY_LIMIT_CELLS = 1_000_000


def selected_cells(tab: TableTab) -> selection.SelectedCells:
    from hybrowser.core import selection

    return selection.SelectedCells(
        [(r.top(), r.bottom(), r.left(), r.right()) for r in tab.view.selectionModel().selection()]
    )


def cell_block(tab: TableTab) -> selection.CellBlock:
    """The selected cells with their full records, for the rows that are loaded.

    Rows not loaded are never read here, on the UI thread: copy() hands such a
    selection to LargeCopy, whose rows the worker reads.
    """
    from hybrowser.core import selection

    cells = selected_cells(tab)
    columns = tab.model.columns
    rows = []
    for row in cells.rows():
        record = tab.model.record(row) if tab.model.is_loaded(row) else None
        if record is not None:
            names = frozenset(columns[c].name for c in cells.columns(row) if c < len(columns))
            rows.append((record, names))
    return selection.CellBlock(columns, rows)


class TableClipboard:
    """The tab's copy commands (Edit menu, context menu); `tab.copied` says how many cells."""

    def __init__(self, tab: TableTab) -> None:
        self.tab = tab
        self._large_copy: LargeCopy | None = None

    def copy(self, header: bool = False, kind: str = "shown") -> int:
        """Put the selected cells on the clipboard; returns how many.

        kind "shown" puts TSV and HTML of the text shown; "raw", "csv" and "citations" put
        plain text (see core.selection.ClipboardText). `copied(cells, done)` follows: at once
        for a small selection of loaded rows; for a large one or one with rows not loaded
        (read by the worker), first with done=False, then with done=True once the clipboard
        holds the cells.
        """
        from hybrowser.core import selection
        from hybrowser.qt.table.large_copy import LargeCopy, put_on_clipboard

        tab = self.tab
        selected = selected_cells(tab)
        cells = selected.count()
        if self._large_copy is not None:
            self._large_copy.cancel()
            self._large_copy = None
        if cells > COPY_LIMIT_CELLS:
            tab.statusChanged.emit(
                tr("Too many cells to copy ({n}); export the rows instead", tab.lang, n=format_number(cells))
            )
            return 0
        if cells <= COPY_NOW_CELLS and all(tab.model.is_loaded(row) for row in selected.rows()):
            block = cell_block(tab)
            put_on_clipboard(selection.clipboard_text(block, tab.lang, header, kind, tab.bulletins))
            tab.copied.emit(cells, True)
            return cells
        job = LargeCopy(tab.model, selected, tab.lang, header, kind, tab.bulletins, tab)
        self._large_copy = job
        job.finished.connect(lambda done: tab.copied.emit(done, True))
        job.failed.connect(tab.statusChanged.emit)
        tab.copied.emit(cells, False)
        return cells

    def copy_raw(self) -> None:
        self.copy(kind="raw")

    def copy_csv(self) -> None:
        self.copy(kind="csv")

    def copy_citation(self) -> None:
        self.copy(kind="citations")

    def context_menu(self, position) -> None:
        lang = self.tab.lang
        menu = QMenu(self.tab)
        menu.addAction(tr("Copy", lang), lambda: self.copy(False))
        menu.addAction(tr("Copy with headers", lang), lambda: self.copy(True))
        menu.addAction(tr("Copy raw values", lang), self.copy_raw)
        menu.addAction(tr("Copy as CSV", lang), self.copy_csv)
        menu.addAction(tr("Copy with citation", lang), self.copy_citation)
        menu.exec(self.tab.view.viewport().mapToGlobal(position))
