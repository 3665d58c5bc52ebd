"""resources/ → data.db: read the curated sources, validate every record, write SQLite with sqlite-utils.

Layout of resources/ (see resources/README.md):
  meta/tables.csv, meta/columns.csv   what each table and column is (drives schema and UI)
  places.csv                          places shared by all bulletins
  bulletins/<id>/bulletin.csv         one row: title, publisher, source, date, period
  bulletins/<id>/source.txt           the bulletin's text; every quote must be found in it
  bulletins/<id>/<table>.csv          that bulletin's rows of each per-bulletin table

A second bulletin is a new folder under bulletins/; no schema change.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import difflib
import functools
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from hybrowser.core.figures import FALLING_WORDS, QUALIFIERS, bounds, parse_figure
from hybrowser.core.series import disagreements, load_synonyms, period_kind, series_key
from hybrowser.core.tables import ColumnMeta, TableMeta, column_from_record, table_from_record
from hybrowser.db.chart_data import unit_view_index
from hybrowser.db.schema import META_COLUMNS, META_TABLES, SCHEMA_VERSION
from hybrowser.db.text_index import bigram_text, fold

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESOURCES = REPO_ROOT / "resources"
DEFAULT_OUTPUT = REPO_ROOT / "data.db"

#: Marks a database as hybrowser's (PRAGMA application_id), 'HYBR'.
APPLICATION_ID = 0x48594252

# An indicator's subject "projects:q2_start" sets indicators.project_id.
SUBJECT_COLUMNS = {
    "projects": "project_id",
    "parks": "park_id",
    "enterprises": "enterprise_id",
    "funding": "funding_id",
}

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class SourceError(Exception):
    """A source file is wrong; the message names the file, the record and the problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Record:
    """One row read from a source file, with where it came from."""

    table: str
    values: dict[str, object]
    file: Path
    line: int

    def where(self) -> str:
        ident = self.values.get("id") or f"line {self.line}"
        return f"{self.file}: record {ident} (line {self.line})"


@dataclass
class Sources:
    """Everything read from resources/, before validation."""

    tables: list[TableMeta]
    records: dict[str, list[Record]] = field(default_factory=dict)
    bulletin_texts: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)  # meta/synonyms.csv

    def table(self, name: str) -> TableMeta:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [(reader.line_num, row) for row in reader]
        return list(reader.fieldnames or []), rows


def _with_qualifier_columns(columns: list[ColumnMeta]) -> list[ColumnMeta]:
    """Give each figure column a qualifier column: its own table's `qualifier`, or `<col>_qualifier`."""
    names = {c.name for c in columns}
    result: list[ColumnMeta] = []
    for column in columns:
        if column.role != "figure":
            result.append(column)
            continue
        if "qualifier" in names:
            result.append(_replace(column, qualifier_column="qualifier"))
            continue
        qualifier = f"{column.name}_qualifier"
        result.append(_replace(column, qualifier_column=qualifier))
        result.append(
            ColumnMeta(
                table=column.table,
                name=qualifier,
                type="TEXT",
                role="code",
                label_zh=f"{column.label_zh}限定",
                label_en=f"{column.label_en} qualifier",
                visible=False,
                allowed=QUALIFIERS,
            )
        )
    return result


def _replace(column: ColumnMeta, **changes: object) -> ColumnMeta:
    from dataclasses import replace

    return replace(column, **changes)


def load_metadata_sources(resources: Path) -> list[TableMeta]:
    """Read meta/tables.csv and meta/columns.csv into TableMeta, qualifier columns added."""
    _, column_rows = _read_csv(resources / "meta" / "columns.csv")
    _, table_rows = _read_csv(resources / "meta" / "tables.csv")
    by_table: dict[str, list[ColumnMeta]] = {}
    for _, row in column_rows:
        by_table.setdefault(row["table"], []).append(column_from_record(row))
    tables = [
        table_from_record(row, _with_qualifier_columns(by_table.get(row["table"], [])))
        for _, row in table_rows
    ]
    return sorted(tables, key=lambda t: t.position)


