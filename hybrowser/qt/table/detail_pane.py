"""The detail pane: every field of the current row, its source quote with the figure marked, the bulletin."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from hybrowser.core.cells import display_text
from hybrowser.core.figures import format_number
from hybrowser.core.labels import record_name, tr
from hybrowser.core.tables import TableMeta

MARK_STYLE = "background-color:#ffe08a;color:#000;"
PROPOSED_STYLE = "background-color:#fff4d6;color:#8a5300;font-style:italic;font-weight:bold;"

#: Characters of each field shown at first; "more" shows MORE_FACTOR times as many, up to
#: DETAIL_MAX (about half a second of layout). Copying the cell gives the whole value.
DETAIL_CHARS = 20_000
MORE_FACTOR = 5
DETAIL_MAX = 1_000_000
MORE_LINK = "hybrowser:more"

#: Qt's rich text wraps a long run without a break opportunity in quadratic time (100,000
#: characters: 2 s); a zero-width space every so many characters makes it linear.
_LONG_RUN = re.compile(r"\S{80}")
_LONG_FIELD = 2_000


def _breakable(text: str) -> str:
    return _LONG_RUN.sub(lambda m: m.group() + "\u200b", text) if len(text) > _LONG_FIELD else text


def bounded(text: str, limit: int) -> tuple[str, int]:
    """text cut to limit characters for the pane, and how many characters were left out."""
    return (text, 0) if len(text) <= limit else (text[:limit], len(text) - limit)


def highlight(quote: str, figure: str) -> str:
    """The quote as HTML with each occurrence of figure marked."""
    if not figure or figure not in quote:
        return html.escape(_breakable(quote))
    parts = [html.escape(_breakable(p)) for p in quote.split(figure)]
    return f'<span style="{MARK_STYLE}">{html.escape(figure)}</span>'.join(parts)


def _figure_in_quote(record: Mapping[str, object]) -> str:
    """What to mark in the quote: the figure as written, else the row's Chinese name."""
    for key in ("figure", "name_zh"):
        value = record.get(key)
        if value and str(value) in str(record.get("quote") or ""):
            return str(value)
    return ""


def _more(left_out: int, lang: str) -> str:
    text = tr("{n} more characters", lang, n=format_number(left_out))
    return f" <a href='{MORE_LINK}'>… {html.escape(text)}</a>"


def record_html(
    table: TableMeta,
    record: Mapping[str, object],
    bulletin: Mapping[str, object] | None,
    lang: str,
    limit: int = DETAIL_CHARS,
) -> str:
    """The pane's HTML for one row; each field is cut at limit characters."""
    rows = []
    for column in table.columns:
        if column.role == "quote" or (column.lang and column.lang != lang) or column.name == "source_text":
            continue
        shown, left_out = bounded(display_text(column, record, lang), limit)
        rows.append(
            f"<tr><td style='color:gray;padding-right:8px'>{html.escape(column.label(lang))}</td>"
            f"<td>{html.escape(_breakable(shown))}{_more(left_out, lang) if left_out else ''}</td></tr>"
        )
    name, _ = bounded(record_name(record, lang), limit)
    parts = [f"<h3>{html.escape(_breakable(name))}</h3>"]
    if record.get("status") == "proposed":
        parts.append(
            f"<p style='{PROPOSED_STYLE}'>{tr('Unreviewed: imported, not yet checked by a person', lang)}</p>"
        )
    quote, left_out = bounded(str(record.get("quote") or ""), limit)
    if quote:
        marked = highlight(quote, _figure_in_quote(record))
        more = _more(left_out, lang) if left_out else ""
        parts.append(f"<p><b>{tr('Source', lang)}</b><br>“{marked}”{more}</p>")
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
    """Read-only rich text for the current row; long fields grow on request ("more")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self.setMinimumWidth(220)
        self.anchorClicked.connect(self._link)
        self._shown: tuple | None = None
        self.limit = DETAIL_CHARS

    def show_placeholder(self, lang: str) -> None:
        self._shown = None
        self.setHtml(
            f"<p style='color:gray'>{tr('Select a row to see every field and its source.', lang)}</p>"
        )

    def show_record(
        self, table: TableMeta, record: Mapping[str, object], bulletin: Mapping[str, object] | None, lang: str
    ) -> None:
        self._shown = (table, record, bulletin, lang)
        self.limit = DETAIL_CHARS
        self.setHtml(record_html(table, record, bulletin, lang, self.limit))

    def show_more(self) -> None:
        """Show more of the long fields (up to DETAIL_MAX characters each)."""
        if self._shown is not None and self.limit < DETAIL_MAX:
            self.limit = min(self.limit * MORE_FACTOR, DETAIL_MAX)
            self.setHtml(record_html(*self._shown, self.limit))

    def _link(self, url: QUrl) -> None:
        if url.toString() == MORE_LINK:
            self.show_more()
