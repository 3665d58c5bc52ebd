"""Citations: one sentence per figure with its period and source, in Chinese or English."""

from __future__ import annotations

from collections.abc import Mapping

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_text(start: object, end: object, lang: str) -> str:
    """'2021年1–5月' / 'Jan–May 2021'; 'as of' when only the end is known."""
    if not start and not end:
        return ""
    if not end:
        year, month = str(start).split("-")
        return f"{year}年{int(month)}月起" if lang == "zh" else f"from {_MONTHS_EN[int(month) - 1]} {year}"
    end_year, end_month = (int(x) for x in str(end).split("-"))
    if not start:
        return (
            f"截至{end_year}年{end_month}月"
            if lang == "zh"
            else f"as of {_MONTHS_EN[end_month - 1]} {end_year}"
        )
    start_year, start_month = (int(x) for x in str(start).split("-"))
    if lang == "zh":
        if start_year != end_year:
            return f"{start_year}年{start_month}月–{end_year}年{end_month}月"
        if start_month == end_month:
            return f"{end_year}年{end_month}月"
        return f"{end_year}年{start_month}–{end_month}月"
    if start_year != end_year:
        return f"{_MONTHS_EN[start_month - 1]} {start_year}–{_MONTHS_EN[end_month - 1]} {end_year}"
    if start_month == end_month:
        return f"{_MONTHS_EN[end_month - 1]} {end_year}"
    return f"{_MONTHS_EN[start_month - 1]}–{_MONTHS_EN[end_month - 1]} {end_year}"


def source_text(bulletin: Mapping[str, object], lang: str) -> str:
    """'衡阳日报，2021-06-29' / 'Hengyang Daily, 2021-06-29'; says so when the bulletin is missing."""
    if not bulletin:
        return "出处不明" if lang == "zh" else "source unknown"
    if lang == "en":
        name = bulletin.get("original_source_en") or bulletin.get("original_source") or ""
        return f"{name}, {bulletin.get('published', '')}"
    return f"{bulletin.get('original_source', '')}，{bulletin.get('published', '')}"


def cite_indicator(row: Mapping[str, object], shown: str, bulletin: Mapping[str, object], lang: str) -> str:
    """'高新技术产业投资同比增长135.2%（2021年1–5月；衡阳日报，2021-06-29）'.

    In Chinese the figure is quoted as the bulletin wrote it (超过20%, 两位数); in
    English the shown value carries the qualifier (>20%, ≥10%).
    """
    period = period_text(row.get("period_start"), row.get("period_end"), lang)
    source = source_text(bulletin, lang)
    if row.get("status") == "proposed":  # imported and not reviewed: the citation says so
        source += "；未审核" if lang == "zh" else "; unreviewed"
    growth = row.get("measure") == "growth_yoy"
    if lang == "zh":
        name = str(row.get("name_zh") or "")
        figure = str(row.get("figure") or shown)
        sentence = f"{name.removesuffix('增速')}同比增长{figure}" if growth else f"{name}：{figure}"
        tail = "；".join(p for p in (period, source) if p)
        return f"{sentence}（{tail}）"
    name = str(row.get("name_en") or "")
    sentence = f"{name.removesuffix(' growth')}: up {shown} year on year" if growth else f"{name}: {shown}"
    tail = "; ".join(p for p in (period, source) if p)
    return f"{sentence} ({tail})"


def cite_cell(name: str, label: str, shown: str, bulletin: Mapping[str, object], lang: str) -> str:
    """A figure from any other table: '二季度集中开工 总投资：408 亿元（衡阳日报，2021-06-29）'."""
    source = source_text(bulletin, lang)
    if not label:
        return f"{name}（{source}）" if lang == "zh" else f"{name} ({source})"
    if lang == "zh":
        return f"{name} {label}：{shown}（{source}）"
    return f"{name}, {label}: {shown} ({source})"
