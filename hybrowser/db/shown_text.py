"""Conditions on the text a cell shows, not the value stored: =, <>, >, < and a~b mean what the user reads.

A code is shown as its label (投资 for 'investment'), a reference as the name of the row it
points to, a flag as 是/否 (yes/no); text is compared case-folded, like every filter.
Folded strings compare by code point in Python and by UTF-8 bytes in SQLite: the same order.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

from hybrowser.core.labels import CODE_LABELS, code_label
from hybrowser.core.tables import ColumnMeta
from hybrowser.db.schema import quote_identifier
from hybrowser.db.text_index import fold

_ORDER: dict[str, Callable[[str, str], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

#: What a flag cell shows (是/否, yes/no) and the usual ways of typing the same.
YES_WORDS = frozenset({"是", "yes", "y", "true", "1"})
NO_WORDS = frozenset({"否", "no", "n", "false", "0"})


@dataclass(frozen=True)
class TextTest:
    """A test on one folded text: as SQL ('{}' stands for the text) and as Python."""

    sql: str
    params: tuple[str, ...]
    test: Callable[[str], bool]


def equals(text: str) -> TextTest:
    value = fold(text)
    return TextTest("{} = ?", (value,), lambda t: t == value)


def compares(op: str, text: str) -> TextTest:
    value = fold(text)
    return TextTest(f"{{}} {op} ?", (value,), lambda t: _ORDER[op](t, value))


def between(low: str, high: str) -> TextTest:
    lo, hi = sorted((fold(low), fold(high)))
    return TextTest("{} BETWEEN ? AND ?", (lo, hi), lambda t: lo <= t <= hi)


def _marks(values: list[str]) -> str:
    return ", ".join("?" for _ in values)


def shown_condition(
    column: ColumnMeta,
    col: str,
    test: TextTest,
    lang: str,
    ref: str = "",
    ref_names: list[str] | None = None,
    any_language: bool = False,
) -> tuple[str, tuple[object, ...]]:
    """SQL that is true where the text column shows passes test.

    any_language: a code's label or a reference's name in either language will do (equality:
    =投资 and =investment both find the row whatever the interface language); otherwise the
    order of the labels in `lang`, the language shown, decides.
    `ref` is the quoted table a reference column points to, `ref_names` its name columns.
    """
    plain = test.sql.format(f"hb_fold({col})")
    if column.role == "code":
        langs = ("zh", "en") if any_language else (lang,)
        codes = sorted(
            code for code in CODE_LABELS if any(test.test(fold(code_label(code, lg))) for lg in langs)
        )
        if any_language:  # the stored code itself also counts
            return f"({col} IN ({_marks(codes)}) OR {plain})", (*codes, *test.params)
        known = sorted(CODE_LABELS)  # a code without a label shows as itself
        sql = f"({col} IN ({_marks(codes)}) OR ({col} NOT IN ({_marks(known)}) AND {plain}))"
        return sql, (*codes, *known, *test.params)
    if ref and ref_names:
        names = [n for n in ref_names if any_language or n.endswith(f"_{lang}")] or ref_names
        inner = " OR ".join(test.sql.format(f"hb_fold({quote_identifier(n)})") for n in names)
        named = f"{col} IN (SELECT id FROM {ref} WHERE {inner})"
        params = test.params * len(names)
        if any_language:
            return f"({plain} OR {named})", (*test.params, *params)
        # An id that points nowhere shows as itself.
        return f"({named} OR ({col} NOT IN (SELECT id FROM {ref}) AND {plain}))", (*params, *test.params)
    return plain, test.params


def flag_condition(col: str, op: str, text: str) -> str | None:
    """SQL for =是 / <>否 (yes/no/true/1...) on a flag column; None if text is not a flag word."""
    word = fold(text.strip())
    if word not in YES_WORDS | NO_WORDS or op not in ("=", "<>"):
        return None
    yes = f"({col} IS NOT NULL AND {col} <> 0)"  # the cell shows 是 for any value but 0 (and — for NULL)
    no = f"{col} = 0"
    wants_yes = (word in YES_WORDS) == (op == "=")
    return yes if wants_yes else no
