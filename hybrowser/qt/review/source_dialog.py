"""File → Import bulletin…: a text file or pasted text, with id, region and date where the text lacks them."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hybrowser.core.labels import tr


class SourceDialog(QDialog):
    """Where the bulletin comes from; `path` (a file) or `pasted` (text) once accepted."""

    def __init__(self, lang: str = "zh", parent: QWidget | None = None, folder: str = "") -> None:
        super().__init__(parent)
        self.lang = lang
        self.folder = folder
        self.setWindowTitle(tr("Import bulletin…", lang))
        self.resize(700, 520)
        self.file = QLineEdit(self)
        self.file.setPlaceholderText(tr("a text file (UTF-8 or GB18030)", lang))
        choose = QPushButton(tr("Choose file…", lang), self)
        choose.clicked.connect(self._choose)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        self.paste = QPlainTextEdit(self)
        self.paste.setPlaceholderText(tr("…or paste the bulletin's text here", lang))
        self.bulletin_id = QLineEdit(self)
        self.bulletin_id.setPlaceholderText(tr("from the file's name", lang))
        self.region = QLineEdit(self)
        self.region.setPlaceholderText(tr("as the text states it", lang))
        self.published = QLineEdit(self)
        self.published.setPlaceholderText("YYYY-MM-DD")
        form = QFormLayout()
        form.addRow(tr("File", lang), file_row)
        form.addRow(tr("Text", lang), self.paste)
        form.addRow(tr("Id", lang), self.bulletin_id)
        form.addRow(tr("Region", lang), self.region)
        form.addRow(tr("Published", lang), self.published)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import", lang))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Import bulletin…", self.lang), self.folder, "Text (*.txt);;* (*)"
        )
        if path:
            self.file.setText(path)

    @property
    def path(self) -> Path | None:
        text = self.file.text().strip()
        return Path(text) if text else None

    @property
    def pasted(self) -> str:
        return self.paste.toPlainText()

    def options(self) -> dict[str, str | None]:
        """id, region and published as given (None where left empty)."""
        return {
            "bulletin_id": self.bulletin_id.text().strip() or None,
            "region": self.region.text().strip() or None,
            "published": self.published.text().strip() or None,
        }

    def problem(self) -> str:
        """What keeps the dialog from being accepted ('' if nothing)."""
        if not self.path and not self.pasted.strip():
            return tr("Choose a file or paste a text.", self.lang)
        published = self.options()["published"]
        if published:
            try:
                datetime.date.fromisoformat(published)
            except ValueError:
                return tr("{date} is not a date like 2024-06-21", self.lang, date=published)
        return ""

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, tr("Import bulletin…", self.lang), problem)
            return
        self.accept()
