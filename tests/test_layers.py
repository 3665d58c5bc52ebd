"""The Qt-free layers read directly: chart views and bars, clipboard text, totals, export, sources.

Expectations come from plain sqlite3 and Python over data.db, or are written by hand from the
bulletin and the README's rules; none is read back through the function under test.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from hybrowser.core import spreadsheet
from hybrowser.core.cells import display_text, elide, exact_number, may_hold_number
from hybrowser.core.citation import cite_indicator, period_text, source_text
from hybrowser.core.export import to_html
from hybrowser.core.labels import bilingual, record_name
from hybrowser.core.numerals import tenths_percent
from hybrowser.core.plane import distance_to_line, edge_distance, line_segments, point_in_rings
from hybrowser.core.selection import CellBlock, ClipboardText, clipboard_text
from hybrowser.core.spreadsheet import NumberCell, number_cell
from hybrowser.core.tables import ColumnMeta, TableMeta, column_from_record, table_from_record
from hybrowser.core.totals import Totals, describe
from hybrowser.db import map_data as md
from hybrowser.db.bulletins import BulletinLookup
from hybrowser.db.chart_data import (
    ROW_LIMIT,
    ChartData,
    ChartView,
    available_views,
    chart_bars,
    group_rowids,
    groups_of_rowids,
    has_chartable_columns,
    view_unit_text,
)
from hybrowser.db.connection import BulletinDatabase, explain, open_database
from hybrowser.db.export_rows import export_table
from hybrowser.db.query import QueryState, SortKey, TableQuery, reference_labels
from hybrowser.db.series_data import end_date

DATA_DB = Path(__file__).resolve().parent.parent / "data.db"

#: The qualifiers whose figure is a lower bound (超过, 以上, 两位数, 余), an upper one (不足),
#: or an approximation (约, 接近): the README's reading of a bulletin's words.
LOWER = {"more_than", "at_least", "double_digit", "odd"}
UPPER = {"less_than"}
APPROX = {"approx", "nearly"}


@pytest.fixture(scope="module")
def db() -> Iterator[BulletinDatabase]:
    database = open_database(DATA_DB)
    yield database
    database.close()


def plain(sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def month_span(start: str | None, end: str | None) -> str:
    """The README's wording of a bulletin's period in Chinese (2021年1–5月, 截至2021年6月, 2020年4月起)."""
    if end is None:
        first_year, first_month = (int(part) for part in str(start).split("-"))
        return f"{first_year}年{first_month}月起"
    year, month = (int(part) for part in end.split("-"))
    if start is None:
        return f"截至{year}年{month}月"
    first_year, first_month = (int(part) for part in start.split("-"))
    if first_year != year:
        return f"{first_year}年{first_month}月–{year}年{month}月"
    return f"{year}年{month}月" if first_month == month else f"{year}年{first_month}–{month}月"


# --- chart views --------------------------------------------------------------------------------


def test_indicator_views_are_one_per_measure_and_unit_with_their_counts(db) -> None:
    table = db.table("indicators")
    views = available_views(db.conn, table, QueryState())
    rows = {(v.measure, v.unit): v.count for v in views if v.kind == "rows"}
    expected = plain(
        "SELECT measure, unit, count(*) FROM indicators "
        "WHERE value IS NOT NULL OR qualifier = 'double_digit' OR lower_bound IS NOT NULL GROUP BY 1, 2"
    )
    assert rows == {(m, u): n for m, u, n in expected}
    assert all(v.column == "value" for v in views if v.kind == "rows")
    groups = {v.column: v.count for v in views if v.kind == "groups"}
    # Codes and references shown in the table, not the qualifier (it says how to read a figure).
    shown = plain(
        "SELECT [column] FROM _meta_columns WHERE [table] = 'indicators' AND visible = 1 "
        "AND (role = 'code' OR (role = 'ref' AND coalesce([references], '') <> '')) "
        "AND [column] <> 'qualifier'"
    )
    assert set(groups) == {c for (c,) in shown if plain(f'SELECT count("{c}") FROM indicators')[0][0]}
    for column, count in groups.items():
        assert count == plain(f'SELECT count("{column}") FROM indicators')[0][0], column


def test_a_filter_narrows_the_views(db) -> None:
    table = db.table("indicators")
    state = QueryState(filters=(("category", "=investment"),))
    views = available_views(db.conn, table, state)
    expected = plain(
        "SELECT measure, unit, count(*) FROM indicators WHERE category = 'investment' "
        "AND (value IS NOT NULL OR qualifier = 'double_digit') GROUP BY 1, 2"
    )
    assert {(v.measure, v.unit): v.count for v in views if v.kind == "rows"} == {
        (m, u): n for m, u, n in expected
    }
    rows = plain("SELECT count(*) FROM indicators WHERE category = 'investment'")[0][0]
    assert {v.column: v.count for v in views if v.kind == "groups"}["category"] == rows


def test_row_bars_are_the_rows_in_table_order_each_read_as_stated(db) -> None:
    table = db.table("indicators")
    for view in [v for v in available_views(db.conn, table, QueryState()) if v.kind == "rows"]:
        data = chart_bars(db.conn, table, QueryState(), view, "zh")
        stored = plain(
            "SELECT rowid, name_zh, value, qualifier, lower_bound, category, period_start, period_end, "
            "period_inferred, figure, quote FROM indicators WHERE measure = ? AND unit = ? "
            "AND (value IS NOT NULL OR qualifier = 'double_digit' OR lower_bound IS NOT NULL) ORDER BY rowid",
            view.measure,
            view.unit,
        )
        assert (data.total, data.read, data.skipped) == (len(stored), min(len(stored), ROW_LIMIT), 0)
        assert [b.rowid for b in data.bars] == [r[0] for r in stored[:ROW_LIMIT]]
        for bar, (_, name, value, qualifier, lower, category, start, end, inferred, figure, quote) in zip(
            data.bars, stored, strict=False
        ):
            assert bar.label == name
            assert (bar.figure, bar.quote) == (figure or "", quote or "")
            assert not bar.highlighted and not bar.others and bar.group is None
            assert bar.value == (value if value is not None else lower)
            assert bar.stated == value and bar.qualifier == qualifier and bar.category == category
            negative = value is not None and value < 0
            assert bar.is_bound == ((qualifier in LOWER) != negative and qualifier in LOWER | UPPER), name
            assert bar.is_upper == ((qualifier in UPPER) != negative and qualifier in LOWER | UPPER), name
            assert bar.is_approx == (qualifier in APPROX)
            assert bar.period == month_span(start, end) + (" (推断)" if inferred else "")


def test_a_double_digit_growth_is_drawn_at_ten_percent(db) -> None:
    table = db.table("indicators")
    view = next(
        v for v in available_views(db.conn, table, QueryState()) if (v.measure, v.unit) == ("growth_yoy", "%")
    )
    bars = {b.label: b for b in chart_bars(db.conn, table, QueryState(), view, "zh").bars}
    fai = bars["固定资产投资增速"]  # 两位数增长
    assert (fai.value, fai.stated, fai.is_bound, fai.is_upper) == (10.0, None, True, False)
    hitech = bars["高新技术产业投资增速"]  # 135.2%
    assert (hitech.value, hitech.text, hitech.is_bound) == (135.2, "135.2%", False)


def test_the_row_limit_cuts_the_bars_and_says_so(db) -> None:
    table = db.table("indicators")
    view = max(
        (v for v in available_views(db.conn, table, QueryState()) if v.kind == "rows"), key=lambda v: v.count
    )
    data = chart_bars(db.conn, table, QueryState(), view, "zh", limit=2)
    assert len(data.bars) == 2 and data.read == 2 and data.total == view.count > 2 and data.truncated


def test_group_bars_count_rows_per_code_biggest_first_then_the_others(db) -> None:
    table = db.table("indicators")
    view = next(v for v in available_views(db.conn, table, QueryState()) if v.column == "category")
    counts = plain(
        "SELECT category, count(*) AS n FROM indicators GROUP BY category ORDER BY n DESC, category"
    )
    data = chart_bars(db.conn, table, QueryState(), view, "zh")
    assert [(b.group, b.value) for b in data.bars] == [(c, float(n)) for c, n in counts]
    assert [b.text for b in data.bars] == [str(n) for _, n in counts]
    assert (data.total, data.rows, data.read) == (len(counts), 50, len(counts))
    assert next(b for b in data.bars if b.group == "investment").label == "投资"
    top = chart_bars(db.conn, table, QueryState(), view, "en", limit=3)
    assert [b.group for b in top.bars[:3]] == [c for c, _ in counts[:3]]
    others = top.bars[3]
    assert others.others and others.value == sum(n for _, n in counts[3:])
    assert others.label == f"Others ({len(counts) - 3})"
    assert top.truncated and len(top.bars) == 4


def test_group_bars_of_a_reference_are_named_and_link_to_their_rows(db) -> None:
    table = db.table("projects")
    views = available_views(db.conn, table, QueryState())
    view = next(v for v in views if v.kind == "groups" and table.column(v.column).role == "ref")
    column = view.column
    target = table.column(column).references
    data = chart_bars(db.conn, table, QueryState(), view, "zh")
    names = dict(plain(f'SELECT id, coalesce(name_zh, name_en) FROM "{target}"'))
    counts = plain(f'SELECT "{column}", count(*) AS n FROM projects GROUP BY 1 ORDER BY n DESC, 1 IS NULL, 1')
    labels = [names.get(g, g) if g is not None else "（空）" for g, _ in counts]
    assert [b.label for b in data.bars] == labels
    for group, _ in counts:
        rowids = group_rowids(db.conn, table, QueryState(), column, group)
        expected = plain(f'SELECT rowid FROM projects WHERE "{column}" IS ? ORDER BY rowid', group)
        assert rowids == [r for (r,) in expected]
        assert groups_of_rowids(db.conn, table, column, rowids) == {group}
    everything = [r for (r,) in plain("SELECT rowid FROM projects")]
    assert groups_of_rowids(db.conn, table, column, everything) == {g for g, _ in counts}


# --- clipboard text -----------------------------------------------------------------------------

NAME = ColumnMeta("t", "name_en", "TEXT", "name", "名称", "Name")
VALUE = ColumnMeta(
    "t", "value", "REAL", "figure", "数值", "Value", unit="@unit", qualifier_column="qualifier"
)
UNIT = ColumnMeta("t", "unit", "TEXT", "code", "单位", "Unit")
RECORDS = [
    {"name_en": "tab\there", "value": 135.2, "qualifier": "exact", "unit": "%", "bulletin_id": "b"},
    {"name_en": 'say "more"', "value": 20.0, "qualifier": "more_than", "unit": "%", "bulletin_id": "b"},
    {"name_en": "two\nlines", "value": None, "qualifier": "double_digit", "unit": "%", "bulletin_id": "b"},
]


def block(columns=(NAME, VALUE), rows=RECORDS, selected=("name_en", "value")) -> CellBlock:
    return CellBlock(list(columns), [(r, frozenset(selected)) for r in rows])


def test_a_copy_of_shown_text_quotes_what_needs_it_and_keeps_the_signs() -> None:
    text = clipboard_text(block(), "en")
    assert text.text() == ('"tab\there"\t135.2%\r\n"say ""more"""\t>20%\r\n"two\nlines"\t≥10%\r\n')
    html = text.html()
    assert html is not None and "<td>two<br>lines</td>" in html and "&quot;more&quot;" in html


