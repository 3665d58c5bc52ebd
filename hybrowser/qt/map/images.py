"""The map as a report shows it (the part on screen, on white, without the selection); its export dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

from hybrowser.core.labels import tr

if TYPE_CHECKING:
    from hybrowser.qt.map.panel import MapPanel


def report_image(panel: MapPanel, width: int | None = None) -> QImage:
    """The map as an image for a report (see MapCanvas.render_copy): the part shown, at the
    size shown or `width` pixels wide."""
    panel.wait()  # the rows asked for, not the ones before
    canvas = panel.canvas
    on_screen = canvas.isVisible() and canvas.width() >= 100 and canvas.height() >= 100
    rect = canvas.view_rect() if on_screen else None
    if width is None and on_screen and rect is not None:
        # Drawn afresh rather than grabbed: the screen shows the theme and the selection.
        return canvas.render_copy(canvas.width(), canvas.height(), rect, exact=True)
    if rect is None or rect.width() <= 0 or rect.height() <= 0:
        rect = canvas.rect_of(panel._records) or canvas.city_rect()
    width = int(width or 900)
    ratio = rect.height() / rect.width() if rect.width() > 0 else 1.0
    height = max(200, min(int(width * 1.6), round(width * ratio)))
    return canvas.render_copy(width, height, rect, exact=on_screen)


def ask_export(panel: MapPanel) -> None:
    # Wider than the dock: a map for a report is read on a page, not in a side panel.
    width = max(1600, panel.canvas.width())
    panel.images.ask_save(tr("Export PNG…", panel.lang), Path.home() / "map.png", "png", width)
