"""Shared fixtures: the repository root, a freshly built database, copies of resources/ to corrupt."""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# `pytest` (unlike `python -m pytest`) does not put the repository on sys.path.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from hybrowser.build import build  # noqa: E402

# Tests (and the programs they start) never touch the user's own settings or logs, and
# run without a screen. Set before any test imports Qt.
_PRIVATE = Path(tempfile.mkdtemp(prefix="hybrowser-tests-"))
os.environ["HYBROWSER_SETTINGS"] = str(_PRIVATE / "settings.ini")
os.environ["HYBROWSER_LOG_DIR"] = str(_PRIVATE / "logs")
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

RESOURCES = REPO_ROOT / "resources"

# Not read by the build; large, so left out of the copies.
_NOT_COPIED = ("map", "fonts")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def make_resources(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """make_resources(dest=None) → a fresh copy of resources/ (without map/ and fonts/).

    dest is the parent folder (e.g. tmp_path); without it a new temporary folder is used.
    """
    counter = itertools.count()

    def make(dest: Path | None = None) -> Path:
        parent = Path(dest) if dest is not None else tmp_path_factory.mktemp("resources")
        target = parent / f"resources{next(counter)}"
        shutil.copytree(RESOURCES, target, ignore=shutil.ignore_patterns(*_NOT_COPIED))
        return target

    return make


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data.db built afresh from resources/ (once per session; tests open it read-only)."""
    path = tmp_path_factory.mktemp("built") / "data.db"
    build(RESOURCES, path)
    return path


#: A county bulletin written for the tests, with falling figures (同比下降, 回落, 低于全省),
#: a bound, a less-than, a structure and a rank in the city.
FALLING_BULLETIN = REPO_ROOT / "tests" / "data" / "hengnan-2023-m5"


@pytest.fixture(scope="session")
def falling_db(make_resources: Callable[..., Path]) -> Path:
    """The real sources plus tests/data/hengnan-2023-m5, built once per session."""
    resources = make_resources()
    shutil.copytree(FALLING_BULLETIN, resources / "bulletins" / FALLING_BULLETIN.name)
    path = resources.parent / "falling.db"
    build(resources, path)
    return path


@pytest.fixture
def settings_file(tmp_path, monkeypatch) -> Path:
    """A private settings file (and log folder) for one test's windows."""
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("HYBROWSER_SETTINGS", str(path))
    monkeypatch.setenv("HYBROWSER_LOG_DIR", str(tmp_path / "logs"))
    return path


@pytest.fixture
def window(qtbot, settings_file):
    """The app on the repository's data.db, shown, its first queries answered (panels may follow)."""
    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    win = create_window(REPO_ROOT / "data.db")
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    wait_until_loaded(win, panels=False)
    yield win
    win.close()