def test_a_copy_with_headers_names_the_columns_in_the_language() -> None:
    assert clipboard_text(block(), "zh", header=True).text().split("\r\n")[0] == "名称\t数值"
    html = clipboard_text(block(), "en", header=True).html()
    assert html is not None and "<th>Name</th><th>Value</th>" in html


def test_raw_values_keep_the_sign_of_a_bound() -> None:
    text = clipboard_text(block(), "en", kind="raw").text()
    assert text == '"tab\there"\t135.2\r\n"say ""more"""\t>20\r\n"two\nlines"\t≥10\r\n'
    assert clipboard_text(block(), "en", kind="raw").html() is None


def test_csv_has_a_header_and_reads_back() -> None:
    text = clipboard_text(block(), "en", kind="csv").text()
    assert list(csv.reader(io.StringIO(text))) == [
        ["Name", "Value"],
        ["tab\there", "135.2%"],
        ['say "more"', ">20%"],
        ["two\nlines", "≥10%"],
    ]


def test_one_cell_is_copied_without_a_line_break_and_gaps_stay_empty() -> None:
    one = CellBlock([NAME, VALUE], [(RECORDS[0], frozenset({"value"}))])
    assert clipboard_text(one, "en").text() == "135.2%"
    ragged = CellBlock(
        [NAME, VALUE], [(RECORDS[0], frozenset({"value"})), (RECORDS[1], frozenset({"name_en"}))]
    )
    assert clipboard_text(ragged, "en").text() == '\t135.2%\r\n"say ""more"""\t\r\n'


def test_a_copy_made_in_slices_is_the_copy_made_at_once() -> None:
    whole = clipboard_text(block(), "en", header=True)
    pieces = ClipboardText([NAME, VALUE], [NAME, VALUE], "en", header=True)
    for record in RECORDS:
        pieces.add_rows([(record, frozenset({"name_en", "value"}))])
    assert (pieces.text(), pieces.html(), pieces.cells) == (whole.text(), whole.html(), 6)
    with pytest.raises(ValueError):
        ClipboardText([NAME], [NAME], "en", kind="pdf")


