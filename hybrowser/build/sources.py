"""Reading resources/ and folders of bulletins into Sources: metadata, every CSV row, each bulletin's text."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from hybrowser.build.derive import computed_columns
from hybrowser.build.records import Record, SourceError, Sources
from hybrowser.core.figures import QUALIFIERS
from hybrowser.core.series import load_synonyms
from hybrowser.core.tables import ColumnMeta, TableMeta, column_from_record, table_from_record


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
            result.append(replace(column, qualifier_column="qualifier"))
            continue
        qualifier = f"{column.name}_qualifier"
        result.append(replace(column, qualifier_column=qualifier))
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
    known = {c.name for c in table.columns}
    computed = computed_columns(table)
    # Columns the build fills (bulletin_id, figures from indicators, derived fields).
    filled = set(extra) | computed
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
