"""Bars and table rows, both ways: the selection highlighted on the bars, tooltips, clicks selecting rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip

from hybrowser.qt.tab_link import selected_rowids
from hybrowser.view.chart_query import ChartAnswer, group_rows_job, groups_job
from hybrowser.view.chart_text import bar_tooltip

if TYPE_CHECKING:
    from hybrowser.qt.chart.panel import ChartPanel


class ChartSelection:
    """Which bars the table's selected rows are, and which rows a clicked bar selects."""

    def __init__(self, panel: ChartPanel) -> None:
        self.panel = panel
        #: rowids of the table's selected rows
        self.selected: set[int] = set()
        scene = panel.canvas.scene()
        scene.sigMouseMoved.connect(self.mouse_moved)
        scene.sigMouseClicked.connect(self.mouse_clicked)

    def state_requested(self) -> None:
        # Asked at once, beside the table's own query, not after its first rows: the new rows
        # replace the old ones, and the selection goes with them.
        self.selected = set()
        self.panel.refresh(reuse_kept=True, early=True)

    def state_changed(self) -> None:
        # A new filter or sort resets the table's rows and with them its selection.
        if self.panel.tab is not None:
            self.selected = selected_rowids(self.panel.tab)
        self.panel.refresh(reuse_kept=True)

    def highlight_rowids(self, rowids: list[int]) -> None:
        """Mark the bars of these rows (the table's selection)."""
        if set(rowids) == self.selected and not self.panel.kept_pending():
            return  # nothing to mark anew (a new state's rows come with no selection)
        self.selected = set(rowids)
        # Bars still being read are marked when they arrive.
        if not self.panel._dirty and not self.panel.jobs.pending("chart"):
            self.apply_highlight()
            self.panel._restyle()

    def apply_highlight(self, answer: ChartAnswer | None = None) -> None:
        panel = self.panel
        bars = panel.data.bars
        view = panel.data.view
        if view is not None and view.kind == "groups" and self.selected and panel.tab is not None:
            if answer is not None and answer.groups is not None and answer.selected == self.selected:
                self.mark_groups(answer.groups)
            else:  # which groups the rows are in is a query: marked when it answers
                job = groups_job(panel.tab.table, view.column, frozenset(self.selected))
                panel.jobs.submit(panel.tab, "groups", job, fresh=False)
        else:
            for bar in bars:
                bar.highlighted = bar.rowid is not None and bar.rowid in self.selected

    def mark_groups(self, groups: set[object]) -> None:
        for bar in self.panel.data.bars:
            bar.highlighted = not bar.others and bar.group in groups

    def bar_tooltip(self, index: int) -> str:
        """The tooltip of a bar: the exact figure as the table shows it, period, quote."""
        return bar_tooltip(self.panel.data.bars[index], self.panel.data.view, self.panel.lang)

    def click_bar(self, index: int) -> None:
        """What a click on a bar does: select its row (or its group's rows) in the table."""
        panel = self.panel
        if panel.tab is None or panel._data_tab is not panel.tab or not 0 <= index < len(panel.data.bars):
            return
        bar = panel.data.bars[index]
        view = panel.data.view
        if bar.rowid is not None:
            self.select_rows([bar.rowid])
        elif not bar.others and view is not None and view.kind == "groups":
            # Which rows are in the group is a query: they are selected when it answers.
            job = group_rows_job(panel.tab.table, panel.tab.model.state, view.column, bar.group)
            panel.jobs.submit(panel.tab, "select", job, fresh=False)

    def select_rows(self, rowids: list[int]) -> None:
        tab = self.panel.tab
        if tab is not None:
            tab.rowid_selection.select_rowids(rowids)
            tab.view.setFocus()

    # ---- mouse ------------------------------------------------------------------------------------

    def bar_at(self, scene_pos: QPointF) -> int | None:
        return self.panel.canvas.bar_at(scene_pos)

    def mouse_moved(self, scene_pos: QPointF) -> None:
        canvas = self.panel.canvas
        index = self.bar_at(scene_pos)
        if index is None:
            canvas.viewport().unsetCursor()
            QToolTip.hideText()
            return
        canvas.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos(), self.bar_tooltip(index), canvas)

    def mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.bar_at(event.scenePos())
        if index is not None:
            event.accept()
            self.click_bar(index)
