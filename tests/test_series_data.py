"""Series from imported bulletins: keys, points by period, gaps, revisions, compare tables, stated ranks."""

from __future__ import annotations

import sqlite3

import pytest
import series_library
from series_library import CITY, CITY_INDUSTRY, HIGH_TECH, INDUSTRY, RETAIL

from hybrowser.core.figures import format_figure
from hybrowser.db import series_data
from hybrowser.db.series_data import (
    best_region_end,
    compare_by_period,
    compare_by_region,
    region_bars,
    series_chart,
    series_ids_of_rowids,
)

series_db, series_conn = series_library.series_db, series_library.series_conn
COUNTIES = [f"青溪县|{INDUSTRY}", f"白沙县|{INDUSTRY}"]


def _periods(conn: sqlite3.Connection, series_id: str) -> list[tuple]:
    sql = (
        "SELECT period_kind, period_start, period_end, value, bulletin_id FROM indicators "
        "WHERE series_id = ? ORDER BY period_end, period_kind, bulletin_id"
    )
    return conn.execute(sql, (series_id,)).fetchall()


def test_three_spellings_of_one_subject_make_one_series(series_conn: sqlite3.Connection) -> None:
    # 规模以上工业增加值 (1—3月), 规上工业增加值 (1—4月), 规模工业增加值 (1—5月).
    names = {
        r[0]
        for r in series_conn.execute("SELECT name_zh FROM indicators WHERE series_id = ?", (CITY_INDUSTRY,))
    }
    assert names == {"规模以上工业增加值增速", "规上工业增加值增速", "规模工业增加值增速"}
    bulletins = {p[4] for p in _periods(series_conn, CITY_INDUSTRY)}
    assert bulletins == {
        "yunling-2024-03",
        "yunling-2024-04",
        "yunling-2024-04-revised",
        "yunling-2024-05",
        "yunling-2024-05-month",
    }


def test_regions_measures_and_kinds_of_period_are_kept_apart(series_conn: sqlite3.Connection) -> None:
    kinds = {(p[0], p[1], p[2]) for p in _periods(series_conn, CITY_INDUSTRY)}
    assert ("cumulative", "2024-01", "2024-05") in kinds and ("month", "2024-05", "2024-05") in kinds
    # The counties' figures, the rank and the change in points are series of their own.
    for other in (
        *COUNTIES,
        f"{CITY}|规模以上工业增加值|rank|位",
        f"{CITY}|规模以上工业增加值|pp_change|个百分点",
    ):
        assert _periods(series_conn, other), other
    # 社零总额 met 社会消费品零售总额; the amount and its growth rate stay two series.
    assert len(_periods(series_conn, RETAIL)) == 4
    assert len(_periods(series_conn, f"{CITY}|社会消费品零售总额|amount|亿元")) == 4


def test_the_series_table_shows_the_latest_name_and_figure(series_conn: sqlite3.Connection) -> None:
    row = series_conn.execute(
        "SELECT name_zh, latest_value, latest_period_end, periods FROM series WHERE id = ?", (CITY_INDUSTRY,)
    ).fetchone()
    # 1—5月 and 5月份 end together; the 1—5月 bulletin was published later.
    assert row == ("规模工业增加值增速", 5.4, "2024-05", 5)


def test_cumulative_and_single_month_figures_are_never_on_one_line(series_conn: sqlite3.Connection) -> None:
    cumulative = series_chart(series_conn, [CITY_INDUSTRY], "cumulative", "zh")
    month = series_chart(series_conn, [CITY_INDUSTRY], "month", "zh")
    assert cumulative.ends == ["2024-03", "2024-04", "2024-05"]
    assert [p.value for p in cumulative.lines[0].points] == [6.1, 5.9, 5.4]
    assert month.ends == ["2024-04", "2024-05"]
    assert [p.value for p in month.lines[0].points] == [5.0, 4.6]
    assert month.lines[0].points[0].shown == "5.0%"  # as written (增长5.0%), not 5%
    assert {p.period_start for p in cumulative.lines[0].points} == {"2024-01"}
    assert series_data.view_text("month", "zh") == "当月数（单月）"


