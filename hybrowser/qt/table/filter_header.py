"""A table header with a filter box under each column, applied as typed (or after a pause when slow)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QLineEdit, QWidget

#: The longest typing pause before a filter is applied, in milliseconds (when answers are slow).
FILTER_DELAY_MS = 250
#: While the table's last answer came within this (ms), each keystroke applies at once.
FAST_ANSWER_MS = 100


class TypingPause:
    """How long to wait after a keystroke before applying what has been typed.

    No wait while the table answers fast: each keystroke applies at once, and the query it
    makes stale is stopped (QueryService.advance interrupts it), so typing never waits for an
    old query. When the last answer was slow, wait as long as it took, at most FILTER_DELAY_MS,
    so that quick typing does not start one slow query per key. Enter applies at once always.
    """

    def __init__(self) -> None:
        #: How long the table's last new state took to show its first rows (ms), if known.
        self.last_answer_ms: float | None = None

    def answered(self, elapsed_ms: float) -> None:
        self.last_answer_ms = elapsed_ms

    def delay_ms(self) -> int:
        last = self.last_answer_ms
        if last is None or last <= FAST_ANSWER_MS:
            return 0
        return int(min(FILTER_DELAY_MS, last))


HINT_STYLE = "QLineEdit { background: #fde7e9; }"


class FilterHeader(QHeaderView):
    """Horizontal header whose lower half holds one QLineEdit per section."""

    #: column index, text — emitted after the typing pause (none while answers are fast).
    filterChanged = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self._editors: list[QLineEdit] = []
        self._timers: list[QTimer] = []
        self._placeholder = "filter"
        self.pause = TypingPause()
        # Each box must stay under its own section: a box left behind filters the column that
        # scrolled under it. Sections move when resized, dragged, or scrolled sideways.
        self.sectionResized.connect(self._place_editors)
        self.sectionMoved.connect(self._place_editors)
        self.sectionCountChanged.connect(self._place_editors)
        self.geometriesChanged.connect(self._place_editors)
        if parent is not None and hasattr(parent, "horizontalScrollBar"):
            # QHeaderView.setOffset (called by the view on scrolling) has no signal of its own;
            # the view's scroll bar has, and the view moves the header before this slot runs.
            parent.horizontalScrollBar().valueChanged.connect(self._place_editors)

    def set_columns(self, count: int, texts: list[str] | None = None) -> None:
        """Make one box per column (texts restores what was typed)."""
        for editor in self._editors:
            editor.deleteLater()
        self._editors, self._timers = [], []
        for column in range(count):
            editor = QLineEdit(self)
            editor.setPlaceholderText(self._placeholder)
            editor.setClearButtonEnabled(True)
            if texts and column < len(texts):
                editor.setText(texts[column])
            # The box's timer is its child: both go when the boxes are remade (a language switch).
            timer = QTimer(editor)
            timer.setSingleShot(True)
            timer.setInterval(FILTER_DELAY_MS)
            timer.timeout.connect(lambda c=column: self._emit(c))
            # A zero pause still goes through the timer: keys that arrive in one turn of the
            # event loop (a paste, an input method's commit) make one query, not several.
            editor.textEdited.connect(lambda _text, t=timer: t.start(self.pause.delay_ms()))
            editor.returnPressed.connect(lambda c=column, t=timer: (t.stop(), self._emit(c)))
            editor.show()
            self._editors.append(editor)
            self._timers.append(timer)
        self.updateGeometries()
        self._place_editors()

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        for editor in self._editors:
            editor.setPlaceholderText(text)

    def _emit(self, column: int) -> None:
        self.filterChanged.emit(column, self._editors[column].text())

    def editor(self, column: int) -> QLineEdit:
        return self._editors[column]

    def texts(self) -> list[str]:
        return [e.text() for e in self._editors]

    def clear_all(self) -> None:
        for editor in self._editors:
            editor.clear()
        for timer in self._timers:
            timer.stop()

    def set_hint(self, column: int, hint: str | None) -> None:
        """Mark a box whose text cannot be read, with the reason as its tooltip."""
        if not 0 <= column < len(self._editors):
            return
        editor = self._editors[column]
        if editor.toolTip() == (hint or ""):
            return  # unchanged: restyling would repaint the header for nothing
        editor.setStyleSheet(HINT_STYLE if hint else "")
        editor.setToolTip(hint or "")

    def focus_first(self) -> None:
        if self._editors:
            visible = [e for i, e in enumerate(self._editors) if not self.isSectionHidden(i)]
            (visible or self._editors)[0].setFocus()
            (visible or self._editors)[0].selectAll()

    def _editor_height(self) -> int:
        return self._editors[0].sizeHint().height() if self._editors else 0

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        size = super().sizeHint()
        size.setHeight(size.height() + self._editor_height())
        return size

    def updateGeometries(self) -> None:  # noqa: N802 - Qt override
        # Keep the section labels in the upper part; the boxes take the lower part.
        self.setViewportMargins(0, 0, 0, self._editor_height())
        super().updateGeometries()
        self._place_editors()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_editors()

    def _place_editors(self, *_args: object) -> None:
        height = self._editor_height()
        top = self.height() - height
        for column, editor in enumerate(self._editors):
            if self.isSectionHidden(column):
                editor.hide()
                continue
            editor.setGeometry(self.sectionViewportPosition(column), top, self.sectionSize(column), height)
            editor.show()
