"""Citations: one sentence per figure with its period and source, in Chinese or English."""

from __future__ import annotations

from collections.abc import Mapping

from hybrowser.core.figures import FALLING_WORDS, format_figure
from hybrowser.core.labels import benchmark_text, bilingual, code_label

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _year_month(value: object) -> tuple[int, int] | None:
    """(year, month) of a stored 'YYYY-MM' (or 'YYYY-MM-DD'); None for anything else."""
    parts = str(value).split("-")
    if len(parts) < 2 or not (parts[0].isdigit() and parts[1].isdigit()) or not 1 <= int(parts[1]) <= 12:
        return None
    return int(parts[0]), int(parts[1])


def period_text(start: object, end: object, lang: str) -> str:
    """'2021年1–5月' / 'Jan–May 2021'; 'as of' when only the end is known. Periods are worded here only."""
    if not start and not end:
        return ""
    first = _year_month(start) if start else None
    last = _year_month(end) if end else None
    if (start and first is None) or (end and last is None):  # not a month: show what is stored
        return f"{start or '…'} – {end or '…'}" if start != end else str(start)
    if last is None:
        year, month = first  # type: ignore[misc]
        return f"{year}年{month}月起" if lang == "zh" else f"from {_MONTHS_EN[month - 1]} {year}"
    end_year, end_month = last
    if first is None:
        return (
            f"截至{end_year}年{end_month}月"
            if lang == "zh"
            else f"as of {_MONTHS_EN[end_month - 1]} {end_year}"
        )
    start_year, start_month = first
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


# Measures whose figure is a change with a direction: the sentence says which way it went
# and quotes the magnitude as written (同比下降3.5%, "down 3.5% year on year"), never a signed
# number after a verb of rising. Each: (Chinese rising, falling), (English rising, falling);
# {b} is the benchmark, {x} the magnitude.
_DIRECTED: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "growth_yoy": (("同比增长", "同比下降"), ("up {x} year on year", "down {x} year on year")),
    "growth_mom": (("环比增长", "环比下降"), ("up {x} month on month", "down {x} month on month")),
    "growth_two_year_avg": (
        ("两年平均增长", "两年平均下降"),
        ("up {x} a year, two-year average", "down {x} a year, two-year average"),
    ),
    "pp_change": (("比{b}提高", "比{b}回落"), ("up {x} from {b}", "down {x} from {b}")),
    "pp_gap": (("高于{b}", "低于{b}"), ("{x} above {b}", "{x} below {b}")),
    "contribution_pp": (("拉动", "下拉"), ("adds {x}", "takes off {x}")),
}
# What a change is measured against when the row does not say.
_DEFAULT_BENCHMARK = {"pp_change": ("上期", "the previous period")}
# A growth rate's name ends in 增速 / growth; the sentence says 增长 / up instead.
_GROWTH_MEASURES = ("growth_yoy", "growth_mom", "growth_two_year_avg")


def cite_indicator(row: Mapping[str, object], shown: str, bulletin: Mapping[str, object], lang: str) -> str:
    """'高新技术产业投资同比增长135.2%（2021年1–5月；衡阳日报，2021-06-29）'.

    In Chinese the figure is quoted as the bulletin wrote it (超过20%, 两位数); in
    English the shown value carries the qualifier (>20%, ≥10%). A change says its
    direction in words (同比下降3.5%, "down 3.5% year on year"); a proposed row, one no
    person has checked against its quote, is marked unreviewed.
    """
    tail = [period_text(row.get("period_start"), row.get("period_end"), lang), source_text(bulletin, lang)]
    if row.get("status") == "proposed":
        tail.append(code_label("proposed", lang).lower())
    sentence = _statement(row, shown, lang)
    if lang == "zh":
        return f"{sentence}（{'；'.join(p for p in tail if p)}）"
    return f"{sentence} ({'; '.join(p for p in tail if p)})"


def _statement(row: Mapping[str, object], shown: str, lang: str) -> str:
    """The figure as a sentence: '投资增速低于全省0.5个百分点' / '…: 0.5 percentage points below …'."""
    measure = str(row.get("measure") or "")
    name = bilingual(str(row.get("name_zh") or ""), str(row.get("name_en") or ""), lang)
    if measure in _GROWTH_MEASURES:
        name = name.removesuffix("增速") if lang == "zh" else name.removesuffix(" growth")
    value = row.get("value")
    falling = isinstance(value, int | float) and value < 0
    if measure not in _DIRECTED or (measure == "pp_gap" and not row.get("benchmark")):
        # No direction to say (a level, a count), or a gap to nothing named: the figure itself.
        figure = str(row.get("figure") or shown) if lang == "zh" and not falling else shown
        return f"{name}：{figure}" if lang == "zh" else f"{name}: {figure}"
    zh_verbs, en_phrases = _DIRECTED[measure]
    default = _DEFAULT_BENCHMARK.get(measure, ("", ""))[0 if lang == "zh" else 1]
    benchmark = str(row.get("benchmark") or default)
    magnitude = _magnitude(row, lang)
    if lang == "zh":
        return f"{name}{zh_verbs[falling].format(b=benchmark)}{magnitude}"
    phrase = en_phrases[falling].format(x=magnitude, b=benchmark_text(benchmark, lang))
    return f"{name}: {phrase}"


def _magnitude(row: Mapping[str, object], lang: str) -> str:
    """How much it changed, without its sign: the figure as written (Chinese), else as shown."""
    figure = str(row.get("figure") or "")
    if lang == "zh" and figure:
        # Stored as written ("3.5%"); a figure that already says 下降 needs no second verb.
        return _strip_verb(figure)
    value = row.get("value")
    number = abs(float(value)) if isinstance(value, int | float) else None
    return format_figure(
        number,
        str(row.get("qualifier") or "exact"),
        str(row.get("unit") or ""),
        lang,
        measure=str(row.get("measure") or ""),
        figure=figure or None,
    )


def _strip_verb(figure: str) -> str:
    for word in ("增长", "提高", *FALLING_WORDS):
        if figure.startswith(word):
            return figure[len(word) :]
    return figure


def cite_cell(name: str, label: str, shown: str, bulletin: Mapping[str, object], lang: str) -> str:
    """A figure from any other table: '二季度集中开工 总投资：408 亿元（衡阳日报，2021-06-29）'."""
    source = source_text(bulletin, lang)
    if not label:
        return f"{name}（{source}）" if lang == "zh" else f"{name} ({source})"
    if lang == "zh":
        return f"{name} {label}：{shown}（{source}）"
    return f"{name}, {label}: {shown} ({source})"
