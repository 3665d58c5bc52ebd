"""Behaviours a review broke on purpose without any test noticing, each checked here without a window.

Every expectation is written by hand or read with plain sqlite3 and Python, never through the
query layer under test.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hybrowser.core.citation import cite_indicator, period_text
from hybrowser.core.export import to_tsv
from hybrowser.core.figures import bounds, is_bound, is_upper_bound, parse_figure
from hybrowser.db.chart_data import available_views, chart_bars
from hybrowser.db.connection import BulletinDatabase, connect_readonly, open_database, uri_options
from hybrowser.db.export_rows import export_table
from hybrowser.db.query import DENSE_MATCHES, QueryState, SortKey, TableQuery

# --- clipboard text -----------------------------------------------------------------------------


def test_tsv_quotes_cells_holding_quotes_tabs_and_line_breaks() -> None:
    grid = [["plain", 'say "hi"', "a\tb"], ["two\nlines", "cr\rhere", None], [3.5, "", "end"]]
    assert to_tsv(grid) == ('plain\t"say ""hi"""\t"a\tb"\r\n"two\nlines"\t"cr\rhere"\t\r\n3.5\t\tend\r\n')


def test_tsv_reads_back_into_the_same_cells() -> None:
    """What a spreadsheet's TSV reader (Python's excel-tab dialect) makes of the text: the same grid."""
    grid = [['他说"好"', "x\ty", "第一行\n第二行"], ["", '""', "tab at end\t"]]
    text = to_tsv(grid)
    assert list(csv.reader(io.StringIO(text, newline=""), dialect="excel-tab")) == grid


def test_tsv_of_nothing_is_empty() -> None:
    assert to_tsv([]) == ""


# --- citations ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "zh", "en"),
    [
        ("2020-11", "2021-02", "2020年11月–2021年2月", "Nov 2020–Feb 2021"),
        ("2019-12", "2020-12", "2019年12月–2020年12月", "Dec 2019–Dec 2020"),
        ("2021-01", "2021-05", "2021年1–5月", "Jan–May 2021"),
        ("2021-05", "2021-05", "2021年5月", "May 2021"),
        (None, "2021-05", "截至2021年5月", "as of May 2021"),
        ("2021-03", None, "2021年3月起", "from Mar 2021"),
        (None, None, "", ""),
    ],
)
def test_period_text_keeps_each_end_in_its_own_year(start, end, zh, en) -> None:
    assert period_text(start, end, "zh") == zh
    assert period_text(start, end, "en") == en


def test_a_citation_over_a_year_end_keeps_the_start_year() -> None:
    row = {
        "name_zh": "出口额",
        "name_en": "Exports",
        "measure": "amount",
        "value": 12.5,
        "unit": "亿元",
        "qualifier": "exact",
        "figure": "12.5亿元",
        "period_start": "2020-11",
        "period_end": "2021-02",
    }
    bulletin = {
        "original_source": "衡阳日报",
        "original_source_en": "Hengyang Daily",
        "published": "2021-03-20",
    }
    assert cite_indicator(row, "12.5 亿元", bulletin, "zh") == (
        "出口额：12.5亿元（2020年11月–2021年2月；衡阳日报，2021-03-20）"
    )
    assert cite_indicator(row, "12.5 ×10⁸ yuan", bulletin, "en") == (
        "Exports: 12.5 ×10⁸ yuan (Nov 2020–Feb 2021; Hengyang Daily, 2021-03-20)"
    )


# --- read-only ----------------------------------------------------------------------------------


def test_connections_are_read_only_even_without_query_only(tmp_path: Path, built_db: Path) -> None:
    """mode=ro, not only PRAGMA query_only: lifting the pragma still leaves nothing writable."""
    path = tmp_path / "data.db"
    shutil.copy(built_db, path)
    before = path.read_bytes()
    assert uri_options(path) == "mode=ro"
    database = open_database(path)
    for conn in (connect_readonly(path), database.conn):
        assert conn.execute("PRAGMA query_only").fetchone()[0] == 1
        conn.execute("PRAGMA query_only = 0")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("CREATE TABLE scratch (x)")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM indicators")
        conn.close()
    assert path.read_bytes() == before


# --- filters ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(built_db: Path) -> Iterator[BulletinDatabase]:
    database = open_database(built_db)
    yield database
    database.close()