def _convert(column: ColumnMeta, text: str, where: str, problems: list[str]) -> object:
    """CSV text → the column's type; '' is NULL."""
    text = text.strip()
    if text == "":
        return None
    if column.type == "INTEGER":
        try:
            return int(text)
        except ValueError:
            problems.append(f"{where}: {column.name} must be a whole number, not {text!r}")
            return None
    if column.type == "REAL":
        try:
            return float(text)
        except ValueError:
            problems.append(f"{where}: {column.name} must be a number, not {text!r}")
            return None
    return text


def _read_table_file(
    table: TableMeta, path: Path, extra: dict[str, object], problems: list[str]
) -> list[Record]:
    fieldnames, rows = _read_csv(path)
    generated = {c.name for c in table.columns if c.name.endswith("_qualifier") and c.role == "code"}
    known = {c.name for c in table.columns}
    # Columns the build fills (bulletin_id, figures from indicators, derived fields).
    filled = set(extra) | _filled_columns(table) | generated | _derived_ids(table)
    computed = _filled_columns(table) | generated | _derived_ids(table)
    for name in fieldnames:
        if name not in known and not (table.name == "indicators" and name == "subject"):
            problems.append(f"{path}: unknown column {name!r} (not in meta/columns.csv)")

    for column in table.columns:
        if column.name not in fieldnames and column.name not in filled and column.required:
            problems.append(f"{path}: missing column {column.name!r}")
    records = []
    for line, row in rows:
        values: dict[str, object] = dict(extra)
        where = f"{path}: record {row.get('id') or f'line {line}'} (line {line})"
        for name in computed & set(fieldnames):
            if (row.get(name) or "").strip():
                problems.append(
                    f"{where}: {name} is filled by the build (every figure comes from indicators.csv "
                    "with its quote); remove it here"
                )
        for column in table.columns:
            if column.name in row:
                values[column.name] = _convert(column, row[column.name] or "", where, problems)
        if "subject" in row:
            values["subject"] = (row["subject"] or "").strip() or None
        records.append(Record(table.name, values, path, line))
    return records


def _filled_columns(table: TableMeta) -> set[str]:
    """Columns the build computes rather than reads."""
    if table.name == "indicators":
        return {"lower_bound", "upper_bound", "series_id", "period_kind", *SUBJECT_COLUMNS.values()}
    if table.name == "bulletins":
        return {"source_text", "facts", "proposed"}
    return {c.name for c in table.columns if c.role == "figure"}


def _derived_ids(table: TableMeta) -> set[str]:
    return {"id"} if table.name == "enterprise_links" else set()


def load_sources(resources: Path, library: Path | None = None) -> Sources:
    """Read every source file; raise SourceError listing every problem found while reading.

    `library` is a folder of more bulletin folders (`hybrowser import` writes them), read
    with the same rules as resources/bulletins/.
    """
    problems: list[str] = []
    sources = Sources(tables=load_metadata_sources(resources))
    sources.synonyms = load_synonyms(resources / "meta" / "synonyms.csv")
    for table in sources.tables:
        sources.records[table.name] = []
    shared = [t for t in sources.tables if not t.per_bulletin and t.name != "bulletins"]
    for table in shared:
        path = resources / f"{table.name}.csv"
        if path.exists():
            sources.records[table.name] += _read_table_file(table, path, {}, problems)
    folders = sorted(p for p in (resources / "bulletins").iterdir() if p.is_dir())
    if library is not None:
        if not library.is_dir():
            raise SourceError([f"{library}: not a folder of bulletins"])
        # Folders starting with '.' are an import still being written (or one that failed).
        folders += sorted(p for p in library.iterdir() if p.is_dir() and not p.name.startswith("."))
    for folder in folders:
        meta_path = folder / "bulletin.csv"
        if not meta_path.exists():
            problems.append(f"{folder}: no bulletin.csv")
            continue
        records = _read_table_file(sources.table("bulletins"), meta_path, {}, problems)
        if len(records) != 1:
            problems.append(f"{meta_path}: must hold exactly one bulletin, found {len(records)}")
            continue
        bulletin = records[0]
        bulletin_id = str(bulletin.values.get("id"))
        text_path = folder / str(bulletin.values.get("source_file") or "source.txt")
        if not text_path.exists():
            problems.append(f"{meta_path}: record {bulletin_id}: source file {text_path} is missing")
            continue
        text = text_path.read_text(encoding="utf-8")
        bulletin.values["source_text"] = text
        sources.bulletin_texts[bulletin_id] = text
        sources.records["bulletins"].append(bulletin)
        for table in sources.tables:
            path = folder / f"{table.name}.csv"
            if table.per_bulletin and path.exists():
                extra = {"bulletin_id": bulletin_id}
                sources.records[table.name] += _read_table_file(table, path, extra, problems)
    if problems:
        raise SourceError(problems)
    return sources


