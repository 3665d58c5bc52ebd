"""Series read with SQL (no Qt): points over time, the compare table, regions of one period, stated ranks.

A series is every figure with one `series_id` (region|subject|measure|unit). Its figures
are drawn one *view* at a time: cumulative (1–N月 and 全年, which also starts in January),
single months, quarters, years or stocks; two kinds of period never share a line. Where
several bulletins give one period (a revision), the latest published is shown and the
others are kept beside it. A period is *missing* from a series when a bulletin of its
region gave that period (in the same view) and this series has no figure for it: the line
then breaks there rather than drawing across.
"""

from __future__ import annotations

import calendar
import datetime
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hybrowser.core.citation import period_text
from hybrowser.core.figures import format_figure, is_bound, is_upper_bound
from hybrowser.core.labels import code_label

#: What the series chart and the compare table can show, and which kinds of period each takes.
VIEWS: dict[str, tuple[str, ...]] = {
    "cumulative": ("cumulative", "year"),
    "month": ("month",),
    "quarter": ("quarter",),
    "year": ("year",),
    "stock": ("stock",),
}

#: What each view says it shows (the chart's subtitle, the compare table's caption).
VIEW_TEXT = {
    "cumulative": ("累计数（当年1月至各期末）", "Cumulative (January to each period's end)"),
    "month": ("当月数（单月）", "Single months"),
    "quarter": ("单季数", "Single quarters"),
    "year": ("全年数", "Whole years"),
    "stock": ("期末数（时点）", "End of period (stocks)"),
}

#: SQLite's default limit on bound parameters is 999 in old builds.
_CHUNK = 900

_FIGURE_SQL = """
SELECT i.rowid, i.id, i.series_id, i.period_start, i.period_end, i.period_kind, i.value, i.qualifier,
       i.unit, i.measure, i.lower_bound, i.upper_bound, i.bulletin_id, i.note, i.status, i.benchmark,
       i.figure,
       b.published, b.title_zh, b.title_en
FROM indicators i LEFT JOIN bulletins b ON b.id = i.bulletin_id
WHERE i.series_id IN ({marks}) AND i.period_kind IN ({kinds})
"""


def view_text(view: str, lang: str) -> str:
    """What a view shows, in words: '累计数（当年1月至各期末）'."""
    zh, en = VIEW_TEXT[view]
    return zh if lang == "zh" else en


@dataclass
class SeriesPoint:
    """One figure of a series: the one shown for its period, with any it revised."""

    rowid: int
    id: str
    series_id: str
    period_start: str | None
    period_end: str
    value: float | None
    qualifier: str
    unit: str
    measure: str
    lower: float | None
    upper: float | None
    bulletin_id: str
    published: str
    bulletin_title: str
    note: str
    status: str
    benchmark: str
    #: the figure as shown (≥10%, >20%, 5.8%), qualifier included.
    shown: str
    #: what earlier bulletins gave for the same period (shown text), oldest first.
    earlier: list[str] = field(default_factory=list)

    @property
    def is_bound(self) -> bool:
        """A lower bound (超过20%, 两位数) or an upper one (不足5%): never a point on the line."""
        return is_bound(self.qualifier) or is_upper_bound(self.qualifier)

    @property
    def points_up(self) -> bool:
        """True where the figure lies above its bound, False below: from the bounds the build
        derived, since a fall of more than 10% (下降超过10%, stored −10) lies below −10."""
        return self.lower is not None

    @property
    def y(self) -> float | None:
        """Where the figure sits on the axis: its value, or the bound it states."""
        if self.value is not None:
            return self.value
        return self.lower if self.lower is not None else self.upper


@dataclass
class SeriesInfo:
    """A series' name (as its latest bulletin writes it), region, measure and unit."""

    id: str
    name: str
    region: str
    measure: str
    unit: str


@dataclass
class SeriesLine:
    """One series on the grid of period ends: a point per end, None where it has none."""

    info: SeriesInfo
    points: list[SeriesPoint | None]


@dataclass
class SeriesChart:
    """What the series chart draws: a view, the period ends on the x axis, a line per series."""

    view: str
    ends: list[str]
    lines: list[SeriesLine]
    #: every view the selected series have figures in, with how many figures.
    views: dict[str, int] = field(default_factory=dict)

    def period_labels(self, lang: str) -> list[str]:
        """The x axis' periods in words (2024年1–5月, Jan–May 2024)."""
        return [period_label(self.view, end, lang) for end in self.ends]


