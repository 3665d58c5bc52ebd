"""What a copy of selected cells contains: shown text, raw values, CSV, citations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from hybrowser.core.cells import display_text, exact_number, may_hold_number, raw_text
from hybrowser.core.citation import cite_cell, cite_indicator
from hybrowser.core.export import html_rows, html_table, to_csv, to_tsv
from hybrowser.core.labels import record_name
from hybrowser.core.spreadsheet import number_cell
from hybrowser.core.tables import ColumnMeta

Record = Mapping[str, object]


@dataclass(frozen=True)
class CellBlock:
    """Selected cells: the columns (in view order) and, per row, its record and selected columns."""

    columns: Sequence[ColumnMeta]
    rows: Sequence[tuple[Record, frozenset[str]]]

    def used_columns(self) -> list[ColumnMeta]:
        """The columns selected in any row, in view order."""
        return [c for c in self.columns if any(c.name in selected for _, selected in self.rows)]


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


#: What a copy can put on the clipboard (see ClipboardText).
COPY_KINDS = ("shown", "raw", "csv", "citations")


class ClipboardText:
    """What a copy puts on the clipboard, made in one pass over the cells.

    kind "shown": TSV and HTML of the text shown (Ctrl+C, for Excel, WPS, Word, chat);
    "raw": TSV of the stored values; "csv": CSV with a header row; "citations": one
    sentence per figure with its period and source. Rows can be added a slice at a time,
    so a copy of 100,000 cells is made between repaints instead of freezing the window.
    """

    def __init__(
        self,
        columns: Sequence[ColumnMeta],
        used: Sequence[ColumnMeta],
        lang: str,
        header: bool = False,
        kind: str = "shown",
        bulletins: Mapping[str, Record] | None = None,
    ) -> None:
        if kind not in COPY_KINDS:
            raise ValueError(f"unknown kind of copy: {kind!r}")
        self._columns, self._used, self._lang, self.kind = columns, used, lang, kind
        self._bulletins = bulletins or {}
        self._text: list[str] = []
        self._html: list[str] = []
        self._header = ""
        self.cells = 0
        labels = [[c.label(lang) for c in used]]
        if kind == "csv":
            self._text.append(to_csv(labels))
        elif kind == "shown" and header:
            self._text.append(to_tsv(labels))
            self._header = html_rows(labels, "th")

    def add_rows(self, rows: Iterable[tuple[Record, frozenset[str]]]) -> None:
        rows = list(rows)
        self.cells += sum(len(selected) for _, selected in rows)
        if not rows:
            return
        if self.kind == "citations":
            self._text.append(citations(CellBlock(self._columns, rows), self._bulletins, self._lang) + "\n")
            return
        lang = self._lang
        text = raw_text if self.kind == "raw" else lambda c, record: display_text(c, record, lang)
        used = self._used
        grid = [[text(c, record) if c.name in selected else "" for c in used] for record, selected in rows]
        if self.kind == "csv":
            self._text.append(to_csv(grid))
        else:
            self._text.append(to_tsv(grid))
        if self.kind == "shown":
            # The HTML carries each exact figure as a number a spreadsheet can add up.
            numeric = [i for i, c in enumerate(used) if may_hold_number(c)]
            for (record, selected), texts in zip(rows, grid, strict=True):
                for i in numeric:
                    if used[i].name in selected:
                        texts[i] = number_cell(texts[i], exact_number(used[i], record))
            self._html.append(html_rows(grid))

    def text(self) -> str:
        joined = "".join(self._text)
        if self.kind == "citations":
            return joined[:-1]
        if self.cells == 1 and not self._header and self.kind != "csv":
            # One cell pasted into a chat or a text field must not bring a line break along.
            return joined.removesuffix("\r\n")
        return joined

    def html(self) -> str | None:
        """The HTML table of a copy of the text shown (None for the other kinds)."""
        return html_table(self._header + "".join(self._html)) if self.kind == "shown" else None


def clipboard_text(
    block: CellBlock,
    lang: str,
    header: bool = False,
    kind: str = "shown",
    bulletins: Mapping[str, Record] | None = None,
) -> ClipboardText:
    """The clipboard text of a whole block at once."""
    text = ClipboardText(block.columns, block.used_columns(), lang, header, kind, bulletins)
    text.add_rows(block.rows)
    return text


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
            sentences.append(cite_cell(record_name(record, lang), column.label(lang), shown, bulletin, lang))
        if not figures:
            sentences.append(cite_cell(record_name(record, lang), "", "", bulletin, lang))
    return "\n".join(sentences)
