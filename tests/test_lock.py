"""Another program's write lock: the UI thread never waits for it; the status line says the file is busy."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from hybrowser.db.query import SortKey

ROOT = Path(__file__).resolve().parents[1]


def test_sort_and_new_tab_under_a_write_lock_say_busy_without_waiting(qtbot, tmp_path, settings_file):
    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    path = tmp_path / "locked.db"
    shutil.copy(ROOT / "data.db", path)
    window = create_window(path)
    qtbot.addWidget(window)
    window.show()
    wait_until_loaded(window, panels=False)
    # The UI thread's connection never waits in SQLite's busy handler.
    assert window.db.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 0
    writer = sqlite3.connect(path)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        tab = window.current_tab()
        tab.sort_by((SortKey(tab.model.columns[0].name, True),))
        qtbot.waitUntil(lambda: "busy" in window.status_label.text(), timeout=15_000)
        assert "locked" not in window.status_label.text()
        window.tabs.setCurrentIndex(window.tabs.count() - 1)
        qtbot.waitUntil(lambda: "busy" in window.status_label.text(), timeout=15_000)
    finally:
        writer.rollback()
        writer.close()
    window.close()
