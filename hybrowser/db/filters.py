"""The filter-box syntax, turned into SQL with bound parameters.

What table-browser users know (DB Browser for SQLite):
  text      contains (case-insensitive for every script)
  =x        equals            <>x  differs     >x >=x <x <=x   compares
  a~b       from a to b       /re/  regular expression (case-insensitive)
  =NULL     is empty          <>NULL  is not empty
In a number column a bare number means equals: typing 7 must not match 17.
User text only ever reaches SQL as a bound parameter; column names come from metadata.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from hybrowser.core.labels import CODE_LABELS
from hybrowser.db.schema import ColumnMeta
from hybrowser.db.text_index import bigram_query, fold, trigram_query

_OPERATORS = (">=", "<=", "<>", "!=", ">", "<", "=")


class FilterError(ValueError):
    """The filter text cannot be understood; str() is a short hint for the box."""


@dataclass(frozen=True)
class Clause:
    """A piece of WHERE with its parameters, and how to say it in the status line.

    A full-text condition names its index in `index`: the query joins that index (as
    `{alias}` in sql) so that SQLite reads matches in rowid order and can stop after a
    page, instead of collecting every match first as `rowid IN (...)` would.
    """

    sql: str
    params: tuple[object, ...] = field(default_factory=tuple)
    description: str = ""
    index: str = ""
    #: The same condition written so that SQLite cannot use the column's index ("+col"):
    #: reading the table in order and stopping after a page beats sorting every match
    #: when matches are many. None where there is no index to avoid.
    scan_sql: str | None = None


def quote_identifier(name: str) -> str:
    """Quote a table or column name for SQL (names come from metadata, never from typing)."""
    return '"' + name.replace('"', '""') + '"'


def qualified(table: str, column: str) -> str:
    """table.column, quoted: the full-text indexes joined in have columns of the same names."""
    return f"{quote_identifier(table)}.{quote_identifier(column)}"


# Minus signs people type or paste: the typeset minus the cells show (−3.5%) and the
# full-width one of a Chinese input method; float() reads only the ASCII hyphen.
_MINUS_SIGNS = str.maketrans({"−": "-", "－": "-"})


def _number(text: str) -> float:
    cleaned = text.strip().translate(_MINUS_SIGNS).replace(",", "").replace("，", "").rstrip("%")
    try:
        value = float(cleaned)
    except ValueError:
        raise FilterError(f"not a number: {text.strip()!r}") from None
    if not math.isfinite(value):
        raise FilterError(f"not a finite number: {text.strip()!r}")
    return value


def contains_clause(
    table: str, columns: list[str], needle: str, fts_columns: set[str] | None = None
) -> Clause:
    """Rows where any of columns contains needle, case-folded for every script.

    The full-text indexes hold folded text, so for 3+ characters (trigram) and for
    2-character words (bigrams) one index lookup gives the exact answer, fast at a million
    rows; a single character, or text the indexes cannot take (NUL), scans with hb_contains.
    """
    folded = fold(needle)
    if fts_columns is not None and set(columns) <= fts_columns and "\x00" not in folded:
        match, index_table = trigram_query(folded), f"{table}_fts"
        if match is None:
            match, index_table = bigram_query(folded), f"{table}_bigram"
        if match is not None:
            if len(columns) == 1:
                match = f"{{{columns[0]}}} : {match}"
            return Clause(f"{{alias}}.{quote_identifier(index_table)} MATCH ?", (match,), index=index_table)
    checks = " OR ".join(f"hb_contains({qualified(table, c)}, ?)" for c in columns)
    return Clause(f"({checks})", tuple([folded] * len(columns)))


def parse_filter(
    text: str,
    column: ColumnMeta,
    table: str,
    fts_columns: set[str] | None = None,
    ref_names: list[str] | None = None,
) -> Clause | None:
    """The clause for one filter box; None when empty; FilterError with a hint when wrong.

    ref_names: the name columns of the table a reference column points to, so that typing
    衡南 finds rows whose district_id is 'hengnan' (the cell shows the name).
    """
    raw = text.strip()
    if not raw:
        return None
    col = qualified(table, column.name)
    label = column.name
    upper = raw.upper().replace(" ", "")
    if upper == "=NULL":
        return Clause(f"{col} IS NULL", (), f"{label} is empty")
    if upper in ("<>NULL", "!=NULL"):
        return Clause(f"{col} IS NOT NULL", (), f"{label} is not empty")
    if len(raw) >= 2 and raw.startswith("/") and raw.endswith("/"):
        pattern = raw[1:-1]
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            raise FilterError(f"bad regular expression: {error}") from None
        return Clause(f"hb_regexp(?, {col})", (pattern,), f"{label} ~ /{pattern}/")
    for op in _OPERATORS:
        if raw.startswith(op):
            return _comparison(column, col, label, "<>" if op == "!=" else op, raw[len(op) :])
    if "~" in raw:
        low, _, high = raw.partition("~")
        if low.strip() and high.strip():
            return _range(column, col, label, low, high)
    if column.is_numeric:
        value = _number(raw)
        return Clause(f"{col} = ?", (value,), f"{label} = {raw}", scan_sql=f"+{col} = ?")
    description = f"{label} contains “{raw}”"
    if column.role == "code":
        # The cell shows 投资 for 'investment': typing either finds the row.
        codes = codes_labelled(raw)
        if codes:
            marks = ", ".join("?" for _ in codes)
            return Clause(f"(hb_contains({col}, ?) OR {col} IN ({marks}))", (fold(raw), *codes), description)
    if column.references and ref_names:
        folded = fold(raw)
        ref = quote_identifier(column.references)
        names = " OR ".join(f"hb_contains({quote_identifier(n)}, ?)" for n in ref_names)
        sql = f"(hb_contains({col}, ?) OR {col} IN (SELECT id FROM {ref} WHERE {names}))"
        return Clause(sql, (folded, *[folded] * len(ref_names)), description)
    clause = contains_clause(table, [column.name], raw, fts_columns)
    return replace(clause, description=description)


def codes_labelled(text: str) -> list[str]:
    """The stored codes whose Chinese or English label contains text."""
    needle = fold(text)
    return sorted(
        code for code, labels in CODE_LABELS.items() if any(needle in fold(label) for label in labels)
    )


def _comparison(column: ColumnMeta, col: str, label: str, op: str, operand: str) -> Clause:
    if not operand.strip():
        raise FilterError(f"type a value after {op}")
    if column.is_numeric:
        value: object = _number(operand)
        return Clause(f"{col} {op} ?", (value,), f"{label} {op} {operand.strip()}", scan_sql=f"+{col} {op} ?")
    if op in ("=", "<>"):
        # Equality of text folds case like 'contains' does; <> keeps NULLs out, as SQL does.
        return Clause(f"hb_fold({col}) {op} ?", (fold(operand.strip()),), f"{label} {op} {operand.strip()}")
    return Clause(
        f"{col} {op} ?", (operand.strip(),), f"{label} {op} {operand.strip()}", scan_sql=f"+{col} {op} ?"
    )


def _range(column: ColumnMeta, col: str, label: str, low: str, high: str) -> Clause:
    if column.is_numeric:
        lo, hi = _number(low), _number(high)
    else:
        lo, hi = low.strip(), high.strip()  # type: ignore[assignment]
    if lo > hi:  # type: ignore[operator]
        lo, hi = hi, lo
    return Clause(
        f"{col} BETWEEN ? AND ?",
        (lo, hi),
        f"{label} {low.strip()}~{high.strip()}",
        scan_sql=f"+{col} BETWEEN ? AND ?",
    )
