"""One tab: a search box, the table with its filter row, the detail pane, and copy/export."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMenu,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hybrowser.core.cells import may_hold_number
from hybrowser.core.figures import format_number
from hybrowser.core.labels import tr
from hybrowser.core.tables import ColumnMeta, TableMeta
from hybrowser.core.totals import Totals, describe, totals_of
from hybrowser.db.connection import BulletinDatabase
from hybrowser.db.query import QueryState, SortKey, TableQuery
from hybrowser.qt.query_service import QueryService
from hybrowser.qt.table.cell_delegate import CellDelegate
from hybrowser.qt.table.detail_pane import DetailPane
from hybrowser.qt.table.filter_header import FILTER_DELAY_MS, FilterHeader
from hybrowser.qt.table.model import TableModel, owner_ids
from hybrowser.qt.table.row_header import RowNumberHeader

if TYPE_CHECKING:
    # Copying and the selection's cells (and with them CSV, HTML and spreadsheet code) load
    # when first used, not before the first frame.
    from hybrowser.core import selection
    from hybrowser.qt.table.large_copy import LargeCopy

#: The search box's tooltip (a key of labels.UI_TEXT).
SEARCH_HINT = (
    "Searches the text stored in: {columns}. A category, period or relation shown in words "
    "is found with its column's filter box (e.g. =Fiscal, 2021-05, Located in)."
)
#: Beyond this many selected rows (per range), statistics and highlights are left out.
STATS_ROW_LIMIT = 20_000
#: Copies up to this many cells are made at once (~60 ms); larger ones between repaints.
COPY_NOW_CELLS = 10_000
#: More cells than this are not copied (hundreds of MB of text): exporting is the way.
COPY_LIMIT_CELLS = 1_000_000
#: Column widths are fitted to the text of this many first rows (a screenful).
FIT_ROWS = 60
#: The widest a fitted column gets, in CJK characters, by role ("" for any other).
FIT_CAP_CHARS = {"quote": 16, "name": 14, "": 20}
#: Room around a cell's text (the style's margins and the sort indicator's gap).
CELL_PADDING = 18


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


class TableTab(QWidget):
    """A table of the bulletin database, its filters and its detail pane."""

    statusChanged = Signal(str)
    #: rowids of the selected rows (for the chart and the map).
    selectionChanged = Signal(list)
    #: the filtered/sorted state changed (for the chart and the map).
    stateChanged = Signal()
    #: a new state was asked for (its rows are on their way; stateChanged follows when they are in).
    stateRequested = Signal()
    #: cells copied, and whether they are on the clipboard yet (a large copy takes a moment).
    copied = Signal(int, bool)

    def __init__(
        self,
        db: BulletinDatabase,
        service: QueryService,
        table: TableMeta,
        bulletins: Mapping[str, Mapping[str, object]],
        lang: str,
        parent: QWidget | None = None,
        ref_labels: dict | None = None,
        panel_service: QueryService | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        #: Where the chart and the map run their queries: a worker of their own, so that a
        #: slow chart aggregate never makes the table's next page wait.
        self.panel_service = panel_service or service
        self.table = table
        self.bulletins = bulletins
        self.lang = lang
        self.model = TableModel(service, table, lang, self, ref_labels)
        self._stats_owner = next(owner_ids)
        self._stats_generation = 0
        service.finished.connect(self._stats_arrived)
        # Rows a chart bar or a map marker selects, placed by the worker when not loaded.
        self._select_owner = next(owner_ids)
        self._select_generation = 0
        self._select_waiting: tuple[QueryState, set[int]] = (QueryState(), set())
        service.finished.connect(self._positions_arrived)
        self._count_text = ""
        self._filter_descriptions: tuple[str, ...] = ()
        self._filter_hints: dict[str, str] = {}
        self._stats_text = ""
        self._large_copy: LargeCopy | None = None

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        # The search box pauses like the filter boxes (see TypingPause): not at all while fast.
        self.search.textEdited.connect(lambda _text: self._search_timer.start(self.header.pause.delay_ms()))
        self.search.returnPressed.connect(self._apply_search)

        self.view = QTableView(self)
        self.header = FilterHeader(self.view)
        self.view.setHorizontalHeader(self.header)
        self.view.setVerticalHeader(RowNumberHeader(lambda: self.model.total, self.view))
        self.view.setModel(self.model)
        self.view.setItemDelegate(CellDelegate(self.model, self.view))
        # The column headers get a selection model of their own, always empty. To draw a header
        # Qt asks whether its whole column is selected, and answers by asking the model about
        # every selected row (two Python calls each): 0.7 s per repaint with 10,000 rows
        # selected, minutes with a million. The cells' selection is unaffected.
        self.header.setSelectionModel(QItemSelectionModel(self.model, self.header))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.header.sectionClicked.connect(self._header_clicked)
        self.header.filterChanged.connect(self._filter_changed)
        self.header.setSortIndicatorShown(False)
        self.header.set_columns(self.model.columnCount())
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        self.detail = DetailPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.splitter, 1)

        self.model.countChanged.connect(self._count_changed)
        self.model.filtersApplied.connect(self._filters_applied)
        self.model.stateApplied.connect(self._state_applied)
        self._auto_widths = False  # widths not chosen by the user: fitted to the first rows
        self._fitted = False
        self.model.stateApplied.connect(self._first_rows_in)
        # A filter, search or sort replaces the rows: the totals and the detail pane follow
        # what is shown now, not the rows that were selected before.
        self.model.modelReset.connect(self._rows_replaced)
        self.model.queryFailed.connect(lambda message: self.statusChanged.emit(message))
        self._restored_sort: tuple[SortKey, ...] = ()
        self.retranslate()

    # ---- language and state ---------------------------------------------------------------------

    def start(self, conn: sqlite3.Connection | None = None) -> None:
        """Load the first rows, in the saved sort order if there is one.

        `conn`, the UI thread's connection, lets a fast first page be read at once.
        """
        self.set_state(self._initial_state(), conn)

    def _initial_state(self) -> QueryState:
        if self._restored_sort:
            return QueryState(sort=self._restored_sort)
        if self.table.default_sort and self.table.has_column(self.table.default_sort):
            return QueryState(sort=(SortKey(self.table.default_sort),))
        return QueryState()

    def title(self) -> str:
        return self.table.title(self.lang)

    def retranslate(self) -> None:
        # Say exactly what is searched: the stored text of these columns (an index answers at a
        # million rows); a category, period or relation shown in words has its column's filter.
        separator = ", " if self.lang == "en" else "、"
        searched = separator.join(dict.fromkeys(self._search_label(c) for c in self.table.search_columns))
        self.search.setPlaceholderText(tr("Search {columns} (Ctrl+F)", self.lang, columns=searched))
        self.search.setToolTip(tr(SEARCH_HINT, self.lang, columns=searched))
        self.header.set_placeholder("筛选" if self.lang == "zh" else "filter")
        self.setToolTip(self.table.description(self.lang))
        self.detail.show_placeholder(self.lang)

    def _search_label(self, column: ColumnMeta) -> str:
        """A searched column's name; a code or reference column is searched as its stored code."""
        label = column.label(self.lang)
        return tr("{column} (code)", self.lang, column=label) if column.role in ("code", "ref") else label

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        widths = self._column_widths()
        texts = {c.name: t for c, t in zip(self.model.columns, self.header.texts(), strict=False)}
        self.lang = lang
        self.model.set_language(lang)
        self.header.set_columns(self.model.columnCount(), [texts.get(c.name, "") for c in self.model.columns])
        self._restore_widths(widths)
        # English headers and values are longer: widen what would now be clipped.
        self._fit_widths(grow_only=True)
        self._show_sort_indicator()
        self.retranslate()
        self._update_status()

    def state(self) -> QueryState:
        return self.model.state

    def set_state(self, state: QueryState, conn: sqlite3.Connection | None = None) -> None:
        self.model.set_state(state, conn)
        self._show_sort_indicator()
        self.stateRequested.emit()

    # ---- sorting and filtering ----------------------------------------------------------------

    def _header_clicked(self, section: int) -> None:
        column = self.model.columns[section].name
        keys = list(self.model.state.sort)
        shift = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        existing = next((k for k in keys if k.column == column), None)
        if shift:
            if existing:
                keys[keys.index(existing)] = SortKey(column, not existing.descending)
            else:
                keys.append(SortKey(column))
        elif keys and keys[0].column == column and len(keys) == 1:
            keys = [SortKey(column, not keys[0].descending)]
        else:
            keys = [SortKey(column)]
        self.sort_by(tuple(keys))

    def sort_by(self, keys: tuple[SortKey, ...]) -> None:
        from dataclasses import replace

        # A sorted page comes from an index in milliseconds: read it here (within the same
        # 30 ms limit as at start-up) rather than wait behind the worker's running count.
        self.set_state(replace(self.model.state, sort=keys), self.db.conn)

    def _show_sort_indicator(self) -> None:
        keys = self.model.state.sort
        section = self.model.column_index(keys[0].column) if keys else None
        if section is None:
            self.header.setSortIndicatorShown(False)
            return
        self.header.setSortIndicatorShown(True)
        order = Qt.SortOrder.DescendingOrder if keys[0].descending else Qt.SortOrder.AscendingOrder
        self.header.setSortIndicator(section, order)

    def _filter_changed(self, section: int, text: str) -> None:
        column = self.model.columns[section].name
        self._ask(self.model.state.with_filter(column, text))

    def _ask(self, state: QueryState) -> None:
        """Set a state the user typed, unless it is the one whose rows are already on their way.

        Typing applies as it goes: an Enter that follows the last key closely asks for what is
        already being read, and asking again would only stop that query and start it over.
        """
        if state == self.model.state and self.model.asking:
            return
        self.set_state(state)

    def set_filter(self, column: str, text: str) -> None:
        """Type text into a column's filter box (and apply it at once)."""
        section = self.model.column_index(column)
        if section is not None:
            self.header.editor(section).setText(text)
        self.set_state(self.model.state.with_filter(column, text))

    def _apply_search(self) -> None:
        from dataclasses import replace

        self._search_timer.stop()
        self._ask(replace(self.model.state, search=self.search.text()))

    def set_search(self, text: str) -> None:
        self.search.setText(text)
        self._apply_search()

    def clear_filters(self) -> None:
        from dataclasses import replace

        self.header.clear_all()
        self.search.clear()
        self.set_state(replace(self.model.state, filters=(), search=""))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def focus_filters(self) -> None:
        self.header.focus_first()

    def _filters_applied(self, errors: dict, descriptions: tuple) -> None:
        self._filter_hints = errors
        self._filter_descriptions = descriptions
        for section, column in enumerate(self.model.columns):
            self.header.set_hint(section, errors.get(column.name))

    def _state_applied(self) -> None:
        if self.model.answer_ms is not None:
            self.header.pause.answered(self.model.answer_ms)
        self._show_sort_indicator()
        self.stateChanged.emit()

    # ---- status ------------------------------------------------------------------------------

    def _count_changed(self, shown: int, exact: bool) -> None:
        total = self.model.total
        key = "{shown} of {total} rows" if exact else "≥ {shown} of {total} rows (counting…)"
        self._count_text = tr(key, self.lang, shown=format_number(shown), total=format_number(total))
        self._update_status()

    def _update_status(self) -> None:
        parts = [self._count_text]
        if self._filter_descriptions:
            parts.append(f"{tr('Filters', self.lang)}: " + "; ".join(self._filter_descriptions))
        if self._filter_hints:
            parts.append("⚠ " + "; ".join(f"{c}: {h}" for c, h in self._filter_hints.items()))
        if self._stats_text:
            parts.append(self._stats_text)
        self.statusChanged.emit("   ".join(p for p in parts if p))

    def announce_status(self) -> None:
        """Say the status line again (the window shows the current tab's)."""
        self._update_status()

    # ---- selection ---------------------------------------------------------------------------

    def _current_changed(self, current, _previous) -> None:
        record = self.model.record(current.row()) if current.isValid() else None
        if record is None:
            self.detail.show_placeholder(self.lang)
            return
        bulletin = self.bulletins.get(str(record.get("bulletin_id")))
        self.detail.show_record(self.table, record, bulletin, self.lang)

    def _selection_changed(self, *_args) -> None:
        ranges = [(r.top(), r.bottom(), r.left(), r.right()) for r in self.view.selectionModel().selection()]
        rows = sorted(
            {
                row
                for top, bottom, _, _ in ranges
                for row in range(top, min(bottom, top + STATS_ROW_LIMIT) + 1)
            }
        )
        self._stats_text = ""
        self._stats_generation += 1
        self.model.service.advance(self._stats_owner, self._stats_generation)
        if rows and all(self.model.is_loaded(row) for row in rows):
            block = self.cell_block()
            self._show_stats(totals_of(block.rows, block.columns))
        elif rows:
            # Rows not on screen: SQL adds them up in the worker; the status follows.
            state, table, columns = self.model.state, self.table, self.model.columns
            spans = [
                (top, bottom, [c.name for c in columns[left : right + 1] if may_hold_number(c)])
                for top, bottom, left, right in ranges
            ]
            self.model.service.submit(
                self._stats_owner,
                self._stats_generation,
                "stats",
                lambda conn: selection_totals(TableQuery(conn, table), state, spans),
            )
        self._update_status()
        # The chart and the map highlight the selected rows that are loaded (all, for a
        # selection made by clicking; a huge one is not read just to highlight it).
        rowids = [self.model.rowid(r) for r in rows if self.model.is_loaded(r)]
        self.selectionChanged.emit([r for r in rowids if r is not None])

    def _stats_arrived(self, result) -> None:
        if result.owner == self._stats_owner and result.generation == self._stats_generation:
            self._show_stats(result.payload if not result.error else None)

    def _show_stats(self, totals: Totals | None) -> None:
        self._stats_text = describe(totals, self.lang) if totals else ""
        self._update_status()

    def _rows_replaced(self) -> None:
        self._selection_changed()
        self._current_changed(self.view.selectionModel().currentIndex(), None)

    def select_rowids(self, rowids: list[int]) -> None:
        """Select the rows with these rowids (from a chart bar or a map marker) and show the first.

        Rows not loaded are placed by the worker (a row_number() over every filtered row can
        take a while at a million rows); the selection follows when it answers.
        """
        rows = {rowid: self.model.loaded_row_of(rowid) for rowid in rowids}
        missing = [rowid for rowid, row in rows.items() if row is None]
        found = {row for row in rows.values() if row is not None}
        self._select_generation += 1
        self.model.service.advance(self._select_owner, self._select_generation)
        if not missing:
            self._select_rows(found)
            return
        state, table = self.model.state, self.table
        self._select_waiting = (state, found)
        self.model.service.submit(
            self._select_owner,
            self._select_generation,
            "positions",
            lambda conn: TableQuery(conn, table).positions_of(state, missing),
        )

    def _positions_arrived(self, result) -> None:
        if result.owner != self._select_owner or result.generation != self._select_generation:
            return
        state, found = self._select_waiting
        if result.error or state != self.model.state:
            return  # the table moved on (or the file is busy): nothing to select
        self._select_rows(found | set(result.payload.values()))

    def _select_rows(self, rows: set[int]) -> None:
        found = sorted(rows)
        selection = QItemSelection()
        last_column = self.model.columnCount() - 1
        for row in found:
            selection.select(self.model.index(row, 0), self.model.index(row, last_column))
        model_selection = self.view.selectionModel()
        model_selection.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if found:
            first = self.model.index(found[0], 0)
            self.view.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtCenter)
            model_selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _selected_cells(self) -> selection.SelectedCells:
        from hybrowser.core import selection

        return selection.SelectedCells(
            [(r.top(), r.bottom(), r.left(), r.right()) for r in self.view.selectionModel().selection()]
        )

    def cell_block(self) -> selection.CellBlock:
        """The selected cells with their full records, for the rows that are loaded.

        Rows not loaded are never read here, on the UI thread: copy() hands such a
        selection to LargeCopy, whose rows the worker reads.
        """
        from hybrowser.core import selection

        cells = self._selected_cells()
        columns = self.model.columns
        rows = []
        for row in cells.rows():
            record = self.model.record(row) if self.model.is_loaded(row) else None
            if record is not None:
                names = frozenset(columns[c].name for c in cells.columns(row) if c < len(columns))
                rows.append((record, names))
        return selection.CellBlock(columns, rows)

    # ---- copy and export ------------------------------------------------------------------------

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

        selected = self._selected_cells()
        cells = selected.count()
        if self._large_copy is not None:
            self._large_copy.cancel()
            self._large_copy = None
        if cells > COPY_LIMIT_CELLS:
            self.statusChanged.emit(
                tr("Too many cells to copy ({n}); export the rows instead", self.lang, n=format_number(cells))
            )
            return 0
        if cells <= COPY_NOW_CELLS and all(self.model.is_loaded(row) for row in selected.rows()):
            block = self.cell_block()
            put_on_clipboard(selection.clipboard_text(block, self.lang, header, kind, self.bulletins))
            self.copied.emit(cells, True)
            return cells
        job = LargeCopy(self.model, selected, self.lang, header, kind, self.bulletins, self)
        self._large_copy = job
        job.finished.connect(lambda done: self.copied.emit(done, True))
        job.failed.connect(self.statusChanged.emit)
        self.copied.emit(cells, False)
        return cells

    def copy_raw(self) -> None:
        self.copy(kind="raw")

    def copy_csv(self) -> None:
        self.copy(kind="csv")

    def copy_citation(self) -> None:
        self.copy(kind="citations")

    def _context_menu(self, position) -> None:
        lang = self.lang
        menu = QMenu(self)
        menu.addAction(tr("Copy", lang), lambda: self.copy(False))
        menu.addAction(tr("Copy with headers", lang), lambda: self.copy(True))
        menu.addAction(tr("Copy raw values", lang), self.copy_raw)
        menu.addAction(tr("Copy as CSV", lang), self.copy_csv)
        menu.addAction(tr("Copy with citation", lang), self.copy_citation)
        menu.exec(self.view.viewport().mapToGlobal(position))

    # ---- settings ----------------------------------------------------------------------------

    def _column_widths(self) -> dict[str, int]:
        return {c.name: self.view.columnWidth(i) for i, c in enumerate(self.model.columns)}

    def _restore_widths(self, widths: Mapping[str, int]) -> None:
        for i, column in enumerate(self.model.columns):
            width = widths.get(column.name)
            if width:
                self.view.setColumnWidth(i, int(width))

    def save_settings(self, settings: QSettings) -> None:
        settings.beginGroup(f"tab/{self.table.name}")
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("widths", {k: int(v) for k, v in self._column_widths().items()})
        settings.setValue("sort", [f"{'-' if k.descending else ''}{k.column}" for k in self.model.state.sort])
        settings.endGroup()

    def restore_settings(self, settings: QSettings) -> None:
        """Splitter, column widths, and the sort that start() will load."""
        settings.beginGroup(f"tab/{self.table.name}")
        splitter = settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        widths = settings.value("widths")
        if isinstance(widths, dict):
            self._restore_widths({k: int(v) for k, v in widths.items()})
        else:
            self._default_widths()
        sort = settings.value("sort")
        settings.endGroup()
        if isinstance(sort, str):
            sort = [sort]
        if isinstance(sort, list) and sort:
            keys = tuple(
                SortKey(s.lstrip("-"), s.startswith("-"))
                for s in sort
                if self.table.has_column(s.lstrip("-"))
            )
            self._restored_sort = keys

    def _default_widths(self) -> None:
        """Widths before any row is loaded: the header's label, or a typical value if wider;
        the first rows then widen them to what they hold (_fit_widths)."""
        metrics = self.view.fontMetrics()
        self._auto_widths = True
        for i, column in enumerate(self.model.columns):
            if column.role in ("quote", "name") or column.name == "source":
                width = metrics.horizontalAdvance("中" * (16 if column.role == "quote" else 12))
            elif column.is_numeric or column.role == "figure":
                width = metrics.horizontalAdvance("0" * 12)
            else:
                width = metrics.horizontalAdvance("中" * 6)
            self.view.setColumnWidth(i, max(width, self.header.sectionSizeFromContents(i).width()))

    def _fit_widths(self, grow_only: bool) -> None:
        """Widen columns so that their header and the first rows' text are not clipped.

        A column is never made wider than a cap for its text (a quote is long), but never
        narrower than its header; with grow_only, widths the user chose are only widened.
        """
        metrics = self.view.fontMetrics()
        rows = [r for r in range(min(self.model.rowCount(), FIT_ROWS)) if self.model.is_loaded(r)]
        for i, column in enumerate(self.model.columns):
            cap = metrics.horizontalAdvance("中" * FIT_CAP_CHARS.get(column.role, FIT_CAP_CHARS[""]))
            texts = (self.model.cell(r, i)[0] for r in rows)
            content = max((metrics.horizontalAdvance(t) for t in texts), default=0) + CELL_PADDING
            wanted = max(self.header.sectionSizeFromContents(i).width(), min(content, cap))
            if not grow_only or wanted > self.view.columnWidth(i):
                self.view.setColumnWidth(i, wanted)

    def _first_rows_in(self) -> None:
        if self._auto_widths and not self._fitted:
            self._fitted = True
            self._fit_widths(grow_only=False)
