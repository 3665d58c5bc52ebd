"""The review view: the bulletin's text with its figures marked, beside the table of proposed facts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from hybrowser.core.labels import tr
from hybrowser.extract.folder import Prepared
from hybrowser.qt.review.choices import ChoiceDelegate, allowed_codes
from hybrowser.qt.review.facts_model import COLUMNS, FactsModel

FACT_COLOR = "#ffe08a"  # the detail pane's mark for a figure
UNCLAIMED_COLOR = "#c9e4ff"
ACCEPTED_COLOR = "#b9e6a8"


def fact_spans(prepared: Prepared) -> list[tuple[int, int]]:
    """(start, end) in the text of each proposed row's figure (rows are numbered by fact)."""
    spans = []
    for row in prepared.rows:
        fact = prepared.extraction.facts[int(row["id"].rsplit(".", 1)[1]) - 1]
        spans.append((fact.start, fact.end))
    return spans


def unclaimed_spans(prepared: Prepared) -> list[tuple[int, int]]:
    return [(u.start, u.start + len(u.number)) for u in prepared.extraction.unclaimed]


class ReviewDialog(QDialog):
    """Accept, edit or reject each proposed fact; Ctrl+S asks to save (`saveRequested`)."""

    saveRequested = Signal()

    def __init__(self, prepared: Prepared, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prepared = prepared
        self.lang = lang
        self.dirty = False
        self.saved = False
        self.spans = fact_spans(prepared)
        self._unclaimed = unclaimed_spans(prepared)
        self._syncing = False
        title = prepared.bulletin["title_zh"] or prepared.bulletin_id
        self.setWindowTitle(tr("Review {name}", lang, name=title))
        self.resize(1400, 850)

        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(prepared.text)
        # Read-only text still shows a caret, so clicking a figure moves the cursor onto it.
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.cursorPositionChanged.connect(self._text_clicked)

        self.model = FactsModel(prepared.rows, lang, self)
        self.model.changed.connect(self._changed)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, 260)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        codes = allowed_codes()
        for column, (field, _header) in enumerate(COLUMNS):
            if field in codes:
                self.table.setItemDelegateForColumn(column, ChoiceDelegate(codes[field], lang, self.table))
        self.table.installEventFilter(self)

        self.legend = QLabel(self)
        self.legend.setText(
            f"<span style='background:{FACT_COLOR}'>&nbsp;{tr('proposed figure', lang)}&nbsp;</span> "
            f"<span style='background:{UNCLAIMED_COLOR}'>&nbsp;{tr('number not taken', lang)}&nbsp;</span> "
            f"<span style='background:{ACCEPTED_COLOR}'>&nbsp;{tr('accepted', lang)}&nbsp;</span>"
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet("color:#b00020")
        self.counts = QLabel(self)
        self.accept_all_button = QPushButton(tr("Accept all", lang), self)
        self.accept_all_button.clicked.connect(self.model.accept_all)
        self.save_button = QPushButton(tr("Save to library", lang), self)
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.saveRequested.emit)
        self.save_button.setAutoDefault(False)
        self.accept_all_button.setAutoDefault(False)
        close = QPushButton(tr("Close", lang), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.message)
        splitter = QSplitter(self)
        splitter.addWidget(self.text)
        splitter.addWidget(right)
        splitter.setSizes([520, 880])
        buttons = QHBoxLayout()
        buttons.addWidget(self.legend)
        buttons.addWidget(self.counts, 1)
        for button in (self.accept_all_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.saveRequested.emit)
        self._mark_text()
        self._update_counts()
        if self.spans:
            self.table.selectRow(0)

    # ---- text ↔ facts ------------------------------------------------------------------------

    def _mark_text(self) -> None:
        """Each figure and each number not taken as a figure, as extra selections of the text."""
        selections = []
        for (start, end), kind in [(s, "unclaimed") for s in self._unclaimed] + [
            (s, i) for i, s in enumerate(self.spans)
        ]:
            if kind == "unclaimed":
                color = UNCLAIMED_COLOR
            else:
                color = ACCEPTED_COLOR if self.model.accepted[kind] else FACT_COLOR
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor(start, end)
            selection.format = QTextCharFormat()
            selection.format.setBackground(QColor(color))
            if kind == "unclaimed":
                selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            selections.append(selection)
        self.text.setExtraSelections(selections)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def fact_at(self, position: int) -> int | None:
        """The row whose figure covers a position of the text (None between figures)."""
        for row, (start, end) in enumerate(self.spans):
            if start <= position <= end:
                return row
        return None

    def _row_changed(self, current, _previous) -> None:
        if self._syncing or not current.isValid():
            return
        self.show_fact(current.row())

    def show_fact(self, row: int) -> None:
        """Select the row's figure in the text and scroll to it."""
        start, end = self.spans[row]
        self._syncing = True
        try:
            self.text.setTextCursor(self._cursor(start, end))
            self.text.centerCursor()
        finally:
            self._syncing = False

    def _text_clicked(self) -> None:
        if self._syncing:
            return
        row = self.fact_at(self.text.textCursor().position())
        if row is None:
            return
        self._syncing = True
        try:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._syncing = False

    # ---- decisions ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
                if rows:
                    self.model.toggle(rows)
                return True
        return super().eventFilter(watched, event)

    def _changed(self) -> None:
        self.dirty = True
        self.saved = False
        self.message.clear()
        self._update_counts()
        self._mark_text()

    def _update_counts(self) -> None:
        accepted = sum(self.model.accepted)
        self.counts.setText(
            tr("{accepted} of {total} accepted · {unclaimed} numbers not taken", self.lang,
               accepted=accepted, total=len(self.model.rows), unclaimed=len(self._unclaimed))
        )  # fmt: skip

    def show_problems(self, problems: list[str]) -> None:
        """The build's refusal, one problem a line, naming the file and the record."""
        self.message.setText("\n".join(problems[:10]))

    def mark_saved(self) -> None:
        self.dirty = False
        self.saved = True

    def reject(self) -> None:
        """Escape or Close: asks first when there are edits not saved."""
        if self.dirty and not self.saved:
            answer = QMessageBox.question(
                self,
                tr("Unsaved review", self.lang),
                tr("Close the review and lose the decisions and edits not saved?", self.lang),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
