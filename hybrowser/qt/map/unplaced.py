"""The rows that are not on the map: a fold-out list under it, each row with the reason as a tooltip."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QToolButton, QWidget

from hybrowser.core.labels import tr
from hybrowser.db import map_data as md


class UnplacedRows(QObject):
    """A toggle button ("6 not on the map") and the list it folds; the panel lays both out."""

    #: the rowid of a row clicked in the list.
    rowidChosen = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.button = QToolButton(parent)
        self.button.setCheckable(True)
        self.button.setChecked(True)
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.toggled.connect(self._toggled)
        self.list = QListWidget(parent)
        self.list.setAlternatingRowColors(True)
        self.list.setMaximumHeight(parent.fontMetrics().height() * 5 + 8)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)

    def retranslate(self, lang: str) -> None:
        self.button.setToolTip(
            tr(
                "These rows have no coordinates and no district in the database, so they are not on the map.",
                lang,
            )
        )

    def show_records(self, records: list[md.MapRecord], places: dict[str, md.Place], lang: str) -> None:
        """List the records without a position (hidden, button and all, when there are none)."""
        unplaced = [r for r in records if r.placement == md.NONE]
        self.button.setText(tr("{n} not on the map", lang, n=len(unplaced)))
        self.button.setVisible(bool(unplaced))
        self.list.clear()
        for record in unplaced:
            item = QListWidgetItem(record.name(lang))
            item.setData(Qt.ItemDataRole.UserRole, record.rowid)
            if record.place_id and record.place_id in places:
                reason = tr("place “{p}” has no coordinates", lang, p=places[record.place_id].name(lang))
            else:
                reason = tr("no place given", lang)
            item.setToolTip(f"{record.name(lang)}\n{reason}")
            self.list.addItem(item)
        self.list.setVisible(bool(unplaced) and self.button.isChecked())

    def _toggled(self, shown: bool) -> None:
        self.button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.list.setVisible(shown and self.list.count() > 0)

    def _chosen(self, item: QListWidgetItem) -> None:
        rowid = item.data(Qt.ItemDataRole.UserRole)
        if rowid is not None:
            self.rowidChosen.emit(int(rowid))