def _derive(sources: Sources, problems: list[str]) -> None:
    """Fill computed columns: link ids, subjects, bounds, entity figures from indicators."""
    for record in sources.records.get("enterprise_links", []):
        v = record.values
        target = next(
            (v[k] for k in ("park_id", "project_id", "chain_id", "funding_id", "event_id") if v.get(k)),
            None,
        )
        v["id"] = f"{v.get('enterprise_id')}.{v.get('relation')}.{target}"
    entities = {
        name: {r.values.get("id"): r for r in sources.records.get(name, [])} for name in SUBJECT_COLUMNS
    }
    for record in sources.records.get("indicators", []):
        v = record.values
        # A figure written by hand into resources/ is reviewed by whoever wrote it; an import
        # writes `proposed` until a person has checked it against its quote.
        v["status"] = v.get("status") or "reviewed"
        lower, upper = bounds(v.get("value"), str(v.get("qualifier")))  # type: ignore[arg-type]
        v["lower_bound"], v["upper_bound"] = lower, upper
        region, name = str(v.get("region") or ""), str(v.get("name_zh") or "")
        v["series_id"] = series_key(region, name, str(v.get("measure")), str(v.get("unit")), sources.synonyms)
        v["period_kind"] = period_kind(v.get("period_start"), v.get("period_end"))  # type: ignore[arg-type]
        subject = v.pop("subject", None)
        field_name = v.get("subject_field")
        if not subject:
            if field_name:
                problems.append(f"{record.where()}: subject_field {field_name!r} without a subject")
            continue
        table_name, _, subject_id = str(subject).partition(":")
        if table_name not in SUBJECT_COLUMNS:
            problems.append(f"{record.where()}: subject {subject!r} names an unknown table")
            continue
        v[SUBJECT_COLUMNS[table_name]] = subject_id
        target = entities[table_name].get(subject_id)
        if target is None:
            continue  # reported as a dangling reference by _check_references
        if not field_name:
            continue
        table = sources.table(table_name)
        if not table.has_column(str(field_name)) or table.column(str(field_name)).role != "figure":
            problems.append(f"{record.where()}: {table_name} has no figure column {field_name!r}")
            continue
        column = table.column(str(field_name))
        if target.values.get(column.name) is not None:
            problems.append(f"{record.where()}: {table_name}.{subject_id}.{field_name} set twice")
        value = v.get("value")
        if column.type == "INTEGER" and value is not None:
            value = int(value)  # type: ignore[call-overload]
        target.values[column.name] = value
        target.values[column.qualifier_column] = v.get("qualifier")


