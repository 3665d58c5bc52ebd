"""The chart dock: bars of the active tab's rows or groups, following its filter, sort and selection.

pyqtgraph is imported with this module only; the main window imports it after its first paint.

Indicators are drawn one measure and unit at a time (a selector switches between
growth %, amounts 亿元, counts, ...), so two units never share an axis. A figure the
bulletin gives only as a bound (超过20%, 两位数) is an open, dashed bar up to the bound
with a triangle marker and a "≥10%"/">20%" label (an upper bound, 不足5亿元 or
下降超过5%, is dash-dotted with its marker pointing left); an approximate one (接近, 约) is hatched and
labelled "≈". Other tables chart their figure columns per row and count their rows by
kind, status, district, ... (GROUP BY in SQL, the biggest groups plus "others").

This module is the dock's widget: the view selector, the message shown instead of bars,
and the link with the table tab; hybrowser.qt.chart.canvas draws, hybrowser.qt.chart.selection
links bars and selected rows both ways, hybrowser.qt.chart.images renders the chart for a
report (copied and saved by hybrowser.qt.image_export.PanelImages, as the map is). The
SQL (hybrowser.view.chart_query) runs on the tab's query worker, never on the UI thread:
a change of filter asks for new bars, and they are drawn when the answer arrives.
"""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hybrowser.core.labels import tr
from hybrowser.db.chart_data import ChartData, ChartView, has_chartable_columns
from hybrowser.qt.chart.canvas import ChartCanvas
from hybrowser.qt.chart.images import fill_export_menu, report_image, report_svg
from hybrowser.qt.chart.legend import legend_entries
from hybrowser.qt.chart.selection import ChartSelection
from hybrowser.qt.chart.style import category_colours
from hybrowser.qt.chart.views import ViewSelector
from hybrowser.qt.draw_style import ThemeColours
from hybrowser.qt.image_export import ImageTexts, PanelImages
from hybrowser.qt.tab_link import DockJobs, connect_tab, disconnect_tab, selected_rowids
from hybrowser.view.chart_query import ChartAnswer, chart_job, views_key
from hybrowser.view.chart_text import axis_label, title_and_note

log = logging.getLogger(__name__)

#: The shortcut that copies the chart as an image (while the chart has focus).
COPY_SHORTCUT = "Ctrl+Shift+I"
#: At most this many unfiltered answers are kept (a tab, a sort, a view, a language each).
KEPT_ANSWERS = 32


class _WheelToScroll(QObject):
    """Sends wheel events over the plot to the scroll area (the plot itself does not zoom)."""

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)
        self.scroll = scroll

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Wheel:
            QApplication.sendEvent(self.scroll.verticalScrollBar(), event)
            return True
        return False


