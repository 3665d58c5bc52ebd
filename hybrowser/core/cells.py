"""How one stored value is shown in a cell: figures with unit and qualifier, codes as words, NULL as —."""

from __future__ import annotations

from collections.abc import Mapping

from hybrowser.core.figures import format_figure, format_number
from hybrowser.core.labels import code_label
from hybrowser.db.schema import ColumnMeta

NULL_TEXT = "—"


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
        qualifier = row.get(column.qualifier_column) if column.qualifier_column else "exact"
        if value is None and qualifier != "double_digit":
            return NULL_TEXT
        number = None if value is None else _as_float(value)
        if value is not None and number is None:
            return str(value)
        measure = row.get("measure") if isinstance(row.get("measure"), str) else None
        benchmark = row.get("benchmark") if isinstance(row.get("benchmark"), str) else None
        unit = unit_of(column, row)
        shown = format_figure(number, str(qualifier or "exact"), unit, lang, measure, benchmark)
        return shown or NULL_TEXT
    if value is None:
        return NULL_TEXT
    if column.role == "code":
        return code_label(str(value), lang)
    if column.role == "ref" and label_key(column.name, lang) in row:
        return str(row[label_key(column.name, lang)])
    if column.role == "flag":
        return ("是" if lang == "zh" else "yes") if value else ("否" if lang == "zh" else "no")
    if column.is_numeric:
        number = _as_float(value)
        if number is None:
            return str(value)
        unit = unit_of(column, row)
        text = format_number(number)
        return f"{text} {unit}".rstrip() if unit not in ("°", "%") else f"{text}{unit}"
    return str(value)


def raw_text(column: ColumnMeta, row: Mapping[str, object]) -> str:
    """The stored value as plain text: numbers without units, '.' decimals, NULL empty."""
    value = row.get(column.name)
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e15 else str(int(value))
    return str(value)


def _as_float(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
