"""A tab's status line: rows that pass, the filters and their warnings, the totals of the selected cells."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybrowser.core.cells import may_hold_number
from hybrowser.core.figures import format_number
from hybrowser.core.labels import tr
from hybrowser.core.totals import Totals, describe, totals_of
from hybrowser.db.query import QueryState, TableQuery
from hybrowser.qt.table.clipboard import cell_block
from hybrowser.qt.table.model import owner_ids

if TYPE_CHECKING:
    from hybrowser.qt.table.tab import TableTab

#: Beyond this many selected rows (per range), statistics and highlights are left out.
STATS_ROW_LIMIT = 20_000


def selection_totals(query: TableQuery, state: QueryState, spans: list[tuple[int, int, list[str]]]) -> Totals:
    """Totals per unit over row spans of the filtered, sorted table, added up by SQL (worker)."""
    totals = Totals()
    for top, bottom, columns in spans:
        for column in columns:
            answer = query.window_unit_totals(state, column, top, bottom - top + 1)
            for unit, n, total, low, high, left in answer:
                if n:
                    totals.unit(unit).merge(n, total, low, high)
                totals.left_out += left
    return totals


class StatusLine:
    """Composes the tab's status line (sent as `tab.statusChanged`) and follows its selection."""

    def __init__(self, tab: TableTab) -> None:
        self.tab = tab
        self._stats_owner = next(owner_ids)
        self._stats_generation = 0
        tab.model.service.finished.connect(self._stats_arrived)
        self._count_text = ""
        #: the filters in words, and what is wrong with those that cannot apply (by column)
        self.filter_descriptions: tuple[str, ...] = ()
        self.filter_hints: dict[str, str] = {}
        self._stats_text = ""

    def count_changed(self, shown: int, exact: bool) -> None:
        total = self.tab.model.total
        key = "{shown} of {total} rows" if exact else "≥ {shown} of {total} rows (counting…)"
        self._count_text = tr(key, self.tab.lang, shown=format_number(shown), total=format_number(total))
        self.update()

    def update(self) -> None:
        lang = self.tab.lang
        parts = [self._count_text]
        if self.filter_descriptions:
            parts.append(f"{tr('Filters', lang)}: " + "; ".join(self.filter_descriptions))
        if self.filter_hints:
            parts.append("⚠ " + "; ".join(f"{c}: {h}" for c, h in self.filter_hints.items()))
        if self._stats_text:
            parts.append(self._stats_text)
        self.tab.statusChanged.emit("   ".join(p for p in parts if p))

    def announce(self) -> None:
        """Say the status line again (the window shows the current tab's)."""
        self.update()

    def selection_changed(self, *_args) -> None:
        """Totals of the selected cells for the status line, and the selected rowids for the panels."""
        tab = self.tab
        model = tab.model
        ranges = [(r.top(), r.bottom(), r.left(), r.right()) for r in tab.view.selectionModel().selection()]
        rows = sorted(
            {
                row
                for top, bottom, _, _ in ranges
                for row in range(top, min(bottom, top + STATS_ROW_LIMIT) + 1)
            }
        )
        self._stats_text = ""
        self._stats_generation += 1
        model.service.advance(self._stats_owner, self._stats_generation)
        if rows and all(model.is_loaded(row) for row in rows):
            block = cell_block(tab)
            self._show_stats(totals_of(block.rows, block.columns))
        elif rows:
            # Rows not on screen: SQL adds them up in the worker; the status follows.
            state, table, columns = model.state, tab.table, model.columns
            spans = [
                (top, bottom, [c.name for c in columns[left : right + 1] if may_hold_number(c)])
                for top, bottom, left, right in ranges
            ]
            model.service.submit(
                self._stats_owner,
                self._stats_generation,
                "stats",
                lambda conn: selection_totals(TableQuery(conn, table), state, spans),
            )
        self.update()
        # The chart and the map highlight the selected rows that are loaded (all, for a
        # selection made by clicking; a huge one is not read just to highlight it).
        rowids = [model.rowid(r) for r in rows if model.is_loaded(r)]
        tab.selectionChanged.emit([r for r in rowids if r is not None])

    def _stats_arrived(self, result) -> None:
        if result.owner == self._stats_owner and result.generation == self._stats_generation:
            self._show_stats(result.payload if not result.error else None)

    def _show_stats(self, totals: Totals | None) -> None:
        self._stats_text = describe(totals, self.tab.lang) if totals else ""
        self.update()
