"""A tab's column widths: typical before any row is in, fitted to the first rows, kept across languages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hybrowser.qt.table.tab import TableTab

#: Column widths are fitted to the text of this many first rows (a screenful).
FIT_ROWS = 60
#: The widest a fitted column gets, in CJK characters, by role ("" for any other).
FIT_CAP_CHARS = {"quote": 16, "name": 14, "": 20}
#: Room around a cell's text (the style's margins and the sort indicator's gap).
CELL_PADDING = 18


class ColumnWidths:
    """Reads, restores and fits the widths of a tab's columns (by column name, not position)."""

    def __init__(self, tab: TableTab) -> None:
        self.tab = tab
        self._auto_widths = False  # widths not chosen by the user: fitted to the first rows
        self._fitted = False
        tab.model.stateApplied.connect(self.first_rows_in)

    def current(self) -> dict[str, int]:
        return {c.name: self.tab.view.columnWidth(i) for i, c in enumerate(self.tab.model.columns)}

    def restore(self, widths: Mapping[str, int]) -> None:
        for i, column in enumerate(self.tab.model.columns):
            width = widths.get(column.name)
            if width:
                self.tab.view.setColumnWidth(i, int(width))

    def set_defaults(self) -> None:
        """Widths before any row is loaded: the header's label, or a typical value if wider;
        the first rows then widen them to what they hold (fit)."""
        view, header = self.tab.view, self.tab.header
        metrics = view.fontMetrics()
        self._auto_widths = True
        for i, column in enumerate(self.tab.model.columns):
            if column.role in ("quote", "name") or column.name == "source":
                width = metrics.horizontalAdvance("中" * (16 if column.role == "quote" else 12))
            elif column.is_numeric or column.role == "figure":
                width = metrics.horizontalAdvance("0" * 12)
            else:
                width = metrics.horizontalAdvance("中" * 6)
            view.setColumnWidth(i, max(width, header.sectionSizeFromContents(i).width()))

    def fit(self, grow_only: bool) -> None:
        """Widen columns so that their header and the first rows' text are not clipped.

        A column is never made wider than a cap for its text (a quote is long), but never
        narrower than its header; with grow_only, widths the user chose are only widened.
        """
        view, header, model = self.tab.view, self.tab.header, self.tab.model
        metrics = view.fontMetrics()
        rows = [r for r in range(min(model.rowCount(), FIT_ROWS)) if model.is_loaded(r)]
        for i, column in enumerate(model.columns):
            cap = metrics.horizontalAdvance("中" * FIT_CAP_CHARS.get(column.role, FIT_CAP_CHARS[""]))
            texts = (model.cell(r, i)[0] for r in rows)
            content = max((metrics.horizontalAdvance(t) for t in texts), default=0) + CELL_PADDING
            wanted = max(header.sectionSizeFromContents(i).width(), min(content, cap))
            if not grow_only or wanted > view.columnWidth(i):
                view.setColumnWidth(i, wanted)

    def first_rows_in(self) -> None:
        if self._auto_widths and not self._fitted:
            self._fitted = True
            self.fit(grow_only=False)
