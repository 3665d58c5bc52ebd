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


#: The mutation run's tests (pyproject's [tool.mutmut], tests/MUTATION.md): the files whose tests
#: exercise core/ and db/ without a window; their tests that need one (qtbot) are left out too.
MUTATION_FILES = (
    "test_build.py",
    "test_cells_text.py",
    "test_chart.py",
    "test_chart_bars.py",
    "test_citation.py",
    "test_damaged.py",
    "test_data.py",
    "test_export.py",
    "test_export_files.py",
    "test_extract.py",
    "test_falling.py",
    "test_faults.py",
    "test_figures.py",
    "test_filter_clauses.py",
    "test_filters.py",
    "test_geo.py",
    "test_guards.py",
    "test_huge_cell.py",
    "test_large_copy.py",
    "test_layers.py",
    "test_map.py",
    "test_names.py",
    "test_numerals.py",
    "test_open_checks.py",
    "test_projection.py",
    "test_regex.py",
    "test_series.py",
    "test_series_data.py",
    "test_spreadsheet_copy.py",
    "test_startup_path.py",
    "test_status_totals.py",
    "test_view.py",
)
#: Left out of the mutation run for time: 200 generated examples each (the other filter tests
#: state the same rules case by case), and LibreOffice started for every mutant.
MUTATION_SLOW = ("never_raises", "libreoffice")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--mutation-selection",
        action="store_true",
        help="run only the mutation run's tests (MUTATION_FILES, without a window)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--mutation-selection"):
        return
    keep, drop = [], []
    for item in items:
        chosen = (
            item.path.name in MUTATION_FILES
            and "qtbot" not in getattr(item, "fixturenames", ())
            and not any(word in item.name for word in MUTATION_SLOW)
        )
        (keep if chosen else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


# --- mutmut (tests/MUTATION.md) -------------------------------------------------------------
# mutmut maps each mutated function to the tests that called it while it collects statistics
# (MUTANT_UNDER_TEST == "stats"), and runs only those tests for the function's mutants. A
# session- or module-scoped fixture is set up during its first test only, so the functions it
# calls (the build, the basemap reader) would be mapped to that one test. Under statistics, the
# functions hit while setting up such a fixture are remembered and counted again for every
# later test that uses the fixture. Outside mutmut these hooks do nothing.
_FIXTURE_HITS: dict[str, set[str]] = {}


def _mutmut_state():
    if os.environ.get("MUTANT_UNDER_TEST") != "stats":
        return None
    try:
        from mutmut.state import state
    except ImportError:
        return None
    return state()


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
    state = _mutmut_state()
    if state is None or fixturedef.scope == "function":
        yield
        return
    before = set(state._stats)
    state._stats.clear()
    try:
        yield
    finally:
        _FIXTURE_HITS.setdefault(fixturedef.argname, set()).update(state._stats)
        state._stats.update(before)


@pytest.hookimpl(trylast=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    state = _mutmut_state()
    if state is None:
        return
    for name in getattr(item, "fixturenames", ()):
        state._stats.update(_FIXTURE_HITS.get(name, ()))


#: Caches that mutmut's forked children could inherit already filled (filled by the fork server
#: or an earlier test), which would answer without calling the mutant.
_CACHED = (
    "hybrowser.core.spreadsheet",  # _format_attributes
    "hybrowser.core.numerals",  # _cn2an
    "hybrowser.db.map_data",  # prepared_basemap
    "hybrowser.db.regex",  # compile_regex
)


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutation():
    """Under a mutant, the Qt-free layers' lru_caches are emptied before each test."""
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if mutant and mutant not in ("stats", "fail", "list_all_tests", "mutant_generation"):
        import functools
        import importlib

        for module_name in _CACHED:
            module = sys.modules.get(module_name) or importlib.import_module(module_name)
            for value in vars(module).values():
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()
    yield


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


#: Rows in paged_db: five pages of the table (table_model.PAGE_SIZE is 200).
PAGED_ROWS = 1000


@pytest.fixture(scope="session")
def paged_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with more indicator rows than a page, built through the real build
    (benchmarks/synthetic.py: the real rows repeated over synthetic bulletins, values varied)."""
    from benchmarks.synthetic import build_synthetic

    path = tmp_path_factory.mktemp("paged") / "paged.db"
    build_synthetic(path, PAGED_ROWS)
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