def test_citations_cite_each_figure_with_its_source() -> None:
    bulletins = {
        "b": {
            "original_source": "衡阳日报",
            "original_source_en": "Hengyang Daily",
            "published": "2021-06-29",
        }
    }
    rows = [dict(r, name_zh=r["name_en"], measure="amount", figure="") for r in RECORDS[:2]]
    text = clipboard_text(block(rows=rows), "en", kind="citations", bulletins=bulletins).text()
    assert text == (
        'tab\there: 135.2% (Hengyang Daily, 2021-06-29)\nsay "more": >20% (Hengyang Daily, 2021-06-29)'
    )
    # A row of another table: its name, the figure's label and the source.
    project = {
        "name_zh": "南岳机场扩建",
        "value": 408.0,
        "qualifier": "exact",
        "unit": "亿元",
        "bulletin_id": "b",
    }
    cited = clipboard_text(block(rows=[project]), "zh", kind="citations", bulletins=bulletins).text()
    assert cited == "南岳机场扩建 数值：408 亿元（衡阳日报，2021-06-29）"
    unnamed = clipboard_text(block(rows=[project], selected=("name_en",)), "zh", kind="citations").text()
    assert unnamed == "南岳机场扩建（出处不明）"
    english = dict(project, name_en="Nanyue Airport expansion")
    cited = clipboard_text(block(rows=[english]), "en", kind="citations", bulletins=bulletins).text()
    assert cited == "Nanyue Airport expansion, Value: 408 ×10⁸ yuan (Hengyang Daily, 2021-06-29)"
    unnamed = clipboard_text(block(rows=[english], selected=("name_en",)), "en", kind="citations").text()
    assert unnamed == "Nanyue Airport expansion (source unknown)"


@pytest.mark.parametrize(
    ("bulletin", "lang", "expected"),
    [
        ({}, "zh", "出处不明"),
        ({}, "en", "source unknown"),
        ({"original_source": "衡阳日报", "published": "2021-06-29"}, "zh", "衡阳日报，2021-06-29"),
        ({"original_source": "衡阳日报", "published": "2021-06-29"}, "en", "衡阳日报, 2021-06-29"),
        ({"original_source": "衡阳日报", "original_source_en": "Hengyang Daily", "published": "2021"}, "en",
         "Hengyang Daily, 2021"),
    ],
)  # fmt: skip
def test_source_text(bulletin, lang, expected) -> None:
    assert source_text(bulletin, lang) == expected


# --- totals -------------------------------------------------------------------------------------


def test_totals_are_described_unit_by_unit_most_figures_first() -> None:
    totals = Totals()
    for value in (408.0, 7.26):
        totals.unit("亿元").add(value)
    for value in (135.2, 20.5, -3.5):
        totals.unit("%").add(value)
    totals.left_out = 1234
    assert describe(totals, "zh") == (
        "%: 计数 3  平均 50.7333%  最小 −3.5%  最大 135.2%; "
        "亿元: 计数 2  合计 415.26 亿元  平均 207.63 亿元  最小 7.26 亿元  最大 408 亿元; "
        "1,234 个界限值或约数未计入"
    )
    assert describe(Totals(), "zh") == "" and not Totals()
    only_left_out = Totals(left_out=1)
    assert only_left_out and describe(only_left_out, "en") == "1 bounds or approximate figures left out"


def test_merged_totals_are_the_totals_of_the_figures_added_one_by_one() -> None:
    one_by_one, merged = Totals(), Totals()
    for value in (3.0, -1.5, 10.0):
        one_by_one.unit("个").add(value)
    merged.unit("个").merge(2, 1.5, -1.5, 3.0)
    merged.unit("个").merge(0, 0.0, 99.0, -99.0)  # an empty window adds nothing
    merged.unit("个").merge(1, 10.0, 10.0, 10.0)
    a, b = one_by_one.units["个"], merged.units["个"]
    assert (a.count, a.total, a.minimum, a.maximum, a.mean) == (
        b.count,
        b.total,
        b.minimum,
        b.maximum,
        b.mean,
    )
    assert (a.count, a.total, a.minimum, a.maximum) == (3, 11.5, -1.5, 10.0)


# --- export with labels -------------------------------------------------------------------------


