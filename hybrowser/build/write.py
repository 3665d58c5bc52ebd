"""Writing validated Sources to a new SQLite file with sqlite-utils: tables, rows, indexes, text, metadata."""

from __future__ import annotations

import functools
import math
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from hybrowser.build.records import Record, SourceError, Sources
from hybrowser.core.tables import TableMeta
from hybrowser.db.chart_data import unit_view_index
from hybrowser.db.schema import META_COLUMNS, META_TABLES, SCHEMA_VERSION
from hybrowser.db.text_index import bigram_text, fold

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Marks a database as hybrowser's (PRAGMA application_id), 'HYBR'.
APPLICATION_ID = 0x48594252


def _meta_rows(sources: Sources) -> tuple[list[dict], list[dict]]:
    tables = [
        {
            "table": t.name,
            "title_zh": t.title_zh,
            "title_en": t.title_en,
            "description_zh": t.description_zh,
            "description_en": t.description_en,
            "position": t.position,
            "default_sort": t.default_sort,
            "per_bulletin": int(t.per_bulletin),
        }
        for t in sources.tables
    ]
    columns = [
        {
            "table": c.table,
            "column": c.name,
            "type": c.type,
            "role": c.role,
            "label_zh": c.label_zh,
            "label_en": c.label_en,
            "unit": c.unit,
            "references": c.references,
            "lang": c.lang,
            "visible": int(c.visible),
            "indexed": int(c.indexed),
            "searchable": int(c.searchable),
            "required": int(c.required),
            "allowed": "|".join(c.allowed),
            "qualifier_column": c.qualifier_column,
        }
        for t in sources.tables
        for c in t.columns
    ]
    return tables, columns


def create_tables(db: Database, tables: list[TableMeta]) -> None:
    """Create every table with its primary and foreign keys."""
    python_types = {"TEXT": str, "INTEGER": int, "REAL": float}
    for table in tables:
        db[table.name].create(
            {c.name: python_types[c.type] for c in table.columns},
            pk="id",
            not_null={c.name for c in table.columns if c.required},
        )
    # Added once all tables exist: places and projects refer to themselves.
    db.add_foreign_keys(
        [(t.name, c.name, c.references, "id") for t in tables for c in t.columns if c.references]
    )


def create_indexes(db: Database, tables: list[TableMeta]) -> None:
    """Indexes on the columns people filter and sort by, and the one the chart counts with.

    SQLite sorts NULL first, so an ascending sort with NULLs last (what users expect)
    needs an index on (col IS NULL, col); descending with NULLs last is the plain
    index read backwards.
    """
    conn = db.conn
    for table in tables:
        for column in table.columns:
            if not column.indexed:
                continue
            db[table.name].create_index([column.name])
            if not column.required:
                # Raw SQL: sqlite-utils' create_index takes column names (each quoted), not expressions.
                conn.execute(
                    f"CREATE INDEX [idx_{table.name}_{column.name}_nulls_last] "
                    f"ON [{table.name}] ([{column.name}] IS NULL, [{column.name}])"
                )
        chart_columns = unit_view_index(table)
        if chart_columns:
            db[table.name].create_index(chart_columns, index_name=f"idx_{table.name}_chart_views")


def create_text_tables(db: Database, table: TableMeta) -> None:
    """Full-text indexes over the searchable columns, of case-folded text (filled by fill_text_index).

    `<table>_fts` (trigram) answers 3+ character substrings; `<table>_bigram` holds each
    run's overlapping character pairs as tokens and answers 1-2 character words such as
    投资, which the trigram tokenizer cannot. Both store fold(text), so a match is exactly
    "fold(needle) in fold(value)" for every script (ß included), the same answer as
    the scan the query layer falls back to.

    The trigram index names its table as its content (`content="indicators"`): the text
    lives in the table, and Datasette (`?_search=`) and `sqlite-utils search` recognise a
    full-text table only by that declaration. They search it with the same trigram
    tokenizer, so 制造业 is found there too. The index still holds folded text, which
    neither tool reads back (they select from the table, joined by rowid). The bigram index
    stays contentless: its tokens are not the table's words, and a tool must not pick it.
    """
    searchable = table.searchable_columns
    if not searchable:
        return
    # Raw SQL: sqlite-utils' enable_fts writes a CREATE of its own (another schema than
    # data.db's, which --check compares) and cannot make a contentless table.
    conn = db.conn
    cols = ", ".join(f"[{c}]" for c in searchable)
    conn.execute(
        f'CREATE VIRTUAL TABLE [{table.name}_fts] USING fts5({cols}, content="{table.name}", '
        "tokenize='trigram case_sensitive 1')"
    )
    conn.execute(
        f"CREATE VIRTUAL TABLE [{table.name}_bigram] USING fts5({cols}, content='', detail='column', "
        "tokenize='unicode61 remove_diacritics 0')"
    )


# FTS5 buffers new terms in memory and writes them out as a new segment whenever the buffer
# passes 1 MB (every few thousand indicator rows for the trigram index), merging segments as
# they pile up; with a 256 MB buffer a big table makes far fewer segments and much less
# merging (a million rows, indexing alone: trigram 40 s → 18 s, bigram 28 s → 16 s). The
# setting is stored in the index's _config table, so small tables (all of the real
# bulletin's, which never fill the default buffer) are left byte for byte as before.
BIG_TABLE_ROWS = 1_000
BIG_TABLE_HASH_BYTES = 256 * 1024 * 1024