def test_the_default_view_is_the_one_with_most_figures(series_conn: sqlite3.Connection) -> None:
    chart = series_chart(series_conn, [CITY_INDUSTRY], None, "zh")
    assert chart.view == "cumulative"
    assert chart.views == {"cumulative": 4, "month": 2}


def test_a_revision_is_shown_with_what_it_revised(series_conn: sqlite3.Connection) -> None:
    chart = series_chart(series_conn, [CITY_INDUSTRY], "cumulative", "zh")
    april = chart.lines[0].points[1]
    assert april.bulletin_id == "yunling-2024-04-revised"
    assert (april.shown, april.earlier, april.note) == ("5.9%", ["5.8%"], "修订数")


def test_a_missing_period_is_a_gap_and_bounds_are_bounds(series_conn: sqlite3.Connection) -> None:
    # 高新技术产业投资: 超过20% in 1—3月, nothing in 1—4月 (the city reported 1—4月), 两位数 in 1—5月.
    chart = series_chart(series_conn, [HIGH_TECH], "cumulative", "zh")
    assert chart.ends == ["2024-03", "2024-04", "2024-05"]
    first, missing, last = chart.lines[0].points
    assert missing is None
    assert (first.shown, first.is_bound, first.points_up, first.y) == (">20%", True, True, 20.0)
    assert (last.value, last.shown, last.is_bound, last.y) == (None, "≥10%", True, 10.0)


def test_the_compare_table_by_period(series_conn: sqlite3.Connection) -> None:
    chart = series_chart(series_conn, [CITY_INDUSTRY, HIGH_TECH], "cumulative", "zh")
    table = compare_by_period(chart, "zh")
    assert table.header[3:] == ["2024年1–3月", "2024年1–4月", "2024年1–5月"]
    assert table.rows[0][3:] == ["6.1%", "5.9%", "5.4%"]
    assert table.rows[1][3:] == [
        format_figure(20, "more_than", "%"),
        "",
        format_figure(None, "double_digit", "%"),
    ]
    assert table.rowids[1][4] is None and table.rowids[1][3] is not None
    assert table.caption == "累计数（当年1月至各期末）"
    english = compare_by_period(series_chart(series_conn, [CITY_INDUSTRY], "month", "en"), "en")
    assert english.header[3:] == ["Apr 2024", "May 2024"]


def test_the_compare_table_by_region_for_one_period(series_conn: sqlite3.Connection) -> None:
    chart = series_chart(series_conn, [CITY_INDUSTRY, *COUNTIES], "cumulative", "zh")
    end = best_region_end(chart)
    assert end == "2024-05"
    table = compare_by_region(chart, end, "zh")
    assert table.header == ["指标", "度量", "云岭市", "白沙县", "青溪县"]
    assert table.rows == [["规模以上工业增加值", "同比增速", "5.4%", "6.3%", "7.2%"]]


def test_regions_ranked_with_the_ranks_their_bulletins_state(series_conn: sqlite3.Connection) -> None:
    chart = series_chart(series_conn, [CITY_INDUSTRY, *COUNTIES], "cumulative", "zh")
    bars = region_bars(series_conn, chart, "2024-05", "zh")
    assert [(b.region, b.point.shown, b.stated_rank) for b in bars] == [
        ("青溪县", "7.2%", "全市第2"),
        ("白沙县", "6.3%", "全市第5"),
        ("云岭市", "5.4%", "全省第3"),
    ]
    # 1—4月: the city stated no rank.
    april = region_bars(series_conn, chart, "2024-04", "zh")
    assert [(b.region, b.stated_rank) for b in april] == [("云岭市", "")]


def test_the_series_tab_selection_maps_to_series_ids(series_conn: sqlite3.Connection) -> None:
    rowids = [
        r[0]
        for r in series_conn.execute(
            "SELECT rowid FROM series WHERE id IN (?, ?) ORDER BY rowid", (CITY_INDUSTRY, HIGH_TECH)
        )
    ]
    assert set(series_ids_of_rowids(series_conn, rowids)) == {CITY_INDUSTRY, HIGH_TECH}


