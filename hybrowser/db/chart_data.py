"""What the chart panel draws for a table's current filter and sort, read with SQL (no Qt here).

A table offers *views*: per-row bars of one figure column in one unit (indicators are
split by measure and unit, so two units never share an axis), and counts of rows per
value of a code or reference column (GROUP BY in SQL, the biggest groups plus "others").
Every query takes the table's QueryState through TableQuery.compile, so the chart shows
the rows the table shows, in the table's order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from hybrowser.core.cells import NULL_TEXT, display_text
from hybrowser.core.citation import period_text
from hybrowser.core.figures import (
    bounds,
    format_number,
    is_approximate,
    is_bound,
    is_upper_bound,
    stored_number,
    unit_text,
)
from hybrowser.core.labels import code_label, name_columns, tr
from hybrowser.core.tables import ColumnMeta, TableMeta
from hybrowser.db.filters import qualified
from hybrowser.db.query import CompiledQuery, QueryState, TableQuery
from hybrowser.db.schema import quote_identifier

#: Per-row views draw at most this many rows (the first of the table's order).
ROW_LIMIT = 60
#: Group views draw at most this many groups, then one "others" bar.
GROUP_LIMIT = 30
#: A click on a group bar selects at most this many of its rows.
GROUP_SELECT_LIMIT = 1000
#: SQLite's default limit on bound parameters is 999 in old builds.
_CHUNK = 900

#: Columns that say which category (colour) a row belongs to, in order of preference.
CATEGORY_COLUMNS = ("category", "kind")


@dataclass(frozen=True)
class ChartView:
    """One thing to chart in a table.

    kind "rows": one bar per row, the figure column's value (with its unit);
    kind "groups": one bar per distinct value of column, the number of rows.
    """

    key: str
    kind: str
    column: str
    unit: str = ""
    measure: str = ""
    #: rows (rows view) or non-empty rows (groups view) among the filtered rows.
    count: int = 0

    def label(self, table: TableMeta, lang: str) -> str:
        column = table.column(self.column)
        if self.kind == "groups":
            return tr("Rows by {column}", lang, column=column.label(lang))
        name = code_label(self.measure, lang) if self.measure else column.label(lang)
        unit = view_unit_text(self.unit, lang)
        # "Production lines (lines)" says nothing more than "Production lines".
        return f"{name} ({unit})" if unit and unit.lower() not in name.lower() else name


#: Chinese counters with no English unit word beside a number (25, not "25 条") still need
#: one on an axis or in the selector, where 个 and 条 would otherwise both read "Count".
#: 条 counts long things (production lines, industry chains); 个 and 位 (a rank) need none.
_VIEW_UNITS_EN = {"个": "", "位": "", "条": "lines"}


def view_unit_text(unit: str, lang: str) -> str:
    """A unit for an axis or a selector, in the language: never a Chinese counter in English."""
    if lang == "en":
        return _VIEW_UNITS_EN.get(unit, unit_text(unit, lang))
    return unit


@dataclass
class Bar:
    """One bar as drawn: what it stands for and how it must be read."""

    label: str
    #: the length drawn: the stated value, or the bound for a ≥/> figure.
    value: float
    rowid: int | None
    qualifier: str = "exact"
    #: a lower bound: the value is at or above the length drawn (超过20%, 两位数), not at it.
    is_bound: bool = False
    #: an upper bound: the value is at or below the length drawn (不足5亿元, 下降超过5%).
    is_upper: bool = False
    is_approx: bool = False
    #: category code (colour and legend); '' when the table has none.
    category: str = ""
    highlighted: bool = False
    #: the text at the bar's end, as the table shows it: 135.2%, ≥10%, ≈7 亿元, 3.
    text: str = ""
    #: the stated number (None for 两位数, which states none).
    stated: float | None = None
    figure: str = ""
    period: str = ""
    quote: str = ""
    #: groups view: the grouped value (None for the empty group); others: the "others" bar.
    group: object = None
    others: bool = False


@dataclass
class ChartData:
    """The bars of one view, in draw order, and how many there were before the limit."""

    view: ChartView | None
    bars: list[Bar] = field(default_factory=list)
    #: rows (rows view) or groups (groups view) before the limit.
    total: int = 0
    #: rows behind a groups view (the sum of its counts).
    rows: int = 0
    #: rows (or groups) read before the limit; less than total when the limit cut some off.
    read: int = 0
    #: rows read but not drawable: a number that is not finite, or text in a number column.
    skipped: int = 0

    @property
    def truncated(self) -> bool:
        return self.read < self.total


# ---- views ------------------------------------------------------------------------------------


def _figure_columns(table: TableMeta) -> list[ColumnMeta]:
    return [c for c in table.columns if c.role == "figure" and c.is_numeric and c.visible]


def _group_columns(table: TableMeta) -> list[ColumnMeta]:
    qualifiers = {c.qualifier_column for c in table.columns if c.qualifier_column}
    return [
        c
        for c in table.columns
        if c.visible and c.name not in qualifiers and (c.role == "code" or (c.role == "ref" and c.references))
    ]


def has_chartable_columns(table: TableMeta) -> bool:
    """Whether the table has anything a chart could show (figures, codes or references)."""
    return bool(_figure_columns(table) or _group_columns(table))


def _drawable(table: TableMeta, column: ColumnMeta) -> str:
    """SQL true for rows with something to draw in column: a value, or a bound with no value."""
    col = qualified(table.name, column.name)
    parts = [f"{col} IS NOT NULL"]
    if column.qualifier_column and table.has_column(column.qualifier_column):
        parts.append(f"{qualified(table.name, column.qualifier_column)} = 'double_digit'")
    if table.has_column("lower_bound") and column.unit.startswith("@"):
        parts.append(f"{qualified(table.name, 'lower_bound')} IS NOT NULL")
    return "(" + " OR ".join(parts) + ")"


def _order_of(table: TableMeta, column: str) -> dict[str, int]:
    if not table.has_column(column):
        return {}
    return {code: i for i, code in enumerate(table.column(column).allowed)}


def available_views(conn: sqlite3.Connection, table: TableMeta, state: QueryState) -> list[ChartView]:
    """What can be charted among the rows passing the filters (empty when nothing)."""
    query = TableQuery(conn, table)
    compiled = query.compile(state)
    views: list[ChartView] = []
    plain: list[ColumnMeta] = []
    for column in _figure_columns(table):
        unit_column = column.unit[1:] if column.unit.startswith("@") else ""
        if unit_column and table.has_column(unit_column):
            views.extend(_unit_views(conn, table, column, unit_column, compiled))
        else:
            plain.append(column)
    groups = _group_columns(table)
    # A required column is never empty: its groups hold every filtered row, a count an
    # index answers. The others are counted in one pass over the filtered rows.
    optional = [c for c in groups if not c.required]
    counted = [_drawable(table, c) for c in plain] + [
        f"{qualified(table.name, c.name)} IS NOT NULL" for c in optional
    ]
    found: dict[str, int] = {}
    if counted:
        select = ", ".join(f"coalesce(sum({expr}), 0)" for expr in counted)
        sql = f"SELECT {select} {compiled.source} WHERE {compiled.where}"
        row = conn.execute(sql, compiled.params).fetchone()
        found = {c.name: n for c, n in zip([*plain, *optional], row, strict=True)}
    if len(optional) < len(groups):
        rows = query.count(state)
        found.update((c.name, rows) for c in groups if c.required)
    for column in plain:
        if n := found[column.name]:
            views.append(ChartView(f"rows:{column.name}", "rows", column.name, column.unit, "", n))
    for column in groups:
        if n := found[column.name]:
            views.append(ChartView(f"groups:{column.name}", "groups", column.name, "", "", n))
    return views


def unit_view_index(table: TableMeta) -> list[str]:
    """The columns of an index that counts the per-unit views alone ([] when the table has none).

    _unit_views groups the drawable rows by measure and unit: with every column it reads
    in one index, unfiltered it walks that index in order instead of the whole table
    (at a million rows 39 MB instead of 273 MB: 1.2 s → 0.1 s).
    """
    for column in _figure_columns(table):
        unit_column = column.unit[1:] if column.unit.startswith("@") else ""
        if unit_column and table.has_column(unit_column):
            wanted = ["measure", unit_column, column.name, column.qualifier_column, "lower_bound"]
            return [n for n in dict.fromkeys(wanted) if n and table.has_column(n)]
    return []


def _unit_views(
    conn: sqlite3.Connection,
    table: TableMeta,
    column: ColumnMeta,
    unit_column: str,
    compiled: CompiledQuery,
) -> list[ChartView]:
    """One view per (measure, unit) of a column whose unit is per row (indicators)."""
    unit = qualified(table.name, unit_column)
    measure = qualified(table.name, "measure") if table.has_column("measure") else "''"
    sql = (
        f"SELECT {measure}, {unit}, count(*) {compiled.source} "
        f"WHERE ({compiled.where}) AND {_drawable(table, column)} GROUP BY 1, 2"
    )
    found = conn.execute(sql, compiled.params).fetchall()
    measures = _order_of(table, "measure")
    found.sort(key=lambda r: (measures.get(r[0] or "", len(measures)), -r[2], str(r[1] or "")))
    return [
        ChartView(
            f"rows:{column.name}:{m or ''}:{u or ''}", "rows", column.name, str(u or ""), str(m or ""), n
        )
        for m, u, n in found
    ]


# ---- bars -------------------------------------------------------------------------------------


def category_column(table: TableMeta) -> str:
    for name in CATEGORY_COLUMNS:
        if table.has_column(name) and table.column(name).role == "code":
            return name
    return ""


def label_columns(table: TableMeta, lang: str) -> list[str]:
    """The columns naming a row, the current language's first."""
    return [n for n in (*name_columns(lang), "id") if table.has_column(n)]


