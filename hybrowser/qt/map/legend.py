"""The map's legend: its entries, how they wrap in a strip across the top, and their symbols."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter

from hybrowser.core.geo import River
from hybrowser.core.labels import code_label, tr
from hybrowser.db import map_data as md
from hybrowser.qt.draw_style import app_font, cosmetic_pen, with_alpha
from hybrowser.qt.map.content import MapContent
from hybrowser.qt.map.style import MapColours
from hybrowser.view.map_text import PLACEMENT_LABELS, local_name, schematic_name

#: (symbol, colour, label); symbol is "kind", a placement, "line", "size" or "river".
Entry = tuple[str, QColor, str]
#: An entry with its rectangle in the strip; symbol "message" is a line of text across the strip.
PlacedEntry = tuple[str, QColor, str, QRectF]


def legend_entries(
    content: MapContent, colours: MapColours, schematic: list[md.Place], rivers: list[River]
) -> list[Entry]:
    """What the legend explains: only the kinds and placements drawn, then lines, size, rivers."""
    lang = content.lang
    placed = content.placed()
    entries: list[Entry] = []
    kinds = [k for k in content.kinds if any(r.kind == k for r in placed)]
    kinds += sorted({r.kind for r in placed} - set(kinds))
    for kind in kinds:
        entries.append(("kind", content.colour(kind), code_label(kind, lang) if kind else "—"))
    present = {r.placement for r in placed}
    for placement in (md.POINT, md.AREA, md.DISTRICT):
        if placement in present:
            entries.append((placement, colours.text, tr(PLACEMENT_LABELS[placement], lang)))
    for place in schematic:
        entries.append(("line", colours.schematic, schematic_name(place, lang)))
    if any(r.investment_yi is not None and r.placement == md.POINT for r in placed):
        entries.append(("size", colours.text, tr("Size = total investment", lang)))
    for river in rivers:
        entries.append(("river", colours.river, local_name(river, lang)))
    return entries


def legend_layout(entries: list[Entry], message: str, width: float) -> tuple[list[PlacedEntry], float]:
    """The legend as a strip across the top: entries flow left to right and wrap.

    Returns each entry with its rectangle (view box pixels) and the strip's height
    (0 without entries); the canvas keeps that strip clear when it fits the view.
    """
    if not entries and not message:
        return [], 0.0
    metrics = QFontMetricsF(app_font(0.85))
    row = max(metrics.height(), 14.0) + 4
    placed: list[PlacedEntry] = []
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


def paint_legend(
    painter: QPainter, rect: QRectF, placed: list[PlacedEntry], height: float, colours: MapColours
) -> None:
    """The strip on a translucent band, so the map shows through a little but the text reads."""
    if not placed:
        return
    band = QRectF(rect.left(), rect.top(), rect.width(), height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(with_alpha(colours.background, 215))
    painter.drawRect(band)
    painter.setPen(cosmetic_pen(with_alpha(colours.outline, 120)))
    painter.drawLine(band.bottomLeft(), band.bottomRight())
    painter.setFont(app_font(0.85))
    for symbol, colour, label, box in placed:
        box = box.translated(rect.left(), rect.top())
        if symbol == "message":
            painter.setPen(colours.text)
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            continue
        paint_symbol(painter, symbol, colour, QPointF(box.left() + 11, box.center().y()), colours)
        painter.setPen(colours.text)
        text_rect = QRectF(box.left() + 26, box.top(), box.width() - 26, box.height())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)


def paint_symbol(painter: QPainter, symbol: str, colour: QColor, at: QPointF, colours: MapColours) -> None:
    """An entry's symbol, drawn as the map draws what it stands for."""
    if symbol == "kind":
        painter.setPen(cosmetic_pen(colours.background, 1))
        painter.setBrush(colour)
        painter.drawEllipse(at, 5, 5)
    elif symbol == "point":
        painter.setPen(cosmetic_pen(colours.text, 1))
        painter.setBrush(colours.text)
        painter.drawEllipse(at, 3, 3)
    elif symbol == "area":
        painter.setPen(cosmetic_pen(colours.text, 1))
        painter.setBrush(with_alpha(colours.text, 50))
        painter.drawEllipse(at, 8, 6)
        painter.drawLine(at + QPointF(-2.5, 0), at + QPointF(2.5, 0))
        painter.drawLine(at + QPointF(0, -2.5), at + QPointF(0, 2.5))
    elif symbol == "district":
        painter.setPen(cosmetic_pen(colours.text, 1.5))
        painter.setBrush(QBrush(with_alpha(colours.text, 70), Qt.BrushStyle.BDiagPattern))
        painter.drawRect(QRectF(at.x() - 9, at.y() - 6, 18, 12))
    elif symbol == "line":
        painter.setPen(cosmetic_pen(colour, 2.5, Qt.PenStyle.DashLine))
        painter.drawLine(at + QPointF(-10, 0), at + QPointF(10, 0))
    elif symbol == "river":
        painter.setPen(cosmetic_pen(colour, 2.0))
        painter.drawLine(at + QPointF(-10, 2), at + QPointF(-3, -2))
        painter.drawLine(at + QPointF(-3, -2), at + QPointF(3, 2))
        painter.drawLine(at + QPointF(3, 2), at + QPointF(10, -2))
    elif symbol == "size":
        painter.setPen(cosmetic_pen(colours.text, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(at + QPointF(-5, 2), 3, 3)
        painter.drawEllipse(at + QPointF(4, 0), 6, 6)
