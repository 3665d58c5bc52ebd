"""The detail pane: every field of the current row, its source quote with the figure marked, the bulletin."""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtWidgets import QTextBrowser, QWidget

from hybrowser.core.cells import display_text
from hybrowser.core.labels import tr
from hybrowser.db.schema import TableMeta

MARK_STYLE = "background-color:#ffe08a;color:#000;"
PROPOSED_STYLE = "background-color:#fff4d6;color:#8a5300;font-style:italic;font-weight:bold;"


def highlight(quote: str, figure: str) -> str:
    """The quote as HTML with each occurrence of figure marked."""
    if not figure or figure not in quote:
        return html.escape(quote)
    parts = [html.escape(p) for p in quote.split(figure)]
    return f'<span style="{MARK_STYLE}">{html.escape(figure)}</span>'.join(parts)


def _figure_in_quote(record: Mapping[str, object]) -> str:
    """What to mark in the quote: the figure as written, else the row's Chinese name."""
    for key in ("figure", "name_zh"):
        value = record.get(key)
        if value and str(value) in str(record.get("quote") or ""):
            return str(value)
    return ""


def record_html(
    table: TableMeta, record: Mapping[str, object], bulletin: Mapping[str, object] | None, lang: str
) -> str:
    """The pane's HTML for one row."""
    rows = []
    for column in table.columns:
        if column.role == "quote" or (column.lang and column.lang != lang) or column.name == "source_text":
            continue
        shown = display_text(column, record, lang)
        rows.append(
            f"<tr><td style='color:gray;padding-right:8px'>{html.escape(column.label(lang))}</td>"
            f"<td>{html.escape(shown)}</td></tr>"
        )
    parts = [f"<h3>{html.escape(str(record.get(f'name_{lang}') or record.get('name_zh') or ''))}</h3>"]
    if record.get("status") == "proposed":
        parts.append(
            f"<p style='{PROPOSED_STYLE}'>{tr('Unreviewed: imported, not yet checked by a person', lang)}</p>"
        )
    quote = str(record.get("quote") or "")
    if quote:
        parts.append(f"<p><b>{tr('Source', lang)}</b><br>“{highlight(quote, _figure_in_quote(record))}”</p>")
    if record.get("period_inferred"):
        parts.append(f"<p style='color:gray'>{tr('Period inferred from context', lang)}</p>")
    if bulletin:
        title = bulletin.get("title_en" if lang == "en" else "title_zh") or ""
        source = bulletin.get("original_source_en" if lang == "en" else "original_source") or ""
        published = html.escape(str(bulletin.get("published")))
        parts.append(
            f"<p><b>{tr('Bulletin', lang)}</b><br>{html.escape(str(title))}<br>"
            f"{html.escape(str(source))} · {tr('Published', lang)} {published}</p>"
        )
    parts.append("<table>" + "".join(rows) + "</table>")
    return "".join(parts)


class DetailPane(QTextBrowser):
    """Read-only rich text for the current row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setMinimumWidth(220)

    def show_placeholder(self, lang: str) -> None:
        self.setHtml(
            f"<p style='color:gray'>{tr('Select a row to see every field and its source.', lang)}</p>"
        )

    def show_record(
        self, table: TableMeta, record: Mapping[str, object], bulletin: Mapping[str, object] | None, lang: str
    ) -> None:
        self.setHtml(record_html(table, record, bulletin, lang))
