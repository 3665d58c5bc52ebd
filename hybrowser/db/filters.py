"""The filter-box syntax, turned into SQL with bound parameters.

What table-browser users know (DB Browser for SQLite):
  text      contains (case-insensitive for every script)
  =x        equals            <>x  differs     >x >=x <x <=x   compares
  a~b       from a to b       /re/  regular expression (case-insensitive; RE2, so linear time)
  =NULL     is empty          <>NULL  is not empty
In a number column a bare number means equals: typing 7 must not match 17.
On text, =, <>, comparisons and ranges apply to the text shown (a code's label, a reference's
name, 是/否), case folded: see shown_text.
User text only ever reaches SQL as a bound parameter; column names come from metadata.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from hybrowser.core.labels import CODE_LABELS
from hybrowser.core.tables import ColumnMeta
from hybrowser.db.regex import RegexError, compile_regex
from hybrowser.db.schema import quote_identifier
from hybrowser.db.shown_text import TextTest, between, compares, equals, flag_condition, shown_condition
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


def qualified(table: str, column: str) -> str:
    """table.column, quoted: the full-text indexes joined in have columns of the same names."""
    return f"{quote_identifier(table)}.{quote_identifier(column)}"


#: A number as typed: digits with an optional decimal part and exponent; a thousands separator
#: (, or ，) only between groups of three digits, so that 7,5 is not silently read as 75.
_NUMBER = re.compile(r"[+-]?(?:(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: Integers beyond SQLite's 64 bits are compared as floats.
_INT_LIMIT = 2**63
# Minus signs people type or paste: the typeset minus the cells show (−3.5%) and the
# full-width one of a Chinese input method; float() reads only the ASCII hyphen.
_MINUS_SIGNS = str.maketrans({"−": "-", "－": "-"})


def _number(text: str) -> int | float:
    """The number typed: an exact int for a whole number (9007199254740993 is not 9007199254740992)."""
    shown = text.strip()
    cleaned = shown.translate(_MINUS_SIGNS).rstrip("%").strip()
    if not _NUMBER.fullmatch(cleaned):
        if re.fullmatch(r"[+-]?[\d,，.]+", cleaned):
            raise FilterError(f"cannot read {shown!r} as a number (write 1,000 or 7.5)")
        raise FilterError(f"not a number: {shown!r}")
    digits = cleaned.replace(",", "").replace("，", "")
    if re.fullmatch(r"[+-]?\d+", digits) and abs(int(digits)) < _INT_LIMIT:
        return int(digits)
    value = float(digits)
    if not math.isfinite(value):
        raise FilterError(f"not a finite number: {shown!r}")
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
    lang: str = "zh",
) -> Clause | None:
    """The clause for one filter box; None when empty; FilterError with a hint when wrong.

    ref_names: the name columns of the table a reference column points to, so that typing
    衡南 finds rows whose district_id is 'hengnan' (the cell shows the name).
    lang: the language shown; comparisons of text follow the text shown in it.
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
            compile_regex(pattern)
        except RegexError as error:
            raise FilterError(f"bad regular expression: {error}") from None
        return Clause(f"hb_regexp(?, {col})", (pattern,), f"{label} ~ /{pattern}/")
    shown = _Shown(column, col, label, ref_names or [], lang)
    for op in _OPERATORS:
        if raw.startswith(op):
            return _comparison(shown, "<>" if op == "!=" else op, raw[len(op) :])
    if "~" in raw:
        low, _, high = raw.partition("~")
        if low.strip() and high.strip():
            return _range(shown, low, high)
    flag = flag_condition(col, "=", raw) if column.role == "flag" else None
    if flag:
        return Clause(flag, (), f"{label} = {raw}")  # a bare 是 means =是
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


@dataclass(frozen=True)
class _Shown:
    """A filter box's column, and what is needed to compare the text it shows."""

    column: ColumnMeta
    col: str
    label: str
    ref_names: list[str]
    lang: str

    def condition(self, test: TextTest, any_language: bool = False) -> tuple[str, tuple[object, ...]]:
        ref = quote_identifier(self.column.references) if self.column.references else ""
        return shown_condition(self.column, self.col, test, self.lang, ref, self.ref_names, any_language)


def _comparison(shown: _Shown, op: str, operand: str) -> Clause:
    column, col, text = shown.column, shown.col, operand.strip()
    description = f"{shown.label} {op} {text}"
    if not text:
        raise FilterError(f"type a value after {op}")
    flag = flag_condition(col, op, text) if column.role == "flag" else None
    if flag:
        return Clause(flag, (), description)
    if column.is_numeric:
        value: object = _number(operand)
        return Clause(f"{col} {op} ?", (value,), description, scan_sql=f"+{col} {op} ?")
    if op in ("=", "<>"):
        # Equal to what the cell shows (a code's label or a reference's name in either language,
        # or the stored text), case folded; <> keeps NULLs out, as SQL does.
        sql, params = shown.condition(equals(text), any_language=True)
        return Clause(sql if op == "=" else f"({col} IS NOT NULL AND NOT {sql})", params, description)
    sql, params = shown.condition(compares(op, text))
    return Clause(sql, params, description)


def _range(shown: _Shown, low: str, high: str) -> Clause:
    description = f"{shown.label} {low.strip()}~{high.strip()}"
    if not shown.column.is_numeric:
        sql, params = shown.condition(between(low.strip(), high.strip()))
        return Clause(sql, params, description)
    col = shown.col
    lo, hi = sorted((_number(low), _number(high)))
    return Clause(f"{col} BETWEEN ? AND ?", (lo, hi), description, scan_sql=f"+{col} BETWEEN ? AND ?")
