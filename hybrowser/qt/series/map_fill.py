"""The selected series on the map: districts filled by their figure for one period, a legend, the rest listed.

A figure the bulletin states exactly fills its district in a colour from light (lowest)
to dark (highest); a bound (超过10%, 两位数) is hatched in the colour of its bound, never
a solid fill, and its text says > or ≥. Regions that are no district of the map (the city,
another county) are listed in the legend, never placed.
"""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsPathItem, QLabel

from hybrowser.core.labels import code_label
from hybrowser.db.series_data import DistrictFill, period_label, view_text
from hybrowser.qt.draw_style import app_font, cosmetic_pen
from hybrowser.qt.map.layer import MapLayer
from hybrowser.view.map_text import local_name

#: The colour of the lowest and of the highest figure (ColorBrewer Blues, ends).
LOW, HIGH = QColor("#c6dbef"), QColor("#08519c")
#: Above the basemap's district fill (−100), under its rivers (−50).
FILL_Z = -90


def ramp(share: float) -> QColor:
    """The colour `share` of the way from LOW to HIGH (0 → 1)."""
    share = min(1.0, max(0.0, share))
    return QColor(
        round(LOW.red() + (HIGH.red() - LOW.red()) * share),
        round(LOW.green() + (HIGH.green() - LOW.green()) * share),
        round(LOW.blue() + (HIGH.blue() - LOW.blue()) * share),
    )


class DistrictFillLayer:
    """Fills, figure texts and a legend over a MapCanvas; `show(None)` takes them away."""

    def __init__(self, canvas) -> None:
        self.canvas = canvas
        self.layer = MapLayer(canvas.view)
        self.fill: DistrictFill | None = None
        #: district id → the brush it is filled with (tests read these).
        self.brushes: dict[str, QBrush] = {}
        #: district id → the figure's text drawn on it.
        self.texts: dict[str, str] = {}
        self.legend = QLabel(canvas.viewport())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAutoFillBackground(True)
        self.legend.setMargin(6)
        self.legend.move(8, 40)
        self.legend.hide()

    def show(self, fill: DistrictFill | None, lang: str) -> None:
        self.layer.clear()
        self.brushes, self.texts, self.fill = {}, {}, fill
        if fill is None or not fill.placed:
            self.legend.setVisible(fill is not None)
            if fill is not None:
                self._legend(fill, lang, None, None)
            return
        values = [p.y for p in fill.placed.values() if p.y is not None]
        low, high = min(values), max(values)
        font = app_font(0.9, bold=True)
        for district, point in fill.placed.items():
            share = 0.5 if high == low else ((point.y or 0.0) - low) / (high - low)
            colour = ramp(share)
            style = Qt.BrushStyle.BDiagPattern if point.is_bound else Qt.BrushStyle.SolidPattern
            brush = QBrush(colour, style)
            item = QGraphicsPathItem(self.canvas.shapes.paths[district])
            item.setBrush(brush)
            item.setPen(cosmetic_pen(colour.darker(130), 1.5 if point.is_bound else 1.0))
            item.setZValue(FILL_Z)
            self.layer.add(item)
            self.brushes[district] = brush
            # Under the district's name (its label point is in degrees; the view is in metres).
            lon, lat = self.canvas.label_points.get(
                district, self.canvas.basemap.district(district).bounds[:2]
            )
            x, y = self.canvas.projection.forward(lon, lat)
            text = pg.TextItem(point.shown, color="#000000", anchor=(0.5, -0.3), fill=(255, 255, 255, 200))
            text.setFont(font)
            text.setPos(x, y)
            self.layer.add(text)
            self.texts[district] = point.shown
        self._legend(fill, lang, min(fill.placed.values(), key=_y), max(fill.placed.values(), key=_y))

    def legend_text(self) -> str:
        """The legend as plain text (tests)."""
        return self.legend.text() if self.legend.isVisible() else ""

    def _legend(self, fill: DistrictFill, lang: str, lowest, highest) -> None:
        zh = lang == "zh"
        subject, measure, unit = (fill.subject.split("|") + ["", "", ""])[:3]
        lines = [
            f"<b>{html.escape(subject)} {html.escape(code_label(measure, lang))} ({html.escape(unit)})</b>",
            html.escape(f"{view_text(fill.view, lang)} · {period_label(fill.view, fill.end, lang)}"),
        ]
        if lowest is not None and highest is not None:
            swatch = '<span style="color:{c}">■</span> {t}'
            lines.append(
                swatch.format(c=LOW.name(), t=html.escape(lowest.shown))
                + " … "
                + swatch.format(c=HIGH.name(), t=html.escape(highest.shown))
            )
            if any(p.is_bound for p in fill.placed.values()):
                hatched = (
                    "斜线：只知下限或上限（超过、两位数、不足）" if zh else "hatched: a bound only (>, ≥, <)"
                )
                lines.append(html.escape(f"▨ {hatched}"))  # '<' would open a tag and hide what follows
        for label, regions in (
            ("不在地图上" if zh else "Not on the map", fill.unplaced),
            ("本期无数字" if zh else "No figure for the period", fill.missing),
        ):
            if regions:
                lines.append(
                    html.escape(
                        f"{label}{'：' if zh else ': '}{'、'.join(regions) if zh else ', '.join(regions)}"
                    )
                )
        self.legend.setText("<br>".join(lines))
        self.legend.adjustSize()
        self.legend.show()


def _y(point) -> float:
    return point.y or 0.0


def district_names(basemap) -> dict[str, str]:
    """The map's districts by the name bulletins use for them (衡南县 → hengnan)."""
    return {local_name(d, "zh"): d.id for d in basemap.districts}