def _period(record: dict[str, object], lang: str) -> str:
    start, end = record.get("period_start"), record.get("period_end")
    if start or end:
        text_ = period_text(start, end, lang)
    else:
        text_ = str(record.get("date") or record.get("start_date") or "")
    if text_ and (record.get("period_inferred") or record.get("date_inferred")):
        text_ += f" ({tr('inferred', lang)})"
    return text_


def chart_bars(
    conn: sqlite3.Connection,
    table: TableMeta,
    state: QueryState,
    view: ChartView,
    lang: str,
    limit: int | None = None,
) -> ChartData:
    """The bars of a view for the rows passing the filters, in table order (rows) or by size (groups)."""
    if view.kind == "groups":
        return _group_bars(conn, table, state, view, lang, GROUP_LIMIT if limit is None else limit)
    return _row_bars(conn, table, state, view, lang, ROW_LIMIT if limit is None else limit)


def _row_bars(
    conn: sqlite3.Connection, table: TableMeta, state: QueryState, view: ChartView, lang: str, limit: int
) -> ChartData:
    column = table.column(view.column)
    compiled = TableQuery(conn, table).compile(state)
    labels = label_columns(table, lang)
    wanted = [
        *labels,
        column.name,
        column.qualifier_column,
        "lower_bound" if column.unit.startswith("@") else "",
        column.unit[1:] if column.unit.startswith("@") else "",
        "measure",
        "benchmark",  # a rank's text says what it is in: 全市第3
        category_column(table),
        "period_start",
        "period_end",
        "period_inferred",
        "date",
        "date_inferred",
        "start_date",
        "figure",
        "quote",
    ]
    names = [n for n in dict.fromkeys(wanted) if n and table.has_column(n)]
    select = ", ".join(qualified(table.name, n) for n in names)
    conditions = [f"({compiled.where})", _drawable(table, column)]
    params: list[object] = list(compiled.params)
    if view.unit and column.unit.startswith("@"):
        conditions.append(f"{qualified(table.name, column.unit[1:])} = ?")
        params.append(view.unit)
    if view.measure and table.has_column("measure"):
        conditions.append(f"{qualified(table.name, 'measure')} = ?")
        params.append(view.measure)
    # No count(*) OVER () beside the rows: it makes SQLite collect and sort every match
    # before the LIMIT (2 s at a million rows); the view was counted with these conditions.
    sql = (
        f"SELECT {quote_identifier(table.name)}.rowid, {select} {compiled.source} "
        f"WHERE {' AND '.join(conditions)} ORDER BY {compiled.order} LIMIT ?"
    )
    rows = conn.execute(sql, (*params, limit)).fetchall()
    category = category_column(table)
    bars: list[Bar] = []
    total, skipped = view.count, 0
    for row in rows:
        record = dict(zip(names, row[1:], strict=True))
        stated = stored_number(record.get(column.name), parse_text=False)
        qualifier = (
            str(record.get(column.qualifier_column) or "exact") if column.qualifier_column else "exact"
        )
        # A bound is drawn open to its number; which side the value lies on is the side
        # bounds() leaves open (超过20% above 20, 不足5亿元 below 5, 下降超过5% below −5).
        drawn_open = is_bound(qualifier) or is_upper_bound(qualifier)
        lower, upper = bounds(stated, qualifier)
        length = stated
        if length is None and is_bound(qualifier):  # 两位数 states no number: its bound
            stored = record.get("lower_bound")
            length = stored_number(stored, parse_text=False) if stored is not None else lower
        if length is None:
            skipped += 1
            continue
        label = next((str(record[n]) for n in labels if record.get(n)), NULL_TEXT)
        shown = display_text(column, record, lang)
        bars.append(
            Bar(
                label=label,
                value=float(length),
                rowid=row[0],
                qualifier=qualifier,
                is_bound=drawn_open and upper is None,
                is_upper=drawn_open and lower is None,
                is_approx=is_approximate(qualifier),
                category=str(record.get(category) or "") if category else "",
                text=shown,
                stated=stated,
                figure=str(record.get("figure") or ""),
                period=_period(record, lang),
                quote=str(record.get("quote") or ""),
            )
        )
    return ChartData(view, bars, total, total, read=len(rows), skipped=skipped)