def period_label(view: str, end: str, lang: str) -> str:
    """The period a view's end stands for: 1–5月 in the cumulative view, 5月 in the month view."""
    year, month = (int(x) for x in end.split("-"))
    if view == "stock":
        return period_text(None, end, lang)
    if view == "quarter":
        return period_text(f"{year}-{month - 2:02d}", end, lang)
    if view == "month":
        return period_text(end, end, lang)
    return period_text(f"{year}-01", end, lang)


def end_date(end: str) -> datetime.date:
    """The last day of a period's last month (where the chart puts it)."""
    year, month = (int(x) for x in end.split("-"))
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def series_info(conn: sqlite3.Connection, ids: Sequence[str], lang: str) -> dict[str, SeriesInfo]:
    """Name, region, measure and unit of each series (from the series table)."""
    found: dict[str, SeriesInfo] = {}
    name = "name_en" if lang == "en" else "name_zh"
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id, {name}, name_zh, region, measure, unit FROM series WHERE id IN ({marks})"
        for sid, shown, zh, region, measure, unit in conn.execute(sql, list(chunk)):
            found[sid] = SeriesInfo(sid, str(shown or zh or ""), str(region or ""), str(measure), str(unit))
    return found


def series_ids_of_rowids(conn: sqlite3.Connection, rowids: Iterable[int]) -> list[str]:
    """The ids of series table rows (what the Series tab's selection is), in rowid order."""
    ids: list[str] = []
    rowids = sorted(set(rowids))
    for start in range(0, len(rowids), _CHUNK):
        chunk = rowids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        ids += [
            r[0]
            for r in conn.execute(f"SELECT id FROM series WHERE rowid IN ({marks}) ORDER BY rowid", chunk)
        ]
    return ids


def figures(
    conn: sqlite3.Connection, ids: Sequence[str], view: str, lang: str
) -> dict[str, dict[str, SeriesPoint]]:
    """series_id → period_end → the figure shown for it in this view (the latest published)."""
    kinds = VIEWS[view]
    by_series: dict[str, dict[str, list[SeriesPoint]]] = {}
    for chunk in _chunks(list(ids)):
        sql = _FIGURE_SQL.format(marks=",".join("?" * len(chunk)), kinds=",".join("?" * len(kinds)))
        for row in conn.execute(sql, [*chunk, *kinds]):
            point = _point(row, lang)
            if point is None:
                continue
            by_series.setdefault(point.series_id, {}).setdefault(point.period_end, []).append(point)
    chosen: dict[str, dict[str, SeriesPoint]] = {}
    for sid, periods in by_series.items():
        for end, points in periods.items():
            # Latest published first; the revision shown, what it revised kept beside it.
            points.sort(key=lambda p: (p.published, p.rowid))
            latest = points[-1]
            latest.earlier = [p.shown for p in points[:-1] if p.shown != latest.shown]
            chosen.setdefault(sid, {})[end] = latest
    return chosen


def _point(row: tuple, lang: str) -> SeriesPoint | None:
    (rowid, ident, sid, start, end, _kind, value, qualifier, unit, measure, lower, upper, bulletin_id, note,
     status, benchmark, figure, published, title_zh, title_en) = row  # fmt: skip
    if not end:
        return None
    qualifier = str(qualifier or "exact")
    # The figure as written keeps its decimals (5.0% stays 5.0%).
    shown = format_figure(value, qualifier, unit, lang, measure, benchmark or None, figure or None)
    title = (title_en or title_zh) if lang == "en" else (title_zh or title_en)
    return SeriesPoint(
        rowid, str(ident), str(sid), start, str(end), value, qualifier, str(unit or ""), str(measure or ""),
        lower, upper, str(bulletin_id or ""), str(published or ""), str(title or ""), str(note or ""),
        str(status or ""), str(benchmark or ""), shown,
    )  # fmt: skip


def view_counts(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, int]:
    """How many figures of these series each view has (which views are worth offering)."""
    per_kind: dict[str, int] = {}
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT period_kind, count(*) FROM indicators WHERE series_id IN ({marks}) GROUP BY period_kind"
        )
        for kind, count in conn.execute(sql, list(chunk)):
            per_kind[str(kind)] = per_kind.get(str(kind), 0) + count
    counts = {view: sum(per_kind.get(k, 0) for k in kinds) for view, kinds in VIEWS.items()}
    return {view: n for view, n in counts.items() if n}


def default_view(counts: dict[str, int]) -> str:
    """The view with most figures; cumulative when it ties (what bulletins mostly report)."""
    if not counts:
        return "cumulative"
    return max(VIEWS, key=lambda v: (counts.get(v, 0), v == "cumulative"))


