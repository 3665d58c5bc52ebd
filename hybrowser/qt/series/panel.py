"""The series dock: the Series tab's selected series as a chart over time, a compare table or ranked regions.

It follows the Series tab's selection (and keeps what it shows while another tab is
active, so a click on a figure can open it in the indicators tab). What it draws is read
by the query worker (hybrowser.db.series_data), never on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStackedWidget, QToolTip, QVBoxLayout, QWidget

from hybrowser.core.labels import tr
from hybrowser.db import series_data
from hybrowser.db.series_data import RegionBar, SeriesChart, SeriesPoint
from hybrowser.qt.draw_style import ThemeColours
from hybrowser.qt.series.bars import RegionBars
from hybrowser.qt.series.chart import SeriesPlot
from hybrowser.qt.series.compare import CompareView
from hybrowser.qt.tab_link import DockJobs, selected_rowids

#: The table whose selection the dock follows.
SERIES_TABLE = "series"
#: At most this many series are drawn at once (the first selected).
MAX_SERIES = 12

#: The dock's layouts: chart over time, compare tables, regions ranked for one period.
MODES = (
    ("chart", ("走势图", "Over time")),
    ("periods", ("比较表（按期）", "Compare by period")),
    ("regions", ("比较表（按地区）", "Compare by region")),
    ("ranks", ("地区排名", "Regions ranked")),
)


@dataclass
class SeriesAnswer:
    """One read for the dock: the series selected, their lines in one view, one period's regions."""

    ids: list[str]
    chart: SeriesChart
    end: str
    bars: list[RegionBar]
    more: int = 0


def series_job(rowids: list[int], view: str | None, end: str | None, lang: str):
    """Read the selected series' lines (and one period's regions ranked) on the worker."""

    def job(conn) -> SeriesAnswer:
        ids = series_data.series_ids_of_rowids(conn, rowids)
        more = max(0, len(ids) - MAX_SERIES)
        ids = ids[:MAX_SERIES]
        chart = series_data.series_chart(conn, ids, view, lang)
        chosen = end if end in chart.ends else series_data.best_region_end(chart)
        bars = series_data.region_bars(conn, chart, chosen, lang)
        return SeriesAnswer(ids, chart, chosen, bars, more)

    return job


