"""Nothing is left in the temporary folder: a screenshot's throw-away settings are removed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_screenshot_leaves_nothing_in_the_temp_folder(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(temp),
        "XDG_RUNTIME_DIR": str(runtime),  # Qt's own runtime folder, not the temp folder
    }
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "hybrowser", "--screenshot", str(shot), "--size", "400x300"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert shot.exists()
    assert sorted(p.name for p in temp.iterdir()) == []
