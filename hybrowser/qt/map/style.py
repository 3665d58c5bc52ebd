"""How the map looks: its colours, taken from the palette, and how big a site's point is."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QColor, QPalette

from hybrowser.db import map_data as md
from hybrowser.qt.draw_style import ThemeColours

POINT_SIZE = 11  # px, a point without a stated investment
MAX_POINT_SIZE = 30  # px, the table's largest investment


@dataclass(frozen=True)
class MapColours:
    background: QColor
    text: QColor
    outline: QColor
    fill: QColor
    river: QColor
    schematic: QColor
    highlight: QColor
    dark: bool

    @classmethod
    def from_palette(cls, palette: QPalette) -> MapColours:
        return cls.from_theme(ThemeColours.of(palette))

    @classmethod
    def from_theme(cls, theme: ThemeColours) -> MapColours:
        # Greys are blends of background and text, so they keep their contrast in any theme.
        return cls(
            background=theme.background,
            text=theme.blend(0.85),
            outline=theme.blend(0.45),
            fill=theme.blend(0.07),
            river=QColor("#5fb3f0" if theme.dark else "#2c7fb8"),
            schematic=theme.blend(0.6),
            highlight=theme.highlight,
            dark=theme.dark,
        )


def point_size(record: md.MapRecord, max_investment: float | None) -> float:
    """A site's diameter in pixels: by its share of the table's largest investment, if it states one."""
    top = max_investment
    if record.investment_yi is None or not top or top <= 0:
        return POINT_SIZE
    share = max(0.0, min(1.0, record.investment_yi / top))
    # Area, not diameter, grows with the investment.
    return POINT_SIZE + (MAX_POINT_SIZE - POINT_SIZE) * math.sqrt(share)


def point_sizes(investments: np.ndarray, max_investment: float | None) -> np.ndarray:
    """point_size for many sites at once: investments in 亿元, NaN where a row states none."""
    top = max_investment
    sizes = np.full(len(investments), float(POINT_SIZE))
    if not top or top <= 0:
        return sizes
    stated = ~np.isnan(investments)
    share = np.clip(investments[stated] / top, 0.0, 1.0)
    sizes[stated] = POINT_SIZE + (MAX_POINT_SIZE - POINT_SIZE) * np.sqrt(share)
    return sizes
