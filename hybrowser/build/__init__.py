"""`hybrowser build`: resources/ → data.db in steps, one module each; `build` runs them in order.

sources.py reads resources/ (and folders of imported bulletins) into Sources (records.py);
validate.py derives the computed columns (derive.py) and checks every record; write.py writes
the database with sqlite-utils; command.py is the command line (`--check`, `--bulletins`).

Layout of resources/ (see resources/README.md):
  meta/tables.csv, meta/columns.csv   what each table and column is (drives schema and UI)
  places.csv                          places shared by all bulletins
  bulletins/<id>/bulletin.csv         one row: title, publisher, source, date, period
  bulletins/<id>/source.txt           the bulletin's text; every quote must be found in it
  bulletins/<id>/<table>.csv          that bulletin's rows of each per-bulletin table

A second bulletin is a new folder under bulletins/; no schema change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hybrowser.locations import BUNDLED_DATABASE, RESOURCES

if TYPE_CHECKING:
    from hybrowser.build.records import Sources


def build(
    resources: Path = RESOURCES, output: Path = BUNDLED_DATABASE, library: Path | None = None
) -> Sources:
    """Read, validate and write: the whole `hybrowser build`; returns the Sources written."""
    # Imported here, so that hybrowser.build.validate stays the module (not its function).
    from hybrowser.build.sources import load_sources
    from hybrowser.build.validate import validate
    from hybrowser.build.write import write_database

    sources = load_sources(Path(resources), library)
    validate(sources)
    write_database(sources, Path(output))
    return sources
