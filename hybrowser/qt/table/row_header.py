"""The row-number header of a table: as wide as the table's largest row number, and no wider."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHeaderView, QWidget


class RowNumberHeader(QHeaderView):
    """A vertical header sized for the widest row number the table can show.

    QHeaderView.sizeHint measures the first and last hundred sections, asking the model
    for several roles each: a thousand Python calls whenever the row count changes, ~15 ms
    of every filter at a million rows. Here one section is measured per number of digits,
    the one numbered like the table's full row count: a filter's count arriving later
    does not widen the header, shift the columns and repaint the table once more.
    """

    def __init__(self, widest_row: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._widest_row = widest_row
        self._measured: tuple[int, QSize] | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        widest = max(self._widest_row(), self.count())
        if widest == 0 or self.model() is None:
            return super().sizeHint()
        digits = len(str(widest))
        if self._measured is None or self._measured[0] != digits:
            # Section n is labelled n + 1 by the model, whether or not it is shown now.
            self._measured = (digits, self.sectionSizeFromContents(widest - 1))
        return QSize(self._measured[1])
