"""The proposed facts of one import as an editable table: accept or reject each, edit its fields."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from hybrowser.core.labels import code_label, tr

#: (field of the indicator row, header) in the order shown; None is the accept column.
COLUMNS: tuple[tuple[str | None, str], ...] = (
    (None, "Accept"),
    ("name_zh", "Indicator"),
    ("value", "Value"),
    ("qualifier", "Qualifier"),
    ("measure", "Measure"),
    ("unit", "Unit"),
    ("period_start", "Period from"),
    ("period_end", "Period to"),
    ("figure", "Figure as written"),
    ("name_en", "Indicator (English)"),
)
EDITABLE = {"name_zh", "name_en", "value", "qualifier", "measure", "unit", "period_start", "period_end"}
#: Fields holding a code: shown by its label (确数), edited from the list the build allows.
CODED = ("qualifier", "measure")
REJECTED_COLOR = "#9a9a9a"


class FactsModel(QAbstractTableModel):
    """Rows of indicators.csv as the import proposed them, with the reviewer's edits and decisions."""

    #: emitted on every edit or decision (the view then has unsaved changes).
    changed = Signal()

    def __init__(self, rows: list[dict[str, str]], lang: str = "zh", parent=None) -> None:
        super().__init__(parent)
        self.rows = [dict(row) for row in rows]
        self.accepted = [False] * len(rows)
        self.lang = lang

    # ---- decisions ---------------------------------------------------------------------------

    def set_accepted(self, row: int, accepted: bool) -> None:
        if self.accepted[row] != accepted:
            self.accepted[row] = accepted
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            self.changed.emit()

    def toggle(self, rows: list[int]) -> None:
        """Accept the rows if any is rejected, else reject them all (Space / Enter)."""
        accept = not all(self.accepted[r] for r in rows)
        for row in rows:
            self.set_accepted(row, accept)

    def accept_all(self) -> None:
        for row in range(len(self.rows)):
            self.set_accepted(row, True)

    def accepted_rows(self) -> list[dict[str, str]]:
        return [row for row, ok in zip(self.rows, self.accepted, strict=True) if ok]

    def rejected_rows(self) -> list[dict[str, str]]:
        return [row for row, ok in zip(self.rows, self.accepted, strict=True) if not ok]

    # ---- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return tr(COLUMNS[section][1], self.lang)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        field = COLUMNS[index.column()][0]
        if field is None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif field in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, field = index.row(), COLUMNS[index.column()][0]
        if field is None:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if self.accepted[row] else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return tr("accepted" if self.accepted[row] else "rejected", self.lang)
            return None
        if role == Qt.ItemDataRole.DisplayRole and field in CODED:
            return code_label(self.rows[row].get(field, ""), self.lang)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.rows[row].get(field, "")
        if role == Qt.ItemDataRole.ForegroundRole and not self.accepted[row]:
            return QColor(REJECTED_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.rows[row].get("quote", "")
        return None

    def setData(self, index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        row, field = index.row(), COLUMNS[index.column()][0]
        if field is None and role == Qt.ItemDataRole.CheckStateRole:
            self.set_accepted(row, Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        if field in EDITABLE and role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            if text == self.rows[row].get(field, ""):
                return False
            if field == "name_zh" and self.rows[row].get("name_en") == self.rows[row].get("name_zh"):
                self.rows[row]["name_en"] = text  # the import's placeholder follows the Chinese name
            self.rows[row][field] = text
            self.dataChanged.emit(index, index)
            self.changed.emit()
            return True
        return False
