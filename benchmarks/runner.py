"""The parent side: databases, fresh child processes per run, and statistics over the runs.

Each measure_* function spawns `python -m benchmarks.probe` once per run and returns
plain dicts of figures; run_all() puts them together in the JSON the CLI prints.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from benchmarks.probe import RESULT_PREFIX

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = Path(__file__).resolve().parent / "out"
DATA_DB = REPO_ROOT / "data.db"

#: What the filter series type, first sample of each (the rest vary from the data).
FIRST_WORDS = {"contains": "投资增速", "range": "20~50", "search2": "投资", "search": "高新技术"}


class ProbeError(RuntimeError):
    pass


@dataclass
class Config:
    rows: int = 1_000_000
    runs: int = 3
    samples: int = 32  # per kind of filter, chart dock closed
    panel_samples: int = 8  # per kind of filter, chart dock open, in every process
    sort_samples: int = 8
    panel_sort_samples: int = 4
    panel_budget_s: float = 150.0
    naive_rows: int = 100_000
    naive_samples: int = 8
    map_markers: int = 10_000
    copy_rows: int = 10_000
    out_dir: Path = OUT_DIR
    map_repeats: int = 2
    import_times: bool = True  # python -X importtime once, if start-up misses its target
    timeout_s: float = 600.0
    log: object = field(default=print)


# ---- databases ---------------------------------------------------------------------------------------


def _cached(path: Path, what: str, build, count: int, log) -> Path:
    """path, built by build(path, count) unless it was built by today's code and schema.

    A stamp beside the file records what built it; the build rate is printed when it builds.
    """
    stamp = path.with_name(path.name + ".stamp")
    wanted = _build_stamp()
    if path.exists() and (not stamp.exists() or stamp.read_text(encoding="ascii") != wanted):
        log(f"{path.name} was built by other code or for another schema: building it again")
        path.unlink()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        log(f"building {path.name} ({count:,} {what})…")
        rate = build(path, count)
        stamp.write_text(wanted, encoding="ascii")
        log(f"built {path.name}: {rate:,.0f} rows/s")
    return path


def _build_stamp() -> str:
    """A digest of the code that writes the synthetic databases and of data.db's tables and indexes."""
    import hashlib

    from benchmarks import synthetic
    from hybrowser import build
    from hybrowser.locations import BUNDLED_DATABASE

    digest = hashlib.sha256()
    for path in (Path(synthetic.__file__), *sorted(Path(build.__file__).parent.glob("*.py"))):
        digest.update(path.read_bytes())
    conn = _connect(BUNDLED_DATABASE)
    try:
        for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY sql"):
            digest.update(sql.encode("utf-8"))
    finally:
        conn.close()
    return digest.hexdigest()


def synthetic_db(rows: int, out_dir: Path, log=print) -> Path:
    """benchmarks/out/syn-<rows>.db: the indicators repeated to `rows` rows."""
    from benchmarks.synthetic import build_synthetic

    return _cached(Path(out_dir) / f"syn-{rows}.db", "rows", build_synthetic, rows, log)


def map_db(markers: int, out_dir: Path, log=print) -> Path:
    """benchmarks/out/syn-map-<markers>.db: that many projects, each at its own site."""
    from benchmarks.synthetic import build_map_synthetic

    return _cached(
        Path(out_dir) / f"syn-map-{markers}.db",
        "projects at their own sites",
        build_map_synthetic,
        markers,
        log,
    )


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def visible_columns(path: Path, table: str = "indicators", lang: str = "zh") -> list[str]:
    """The columns the app shows for a table (the naive model loads the same ones)."""
    from hybrowser.db.connection import open_database

    db = open_database(path)
    try:
        return [c.name for c in db.table(table).visible_columns(lang)]
    finally:
        db.close()