def plain_rowids(database: BulletinDatabase, sql: str, *params: object) -> list[int]:
    """rowids by a plain SQL statement on a connection of our own (no app functions)."""
    conn = sqlite3.connect(f"file:{database.path}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute(sql, params)]
    finally:
        conn.close()


def fetched(database: BulletinDatabase, table: str, state: QueryState) -> list[int]:
    query = TableQuery(database.conn, database.table(table))
    assert query.compile(state).errors == {}
    rows = [row[0] for row in query.fetch(state, 0, 100_000)]
    assert query.count(state) == len(rows)
    return rows


@pytest.mark.parametrize(
    ("text", "code"), [("投资", "investment"), ("财政", "fiscal"), ("Investment", "investment")]
)
def test_a_code_column_finds_the_code_whose_label_holds_the_text(db, text, code) -> None:
    """The category cell shows 投资 for the stored code 'investment': typing 投资 finds those rows."""
    expected = plain_rowids(db, "SELECT rowid FROM indicators WHERE category = ? ORDER BY rowid", code)
    assert expected
    assert fetched(db, "indicators", QueryState(filters=(("category", text),))) == expected


def test_a_code_column_still_finds_the_stored_code(db) -> None:
    expected = plain_rowids(db, "SELECT rowid FROM indicators WHERE category LIKE '%invest%' ORDER BY rowid")
    assert expected
    assert fetched(db, "indicators", QueryState(filters=(("category", "invest"),))) == expected


# --- the large-table path -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def paged(paged_db: Path) -> Iterator[BulletinDatabase]:
    database = open_database(paged_db)
    yield database
    database.close()


def indicator_rows(database: BulletinDatabase) -> list[tuple[int, float | None, float | None]]:
    conn = sqlite3.connect(f"file:{database.path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT rowid, value, lower_bound FROM indicators ORDER BY rowid").fetchall()
    finally:
        conn.close()


#: Filters with a form that skips the column's index, and the same test in Python.
SCANNED = {
    ">10": lambda v, _b: v is not None and v > 10,
    ">=0": lambda v, _b: v is not None and v >= 0,
    "0~50": lambda v, _b: v is not None and 0 <= v <= 50,
    "<>20": lambda v, _b: v is not None and v != 20,
}


@pytest.mark.parametrize("text", list(SCANNED))
@pytest.mark.parametrize(("offset", "limit"), [(0, 10), (15, 10), (25, 10)])
def test_the_large_table_path_returns_the_rows_of_the_small_one(paged, text, offset, limit) -> None:
    """With more matches than DENSE_MATCHES the page is read in table order without the index;
    every page is the one plain Python picks."""
    rows = indicator_rows(paged)
    test = SCANNED[text]
    matching = [rowid for rowid, value, bound in rows if test(value, bound)]
    # TableQuery takes that path when the matches reach ten times the rows needed.
    assert len(matching) >= 10 * (offset + limit)
    state = QueryState(filters=(("value", text),))
    statements: list[str] = []
    paged.conn.set_trace_callback(statements.append)
    try:
        large = TableQuery(paged.conn, paged.table("indicators"), dense_matches=0).fetch(state, offset, limit)
    finally:
        paged.conn.set_trace_callback(None)
    # The large-table form ran: the column behind a unary + (so SQLite cannot use its index).
    assert any('+"indicators"."value"' in s and "LIMIT" in s for s in statements), statements
    small = TableQuery(paged.conn, paged.table("indicators")).fetch(state, offset, limit)
    assert [r[0] for r in large] == [r[0] for r in small] == matching[offset : offset + limit]
    assert large == small


def test_the_large_table_path_with_two_filters(paged) -> None:
    rows = indicator_rows(paged)
    matching = [r for r, v, b in rows if v is not None and v > 5 and b is not None and b >= 10]
    state = QueryState(filters=(("value", ">5"), ("lower_bound", ">=10")))
    query = TableQuery(paged.conn, paged.table("indicators"), dense_matches=0)
    assert query.compile(state).scan_where is not None
    assert len(matching) >= 10 * 50
    assert [r[0] for r in query.fetch(state, 20, 30)] == matching[20:50]
    assert query.count(state) == len(matching)


def test_a_sorted_or_sparse_query_keeps_the_index_and_the_same_rows(paged) -> None:
    rows = indicator_rows(paged)
    descending = sorted(
        ((r, v) for r, v, _ in rows if v is not None and v > 10), key=lambda rv: (-rv[1], -rv[0])
    )
    state = QueryState(filters=(("value", ">10"),), sort=(SortKey("value", True),))
    query = TableQuery(paged.conn, paged.table("indicators"), dense_matches=0)
    assert [r[0] for r in query.fetch(state, 10, 25)] == [r for r, _ in descending[10:35]]
    # Fewer matches than DENSE_MATCHES (the default): the index answers, the same rows.
    assert len(rows) < DENSE_MATCHES
    plain = QueryState(filters=(("value", ">10"),))
    default = TableQuery(paged.conn, paged.table("indicators"))
    assert default.fetch(plain, 0, 40) == query.fetch(plain, 0, 40)


# --- bounds drawn open --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "unit", "value", "qualifier", "lower", "upper"),
    [
        ("30余家", "家", 30.0, "odd", 30.0, None),
        ("15%以上", "%", 15.0, "at_least", 15.0, None),
        ("超过5300家", "家", 5300.0, "more_than", 5300.0, None),
        ("不足5亿元", "亿元", 5.0, "less_than", None, 5.0),
        ("约50平方公里", "km²", 50.0, "approx", None, None),
        ("135.2%", "%", 135.2, "exact", 135.2, 135.2),
    ],
)
def test_a_figure_with_a_bound_word_is_a_bound(figure, unit, value, qualifier, lower, upper) -> None:
    parsed = parse_figure(figure, unit)
    assert (parsed.value, parsed.qualifier) == (value, qualifier)
    assert bounds(parsed.value, parsed.qualifier) == (lower, upper)
    assert is_bound(qualifier) == (lower is not None and upper is None)
    assert is_upper_bound(qualifier) == (upper is not None and lower is None)


