"""The floor for the on-screen benchmark: a bare PySide6 window over the same database.

    python -m benchmarks.bare_window DB WIDTHxHEIGHT COLUMN[,COLUMN...] [--layout]

A QMainWindow whose central widget is a QTableView over a QSqlQueryModel reading
`SELECT columns FROM indicators` from DB, opened read-only (the model fetches rows as the view
asks for them). Nothing else: no menus, docks, filters or fonts of our own. It is what any
PySide6 table browser pays to put its first rows on screen, run the same way as `hybrowser`
(a fresh process, the same X server, the same window size).

With --layout it prints, once its rows are painted, the screen rectangle of its first rows
(as benchmarks.screen_layout does for hybrowser) and exits.
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    from PySide6.QtSql import QSqlDatabase, QSqlQueryModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    db_path, size, columns = argv[0], argv[1], argv[2].split(",")
    width, height = (int(part) for part in size.split("x"))
    app = QApplication(sys.argv[:1])
    db = QSqlDatabase.addDatabase("QSQLITE")
    db.setDatabaseName(db_path)
    db.setConnectOptions("QSQLITE_OPEN_READONLY")
    if not db.open():
        print(f"bare window: cannot open {db_path}: {db.lastError().text()}", file=sys.stderr)
        return 2
    model = QSqlQueryModel()
    model.setQuery(f"SELECT {', '.join(columns)} FROM indicators", db)
    window = QMainWindow()
    window.setWindowTitle("bare PySide6 window")
    view = QTableView(window)
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(width, height)
    window.show()
    if "--layout" in argv:
        from benchmarks.screen_layout import LAYOUT_PREFIX, ROWS_POLLED

        def report() -> None:
            from PySide6.QtCore import QPoint

            viewport = next(c for c in view.children() if c.objectName() == "qt_scrollarea_viewport")
            row_height = view.verticalHeader().defaultSectionSize()
            rows = min(ROWS_POLLED, max(1, viewport.height() // row_height))
            top_left = viewport.mapToGlobal(QPoint(0, 0))
            geometry = window.frameGeometry()
            layout = {
                "window": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
                "rows": [top_left.x(), top_left.y(), viewport.width(), rows * row_height],
                "row_height": row_height,
            }
            sys.stdout.write(LAYOUT_PREFIX + json.dumps(layout) + "\n")
            sys.stdout.flush()
            os._exit(0)

        from PySide6.QtCore import QTimer

        QTimer.singleShot(1500, report)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
