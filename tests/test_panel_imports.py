"""The panels' modules load beside the UI thread only once every Qt class exists."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")

from hybrowser.qt import panel_imports  # noqa: E402
from hybrowser.qt.panel_imports import PanelImports  # noqa: E402

# Run in a fresh process: in this one, other tests have made the Qt classes long ago.
FRESH_PROCESS = r"""
import importlib, json, sys, threading
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from hybrowser.qt import panel_imports

app = QApplication([])

def lazy_names():
    missing = []
    for name in panel_imports.QT_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        missing += [f"{name}.{a}" for a in dir(module) if a not in module.__dict__]
    return missing

seen = {"lazy at start": len(lazy_names())}

def import_panel_modules():
    seen["lazy when pyqtgraph loads"] = lazy_names()
    seen["in a thread"] = threading.current_thread() is not threading.main_thread()
    seen["pyqtgraph loaded before"] = "pyqtgraph" in sys.modules

panel_imports._import_panel_modules = import_panel_modules
imports = panel_imports.PanelImports()
loop = QEventLoop()
imports.ready.connect(loop.quit)
loop.exec()
print(json.dumps(seen))
"""


def test_pyqtgraph_is_imported_only_after_every_qt_class_exists():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["lazy at start"] > 100  # the check means something: many classes were still to make
    assert seen["lazy when pyqtgraph loads"] == []
    assert seen["in a thread"] is True and seen["pyqtgraph loaded before"] is False


def test_a_failing_import_still_ends_in_ready(qtbot, monkeypatch):
    def broken() -> None:
        raise ImportError("no pyqtgraph here")

    monkeypatch.setattr(panel_imports, "_import_panel_modules", broken)
    imports = PanelImports()
    with qtbot.waitSignal(imports.ready, timeout=30_000):
        pass
