"""What a copy of selected cells contains: shown text, raw values, CSV, citations, statistics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hybrowser.core.cells import display_text, raw_text
from hybrowser.core.citation import cite_cell, cite_indicator
from hybrowser.core.export import to_csv, to_html, to_tsv
from hybrowser.db.schema import ColumnMeta

Record = Mapping[str, object]


@dataclass(frozen=True)
class CellBlock:
    """Selected cells: the columns (in view order) and, per row, its record and selected columns."""

    columns: Sequence[ColumnMeta]
    rows: Sequence[tuple[Record, frozenset[str]]]

    def grid(self, lang: str, raw: bool = False, header: bool = False) -> list[list[str]]:
        """Rectangular text: columns selected in any row; cells not selected are empty."""
        used = [c for c in self.columns if any(c.name in selected for _, selected in self.rows)]
        lines = [[c.label(lang) for c in used]] if header else []
        for record, selected in self.rows:
            lines.append(
                [
                    (raw_text(c, record) if raw else display_text(c, record, lang))
                    if c.name in selected
                    else ""
                    for c in used
                ]
            )
        return lines


def as_tsv(block: CellBlock, lang: str, header: bool = False) -> str:
    return to_tsv(block.grid(lang, header=header))


def as_html(block: CellBlock, lang: str, header: bool = False) -> str:
    return to_html(block.grid(lang, header=header), header_rows=1 if header else 0)


def as_raw_tsv(block: CellBlock, lang: str) -> str:
    return to_tsv(block.grid(lang, raw=True))


def as_csv(block: CellBlock, lang: str) -> str:
    return to_csv(block.grid(lang, header=True))


def _name(record: Record, lang: str) -> str:
    for key in (f"name_{lang}", "name_zh", f"title_{lang}", "id"):
        if record.get(key):
            return str(record[key])
    return ""


def citations(block: CellBlock, bulletins: Mapping[str, Record], lang: str) -> str:
    """One sentence per figure with its period and source; a row without figures cites its name."""
    sentences = []
    value_column = next((c for c in block.columns if c.role == "figure"), None)
    for record, selected in block.rows:
        bulletin = bulletins.get(str(record.get("bulletin_id")), {})
        if "measure" in record and "figure" in record and value_column is not None:
            # An indicator: the row is one figure, whichever of its cells is selected.
            sentences.append(cite_indicator(record, display_text(value_column, record, lang), bulletin, lang))
            continue
        figures = [
            c
            for c in block.columns
            if c.name in selected and c.role == "figure" and record.get(c.name) is not None
        ]
        for column in figures:
            shown = display_text(column, record, lang)
            sentences.append(cite_cell(_name(record, lang), column.label(lang), shown, bulletin, lang))
        if not figures:
            sentences.append(cite_cell(_name(record, lang), "", "", bulletin, lang))
    return "\n".join(sentences)


@dataclass(frozen=True)
class Stats:
    count: int
    total: float
    minimum: float
    maximum: float

    @property
    def mean(self) -> float:
        return self.total / self.count


def numeric_stats(block: CellBlock) -> Stats | None:
    """sum/avg/min/max of the selected numeric cells (NULL and non-finite values left out)."""
    values: list[float] = []
    for record, selected in block.rows:
        for column in block.columns:
            if column.name in selected and column.is_numeric:
                value = record.get(column.name)
                if isinstance(value, (int, float)) and value == value and abs(value) != float("inf"):
                    values.append(float(value))
    if not values:
        return None
    return Stats(len(values), sum(values), min(values), max(values))
