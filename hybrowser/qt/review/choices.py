"""Editors for the coded fields of a fact (qualifier, measure, unit): a list of the codes the build allows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from hybrowser.core.labels import code_label


def allowed_codes() -> dict[str, tuple[str, ...]]:
    """The codes each indicator column allows, from resources/meta/columns.csv (as the build reads it)."""
    from hybrowser.build.sources import load_metadata_sources
    from hybrowser.locations import RESOURCES

    for table in load_metadata_sources(RESOURCES):
        if table.name == "indicators":
            return {c.name: tuple(c.allowed) for c in table.columns if c.allowed}
    return {}


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the allowed codes, each shown with its label (确数 exact); the code is stored."""

    def __init__(self, codes: tuple[str, ...], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes = codes
        self.lang = lang

    def createEditor(  # noqa: N802 - Qt override
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = QComboBox(parent)
        for code in self.codes:
            label = code_label(code, self.lang)
            editor.addItem(code if label == code else f"{label} · {code}", code)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(  # noqa: N802 - Qt override
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
