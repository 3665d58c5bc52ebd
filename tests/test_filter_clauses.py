"""Each form of filter box made a clause: its description (the status line), SQL and parameters."""

from __future__ import annotations

import pytest

from hybrowser.db.connection import open_database
from hybrowser.db.filters import FilterError, parse_filter


@pytest.fixture
def indicators(built_db):
    db = open_database(built_db)
    try:
        yield db.table("indicators")
    finally:
        db.close()


def clause(table, column: str, text: str, **kwargs):
    return parse_filter(text, table.column(column), table.name, **kwargs)


@pytest.mark.parametrize(
    ("text", "description", "sql", "params"),
    [
        ("=NULL", "value is empty", '"indicators"."value" IS NULL', ()),
        (" = null ", "value is empty", '"indicators"."value" IS NULL', ()),
        ("<>null", "value is not empty", '"indicators"."value" IS NOT NULL', ()),
        ("!= NULL", "value is not empty", '"indicators"."value" IS NOT NULL', ()),
        ("/^1/", "value ~ /^1/", 'hb_regexp(?, "indicators"."value")', ("^1",)),
        (">= 5", "value >= 5", '"indicators"."value" >= ?', (5.0,)),
        ("<=5", "value <= 5", '"indicators"."value" <= ?', (5.0,)),
        ("<>5", "value <> 5", '"indicators"."value" <> ?', (5.0,)),
        ("!=5", "value <> 5", '"indicators"."value" <> ?', (5.0,)),
        (">5", "value > 5", '"indicators"."value" > ?', (5.0,)),
        ("<5", "value < 5", '"indicators"."value" < ?', (5.0,)),
        ("=5", "value = 5", '"indicators"."value" = ?', (5.0,)),
        ("5", "value = 5", '"indicators"."value" = ?', (5.0,)),
        (" 9 ~ 2 ", "value 9~2", '"indicators"."value" BETWEEN ? AND ?', (2.0, 9.0)),
    ],
)
def test_number_filters(indicators, text, description, sql, params):
    result = clause(indicators, "value", text)
    assert (result.description, result.sql, tuple(result.params)) == (description, sql, params)


def test_number_filters_name_the_scan_form(indicators):
    assert clause(indicators, "value", "5").scan_sql == '+"indicators"."value" = ?'
    assert clause(indicators, "value", ">5").scan_sql == '+"indicators"."value" > ?'
    assert clause(indicators, "value", "1~2").scan_sql == '+"indicators"."value" BETWEEN ? AND ?'


def test_empty_box_is_no_filter(indicators):
    assert clause(indicators, "value", "") is None
    assert clause(indicators, "value", "   ") is None


def test_a_tilde_with_one_side_is_no_range(indicators):
    # "~5" is not a range: a text column then searches for it
    assert clause(indicators, "name_zh", "~5").description == "name_zh contains “~5”"
    assert clause(indicators, "name_zh", "5~").description == "name_zh contains “5~”"


def test_text_filters_describe_themselves(indicators):
    assert clause(indicators, "name_zh", " 增速 ").description == "name_zh contains “增速”"
    assert clause(indicators, "name_zh", "=增速").description == "name_zh = 增速"
    assert clause(indicators, "name_zh", "a~c").description == "name_zh a~c"
    assert clause(indicators, "name_zh", ">a").description == "name_zh > a"
    code = clause(indicators, "category", "投资")
    assert code.description == "category contains “投资”"
    assert "investment" in code.params


@pytest.mark.parametrize("op", [">=", "<=", "<>", ">", "<", "="])
def test_an_operator_without_value_says_so(indicators, op):
    with pytest.raises(FilterError, match=f"^type a value after {op}$"):
        clause(indicators, "value", op + "  ")


def test_a_bad_regular_expression_says_so(indicators):
    with pytest.raises(FilterError, match="^bad regular expression: "):
        clause(indicators, "name_zh", "/(/")
    # "/" alone is no regular expression: it is searched for
    assert clause(indicators, "name_zh", "/").description == "name_zh contains “/”"


# ---- a table's filters compiled together ------------------------------------------------------


@pytest.fixture
def db(built_db):
    database = open_database(built_db)
    try:
        yield database
    finally:
        database.close()


def compiled(db, **state):
    from hybrowser.db.query import QueryState, TableQuery

    return TableQuery(db.conn, db.table("indicators")).compile(QueryState(**state))


def test_no_filter_compiles_to_every_row(db):
    query = compiled(db)
    assert (query.source, query.where, query.params) == ('FROM "indicators"', "1", ())
    assert (query.errors, query.descriptions, query.only_index, query.scan_where) == ({}, (), None, None)


def test_number_filters_are_joined_with_and_and_have_a_scan_form(db):
    query = compiled(db, filters=(("value", ">5"), ("value_missing", "3"), ("lower_bound", "1~2")))
    assert query.where == '("indicators"."value" > ?) AND ("indicators"."lower_bound" BETWEEN ? AND ?)'
    assert query.params == (5.0, 1.0, 2.0)
    assert query.descriptions == ("value > 5", "lower_bound 1~2")
    assert query.scan_where == '(+"indicators"."value" > ?) AND (+"indicators"."lower_bound" BETWEEN ? AND ?)'
    assert query.errors == {} and query.only_index is None
    count = db.conn.execute(f"SELECT count(*) {query.source} WHERE {query.where}", query.params).fetchone()[0]
    raw = db.conn.execute(
        "SELECT count(*) FROM indicators WHERE value > 5 AND lower_bound BETWEEN 1 AND 2"
    ).fetchone()[0]
    assert count == raw


def test_a_wrong_filter_is_left_out_with_its_hint(db):
    query = compiled(db, filters=(("value", ">"), ("name_zh", "/(/"), ("unit", "=%")))
    assert set(query.errors) == {"value", "name_zh"}
    assert query.errors["value"] == "type a value after >"
    assert query.errors["name_zh"].startswith("bad regular expression: ")
    assert query.descriptions == ("unit = %",)


def test_the_search_is_described_and_drives_the_query(db):
    query = compiled(db, search="  增速 ")
    assert query.descriptions == ("search “增速”",)
    assert query.scan_where is None
    assert query.only_index is not None and query.only_index.index
    assert "CROSS JOIN" in query.source and "driver" in query.source
    found = {
        r[0]
        for r in db.conn.execute(
            f'SELECT "indicators".rowid {query.source} WHERE {query.where}', query.params
        )
    }
    raw = {r[0] for r in db.conn.execute("SELECT rowid FROM indicators WHERE name_zh LIKE '%增速%'")}
    assert raw <= found and found
    # with a filter beside it, the search no longer counts alone
    both = compiled(db, search="增速", filters=(("value", ">5"),))
    assert both.only_index is None and both.descriptions == ("value > 5", "search “增速”")
    assert both.params[0] == 5.0