def fill_text_index(conn: sqlite3.Connection, table: TableMeta, records: list[Record], index: str) -> None:
    """Index the table's rows in `<table>_fts` (index "fts") or `<table>_bigram` ("bigram").

    The text comes from the records rather than back out of the table: insert_rows gave
    record i rowid i + 1 and stored exactly these values (text columns hold str), and
    reading a million rows back, or calling Python from SQL per value, costs more than
    the indexing itself. Raw SQL: sqlite-utils' populate_fts copies the table's own text,
    not folded text or character pairs, and has no way to set the index's buffer size.
    """
    searchable = table.searchable_columns
    if not searchable:
        return
    name = f"{table.name}_{index}"
    if len(records) >= BIG_TABLE_ROWS:
        conn.execute(f"INSERT INTO [{name}]([{name}], rank) VALUES ('hashsize', ?)", (BIG_TABLE_HASH_BYTES,))
    text_of = _remembered(_fold_or_null if index == "fts" else bigram_text)
    cols = ", ".join(f"[{c}]" for c in searchable)
    marks = ", ".join("?" for _ in range(len(searchable) + 1))
    conn.executemany(
        f"INSERT INTO [{name}](rowid, {cols}) VALUES ({marks})",
        ((rowid, *map(text_of, map(r.values.get, searchable))) for rowid, r in enumerate(records, 1)),
    )
    conn.commit()  # writes the buffered terms out now, so only one index's buffer is held at a time


def _fold_or_null(value: str | None) -> str | None:
    return None if value is None else fold(value)


def _remembered(function: Callable[[str | None], str | None]) -> Callable[[str | None], str | None]:
    # Values repeat (regions, categories, indicator names; in the synthetic benchmark also
    # the quotes), and bigram_text is the slowest step per value; a reused answer also
    # binds faster (its UTF-8 is cached).
    return functools.lru_cache(maxsize=1 << 16)(function)


def write_database(sources: Sources, path: Path, timings: dict[str, float] | None = None) -> None:
    """Write a validated Sources to a new SQLite file at path (replaced atomically).

    timings, if given, receives the seconds each phase took (the benchmark reports them).
    """
    import sqlite_utils  # build-time only: kept off the app's start-up path

    phase = functools.partial(_timed, {} if timings is None else timings)
    path = Path(path)
    # Built in a scratch file, then compacted by VACUUM INTO a second one (one copy, where
    # VACUUM in place copies twice) that is renamed over path: path is never half written.
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".hybrowser-build-") as scratch:
        db = sqlite_utils.Database(Path(scratch) / "build.db")
        try:
            _write(db, sources, phase)
            with phase("vacuum"):
                # Raw SQL: sqlite-utils' vacuum() compacts in place; it has no VACUUM INTO.
                db.conn.execute("VACUUM INTO ?", (str(Path(scratch) / "data.db"),))
        finally:
            db.conn.close()
        os.replace(Path(scratch) / "data.db", path)


def _write(db: Database, sources: Sources, phase: Callable[[str], AbstractContextManager]) -> None:
    """Tables, rows, indexes and metadata, committed (a sqlite-utils Database on a new file)."""
    conn = db.conn
    # No journal or sync: the file is scratch until complete. A 256 MB page cache (the
    # default is 2 MB) lets CREATE INDEX sort in memory, about 10% faster at a million
    # rows; temp_store=MEMORY, mmap and an exclusive lock measured no better. (Raw PRAGMAs:
    # sqlite-utils sets journal_mode only to WAL or DELETE, and none of the others.)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    with phase("create tables"):
        create_tables(db, sources.tables)
    with phase("insert rows"):
        for table in sources.tables:
            insert_rows(conn, table, sources.records[table.name])
    # Indexes after the rows: building each from a full table is several times faster
    # than keeping 20-odd indexes up to date row by row.
    with phase("B-tree indexes"):
        create_indexes(db, sources.tables)
    for table in sources.tables:
        create_text_tables(db, table)
    for index, label in (("fts", "trigram index"), ("bigram", "bigram index")):
        with phase(label):
            for table in sources.tables:
                fill_text_index(conn, table, sources.records[table.name], index)
    # Statistics for the query planner (sqlite_stat1): without them it takes an index on a
    # range filter to be selective, and a million-row chart view that walks its covering
    # index in 35 ms took 480 ms of lookups.
    with phase("statistics"):
        db.analyze()
    with phase("metadata and checks"):
        meta_tables, meta_columns = _meta_rows(sources)
        db[META_TABLES].insert_all(meta_tables, pk="table")
        db[META_COLUMNS].insert_all(meta_columns)
        # Raw PRAGMAs: sqlite-utils has no foreign key check, user_version or application_id.
        problems = [str(row) for row in conn.execute("PRAGMA foreign_key_check")]
        if problems:
            raise SourceError([f"foreign key check failed: {p}" for p in problems])
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.commit()


def insert_rows(conn: sqlite3.Connection, table: TableMeta, records: list[Record]) -> None:
    """The records into their (new, empty) table, record i as rowid i + 1 (fill_text_index relies on it)."""
    names = [c.name for c in table.columns]
    cols = ", ".join(f"[{n}]" for n in names)
    marks = ", ".join("?" for _ in range(len(names) + 1))
    # Plain executemany: sqlite-utils' insert_all checks every value for JSON and sends ~34
    # rows a statement (999 parameters); 200,000 synthetic indicator rows took 15-16 s with it
    # (records as dicts, or as tuples after a header row) and 3.3 s here, which matters for
    # the benchmark's million rows.
    conn.executemany(
        f"INSERT INTO [{table.name}] (rowid, {cols}) VALUES ({marks})",
        (
            (rowid, *[_NULL if v is None else v for v in map(r.values.get, names)])
            for rowid, r in enumerate(records, 1)
        ),
    )


# Python's sqlite3 binds None through its adapter lookup, about 1 µs a value; SQLite stores a
# bound NaN as NULL (sqlite3_bind_double), the same value, and a float binds several times faster.
_NULL = math.nan


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