def test_an_export_in_chinese_writes_labels_numbers_and_each_figures_qualifier(db, tmp_path: Path) -> None:
    table = db.table("indicators")
    shown = [table.column(n) for n in ("name_zh", "value", "category")]
    state = QueryState(filters=(("qualifier", "=more_than"),))
    written = export_table(db.conn, table, shown, state, "zh", tmp_path / "rows.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "rows.csv").read_bytes().decode("utf-8-sig"))))
    # The qualifier follows the figure, so that 超过20% is not read as 20.
    qualifier = table.column("qualifier").label("zh")
    assert rows[0] == [
        table.column("name_zh").label("zh"),
        "数值",
        qualifier,
        table.column("category").label("zh"),
    ]
    stored = plain("SELECT name_zh, value FROM indicators WHERE qualifier = 'more_than' ORDER BY rowid")
    assert written == len(stored) == len(rows) - 1
    assert [(r[0], float(r[1])) for r in rows[1:]] == stored
    assert {r[2] for r in rows[1:]} == {"超过"}


# --- one cell -----------------------------------------------------------------------------------

TEXT = ColumnMeta("t", "note", "TEXT", "text", "备注", "Note")
CODE = ColumnMeta("t", "category", "TEXT", "code", "类别", "Category")
REF = ColumnMeta("t", "district_id", "TEXT", "ref", "区县", "District", references="places")
FLAG = ColumnMeta("t", "period_inferred", "INTEGER", "flag", "推断", "Inferred")
AMOUNT = ColumnMeta("t", "investment_yi", "REAL", "number", "总投资", "Total investment", unit="亿元")
PER_ROW = ColumnMeta("t", "amount", "REAL", "number", "数量", "Amount", unit="@unit")
COUNT = ColumnMeta("t", "n", "INTEGER", "number", "个数", "Count")
ID = ColumnMeta("t", "id", "INTEGER", "id", "编号", "Id")
#: A reference with the names of the row it points to, as the table model adds them.
NAMED = {"district_id": "hengnan", "district_id:zh": "衡南县", "district_id:en": "Hengnan"}


@pytest.mark.parametrize(
    ("column", "row", "zh", "en"),
    [
        (TEXT, {"note": "修订数"}, "修订数", "修订数"),
        (TEXT, {"note": None}, "—", "—"),
        (CODE, {"category": "investment"}, "投资", "Investment"),
        (CODE, {"category": None}, "—", "—"),
        (REF, NAMED, "衡南县", "Hengnan"),
        (REF, {"district_id": "hengnan"}, "hengnan", "hengnan"),
        (TEXT, {"note": "n", "note:zh": "名", "note:en": "name"}, "n", "n"),  # only a reference shows a name
        (FLAG, {"period_inferred": 1}, "是", "yes"),
        (FLAG, {"period_inferred": 0}, "否", "no"),
        (AMOUNT, {"investment_yi": 1234567.5}, "1,234,567.5 亿元", "1,234,567.5 亿元"),
        (PER_ROW, {"amount": 12.5, "unit": "km"}, "12.5 km", "12.5 km"),
        (PER_ROW, {"amount": "n/a", "unit": "km"}, "n/a", "n/a"),
        (COUNT, {"n": 3}, "3", "3"),
    ],
)  # fmt: skip
def test_a_cell_shows_its_value_as_its_role_says(column, row, zh, en) -> None:
    assert display_text(column, row, "zh") == zh
    assert display_text(column, row, "en") == en


def test_which_cells_hold_numbers_and_which_are_exact() -> None:
    assert [may_hold_number(c) for c in (VALUE, AMOUNT, COUNT, PER_ROW)] == [True] * 4
    assert [may_hold_number(c) for c in (TEXT, CODE, REF, FLAG, ID)] == [False] * 5
    assert exact_number(VALUE, RECORDS[0]) == 135.2
    assert exact_number(VALUE, RECORDS[1]) is None  # >20%: a bound
    assert exact_number(VALUE, RECORDS[2]) is None  # 两位数
    assert exact_number(VALUE, {"value": 7.0}) == 7.0  # no qualifier stored: exact
    assert exact_number(COUNT, {"n": 3}) == 3.0 and isinstance(exact_number(COUNT, {"n": 3}), float)
    for value in (True, float("inf"), float("nan"), "7", None):
        assert exact_number(AMOUNT, {"investment_yi": value}) is None, value
    assert exact_number(FLAG, {"period_inferred": 1}) is None
    assert exact_number(CODE, {"category": 5}) is None


# --- the map's rows -----------------------------------------------------------------------------

#: The basemap's districts (the twelve of the city; 高新区 is a zone, not on the basemap).
DISTRICTS = {
    "zhuhui", "yanfeng", "shigu", "zhengxiang", "nanyue", "hengyang_county",
    "hengnan", "hengshan", "hengdong", "qidong", "leiyang", "changning",
}  # fmt: skip


def expected_placement(lat, precision, geometry, district) -> str:
    """The README's rule: stated coordinates are a point (±500 m or better) or an area, else the
    line drawn, else the district named, else nowhere."""
    if lat is not None:
        return "point" if precision is None or precision <= 500 else "area"
    if geometry:
        return "line"
    return "district" if district in DISTRICTS else "none"


def test_each_project_is_placed_where_its_place_or_district_says(db) -> None:
    table = db.table("projects")
    records = md.map_records(db.conn, table, QueryState(), district_ids=DISTRICTS)
    stored = plain(
        "SELECT r.rowid, r.id, r.name_zh, r.name_en, r.kind, r.place_id, "
        "coalesce(r.district_id, p.district_id), p.lon, p.lat, p.precision_m, p.geometry, "
        "r.investment_yi, p.confidence, "
        "p.kind = 'district' FROM projects r LEFT JOIN places p ON p.id = r.place_id ORDER BY r.rowid"
    )
    assert len(records) == len(stored) > 0
    for record, row in zip(records, stored, strict=True):
        (
            rowid,
            ident,
            zh,
            en,
            kind,
            place_id,
            district,
            lon,
            lat,
            precision,
            geometry,
            money,
            confidence,
            whole,
        ) = row
        if district is None and whole:
            district = place_id
        placement = expected_placement(lat, precision, geometry, district)
        assert (record.rowid, record.id, record.name_zh, record.name_en, record.kind) == (
            rowid,
            ident,
            zh,
            en,
            kind,
        )
        assert (record.placement, record.district_id, record.place_id) == (placement, district, place_id), (
            ident
        )
        located = placement in ("point", "area")
        assert (record.lon, record.lat) == ((lon, lat) if located else (None, None)), ident
        assert (record.precision_m, record.confidence) == (precision, confidence)
        assert bool(record.lines) == (placement == "line")
        assert record.investment_yi == money
        assert record.name("en") == (en or zh or ident) and record.name("zh") == (zh or en or ident)
    assert {r.placement for r in records} >= {"point", "area", "line", "none"}


def test_places_are_placed_by_their_own_row_and_a_filter_narrows_them(db) -> None:
    table = db.table("places")
    state = QueryState(filters=(("kind", "=site"),))
    records = md.map_records(db.conn, table, state, district_ids=DISTRICTS)
    stored = plain(
        "SELECT rowid, id, lat, lon, precision_m, geometry, district_id FROM places "
        "WHERE kind = 'site' ORDER BY rowid"
    )
    assert [r.rowid for r in records] == [r[0] for r in stored]
    for record, (_, ident, lat, _lon, precision, geometry, district) in zip(records, stored, strict=True):
        assert record.placement == expected_placement(lat, precision, geometry, district), ident
        assert (record.district_id, record.place_id) == (district, ident)
    places = md.load_places(db.conn)
    assert set(places) == {r[0] for r in plain("SELECT id FROM places")}
    avenue = places["hengzhou_avenue"]
    assert avenue.kind == "line" and avenue.lines and not avenue.has_coordinates
    assert [p.id for p in md.schematic_lines(places)] == ["hengzhou_avenue"]
    airport = places["hny_airport"]
    assert (airport.lat, airport.lon, airport.precision_m, airport.district_id) == plain(
        "SELECT lat, lon, precision_m, district_id FROM places WHERE id = 'hny_airport'"
    )[0]
    assert places["zhuhui"].district_id is None and places["zhuhui"].kind == "district"


def test_which_tables_have_a_map_and_what_orders_their_kinds(db) -> None:
    # A place, a district of its own, or both: enterprises name only a place, events only a district.
    names = ("projects", "parks", "places", "events", "enterprises")
    assert [md.has_map(db.table(n)) for n in names] == [True] * 5
    assert [md.has_map(db.table(n)) for n in ("indicators", "funding", "series")] == [False] * 3
    assert md.map_records(db.conn, db.table("indicators"), QueryState()) == []
    # The allowed codes first, in their order, then any other kind stored.
    assert md.kind_order(db.conn, db.table("projects"))[:4] == ["batch", "batch_total", "group", "project"]
    assert md.kind_order(db.conn, db.table("indicators")) == []
    top = plain("SELECT max(investment_yi) FROM projects")[0][0]
    assert md.max_investment(db.conn, db.table("projects")) == top > 0
    assert md.max_investment(db.conn, db.table("places")) is None


# --- small pieces -------------------------------------------------------------------------------


def test_view_labels_name_the_measure_and_unit_once(db) -> None:
    table = db.table("indicators")
    growth = ChartView("rows:value:growth_yoy:%", "rows", "value", "%", "growth_yoy")
    assert growth.label(table, "zh") == "同比增速 (%)" and growth.label(table, "en") == "YoY growth (%)"
    money = ChartView("rows:value:amount:亿元", "rows", "value", "亿元", "")
    assert money.label(table, "en") == "Value (×10⁸ yuan)"
    # A Chinese counter is no English word; 条 becomes "lines", 个 nothing at all.
    assert view_unit_text("条", "en") == "lines" and view_unit_text("个", "en") == ""
    assert view_unit_text("条", "zh") == "条" and view_unit_text("家", "en") == "firms"
    count = ChartView("rows:value:count:个", "rows", "value", "个", "count")
    assert count.label(table, "en") == "Count"  # not "Count ()"
    by = ChartView("groups:category", "groups", "category")
    assert by.label(table, "en") == "Rows by Category" and by.label(table, "zh") == "行数 · 按类别"


def test_reference_labels_name_every_row_a_reference_points_to(db) -> None:
    labels = reference_labels(db.conn, db.tables)
    referenced = {
        t for (t,) in plain("SELECT DISTINCT [references] FROM _meta_columns WHERE [references] <> ''")
    }
    # Each table's name columns in both languages (name_zh and name_en, or title_zh and title_en).
    names: dict[str, dict[str, str]] = {}
    for table, column in plain(
        "SELECT [table], [column] FROM _meta_columns WHERE role = 'name' ORDER BY rowid"
    ):
        names.setdefault(table, {}).setdefault(column[-2:], column)
    named = {t for t, columns in names.items() if {"zh", "en"} <= set(columns)}
    assert set(labels) == referenced & named and {"places", "projects", "bulletins"} <= set(labels)
    assert labels["places"]["hengnan"]["zh"] == "衡南县"
    for table in labels:
        zh, en = names[table]["zh"], names[table]["en"]
        stored = plain(f'SELECT id, "{zh}", "{en}" FROM "{table}"')
        assert labels[table] == {i: {"zh": zh, "en": en} for i, zh, en in stored}


def test_a_state_keeps_one_filter_per_column() -> None:
    state = QueryState().with_filter("value", ">10").with_filter("name_zh", "投资")
    assert state.filters == (("value", ">10"), ("name_zh", "投资"))
    again = state.with_filter("value", "<5")
    assert again.filters == (("name_zh", "投资"), ("value", "<5"))
    assert again.filter_text("value") == "<5" and again.filter_text("unit") == ""
    assert again.with_filter("value", "  ").filters == (("name_zh", "投资"),)


def test_positions_and_values_of_the_filtered_sorted_rows(db) -> None:
    table = db.table("indicators")
    state = QueryState(filters=(("unit", "=%"),), sort=(SortKey("value", True),))
    stored = plain("SELECT rowid, value FROM indicators WHERE unit = '%'")
    # Descending, NULLs last, ties in reverse table order (one index read backwards).
    ordered = sorted(stored, key=lambda r: (r[1] is None, -(r[1] or 0), -r[0]))
    query = TableQuery(db.conn, table)
    wanted = [ordered[0][0], ordered[5][0], ordered[-1][0]]
    outside = plain("SELECT rowid FROM indicators WHERE unit <> '%' LIMIT 1")[0][0]
    assert query.positions_of(state, [*wanted, outside]) == {
        wanted[0]: 0,
        wanted[1]: 5,
        wanted[2]: len(ordered) - 1,
    }
    assert query.positions_of(state, []) == {}
    assert query.column_values(state, ["value"]) == [tuple(r) for r in ordered]
    assert query.column_values(state, ["value"], limit=3) == [tuple(r) for r in ordered[:3]]


def test_odd_little_helpers() -> None:
    assert elide("abc", 3) == "abc" and elide("abcd", 3) == "ab…"
    assert tenths_percent("三成") == 30 and tenths_percent("八成") == 80
    assert tenths_percent("三") is None and tenths_percent("几成") is None
    assert end_date("2024-02") == datetime.date(2024, 2, 29) and end_date("2021-06") == datetime.date(
        2021, 6, 30
    )
    assert distance_to_line(0, 5, [(0, 0), (10, 0)]) == 5.0
    assert distance_to_line(13, 4, [(0, 0), (10, 0)]) == 5.0  # beyond the end: to the end point
    assert distance_to_line(3, 4, [(0, 0)]) == 5.0  # a single point
    starts, ends = line_segments([(0, 0), (1, 1), (2, 0)])
    assert starts.tolist() == [[0, 0], [1, 1]] and ends.tolist() == [[1, 1], [2, 0]]
    assert to_html([["名称", "数值"], ["a<b", None]], header_rows=1) == (
        '<html><head><meta charset="utf-8"></head><body><table>\n'
        "<tr><th>名称</th><th>数值</th></tr>\n<tr><td>a&lt;b</td><td></td></tr>\n</table></body></html>"
    )


def test_table_titles_and_descriptions_in_the_language(db) -> None:
    table = db.table("indicators")
    assert (table.title("zh"), table.title("en")) == ("指标", "Indicators")
    stored = plain("SELECT description_zh, description_en FROM _meta_tables WHERE [table] = 'indicators'")[0]
    assert (table.description("zh"), table.description("en")) == stored


def test_an_english_workbook_names_the_rows_references_point_to(db, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    table = db.table("projects")
    shown = [table.column(n) for n in ("name_en", "place_id", "investment_yi")]
    labels = reference_labels(db.conn, db.tables)
    path = tmp_path / "projects"  # no extension: kind says what to write
    written = export_table(db.conn, table, shown, QueryState(), "en", path, kind="xlsx", ref_labels=labels)
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    assert sheet.title == "Projects"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    qualifier = table.column("investment_yi_qualifier").label("en")
    assert rows[0] == ["Name", "Place", "Total investment (×10⁸ yuan)", qualifier]
    places = dict(plain("SELECT id, name_en FROM places"))
    stored = plain("SELECT name_en, place_id, investment_yi FROM projects ORDER BY rowid")
    assert written == len(stored) == len(rows) - 1
    for row, (name, place, money) in zip(rows[1:], stored, strict=True):
        assert row[:3] == [name, places[place] if place else "", "" if money is None else money]
    assert places["hengzhou_avenue"] in {r[1] for r in rows[1:]}  # a reference shown by its name


def test_an_export_reports_its_progress_and_can_be_cancelled(db, tmp_path: Path, monkeypatch) -> None:
    from hybrowser.db import export_rows

    monkeypatch.setattr(export_rows, "PROGRESS_ROWS", 20)
    table = db.table("indicators")
    seen: list[int] = []

    def go_on(rows: int) -> bool:
        seen.append(rows)
        return True

    shown = table.visible_columns("zh")
    written = export_table(db.conn, table, shown, QueryState(), "zh", tmp_path / "a.csv", on_rows=go_on)
    assert written == 50 and seen == [20, 40, 50]  # every 20 rows, then once at the end
    assert (tmp_path / "a.csv").exists()
    seen.clear()

    def stop_at_first(rows: int) -> bool:
        seen.append(rows)
        return False

    with pytest.raises(export_rows.ExportCancelled):
        export_table(db.conn, table, shown, QueryState(), "zh", tmp_path / "c.csv", on_rows=stop_at_first)
    assert seen == [20] and not (tmp_path / "c.csv").exists()


def test_totals_put_the_unit_with_most_figures_first_and_plain_numbers_as_numbers() -> None:
    totals = Totals()
    totals.unit("%").add(5.0)
    for value in (1.0, 2.0):
        totals.unit("亿元").add(value)
    for value in (3.0, 4.0, 5.0):
        totals.unit("").add(value)
    assert describe(totals, "zh") == (
        "数值: 计数 3  合计 12  平均 4  最小 3  最大 5; "
        "亿元: 计数 2  合计 3 亿元  平均 1.5 亿元  最小 1 亿元  最大 2 亿元; "
        "%: 计数 1  平均 5%  最小 5%  最大 5%"
    )
    assert describe(totals, "en") == (
        "numbers: count 3  sum 12  avg 4  min 3  max 5; "
        "×10⁸ yuan: count 2  sum 3 ×10⁸ yuan  avg 1.5 ×10⁸ yuan  min 1 ×10⁸ yuan  max 2 ×10⁸ yuan; "
        "%: count 1  avg 5%  min 5%  max 5%"
    )


@pytest.mark.parametrize(
    ("value", "qualifier", "figure", "shown", "zh", "en"),
    [
        (None, "double_digit", "两位数", "≥10%", "投资同比增长两位数", "Investment: up ≥10% year on year"),
        (-3.5, "exact", "下降3.5%", "−3.5%", "投资同比下降3.5%", "Investment: down 3.5% year on year"),
        (8.2, "exact", "", "8.2%", "投资同比增长8.2%", "Investment: up 8.2% year on year"),
    ],
)  # fmt: skip
def test_a_growth_is_cited_with_its_direction_in_words(value, qualifier, figure, shown, zh, en) -> None:
    row = {
        "name_zh": "投资增速",
        "name_en": "Investment growth",
        "measure": "growth_yoy",
        "value": value,
        "qualifier": qualifier,
        "unit": "%",
        "figure": figure,
        "period_start": "2021-01",
        "period_end": "2021-05",
    }
    bulletin = {
        "original_source": "衡阳日报",
        "original_source_en": "Hengyang Daily",
        "published": "2021-06-29",
    }
    assert cite_indicator(row, shown, bulletin, "zh") == f"{zh}（2021年1–5月；衡阳日报，2021-06-29）"
    assert cite_indicator(row, shown, bulletin, "en") == f"{en} (Jan–May 2021; Hengyang Daily, 2021-06-29)"


# --- errors, spreadsheet cells, geometry --------------------------------------------------------


def _error(text: str, name: str | None = None) -> sqlite3.Error:
    error = sqlite3.OperationalError(text)
    if name is not None:
        error.sqlite_errorname = name  # type: ignore[attr-defined]
    return error


BUSY = "the file is busy: another program is writing to it; try again when it has finished"
JOURNAL = (
    "another program's change to it was left unfinished (a -journal file beside it); "
    "open it once in that program to complete or undo the change"
)


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (_error("database is locked", "SQLITE_BUSY"), BUSY),
        (_error("database table is busy"), BUSY),
        (_error("attempt to write a readonly database", "SQLITE_READONLY_ROLLBACK"), JOURNAL),
        (_error("attempt to write a readonly database"), JOURNAL),
        (_error("attempt to write a readonly database", "SQLITE_READONLY"),
         "cannot be read (attempt to write a readonly database)"),
        (_error("database disk image is malformed"), "the database is damaged (corrupt or truncated)"),
        (_error("file is not a database"), "the database is damaged (corrupt or truncated)"),
        (_error("corrupt index"), "the database is damaged (corrupt or truncated)"),
        (_error("unable to open database file"), "cannot be opened (check the file's permissions)"),
        (_error("no such table: x"), "cannot be read (no such table: x)"),
    ],
)  # fmt: skip
def test_each_sqlite_error_is_said_in_words_a_user_can_act_on(error, said) -> None:
    assert explain(error) == said