def derive_series(sources: Sources) -> None:
    """One row of the series table per series_id: its latest figure, name and how many periods."""
    published = {
        r.values.get("id"): str(r.values.get("published") or "") for r in sources.records["bulletins"]
    }
    groups: dict[str, list[dict[str, object]]] = {}
    for record in sources.records.get("indicators", []):
        groups.setdefault(str(record.values["series_id"]), []).append(record.values)
    records = []
    for key, figures in groups.items():
        # The latest period, then the latest bulletin, then the last row written.
        latest = max(
            enumerate(figures),
            key=lambda item: (
                str(item[1].get("period_end") or ""),
                published.get(item[1].get("bulletin_id"), ""),
                item[0],
            ),
        )[1]
        ends = sorted(str(f.get("period_end")) for f in figures if f.get("period_end"))
        values = {
            "id": key,
            "name_zh": latest.get("name_zh"),
            "name_en": latest.get("name_en"),
            "region": latest.get("region"),
            "measure": latest.get("measure"),
            "unit": latest.get("unit"),
            "latest_value": latest.get("value"),
            "latest_value_qualifier": latest.get("qualifier"),
            "latest_period_start": latest.get("period_start"),
            "latest_period_end": latest.get("period_end"),
            "periods": len({(f.get("period_start"), f.get("period_end")) for f in figures}),
            "first_period": ends[0] if ends else None,
            "last_period": ends[-1] if ends else None,
            "latest_indicator_id": latest.get("id"),
            "latest_bulletin_id": latest.get("bulletin_id"),
            # A rank's scope (全市第2, 全省第3) travels with the latest figure.
            "benchmark": latest.get("benchmark"),
        }
        records.append(Record("series", values, Path("(derived from indicators)"), 0))
    sources.records["series"] = records


def derive_bulletin_counts(sources: Sources) -> None:
    """Each bulletin's number of figures (`facts`) and how many of them are still `proposed`."""
    bulletins = sources.table("bulletins")
    if not (bulletins.has_column("facts") and bulletins.has_column("proposed")):
        return
    facts: dict[object, int] = {}
    proposed: dict[object, int] = {}
    for record in sources.records.get("indicators", []):
        key = record.values.get("bulletin_id")
        facts[key] = facts.get(key, 0) + 1
        proposed[key] = proposed.get(key, 0) + (record.values.get("status") == "proposed")
    for record in sources.records["bulletins"]:
        record.values["facts"] = facts.get(record.values.get("id"), 0)
        record.values["proposed"] = proposed.get(record.values.get("id"), 0)


