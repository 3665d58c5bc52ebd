"""How a bar looks: its category's colour, and the pen and brush of exact, bound, approximate, selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

from hybrowser.core.tables import TableMeta
from hybrowser.db.chart_data import Bar, category_column
from hybrowser.qt.draw_style import ThemeColours

#: Category colours (Okabe–Ito, then tab10, then tab20b's darker tones), readable on light
#: and dark backgrounds; as many as indicators have categories, so no two share a colour.
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
    "#393B79",
    "#637939",
    "#7B4173",
    "#BD9E39",
    "#E7969C",
    "#843C39",
    "#6B6ECF",
    "#8CA252",
    "#AD494A",
    "#A55194",
    "#9C9EDE",
    "#CEDB9C",
)


def category_colours(table: TableMeta | None, bars: list[Bar]) -> dict[str, QColor]:
    """A colour per category: the column's codes in order (stable across filters), then any others."""
    if table is None:
        return {}
    column = category_column(table)
    codes = list(table.column(column).allowed) if column else []
    for bar in bars:
        if bar.category and bar.category not in codes:
            codes.append(bar.category)
    return {code: QColor(COLOURS[i % len(COLOURS)]) for i, code in enumerate(codes)}


def bar_colour(bar: Bar, colours: dict[str, QColor], theme: ThemeColours) -> QColor:
    if bar.others:
        # "Others" is no category: a faint text colour, so it does not read as one.
        colour = QColor(theme.text)
        colour.setAlphaF(0.35)
        return colour
    return QColor(colours.get(bar.category, QColor(COLOURS[0])))


def bar_style(bar: Bar, colours: dict[str, QColor], dim: bool, theme: ThemeColours) -> tuple[QPen, QBrush]:
    """A bound is an open dashed bar, an approximation hatched; selected bars get the highlight's outline.

    A lower bound (≥10%) is dashed, an upper one (<5 亿元, <−5%) dash-dotted: the legend tells them apart.
    """
    colour = bar_colour(bar, colours, theme)
    if dim and not bar.highlighted:
        colour.setAlphaF(colour.alphaF() * 0.45)
    if bar.is_bound or bar.is_upper:
        style = Qt.PenStyle.DashDotLine if bar.is_upper else Qt.PenStyle.DashLine
        pen = QPen(colour, 1.6, style)
        brush = QBrush(Qt.BrushStyle.NoBrush)
    elif bar.is_approx:
        pen = QPen(colour, 1.2)
        brush = QBrush(colour, Qt.BrushStyle.BDiagPattern)
    else:
        pen = QPen(colour.darker(130), 1.0)
        brush = QBrush(colour)
    if bar.highlighted:
        pen = QPen(theme.highlight, 3.0, pen.style())
    pen.setCosmetic(True)
    return pen, brush


def bar_styles(
    bars: list[Bar], colours: dict[str, QColor], theme: ThemeColours
) -> tuple[list[QPen], list[QBrush]]:
    """Every bar's pen and brush; with a selection, the other bars are dimmed."""
    dim = any(bar.highlighted for bar in bars)
    styles = [bar_style(bar, colours, dim, theme) for bar in bars]
    return [s[0] for s in styles], [s[1] for s in styles]