class SeriesPanel(QWidget):
    """The Series tab's selection, drawn; `figureChosen(rowid)` when a figure is clicked."""

    #: an indicators rowid: the user clicked a figure (its row is to be shown).
    figureChosen = Signal(int)
    #: an answer was shown.
    drawn = Signal()

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.tab = None
        self.rowids: list[int] = []
        self.answer: SeriesAnswer | None = None
        self.jobs = DockJobs(self)
        self.jobs.answered.connect(self._answered)
        self.jobs.failed.connect(lambda _tag, error: self._show_message(error))

        self.mode_combo = QComboBox(self)
        self.view_combo = QComboBox(self)
        self.period_combo = QComboBox(self)
        self.shows = QLabel(self)
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.mode_combo, self.view_combo, self.period_combo):
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            toolbar.addWidget(widget)
        toolbar.addWidget(self.shows, 1)

        self.plot = SeriesPlot(self)
        self.plot.pointClicked.connect(self._point_clicked)
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.compare = CompareView(self)
        self.compare.lang = lang
        self.compare.figureActivated.connect(self.figureChosen.emit)
        self.bars = RegionBars(self)
        self.bars.barClicked.connect(self._point_clicked)
        self.bars.scene().sigMouseMoved.connect(self._hover_bar)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        for widget in (self.plot, self.compare, self.bars, self.message):
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)

        self._fill_modes()
        self.mode_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.view_combo.activated.connect(lambda _i: self._request())
        self.period_combo.activated.connect(lambda _i: self._request())
        self._show_message(tr("Select series in the Series tab to draw them", lang))

    # ---- following the Series tab ---------------------------------------------------------------

    def show_tab(self, tab) -> None:
        """Follow the Series tab's selection; other tabs leave what is shown as it is."""
        if tab is self.tab or tab.table.name != SERIES_TABLE:
            return
        self.tab = tab
        tab.selectionChanged.connect(self.show_rowids)
        tab.stateChanged.connect(lambda: self.show_rowids(sorted(selected_rowids(tab))))
        self.show_rowids(sorted(selected_rowids(tab)))

    def show_rowids(self, rowids: list[int]) -> None:
        """Draw the series table rows with these rowids (the Series tab's selection)."""
        self.rowids = list(rowids)
        self._request()

    def set_mode(self, mode: str) -> None:
        self.mode_combo.setCurrentIndex([m for m, _ in MODES].index(mode))

    def mode(self) -> str:
        return MODES[max(self.mode_combo.currentIndex(), 0)][0]

    def set_view(self, view: str) -> None:
        """Show one kind of period (cumulative, month, quarter, year, stock) and read again."""
        index = self.view_combo.findData(view)
        if index < 0:
            self.view_combo.addItem(view, view)
            index = self.view_combo.count() - 1
        self.view_combo.setCurrentIndex(index)
        self._request()

    def set_language(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.compare.lang = lang
            self._fill_modes()
            self._request()

    # ---- reading and drawing --------------------------------------------------------------------

    def _request(self, end: str | None = None) -> None:
        if self.tab is None:
            return
        if not self.rowids:
            self.jobs.cancel()
            self.answer = None
            self._show_message(tr("Select series in the Series tab to draw them", self.lang))
            return
        view = self.view_combo.currentData()
        end = end or self.period_combo.currentData()
        self.jobs.submit(self.tab, "series", series_job(self.rowids, view, end, self.lang))

    def _answered(self, _tag: str, answer: SeriesAnswer) -> None:
        self.answer = answer
        self._fill_views(answer.chart)
        self._fill_periods(answer.chart, answer.end)
        self._show()
        self.drawn.emit()

    def _show(self) -> None:
        answer, lang = self.answer, self.lang
        if answer is None or not answer.chart.lines:
            if answer is not None:
                self._show_message(tr("Select series in the Series tab to draw them", lang))
            return
        chart, mode = answer.chart, self.mode()
        theme = ThemeColours.of(self.palette())
        self.view_combo.show()
        self.period_combo.setVisible(mode in ("regions", "ranks"))
        shows = series_data.view_text(chart.view, lang)
        if answer.more:
            shows += tr(
                "  (first {n} series; {more} more selected)", lang, n=len(answer.ids), more=answer.more
            )
        self.shows.setText(shows)
        if mode == "chart":
            self.plot.draw(chart, lang, theme)
            self.stack.setCurrentWidget(self.plot)
        elif mode == "periods":
            self.compare.set_table(series_data.compare_by_period(chart, lang))
            self.stack.setCurrentWidget(self.compare)
        elif mode == "regions":
            self.compare.set_table(series_data.compare_by_region(chart, answer.end, lang))
            self.stack.setCurrentWidget(self.compare)
        else:
            self.bars.draw(answer.bars, chart.view, answer.end, lang, theme)
            self.stack.setCurrentWidget(self.bars)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.shows.setText("")
        self.view_combo.hide()  # nothing to choose from until series are selected
        self.period_combo.hide()
        self.stack.setCurrentWidget(self.message)

    def _fill_modes(self) -> None:
        index = max(self.mode_combo.currentIndex(), 0)
        self.mode_combo.blockSignals(True)
        self.mode_combo.clear()
        for mode, (zh, en) in MODES:
            self.mode_combo.addItem(zh if self.lang == "zh" else en, mode)
        self.mode_combo.setCurrentIndex(index)
        self.mode_combo.blockSignals(False)

    def _fill_views(self, chart: SeriesChart) -> None:
        self.view_combo.clear()
        for view, count in chart.views.items():
            self.view_combo.addItem(f"{series_data.view_text(view, self.lang)} ({count})", view)
        self.view_combo.setCurrentIndex(max(self.view_combo.findData(chart.view), 0))

    def _fill_periods(self, chart: SeriesChart, end: str) -> None:
        self.period_combo.clear()
        for period_end in reversed(chart.ends):
            self.period_combo.addItem(series_data.period_label(chart.view, period_end, self.lang), period_end)
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(end), 0))

    # ---- the mouse --------------------------------------------------------------------------------

    def point_tooltip(self, point: SeriesPoint) -> str:
        view = self.answer.chart.view if self.answer is not None else "cumulative"
        return series_data.point_text(point, view, self.lang)

    def _hover(self, scene_pos: QPointF) -> None:
        point = self.plot.point_at(scene_pos)
        if point is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.point_tooltip(point), self.plot)

    def _hover_bar(self, scene_pos: QPointF) -> None:
        bar = self.bars.bar_at(scene_pos)
        if bar is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.point_tooltip(bar.point), self.bars)

    def _point_clicked(self, point: SeriesPoint) -> None:
        self.figureChosen.emit(point.rowid)
