"""Read-only proof: a scripted session touching every feature leaves the database byte for byte."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from PySide6.QtWidgets import QApplication

from hybrowser.app import create_window
from hybrowser.db.query import SortKey
from hybrowser.qt.probes import wait_until_loaded

ROOT = Path(__file__).resolve().parents[1]


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


def test_scripted_session_changes_nothing_and_opens_read_only(qtbot, tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    db_path = folder / "data.db"
    shutil.copy2(ROOT / "data.db", db_path)
    before = fingerprint(folder)

    window = create_window(db_path)
    qtbot.addWidget(window)
    window.show()
    wait_until_loaded(window)
    assert window.db.conn.execute("PRAGMA query_only").fetchone()[0] == 1
    uri = window.db.conn.execute("PRAGMA database_list").fetchall()
    assert uri[0][2] == str(db_path.resolve())

    for lang in ("zh", "en"):
        window.set_language(lang)
        for tab in window.table_tabs:
            window.tab_named(tab.table.name)
            wait_until_loaded(window)
            first = tab.model.columns[0].name
            tab.sort_by((SortKey(first, True),))
            tab.set_filter(first, "a")
            tab.set_search("投资")
            wait_until_loaded(window)
            tab.clear_filters()
            wait_until_loaded(window)
            tab.view.selectAll()
            tab.clipboard.copy(header=True)
            tab.clipboard.copy_raw()
            tab.clipboard.copy_csv()
            tab.clipboard.copy_citation()
            assert QApplication.clipboard().text() is not None
            assert window.files.export_current(tmp_path / f"{tab.table.name}-{lang}.csv").wait()
            assert window.files.export_current(tmp_path / f"{tab.table.name}-{lang}.xlsx").wait()
    window.close()
    assert fingerprint(folder) == before  # no byte, no timestamp, no journal or WAL file
