"""What the chart and the map draw with: the palette's colours, cosmetic pens, the application font."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette, QPen
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class ThemeColours:
    """The palette colours both panels start from, so a dark theme gives a dark chart and map."""

    background: QColor  # Base: what tables and plots are drawn on
    text: QColor  # Text: text drawn on the background
    window_text: QColor  # WindowText: the map blends its greys from the background towards this
    highlight: QColor  # Highlight: the table's selection colour, reused for selected bars and markers

    @classmethod
    def of(cls, palette: QPalette) -> ThemeColours:
        return cls(
            background=palette.color(QPalette.ColorRole.Base),
            text=palette.color(QPalette.ColorRole.Text),
            window_text=palette.color(QPalette.ColorRole.WindowText),
            highlight=palette.color(QPalette.ColorRole.Highlight),
        )

    @property
    def dark(self) -> bool:
        return self.background.lightnessF() < 0.5

    def blend(self, weight: float, alpha: int = 255) -> QColor:
        """A colour `weight` of the way from the background to the window text (0 → 1)."""
        base, fore = self.background, self.window_text
        colour = QColor(
            round(base.red() + (fore.red() - base.red()) * weight),
            round(base.green() + (fore.green() - base.green()) * weight),
            round(base.blue() + (fore.blue() - base.blue()) * weight),
        )
        colour.setAlpha(alpha)
        return colour


#: Images meant for a report (copied or exported) are drawn on white with black text, whatever
#: the window's theme: a dark picture pasted into a white page reads as a black box.
REPORT_THEME = ThemeColours(
    background=QColor("#ffffff"),
    text=QColor("#000000"),
    window_text=QColor("#000000"),
    highlight=QColor("#308cc6"),
)


def with_alpha(colour: QColor, alpha: int) -> QColor:
    """A copy of a colour with another opacity (0–255)."""
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


def cosmetic_pen(colour: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen `width` screen pixels wide at any zoom, with round ends and joins for map lines."""
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    pen.setStyle(style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def app_font(scale: float = 1.0, bold: bool = False) -> QFont:
    """A copy of the application font (with the bundled CJK fallback), scaled and maybe bold."""
    font = QFont(QApplication.font())
    if scale != 1.0:
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * scale)
        elif font.pixelSize() > 0:
            font.setPixelSize(max(6, round(font.pixelSize() * scale)))
    font.setBold(bold)
    return font
