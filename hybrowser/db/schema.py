"""Where data.db keeps its metadata, and reading it back: the layout version, the meta tables, quoting."""

from __future__ import annotations

import sqlite3

from hybrowser.core.tables import ColumnMeta, TableMeta, column_from_record, table_from_record

#: Bumped when data.db's layout changes in a way older apps cannot read.
SCHEMA_VERSION = 1

META_TABLES = "_meta_tables"
META_COLUMNS = "_meta_columns"


def quote_identifier(name: str) -> str:
    """Quote a table or column name for SQL (names come from metadata, never from typing)."""
    return '"' + name.replace('"', '""') + '"'


def load_metadata(conn: sqlite3.Connection) -> list[TableMeta]:
    """Read the tables' metadata from an open data.db, in display order."""
    conn_factory = conn.row_factory
    conn.row_factory = sqlite3.Row
    try:
        column_rows = conn.execute(f"SELECT * FROM {META_COLUMNS} ORDER BY rowid").fetchall()
        table_rows = conn.execute(f"SELECT * FROM {META_TABLES} ORDER BY position").fetchall()
    finally:
        conn.row_factory = conn_factory
    by_table: dict[str, list[ColumnMeta]] = {}
    for row in column_rows:
        by_table.setdefault(row["table"], []).append(column_from_record(dict(row)))
    return [table_from_record(dict(row), by_table.get(row["table"], [])) for row in table_rows]
