"""What File → Export writes: the filtered rows' shown columns, each figure with its qualifier, streamed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from hybrowser.core.export import write_csv, write_xlsx
from hybrowser.db.query import QueryState, TableQuery
from hybrowser.db.schema import ColumnMeta, TableMeta

#: Rows written between two progress reports (and looks at the cancel flag).
PROGRESS_ROWS = 2_000


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


def export_columns(table: TableMeta, shown: Sequence[ColumnMeta]) -> list[ColumnMeta]:
    """The shown columns, each figure followed by its qualifier column so that 约50 is not read as 50."""
    names = {c.name for c in shown}
    columns: list[ColumnMeta] = []
    for column in shown:
        columns.append(column)
        if column.qualifier_column and column.qualifier_column not in names and table.has_column(
            column.qualifier_column
        ):
            columns.append(table.column(column.qualifier_column))
    return columns


def export_header(columns: Sequence[ColumnMeta], lang: str) -> list[str]:
    """Column labels in the language, with the unit where the column has one."""
    header = []
    for column in columns:
        unit = column.unit if column.unit and not column.unit.startswith("@") else ""
        header.append(f"{column.label(lang)} ({unit})" if unit else column.label(lang))
    return header


def export_table(
    conn: sqlite3.Connection,
    table: TableMeta,
    shown: Sequence[ColumnMeta],
    state: QueryState,
    lang: str,
    path: Path,
    on_rows: Callable[[int], bool] | None = None,
) -> int:
    """Write the rows that pass the filters, in table order, to path (.xlsx or CSV); return how many.

    on_rows(rows written so far) is called every PROGRESS_ROWS rows; returning False
    cancels (ExportCancelled, and nothing is left on disk).
    """
    columns = export_columns(table, shown)
    cursor = TableQuery(conn, table).values_cursor(state, [c.name for c in columns])
    written = 0

    def rows() -> Iterator[Sequence[object]]:
        nonlocal written
        yield export_header(columns, lang)
        for values in cursor:
            yield values[1:]
            written += 1
            if on_rows is not None and written % PROGRESS_ROWS == 0 and not on_rows(written):
                raise ExportCancelled
        if on_rows is not None:
            on_rows(written)

    if str(path).lower().endswith(".xlsx"):
        write_xlsx(path, rows(), table.title(lang))
    else:
        write_csv(path, rows())
    return written