def _group_bars(
    conn: sqlite3.Connection, table: TableMeta, state: QueryState, view: ChartView, lang: str, limit: int
) -> ChartData:
    column = table.column(view.column)
    compiled = TableQuery(conn, table).compile(state)
    col = qualified(table.name, column.name)
    sql = (
        f"SELECT {col}, count(*) AS n, count(*) OVER (), sum(count(*)) OVER () "
        f"{compiled.source} WHERE {compiled.where} "
        f"GROUP BY {col} ORDER BY n DESC, {col} IS NULL, {col} LIMIT ?"
    )
    rows = conn.execute(sql, (*compiled.params, limit)).fetchall()
    if not rows:
        return ChartData(view, [], 0, 0)
    groups, total_rows = rows[0][2], rows[0][3]
    names = _reference_names(conn, table, column, [r[0] for r in rows], lang)
    bars = []
    for value, n, _groups, _rows in rows:
        if value is None:
            label = tr("(empty)", lang)
        elif column.role == "code":
            label = code_label(str(value), lang)
        else:
            label = names.get(str(value), str(value))
        bars.append(Bar(label=label, value=float(n), rowid=None, text=format_number(n), group=value))
    rest = total_rows - sum(r[1] for r in rows)
    if rest > 0:
        others = f"{tr('Others', lang)} ({format_number(groups - len(rows))})"
        bars.append(Bar(label=others, value=float(rest), rowid=None, text=format_number(rest), others=True))
    return ChartData(view, bars, groups, total_rows, read=len(rows))