def _valid_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a day that exists."""
    if not _DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _check_values(sources: Sources, problems: list[str]) -> None:
    """Required fields, allowed codes, dates and months, duplicate ids."""
    for table in sources.tables:
        seen: dict[object, Record] = {}
        for record in sources.records[table.name]:
            for column in table.columns:
                value = record.values.get(column.name)
                if value is None:
                    if column.required:
                        problems.append(f"{record.where()}: {column.name} is required")
                    continue
                if column.allowed and str(value) not in column.allowed:
                    unit_word = "unit" if column.name == "unit" else column.name
                    problems.append(
                        f"{record.where()}: unknown {unit_word} {value!r} "
                        f"(allowed: {', '.join(column.allowed)})"
                    )
                if column.role == "date" and not _valid_date(str(value)):
                    problems.append(f"{record.where()}: {column.name} {value!r} is not an ISO date")
                if column.role == "month" and not _MONTH.match(str(value)):
                    problems.append(f"{record.where()}: {column.name} {value!r} is not YYYY-MM")
            ident = record.values.get("id")
            if ident in seen:
                problems.append(f"{record.where()}: duplicate id {ident!r} (also {seen[ident].where()})")
            seen[ident] = record


def _check_references(sources: Sources, problems: list[str]) -> None:
    ids = {t.name: {r.values.get("id") for r in sources.records[t.name]} for t in sources.tables}
    for table in sources.tables:
        for column in table.columns:
            if not column.references:
                continue
            for record in sources.records[table.name]:
                value = record.values.get(column.name)
                if value is not None and value not in ids.get(column.references, set()):
                    problems.append(
                        f"{record.where()}: {column.name} {value!r} refers to no row of "
                        f"{column.references} (dangling reference)"
                    )


def _check_quotes(sources: Sources, problems: list[str]) -> None:
    """Every quote is verbatim in its bulletin; every figure is in its quote and says its value."""
    for table in sources.tables:
        if not table.has_column("quote"):
            continue
        for record in sources.records[table.name]:
            quote = record.values.get("quote")
            text = sources.bulletin_texts.get(str(record.values.get("bulletin_id")), "")
            if quote and str(quote) not in text:
                problems.append(f"{record.where()}: quote not found verbatim in the bulletin text")
    for record in sources.records.get("indicators", []):
        v = record.values
        figure, quote = str(v.get("figure") or ""), str(v.get("quote") or "")
        if figure not in quote:
            problems.append(f"{record.where()}: figure {figure!r} is missing from its quote")
            continue
        parsed = parse_figure(figure, str(v.get("unit") or ""))
        value = v.get("value")
        if parsed.qualifier != v.get("qualifier"):
            problems.append(
                f"{record.where()}: figure {figure!r} says qualifier {parsed.qualifier!r}, "
                f"the record says {v.get('qualifier')!r}"
            )
        if parsed.value is None and value is not None:
            problems.append(f"{record.where()}: figure {figure!r} states no number, value is {value}")
        if parsed.value is not None and not _states_value(parsed.value, value, figure, quote):
            problems.append(
                f"{record.where()}: value {value} does not match the figure {figure!r} ({parsed.value:g})"
            )
        start, end = v.get("period_start"), v.get("period_end")
        if start and end and str(start) > str(end):
            problems.append(f"{record.where()}: period_start {start} is after period_end {end}")


def _states_value(parsed: float, value: object, figure: str, quote: str) -> bool:
    """The record's value is the figure's number, negated only where the quote says it fell.

    "同比下降10.5%" is stored as −10.5 with the figure "10.5%": the sign comes from the
    words before the figure in its quote, never from nowhere.
    """
    if value is None:
        return False
    if abs(parsed - float(value)) <= 1e-9:  # type: ignore[arg-type]
        return True
    before = quote[: quote.find(figure)]
    return parsed > 0 and abs(parsed + float(value)) <= 1e-9 and any(w in before for w in FALLING_WORDS)  # type: ignore[arg-type]


def _check_series(sources: Sources, problems: list[str]) -> None:
    """Two reviewed figures of one series and period must agree, or one must say it is a revision."""
    reviewed = [
        r.values for r in sources.records.get("indicators", []) if r.values.get("status") == "reviewed"
    ]
    by_values = {id(r.values): r for r in sources.records.get("indicators", [])}
    for first, second in disagreements(reviewed):
        problems.append(
            f"{by_values[id(second)].where()}: series {second.get('series_id')} already has "
            f"{first.get('figure')} for {second.get('period_start') or ''}..{second.get('period_end')} "
            f"({by_values[id(first)].where()}); a revision needs a note saying so"
        )


def validate(sources: Sources) -> None:
    """Derive computed columns and check everything; raise SourceError listing all problems."""
    problems: list[str] = []
    _derive(sources, problems)
    derive_bulletin_counts(sources)
    if any(t.name == "series" for t in sources.tables):
        derive_series(sources)
    _check_values(sources, problems)
    _check_references(sources, problems)
    _check_quotes(sources, problems)
    _check_series(sources, problems)
    if problems:
        raise SourceError(problems)


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


def create_tables(db: object, tables: list[TableMeta]) -> None:
    """Create every table with its primary and foreign keys (sqlite-utils Database)."""
    python_types = {"TEXT": str, "INTEGER": int, "REAL": float}
    for table in tables:
        db[table.name].create(  # type: ignore[index]
            {c.name: python_types[c.type] for c in table.columns},
            pk="id",
            not_null={c.name for c in table.columns if c.required},
        )
    # Added once all tables exist: places and projects refer to themselves.
    db.add_foreign_keys(  # type: ignore[attr-defined]
        [(t.name, c.name, c.references, "id") for t in tables for c in t.columns if c.references]
    )


def create_indexes(db: object, tables: list[TableMeta]) -> None:
    """Indexes on the columns people filter and sort by, and the one the chart counts with.

    SQLite sorts NULL first, so an ascending sort with NULLs last (what users expect)
    needs an index on (col IS NULL, col); descending with NULLs last is the plain
    index read backwards.
    """
    conn = db.conn  # type: ignore[attr-defined]
    for table in tables:
        for column in table.columns:
            if not column.indexed:
                continue
            db[table.name].create_index([column.name])  # type: ignore[index]
            if not column.required:
                conn.execute(
                    f"CREATE INDEX [idx_{table.name}_{column.name}_nulls_last] "
                    f"ON [{table.name}] ([{column.name}] IS NULL, [{column.name}])"
                )
        chart_columns = unit_view_index(table)
        if chart_columns:
            db[table.name].create_index(chart_columns, index_name=f"idx_{table.name}_chart_views")  # type: ignore[index]


def create_text_tables(db: object, table: TableMeta) -> None:
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
    conn = db.conn  # type: ignore[attr-defined]
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
    the indexing itself.
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
                db.conn.execute("VACUUM INTO ?", (str(Path(scratch) / "data.db"),))
        finally:
            db.conn.close()
        os.replace(Path(scratch) / "data.db", path)


def _write(db: object, sources: Sources, phase: Callable[[str], AbstractContextManager]) -> None:
    """Tables, rows, indexes and metadata, committed (a sqlite-utils Database on a new file)."""
    conn = db.conn  # type: ignore[attr-defined]
    # No journal or sync: the file is scratch until complete. A 256 MB page cache (the
    # default is 2 MB) lets CREATE INDEX sort in memory, about 10% faster at a million
    # rows; temp_store=MEMORY, mmap and an exclusive lock measured no better.
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
        conn.execute("ANALYZE")
    with phase("metadata and checks"):
        meta_tables, meta_columns = _meta_rows(sources)
        db[META_TABLES].insert_all(meta_tables, pk="table")  # type: ignore[index]
        db[META_COLUMNS].insert_all(meta_columns)  # type: ignore[index]
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
    # Plain executemany: sqlite-utils' insert_all checks every value for JSON and is
    # ten times slower, which matters for the benchmark's million rows.
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


def build(
    resources: Path = DEFAULT_RESOURCES, output: Path = DEFAULT_OUTPUT, library: Path | None = None
) -> Sources:
    """Read, validate and write: the whole `hybrowser build`."""
    sources = load_sources(Path(resources), library)
    validate(sources)
    write_database(sources, Path(output))
    return sources


def dump(path: Path) -> list[str]:
    """The database as SQL text: schema and rows, the thing --check compares."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        header = [f"-- user_version {conn.execute('PRAGMA user_version').fetchone()[0]}"]
        return header + list(conn.iterdump())
    finally:
        conn.close()


def check(resources: Path = DEFAULT_RESOURCES, database: Path = DEFAULT_OUTPUT) -> list[str]:
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
    parser = argparse.ArgumentParser(prog="hybrowser build", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if data.db differs from what the sources produce"
    )
    parser.add_argument("--resources", type=Path, default=DEFAULT_RESOURCES)
    parser.add_argument("--output", "--out", type=Path, default=DEFAULT_OUTPUT, help="the database to write")
    parser.add_argument(
        "--bulletins", type=Path, metavar="DIR", help="also every bulletin folder under DIR (from an import)"
    )
    args = parser.parse_args(argv)
    if args.bulletins is not None and args.output == DEFAULT_OUTPUT:
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
