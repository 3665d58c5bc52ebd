"""Where hybrowser's parts are on the screen: one JSON line, for the on-screen benchmark.

    python -m benchmarks.screen_layout DB WIDTHxHEIGHT

Builds the window the way `hybrowser --size WxH DB` does (same settings file, same size, same
X server), waits until the first tab, the chart and the map are in, and prints the screen
rectangles [x, y, width, height] the benchmark polls: the first rows of the table (cells only,
not the row numbers), the chart dock's contents, the map dock's contents, and the centre of each
column's filter box. It runs once per benchmark, untimed: the timed launches run the real
`hybrowser` command, with nothing of the benchmark inside them.

Widgets are found by class and object name rather than by the app's attributes, so that moving
the window's modules around does not break the benchmark.
"""

from __future__ import annotations

import json
import os
import sys
import time

LAYOUT_PREFIX = "SCREEN-LAYOUT "
#: Rows of the table polled for "new rows on screen" (the first page the user looks at).
ROWS_POLLED = 8


def _rect(widget, x=0, y=0, width=None, height=None) -> list[int]:
    from PySide6.QtCore import QPoint

    top_left = widget.mapToGlobal(QPoint(x, y))
    return [
        top_left.x(),
        top_left.y(),
        widget.width() if width is None else width,
        widget.height() if height is None else height,
    ]


def layout(window) -> dict:
    from PySide6.QtWidgets import QDockWidget, QHeaderView, QLineEdit, QTableView

    views = [v for v in window.findChildren(QTableView) if v.isVisible() and v.model() is not None]
    view = max(views, key=lambda v: v.width() * v.height())
    viewport = next(c for c in view.children() if c.objectName() == "qt_scrollarea_viewport")
    row_height = view.verticalHeader().defaultSectionSize()
    rows = min(ROWS_POLLED, max(1, viewport.height() // row_height))
    header = view.horizontalHeader()
    model = view.model()
    names = getattr(model, "columns", None)
    boxes = {}
    editors = [e for e in header.findChildren(QLineEdit) if e.isVisible()]
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        left = header.sectionViewportPosition(section)
        mid = left + header.sectionSize(section) // 2
        editor = next((e for e in editors if e.geometry().left() <= mid < e.geometry().right()), None)
        if editor is None:
            continue
        centre = editor.mapToGlobal(editor.rect().center())
        name = getattr(names[section], "name", str(section)) if names is not None else str(section)
        boxes[name] = [centre.x(), centre.y()]
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}

    def dock_rect(name: str):
        dock = docks.get(f"{name}_dock")
        if dock is None or dock.widget() is None or not dock.isVisible():
            return None
        return _rect(dock.widget())

    geometry = window.frameGeometry()
    return {
        "window": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
        "rows": _rect(viewport, 0, 0, viewport.width(), rows * row_height),
        "row_height": row_height,
        "filter_boxes": boxes,
        "chart": dock_rect("chart"),
        "map": dock_rect("map"),
        "header_class": type(header).__name__ if isinstance(header, QHeaderView) else None,
    }


def main(argv: list[str]) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from hybrowser.app import create_window

    try:
        from hybrowser.qt.probes import wait_until_loaded
    except ImportError:  # before the window's modules moved
        from hybrowser.app import wait_until_loaded

    db, size = argv[0], argv[1]
    width, height = (int(part) for part in size.split("x"))
    window = create_window(Path(db))
    window.resize(width, height)
    window.show()
    wait_until_loaded(window, timeout_s=60)
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:  # the dock contents settle after the panels are in
        QApplication.processEvents()
        time.sleep(0.01)
    sys.stdout.write(LAYOUT_PREFIX + json.dumps(layout(window)) + "\n")
    sys.stdout.flush()
    os._exit(0)  # no closeEvent: it would write the settings file the timed launches start from


if __name__ == "__main__":
    main(sys.argv[1:])
