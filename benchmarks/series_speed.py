"""python -m benchmarks.series_speed [--runs 3]: a 2,000-bulletin library's Series tab and series chart.

Builds (or reuses) benchmarks/out/series-2000.db: the synthetic library (benchmarks.synthetic,
same build code) with 17 cities × 120 monthly bulletins cut at 200,000 figures (≈2,000
bulletins). Then, in fresh processes:

- launch → Series tab's first rows painted: from before the process starts (the parent's clock)
  to the end of the table viewport's first paint with rows, the window opened on the Series tab;
- switch to the Series tab in an open window → its first rows painted;
- select series → chart painted: the selection made in the Series tab, the worker's read, the
  draw and the plot's paint;
- redraw: the same chart drawn again and painted (what a resize or a view change costs the UI thread).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
FIGURES = 200_000
#: 17 cities × 120 months = 2,040 bulletins to fill; 200,000 figures use 2,021 of them.
EXTRA_CITIES = ("长春", "吉林", "四平")


def build_library(path: Path) -> Path:
    """The synthetic database of ≈2,000 bulletins and 200,000 figures (built once, then reused)."""
    if path.exists():
        return path
    from benchmarks import synthetic

    synthetic.CITIES = (*synthetic.CITIES, *EXTRA_CITIES)
    path.parent.mkdir(parents=True, exist_ok=True)
    synthetic.build_synthetic(path, FIGURES)
    return path


def _probe(db: Path, spawned: float) -> dict:
    """In a fresh process: the timings above, in milliseconds."""
    from benchmarks.probe import make_paint_watch, viewport_of, wait_for
    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded
    from hybrowser.qt.settings import temporary_settings

    result: dict[str, float] = {}
    painted: list[float] = []
    # Throw-away settings, removed when the probe's process ends its ExitStack.
    stack = contextlib.ExitStack()
    settings = stack.enter_context(temporary_settings())
    settings.setValue("window/tab", "series")
    window = create_window(db, lang="zh", settings=settings)
    tab = window.current_tab()
    assert tab.table.name == "series"
    watch = make_paint_watch(
        viewport_of(tab.view), lambda _d: tab.model.rowCount() and painted.append(time.time())
    )
    window.resize(1500, 950)
    window.show()
    wait_for(lambda: bool(painted), 10)
    result["launch → Series tab rows painted (ms)"] = (painted[0] - spawned) * 1000
    wait_until_loaded(window)
    del watch

    # Switch away and back (the tab is built: what a user sees on the second visit), and
    # the first visit measured in a second window below.
    window.tab_named("indicators")
    wait_until_loaded(window)
    second = create_window(db, lang="zh", settings=stack.enter_context(temporary_settings()))
    second.resize(1500, 950)
    second.show()
    wait_until_loaded(second)
    painted.clear()
    start = time.perf_counter()
    series_tab = second.tab_named("series")
    make_paint_watch(
        viewport_of(series_tab.view),
        lambda _d: series_tab.model.rowCount() and painted.append(time.perf_counter()),
    )
    wait_for(lambda: bool(painted), 10)
    result["switch to the Series tab → rows painted (ms)"] = (painted[0] - start) * 1000
    wait_until_loaded(second)
    second.close()

    # Series with the most periods: four of one subject in four cities.
    conn = window.db.conn
    rows = conn.execute(
        "SELECT rowid, periods FROM series WHERE measure = 'growth_yoy' ORDER BY periods DESC LIMIT 4"
    ).fetchall()
    result["periods per series drawn"] = float(min(r[1] for r in rows))
    panel = window.series_panel
    window.series_dock.raise_()
    window.tab_named("series")
    wait_until_loaded(window)
    plot_painted: list[float] = []
    make_paint_watch(panel.plot.viewport(), lambda _d: plot_painted.append(time.perf_counter()))
    selects = []
    for rowids in ([r[0] for r in rows[:2]], [r[0] for r in rows]) * 3:
        plot_painted.clear()
        start = time.perf_counter()
        window.current_tab().rowid_selection.select_rowids(rowids)
        wait_for(lambda: bool(plot_painted) and not panel.jobs.pending(), 10)
        selects.append((plot_painted[-1] - start) * 1000)
    result["select series → chart painted, median (ms)"] = statistics.median(selects)
    redraws, draws = [], []
    theme_of = __import__("hybrowser.qt.draw_style", fromlist=["ThemeColours"]).ThemeColours
    for _ in range(10):
        plot_painted.clear()
        start = time.perf_counter()
        panel.plot.draw(panel.answer.chart, "zh", theme_of.of(panel.palette()))
        draws.append((time.perf_counter() - start) * 1000)
        panel.plot.viewport().repaint()
        redraws.append((plot_painted[-1] - start) * 1000)
    result["redraw: draw + paint, median (ms)"] = statistics.median(redraws)
    result["… of which draw (items made), median (ms)"] = statistics.median(draws)
    result["series drawn"] = float(len(panel.answer.chart.lines))
    window.close()
    stack.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.series_speed", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=3, help="fresh processes")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(_probe(args.probe, args.spawned)))
        return 0
    db = build_library(OUT / "series-2000.db")
    import sqlite3

    with sqlite3.connect(db) as conn:
        bulletins = conn.execute("SELECT count(*) FROM bulletins").fetchone()[0]
        figures = conn.execute("SELECT count(*) FROM indicators").fetchone()[0]
        series = conn.execute("SELECT count(*) FROM series").fetchone()[0]
    print(f"{db.name}: {bulletins:,} bulletins, {figures:,} figures, {series:,} series")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or "offscreen"}
    runs = []
    for _ in range(args.runs):
        spawned = time.time()
        command = [
            sys.executable,
            "-m",
            "benchmarks.series_speed",
            "--probe",
            str(db),
            "--spawned",
            str(spawned),
        ]
        out = subprocess.run(command, check=True, capture_output=True, text=True, env=env, cwd=HERE.parent)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"\n| figure | median of {args.runs} fresh processes | min | max |\n|---|---|---|---|")
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"| {key} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
