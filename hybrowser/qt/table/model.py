"""A thin Qt model over TableQuery: rows are fetched in pages around what is visible, never all.

The model holds the QueryState. Setting a state fetches the first page (at once on the
UI thread's connection if asked and an index answers within 30 ms, else in the background)
and the exact count in the background; until the count arrives the row count is a lower bound.
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from hybrowser.core.cells import NULL_TEXT, display_text, elide, label_key
from hybrowser.core.tables import ColumnMeta, TableMeta
from hybrowser.db.connection import run_within
from hybrowser.db.query import QueryState, TableQuery
from hybrowser.qt.query_service import JobResult, QueryService

PAGE_SIZE = 200
#: A first page read on the UI thread must take less than this (seconds), else a worker reads it.
FIRST_PAGE_NOW_S = 0.03
#: Cached records and cell texts are dropped beyond this many (a few screens' worth).
CACHE_LIMIT = 20_000
LOADING_TEXT = "…"

DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole.value)
ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole.value)
FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole.value)
FONT_ROLE = int(Qt.ItemDataRole.FontRole.value)
BACKGROUND_ROLE = int(Qt.ItemDataRole.BackgroundRole.value)
#: Role for the stored value (numbers as numbers, dates as ISO text): sorting and copying raw.
RawRole = int(Qt.ItemDataRole.UserRole.value) + 1
#: Role for the row's full record as a dict (detail pane, citations).
RecordRole = int(Qt.ItemDataRole.UserRole.value) + 2

RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT_ALIGNED = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
#: Colour of the NULL placeholder, so that "no value" does not read as a value.
MISSING_COLOR = Qt.GlobalColor.gray
#: A figure imported but not yet reviewed (status 'proposed') is shown tinted and in italics.
PROPOSED_BACKGROUND = "#fff4d6"

#: Owner ids for QueryService jobs (models, tabs and panels each take their own).
owner_ids = itertools.count(1)


@dataclass
class FirstPage:
    rows: list[tuple]
    errors: dict[str, str]
    descriptions: tuple[str, ...]
    total: int


class TableModel(QAbstractTableModel):
    """Rows of one table for one QueryState, in the current language."""

    #: (rows shown, exact?) whenever the row count changes.
    countChanged = Signal(int, bool)
    #: filter hints by column name, and the descriptions of the active filters.
    filtersApplied = Signal(dict, tuple)
    #: emitted after a new state's first page is in.
    stateApplied = Signal()
    queryFailed = Signal(str)

    def __init__(
        self,
        service: QueryService,
        table: TableMeta,
        lang: str = "zh",
        parent=None,
        ref_labels: dict[str, dict[object, dict[str, str]]] | None = None,
        page_size: int | None = None,
    ) -> None:
        super().__init__(parent)
        #: Rows per page: PAGE_SIZE unless given (tests page a small database).
        self.page_size = PAGE_SIZE if page_size is None else page_size
        self.ref_labels = ref_labels or {}
        self._ref_columns = [(c.name, c.references) for c in table.columns if c.references]
        self.service = service
        self.table = table
        self.lang = lang
        self.state = QueryState()
        self.owner = next(owner_ids)
        self.generation = 0
        self.total = 0
        self.exact = True
        #: Whether a first page has been shown (start-up waits for it to load the panels).
        self.applied = False
        #: How long the last new state took from set_state to its first page, in ms.
        self.answer_ms: float | None = None
        self._asked_at = time.perf_counter()
        #: Whether the current state's first page is still to come.
        self.asking = False
        self._rows = 0
        self._pages: dict[int, list[tuple]] = {}
        self._pending: set[int] = set()
        # A repaint asks data() several times per visible cell; building the record and
        # its text once per row and cell keeps a repaint in a few milliseconds.
        self._record_cache: dict[int, dict[str, object]] = {}
        self._text_cache: dict[tuple[int, int], str] = {}
        self._positions = {c.name: i + 1 for i, c in enumerate(table.columns)}  # 0 is rowid
        self.columns: list[ColumnMeta] = table.visible_columns(lang)
        self._has_status = table.has_column("status")
        service.finished.connect(self._on_result)

    # ---- state -------------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        self.beginResetModel()
        self._text_cache.clear()
        self.lang = lang
        self.columns = self.table.visible_columns(lang)
        self.endResetModel()
        if self.state.filters:
            self.set_state(self.state)  # a comparison such as <b follows the labels now shown
        else:
            self.state = replace(self.state, lang=lang)

    def set_state(self, state: QueryState, conn: sqlite3.Connection | None = None) -> None:
        """Ask for new rows; the old ones stay on screen until the first new page arrives.

        With `conn` (the UI thread's own connection) the first page is read right away if
        that takes under FIRST_PAGE_NOW_S: at start-up the first frame then shows rows.
        Otherwise, and for the exact count always, the worker answers.
        """
        state = self.state = replace(state, lang=self.lang)
        self._asked_at = time.perf_counter()
        self.asking = True
        self.generation += 1
        self.service.advance(self.owner, self.generation)
        table, page_size = self.table, self.page_size

        def first_page(conn: sqlite3.Connection) -> FirstPage:
            query = TableQuery(conn, table)
            compiled = query.compile(state)
            rows = query.fetch(state, 0, page_size)
            return FirstPage(rows, compiled.errors, compiled.descriptions, query.total())

        page = None
        if conn is not None:
            try:
                page = run_within(conn, first_page, FIRST_PAGE_NOW_S)
            except sqlite3.Error:
                page = None  # the worker meets the error again and reports it
        if page is None:
            self.service.submit(self.owner, self.generation, "first", first_page)
        self.service.submit(
            self.owner, self.generation, "count", lambda conn: TableQuery(conn, table).count(state)
        )
        if page is not None:
            self._apply_first_page(page)

    def refresh(self) -> None:
        self.set_state(self.state)

    # ---- results -----------------------------------------------------------------------------

    def _on_result(self, result: JobResult) -> None:
        if result.owner != self.owner or result.generation != self.generation:
            return
        if result.error:
            if result.tag == "first":
                self.asking = False
            self.queryFailed.emit(result.error)
            return
        if result.tag == "first":
            self._apply_first_page(result.payload)  # type: ignore[arg-type]
        elif result.tag == "count":
            count: int = result.payload  # type: ignore[assignment]
            if count > self._rows:
                self.beginInsertRows(QModelIndex(), self._rows, count - 1)
                self._rows = count
                self.endInsertRows()
            elif count < self._rows:
                self.beginRemoveRows(QModelIndex(), count, self._rows - 1)
                self._rows = count
                self.endRemoveRows()
            self.exact = True
            self.countChanged.emit(self._rows, True)
        elif result.tag.startswith("page:"):
            number = int(result.tag[5:])
            self._pending.discard(number)
            self._pages[number] = result.payload  # type: ignore[assignment]
            first = number * self.page_size
            last = min(first + self.page_size, self._rows) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def _apply_first_page(self, page: FirstPage) -> None:
        self.beginResetModel()
        self._record_cache.clear()
        self._text_cache.clear()
        self._pages = {0: page.rows}
        self._pending = set()
        self.total = page.total
        self._rows = len(page.rows)
        self.exact = len(page.rows) < self.page_size
        self.applied = True
        self.asking = False
        self.answer_ms = (time.perf_counter() - self._asked_at) * 1000
        self.endResetModel()
        self.filtersApplied.emit(page.errors, page.descriptions)
        self.countChanged.emit(self._rows, self.exact)
        self.stateApplied.emit()

    def _request_page(self, number: int) -> None:
        if number in self._pending:
            return
        self._pending.add(number)
        state, table, size = self.state, self.table, self.page_size
        self.service.submit(
            self.owner,
            self.generation,
            f"page:{number}",
            lambda conn: TableQuery(conn, table).fetch(state, number * size, size),
        )

    # ---- rows --------------------------------------------------------------------------------

    def row_tuple(self, row: int) -> tuple | None:
        """The stored row (rowid first) if its page is loaded; asks for the page otherwise."""
        number, offset = divmod(row, self.page_size)
        page = self._pages.get(number)
        if page is None:
            self._request_page(number)
            return None
        return page[offset] if offset < len(page) else None

    def is_loaded(self, row: int) -> bool:
        number, offset = divmod(row, self.page_size)
        return number in self._pages and offset < len(self._pages[number])

    def record(self, row: int) -> dict[str, object] | None:
        cached = self._record_cache.get(row)
        if cached is not None:
            return cached
        values = self.row_tuple(row)
        if values is None:
            return None
        if len(self._record_cache) > CACHE_LIMIT:
            self._record_cache.clear()
        record = self._record_cache[row] = self.make_record(values)
        return record

    def make_record(self, values: tuple) -> dict[str, object]:
        """A stored row (rowid first) as a dict, with the names its references point to."""
        record: dict[str, object] = {name: values[i] for name, i in self._positions.items()}
        record["rowid"] = values[0]
        for column, table in self._ref_columns:
            names = self.ref_labels.get(table, {}).get(record[column])
            if names:
                for lang, name in names.items():
                    record[label_key(column, lang)] = name
        return record

    def rowid(self, row: int) -> int | None:
        values = self.row_tuple(row)
        return None if values is None else values[0]

    def loaded_row_of(self, rowid: int) -> int | None:
        """The model row of a rowid among the loaded pages (None if not loaded)."""
        for number, page in self._pages.items():
            for offset, values in enumerate(page):
                if values[0] == rowid:
                    return number * self.page_size + offset
        return None

    def column_index(self, name: str) -> int | None:
        for i, column in enumerate(self.columns):
            if column.name == name:
                return i
        return None

    # ---- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE):
        # Called for several roles per visible row number on every repaint: roles as ints.
        if role == DISPLAY_ROLE:
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
            return self.columns[section].label(self.lang) if 0 <= section < len(self.columns) else None
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == TOOLTIP_ROLE and horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            unit = f" [{column.unit}]" if column.unit and not column.unit.startswith("@") else ""
            return f"{column.label_zh} / {column.label_en}{unit}\n{column.name}"
        return None

    def cell(self, row: int, column: int) -> tuple[str, ColumnMeta, bool]:
        """(text shown, its column, loaded?) for a cell: the one place cell text is made.

        The text is cached per cell: a repaint asks for it again for every visible cell.
        A long text is elided (copies and the detail pane use the whole value).
        """
        meta = self.columns[column]
        key = (row, column)
        text = self._text_cache.get(key)
        if text is not None:
            return text, meta, True
        record = self.record(row)
        if record is None:
            return LOADING_TEXT, meta, False
        if len(self._text_cache) > CACHE_LIMIT:
            self._text_cache.clear()
        text = self._text_cache[key] = elide(display_text(meta, record, self.lang))
        return text, meta, True

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE):
        # Roles are compared as plain ints: enum comparisons cost more than the rest of a call.
        if not index.isValid():
            return None
        if role in (DISPLAY_ROLE, TOOLTIP_ROLE):
            text, _column, loaded = self.cell(index.row(), index.column())
            if role == DISPLAY_ROLE:
                return text
            return text if loaded and len(text) > 30 else None
        if role in (RawRole, RecordRole):
            record = self.record(index.row())
            if record is None:
                return None
            return record if role == RecordRole else record.get(self.columns[index.column()].name)
        if role == ALIGNMENT_ROLE:
            return cell_alignment(self.columns[index.column()]).value
        if role == FOREGROUND_ROLE:
            text, _column, _loaded = self.cell(index.row(), index.column())
            return QColor(MISSING_COLOR) if text == NULL_TEXT else None
        if role in (FONT_ROLE, BACKGROUND_ROLE):
            return self._proposed_style(index.row(), role)
        return None

    def is_proposed(self, row: int) -> bool:
        """Whether a row is a figure still proposed (imported, not reviewed): drawn differently."""
        if not self._has_status:
            return False
        record = self.record(row)
        return record is not None and record.get("status") == "proposed"

    def _proposed_style(self, row: int, role: int):
        """Italics and a tint for a row still proposed; None otherwise."""
        if not self.is_proposed(row):
            return None
        if role == BACKGROUND_ROLE:
            return QColor(PROPOSED_BACKGROUND)
        font = QFont()
        font.setItalic(True)
        return font


def cell_alignment(column: ColumnMeta) -> Qt.AlignmentFlag:
    """Numbers right-aligned (digits line up), text left-aligned; both centred vertically."""
    return RIGHT_ALIGNED if column.is_numeric else LEFT_ALIGNED
