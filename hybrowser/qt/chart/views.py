"""The chart's view selector: the views a table offers, and the one the user picked for each table."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from hybrowser.core.figures import format_number
from hybrowser.core.labels import tr
from hybrowser.core.tables import TableMeta
from hybrowser.db.chart_data import ChartView
from hybrowser.view.chart_query import pick_view


class ViewSelector(QObject):
    """A "Show" label and a combo box of views; the panel lays both out in its toolbar."""

    #: the user picked another view (the panel draws it).
    picked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QLabel(parent)
        self.combo = QComboBox(parent)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(self._index_changed)
        self.views: list[ChartView] = []
        self._table: TableMeta | None = None
        self._chosen: dict[str, str] = {}  # table name → view key the user picked

    def retranslate(self, lang: str) -> None:
        self.label.setText(tr("Show", lang))

    def show_views(self, table: TableMeta | None, views: list[ChartView], lang: str) -> ChartView | None:
        """List a table's views (none without a table) and return the one to draw."""
        self._table = table
        self.views = views
        current = self._pick() if table is not None else None
        self.combo.blockSignals(True)  # filling the list is not the user picking
        self.combo.clear()
        for view in views:
            self.combo.addItem(f"{view.label(table, lang)}  · {format_number(view.count)}", view.key)
        if current is not None:
            self.combo.setCurrentIndex(views.index(current))
        self.combo.setEnabled(bool(views))
        self.combo.blockSignals(False)
        return current

    def select(self, key: str) -> bool:
        """Pick the view with this key, as the user would; False if the table has none."""
        for index, view in enumerate(self.views):
            if view.key == key:
                self.combo.setCurrentIndex(index)
                return True
        return False

    def wanted(self, table: TableMeta) -> str:
        """The key of the view the user last picked for this table ('' if none)."""
        return self._chosen.get(table.name, "")

    def _pick(self) -> ChartView | None:
        if self._table is None:
            return None
        return pick_view(self.views, self.wanted(self._table))

    def _index_changed(self, index: int) -> None:
        if self._table is None or not 0 <= index < len(self.views):
            return
        self._chosen[self._table.name] = self.views[index].key
        self.picked.emit()
