"""The chart itself: title, legend and bars in one pyqtgraph scene, their fit, and the bar under a point."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage

from hybrowser.core.cells import elide
from hybrowser.db.chart_data import Bar
from hybrowser.qt.chart.end_labels import EndLabel, EndLabels
from hybrowser.qt.chart.legend import ChartLegend, LegendEntry
from hybrowser.qt.chart.style import bar_colour, bar_styles
from hybrowser.qt.draw_style import ThemeColours, app_font
from hybrowser.qt.image_export import scene_svg

#: Bar thickness, in rows.
BAR_HEIGHT = 0.66
#: Most of the chart's width the names on the left axis may take.
AXIS_SHARE = 0.42
#: The marker at a bound's end points where the value may lie: right of a lower bound
#: (>20%, and >−5% for 下降不足5%), left of an upper one (<5 亿元, and <−5% for 下降超过5%).
BOUND_SYMBOLS = {"lower": "t2", "upper": "t3"}
#: A bar's name is cut to this many characters before it is measured and elided to fit.
NAME_CHARS = 200


class ChartCanvas(pg.GraphicsLayoutWidget):
    """Horizontal bars, one per row or group, top to bottom, with the figure's text at each bar's end."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[Bar] = []
        self.bar_item: pg.BarGraphItem | None = None
        self.zero_line: pg.InfiniteLine | None = None
        self.items: list[pg.GraphicsObject] = []
        self.names: list[str] = []
        #: the title as plain text (an SVG's title).
        self.title_text = ""
        self._foreground = QColor()

        # The title, legend and bars share one scene, so images hold all three.
        self.title = pg.LabelItem(justify="left")
        self.ci.addItem(self.title, row=0, col=0)
        # The legend sits above the bars: in a short dock it stays in view.
        legend_layout = self.ci.addLayout(row=1, col=0)
        legend_layout.setContentsMargins(4, 0, 4, 0)
        self.legend = ChartLegend(legend_layout)
        self.plot: pg.PlotItem = self.ci.addPlot(row=2, col=0, enableMenu=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.12)
        self.plot.getAxis("left").setStyle(tickLength=0)
        self.plot.vb.sigResized.connect(lambda _vb: self.fit())
        #: every bar's figure text, one item for all bars (see chart_end_labels); the texts
        #: are pixels wide, so they never count in the axes' range (fit() makes room).
        self.end_labels = EndLabels()
        self.plot.addItem(self.end_labels, ignoreBounds=True)
        self.ci.setContentsMargins(6, 6, 10, 6)
        grid = self.ci.layout
        grid.setRowStretchFactor(0, 0)
        grid.setRowStretchFactor(1, 0)
        grid.setRowStretchFactor(2, 1)

    # ---- drawing ----------------------------------------------------------------------------------

    def clear_chart(self, keep_legend: bool = False) -> None:
        # Not clear(): GraphicsLayoutWidget sets that per instance to its layout's clear().
        for item in self.items:
            self.plot.removeItem(item)
        self.end_labels.clear()
        self.items = []
        self.names = []
        self.bars = []
        self.bar_item = None
        self.zero_line = None
        if not keep_legend:  # draw() lays it out again only if it changed
            self.legend.clear()
        self.title.setText("")

    def draw(
        self,
        bars: list[Bar],
        colours: dict[str, QColor],
        theme: ThemeColours,
        axis_label: str,
        title: tuple[str, str] | None,
        legend: list[LegendEntry],
    ) -> None:
        """Draw bars in their category colours, with the value axis, the title (and note), the legend."""
        self.clear_chart(keep_legend=True)
        self.bars = bars
        self._foreground = theme.text
        n = len(bars)
        font = app_font()
        ys = np.arange(n, dtype=float)
        values = np.array([bar.value for bar in bars], dtype=float)
        pens, brushes = bar_styles(bars, colours, theme)
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
        self.items.append(self.bar_item)

        # The value axis' zero, where every bar starts: with falling figures drawn left of it,
        # the eye needs the line to tell −3.5% from a short bar.
        self.zero_line = pg.InfiniteLine(pos=0.0, angle=90, pen=pg.mkPen(theme.text, width=1), movable=False)
        self.plot.addItem(self.zero_line, ignoreBounds=True)
        self.items.append(self.zero_line)

        bound_x, bound_y, bound_brushes, bound_symbols = [], [], [], []
        for y, bar in enumerate(bars):
            if bar.is_bound or bar.is_upper:
                bound_x.append(bar.value)
                bound_y.append(y)
                bound_brushes.append(pg.mkBrush(bar_colour(bar, colours, theme)))
                bound_symbols.append(BOUND_SYMBOLS["upper" if bar.is_upper else "lower"])
        if bound_x:
            markers = pg.ScatterPlotItem(
                x=bound_x,
                y=bound_y,
                symbol=bound_symbols,
                size=11,
                pen=None,
                brush=bound_brushes,
                name="bounds",
            )
            self.plot.addItem(markers)
            self.items.append(markers)

        self.end_labels.set_labels([end_label(bar, y) for y, bar in enumerate(bars)], font, theme.text)
        # Cut before any measuring: Qt measures a name's whole text (a 1 MB name: 20 ms a call).
        self.names = [elide(bar.label, NAME_CHARS) for bar in bars]
        self._style_axes(theme.text, axis_label)
        self._set_title(title, theme.text)
        self.legend.entries = legend
        self._lay_out_legend()
        self.plot.setYRange(-0.6, max(n, 4) - 0.4, padding=0)
        self.fit()
        self._settle()

    def _settle(self) -> None:
        """Lay the chart out and set its view transform now, before the first paint.

        Left to Qt and pyqtgraph, each would come in an event of its own after a paint: the
        scroll area resizing the chart to its new minimum height, the plot's new layout
        for the axis' new width, the view transform (pyqtgraph sets it as it paints, which
        marks every item dirty again). One redraw painted the chart three times (~15 ms
        each) before the event loop could run anything else.
        """
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.ci.layout.activate()
        self.plot.layout.activate()  # the axis width: may resize the view, and fit() again
        self.plot.vb.prepareForPaint()

    def restyle(self, colours: dict[str, QColor], theme: ThemeColours) -> None:
        """New pens and brushes for the bars drawn (a new selection), without drawing them again."""
        if self.bar_item is None:
            return
        pens, brushes = bar_styles(self.bars, colours, theme)
        self.bar_item.setOpts(pens=pens, brushes=brushes, bars=list(self.bars))

    def _style_axes(self, foreground: QColor, axis_label: str) -> None:
        font = app_font()
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(foreground))
            axis.setTextPen(pg.mkPen(foreground))
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        self.plot.setLabel("bottom", axis_label, color=foreground.name())

    def _set_title(self, title: tuple[str, str] | None, foreground: QColor) -> None:
        self.title.item.setFont(app_font())
        if title is None:
            self.title.setText("")
            return
        name, note = title
        self.title_text = f"{name} ({note})"
        size = f"{max(app_font().pointSizeF(), 8) + 1:.0f}pt"
        self.title.setText(
            f"<b>{html.escape(name)}</b> &nbsp; "
            f"<span style='font-weight:normal'>({html.escape(note)})</span>",
            color=foreground.name(),
            size=size,
        )

    def _lay_out_legend(self) -> None:
        self.legend.lay_out(self.width(), app_font(), self._foreground)
        self._update_min_height()

    def _update_min_height(self) -> None:
        # Every bar keeps a readable row: a long chart scrolls rather than squeezing its names.
        row_height = max(QFontMetrics(app_font()).height() + 5, 18)
        bars = len(self.bars) if self.bar_item is not None else 0
        title_and_axis = 3 * row_height
        legend = self.legend.lines * (row_height + 6)
        self.setMinimumHeight(bars * row_height + title_and_axis + legend)

    def fit(self) -> None:
        """Room for the names on the left and the labels right of the longest bar."""
        if self.bar_item is None or not self.bars:
            return
        if self.legend.entries and abs(self.width() - self.legend.width) > 30:
            self._lay_out_legend()
        metrics = QFontMetrics(app_font())
        total_width = max(self.width(), 200)
        limit = int(total_width * AXIS_SHARE)
        widest = max((metrics.horizontalAdvance(name) for name in self.names), default=0)
        axis_width = min(widest, limit) + 12
        names = [metrics.elidedText(name, Qt.TextElideMode.ElideRight, limit) for name in self.names]
        left = self.plot.getAxis("left")
        left.setWidth(axis_width)
        left.setTicks([[(float(i), name) for i, name in enumerate(names)], []])

        values = [bar.value for bar in self.bars]
        low, high = min(0.0, *values), max(0.0, *values)
        span = (high - low) or 1.0
        label_px = max(metrics.horizontalAdvance(text) for text in self.end_labels.texts()) + 16
        plot_px = max(self.plot.vb.width(), 1.0)
        # data per pixel such that the bars take what the labels leave
        per_px = span / max(plot_px - label_px * (2 if low < 0 else 1), plot_px * 0.35)
        self.plot.setXRange(low - (label_px * per_px if low < 0 else 0), high + label_px * per_px, padding=0)

    def ensure_geometry(self, size: QSize) -> None:
        """Give the scene a size when the chart has not been laid out on screen (hidden dock)."""
        rect = self.ci.geometry()
        if rect.width() < 50 or rect.height() < 50:
            height = max(size.height(), self.minimumHeight())
            self.ci.setGeometry(QRectF(0, 0, size.width(), height))
            self.fit()

    # ---- the bar under the mouse ------------------------------------------------------------------

    def bar_at(self, scene_pos: QPointF) -> int | None:
        """The bar whose row, name or end label is at a scene point (None between bars)."""
        if self.bar_item is None or not self.bars:
            return None
        plot_rect = self.plot.sceneBoundingRect()
        view_rect = self.plot.vb.sceneBoundingRect()
        if not (plot_rect.left() <= scene_pos.x() <= view_rect.right()):
            return None
        if not (view_rect.top() <= scene_pos.y() <= view_rect.bottom()):
            return None
        point = self.plot.vb.mapSceneToView(scene_pos)
        index = int(round(point.y()))
        if not 0 <= index < len(self.bars) or abs(point.y() - index) > BAR_HEIGHT / 2 + 0.1:
            return None
        bar = self.bars[index]
        bar_end = self.plot.vb.mapViewToScene(QPointF(bar.value, index)).x()
        label_rect = self.end_labels.scene_rect(index)
        right = max(bar_end, label_rect.right()) + 4
        left = min(self.plot.vb.mapViewToScene(QPointF(min(bar.value, 0.0), index)).x(), plot_rect.left())
        return index if left <= scene_pos.x() <= right else None

    # ---- images -----------------------------------------------------------------------------------

    def image(self, width: int | None, background: QColor) -> QImage:
        """Title, legend and bars as an image, width pixels wide (default: as shown)."""
        exporter = ImageExporter(self.ci)
        exporter.parameters()["background"] = background
        if width:
            exporter.parameters()["width"] = int(width)
        return exporter.export(toBytes=True)

    def svg(self, width: int | None, background: QColor) -> bytes:
        """Title, legend and bars as SVG, width pixels wide (default: as shown)."""
        return scene_svg(self.scene(), self.ci.sceneBoundingRect(), width, background, self.title_text)


def end_label(bar: Bar, y: int) -> EndLabel:
    """A bar's figure text at its end; a bound's text keeps clear of its end marker."""
    after = bar.value >= 0
    text = bar.text
    if bar.is_bound or bar.is_upper:  # the marker sits at the bar's end, between the bar and the text
        text = f"\u2002{text}" if after else f"{text}\u2002"
    return EndLabel(bar.value, float(y), text, after=after)