def test_a_rank_says_what_it_is_ranked_in() -> None:
    assert format_figure(2, "exact", "位", "zh", "rank", "全市") == "全市第2"
    assert format_figure(2, "exact", "位", "zh", "rank", "全省") == "全省第2"
    assert format_figure(2, "exact", "位", "en", "rank", "全市") == "No. 2 in the city"


def test_districts_of_the_map_take_their_figure_and_the_rest_are_listed(
    series_conn: sqlite3.Connection,
) -> None:
    ids = [
        f"衡南县|{INDUSTRY}",
        f"祁东县|{INDUSTRY}",
        f"青溪县|{INDUSTRY}",
        "衡南县|固定资产投资|growth_yoy|%",
    ]
    chart = series_chart(series_conn, ids, "cumulative", "zh")
    fill = series_data.district_fill(chart, "2024-05", {"衡南县": "hengnan", "祁东县": "qidong"})
    assert fill is not None and fill.subject == INDUSTRY
    # Only the first subject is drawn: 衡南县's investment is not mixed in.
    assert {d: p.shown for d, p in fill.placed.items()} == {"hengnan": "8.1%", "qidong": ">10%"}
    assert fill.placed["qidong"].is_bound
    assert fill.unplaced == ["青溪县"] and fill.missing == []
    assert series_data.district_fill(chart, "2024-05", {}) is None


def test_a_fall_of_more_than_a_bound_lies_below_it(series_conn: sqlite3.Connection) -> None:
    # 房地产开发投资下降超过10%: stored −10, more than a 10% fall, so below −10.
    chart = series_chart(series_conn, ["白沙县|房地产开发投资|growth_yoy|%"], "cumulative", "zh")
    point = chart.lines[0].points[-1]
    assert (point.value, point.is_bound, point.points_up, point.y) == (-10.0, True, False, -10.0)
    assert point.shown == "<−10%"
    rising = series_chart(series_conn, [HIGH_TECH], "cumulative", "zh").lines[0].points[0]
    assert rising.points_up


def test_a_view_without_figures_gives_way_to_one_with_them(series_conn: sqlite3.Connection) -> None:
    # The month view was chosen for the city; 青溪县 reports no single month.
    chart = series_chart(series_conn, [f"青溪县|{INDUSTRY}"], "month", "zh")
    assert chart.view == "cumulative" and chart.lines[0].points[-1].shown == "7.2%"


def test_the_hover_text_in_both_languages(series_conn: sqlite3.Connection) -> None:
    april_zh = series_chart(series_conn, [CITY_INDUSTRY], "cumulative", "zh").lines[0].points[1]
    assert series_data.point_text(april_zh, "cumulative", "zh").splitlines() == [
        "5.9%  2024年1–4月",
        "云岭市2024年1—4月经济运行情况（修订），2024-06-05",
        "修订前：5.8%",
        "说明：修订数",
    ]
    april_en = series_chart(series_conn, [CITY_INDUSTRY], "cumulative", "en").lines[0].points[1]
    text = series_data.point_text(april_en, "cumulative", "en")
    assert text.splitlines()[0] == "5.9%  Jan–Apr 2024"
    assert "before revision: 5.8%" in text and "Note: 修订数" in text


@pytest.mark.parametrize(
    ("view", "end", "zh", "en"),
    [
        ("cumulative", "2024-05", "2024年1–5月", "Jan–May 2024"),
        ("year", "2023-12", "2023年1–12月", "Jan–Dec 2023"),
        ("month", "2024-05", "2024年5月", "May 2024"),
        ("quarter", "2024-06", "2024年4–6月", "Apr–Jun 2024"),
        ("stock", "2024-05", "截至2024年5月", "as of May 2024"),
    ],
)
def test_the_period_a_views_end_stands_for(view: str, end: str, zh: str, en: str) -> None:
    assert series_data.period_label(view, end, "zh") == zh
    assert series_data.period_label(view, end, "en") == en


def test_the_default_view_prefers_most_figures_then_cumulative() -> None:
    assert series_data.default_view({}) == "cumulative"
    assert series_data.default_view({"month": 3, "cumulative": 3}) == "cumulative"
    assert series_data.default_view({"month": 4, "cumulative": 3}) == "month"
    assert series_data.default_view({"quarter": 1}) == "quarter"
    assert series_data.view_text("month", "zh") == "当月数（单月）"
    assert series_data.view_text("month", "en") == "Single months"


