"""The bulletins a record cites, read by id when a citation or the detail pane needs one."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping

from hybrowser.core.tables import TableMeta
from hybrowser.db.schema import quote_identifier


class BulletinLookup(Mapping[str, Mapping[str, object]]):
    """Bulletin rows by id (without their full text), read one at a time and kept.

    A database of many bulletins (1,680 at a million indicator rows) would cost ~20 ms to
    read whole at start-up; a citation needs one or a few, each a primary-key lookup.
    """

    def __init__(self, conn: sqlite3.Connection, table: TableMeta) -> None:
        self._conn = conn
        self._columns = [c.name for c in table.columns if c.name != "source_text"]
        select = ", ".join(quote_identifier(c) for c in self._columns)
        self._sql = f"SELECT {select} FROM {quote_identifier(table.name)} WHERE id = ?"
        self._ids_sql = f"SELECT id FROM {quote_identifier(table.name)} ORDER BY id"
        self._rows: dict[str, dict[str, object] | None] = {}

    def __getitem__(self, bulletin_id: str) -> Mapping[str, object]:
        if bulletin_id not in self._rows:
            try:
                row = self._conn.execute(self._sql, (bulletin_id,)).fetchone()
            except sqlite3.Error:
                # Busy or damaged: the pane and the citation go without it (not kept: may work later).
                raise KeyError(bulletin_id) from None
            self._rows[bulletin_id] = None if row is None else dict(zip(self._columns, row, strict=True))
        found = self._rows[bulletin_id]
        if found is None:
            raise KeyError(bulletin_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return (str(row[0]) for row in self._conn.execute(self._ids_sql).fetchall())

    def __len__(self) -> int:
        return sum(1 for _ in self)
