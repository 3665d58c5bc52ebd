"""What the status line says of selected figures: totals per unit, of exact figures only.

Percentages, 亿元, 个 and 套 do not add up, and ">20" is not 20: the selected cells are
added up unit by unit, bounds and approximations are counted as left out, and each
figure is written as the table writes it (hybrowser.core.figures).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from hybrowser.core.cells import exact_number, may_hold_number, unit_of
from hybrowser.core.figures import format_figure, format_number
from hybrowser.core.labels import code_label, tr
from hybrowser.core.tables import ColumnMeta

#: Units whose figures are rates or positions: their sum means nothing, their average does.
NOT_ADDED = ("%", "位")


@dataclass
class UnitTotal:
    """count, sum, min and max of the exact figures of one unit."""

    count: int = 0
    total: float = 0.0
    minimum: float = float("inf")
    maximum: float = float("-inf")

    def add(self, value: float) -> None:
        self.count += 1
        self.total += value
        self.minimum = min(self.minimum, value)
        self.maximum = max(self.maximum, value)

    def merge(self, count: int, total: float, minimum: float, maximum: float) -> None:
        if count:
            self.count += count
            self.total += total
            self.minimum = min(self.minimum, minimum)
            self.maximum = max(self.maximum, maximum)

    @property
    def mean(self) -> float:
        return self.total / self.count


@dataclass
class Totals:
    """Selected figures: a UnitTotal per unit ('' for plain numbers), and the figures left out."""

    units: dict[str, UnitTotal] = field(default_factory=dict)
    #: Bounds and approximations (≥10%, >20%, ≈7 亿元): no value to add.
    left_out: int = 0

    def unit(self, unit: str) -> UnitTotal:
        return self.units.setdefault(unit, UnitTotal())

    def __bool__(self) -> bool:
        return bool(self.units) or self.left_out > 0


def totals_of(rows: Iterable[tuple[dict, frozenset[str]]], columns: Iterable[ColumnMeta]) -> Totals:
    """The totals of the selected cells of loaded rows: (record, selected column names) pairs."""
    numeric = [c for c in columns if may_hold_number(c)]
    totals = Totals()
    for record, selected in rows:
        for column in numeric:
            if column.name not in selected:
                continue
            value = exact_number(column, record)
            if value is not None:
                totals.unit(unit_of(column, record)).add(value)
            elif column.role == "figure" and _stated(column, record):
                totals.left_out += 1
    return totals


def _stated(column: ColumnMeta, record: dict) -> bool:
    """A figure the bulletin states (a bound or an approximation), as opposed to an empty cell."""
    qualifier = record.get(column.qualifier_column) if column.qualifier_column else None
    return record.get(column.name) is not None or qualifier == "double_digit"


def describe(totals: Totals, lang: str) -> str:
    """'亿元: 计数 2 合计 1,349 亿元 …; %: …; 3 个约数或界限未计入' — '' for nothing."""
    parts = []
    for unit, total in sorted(totals.units.items(), key=lambda item: -item[1].count):

        def shown(value: float, unit: str = unit) -> str:
            return format_figure(value, "exact", unit, lang)

        words = [f"{tr('count', lang)} {format_number(total.count)}"]
        if unit not in NOT_ADDED:
            words.append(f"{tr('sum', lang)} {shown(_rounded(total.total, 12))}")
        words.append(f"{tr('avg', lang)} {shown(_rounded(total.mean, 6))}")
        words.append(f"{tr('min', lang)} {shown(total.minimum)}")
        words.append(f"{tr('max', lang)} {shown(total.maximum)}")
        name = code_label(unit, lang) if unit else tr("numbers", lang)
        parts.append(f"{name}: " + "  ".join(words))
    if totals.left_out:
        parts.append(tr("{n} bounds or approximate figures left out", lang, n=format_number(totals.left_out)))
    return "; ".join(parts)


def _rounded(value: float, digits: int) -> float:
    # A sum of 135.2 and 7.26 is 142.45999999999998 in binary; an average has no stated
    # precision at all. Significant digits keep both readable.
    return float(f"{value:.{digits}g}")
