"""The chart's words: its title and row count, the value axis's label, and a bar's tooltip."""

from __future__ import annotations

import html

from hybrowser.core.figures import format_number
from hybrowser.core.labels import code_label, tr
from hybrowser.core.tables import TableMeta
from hybrowser.db.chart_data import GROUP_SELECT_LIMIT, Bar, ChartData, ChartView, view_unit_text


def title_and_note(table: TableMeta, view: ChartView, data: ChartData, lang: str) -> tuple[str, str]:
    """The table and view ("指标 · 同比增速 (%)"), and how many rows or groups the bars show."""
    if view.kind == "groups":
        key = "top {n} of {total} groups, {rows} rows" if data.truncated else "{total} groups, {rows} rows"
        note = tr(key, lang, n=data.read, total=format_number(data.total), rows=format_number(data.rows))
    else:
        key = "first {n} of {total} rows" if data.truncated else "{total} rows"
        note = tr(key, lang, n=data.read, total=format_number(data.total))
    if data.skipped:
        note += tr("; {n} not drawable (no finite number)", lang, n=data.skipped)
    title = f"{table.title(lang)} · {view.label(table, lang)}"
    return title, note


def axis_label(view: ChartView | None, lang: str) -> str:
    """The value axis: the view's unit, or "rows" when bars count rows."""
    return view_unit_text(view.unit, lang) if view and view.kind == "rows" else tr("rows", lang)


def bar_tooltip(bar: Bar, view: ChartView | None, lang: str) -> str:
    """The tooltip of a bar: the exact figure as the table shows it, period, quote."""
    name = bar.label if len(bar.label) <= 200 else bar.label[:200] + "…"
    parts = [f"<b>{html.escape(name)}</b>"]
    if bar.group is not None or bar.others or view and view.kind == "groups":
        parts.append(f"{tr('rows', lang)}: {html.escape(bar.text)}")
        if not bar.others:
            parts.append(f"<i>{tr('Click to select these rows (up to {n})', lang, n=GROUP_SELECT_LIMIT)}</i>")
        return "<br>".join(parts)
    figure = html.escape(bar.text)
    if bar.category:
        figure += f" &nbsp;·&nbsp; {html.escape(code_label(bar.category, lang))}"
    parts.append(figure)
    if bar.qualifier != "exact":
        parts.append(html.escape(code_label(bar.qualifier, lang)))
    if bar.figure:
        parts.append(f"{tr('As written', lang)}: {html.escape(bar.figure)}")
    if bar.period:
        parts.append(f"{tr('Period', lang)}: {html.escape(bar.period)}")
    if bar.quote:
        quote = bar.quote if len(bar.quote) <= 400 else bar.quote[:400] + "…"
        parts.append(f"{tr('Quote', lang)}: “{html.escape(quote)}”")
    parts.append(f"<i>{tr('Click to select the row', lang)}</i>")
    return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"
