"""Queries over one table: filter state in, SQL with bound parameters out, rows in windows.

The filter state is a plain object (QueryState), not widget state, so the table,
the chart and the map can all ask the same question of the same rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace

from hybrowser.core.tables import TableMeta
from hybrowser.db.filters import (
    Clause,
    FilterError,
    contains_clause,
    parse_filter,
    qualified,
    quote_identifier,
)
from hybrowser.db.schema import META_COLUMNS


@dataclass(frozen=True)
class SortKey:
    column: str
    descending: bool = False


@dataclass(frozen=True)
class QueryState:
    """What the user asked of a table: column filters, a search, the sort keys, and the language
    shown (text comparisons follow the labels shown in it)."""

    filters: tuple[tuple[str, str], ...] = ()
    search: str = ""
    sort: tuple[SortKey, ...] = ()
    lang: str = "zh"

    def with_filter(self, column: str, text: str) -> QueryState:
        rest = tuple((c, t) for c, t in self.filters if c != column)
        return replace(self, filters=rest + (((column, text),) if text.strip() else ()))

    def filter_text(self, column: str) -> str:
        return dict(self.filters).get(column, "")


@dataclass(frozen=True)
class CompiledQuery:
    """FROM, WHERE and ORDER BY for a state, plus the hints for filters that could not be read."""

    source: str
    where: str
    params: tuple[object, ...]
    order: str
    errors: dict[str, str] = field(default_factory=dict)
    descriptions: tuple[str, ...] = ()
    #: The full-text condition when it is the only one (its index alone can count the rows).
    only_index: Clause | None = None
    #: WHERE without the columns' indexes, where every condition has such a form.
    scan_where: str | None = None


def fts_columns(conn: sqlite3.Connection, table: TableMeta) -> set[str]:
    """Searchable columns, if the table's full-text indexes exist (a foreign database may lack them)."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if f"{table.name}_fts" in names and f"{table.name}_bigram" in names:
        return set(table.searchable_columns)
    return set()


def name_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Each table's name columns (name_zh, name_en, title_zh, ...), from the metadata."""
    names: dict[str, list[str]] = {}
    for table, column in conn.execute(
        f"SELECT {quote_identifier('table')}, {quote_identifier('column')} "
        f"FROM {quote_identifier(META_COLUMNS)} WHERE role = 'name' ORDER BY rowid"
    ):
        names.setdefault(table, []).append(column)
    return names


#: With at least this many matches, a page in table order is found faster by reading the table.
DENSE_MATCHES = 5_000

#: Tables with more rows than this are not read whole for reference names.
REFERENCE_LABEL_LIMIT = 50_000


def reference_labels(
    conn: sqlite3.Connection, tables: list[TableMeta]
) -> dict[str, dict[object, dict[str, str]]]:
    """Names of the rows that reference columns point to: {table: {id: {"zh": name, "en": name}}}.

    Read once, for small tables only (places, projects, bulletins...), so a cell can show
    衡南县 rather than 'hengnan'.
    """
    referenced = {c.references for t in tables for c in t.columns if c.references}
    names = name_columns(conn)
    labels: dict[str, dict[object, dict[str, str]]] = {}
    for table in sorted(referenced):
        columns = {
            lang: next((c for c in names.get(table, []) if c.endswith(f"_{lang}")), None)
            for lang in ("zh", "en")
        }
        if not all(columns.values()):
            continue
        count = conn.execute(f"SELECT count(*) FROM {quote_identifier(table)}").fetchone()[0]
        if count > REFERENCE_LABEL_LIMIT:
            continue
        sql = (
            f"SELECT id, {quote_identifier(columns['zh'])}, {quote_identifier(columns['en'])} "
            f"FROM {quote_identifier(table)}"
        )
        labels[table] = {row[0]: {"zh": row[1], "en": row[2]} for row in conn.execute(sql)}
    return labels


