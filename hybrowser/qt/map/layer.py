"""A layer of the map: pyqtgraph items added to the view box together and removed together."""

from __future__ import annotations

import pyqtgraph as pg


class MapLayer:
    """Items of one layer; they do not count for auto-range, the canvas sets the view itself."""

    def __init__(self, view: pg.ViewBox) -> None:
        self.view = view
        self.items: list = []

    def add(self, item) -> None:
        self.view.addItem(item, ignoreBounds=True)
        self.items.append(item)

    def clear(self) -> None:
        for item in self.items:
            self.view.removeItem(item)
        self.items.clear()
