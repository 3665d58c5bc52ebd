"""The chart dock: bars of the active tab's rows or groups, following its filter, sort and selection.

pyqtgraph is imported here only; the main window imports this module after its first paint.

Indicators are drawn one measure and unit at a time (a selector switches between
growth %, amounts 亿元, counts, ...), so two units never share an axis. A figure the
bulletin gives only as a bound (超过20%, 两位数) is an open, dashed bar up to the bound
with a triangle marker and a "≥10%"/">20%" label; an approximate one (接近, 约) is hatched and
labelled "≈". Other tables chart their figure columns per row and count their rows by
kind, status, district, ... (GROUP BY in SQL, the biggest groups plus "others").
"""

from __future__ import annotations

import contextlib
import html
import logging
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QCursor,
    QFont,
    QFontMetrics,
    QImage,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from hybrowser.core.labels import code_label, tr
from hybrowser.db.chart_data import (
    GROUP_SELECT_LIMIT,
    Bar,
    ChartData,
    ChartView,
    available_views,
    category_column,
    chart_bars,
    group_rowids,
    groups_of_rowids,
    has_chartable_columns,
    view_unit_text,
)

log = logging.getLogger(__name__)

#: Bar thickness, in rows.
BAR_HEIGHT = 0.66
#: The shortcut that copies the chart as an image (while the chart has focus).
COPY_SHORTCUT = "Ctrl+Shift+I"
#: Widths offered for PNG export, besides the chart's own size.
EXPORT_WIDTHS = (1600, 3200)
#: Most of the chart's width the names on the left axis may take.
AXIS_SHARE = 0.42

#: Category colours (Okabe–Ito, then tab10), readable on light and dark backgrounds.
COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#9467BD",
    "#8C564B",
    "#D55E00",
    "#BCBD22",
    "#17BECF",
    "#7F7F7F",
    "#B8860B",
)

_TEXT = {
    "Show": ("显示", "Show"),
    "Copy image": ("复制图像", "Copy image"),
    "Export…": ("导出…", "Export…"),
    "PNG, as shown…": ("PNG（当前大小）…", "PNG, as shown…"),
    "PNG, {w} px wide…": ("PNG（宽 {w} 像素）…", "PNG, {w} px wide…"),
    "SVG…": ("SVG…", "SVG…"),
    "Nothing to chart in this table": ("此表无可绘制的数值", "Nothing to chart in this table"),
    "No rows to chart: the filters leave none": (
        "没有可绘制的行：筛选后无数据",
        "Nothing to chart: no rows pass the filters",
    ),
    "No table": ("未选择表", "No table"),
    "first {n} of {total} rows": ("前 {n} 行，共 {total} 行", "first {n} of {total} rows"),
    "{total} rows": ("共 {total} 行", "{total} rows"),
    "top {n} of {total} groups, {rows} rows": (
        "前 {n} 组，共 {total} 组、{rows} 行",
        "top {n} of {total} groups, {rows} rows",
    ),
    "{total} groups, {rows} rows": ("共 {total} 组、{rows} 行", "{total} groups, {rows} rows"),
    "; {n} not drawable (no finite number)": (
        "；{n} 行无法绘制（非有限数值）",
        "; {n} not drawable (no finite number)",
    ),
    "lower bound (≥, >), not an exact value": (
        "下限（≥、>），非确数",
        "lower bound (≥, >), not an exact value",
    ),
    "approximate (≈)": ("约数（≈）", "approximate (≈)"),
    "rows": ("行数", "rows"),
    "Period": ("期间", "Period"),
    "As written": ("原文数字", "As written"),
    "Quote": ("原文", "Quote"),
    "Click to select the row": ("单击选中该行", "Click to select the row"),
    "Click to select these rows (up to {n})": (
        "单击选中这些行（最多 {n} 行）",
        "Click to select these rows (up to {n})",
    ),
    "Copied the chart image": ("已复制图表图像", "Copied the chart image"),
    "Saved {path}": ("已保存 {path}", "Saved {path}"),
    "Export failed": ("导出失败", "Export failed"),
    "Copy the chart as an image ({key})": ("将图表复制为图像（{key}）", "Copy the chart as an image ({key})"),
    "Save the chart as PNG or SVG": ("将图表保存为 PNG 或 SVG", "Save the chart as PNG or SVG"),
}


