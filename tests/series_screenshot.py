"""python tests/series_screenshot.py OUT.png [chart|periods|regions|ranks|map] [zh|en]: the series dock.

Builds the library of tests/data/series (imported, reviewed, built as in the tests), opens it on the
Series tab, selects the city's series (or the city and its two counties, for regions and ranks),
and saves the window, rendered offscreen.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt  # noqa: E402
from series_library import CITY, CITY_INDUSTRY, HIGH_TECH, INDUSTRY, RETAIL, build_library  # noqa: E402

from hybrowser.app import create_window, make_application  # noqa: E402
from hybrowser.qt.probes import wait_for, wait_until_loaded  # noqa: E402
from hybrowser.qt.settings import temporary_settings  # noqa: E402

CITY_SERIES = [CITY_INDUSTRY, RETAIL, HIGH_TECH, f"{CITY}|固定资产投资|growth_yoy|%"]
REGIONS = [CITY_INDUSTRY, f"青溪县|{INDUSTRY}", f"白沙县|{INDUSTRY}"]
#: Two districts of Hengyang's map and one county that is not on it.
DISTRICTS = [f"衡南县|{INDUSTRY}", f"祁东县|{INDUSTRY}", f"青溪县|{INDUSTRY}"]


def main(out: Path, mode: str = "chart", lang: str = "zh") -> int:
    app = make_application()
    db = build_library(Path(tempfile.mkdtemp(prefix="hybrowser-series-")))
    with temporary_settings() as settings:
        return _shoot(app, db, out, mode, lang, settings)


def _shoot(app, db: Path, out: Path, mode: str, lang: str, settings) -> int:
    window = create_window(db, lang=lang, settings=settings)
    window.resize(1500, 1000)
    window.show()
    tab = window.tab_named("series")
    wait_until_loaded(window)
    window.resizeDocks([window.series_dock], [470], Qt.Orientation.Vertical)
    ids = {"regions": REGIONS, "ranks": REGIONS, "map": DISTRICTS}.get(mode, CITY_SERIES)
    mode = "ranks" if mode == "map" else mode
    with sqlite3.connect(db) as conn:
        rowids = [conn.execute("SELECT rowid FROM series WHERE id = ?", (i,)).fetchone()[0] for i in ids]
    tab.rowid_selection.select_rowids(rowids)
    panel = window.series_panel
    wait_for(panel)
    panel.set_mode(mode)
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(out))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), *sys.argv[2:]))
