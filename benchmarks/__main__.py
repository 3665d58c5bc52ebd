"""python -m benchmarks [--rows 1000000] [--runs 5] [--json FILE] [--report FILE]

Builds (or reuses) benchmarks/out/syn-<rows>.db, measures the app in fresh processes and
prints the results as Markdown tables, then as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.report import machine_line, markdown
from benchmarks.runner import OUT_DIR, Config, run_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the synthetic indicators table")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the JSON here")
    parser.add_argument("--samples", type=int, default=32, help="texts per kind of filter, per process")
    parser.add_argument("--naive-rows", type=int, default=100_000, help="rows for the naive comparison")
    parser.add_argument("--map-markers", type=int, default=10_000, help="projects on the map")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where the synthetic databases are cached")
    parser.add_argument("--report", type=Path, metavar="FILE", help="only print the tables of a saved JSON")
    args = parser.parse_args(argv)
    if args.report:
        print(markdown(json.loads(args.report.read_text(encoding="utf-8"))))
        return 0

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    config = Config(
        rows=args.rows,
        runs=args.runs,
        samples=args.samples,
        naive_rows=args.naive_rows,
        map_markers=args.map_markers,
        out_dir=args.out,
        log=log,
    )
    results = run_all(config)
    log(f"machine: {machine_line(results['machine'])}")
    print(markdown(results))
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print()
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
