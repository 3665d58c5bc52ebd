"""The compare table: rows = series, columns = periods (or regions), copyable as cells for a spreadsheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget

from hybrowser.core.export import to_html, to_tsv, write_csv, write_xlsx
from hybrowser.core.labels import tr
from hybrowser.db.series_data import CompareTable
from hybrowser.qt.table.large_copy import put_on_clipboard


class GridText:
    """A grid as the clipboard takes it (see large_copy.put_on_clipboard): TSV and an HTML table."""

    def __init__(self, grid: list[list[str]], header_rows: int = 0) -> None:
        self.grid, self.header_rows = grid, header_rows

    def text(self) -> str:
        return to_tsv(self.grid)

    def html(self) -> str:
        return to_html(self.grid, self.header_rows)


class CompareModel(QAbstractTableModel):
    """A CompareTable as a Qt model (text as shown; the figure's indicators rowid as UserRole)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = CompareTable([], [], [], 0)

    def set_table(self, table: CompareTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self.table.header)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return self.table.rowids[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= self.table.label_columns:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.table.header[section]
        return None


class CompareView(QTableView):
    """The compare table: Ctrl+C copies the selected cells (all, if none), Ctrl+Shift+C with the header."""

    #: an indicators rowid: a figure cell was double-clicked.
    figureActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compare = CompareModel(self)
        self.setModel(self.compare)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.doubleClicked.connect(self._activated)
        self.lang = "zh"
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    # The window's Edit → Copy (Ctrl+C) copies the current tab; here the keys copy this table.
    # Accepting the shortcut override makes them key presses of this view instead of shortcuts.
    _COPY_KEYS = ((QKeySequence(QKeySequence.StandardKey.Copy), False), (QKeySequence("Ctrl+Shift+C"), True))

    def _copy_key(self, event: QKeyEvent) -> bool | None:
        """True/False (with or without the header) when the event is a copy key, else None."""
        pressed = QKeySequence(event.keyCombination())
        for keys, header in self._COPY_KEYS:
            if pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch:
                return header
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._copy_key(event) is not None:  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        header = self._copy_key(event)
        if header is None:
            super().keyPressEvent(event)
            return
        self.copy(header)
        event.accept()

    def set_table(self, table: CompareTable) -> None:
        self.compare.set_table(table)
        self.resizeColumnsToContents()

    def selected_grid(self, header: bool = False) -> list[list[str]]:
        """The selected cells as a grid (rows and columns between them kept); all cells if none."""
        table = self.compare.table
        indexes = self.selectionModel().selectedIndexes()
        if indexes:
            rows = sorted({i.row() for i in indexes})
            columns = sorted({i.column() for i in indexes})
            chosen = {(i.row(), i.column()) for i in indexes}
        else:
            rows, columns = list(range(len(table.rows))), list(range(len(table.header)))
            chosen = {(r, c) for r in rows for c in columns}
        grid = [[table.rows[r][c] if (r, c) in chosen else "" for c in columns] for r in rows]
        return ([[table.header[c] for c in columns]] if header else []) + grid

    def copy(self, header: bool = False) -> GridText:
        """Put the selected cells on the clipboard as TSV and an HTML table (and return them)."""
        text = GridText(self.selected_grid(header), 1 if header else 0)
        put_on_clipboard(text)  # type: ignore[arg-type]
        return text

    def _activated(self, index: QModelIndex) -> None:
        rowid = self.compare.data(index, Qt.ItemDataRole.UserRole)
        if rowid is not None:
            self.figureActivated.emit(int(rowid))

    def export(self, path: Path | str) -> int:
        """Write the whole table (header first) as CSV or, by the suffix, XLSX; returns its rows."""
        path = Path(path)
        grid = self.compare.table.grid(header=True)
        if path.suffix.lower() == ".xlsx":
            write_xlsx(path, grid, self.compare.table.caption or "series")
        else:
            write_csv(path, grid)
        return len(grid) - 1

    def _context_menu(self, position) -> None:
        menu = QMenu(self)
        menu.addAction(tr("Copy", self.lang), lambda: self.copy(False))
        menu.addAction(tr("Copy with headers", self.lang), lambda: self.copy(True))
        menu.addSeparator()
        menu.addAction(tr("Export…", self.lang), self._ask_export)
        menu.exec(self.viewport().mapToGlobal(position))

    def _ask_export(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export…", self.lang), str(Path.home() / "series.xlsx"), "XLSX (*.xlsx);;CSV (*.csv)"
        )
        if not path:
            return
        try:
            self.export(path)
        except OSError as error:
            QMessageBox.warning(self, tr("Export failed", self.lang), f"{path}\n{error}")