def filter_words(path: Path, seed: int = 7, count: int = 64) -> dict[str, list[str]]:
    """Keystroke-like texts for each filter series, taken from the data so that they match rows."""
    conn = _connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT DISTINCT name_zh FROM indicators ORDER BY 1")]
    finally:
        conn.close()
    rng = random.Random(seed)
    runs = [run for name in names for run in re.findall(r"[\u4e00-\u9fff]+", name)]

    def windows(size: int) -> list[str]:
        found = sorted({run[i : i + size] for run in runs for i in range(len(run) - size + 1)})
        rng.shuffle(found)
        return found

    def series(first: str, rest: list[str]) -> list[str]:
        return [first] + [w for w in rest if w != first][: count - 1]

    ranges = []
    for _ in range(count):
        low = rng.randrange(-20, 100)
        ranges.append(f"{low}~{low + rng.choice((5, 10, 20, 30, 50, 100))}")
    long_words = [w for size in (3, 4, 5, 6) for w in windows(size)]
    rng.shuffle(long_words)
    return {
        "contains": series(FIRST_WORDS["contains"], windows(4)),
        "range": series(FIRST_WORDS["range"], ranges),
        "search2": series(FIRST_WORDS["search2"], windows(2)),
        "search": series(FIRST_WORDS["search"], long_words),
    }


# ---- processes -----------------------------------------------------------------------------------------