def period_grid(
    conn: sqlite3.Connection, regions: Iterable[str], view: str, present: Iterable[str]
) -> list[str]:
    """The period ends on the x axis: those the regions' bulletins report in this view, and any present."""
    kinds = VIEWS[view]
    ends = set(present)
    regions = sorted(set(regions))
    if ends and regions:
        low, high = min(ends), max(ends)
        for chunk in _chunks(regions):
            sql = (
                f"SELECT DISTINCT period_end FROM indicators WHERE region IN ({','.join('?' * len(chunk))}) "
                f"AND period_kind IN ({','.join('?' * len(kinds))}) AND period_end BETWEEN ? AND ?"
            )
            ends.update(r[0] for r in conn.execute(sql, [*chunk, *kinds, low, high]) if r[0])
    return sorted(ends)


def series_chart(conn: sqlite3.Connection, ids: Sequence[str], view: str | None, lang: str) -> SeriesChart:
    """The lines of the selected series in one view (the one with most figures when view is None)."""
    counts = view_counts(conn, ids)
    if view is None or view not in VIEWS or (counts and not counts.get(view)):
        view = default_view(counts)  # a view the new selection has no figure in gives way
    info = series_info(conn, ids, lang)
    chosen = figures(conn, ids, view, lang)
    present = {end for periods in chosen.values() for end in periods}
    ends = period_grid(conn, (info[s].region for s in ids if s in info), view, present)
    lines = [
        SeriesLine(info[sid], [chosen.get(sid, {}).get(end) for end in ends]) for sid in ids if sid in info
    ]
    return SeriesChart(view, ends, lines, counts)


# ---- the compare table --------------------------------------------------------------------------


@dataclass
class CompareTable:
    """Rows = series (or subjects), columns = periods (or regions): the figures as shown."""

    header: list[str]
    rows: list[list[str]]
    #: the indicators rowid behind each figure cell (None for a label or an empty cell).
    rowids: list[list[int | None]]
    #: the columns before the first figure column (name, region, ...).
    label_columns: int
    caption: str = ""

    def grid(self, header: bool = True) -> list[list[str]]:
        """Header row and rows, for the clipboard and export."""
        return ([self.header] if header else []) + self.rows


_LABELS = {
    "name": ("指标", "Indicator"),
    "region": ("地区", "Region"),
    "measure": ("度量", "Measure"),
    "unit": ("单位", "Unit"),
}


def _label(key: str, lang: str) -> str:
    zh, en = _LABELS[key]
    return zh if lang == "zh" else en


def compare_by_period(chart: SeriesChart, lang: str) -> CompareTable:
    """One row per series, one column per period of the chart's view; empty where a period is missing."""
    header = [_label("name", lang), _label("region", lang), _label("measure", lang)]
    header += chart.period_labels(lang)
    rows, rowids = [], []
    for line in chart.lines:
        rows.append(
            [line.info.name, line.info.region, code_label(line.info.measure, lang)]
            + [p.shown if p is not None else "" for p in line.points]
        )
        rowids.append([None, None, None] + [p.rowid if p is not None else None for p in line.points])
    return CompareTable(header, rows, rowids, 3, view_text(chart.view, lang))


def subject_key(series_id: str) -> str:
    """A series without its region (subject|measure|unit): what regions are compared on."""
    return series_id.split("|", 1)[1] if "|" in series_id else series_id


def compare_by_region(chart: SeriesChart, end: str, lang: str) -> CompareTable:
    """One row per subject, one column per region, for the period of the chart's view ending at `end`."""
    regions = sorted({line.info.region for line in chart.lines})
    subjects: dict[str, dict[str, SeriesPoint | None]] = {}
    names: dict[str, SeriesInfo] = {}
    index = chart.ends.index(end) if end in chart.ends else -1
    for line in chart.lines:
        key = subject_key(line.info.id)
        names.setdefault(key, line.info)
        point = line.points[index] if index >= 0 else None
        subjects.setdefault(key, {})[line.info.region] = point
    header = [_label("name", lang), _label("measure", lang), *regions]
    rows, rowids = [], []
    for key, by_region in subjects.items():
        info = names[key]
        cells = [by_region.get(r) for r in regions]
        # The subject as curated (the regions' bulletins may each spell it their own way).
        subject = key.split("|")[0]
        rows.append([subject, code_label(info.measure, lang)] + [p.shown if p else "" for p in cells])
        rowids.append([None, None] + [p.rowid if p else None for p in cells])
    caption = f"{view_text(chart.view, lang)} · {period_label(chart.view, end, lang)}" if end else ""
    return CompareTable(header, rows, rowids, 2, caption)