def test_a_number_cells_attributes_escape_what_each_syntax_needs() -> None:
    # The attributes are cached per format code: start from an empty cache, so this test
    # exercises the escaping rather than an earlier test's answer.
    spreadsheet._format_attributes.cache_clear()
    cell = number_cell("R&D <a> 'x' 7.5 亿元", 7.5)
    assert cell == NumberCell("R&D <a> 'x' 7.5 亿元", 7.5, '"R&D <a> \'x\' "0.0" 亿元"')
    html = cell.html_attributes()
    assert html.startswith(' x:num="7.5" sdval="7.5" sdnum="')
    # LibreOffice: the code in a double-quoted attribute, after its two languages (en-US).
    sdnum = html.split('sdnum="')[1].split('"')[0]
    assert sdnum == "1033;1033;&quot;R&amp;D &lt;a&gt; 'x' &quot;0.0&quot; 亿元&quot;"
    # Excel: a CSS string, punctuation and spaces backslash-escaped, in a single-quoted attribute.
    style = html.split("style='")[1].rsplit("'", 1)[0]
    css = r"\"R\&amp;D\ \&lt;a\&gt;\ \&#39;x\&#39;\ \"0\.0\"\ 亿元\""
    assert style == f'mso-number-format:"{css}"'


@pytest.mark.parametrize(
    ("shown", "value"),
    [
        ("是", True),  # a flag is no number
        ("∞", float("inf")),
        ("No.1: 2", 2.0),  # digits before the value's own: not the value's cell
        ('5 "pcs"', 5.0),  # a quote no format code can hold
        ("7 亿元", 8.0),  # the text is not the value
        ("1e+20", 1e20),
    ],
)
def test_a_cell_that_cannot_be_a_number_stays_text(shown, value) -> None:
    assert number_cell(shown, value) == shown


