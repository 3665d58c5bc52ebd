"""The map itself: a pyqtgraph view in metres with the basemap, the rows, the overlay; hover and click."""

from __future__ import annotations

from dataclasses import replace

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from hybrowser.core.geo import Basemap
from hybrowser.core.labels import tr
from hybrowser.db import map_data as md
from hybrowser.qt.draw_style import REPORT_THEME
from hybrowser.qt.map.base_layer import BaseLayer
from hybrowser.qt.map.content import MapContent
from hybrowser.qt.map.legend import Entry, legend_entries
from hybrowser.qt.map.overlay import MapOverlay
from hybrowser.qt.map.record_layer import RecordLayer
from hybrowser.qt.map.shapes import DistrictShapes
from hybrowser.qt.map.style import MapColours, point_size
from hybrowser.view.map_hits import hits_at
from hybrowser.view.map_text import describe, local_name

MIN_FIT_M = 6_000  # never zoom in closer than this many metres across when fitting


class MapCanvas(pg.GraphicsView):
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
        self.colours = MapColours.from_palette(QApplication.palette())
        self.shapes = DistrictShapes(basemap, projection)
        #: the legend's entries for this content, colours and lines (None: to be made again).
        self._legend: list[Entry] | None = None

        self.setAntialiasing(True)
        # A bare ViewBox, not a PlotItem: no axes, and no menus or settings forms to build.
        self.view = pg.ViewBox(enableMenu=False)
        self.setCentralItem(self.view)
        self.view.setAspectLocked(True, 1.0)  # metres both ways: circles stay circles
        self.view.disableAutoRange()
        self.view.setMenuEnabled(False)
        self.base_layer = BaseLayer(self.view, basemap, self.shapes, label_points, lines)
        self.record_layer = RecordLayer(self.view, self.shapes, label_points)
        self.overlay = MapOverlay(self)
        self.overlay.setParentItem(self.view)
        self._fitted: tuple[QRectF, float] | None = None
        self.view.sigResized.connect(self._resized)
        self.view.sigRangeChangedManually.connect(self._moved_by_user)
        self.view.sigRangeChanged.connect(self._range_changed)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.scene().sigMouseMoved.connect(self._hovered)
        # Drawn in a later event (the first rows' answer usually redraws it anyway): building
        # the panel and drawing its districts would hold the UI thread too long in one go.
        self._base_built = False
        QTimer.singleShot(0, self, self._ensure_base)  # with self: not after it is gone
        self.set_view(self.city_rect())

    # ---- view ------------------------------------------------------------------------------------

    def city_rect(self) -> QRectF:
        return self.shapes.city_rect()

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

    def _range_changed(self, *_args) -> None:
        self.base_layer.update_label_visibility(self.metres_per_pixel())
        self.overlay.refresh()

    def message(self) -> str:
        """A line shown across the top of the map (e.g. for a table without places)."""
        if not self.content.has_places:
            return tr("This table has no places: basemap only.", self.content.lang)
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
        return self.shapes.rect_of(records)

    # ---- drawing --------------------------------------------------------------------------------

    def apply_palette(self) -> None:
        self.colours = MapColours.from_palette(QApplication.palette())
        self._build_base()
        self.set_content(self.content)

    def _ensure_base(self) -> None:
        if not self._base_built:
            self._build_base()

    def _build_base(self) -> None:
        self._base_built = True
        self.setBackground(self.colours.background)
        self.base_layer.build(self.colours, self.content.lang)
        self.base_layer.update_label_visibility(self.metres_per_pixel())

    def set_schematic(self, lines: list[md.Place]) -> None:
        """The schematic lines drawn on every tab (read with the places, after the map is built)."""
        self.schematic = lines
        self.base_layer.schematic = lines
        self._legend = None
        self._build_base()
        self.overlay.refresh()

    def district_labels(self) -> dict[str, tuple[str, bool]]:
        """Each district's label text and whether it is shown at the current zoom."""
        self._ensure_base()
        return self.base_layer.district_labels()

    def set_content(self, content: MapContent) -> None:
        language_changed = content.lang != self.content.lang
        self.content = content
        self._legend = None
        if language_changed:
            self._build_base()
        self.record_layer.draw(content, self.colours)
        self.overlay.refresh()

    def point_size(self, record: md.MapRecord) -> float:
        return point_size(record, self.content.max_investment)

    def legend_entries(self) -> list[Entry]:
        # Asked at every paint; made from every record (20,000 steps for 10,000 markers).
        if self._legend is None:
            self._legend = legend_entries(self.content, self.colours, self.schematic, self.basemap.rivers)
        return self._legend

    def render_copy(self, width: int, height: int, rect: QRectF, exact: bool) -> QImage:
        """This map drawn afresh into an image of width × height pixels, showing `rect`.

        The image is for a report: on white in any theme (REPORT_THEME), without the
        selection's highlight (the moment's state in the window, not the places).
        """
        clone = MapCanvas(self.basemap, self.projection, self.label_points, self.schematic, self.content.lang)
        try:
            clone.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            clone.colours = MapColours.from_theme(REPORT_THEME)
            clone._ensure_base()  # now, not in the next event: the image is drawn before that
            clone.resize(width, height)
            clone.set_content(replace(self.content, selected=frozenset()))
            clone.show()
            clone.set_view(rect, padding=0.06, exact=exact)
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

    # ---- hits, hover and clicks -----------------------------------------------------------------------

    def hits_at(self, x: float, y: float) -> list[int]:
        """Indexes (into content.records) of what lies under a view point (see map_hits.hits_at)."""
        per_px = self.metres_per_pixel() or 1.0
        return hits_at(self.record_layer.drawn, self.content.records, self.shapes, x, y, per_px)

    def district_at(self, x: float, y: float) -> str | None:
        return self.shapes.district_at(x, y)

    def hover_text(self, x: float, y: float) -> str:
        lang = self.content.lang
        lines = [self.describe(self.content.records[i]) for i in self.hits_at(x, y)[:6]]
        if not lines:
            district = self.district_at(x, y)
            if district is None:
                return ""
            return local_name(self.basemap.district(district), lang)
        return "\n\n".join(lines)

    def describe(self, record: md.MapRecord) -> str:
        return describe(record, self.basemap, self.content.lang)

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
