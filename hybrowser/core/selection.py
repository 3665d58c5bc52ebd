"""What a copy of selected cells contains: shown text, raw values, CSV, citations, statistics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from hybrowser.core.cells import display_text, raw_text
from hybrowser.core.citation import cite_cell, cite_indicator
from hybrowser.core.export import html_rows, html_table, to_csv, to_tsv
from hybrowser.db.schema import ColumnMeta

Record = Mapping[str, object]


@dataclass(frozen=True)
class CellBlock:
    """Selected cells: the columns (in view order) and, per row, its record and selected columns."""

    columns: Sequence[ColumnMeta]
    rows: Sequence[tuple[Record, frozenset[str]]]

    def used_columns(self) -> list[ColumnMeta]:
        """The columns selected in any row, in view order."""
        return [c for c in self.columns if any(c.name in selected for _, selected in self.rows)]

    def grid(self, lang: str, raw: bool = False, header: bool = False) -> list[list[str]]:
        """Rectangular text: columns selected in any row; cells not selected are empty."""
        used = self.used_columns()
        lines = [[c.label(lang) for c in used]] if header else []
        text = raw_text if raw else lambda c, record: display_text(c, record, lang)
        lines.extend(
            [text(c, record) if c.name in selected else "" for c in used] for record, selected in self.rows
        )
        return lines


class SelectedCells:
    """Selected cells as the view's rectangles (top, bottom, left, right), rows inclusive.

    A selection of 10,000 rows is one rectangle: rows and their columns are answered from
    it, without building a set for every row (that alone took ~0.1 s).
    """

    def __init__(self, rectangles: Sequence[tuple[int, int, int, int]]) -> None:
        self.rectangles = [r for r in rectangles if r[0] <= r[1] and r[2] <= r[3]]
        self._columns: dict[tuple[int, ...], frozenset[int]] = {}

    def rows(self) -> Sequence[int]:
        """Selected rows in order."""
        if len(self.rectangles) == 1:
            top, bottom, _, _ = self.rectangles[0]
            return range(top, bottom + 1)
        return sorted({row for top, bottom, _, _ in self.rectangles for row in range(top, bottom + 1)})

    def columns(self, row: int) -> frozenset[int]:
        """The selected columns of a row."""
        hits = tuple(i for i, (top, bottom, _, _) in enumerate(self.rectangles) if top <= row <= bottom)
        found = self._columns.get(hits)
        if found is None:
            found = self._columns[hits] = frozenset(
                c for i in hits for c in range(self.rectangles[i][2], self.rectangles[i][3] + 1)
            )
        return found

    def all_columns(self) -> list[int]:
        return sorted({c for _, _, left, right in self.rectangles for c in range(left, right + 1)})

    def count(self) -> int:
        if len(self.rectangles) == 1:
            top, bottom, left, right = self.rectangles[0]
            return (bottom - top + 1) * (right - left + 1)
        return sum(len(self.columns(row)) for row in self.rows())


class ClipboardText:
    """What Ctrl+C puts on the clipboard, TSV and HTML from one pass over the cells.

    Rows can be added a slice at a time, so a copy of 100,000 cells is made between
    repaints instead of freezing the window for a second.
    """

    def __init__(self, used: Sequence[ColumnMeta], lang: str, header: bool = False) -> None:
        self._used = used
        self._lang = lang
        self._tsv: list[str] = []
        self._html: list[str] = []
        self._header = ""
        self.cells = 0
        if header:
            labels = [[c.label(lang) for c in used]]
            self._tsv.append(to_tsv(labels))
            self._header = html_rows(labels, "th")

    def add_rows(self, rows: Iterable[tuple[Record, frozenset[str]]]) -> None:
        used, lang = self._used, self._lang
        grid = []
        for record, selected in rows:
            grid.append([display_text(c, record, lang) if c.name in selected else "" for c in used])
            self.cells += len(selected)
        self._tsv.append(to_tsv(grid))
        self._html.append(html_rows(grid))

    def tsv(self) -> str:
        return "".join(self._tsv)

    def html(self) -> str:
        return html_table(self._header + "".join(self._html))


def clipboard_text(block: CellBlock, lang: str, header: bool = False) -> ClipboardText:
    """The clipboard text of a whole block at once."""
    text = ClipboardText(block.used_columns(), lang, header)
    text.add_rows(block.rows)
    return text


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