def test_the_first_digits_of_a_cell_are_its_value_and_a_minus_is_a_sign() -> None:
    assert number_cell("2 个 (2)", 2.0) == NumberCell("2 个 (2)", 2.0, '0" 个 (2)"')
    assert number_cell("−1,234.5 亿元", -1234.5) == NumberCell("−1,234.5 亿元", -1234.5, '#,##0.0" 亿元"')


def test_a_label_goes_where_it_is_farthest_from_every_edge() -> None:
    # A 20 × 20 square away from the origin: its centre is 10 from every edge.
    x, y = md.label_point([[(100, 20), (120, 20), (120, 40), (100, 40), (100, 20)]])
    assert abs(x - 110) < 1.0 and abs(y - 30) < 1.0
    # A 40 × 10 rectangle: on its midline, at least 4.5 from the long edges' ends.
    x, y = md.label_point([[(100, 20), (140, 20), (140, 30), (100, 30), (100, 20)]])
    assert abs(y - 25) < 0.5 and 104.5 < x < 135.5
    # An L: the corner square is the roomiest part; the bounding box's centre is outside.
    ell = [(0, 0), (30, 0), (30, 10), (10, 10), (10, 30), (0, 30), (0, 0)]
    x, y = md.label_point([ell])
    assert point_in_rings(x, y, [ell]) and min(x, y) > 3 and not (x > 10 and y > 10)