# ---- regions of one period, ranked ------------------------------------------------------------------


@dataclass
class RegionBar:
    """One region's figure for a period, and the rank its bulletin states (全市第2), if any."""

    region: str
    point: SeriesPoint
    stated_rank: str = ""


def rank_series_id(series_id: str) -> str:
    """The series of the ranks a bulletin gives for a figure: 青溪县|规模以上工业增加值|rank|位."""
    region, subject = series_id.split("|")[:2]
    return f"{region}|{subject}|rank|位"


def stated_ranks(
    conn: sqlite3.Connection, ids: Sequence[str], view: str, end: str, lang: str
) -> dict[str, SeriesPoint]:
    """series_id → the rank its region's bulletin states for it in the period ending at `end`."""
    rank_ids = {rank_series_id(s): s for s in ids if s.count("|") == 3 and s.split("|")[2] != "rank"}
    found = figures(conn, list(rank_ids), view, lang)
    return {rank_ids[rid]: periods[end] for rid, periods in found.items() if end in periods}


def region_bars(conn: sqlite3.Connection, chart: SeriesChart, end: str, lang: str) -> list[RegionBar]:
    """The regions' figures for one period, highest first (a bound at its bound), with stated ranks."""
    if end not in chart.ends:
        return []
    index = chart.ends.index(end)
    bars = [
        RegionBar(line.info.region, point)
        for line in chart.lines
        if (point := line.points[index]) is not None and point.y is not None
    ]
    ranks = stated_ranks(conn, [b.point.series_id for b in bars], chart.view, end, lang)
    for bar in bars:
        rank = ranks.get(bar.point.series_id)
        bar.stated_rank = rank.shown if rank is not None else ""
    bars.sort(key=lambda b: -(b.point.y or 0.0))
    return bars


def best_region_end(chart: SeriesChart) -> str:
    """The period to compare regions on: the one most of the series have, the latest of those."""
    if not chart.ends:
        return ""
    counts = [sum(1 for line in chart.lines if line.points[i] is not None) for i in range(len(chart.ends))]
    return chart.ends[max(range(len(chart.ends)), key=lambda i: (counts[i], i))]


def point_text(point: SeriesPoint, view: str, lang: str) -> str:
    """What hovering a figure shows: the figure and its period, its bulletin, what it revised."""
    zh = lang == "zh"
    lines = [f"{point.shown}  {period_label(view, point.period_end, lang)}"]
    lines.append(f"{point.bulletin_title}{'，' if zh else ', '}{point.published}".strip("，, "))
    if point.earlier:
        before = "、".join(point.earlier) if zh else ", ".join(point.earlier)
        lines.append(f"修订前：{before}" if zh else f"before revision: {before}")
    if point.note:
        lines.append(f"说明：{point.note}" if zh else f"Note: {point.note}")
    if point.status == "proposed":
        lines.append("未审核" if zh else "not reviewed")
    return "\n".join(lines)


# ---- districts of the map -----------------------------------------------------------------------


@dataclass
class DistrictFill:
    """One subject's figures for one period, by district of the map, and the regions it cannot place."""

    #: subject|measure|unit of the series drawn.
    subject: str
    view: str
    end: str
    #: district id → the figure for the period.
    placed: dict[str, SeriesPoint]
    #: selected regions that are no district of the map (a city, another county).
    unplaced: list[str]
    #: districts whose series has no figure for the period.
    missing: list[str]


def district_fill(chart: SeriesChart, end: str, districts: dict[str, str]) -> DistrictFill | None:
    """The first selected subject's figures for the period ending at `end`, by district.

    `districts` maps a district's name (衡南县) to its id on the map. None when no selected
    series of that subject belongs to a district.
    """
    if not chart.lines or end not in chart.ends:
        return None
    subject = subject_key(chart.lines[0].info.id)
    index = chart.ends.index(end)
    placed: dict[str, SeriesPoint] = {}
    unplaced, missing = [], []
    for line in chart.lines:
        if subject_key(line.info.id) != subject:
            continue
        district = districts.get(line.info.region)
        point = line.points[index]
        if district is None:
            unplaced.append(line.info.region)
        elif point is None or point.y is None:
            missing.append(line.info.region)
        else:
            placed[district] = point
    if not placed and not missing:
        return None
    return DistrictFill(subject, chart.view, end, placed, unplaced, missing)
