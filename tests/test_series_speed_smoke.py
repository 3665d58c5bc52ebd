"""benchmarks.series_speed's probe on the test library, in a fresh process: every figure there, positive."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time

import pytest
import series_library

pytestmark = pytest.mark.skipif(importlib.util.find_spec("PySide6") is None, reason="needs PySide6")

series_db = series_library.series_db


def test_the_series_probe_measures_each_figure(series_db, repo_root) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or "offscreen"}
    command = [sys.executable, "-m", "benchmarks.series_speed", "--probe", str(series_db)]
    out = subprocess.run(
        [*command, "--spawned", str(time.time())],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=repo_root,
        timeout=120,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(result) == {
        "launch → Series tab rows painted (ms)",
        "switch to the Series tab → rows painted (ms)",
        "periods per series drawn",
        "select series → chart painted, median (ms)",
        "redraw: draw + paint, median (ms)",
        "… of which draw (items made), median (ms)",
        "series drawn",
    }
    assert all(value > 0 for value in result.values())
