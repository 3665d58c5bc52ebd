"""Selecting a tab's rows by rowid (a chart bar, a map marker), placed by the worker when not loaded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView

from hybrowser.db.query import QueryState, TableQuery
from hybrowser.qt.table.model import owner_ids

if TYPE_CHECKING:
    from hybrowser.qt.table.tab import TableTab


class RowidSelection:
    """Selects rows given by rowid and shows the first; a query finds those not loaded yet."""

    def __init__(self, tab: TableTab) -> None:
        self.tab = tab
        self._select_owner = next(owner_ids)
        self._select_generation = 0
        self._select_waiting: tuple[QueryState, set[int]] = (QueryState(), set())
        tab.model.service.finished.connect(self._positions_arrived)

    def select_rowids(self, rowids: list[int]) -> None:
        """Select the rows with these rowids (from a chart bar or a map marker) and show the first.

        Rows not loaded are placed by the worker (a row_number() over every filtered row can
        take a while at a million rows); the selection follows when it answers.
        """
        model = self.tab.model
        rows = {rowid: model.loaded_row_of(rowid) for rowid in rowids}
        missing = [rowid for rowid, row in rows.items() if row is None]
        found = {row for row in rows.values() if row is not None}
        self._select_generation += 1
        model.service.advance(self._select_owner, self._select_generation)
        if not missing:
            self._select_rows(found)
            return
        state, table = model.state, self.tab.table
        self._select_waiting = (state, found)
        model.service.submit(
            self._select_owner,
            self._select_generation,
            "positions",
            lambda conn: TableQuery(conn, table).positions_of(state, missing),
        )

    def _positions_arrived(self, result) -> None:
        if result.owner != self._select_owner or result.generation != self._select_generation:
            return
        state, found = self._select_waiting
        if result.error or state != self.tab.model.state:
            return  # the table moved on (or the file is busy): nothing to select
        self._select_rows(found | set(result.payload.values()))

    def _select_rows(self, rows: set[int]) -> None:
        model, view = self.tab.model, self.tab.view
        found = sorted(rows)
        selection = QItemSelection()
        last_column = model.columnCount() - 1
        for row in found:
            selection.select(model.index(row, 0), model.index(row, last_column))
        model_selection = view.selectionModel()
        model_selection.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if found:
            first = model.index(found[0], 0)
            view.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtCenter)
            model_selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