class TableQuery:
    """Reads one table for one state; each method is one SQL statement."""

    def __init__(self, conn: sqlite3.Connection, table: TableMeta) -> None:
        self.conn = conn
        self.table = table
        self.name = quote_identifier(table.name)
        self.rowid = f"{self.name}.rowid"
        self.columns = [c.name for c in table.columns]
        self._select = ", ".join(qualified(table.name, c) for c in self.columns)
        self._fts = fts_columns(conn, table)
        self._names = name_columns(conn)

    def compile(self, state: QueryState) -> CompiledQuery:
        clauses: list[Clause] = []
        errors: dict[str, str] = {}
        for column_name, text in state.filters:
            if not self.table.has_column(column_name):
                continue
            try:
                column = self.table.column(column_name)
                clause = parse_filter(
                    text, column, self.table.name, self._fts, self._names.get(column.references), state.lang
                )
            except FilterError as error:
                errors[column_name] = str(error)
                continue
            if clause is not None:
                clauses.append(clause)
        if state.search.strip():
            searchable = [c.name for c in self.table.search_columns]
            clause = contains_clause(self.table.name, searchable, state.search.strip(), self._fts)
            clauses.append(replace(clause, description=f"search “{state.search.strip()}”"))
        # The first full-text condition drives the query: SQLite reads its matches in rowid
        # order and stops after a page. Further ones are looked up once as rowid lists
        # (joining two full-text indexes makes SQLite rescan one for every row of the other).
        source, driver, conditions = f"FROM {self.name}", self.rowid, []
        for clause in clauses:
            if clause.index and driver == self.rowid:
                # CROSS JOIN fixes the order: SQLite must not probe the index once per row
                # of the table (seconds at a million rows) when another condition has an index.
                source = (
                    f"FROM {quote_identifier(clause.index)} AS driver "
                    f"CROSS JOIN {self.name} ON {self.rowid} = driver.rowid"
                )
                driver = "driver.rowid"
                conditions.append(clause.sql.format(alias="driver"))
            elif clause.index:
                index = quote_identifier(clause.index)
                match = clause.sql.format(alias=index)
                conditions.append(f"{self.rowid} IN (SELECT rowid FROM {index} WHERE {match})")
            else:
                conditions.append(clause.sql)
        only_index = clauses[0] if len(clauses) == 1 and clauses[0].index else None
        scan_where = None
        if clauses and all(c.scan_sql for c in clauses):
            scan_where = " AND ".join(f"({c.scan_sql})" for c in clauses)
        return CompiledQuery(
            source=source,
            where=" AND ".join(f"({c})" for c in conditions) or "1",
            params=tuple(p for c in clauses for p in c.params),
            order=self.order_by(state.sort, driver),
            errors=errors,
            descriptions=tuple(c.description for c in clauses),
            only_index=only_index,
            scan_where=scan_where,
        )

    def order_by(self, sort: tuple[SortKey, ...], rowid: str = "") -> str:
        """ORDER BY the stored values, NULLs last in both directions, rowid to break ties.

        rowid is the driving table's (equal to the table's), so that SQLite sees the order
        is the one it reads in.
        """
        rowid = rowid or self.rowid
        parts = []
        for key in sort:
            if not self.table.has_column(key.column):
                continue
            column = self.table.column(key.column)
            col = qualified(self.table.name, key.column)
            if key.descending:
                parts.append(f"{col} DESC")  # NULL is smallest in SQLite: last when descending
            elif column.required:
                parts.append(col)
            else:
                parts.append(f"{col} IS NULL, {col}")  # matches the (col IS NULL, col) index
        # Ties keep table order, in the direction that lets SQLite read one index backwards.
        parts.append(f"{rowid} DESC" if sort and sort[0].descending else rowid)
        return ", ".join(parts)

    def count(self, state: QueryState) -> int:
        q = self.compile(state)
        if q.only_index is not None:
            # One full-text condition: its index has one row per table row, and counting
            # there skips a million lookups into the table.
            index = quote_identifier(q.only_index.index)
            sql = f"SELECT count(*) FROM {index} WHERE {q.only_index.sql.format(alias=index)}"
            return self.conn.execute(sql, q.params).fetchone()[0]
        return self.conn.execute(f"SELECT count(*) {q.source} WHERE {q.where}", q.params).fetchone()[0]

    def total(self) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {self.name}").fetchone()[0]

    def fetch(self, state: QueryState, offset: int, limit: int) -> list[tuple]:
        """Rows [offset, offset+limit) of the filtered, sorted table; each row starts with its rowid."""
        q = self.compile(state)
        where = q.where
        if q.scan_where and not state.sort and self._many(q, offset + limit):
            # Table order and many matches: read the table in order and stop after the page,
            # rather than let SQLite collect every match from the index and sort them.
            where = q.scan_where
        sql = (
            f"SELECT {self.rowid}, {self._select} {q.source} WHERE {where} "
            f"ORDER BY {q.order} LIMIT ? OFFSET ?"
        )
        return self.conn.execute(sql, (*q.params, limit, offset)).fetchall()

    def _many(self, q: CompiledQuery, needed: int) -> bool:
        """Whether the filters match many rows: counted through the index, stopping early."""
        enough = max(DENSE_MATCHES, needed * 10)
        sql = f"SELECT count(*) FROM (SELECT 1 {q.source} WHERE {q.where} LIMIT ?)"
        return self.conn.execute(sql, (*q.params, enough)).fetchone()[0] >= enough

    def positions_of(self, state: QueryState, rowids: list[int]) -> dict[int, int]:
        """Where rows sit in the filtered, sorted table: {rowid: position}; filtered-out rows are left out."""
        if not rowids:
            return {}
        q = self.compile(state)
        marks = ", ".join("?" for _ in rowids)
        sql = (
            f"SELECT r, n FROM (SELECT {self.rowid} AS r, row_number() OVER (ORDER BY {q.order}) - 1 AS n "
            f"{q.source} WHERE {q.where}) WHERE r IN ({marks})"
        )
        return dict(self.conn.execute(sql, (*q.params, *rowids)).fetchall())

    def column_values(self, state: QueryState, columns: list[str], limit: int | None = None) -> list[tuple]:
        """Some columns of the filtered rows in table order (rowid first), for charts and the map."""
        return self.values_cursor(state, columns, limit).fetchall()

    def values_cursor(
        self, state: QueryState, columns: list[str], limit: int | None = None
    ) -> sqlite3.Cursor:
        """column_values as a cursor, to stream rows (an export of a million rows)."""
        q = self.compile(state)
        select = ", ".join(qualified(self.table.name, c) for c in columns)
        sql = f"SELECT {self.rowid}, {select} {q.source} WHERE {q.where} ORDER BY {q.order}"
        params: tuple[object, ...] = q.params
        if limit is not None:
            sql += " LIMIT ?"
            params = (*params, limit)
        return self.conn.execute(sql, params)

    def window_unit_totals(
        self, state: QueryState, column: str, offset: int, limit: int
    ) -> list[tuple[str, int, float, float | None, float | None, int]]:
        """Per unit, over rows [offset, offset+limit) in table order: count, sum, min, max of the
        column's exact values, and how many bounds or approximations were left out."""
        meta = self.table.column(column)
        q = self.compile(state)
        col = qualified(self.table.name, column)
        leading: tuple[str, ...] = ()
        if meta.unit.startswith("@") and self.table.has_column(meta.unit[1:]):
            unit = f"coalesce({qualified(self.table.name, meta.unit[1:])}, '')"
        else:
            unit, leading = "?", (meta.unit,)
        qualifier = qualified(self.table.name, meta.qualifier_column) if meta.qualifier_column else "'exact'"
        inner = (
            f"SELECT {col} AS v, {unit} AS u, coalesce({qualifier}, 'exact') = 'exact' AS e "
            f"{q.source} WHERE {q.where} ORDER BY {q.order} LIMIT ? OFFSET ?"
        )
        sql = (
            "SELECT u, count(v) FILTER (WHERE e), total(v) FILTER (WHERE e), min(v) FILTER (WHERE e), "
            f"max(v) FILTER (WHERE e), count(*) FILTER (WHERE NOT e) FROM ({inner}) GROUP BY u"
        )
        return self.conn.execute(sql, (*leading, *q.params, limit, offset)).fetchall()
