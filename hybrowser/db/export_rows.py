"""What File → Export writes: the filtered rows' shown columns, each figure with its qualifier, streamed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from hybrowser.core.cells import export_header, export_value, label_key
from hybrowser.core.export import write_csv, write_xlsx
from hybrowser.core.tables import ColumnMeta, TableMeta
from hybrowser.db.query import QueryState, TableQuery

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
        if (
            column.qualifier_column
            and column.qualifier_column not in names
            and table.has_column(column.qualifier_column)
        ):
            columns.append(table.column(column.qualifier_column))
    return columns


def export_table(
    conn: sqlite3.Connection,
    table: TableMeta,
    shown: Sequence[ColumnMeta],
    state: QueryState,
    lang: str,
    path: Path,
    on_rows: Callable[[int], bool] | None = None,
    kind: str | None = None,
    codes: bool = False,
    ref_labels: Mapping[str, Mapping[object, Mapping[str, str]]] | None = None,
) -> int:
    """Write the rows that pass the filters, in table order, to path; return how many.

    kind is "csv" or "xlsx" (by default the path's extension). The rows are what the window
    shows, in its language (labels, names, units in the headers; numbers stay numbers); with
    codes, the stored values under the column names. ref_labels are the names of referenced
    rows by table and id, as the table model holds them. on_rows(rows written so far) is
    called every PROGRESS_ROWS rows; returning False cancels (ExportCancelled, and nothing is
    left on disk).
    """
    columns = export_columns(table, shown)
    # Every stored column: a cell may be shown with another's help (a value's unit, a code's label).
    stored = [c.name for c in table.columns]
    cursor = TableQuery(conn, table).values_cursor(state, stored)
    refs = [(c.name, c.references) for c in table.columns if c.role == "ref" and c.references]
    labels = ref_labels or {}
    written = 0

    def record_of(values: Sequence[object]) -> dict[str, object]:
        record = dict(zip(stored, values[1:], strict=True))
        for name, target in refs:
            for language, label in labels.get(target, {}).get(record.get(name), {}).items():
                record[label_key(name, language)] = label
        return record

    def rows() -> Iterator[Sequence[object]]:
        nonlocal written
        if codes:
            yield [c.name for c in columns]
        else:
            yield [export_header(c, lang) for c in columns]
        for values in cursor:
            record = record_of(values)
            if codes:
                yield [record.get(c.name) for c in columns]
            else:
                yield [export_value(c, record, lang) for c in columns]
            written += 1
            if on_rows is not None and written % PROGRESS_ROWS == 0 and not on_rows(written):
                raise ExportCancelled
        if on_rows is not None:
            on_rows(written)

    if (kind or Path(path).suffix.lower().lstrip(".")) == "xlsx":
        write_xlsx(path, rows(), table.title(lang))
    else:
        write_csv(path, rows())
    return written
