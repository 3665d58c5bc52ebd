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