def test_edge_distance_to_the_nearest_segment() -> None:
    a = np.array([[0.0, 0.0], [10.0, 0.0]])
    b = np.array([[10.0, 0.0], [10.0, 10.0]])
    px, py = np.array([5.0, 12.0, -3.0, 10.0]), np.array([2.0, 5.0, -4.0, 0.0])
    assert edge_distance(px, py, a, b).tolist() == [2.0, 2.0, 5.0, 0.0]
    assert edge_distance(px, py, a[:0], b[:0]).tolist() == [np.inf] * 4
    dot = np.array([[1.0, 1.0]])  # a segment of length zero is its point
    assert edge_distance(np.array([4.0]), np.array([5.0]), dot, dot).tolist() == [5.0]


def test_a_table_with_fixed_units_has_one_view_per_figure_column(db) -> None:
    table = db.table("projects")
    views = available_views(db.conn, table, QueryState())
    figures = plain(
        "SELECT [column], unit, qualifier_column FROM _meta_columns WHERE [table] = 'projects' "
        "AND role = 'figure' AND visible = 1 AND type IN ('INTEGER', 'REAL') ORDER BY rowid"
    )
    expected = {}
    for column, unit, qualifier in figures:
        n = plain(
            f'SELECT count(*) FROM projects WHERE "{column}" IS NOT NULL OR "{qualifier}" = ?', "double_digit"
        )
        if n[0][0]:
            expected[column] = (f"rows:{column}", unit, "", n[0][0])
    rows = {v.column: (v.key, v.unit, v.measure, v.count) for v in views if v.kind == "rows"}
    assert rows == expected and "investment_yi" in rows
    view = next(v for v in views if v.column == "investment_yi")
    data = chart_bars(db.conn, table, QueryState(), view, "en")
    stored = plain(
        "SELECT rowid, coalesce(name_en, name_zh), investment_yi, start_date FROM projects "
        "WHERE investment_yi IS NOT NULL ORDER BY rowid"
    )
    assert [(b.rowid, b.label, b.value, b.period) for b in data.bars] == [
        (r, name, money, start or "") for r, name, money, start in stored
    ]


def test_nothing_to_chart_when_no_row_passes_the_filters(db) -> None:
    table = db.table("indicators")
    nothing = QueryState(filters=(("name_zh", "=没有这个指标"),))
    assert available_views(db.conn, table, nothing) == []
    view = ChartView("groups:category", "groups", "category")
    assert chart_bars(db.conn, table, nothing, view, "zh") == ChartData(view, [], 0, 0)


def test_group_bars_of_a_reference_in_english_take_the_english_names(db) -> None:
    table = db.table("indicators")
    view = next(v for v in available_views(db.conn, table, QueryState()) if v.column == "bulletin_id")
    titles = dict(plain("SELECT id, title_en FROM bulletins"))
    counts = plain("SELECT bulletin_id, count(*) FROM indicators GROUP BY 1")
    data = chart_bars(db.conn, table, QueryState(), view, "en")
    assert [(b.label, b.value) for b in data.bars] == [(titles[g], float(n)) for g, n in counts]


def test_window_totals_of_a_column_with_a_fixed_unit(db) -> None:
    table = db.table("projects")
    query = TableQuery(db.conn, table)
    stored = plain(
        "SELECT investment_yi, coalesce(investment_yi_qualifier, 'exact') FROM projects ORDER BY rowid"
    )
    for offset, limit in ((0, len(stored)), (2, 4)):
        window = stored[offset : offset + limit]
        exact = [v for v, q in window if q == "exact" and v is not None]
        left_out = sum(1 for _, q in window if q != "exact")
        expected = [
            (
                "亿元",
                len(exact),
                float(sum(exact)),
                min(exact, default=None),
                max(exact, default=None),
                left_out,
            )
        ]
        assert query.window_unit_totals(QueryState(), "investment_yi", offset, limit) == expected


def test_a_rows_name_in_the_language_else_the_other_else_its_id() -> None:
    assert record_name({"name_zh": "衡南县", "name_en": "Hengnan"}, "en") == "Hengnan"
    assert record_name({"name_zh": "衡南县", "name_en": "Hengnan"}, "zh") == "衡南县"
    assert record_name({"name_zh": "衡南县", "name_en": ""}, "en") == "衡南县"
    assert record_name({"title_zh": "公报", "title_en": "Bulletin"}, "en") == "Bulletin"
    assert record_name({"id": "hengnan", "name_zh": None}, "zh") == "hengnan"
    assert record_name({}, "zh") == ""
    assert bilingual(None, None, "en", "fallback") == "fallback" and bilingual("中", None, "en") == "中"


def test_bulletins_are_looked_up_by_id_without_their_text(db) -> None:
    lookup = BulletinLookup(db.conn, db.table("bulletins"))
    ids = [i for (i,) in plain("SELECT id FROM bulletins ORDER BY id")]
    assert list(lookup) == ids and len(lookup) == len(ids)
    row = lookup[ids[0]]
    stored = plain("SELECT title_zh, published FROM bulletins WHERE id = ?", ids[0])[0]
    assert (row["title_zh"], row["published"]) == stored and "source_text" not in row
    assert lookup[ids[0]] is row  # read once, kept
    with pytest.raises(KeyError) as missing:
        lookup["no-such-bulletin"]
    assert missing.value.args == ("no-such-bulletin",)
    assert lookup.get("no-such-bulletin") is None