def test_the_compare_tables_in_english(series_conn: sqlite3.Connection) -> None:
    chart = series_chart(series_conn, [CITY_INDUSTRY, *COUNTIES], "cumulative", "en")
    names = dict(series_conn.execute("SELECT id, coalesce(name_en, name_zh) FROM series").fetchall())
    assert [line.info.name for line in chart.lines] == [names[line.info.id] for line in chart.lines]
    by_period = compare_by_period(chart, "en")
    assert by_period.header[:3] == ["Indicator", "Region", "Measure"]
    assert [row[0] for row in by_period.rows] == [names[line.info.id] for line in chart.lines]
    assert {row[2] for row in by_period.rows} == {"YoY growth"}
    assert (by_period.label_columns, by_period.caption) == (3, "Cumulative (January to each period's end)")
    by_region = compare_by_region(chart, "2024-05", "en")
    assert by_region.header == ["Indicator", "Measure", "云岭市", "白沙县", "青溪县"]
    assert by_region.rows == [["规模以上工业增加值", "YoY growth", "5.4%", "6.3%", "7.2%"]]
    assert by_region.caption == "Cumulative (January to each period's end) · Jan–May 2024"
    assert by_region.label_columns == 2
    assert by_region.grid()[0] == by_region.header and by_region.grid(header=False) == by_region.rows
    # A period no series has: every cell empty, no figure to click.
    missing = compare_by_region(chart, "2023-01", "en")
    assert missing.rows == [["规模以上工业增加值", "YoY growth", "", "", ""]]
    assert missing.rowids == [[None] * 5]


def test_points_carry_their_bulletins_title_and_figure_in_the_language(
    series_conn: sqlite3.Connection,
) -> None:
    sql = (
        "SELECT i.rowid, i.qualifier, b.title_zh, coalesce(b.title_en, b.title_zh), s.name_zh, "
        "coalesce(s.name_en, s.name_zh) FROM indicators i JOIN bulletins b ON b.id = i.bulletin_id "
        "JOIN series s ON s.id = i.series_id WHERE i.series_id = ?"
    )
    stored = {r[0]: r[1:] for r in series_conn.execute(sql, (HIGH_TECH,))}
    for lang, title, name in (("zh", 1, 3), ("en", 2, 4)):
        chart = series_chart(series_conn, [HIGH_TECH], "cumulative", lang)
        assert chart.lines[0].info.name == next(iter(stored.values()))[name]
        points = [p for p in chart.lines[0].points if p is not None]
        assert points
        for point in points:
            assert point.bulletin_title == stored[point.rowid][title]
            assert point.qualifier == (stored[point.rowid][0] or "exact")


def _point(**changes) -> series_data.SeriesPoint:
    base = dict(
        rowid=1, id="p", series_id="云岭市|x|growth_yoy|%", period_start="2024-01", period_end="2024-05",
        value=5.4, qualifier="exact", unit="%", measure="growth_yoy", lower=5.4, upper=5.4,
        bulletin_id="b", published="2024-06-20", bulletin_title="云岭市经济运行", note="", status="reviewed",
        benchmark="", shown="5.4%", earlier=[],
    )  # fmt: skip
    return series_data.SeriesPoint(**{**base, **changes})


def test_the_hover_text_of_a_proposed_revised_figure() -> None:
    point = _point(earlier=["5.2%", "5.3%"], status="proposed", note="修订数")
    assert series_data.point_text(point, "month", "zh").splitlines() == [
        "5.4%  2024年5月",
        "云岭市经济运行，2024-06-20",
        "修订前：5.2%、5.3%",
        "说明：修订数",
        "未审核",
    ]
    assert series_data.point_text(point, "cumulative", "en").splitlines() == [
        "5.4%  Jan–May 2024",
        "云岭市经济运行, 2024-06-20",
        "before revision: 5.2%, 5.3%",
        "Note: 修订数",
        "not reviewed",
    ]
    # No bulletin title: no dangling comma.
    bare = _point(bulletin_title="")
    assert series_data.point_text(bare, "cumulative", "en").splitlines() == [
        "5.4%  Jan–May 2024",
        "2024-06-20",
    ]


