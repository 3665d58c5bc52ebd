"""The benchmark runner end to end on a tiny synthetic database: every figure is there and positive."""

from __future__ import annotations

import importlib.util
import json

import pytest

from benchmarks.report import markdown, targets
from benchmarks.runner import CHART_KEYS, EXPECTED_KEYS, MAP_KEYS, Config, lookup, run_all

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("PySide6") is None, reason="the benchmarks need PySide6"
)


def _positive(value) -> bool:
    if isinstance(value, dict):
        numbers = [value[k] for k in ("value", "p50", "p95", "min", "max") if k in value]
        return bool(numbers) and all(isinstance(n, (int, float)) and n > 0 for n in numbers)
    return isinstance(value, (int, float)) and value > 0


def test_runner_on_a_small_database(tmp_path):
    config = Config(
        rows=2000,
        runs=1,
        samples=2,
        sort_samples=2,
        panel_samples=2,
        panel_sort_samples=1,
        naive_rows=2000,
        naive_samples=2,
        map_markers=60,
        map_repeats=1,
        import_times=False,
        out_dir=tmp_path,
        timeout_s=120,
        log=lambda _message: None,
    )
    results = run_all(config)
    json.dumps(results)  # serialisable as it is printed

    missing = [key for key in EXPECTED_KEYS if not _present(results, key)]
    assert not missing, missing
    bad = {key: lookup(results, key) for key in EXPECTED_KEYS if not _positive(lookup(results, key))}
    assert not bad, bad

    inter = results["interaction"]
    assert inter["rows"]["value"] == 2000
    assert inter["copy_cells"]["value"] == 2000 * 10
    keys = (CHART_KEYS if inter["has_chart"] else []) + (MAP_KEYS if results["map"].get("has_map") else [])
    for key in keys:
        assert _present(results, key), key
        assert _positive(lookup(results, key)), (key, lookup(results, key))
    for field in ("cpu", "cores", "ram_gb", "python", "pyside6", "sqlite"):
        assert results["machine"][field]

    text = markdown(results)
    assert "**Targets**" in text and "hybrowser, 2,000 rows" in text
    assert len(targets(results)) >= 6


def _present(results: dict, key: str) -> bool:
    try:
        lookup(results, key)
    except KeyError:
        return False
    return True


# ---- the on-screen benchmark (benchmarks/screen.py) ------------------------------------------------


def test_a_clock_stops_when_the_final_pixels_first_reach_the_screen():
    from benchmarks.xscreen import Recording

    def rec(crcs: list[int]) -> Recording:
        times = [0.01 * (i + 1) for i in range(len(crcs))]
        return Recording(t0=0.0, times={"rows": times}, crcs={"rows": crcs})

    assert rec([1, 1, 2, 2]).reached("rows", since=1) == pytest.approx(0.03)
    # A flicker back to the old pixels: the clock stops at the last arrival of the final ones.
    assert rec([1, 2, 1, 2, 2]).reached("rows", since=1) == pytest.approx(0.04)
    # Already changed at the first poll: that poll's time.
    assert rec([2, 2]).reached("rows", since=1) == pytest.approx(0.01)
    # Nothing new reached the screen: no time at all, rather than a time of nothing.
    assert rec([1, 1, 1]).reached("rows", since=1) is None
    assert rec([3, 1, 1]).reached("rows", since=1) is None
    assert rec([1, 2, 2]).changes("rows") == 1


def test_ratios_are_taken_round_by_round():
    from benchmarks.screen import ratios

    assert ratios([100, 300, None], [200, 300, 50]) == {"median": 0.75, "min": 0.5, "max": 1.0, "n": 2}
    assert ratios([None], [1]) is None


def _screen_tools_missing() -> str | None:
    import shutil

    if importlib.util.find_spec("PySide6") is None:
        return "the benchmarks need PySide6"
    if shutil.which("Xvfb") is None:
        return "no Xvfb (Debian: xvfb): the on-screen benchmark needs an X server"
    for module in ("mss", "Xlib"):
        if importlib.util.find_spec(module) is None:
            return f"no {module} (pip install -e '.[bench]')"
    return None


@pytest.mark.skipif(_screen_tools_missing() is not None, reason=str(_screen_tools_missing()))
def test_screen_benchmark_on_xvfb():
    """One round on data.db: the real command and the bare window, every figure on screen."""
    from benchmarks import screen
    from benchmarks.runner import DATA_DB

    args = screen.parse_arguments(
        ["--db", str(DATA_DB), "--rounds", "1", "--texts", "1", "--enter-texts", "1"]
        + ["--apps", "hybrowser,bare"]
    )
    args.quiet = 0.8
    results = screen.run(args, log=lambda _message: None)
    json.dumps(results)
    assert results["mode"] == "xvfb"
    mine = results["rounds"][0]["hybrowser"]
    assert not mine.get("error") and not mine.get("stderr"), mine
    assert not screen._missing(results)
    figures = results["figures"]
    for key in ("launch_rows", "key_rows", "clear_rows", "rss", "stall"):
        assert figures[key]["hybrowser"]["median"] > 0, key
    # A filter applies as it is typed: the rows an Enter asks for may be on screen before it.
    enter = mine["enter"][0]
    assert (enter["rows"] or 0) > 0 or "rows" in enter["already"], enter
    assert figures["launch_rows"]["bare"]["median"] > 0
    assert figures["launch_rows"]["hybrowser"]["ratio_bare"]["n"] == 1
    assert mine["pings"] > 0
    text = screen.markdown(results)
    assert "Targets (issue 18)" in text and "hybrowser ÷ bare" in text