def test_counts_stated_as_30余家_are_drawn_open(db) -> None:
    """引进数字经济引领型企业 30余家 and 活跃电商企业 超过5300家 are open to the right; exact counts not."""
    table = db.table("indicators")
    views = available_views(db.conn, table, QueryState())
    view = next(v for v in views if (v.measure, v.unit) == ("count", "家"))
    bars = {bar.label: bar for bar in chart_bars(db.conn, table, QueryState(), view, "zh").bars}
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    sql = (
        "SELECT name_zh, qualifier FROM indicators WHERE measure = 'count' AND unit = ? AND value IS NOT NULL"
    )
    expected = dict(conn.execute(sql, ("家",)).fetchall())
    conn.close()
    assert set(bars) == set(expected)
    assert expected["引进数字经济引领型企业"] == "odd" and expected["活跃电商企业"] == "more_than"
    for name, bar in bars.items():
        opened = expected[name] != "exact"
        assert (bar.is_bound, bar.is_upper) == (opened, False), name
    assert bars["引进数字经济引领型企业"].value == 30.0


def test_a_growth_stated_as_以上_is_drawn_open(falling_db: Path) -> None:
    database = open_database(falling_db)
    try:
        table = database.table("indicators")
        state = QueryState(filters=(("region", "=衡南县"),))
        view = next(
            v
            for v in available_views(database.conn, table, state)
            if (v.measure, v.unit) == ("growth_yoy", "%")
        )
        bars = {bar.label: bar for bar in chart_bars(database.conn, table, state, view, "zh").bars}
    finally:
        database.close()
    hitech = bars["高新技术产业增加值增速"]  # 15%以上
    assert (hitech.value, hitech.qualifier, hitech.is_bound, hitech.is_upper) == (
        15.0,
        "at_least",
        True,
        False,
    )
    exact = bars["固定资产投资增速"]
    assert (exact.is_bound, exact.is_upper) == (False, False)


# --- export -------------------------------------------------------------------------------------


def test_export_writes_the_filtered_rows_only(paged, tmp_path: Path) -> None:
    table = paged.table("indicators")
    shown = table.visible_columns("zh")
    names = [c.name for c in shown]
    state = QueryState(filters=(("value", ">100"),))
    written = export_table(paged.conn, table, shown, state, "zh", tmp_path / "rows.csv", codes=True)
    conn = sqlite3.connect(f"file:{paged.path}?mode=ro", uri=True)
    select = ", ".join(f'"{n}"' for n in names)
    expected = conn.execute(f"SELECT {select} FROM indicators WHERE value > 100 ORDER BY rowid").fetchall()
    total = conn.execute("SELECT count(*) FROM indicators").fetchone()[0]
    conn.close()
    assert 0 < len(expected) < total
    rows = list(csv.reader(io.StringIO((tmp_path / "rows.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0] == names
    assert rows[1:] == [["" if v is None else str(v) for v in row] for row in expected]
    assert written == len(expected)
