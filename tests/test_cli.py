"""The command line: bad paths give one line and exit 2 and leave the disk as it was."""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env_extra: dict | None = None, timeout: int = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "hybrowser", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "folder").mkdir()
    (tmp_path / "empty.db").write_bytes(b"")
    (tmp_path / "text.db").write_text("not a database\n")
    foreign = sqlite3.connect(tmp_path / "foreign.db")
    foreign.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
    foreign.commit()
    foreign.close()
    foreign_wal = sqlite3.connect(tmp_path / "foreign-wal.db")
    foreign_wal.execute("PRAGMA journal_mode = WAL")
    foreign_wal.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
    foreign_wal.commit()
    foreign_wal.close()
    os.mkfifo(tmp_path / "pipe.db")
    truncated = (ROOT / "data.db").read_bytes()[:8192]
    (tmp_path / "truncated.db").write_bytes(truncated)
    return {
        "missing": tmp_path / "no-such.db",
        "directory": tmp_path / "folder",
        "empty": tmp_path / "empty.db",
        "not sqlite": tmp_path / "text.db",
        "foreign": tmp_path / "foreign.db",
        "truncated": tmp_path / "truncated.db",
        "named pipe": tmp_path / "pipe.db",
        "foreign WAL": tmp_path / "foreign-wal.db",
    }


@pytest.mark.parametrize(
    "kind",
    ["missing", "directory", "empty", "not sqlite", "foreign", "truncated", "named pipe", "foreign WAL"],
)
def test_bad_database_gives_one_line_exit_2_and_changes_nothing(tmp_path, kind):
    path = bad_inputs(tmp_path)[kind]
    before = snapshot(tmp_path)
    result = run(str(path), "--screenshot", str(tmp_path / "shot.png"))
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("hybrowser: ") and str(path) in lines[0]
    assert snapshot(tmp_path) == before  # nothing created (no shot.png, no no-such.db), nothing changed
    log = Path(os.environ["HYBROWSER_LOG_DIR"]) / "hybrowser.log"
    assert str(path) in log.read_text(encoding="utf-8")  # and the error is in the log file


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("hybrowser 0.")


def test_screenshot_writes_a_png_of_the_requested_size(tmp_path):
    shot = tmp_path / "window.png"
    result = run(
        "--screenshot",
        str(shot),
        "--tab",
        "projects",
        "--lang",
        "en",
        "--size",
        "900x600",
        env_extra={"HYBROWSER_SETTINGS": str(tmp_path / "s.ini")},
    )
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (900, 600)


def test_unknown_tab_is_refused(tmp_path):
    result = run("--screenshot", str(tmp_path / "x.png"), "--tab", "nope")
    assert result.returncode == 2 and "nope" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_void_qt_calls_do_not_crash_the_interpreter():
    """PySide6 6.12.0 on CPython < 3.12 drops a reference to None per void call (none_dealloc)."""
    code = (
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        "for _ in range(100_000):\n"
        "    o.setObjectName('x')\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "ok"


QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")


@pytest.mark.parametrize("folder", ["db", "core", "build"])
def test_data_layer_never_imports_qt(folder):
    for path in sorted((ROOT / "hybrowser" / folder).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(QT_MODULES), f"{path.name} imports {name}"


def test_data_layer_loads_without_qt_in_the_process():
    code = (
        "import sys, hybrowser.build.command, hybrowser.build.validate, hybrowser.build.write\n"
        "import hybrowser.db.query, hybrowser.db.connection, hybrowser.core.selection\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_start_up_path_does_not_import_heavy_modules():
    """sqlite_utils is for the build and pyqtgraph loads after the first paint."""
    code = (
        "import sys\n"
        "from hybrowser.app import create_window\n"
        "w = create_window()\n"
        "print(sorted(m for m in ('sqlite_utils', 'pyqtgraph', 'numpy') if m in sys.modules))\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HYBROWSER_SETTINGS": "/tmp/hybrowser-test-startup.ini",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_gui_offers_another_file_in_a_dialog(qtbot, tmp_path, monkeypatch):
    """In the window a bad path is a dialog offering another file; closing it exits 2, nothing written."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from hybrowser import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.buttons()[0])  # "Open another file…"
    chosen = tmp_path / "also-missing.db"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: ("", ""))
    args = app.parse_arguments([str(tmp_path / "missing.db")])
    assert app.run_gui(args) == 2
    assert shown and "missing.db" in shown[0] and "no such file" in shown[0]
    assert list(tmp_path.iterdir()) == [] and not chosen.exists()