class ChartPanel(QWidget):
    """Bars for the active tab: its rows in table order, or its rows counted by a column."""

    #: an answer was shown: new bars drawn, or the message that there are none.
    drawn = Signal()

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.tab = None
        self.data = ChartData(None)
        #: the tab self.data was read from (until new bars arrive, the old ones stay on screen).
        self._data_tab = None
        self._message = ""
        #: the views of the last answer, and the filters they were counted for.
        self._views: tuple[tuple, list[ChartView]] = ((), [])
        #: Answers for unfiltered rows, kept: clearing a filter draws the chart at once instead
        #: of counting a million rows again (the database is read-only, so they never go stale).
        self._kept: dict[tuple, ChartAnswer] = {}
        #: the key the answer on its way would be kept under (None: filtered, not kept).
        self._asked: tuple | None = None
        #: whether the next request may draw a kept answer (a change of filter, sort or tab).
        self._reuse_kept = False
        self._early = False
        #: a kept answer waiting for the next turn of the event loop to be drawn.
        self._kept_token: object | None = None
        self._kept_draw: tuple[object, ChartAnswer] | None = None
        #: what was last asked for (table, state, view, language, selection).
        self._last_request: tuple | None = None
        self._dirty = True
        self.jobs = DockJobs(self)
        self.jobs.answered.connect(self._answered)
        self.jobs.failed.connect(self._failed)

        # toolbar
        self.selector = ViewSelector(self)
        self.selector.picked.connect(self.refresh)
        self.view_label = self.selector.label
        self.view_combo = self.selector.combo
        self.status = QLabel(self)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._status_timer = QTimer(self, singleShot=True, interval=4000)
        self._status_timer.timeout.connect(self.status.clear)
        self.copy_button = QToolButton(self)
        self.copy_button.clicked.connect(lambda _checked=False: self.images.copy())
        self.export_button = QToolButton(self)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self.export_button)
        self.export_button.setMenu(self.export_menu)
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(0, 0, 0, 0)
        toolbar.addWidget(self.view_label)
        toolbar.addWidget(self.view_combo)
        toolbar.addWidget(self.status, 1)
        toolbar.addWidget(self.copy_button)
        toolbar.addWidget(self.export_button)

        self.canvas = ChartCanvas()
        self.title = self.canvas.title
        self.plot = self.canvas.plot
        #: the table's selection on the bars, and the rows a clicked bar selects
        self.selection = ChartSelection(self)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.canvas)
        self._wheel = _WheelToScroll(self.scroll)
        self.canvas.viewport().installEventFilter(self._wheel)

        self.message_label = QLabel(self)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.scroll)
        self.stack.addWidget(self.message_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)

        #: copy, export and the context menu, shared with the map (qt/image_export)
        self.images = PanelImages(
            self,
            COPY_SHORTCUT,
            ImageTexts(
                copy=lambda: tr("Copy image", self.lang),
                copied=lambda: tr("Copied the chart image", self.lang),
                saved=lambda path: tr("Saved {path}", self.lang, path=path.name),
            ),
            render=lambda width: report_image(self, width),
            svg=lambda width: report_svg(self, width),
            say=self._flash,
            exports=lambda: self.export_menu.actions(),
        )
        # A scroll area's (QGraphicsView's) context-menu position is in its viewport's coordinates.
        self.images.menu_on(self.canvas, self.canvas.viewport())

        self._apply_palette()
        self.retranslate()
        self._show_message(tr("No table", lang))

    # ---- public API ---------------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = self.fontMetrics().height()
        return QSize(60 * rows, 22 * rows)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = self.fontMetrics().height()
        return QSize(20 * rows, 10 * rows)

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        self.lang = lang
        self.retranslate()
        self.refresh()

    def show_tab(self, tab) -> None:
        """Follow a TableTab: its filter and sort (stateChanged) and its selection (selectionChanged)."""
        if tab is not self.tab:
            if self.tab is not None:
                disconnect_tab(self.tab, self.selection.state_changed, self.selection.highlight_rowids)
                with contextlib.suppress(RuntimeError, TypeError, AttributeError):
                    self.tab.stateRequested.disconnect(self.selection.state_requested)
            self.tab = tab
            self.selection.selected = selected_rowids(tab)
            connect_tab(tab, self.selection.state_changed, self.selection.highlight_rowids)
            requested = getattr(tab, "stateRequested", None)
            if requested is not None:
                requested.connect(self.selection.state_requested)
        self.refresh()

    def refresh(self, reuse_kept: bool = False, early: bool = False) -> None:
        """Read the views and bars again (asked now if shown, else when next shown; drawn when in).

        With reuse_kept (a new filter, sort or tab), an answer already asked for is not asked for
        again, and one kept for the unfiltered rows is drawn instead of read again. early: asked
        as the table's state is set, before its rows: a kept answer then waits for the rows.
        """
        self._dirty = True
        self._reuse_kept = reuse_kept
        self._early = early
        if self.isVisible() or self.tab is None:
            self._request()

    def set_view(self, key: str) -> bool:
        """Show the view with this key (e.g. 'rows:value:amount:亿元', 'groups:kind')."""
        self.ensure_drawn()
        return self.selector.select(key)

    def message(self) -> str:
        """What is shown instead of a chart ('' when bars are drawn)."""
        self.ensure_drawn()
        return self._message

    # ---- views and data: asked of the query worker, drawn when the answer arrives ------------------

    def ensure_drawn(self) -> None:
        if self._dirty:
            self._request()
        kept = self._kept_draw
        if kept is not None:  # a kept answer waiting for its turn: drawn now
            self._draw_kept(*kept)
        self.jobs.wait()

    def _request(self) -> None:
        self._dirty = False
        tab = self.tab
        if tab is None:
            self.jobs.cancel()
            self.data = ChartData(None)
            self._data_tab = None
            self.selector.show_views(None, [], self.lang)
            self._show_message(tr("No table", self.lang))
            return
        table, state = tab.table, tab.model.state
        wanted = self.selector.wanted(table)
        selected = frozenset(self.selection.selected)
        reuse, self._reuse_kept = self._reuse_kept, False
        early, self._early = self._early, False
        request = (table.name, state, wanted, self.lang, selected)
        if reuse and request == self._last_request:
            return  # asked for already (when the state was set), or drawn: nothing new
        self._last_request = request
        self._asked = None
        self._kept_token = self._kept_draw = None
        if not state.filters and not state.search:
            kept_key = (table.name, state.sort, wanted, self.lang, selected)
            answer = self._kept.get(kept_key) if reuse else None
            if answer is not None and early:
                # Nothing to read: drawn once the table's rows are in (stateChanged), so that
                # drawing it does not hold back their repaint.
                self._last_request = None
                self.jobs.cancel()
                return
            if answer is not None:
                self.jobs.cancel()
                # Drawn in the next turn of the event loop: the table's new rows are painted first.
                self._kept_token = token = object()
                self._kept_draw = (token, answer)
                QTimer.singleShot(0, self, lambda: self._draw_kept(token, answer))
                return
            self._asked = kept_key
        key, views = self._views
        known = views if key == views_key(table, state) else None
        job = chart_job(table, state, wanted, self.lang, selected, known)
        self.jobs.submit(tab, "chart", job)

    def kept_pending(self) -> bool:
        """Whether a kept answer is still to be drawn."""
        return self._kept_draw is not None

    def _draw_kept(self, token: object, answer: ChartAnswer) -> None:
        if token is not self._kept_token or self.tab is None:
            return  # asked for something else since
        self._kept_token = self._kept_draw = None
        self._show_answer(answer)
        self.drawn.emit()

    def _answered(self, tag: str, payload: object) -> None:
        if self.tab is None:
            return
        if tag == "chart":
            if self._asked is not None:
                if len(self._kept) >= KEPT_ANSWERS:
                    self._kept.clear()
                self._kept[self._asked] = payload  # type: ignore[assignment]
            self._show_answer(payload)  # type: ignore[arg-type]
            self.drawn.emit()
        elif tag == "groups":
            self.selection.mark_groups(payload)  # type: ignore[arg-type]
            self._restyle()
        elif tag == "select":
            self.selection.select_rows(payload)  # type: ignore[arg-type]

    def _failed(self, tag: str, error: str) -> None:
        log.warning("chart query (%s) failed: %s", tag, error)
        if tag == "chart":
            self._last_request = None  # asking again may do better
            self.data = ChartData(None)
            self._show_message(error)

    def _show_answer(self, answer: ChartAnswer) -> None:
        self._data_tab = self.tab
        self._views = (answer.views_key, answer.views)
        table = self.tab.table
        view = self.selector.show_views(table, answer.views, self.lang)
        if view is None:
            key = (
                "Nothing to chart: no rows pass the filters"
                if has_chartable_columns(table)
                else "Nothing to chart in this table"
            )
            self.data = ChartData(None)
            self._show_message(tr(key, self.lang))
            return
        self.data = answer.data
        if not self.data.bars:
            self._show_message(tr("Nothing to chart: no rows pass the filters", self.lang))
            return
        self.selection.apply_highlight(answer)
        self._message = ""
        self.stack.setCurrentWidget(self.scroll)
        self._draw()

    def _show_message(self, message: str) -> None:
        self._message = message
        self.message_label.setText(message)
        self.stack.setCurrentWidget(self.message_label)
        self.canvas.clear_chart()

    # ---- drawing ----------------------------------------------------------------------------------

    def _theme(self) -> ThemeColours:
        return ThemeColours.of(self.palette())

    def _category_colours(self):
        tab = self._data_tab
        return category_colours(tab.table if tab is not None else None, self.data.bars)

    def _draw(self, theme: ThemeColours | None = None) -> None:
        bars, view, lang, tab = self.data.bars, self.data.view, self.lang, self._data_tab
        theme = theme or self._theme()
        colours = self._category_colours()
        title = title_and_note(tab.table, view, self.data, lang) if tab and view else None
        self.canvas.draw(
            bars,
            colours,
            theme,
            axis_label(view, lang),
            title,
            legend_entries(bars, colours, theme.text, lang),
        )

    def _restyle(self) -> None:
        self.canvas.restyle(self._category_colours(), self._theme())

    # ---- status ---------------------------------------------------------------------------------------

    def _flash(self, message: str) -> None:
        self.status.setText(message)
        self._status_timer.start()

    # ---- language and palette ---------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = self.lang
        self.selector.retranslate(lang)
        self.copy_button.setText(tr("Copy image", lang))
        self.copy_button.setToolTip(tr("Copy the chart as an image ({key})", lang, key=COPY_SHORTCUT))
        self.export_button.setText(tr("Export…", lang))
        self.export_button.setToolTip(tr("Save the chart as PNG or SVG", lang))
        fill_export_menu(self)

    def _apply_palette(self) -> None:
        self.canvas.setBackground(self._theme().background)
        self.message_label.setAutoFillBackground(True)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_palette()
            if self.canvas.bar_item is not None:
                self._draw()  # the same bars in the new colours: nothing to read again
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self._request()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.canvas.fit()
