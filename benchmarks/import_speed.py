"""python -m benchmarks.import_speed [--runs 5]: how long `hybrowser import` takes, as the user waits for it.

Runs the real command in fresh processes on bulletin texts of several lengths (the tests'
bulletins, and a 3,000-character one made by joining two of them under one title) and prints
min / median / max wall-clock seconds, beside `python -c pass` for the interpreter's own start,
and the extraction alone in one process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
BULLETINS = HERE / "tests" / "data" / "bulletins"


def _texts(folder: Path) -> list[tuple[str, Path]]:
    texts = [(p.stem, p) for p in sorted(BULLETINS.glob("*.txt")) if not p.stem.endswith(".gbk")]
    first = (BULLETINS / "huzhou-2021-annual.txt").read_text(encoding="utf-8")
    second = (BULLETINS / "changde-2023-q1.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    joined = folder / "joined-3000.txt"
    joined.write_text(first + second, encoding="utf-8")
    texts.append(("joined (two bulletins, one title)", joined))
    return texts


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.import_speed", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per text")
    args = parser.parse_args(argv)
    hybrowser = [sys.executable, "-m", "hybrowser"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = [_timed([sys.executable, "-c", "pass"]) for _ in range(args.runs)]
        print(f"python -c pass: median {statistics.median(bare):.3f} s\n")
        print("| text | characters | facts | fresh process: min / median / max (s) | extraction (ms) |")
        print("|---|---|---|---|---|")
        for name, path in _texts(folder):
            text = path.read_text(encoding="utf-8")
            times = []
            for run in range(args.runs):
                out = folder / f"out-{name[:8]}-{run}"
                times.append(_timed([*hybrowser, "import", str(path), "--out", str(out), "--id", "bench"]))
            from hybrowser.extract.pipeline import extract

            start = time.perf_counter()
            facts = extract(text).facts
            alone = (time.perf_counter() - start) * 1000
            spread = f"{min(times):.3f} / {statistics.median(times):.3f} / {max(times):.3f}"
            print(f"| {name} | {len(text):,} | {len(facts)} | {spread} | {alone:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
