"""What the map reads, as one job for the query worker: the tab's rows and where they go (plain data)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from hybrowser.core.tables import TableMeta
from hybrowser.db import map_data as md
from hybrowser.db.connection import Job
from hybrowser.db.query import QueryState


@dataclass(frozen=True)
class TableFacts:
    """What the map keeps per table, whatever the filter: its kinds (colours) and largest investment."""

    table: str
    kinds: tuple[str, ...] = ()
    max_investment: float | None = None


@dataclass
class MapAnswer:
    """One read of the map: the filtered rows, and what was read besides them (None if not asked)."""

    records: list[md.MapRecord]
    facts: TableFacts | None = None
    places: dict[str, md.Place] | None = None


def map_job(
    table: TableMeta,
    state: QueryState,
    places: dict[str, md.Place] | None,
    district_ids: Iterable[str],
    with_facts: bool,
) -> Job:
    """Read the rows passing the filters and place them; the places too (places=None), the facts if asked."""
    known = frozenset(district_ids)

    def job(conn: sqlite3.Connection) -> MapAnswer:
        read_places = md.load_places(conn) if places is None else None
        facts = None
        if with_facts:
            kinds = tuple(md.kind_order(conn, table))
            facts = TableFacts(table.name, kinds, md.max_investment(conn, table))
        records = md.map_records(conn, table, state, places if read_places is None else read_places, known)
        return MapAnswer(records, facts, read_places)

    return job
