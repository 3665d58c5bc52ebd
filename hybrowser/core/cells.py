"""How one stored value is shown in a cell: figures with unit and qualifier, codes as words, NULL as —."""

from __future__ import annotations

import math
from collections.abc import Mapping

from hybrowser.core.figures import (
    DOUBLE_DIGIT_LOWER,
    format_figure,
    format_number,
    plain_number,
    qualifier_sign,
    stored_number,
    unit_text,
    with_unit,
)
from hybrowser.core.labels import code_label
from hybrowser.core.tables import ColumnMeta

NULL_TEXT = "—"

#: A table cell shows at most this many characters: Qt lays out a cell's whole text at
#: every paint, and a 10 MB cell took seconds per repaint (the detail pane shows more).
CELL_CHARS = 1_000


def elide(text: str, limit: int = CELL_CHARS) -> str:
    """text cut to limit characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def label_key(column: str, lang: str) -> str:
    """Where a record carries the name of the row a reference column points to."""
    return f"{column}:{lang}"


def unit_of(column: ColumnMeta, row: Mapping[str, object]) -> str:
    """The column's unit; '@unit' means the row's own unit column (indicators hold many units)."""
    if column.unit.startswith("@"):
        return str(row.get(column.unit[1:]) or "")
    return column.unit


def display_text(column: ColumnMeta, row: Mapping[str, object], lang: str) -> str:
    """The text a user sees for row[column] (and copies with Ctrl+C)."""
    value = row.get(column.name)
    if column.role == "figure":
        return _figure_text(column, row, lang)
    if value is None:
        return NULL_TEXT
    if column.role == "code":
        return code_label(str(value), lang)
    if column.role == "ref" and label_key(column.name, lang) in row:
        return str(row[label_key(column.name, lang)])
    if column.role == "flag":
        return ("是" if lang == "zh" else "yes") if value else ("否" if lang == "zh" else "no")
    if column.is_numeric:
        number = stored_number(value, allow_infinite=True)
        if number is None:
            return str(value)
        return with_unit(format_number(number), unit_of(column, row))
    return str(value)


def _figure_text(column: ColumnMeta, row: Mapping[str, object], lang: str) -> str:
    """A figure cell: its number with qualifier and unit, shaped by the row's measure and benchmark."""
    value = row.get(column.name)
    number = stored_number(value, allow_infinite=True)
    if value is not None and number is None:
        return str(value)
    qualifier = row.get(column.qualifier_column) if column.qualifier_column else "exact"
    text = format_figure(
        number,
        str(qualifier or "exact"),
        unit_of(column, row),
        lang,
        measure=_text_or_none(row.get("measure")),
        benchmark=_text_or_none(row.get("benchmark")),
        figure=_text_or_none(row.get("figure")),
    )
    return text or NULL_TEXT


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def export_value(column: ColumnMeta, row: Mapping[str, object], lang: str) -> object:
    """A cell as File → Export writes it: a number as a number (its qualifier and unit are
    columns of their own), anything else as the window shows it in its language, NULL empty."""
    value = row.get(column.name)
    if value is None:
        return ""
    if may_hold_number(column) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return display_text(column, row, lang)


def export_header(column: ColumnMeta, lang: str) -> str:
    """A column's label with its unit in the language: 'Total investment (×10⁸ yuan)'."""
    unit = unit_text(column.unit, lang) if column.unit and not column.unit.startswith("@") else ""
    return f"{column.label(lang)} ({unit})" if unit else column.label(lang)


def raw_text(column: ColumnMeta, row: Mapping[str, object]) -> str:
    """The stored value as plain text: numbers without units, '.' decimals, NULL empty.

    A figure that is a bound or an approximation keeps its sign (>20, ≥10, ≈7): the bare
    number would claim the bulletin stated 20.
    """
    value = row.get(column.name)
    sign = ""
    if column.role == "figure" and column.qualifier_column:
        qualifier = row.get(column.qualifier_column)
        sign = qualifier_sign(str(qualifier) if qualifier else None)
        if qualifier == "double_digit" and value is None:
            value = DOUBLE_DIGIT_LOWER
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value):
        return sign + plain_number(value)
    return sign + str(value)


def may_hold_number(column: ColumnMeta) -> bool:
    """Whether a column's cells can be numbers: figures and numeric columns, not flags, codes or ids."""
    return column.role == "figure" or (column.is_numeric and column.role not in ("flag", "code", "ref", "id"))


def exact_number(column: ColumnMeta, row: Mapping[str, object]) -> float | None:
    """The cell's value when the cell states a number exactly; None for a bound or an
    approximation (≥10%, >20%, ≈7 亿元), NULL, text, codes and flags."""
    if not may_hold_number(column):
        return None
    if column.role == "figure":
        qualifier = row.get(column.qualifier_column) if column.qualifier_column else "exact"
        if (qualifier or "exact") != "exact":
            return None
    value = row.get(column.name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)