def test_a_row_naming_its_own_district_is_drawn_there_if_the_map_has_it(db) -> None:
    table = db.table("events")  # events name a district, never a place
    stored = plain("SELECT rowid, district_id FROM events ORDER BY rowid")
    assert {d for _, d in stored if d} == {"hengyang_county", "changning"}
    for known in (DISTRICTS, {"changning"}, None):
        records = md.map_records(db.conn, table, QueryState(), places={}, district_ids=known)
        expected = [(r, "district" if d and (known is None or d in known) else "none", d) for r, d in stored]
        assert [(m.rowid, m.placement, m.district_id) for m in records] == expected, known
        assert all(m.place_id is None and m.lon is None and not m.lines for m in records)


def test_every_place_is_read_as_stored(db) -> None:
    places = md.load_places(db.conn)
    rows = plain(
        "SELECT id, name_zh, name_en, kind, district_id, lat, lon, precision_m, confidence, geometry "
        "FROM places"
    )
    for ident, zh, en, kind, district, lat, lon, precision, confidence, geometry in rows:
        place = places[ident]
        assert (place.id, place.name_zh, place.name_en, place.kind) == (ident, zh, en or "", kind)
        assert (place.district_id, place.lat, place.lon, place.precision_m) == (
            district or None,
            lat,
            lon,
            precision,
        )
        assert place.confidence == (confidence or None)
        assert bool(place.lines) == bool(geometry)
        assert place.name("en") == (en or zh or ident)


def test_lines_from_geojson_text_or_dicts_one_or_many() -> None:
    many = {
        "type": "MultiLineString",
        "coordinates": [[[1, 2], [3, 4]], [[5, 6]], [[7, 8], [9, 10], [11, 12]]],
    }
    # A part with one point is no line and is left out.
    assert md.parse_lines(many) == (((1.0, 2.0), (3.0, 4.0)), ((7.0, 8.0), (9.0, 10.0), (11.0, 12.0)))
    assert md.parse_lines(json.dumps(many)) == md.parse_lines(many)
    assert md.parse_lines({"type": "LineString", "coordinates": [[1, 2], [3, 4]]}) == (
        ((1.0, 2.0), (3.0, 4.0)),
    )
    assert md.parse_lines({"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [1, 2]]]}) == ()


@pytest.mark.parametrize(
    ("measure", "value", "figure", "benchmark", "zh", "en"),
    [
        ("pp_gap", -0.5, "0.5个百分点", "全省", "低于全省0.5个百分点",
         ": 0.5 percentage points below the province"),
        ("pp_change", 1.7, "", "", "比上期提高1.7 个百分点",
         ": up 1.7 percentage points from the previous period"),
        ("contribution_pp", -0.3, "", "", "下拉0.3 个百分点", ": takes off 0.3 percentage points"),
        ("pp_gap", 2.0, "", "", "：2.0 pp", ": 2.0 pp"),  # a gap to nothing named: the figure as shown
    ],
)  # fmt: skip
def test_a_change_in_points_is_cited_against_what_it_is_measured_on(
    measure, value, figure, benchmark, zh, en
):
    row = {"name_zh": "增速", "name_en": "Growth", "measure": measure, "value": value, "qualifier": "exact"}
    row |= {"unit": "个百分点", "figure": figure, "benchmark": benchmark}
    row |= {"period_start": "2021-01", "period_end": "2021-05"}
    bulletin = {
        "original_source": "衡阳日报",
        "original_source_en": "Hengyang Daily",
        "published": "2021-06-29",
    }
    assert cite_indicator(row, "2.0 pp", bulletin, "zh") == f"增速{zh}（2021年1–5月；衡阳日报，2021-06-29）"
    assert (
        cite_indicator(row, "2.0 pp", bulletin, "en")
        == f"Growth{en} (Jan–May 2021; Hengyang Daily, 2021-06-29)"
    )


def test_a_table_of_text_and_dates_has_nothing_to_chart(db) -> None:
    # bulletins: names, dates and plain counts (no figure with a qualifier, no code, no reference)
    assert not has_chartable_columns(db.table("bulletins"))
    assert has_chartable_columns(db.table("events"))  # codes only: rows per kind
    assert has_chartable_columns(db.table("indicators"))  # figures and codes
    assert available_views(db.conn, db.table("bulletins"), QueryState()) == []


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [("2021", "2021", "2021"), ("2021H1", None, "2021H1 – …"), (None, "2021Q2", "… – 2021Q2"),
     ("2021-13", "2021-14", "2021-13 – 2021-14")],
)  # fmt: skip
def test_a_period_that_is_no_month_is_shown_as_stored(start, end, shown) -> None:
    assert period_text(start, end, "zh") == shown and period_text(start, end, "en") == shown


def test_metadata_records_become_columns_and_tables() -> None:
    full = {
        "table": "t", "column": "value", "type": "REAL", "role": "figure", "label_zh": "数值",
        "label_en": "Value", "unit": "@unit", "references": "", "lang": "", "visible": "1",
        "indexed": "true", "searchable": "0", "required": "True", "allowed": "a|b||c",
        "qualifier_column": "qualifier",
    }  # fmt: skip
    column = column_from_record(full)
    assert column == ColumnMeta(
        "t", "value", "REAL", "figure", "数值", "Value", unit="@unit", visible=True, indexed=True,
        searchable=False, required=True, allowed=("a", "b", "c"), qualifier_column="qualifier",
    )  # fmt: skip
    bare = column_from_record(
        {k: full[k] for k in ("table", "column", "type", "role", "label_zh", "label_en")}
    )
    assert (bare.unit, bare.references, bare.lang, bare.allowed, bare.qualifier_column) == (
        "",
        "",
        "",
        (),
        "",
    )
    assert (bare.visible, bare.indexed, bare.searchable, bare.required) == (True, False, False, False)
    hidden = column_from_record(dict(full, visible=0, references="places", lang="zh", unit=None))
    assert (hidden.visible, hidden.references, hidden.lang, hidden.unit) == (False, "places", "zh", "")
    record = {"table": "t", "title_zh": "表", "title_en": "Table", "description_zh": "说明"}
    table = table_from_record(dict(record, position="3", default_sort="value", per_bulletin="0"), [column])
    assert table == TableMeta("t", "表", "Table", "说明", "", 3, "value", False, (column,))
    plain_table = table_from_record(record, [])
    assert (plain_table.position, plain_table.default_sort, plain_table.per_bulletin) == (0, "", True)
    assert plain_table.columns == () and plain_table.description("en") == ""
