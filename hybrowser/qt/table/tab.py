"""One tab: a search box, the table with its filter row, the detail pane; its sort, filters and search.

Its other parts are collaborators it owns: copying (clipboard.TableClipboard), the status line
(status.StatusLine), column widths (widths.ColumnWidths) and selecting rows by rowid
(rowid_selection.RowidSelection).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hybrowser.core.labels import tr
from hybrowser.core.tables import ColumnMeta, TableMeta
from hybrowser.db.connection import BulletinDatabase
from hybrowser.db.query import QueryState, SortKey
from hybrowser.qt.query_service import QueryService
from hybrowser.qt.table.cell_delegate import CellDelegate
from hybrowser.qt.table.clipboard import TableClipboard
from hybrowser.qt.table.detail_pane import DetailPane
from hybrowser.qt.table.filter_header import FILTER_DELAY_MS, FilterHeader
from hybrowser.qt.table.model import TableModel
from hybrowser.qt.table.row_header import RowNumberHeader
from hybrowser.qt.table.rowid_selection import RowidSelection
from hybrowser.qt.table.status import StatusLine
from hybrowser.qt.table.widths import ColumnWidths

#: The search box's tooltip (a key of labels.UI_TEXT).
SEARCH_HINT = (
    "Searches the text stored in: {columns}. A category, period or relation shown in words "
    "is found with its column's filter box (e.g. =Fiscal, 2021-05, Located in)."
)


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
        #: the row count, filters and the selection's totals, sent as statusChanged
        self.status = StatusLine(self)
        #: rows a chart bar or a map marker selects, placed by the worker when not loaded
        self.rowid_selection = RowidSelection(self)
        #: Edit → Copy and its kinds, and the table's context menu
        self.clipboard = TableClipboard(self)

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
        self.view.customContextMenuRequested.connect(self.clipboard.context_menu)
        self.header.sectionClicked.connect(self._header_clicked)
        self.header.filterChanged.connect(self._filter_changed)
        self.header.setSortIndicatorShown(False)
        self.header.set_columns(self.model.columnCount())
        self.view.selectionModel().selectionChanged.connect(self.status.selection_changed)
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

        self.model.countChanged.connect(self.status.count_changed)
        self.model.filtersApplied.connect(self._filters_applied)
        self.model.stateApplied.connect(self._state_applied)
        self.widths = ColumnWidths(self)
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
        widths = self.widths.current()
        texts = {c.name: t for c, t in zip(self.model.columns, self.header.texts(), strict=False)}
        self.lang = lang
        self.model.set_language(lang)
        self.header.set_columns(self.model.columnCount(), [texts.get(c.name, "") for c in self.model.columns])
        self.widths.restore(widths)
        # English headers and values are longer: widen what would now be clipped.
        self.widths.fit(grow_only=True)
        self._show_sort_indicator()
        self.retranslate()
        self.status.update()

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
        self.status.filter_hints = errors
        self.status.filter_descriptions = descriptions
        for section, column in enumerate(self.model.columns):
            self.header.set_hint(section, errors.get(column.name))

    def _state_applied(self) -> None:
        if self.model.answer_ms is not None:
            self.header.pause.answered(self.model.answer_ms)
        self._show_sort_indicator()
        self.stateChanged.emit()

    # ---- selection ---------------------------------------------------------------------------

    def _current_changed(self, current, _previous) -> None:
        record = self.model.record(current.row()) if current.isValid() else None
        if record is None:
            self.detail.show_placeholder(self.lang)
            return
        bulletin = self.bulletins.get(str(record.get("bulletin_id")))
        self.detail.show_record(self.table, record, bulletin, self.lang)

    def _rows_replaced(self) -> None:
        self.status.selection_changed()
        self._current_changed(self.view.selectionModel().currentIndex(), None)

    # ---- settings ----------------------------------------------------------------------------

    def save_settings(self, settings: QSettings) -> None:
        settings.beginGroup(f"tab/{self.table.name}")
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("widths", {k: int(v) for k, v in self.widths.current().items()})
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
            self.widths.restore({k: int(v) for k, v in widths.items()})
        else:
            self.widths.set_defaults()
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