def test_a_district_without_a_figure_for_the_period_is_listed_as_missing(
    series_conn: sqlite3.Connection,
) -> None:
    ids = [f"青溪县|{INDUSTRY}", f"衡南县|{INDUSTRY}"]
    chart = series_chart(series_conn, ids, "cumulative", "en")
    ends = chart.ends
    assert ends
    # 高新技术产业投资 has no figure for 1–4月 (see the compare table): that district is missing.
    high_tech = series_chart(series_conn, [HIGH_TECH], "cumulative", "zh")
    fill = series_data.district_fill(high_tech, "2024-04", {"云岭市": "yunling"})
    assert fill is not None and (fill.placed, fill.missing, fill.unplaced) == ({}, ["云岭市"], [])
    assert (fill.view, fill.end) == ("cumulative", "2024-04")
    fill = series_data.district_fill(chart, ends[-1], {"衡南县": "hengnan"})
    assert fill is not None and fill.end == ends[-1] and fill.view == "cumulative"
    assert fill.subject == INDUSTRY and fill.unplaced == ["青溪县"]
    assert series_data.district_fill(chart, "1999-01", {"衡南县": "hengnan"}) is None


# ---- one stored row made a point -------------------------------------------------------------


def _row(**changes) -> tuple:
    fields = dict(
        rowid=7, ident="ind-1", sid="s-1", start="2024-01", end="2024-06", kind="cumulative",
        value=5.8, qualifier="exact", unit="%", measure="growth_yoy", lower=5.8, upper=5.8,
        bulletin_id="b-1", note="修订", status="final", benchmark=None, figure="5.8%",
        published="2024-07-15", title_zh="衡阳市经济运行", title_en="Hengyang economy",
    )  # fmt: skip
    fields.update(changes)
    return tuple(fields.values())


def test_a_row_becomes_a_point_field_by_field():
    point = series_data._point(_row(), "zh")
    assert (point.rowid, point.id, point.series_id) == (7, "ind-1", "s-1")
    assert (point.period_start, point.period_end) == ("2024-01", "2024-06")
    assert (point.value, point.qualifier, point.unit, point.measure) == (5.8, "exact", "%", "growth_yoy")
    assert (point.lower, point.upper) == (5.8, 5.8)
    assert (point.bulletin_id, point.published, point.note, point.status) == (
        "b-1",
        "2024-07-15",
        "修订",
        "final",
    )
    assert point.bulletin_title == "衡阳市经济运行"
    assert point.benchmark == ""
    assert point.shown == "5.8%"
    assert point.earlier == []
    assert series_data._point(_row(), "en").bulletin_title == "Hengyang economy"


def test_a_point_fills_missing_fields_with_empty_text():
    bare = _row(
        qualifier=None, unit=None, measure=None, bulletin_id=None, note=None, status=None,
        benchmark=None, figure=None, published=None, title_zh=None, title_en=None,
    )  # fmt: skip
    for lang in ("zh", "en"):
        point = series_data._point(bare, lang)
        assert point.qualifier == "exact"
        assert (point.unit, point.measure, point.bulletin_id, point.published) == ("", "", "", "")
        assert (point.note, point.status, point.benchmark, point.bulletin_title) == ("", "", "", "")


def test_a_point_title_falls_back_to_the_other_language():
    assert series_data._point(_row(title_en=None), "en").bulletin_title == "衡阳市经济运行"
    assert series_data._point(_row(title_en=""), "en").bulletin_title == "衡阳市经济运行"
    assert series_data._point(_row(title_zh=None), "zh").bulletin_title == "Hengyang economy"
    assert series_data._point(_row(title_zh=""), "zh").bulletin_title == "Hengyang economy"


def test_a_row_without_period_end_is_no_point():
    assert series_data._point(_row(end=None), "zh") is None
    assert series_data._point(_row(end=""), "zh") is None


def test_a_point_shows_its_qualifier_and_benchmark():
    assert series_data._point(_row(qualifier="more_than", figure="超过20%", value=20.0), "zh").shown == ">20%"
    assert series_data._point(_row(qualifier=None, value=3.0, figure=None), "zh").shown == "3%"
