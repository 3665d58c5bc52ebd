"""The `hybrowser build` command line: build data.db, check it is current (--check), or build a library's."""

from __future__ import annotations

import argparse
import difflib
import sqlite3
import sys
import tempfile
from pathlib import Path

from hybrowser.build import build
from hybrowser.build.records import SourceError
from hybrowser.locations import BUNDLED_DATABASE, RESOURCES

#: What `hybrowser build --help` says the command does.
DESCRIPTION = (
    "resources/ → data.db: read the curated sources, validate every record, write SQLite with sqlite-utils."
)


def dump(path: Path) -> list[str]:
    """The database as SQL text: schema and rows, the thing --check compares."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        header = [f"-- user_version {conn.execute('PRAGMA user_version').fetchone()[0]}"]
        return header + list(conn.iterdump())
    finally:
        conn.close()


def check(resources: Path = RESOURCES, database: Path = BUNDLED_DATABASE) -> list[str]:
    """Differences between the committed database and what the sources produce ([] if none)."""
    if not Path(database).is_file():
        return [f"{database} does not exist"]
    with tempfile.TemporaryDirectory() as tmpdir:
        fresh = Path(tmpdir) / "fresh.db"
        build(resources, fresh)
        expected, actual = dump(fresh), dump(Path(database))
    if expected == actual:
        return []
    diff = difflib.unified_diff(actual, expected, "data.db", "rebuilt", lineterm="", n=0)
    return [line[:200] for line in diff]


def main(argv: list[str] | None = None) -> int:
    """`hybrowser build [--check] [--resources DIR] [--output FILE]`."""
    parser = argparse.ArgumentParser(prog="hybrowser build", description=DESCRIPTION)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if data.db differs from what the sources produce"
    )
    parser.add_argument("--resources", type=Path, default=RESOURCES)
    parser.add_argument(
        "--output", "--out", type=Path, default=BUNDLED_DATABASE, help="the database to write"
    )
    parser.add_argument(
        "--bulletins", type=Path, metavar="DIR", help="also every bulletin folder under DIR (from an import)"
    )
    args = parser.parse_args(argv)
    if args.bulletins is not None and args.output == BUNDLED_DATABASE:
        parser.error("--bulletins needs --out FILE: data.db holds only the bundled bulletin")
    try:
        if args.check:
            differences = check(args.resources, args.output)
            if differences:
                print(f"{args.output} is not current; run `hybrowser build`:", file=sys.stderr)
                print("\n".join(differences[:20]), file=sys.stderr)
                return 1
            print(f"{args.output} is current")
            return 0
        sources = build(args.resources, args.output, args.bulletins)
    except SourceError as error:
        print(f"hybrowser build: {len(error.problems)} problem(s) in the sources:", file=sys.stderr)
        print(str(error), file=sys.stderr)
        return 2
    counts = ", ".join(f"{t.name} {len(sources.records[t.name])}" for t in sources.tables)
    print(f"wrote {args.output}: {counts}")
    return 0