def spawn(kind: str, args: dict, timeout_s: float = 600.0, python_flags: tuple[str, ...] = ()) -> dict:
    """Run one probe in a fresh process with its own settings file; its result with 'spawned' added.

    'spawned' is the parent's time.time() just before the process is created: launch
    figures are the child's absolute stamps minus it.
    """
    with tempfile.TemporaryDirectory(prefix="hybrowser-bench-") as folder:
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env["HYBROWSER_SETTINGS"] = str(Path(folder) / "settings.ini")
        env["HYBROWSER_LOG_DIR"] = folder
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
        command = [sys.executable, *python_flags, "-m", "benchmarks.probe", kind, json.dumps(args)]
        spawned = time.time()
        done = subprocess.run(
            command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout_s, check=False
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if done.returncode != 0 or not lines:
        # Enough lines for faulthandler's stacks of every thread, without Qt's chatter.
        noise = "propagateSizeHints"
        tail = "\n".join([line for line in done.stderr.splitlines() if noise not in line][-60:])
        raise ProbeError(f"probe {kind} failed (exit {done.returncode}):\n{tail}")
    result = json.loads(lines[-1][len(RESULT_PREFIX) :])
    result["spawned"] = spawned
    result["stderr"] = done.stderr
    return result


# ---- statistics --------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil
    return ordered[int(rank) - 1]


def spread(values: list[float], unit: str) -> dict:
    """Median and min–max over runs (start-up, memory, single timings)."""
    values = [float(v) for v in values]
    return {
        "value": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
        "n": len(values),
        "unit": unit,
        "runs": [round(v, 4) for v in values],
    }


def distribution(values: list[float], unit: str = "ms") -> dict:
    """p50 and p95 (nearest rank) of samples pooled over every run."""
    values = [float(v) for v in values]
    return {
        "value": round(percentile(values, 50), 3),
        "p50": round(percentile(values, 50), 3),
        "p95": round(percentile(values, 95), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "n": len(values),
        "unit": unit,
    }


# ---- the measurements ----------------------------------------------------------------------------------


def measure_launch(kind: str, args: dict, runs: int, timeout_s: float = 600.0) -> dict:
    """Spawn → first painted window and → first rows visible, in seconds, over fresh processes."""
    window, rows, created, breakdown = (
        [],
        [],
        [],
        {"interpreter": [], "imports": [], "window": [], "paint": []},
    )
    rss = []
    for _ in range(runs):
        result = spawn(kind, args, timeout_s)
        if not result.get("ok"):
            raise ProbeError(f"{kind} never painted its rows")
        spawned = result["spawned"]
        window.append(result["window_painted"] - spawned)
        rows.append(result["rows_painted"] - spawned)
        created.append(result["created"] - spawned)
        breakdown["interpreter"].append(result["started"] - spawned)
        breakdown["imports"].append(result["imported"] - result["started"])
        breakdown["window"].append(result["created"] - result["imported"])
        breakdown["paint"].append(result["rows_painted"] - result["shown"])
        rss.append(result["rss_mb"])
    return {
        "window_painted_s": spread(window, "s"),
        "rows_visible_s": spread(rows, "s"),
        "window_created_s": spread(created, "s"),
        "breakdown_s": {k: round(statistics.median(v), 4) for k, v in breakdown.items()},
        "rss_mb": spread(rss, "MB"),
    }


def measure_interaction(
    db: Path,
    config: Config,
    words: dict[str, list[str]],
    runs: int | None = None,
    phases: tuple[str, ...] = ("scroll", "filters", "sort", "copy"),
) -> dict:
    """Scrolling, filter series, sorts, copy, memory and the chart's redraw, over fresh processes.

    The chart-open series (each change also has the chart and map read and redrawn) runs in
    every process after the table-alone series, within config.panel_budget_s.
    """
    args = {
        "phases": list(phases),
        "db": str(db),
        "table": "indicators",
        "words": words,
        "samples": config.samples,
        "sort_samples": config.sort_samples,
        "panel_budget_s": config.panel_budget_s,
        "contains_column": "name_zh",
        "range_column": "value",
        "sort_column": "value",
        "copy_rows": config.copy_rows,
        "copy_columns": 10,
    }
    pooled: dict[str, list[float]] = {}
    singles: dict[str, list[float]] = {}
    flags = {"chart": True, "map": True}
    skipped: list[str] = []

    def add(store: dict, key: str, value) -> None:
        if value is not None:
            store.setdefault(key, []).append(float(value))

    for _run in range(runs or config.runs):
        run_args = {
            **args,
            "panel_samples": config.panel_samples,
            "panel_sort_samples": config.panel_sort_samples,
        }
        result = spawn("interact", run_args, config.timeout_s)
        flags["chart"] &= bool(result.get("chart"))
        flags["map"] &= bool(result.get("map"))
        skipped += result.get("skipped") or []
        for key in (
            "startup_loaded_ms",
            "stall_startup_ms",
            "stall_scroll_ms",
            "rss_scrolled_mb",
            "rss_final_mb",
            "select_ms",
            "copy_ms",
            "copy_returned_ms",
            "copy_cells",
            "stall_copy_ms",
            "rows",
        ):
            add(singles, key, result.get(key))
        for name in ("middle", "end"):
            marks = result.get(f"scroll_{name}") or {}
            add(singles, f"scroll_{name}_loaded_ms", marks.get("loaded"))
            add(singles, f"scroll_{name}_painted_ms", marks.get("painted"))
        for layout in ("panels", "table"):
            for kind in ("contains", "range", "search2", "search", "sort"):
                for sample in result.get(f"{layout}:{kind}") or []:
                    for mark in ("rows_in", "applied", "painted", "exact", "paint_ms", "chart"):
                        add(pooled, f"{layout}:{kind}:{mark}", sample.get(mark))
                    if kind == "sort":
                        suffix = "desc" if sample.get("descending") else "asc"
                        add(pooled, f"{layout}:sort_{suffix}:applied", sample.get("applied"))
                add(singles, f"stall_{layout}:{kind}_ms", result.get(f"stall_{layout}:{kind}_ms"))

    figures: dict = {key: distribution(values) for key, values in pooled.items()}
    for key, values in singles.items():
        unit = "MB" if key.endswith("_mb") else ("" if key in ("copy_cells", "rows") else "ms")
        figures[key] = spread(values, unit)
    # Every filter kind together (chart dock closed): the figure the target speaks of.
    for mark in ("rows_in", "applied", "painted", "exact"):
        values = [
            v
            for kind in ("contains", "range", "search2", "search", "sort")
            for v in pooled.get(f"table:{kind}:{mark}", [])
        ]
        if values:
            figures[f"table:all:{mark}"] = distribution(values)
    stalls = [v for key, vs in singles.items() if key.startswith("stall_table:") for v in vs]
    if stalls:
        figures["stall_table:all_ms"] = spread(stalls, "ms")
    figures["has_chart"] = flags["chart"]
    figures["has_map"] = flags["map"]
    figures["skipped"] = sorted(set(skipped))
    return figures


def measure_naive(db: Path, config: Config, words: dict[str, list[str]], runs: int | None = None) -> dict:
    columns = visible_columns(db)
    args = {
        "db": str(db),
        "table": "indicators",
        "columns": columns,
        "filter_column": "name_zh",
        "words": words["contains"][: config.naive_samples],
        "sort_column": "value",
        "sorts": 2,
    }
    launch, rss, filters, sorts = [], [], [], []
    for _ in range(runs or config.runs):
        result = spawn("naive", args, config.timeout_s)
        if not result.get("ok"):
            raise ProbeError("the naive window never painted its rows")
        launch.append(result["rows_painted"] - result["spawned"])
        rss.append(result["rss_mb"])
        filters += result["filter_ms"]
        sorts += result["sort_ms"]
    return {
        "rows_visible_s": spread(launch, "s"),
        "filter": distribution(filters),
        "sort": distribution(sorts),
        "rss_mb": spread(rss, "MB"),
    }


def measure_map(db: Path, config: Config, runs: int | None = None) -> dict:
    redraws, changes, markers, rss, stalls = [], [], [], [], []
    for _ in range(runs or config.runs):
        args = {
            "db": str(db),
            "table": "projects",
            "repeats": config.map_repeats,
            # all 10,000 markers, the 9 real projects, a thousand, all again
            "filters": ["合成", "项目", "合成项目1", "合成"],
        }
        result = spawn("map", args, config.timeout_s)
        if not result.get("map"):
            return {"has_map": False}
        markers.append(result["markers"])
        redraws += result["redraw_ms"]
        changes += [c["applied"] for c in result["filter_changes"] if "applied" in c]
        rss.append(result["rss_mb"])
        stalls.append(result["stall_filter_ms"])
    return {
        "has_map": True,
        "markers": spread(markers, ""),
        "redraw": distribution(redraws),
        "filter_applied": distribution(changes),
        "stall_filter_ms": spread(stalls, "ms"),
        "rss_mb": spread(rss, "MB"),
    }


def import_times(db: Path, top: int = 12) -> list[tuple[str, float]]:
    """The slowest top-level imports of one app launch (python -X importtime), in ms."""
    result = spawn("launch_app", {"db": str(db)}, python_flags=("-X", "importtime"))
    entries = []
    for line in result["stderr"].splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and len(match.group(3)) <= 1:  # top level: one space before the name
            entries.append((match.group(4), int(match.group(2)) / 1000))
    entries.sort(key=lambda e: -e[1])
    return entries[:top]


def compile_bytecode() -> None:
    """Compile the app's and the probes' modules, as pip does when it installs a package.

    Launch times are those of an installed app: without this, a machine that sets
    PYTHONDONTWRITEBYTECODE (this one does) would compile every module on every launch.
    """
    import compileall

    for package in ("hybrowser", "benchmarks"):
        compileall.compile_dir(REPO_ROOT / package, quiet=1)


def run_all(config: Config) -> dict:
    """Everything, as one JSON-ready dict."""
    from benchmarks.report import machine_info

    log = config.log
    compile_bytecode()
    big = synthetic_db(config.rows, config.out_dir, log)
    small = big if config.naive_rows == config.rows else synthetic_db(config.naive_rows, config.out_dir, log)
    markers = map_db(config.map_markers, config.out_dir, log)
    words = filter_words(big)
    small_words = filter_words(small)
    results: dict = {
        "machine": machine_info(),
        "config": {
            "rows": config.rows,
            "runs": config.runs,
            "samples": config.samples,
            "panel_samples": config.panel_samples,
            "sort_samples": config.sort_samples,
            "naive_rows": config.naive_rows,
            "map_markers": config.map_markers,
            "databases": {"big": str(big), "naive": str(small), "map": str(markers)},
            "naive_columns": visible_columns(small),
        },
    }
    started = time.perf_counter()
    log(f"start-up: bare window, data.db, {big.name}, {small.name} ({config.runs} fresh processes each)…")
    # Interleaved so that a slow moment of the machine does not land on one figure only.
    startup: dict[str, list[dict]] = {"bare": [], "data.db": [], "big": [], "naive_size": []}
    plans = {
        "bare": ("launch_bare", {"rows": 50, "columns": 11}),
        "data.db": ("launch_app", {"db": str(DATA_DB)}),
        "big": ("launch_app", {"db": str(big)}),
    }
    if small != big:
        plans["naive_size"] = ("launch_app", {"db": str(small)})
    for _ in range(config.runs):
        for key, (kind, args) in plans.items():
            startup[key].append(measure_launch(kind, args, 1, config.timeout_s))
    results["startup"] = {key: _merge_launches(runs) for key, runs in startup.items() if runs}
    results["startup"].setdefault("naive_size", results["startup"]["big"])
    log(f"interaction at {config.rows:,} rows ({config.runs} fresh processes)…")
    results["interaction"] = measure_interaction(big, config, words)
    log(f"naive QStandardItemModel at {config.naive_rows:,} rows…")
    results["naive"] = measure_naive(small, config, small_words)
    compare = Config(
        **{
            **config.__dict__,
            "samples": config.naive_samples,
            "panel_samples": 0,
            "sort_samples": 4,
            "panel_sort_samples": 0,
        }
    )
    results["ours_at_naive_size"] = measure_interaction(
        small, compare, {"contains": small_words["contains"]}, phases=("filters", "sort")
    )
    log(f"map with {config.map_markers:,} markers…")
    results["map"] = measure_map(markers, config)
    if config.import_times and results["startup"]["big"]["rows_visible_s"]["value"] > 0.45:
        results["import_times_ms"] = import_times(big)
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    return results


#: Keys every complete result has (dotted paths; the smoke test checks them).
EXPECTED_KEYS = [
    *(
        f"startup.{db}.{figure}"
        for db in ("bare", "data.db", "big", "naive_size")
        for figure in ("window_painted_s", "rows_visible_s", "window_created_s", "rss_mb")
    ),
    *(
        f"interaction.table:{kind}:{mark}"
        for kind in ("contains", "range", "search2", "search", "sort", "all")
        for mark in ("rows_in", "applied", "painted", "exact")
    ),
    *(
        f"interaction.stall_table:{kind}_ms"
        for kind in ("contains", "range", "search2", "search", "sort", "all")
    ),
    "interaction.table:sort_asc:applied",
    "interaction.table:sort_desc:applied",
    "interaction.scroll_middle_loaded_ms",
    "interaction.scroll_middle_painted_ms",
    "interaction.scroll_end_loaded_ms",
    "interaction.scroll_end_painted_ms",
    "interaction.select_ms",
    "interaction.copy_ms",
    "interaction.copy_cells",
    "interaction.rss_scrolled_mb",
    "interaction.rss_final_mb",
    "interaction.startup_loaded_ms",
    "interaction.stall_startup_ms",
    "naive.rows_visible_s",
    "naive.filter",
    "naive.sort",
    "naive.rss_mb",
    "ours_at_naive_size.table:contains:painted",
    "ours_at_naive_size.table:sort:painted",
    "ours_at_naive_size.rss_final_mb",
]
#: Present when the chart panel and the map panel import (they are optional in MainWindow).
CHART_KEYS = [
    f"interaction.panels:{kind}:{mark}"
    for kind in ("contains", "range", "search2", "search", "sort")
    for mark in ("rows_in", "applied", "painted", "chart")
]
MAP_KEYS = ["map.markers", "map.redraw", "map.filter_applied", "map.stall_filter_ms", "map.rss_mb"]


def lookup(results: dict, dotted: str):
    """results['a']['b'] for 'a.b' (the first dot only: figure names hold dots and colons)."""
    head, _, rest = dotted.partition(".")
    node = results[head]
    if head == "startup":
        db, _, figure = rest.rpartition(".")
        return node[db][figure]
    return node[rest]


def _merge_launches(runs: list[dict]) -> dict:
    """One measure_launch() result from several single-run ones."""
    merged: dict = {}
    for key in ("window_painted_s", "rows_visible_s", "window_created_s", "rss_mb"):
        merged[key] = spread([v for r in runs for v in r[key]["runs"]], runs[0][key]["unit"])
    merged["breakdown_s"] = {
        k: round(statistics.median(r["breakdown_s"][k] for r in runs), 4) for k in runs[0]["breakdown_s"]
    }
    return merged
