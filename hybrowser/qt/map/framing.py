"""Which part of the map is shown: the rows, the whole city or the selection; whether the user moved it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybrowser.core.labels import tr
from hybrowser.db import map_data as md

if TYPE_CHECKING:
    from hybrowser.qt.map.panel import MapPanel


class MapFraming:
    """The map's view rectangle; a view the user chose is kept when new rows arrive."""

    def __init__(self, panel: MapPanel) -> None:
        self.panel = panel
        #: the user panned or zoomed (or chose a view): new rows do not refit the map
        self.user_moved = False
        panel.canvas.view.sigRangeChangedManually.connect(self.moved)

    def moved(self, *_args) -> None:
        self.user_moved = True

    def fit_all(self, user: bool = True) -> None:
        """Fit every row drawn for the tab (the whole city if none is)."""
        canvas = self.panel.canvas
        rect = canvas.rect_of([r for r in self.panel._records if r.placement != md.NONE])
        canvas.set_view(rect if rect is not None else canvas.city_rect(), padding=0.08)
        if user:
            self.user_moved = False

    def whole_city(self) -> None:
        self.panel.canvas.set_view(self.panel.canvas.city_rect())
        self.user_moved = True

    def zoom_to_selection(self) -> bool:
        panel = self.panel
        chosen = [r for r in panel._records if r.rowid in panel._selected and r.placement != md.NONE]
        rect = panel.canvas.rect_of(chosen)
        if rect is None:
            panel.info.setText(tr("The selected rows are not on the map", panel.lang))
            return False
        panel.canvas.set_view(rect, padding=0.25)
        self.user_moved = True
        return True