def _reference_names(
    conn: sqlite3.Connection, table: TableMeta, column: ColumnMeta, ids: list[object], lang: str
) -> dict[str, str]:
    """Names of the rows a reference column points to (one query), by id."""
    if column.role != "ref" or not column.references:
        return {}
    target = quote_identifier(column.references)
    try:
        present = {r[1] for r in conn.execute(f"PRAGMA table_info({target})")}
    except sqlite3.Error:
        return {}
    candidates = [n for n in name_columns(lang) if n in present]
    wanted = [i for i in ids if i is not None]
    if "id" not in present or not candidates or not wanted:
        return {}
    names: dict[str, str] = {}
    select = ", ".join(quote_identifier(n) for n in candidates)
    for chunk in _chunks(wanted):
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(f'SELECT "id", {select} FROM {target} WHERE "id" IN ({marks})', chunk):
            name = next((str(v) for v in row[1:] if v), "")
            if name:
                names[str(row[0])] = name
    return names


def _chunks(values: Iterable[object]) -> Iterable[list[object]]:
    values = list(values)
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


# ---- linking bars and rows ----------------------------------------------------------------------


def group_rowids(
    conn: sqlite3.Connection,
    table: TableMeta,
    state: QueryState,
    column: str,
    value: object,
    limit: int = GROUP_SELECT_LIMIT,
) -> list[int]:
    """rowids of the filtered rows whose column holds value (NULL for None), in table order."""
    compiled = TableQuery(conn, table).compile(state)
    sql = (
        f"SELECT {quote_identifier(table.name)}.rowid {compiled.source} "
        f"WHERE ({compiled.where}) AND {qualified(table.name, column)} IS ? "
        f"ORDER BY {compiled.order} LIMIT ?"
    )
    return [r[0] for r in conn.execute(sql, (*compiled.params, value, limit))]


def groups_of_rowids(
    conn: sqlite3.Connection, table: TableMeta, column: str, rowids: Iterable[int]
) -> set[object]:
    """The distinct values of column among the rows with these rowids."""
    found: set[object] = set()
    for chunk in _chunks(rowids):
        marks = ", ".join("?" for _ in chunk)
        sql = (
            f"SELECT DISTINCT {quote_identifier(column)} FROM {quote_identifier(table.name)} "
            f"WHERE rowid IN ({marks})"
        )
        found.update(r[0] for r in conn.execute(sql, chunk))
    return found