def text(key: str, lang: str, /, **values: object) -> str:
    pair = _TEXT.get(key)
    template = (pair[1] if lang == "en" else pair[0]) if pair else tr(key, lang)
    return template.format(**values) if values else template


class _Swatch(pg.GraphicsWidget):
    """A legend swatch: a small rectangle with the bars' pen and brush."""

    def __init__(self, pen: QPen, brush: QBrush) -> None:
        super().__init__()
        self.pen = pen
        self.brush = brush
        self.setFixedWidth(22)
        self.setFixedHeight(16)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, 22, 16)

    def paint(self, painter: QPainter, *_args) -> None:
        painter.setPen(self.pen)
        painter.setBrush(self.brush)
        if self.pen.style() != Qt.PenStyle.DashLine:
            painter.drawRect(QRectF(2, 2, 18, 12))
            return
        # a bound: an open dashed bar and the marker at its end, as drawn in the chart
        painter.drawRect(QRectF(2, 2, 13, 12))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(self.pen.color()))
        painter.drawPolygon(QPolygonF([QPointF(12, 3), QPointF(21, 8), QPointF(12, 13)]))


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

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.tab = None
        self.views: list[ChartView] = []
        self.data = ChartData(None)
        self.bar_item: pg.BarGraphItem | None = None
        self._message = ""
        self._chosen: dict[str, str] = {}  # table name → view key the user picked
        self._selected: set[int] = set()
        self._items: list[pg.GraphicsObject] = []
        self._labels: list[pg.TextItem] = []
        self._names: list[str] = []
        self._dirty = True
        self._legend_entries: list[tuple[QPen, QBrush, str]] = []
        self._legend_lines = 0
        self._legend_width = 0
        self._title_text = ""

        # toolbar
        self.view_label = QLabel(self)
        self.view_combo = QComboBox(self)
        self.view_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.view_combo.currentIndexChanged.connect(self._view_chosen)
        self.status = QLabel(self)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._status_timer = QTimer(self, singleShot=True, interval=4000)
        self._status_timer.timeout.connect(self.status.clear)
        self.copy_button = QToolButton(self)
        self.copy_button.clicked.connect(lambda _checked=False: self.copy_image())
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

        # the plot: a title, the bars, a legend, in one scene (so images hold all three)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.canvas.customContextMenuRequested.connect(self._context_menu)
        self.title = pg.LabelItem(justify="left")
        self.canvas.ci.addItem(self.title, row=0, col=0)
        # The legend sits above the bars: in a short dock it stays in view.
        self.legend = self.canvas.ci.addLayout(row=1, col=0)
        self.legend.setContentsMargins(4, 0, 4, 0)
        self.plot: pg.PlotItem = self.canvas.ci.addPlot(row=2, col=0)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.12)
        self.plot.getAxis("left").setStyle(tickLength=0)
        self.plot.vb.sigResized.connect(lambda _vb: self._fit())
        self.canvas.ci.setContentsMargins(6, 6, 10, 6)
        grid = self.canvas.ci.layout
        grid.setRowStretchFactor(0, 0)
        grid.setRowStretchFactor(1, 0)
        grid.setRowStretchFactor(2, 1)
        scene = self.canvas.scene()
        scene.sigMouseMoved.connect(self._mouse_moved)
        scene.sigMouseClicked.connect(self._mouse_clicked)

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

        self.copy_shortcut = QShortcut(QKeySequence(COPY_SHORTCUT), self)
        self.copy_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_shortcut.activated.connect(lambda: self.copy_image())

        self._apply_palette()
        self.retranslate()
        self._show_message(text("No table", lang))

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
                for signal, slot in self._tab_links():
                    with contextlib.suppress(RuntimeError, TypeError):
                        signal.disconnect(slot)
            self.tab = tab
            self._selected = self._tab_selection(tab)
            for signal, slot in self._tab_links():
                signal.connect(slot)
        self.refresh()

    def refresh(self) -> None:
        """Read the views and bars again (now if shown, else when next shown)."""
        self._dirty = True
        if self.isVisible() or self.tab is None:
            self._redraw()

    def current_bars(self) -> list[Bar]:
        """The bars drawn, in draw order (top to bottom)."""
        self._ensure_drawn()
        return list(self.data.bars)

    def current_view(self) -> ChartView | None:
        self._ensure_drawn()
        return self.data.view

    def set_view(self, key: str) -> bool:
        """Show the view with this key (e.g. 'rows:value:amount:亿元', 'groups:kind')."""
        self._ensure_drawn()
        for index, view in enumerate(self.views):
            if view.key == key:
                self.view_combo.setCurrentIndex(index)
                return True
        return False

    def message(self) -> str:
        """What is shown instead of a chart ('' when bars are drawn)."""
        self._ensure_drawn()
        return self._message

    def bar_tooltip(self, index: int) -> str:
        """The tooltip of a bar: the exact figure as the table shows it, period, quote."""
        bar = self.data.bars[index]
        lang = self.lang
        name = bar.label if len(bar.label) <= 200 else bar.label[:200] + "…"
        parts = [f"<b>{html.escape(name)}</b>"]
        if bar.group is not None or bar.others or self.data.view and self.data.view.kind == "groups":
            parts.append(f"{text('rows', lang)}: {html.escape(bar.text)}")
            if not bar.others:
                parts.append(
                    f"<i>{text('Click to select these rows (up to {n})', lang, n=GROUP_SELECT_LIMIT)}</i>"
                )
            return "<br>".join(parts)
        figure = html.escape(bar.text)
        if bar.category:
            figure += f" &nbsp;·&nbsp; {html.escape(code_label(bar.category, lang))}"
        parts.append(figure)
        if bar.qualifier != "exact":
            parts.append(html.escape(code_label(bar.qualifier, lang)))
        if bar.figure:
            parts.append(f"{text('As written', lang)}: {html.escape(bar.figure)}")
        if bar.period:
            parts.append(f"{text('Period', lang)}: {html.escape(bar.period)}")
        if bar.quote:
            quote = bar.quote if len(bar.quote) <= 400 else bar.quote[:400] + "…"
            parts.append(f"{text('Quote', lang)}: “{html.escape(quote)}”")
        parts.append(f"<i>{text('Click to select the row', lang)}</i>")
        return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"

    def click_bar(self, index: int) -> None:
        """What a click on a bar does: select its row (or its group's rows) in the table."""
        if self.tab is None or not 0 <= index < len(self.data.bars):
            return
        bar = self.data.bars[index]
        if bar.rowid is not None:
            self.tab.select_rowids([bar.rowid])
        elif not bar.others and self.data.view is not None and self.data.view.kind == "groups":
            rowids = group_rowids(
                self.tab.db.conn, self.tab.table, self.tab.model.state, self.data.view.column, bar.group
            )
            self.tab.select_rowids(rowids)
        self.tab.view.setFocus()

    def highlight_rowids(self, rowids: list[int]) -> None:
        """Mark the bars of these rows (the table's selection)."""
        self._selected = set(rowids)
        if not self._dirty:
            self._apply_highlight()
            self._restyle()

    def image(self, width: int | None = None) -> QImage:
        """The chart (title, bars, legend) as an image, width pixels wide (default: as shown)."""
        self._ensure_drawn()
        self._ensure_geometry()
        exporter = ImageExporter(self.canvas.ci)
        exporter.parameters()["background"] = self._background()
        if width:
            exporter.parameters()["width"] = int(width)
        return exporter.export(toBytes=True)

    def svg(self, width: int | None = None) -> bytes:
        """The chart as SVG, width pixels wide (default: as shown).

        The scene is painted straight onto a QSvgGenerator: pyqtgraph 0.14's SVGExporter
        fails on the closed paths Qt 6.11 writes (pyqtgraph issue #3495).
        """
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtSvg import QSvgGenerator

        self._ensure_drawn()
        self._ensure_geometry()
        source = self.canvas.ci.sceneBoundingRect()
        out_width = float(width or source.width())
        out_height = round(out_width * source.height() / max(source.width(), 1.0))
        target = QRectF(0, 0, out_width, out_height)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(round(out_width), out_height))
        generator.setViewBox(target)
        generator.setTitle(self._title_text)
        painter = QPainter(generator)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(target, self._background())
            self.canvas.scene().render(painter, target, source)
        finally:
            painter.end()
        buffer.close()
        return bytes(data.data())

    def copy_image(self, width: int | None = None) -> QImage:
        """Put the chart on the clipboard as an image (and return it)."""
        image = self.image(width)
        QApplication.clipboard().setImage(image)
        self._flash(text("Copied the chart image", self.lang))
        return image

    def export(self, path: Path | str, width: int | None = None) -> Path:
        """Save the chart as PNG (or SVG, by the suffix), width pixels wide; raises OSError."""
        path = Path(path)
        self._ensure_drawn()
        self._ensure_geometry()
        if path.suffix.lower() == ".svg":
            path.write_bytes(self.svg(width))
        else:
            image = self.image(width)
            if not image.save(str(path), "PNG"):
                raise OSError(f"cannot write {path}")
        self._flash(text("Saved {path}", self.lang, path=path.name))
        return path

    # ---- tab links ------------------------------------------------------------------------------

    def _tab_links(self):
        tab = self.tab
        return ((tab.stateChanged, self._state_changed), (tab.selectionChanged, self.highlight_rowids))

    @staticmethod
    def _tab_selection(tab, limit: int = 20_000) -> set[int]:
        """rowids of the tab's selected rows (the first `limit` rows)."""
        rows: set[int] = set()
        for selected in tab.view.selectionModel().selection():
            rows.update(range(selected.top(), min(selected.bottom() + 1, selected.top() + limit)))
            if len(rows) >= limit:
                break
        rowids = (tab.model.rowid(row) for row in sorted(rows)[:limit])
        return {r for r in rowids if r is not None}

    def _state_changed(self) -> None:
        # A new filter or sort resets the table's rows and with them its selection.
        if self.tab is not None:
            self._selected = self._tab_selection(self.tab)
        self.refresh()

    # ---- views and data -------------------------------------------------------------------------

    def _ensure_drawn(self) -> None:
        if self._dirty:
            self._redraw()

    def _redraw(self) -> None:
        self._dirty = False
        tab = self.tab
        if tab is None:
            self.views = []
            self.data = ChartData(None)
            self._fill_combo()
            self._show_message(text("No table", self.lang))
            return
        conn, table, state = tab.db.conn, tab.table, tab.model.state
        self.views = available_views(conn, table, state)
        view = self._pick_view()
        self._fill_combo(view)
        if view is None:
            key = (
                "No rows to chart: the filters leave none"
                if has_chartable_columns(table)
                else "Nothing to chart in this table"
            )
            self.data = ChartData(None)
            self._show_message(text(key, self.lang))
            return
        self.data = chart_bars(conn, table, state, view, self.lang)
        if not self.data.bars:
            self._show_message(text("No rows to chart: the filters leave none", self.lang))
            return
        self._apply_highlight()
        self._message = ""
        self.stack.setCurrentWidget(self.scroll)
        self._draw()

    def _pick_view(self) -> ChartView | None:
        if not self.views:
            return None
        wanted = self._chosen.get(self.tab.table.name, "")
        for view in self.views:
            if view.key == wanted:
                return view
        # The chosen view is gone (filtered out): the same column, else the first.
        column = wanted.split(":")[1] if wanted.count(":") else ""
        return next((v for v in self.views if v.column == column), self.views[0])

    def _fill_combo(self, current: ChartView | None = None) -> None:
        self.view_combo.blockSignals(True)
        self.view_combo.clear()
        table = self.tab.table if self.tab is not None else None
        for view in self.views:
            self.view_combo.addItem(f"{view.label(table, self.lang)}  · {view.count:,}", view.key)
        if current is not None:
            self.view_combo.setCurrentIndex(self.views.index(current))
        self.view_combo.setEnabled(bool(self.views))
        self.view_combo.blockSignals(False)

    def _view_chosen(self, index: int) -> None:
        if self.tab is None or not 0 <= index < len(self.views):
            return
        self._chosen[self.tab.table.name] = self.views[index].key
        self.refresh()

    def _apply_highlight(self) -> None:
        bars = self.data.bars
        view = self.data.view
        if view is not None and view.kind == "groups" and self._selected and self.tab is not None:
            groups = groups_of_rowids(self.tab.db.conn, self.tab.table, view.column, self._selected)
            for bar in bars:
                bar.highlighted = not bar.others and bar.group in groups
        else:
            for bar in bars:
                bar.highlighted = bar.rowid is not None and bar.rowid in self._selected

    def _show_message(self, message: str) -> None:
        self._message = message
        self.message_label.setText(message)
        self.stack.setCurrentWidget(self.message_label)
        self._clear_plot()

    # ---- drawing ----------------------------------------------------------------------------------

    def _font(self) -> QFont:
        return QFont(QApplication.font())

    def _colours(self) -> tuple[QColor, QColor, QColor]:
        palette = self.palette()
        return (
            palette.color(QPalette.ColorRole.Base),
            palette.color(QPalette.ColorRole.Text),
            palette.color(QPalette.ColorRole.Highlight),
        )

    def _background(self) -> QColor:
        return self._colours()[0]

    def _category_colours(self) -> dict[str, QColor]:
        if self.tab is None:
            return {}
        column = category_column(self.tab.table)
        codes = list(self.tab.table.column(column).allowed) if column else []
        for bar in self.data.bars:
            if bar.category and bar.category not in codes:
                codes.append(bar.category)
        return {code: QColor(COLOURS[i % len(COLOURS)]) for i, code in enumerate(codes)}

    def _bar_colour(self, bar: Bar, colours: dict[str, QColor]) -> QColor:
        if bar.others:
            colour = QColor(self._colours()[1])
            colour.setAlphaF(0.35)
            return colour
        return QColor(colours.get(bar.category, QColor(COLOURS[0])))

    def _bar_style(self, bar: Bar, colours: dict[str, QColor], dim: bool) -> tuple[QPen, QBrush]:
        colour = self._bar_colour(bar, colours)
        if dim and not bar.highlighted:
            colour.setAlphaF(colour.alphaF() * 0.45)
        if bar.is_bound:
            pen = QPen(colour, 1.6, Qt.PenStyle.DashLine)
            brush = QBrush(Qt.BrushStyle.NoBrush)
        elif bar.is_approx:
            pen = QPen(colour, 1.2)
            brush = QBrush(colour, Qt.BrushStyle.BDiagPattern)
        else:
            pen = QPen(colour.darker(130), 1.0)
            brush = QBrush(colour)
        if bar.highlighted:
            pen = QPen(self._colours()[2], 3.0, pen.style())
        pen.setCosmetic(True)
        return pen, brush

    def _styles(self) -> tuple[list[QPen], list[QBrush]]:
        colours = self._category_colours()
        dim = any(bar.highlighted for bar in self.data.bars)
        styles = [self._bar_style(bar, colours, dim) for bar in self.data.bars]
        return [s[0] for s in styles], [s[1] for s in styles]

    def _restyle(self) -> None:
        if self.bar_item is None:
            return
        pens, brushes = self._styles()
        self.bar_item.setOpts(pens=pens, brushes=brushes, bars=list(self.data.bars))

    def _clear_plot(self) -> None:
        for item in self._items:
            self.plot.removeItem(item)
        self._items = []
        self._labels = []
        self._names = []
        self.bar_item = None
        self.legend.clear()
        self._legend_entries = []
        self._legend_lines = 0
        self.title.setText("")

    def _draw(self) -> None:
        self._clear_plot()
        bars = self.data.bars
        n = len(bars)
        _background, foreground, _highlight = self._colours()
        font = self._font()
        ys = np.arange(n, dtype=float)
        values = np.array([bar.value for bar in bars], dtype=float)
        pens, brushes = self._styles()
        self.bar_item = pg.BarGraphItem(
            x0=np.zeros(n),
            y=ys,
            height=BAR_HEIGHT,
            width=values,
            pens=pens,
            brushes=brushes,
            bars=list(bars),
            name="bars",
        )
        self.plot.addItem(self.bar_item)
        self._items.append(self.bar_item)

        colours = self._category_colours()
        bound_x, bound_y, bound_brushes = [], [], []
        for y, bar in enumerate(bars):
            label = f"\u2002{bar.text}" if bar.is_bound else bar.text
            item = pg.TextItem(label, color=foreground, anchor=(0 if bar.value >= 0 else 1, 0.5))
            item.setFont(font)
            item.setPos(bar.value, y)
            self.plot.addItem(item)
            self._items.append(item)
            self._labels.append(item)
            if bar.is_bound:
                bound_x.append(bar.value)
                bound_y.append(y)
                bound_brushes.append(pg.mkBrush(self._bar_colour(bar, colours)))
        if bound_x:
            markers = pg.ScatterPlotItem(
                x=bound_x, y=bound_y, symbol="t2", size=11, pen=None, brush=bound_brushes, name="bounds"
            )
            self.plot.addItem(markers)
            self._items.append(markers)

        self._names = [bar.label for bar in bars]
        self._style_axes()
        self._set_title()
        self._fill_legend(colours)
        self.plot.setYRange(-0.6, max(n, 4) - 0.4, padding=0)
        self._fit()

    def _style_axes(self) -> None:
        _background, foreground, _highlight = self._colours()
        font = self._font()
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(foreground))
            axis.setTextPen(pg.mkPen(foreground))
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        view = self.data.view
        unit = (
            view_unit_text(view.unit, self.lang) if view and view.kind == "rows" else text("rows", self.lang)
        )
        self.plot.setLabel("bottom", unit, color=foreground.name())

    def _set_title(self) -> None:
        _background, foreground, _highlight = self._colours()
        self.title.item.setFont(self._font())
        if self.tab is None or self.data.view is None:
            self.title.setText("")
            return
        data, lang = self.data, self.lang
        if data.view.kind == "groups":
            key = (
                "top {n} of {total} groups, {rows} rows" if data.truncated else "{total} groups, {rows} rows"
            )
            note = text(key, lang, n=data.read, total=f"{data.total:,}", rows=f"{data.rows:,}")
        else:
            key = "first {n} of {total} rows" if data.truncated else "{total} rows"
            note = text(key, lang, n=data.read, total=f"{data.total:,}")
        if data.skipped:
            note += text("; {n} not drawable (no finite number)", lang, n=data.skipped)
        title = f"{self.tab.table.title(lang)} · {data.view.label(self.tab.table, lang)}"
        self._title_text = f"{title} ({note})"
        size = f"{max(self._font().pointSizeF(), 8) + 1:.0f}pt"
        self.title.setText(
            f"<b>{html.escape(title)}</b> &nbsp; "
            f"<span style='font-weight:normal'>({html.escape(note)})</span>",
            color=foreground.name(),
            size=size,
        )

    def _fill_legend(self, colours: dict[str, QColor]) -> None:
        _background, foreground, _highlight = self._colours()
        entries: list[tuple[QPen, QBrush, str]] = []
        seen: list[str] = []
        for bar in self.data.bars:
            if bar.category and bar.category not in seen:
                seen.append(bar.category)
        order = list(colours)
        for code in sorted(seen, key=lambda c: order.index(c) if c in order else len(order)):
            colour = colours.get(code, QColor(COLOURS[0]))
            entries.append((QPen(colour.darker(130), 1), QBrush(colour), code_label(code, self.lang)))
        neutral = QColor(foreground)
        if any(bar.is_bound for bar in self.data.bars):
            entries.append(
                (
                    QPen(neutral, 1.4, Qt.PenStyle.DashLine),
                    QBrush(Qt.BrushStyle.NoBrush),
                    text("lower bound (≥, >), not an exact value", self.lang),
                )
            )
        if any(bar.is_approx for bar in self.data.bars):
            entries.append(
                (
                    QPen(neutral, 1),
                    QBrush(neutral, Qt.BrushStyle.BDiagPattern),
                    text("approximate (≈)", self.lang),
                )
            )
        self._legend_entries = entries
        self._lay_out_legend()

    def _lay_out_legend(self) -> None:
        """The legend entries in lines that fit the chart's width (left-aligned, vertically centred)."""
        self.legend.clear()
        _background, foreground, _highlight = self._colours()
        font = self._font()
        metrics = QFontMetrics(font)
        size = f"{max(font.pointSizeF(), 8):.0f}pt"
        available = max(self.canvas.width() - 40, 240)
        self._legend_width = self.canvas.width()
        lines: list[list[tuple[QPen, QBrush, str]]] = []
        used = 0
        for entry in self._legend_entries:
            width = 22 + metrics.horizontalAdvance(entry[2]) + 36
            if not lines or used + width > available:
                lines.append([])
                used = 0
            lines[-1].append(entry)
            used += width
        for row, entries in enumerate(lines):
            line = self.legend.addLayout(row=row, col=0)
            line.setContentsMargins(0, 0, 0, 0)
            line.layout.setHorizontalSpacing(4)
            fixed = QSizePolicy.Policy.Fixed
            for column, (pen, brush, label) in enumerate(entries):
                swatch = _Swatch(pen, brush)
                name = pg.LabelItem(justify="left")
                name.item.setFont(font)
                name.setText(html.escape(label), color=foreground.name(), size=size)
                name.setSizePolicy(fixed, fixed)
                line.addItem(swatch, row=0, col=2 * column)
                line.addItem(name, row=0, col=2 * column + 1)
                line.layout.setAlignment(swatch, Qt.AlignmentFlag.AlignVCenter)
                line.layout.setAlignment(name, Qt.AlignmentFlag.AlignVCenter)
                line.layout.setColumnSpacing(2 * column + 1, 16)
            # the spare width goes to an empty item at the end: entries stay packed on the left
            spacer = pg.GraphicsWidget()
            spacer.setSizePolicy(QSizePolicy.Policy.Expanding, fixed)
            spacer.setPreferredSize(1, 1)
            line.addItem(spacer, row=0, col=2 * len(entries))
        self._legend_lines = len(lines)
        self._update_min_height()

    def legend_labels(self) -> list[str]:
        """The legend's entries, in order."""
        self._ensure_drawn()
        return [label for _pen, _brush, label in self._legend_entries] if self.bar_item is not None else []

    def _update_min_height(self) -> None:
        row_height = max(QFontMetrics(self._font()).height() + 5, 18)
        bars = len(self.data.bars) if self.bar_item is not None else 0
        title_and_axis = 3 * row_height
        legend = self._legend_lines * (row_height + 6)
        self.canvas.setMinimumHeight(bars * row_height + title_and_axis + legend)

    def _fit(self) -> None:
        """Room for the names on the left and the labels right of the longest bar."""
        if self.bar_item is None or not self.data.bars:
            return
        if self._legend_entries and abs(self.canvas.width() - self._legend_width) > 30:
            self._lay_out_legend()
        metrics = QFontMetrics(self._font())
        total_width = max(self.canvas.width(), 200)
        limit = int(total_width * AXIS_SHARE)
        widest = max((metrics.horizontalAdvance(name) for name in self._names), default=0)
        axis_width = min(widest, limit) + 12
        names = [metrics.elidedText(name, Qt.TextElideMode.ElideRight, limit) for name in self._names]
        left = self.plot.getAxis("left")
        left.setWidth(axis_width)
        left.setTicks([[(float(i), name) for i, name in enumerate(names)], []])

        values = [bar.value for bar in self.data.bars]
        low, high = min(0.0, *values), max(0.0, *values)
        span = (high - low) or 1.0
        label_px = max(metrics.horizontalAdvance(f"\u2002{bar.text}") for bar in self.data.bars) + 16
        plot_px = max(self.plot.vb.width(), 1.0)
        # data per pixel such that the bars take what the labels leave
        per_px = span / max(plot_px - label_px * (2 if low < 0 else 1), plot_px * 0.35)
        self.plot.setXRange(low - (label_px * per_px if low < 0 else 0), high + label_px * per_px, padding=0)

    def _ensure_geometry(self) -> None:
        """Give the scene a size when the chart has not been laid out on screen (hidden dock)."""
        rect = self.canvas.ci.geometry()
        if rect.width() < 50 or rect.height() < 50:
            hint = self.sizeHint()
            height = max(hint.height(), self.canvas.minimumHeight())
            self.canvas.ci.setGeometry(QRectF(0, 0, hint.width(), height))
            self._fit()

    # ---- mouse ------------------------------------------------------------------------------------

    def _bar_at(self, scene_pos: QPointF) -> int | None:
        if self.bar_item is None or not self.data.bars:
            return None
        plot_rect = self.plot.sceneBoundingRect()
        view_rect = self.plot.vb.sceneBoundingRect()
        if not (plot_rect.left() <= scene_pos.x() <= view_rect.right()):
            return None
        if not (view_rect.top() <= scene_pos.y() <= view_rect.bottom()):
            return None
        point = self.plot.vb.mapSceneToView(scene_pos)
        index = int(round(point.y()))
        if not 0 <= index < len(self.data.bars) or abs(point.y() - index) > BAR_HEIGHT / 2 + 0.1:
            return None
        bar = self.data.bars[index]
        bar_end = self.plot.vb.mapViewToScene(QPointF(bar.value, index)).x()
        label_rect = self._labels[index].sceneBoundingRect() if index < len(self._labels) else QRectF()
        right = max(bar_end, label_rect.right()) + 4
        left = min(self.plot.vb.mapViewToScene(QPointF(min(bar.value, 0.0), index)).x(), plot_rect.left())
        return index if left <= scene_pos.x() <= right else None

    def _mouse_moved(self, scene_pos: QPointF) -> None:
        index = self._bar_at(scene_pos)
        if index is None:
            self.canvas.viewport().unsetCursor()
            QToolTip.hideText()
            return
        self.canvas.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos(), self.bar_tooltip(index), self.canvas)

    def _mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self._bar_at(event.scenePos())
        if index is not None:
            event.accept()
            self.click_bar(index)

    # ---- menus, copy and export -------------------------------------------------------------------

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(text("Copy image", self.lang), lambda: self.copy_image())
        menu.addSeparator()
        for action in self.export_menu.actions():
            menu.addAction(action)
        return menu

    def _context_menu(self, position) -> None:
        # A scroll area's (QGraphicsView's) context-menu position is in its viewport's coordinates.
        self.context_menu().exec(self.canvas.viewport().mapToGlobal(position))

    def _fill_export_menu(self) -> None:
        lang = self.lang
        self.export_menu.clear()
        self.export_menu.addAction(text("PNG, as shown…", lang), lambda: self._ask_export("png", None))
        for width in EXPORT_WIDTHS:
            self.export_menu.addAction(
                text("PNG, {w} px wide…", lang, w=f"{width:,}"), lambda w=width: self._ask_export("png", w)
            )
        self.export_menu.addAction(text("SVG…", lang), lambda: self._ask_export("svg", None))

    def _ask_export(self, kind: str, width: int | None) -> None:
        name = self.tab.table.name if self.tab is not None else "chart"
        view = self.data.view.key.replace(":", "-").strip("-") if self.data.view else "chart"
        suggested = str(Path.home() / f"{name}-{view}.{kind}")
        path, _ = QFileDialog.getSaveFileName(
            self, text("Export…", self.lang), suggested, f"{kind.upper()} (*.{kind})"
        )
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        try:
            self.export(path, width)
        except OSError as error:
            log.warning("chart export to %s failed: %s", path, error)
            QMessageBox.warning(self, text("Export failed", self.lang), f"{path}\n{error}")

    def _flash(self, message: str) -> None:
        self.status.setText(message)
        self._status_timer.start()

    # ---- language and palette ---------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = self.lang
        self.view_label.setText(text("Show", lang))
        self.copy_button.setText(text("Copy image", lang))
        self.copy_button.setToolTip(text("Copy the chart as an image ({key})", lang, key=COPY_SHORTCUT))
        self.export_button.setText(text("Export…", lang))
        self.export_button.setToolTip(text("Save the chart as PNG or SVG", lang))
        self._fill_export_menu()

    def _apply_palette(self) -> None:
        background, foreground, _highlight = self._colours()
        self.canvas.setBackground(background)
        self.message_label.setAutoFillBackground(True)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_palette()
            if self.bar_item is not None:
                self._dirty = True
                self._redraw()
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self._redraw()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()
