"""The committed data.db: every figure is quoted verbatim, bounded by its qualifier and never derived."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hybrowser.core.figures import parse_figure
from hybrowser.db.connection import open_database
from hybrowser.db.query import QueryState, TableQuery

DATA_DB = Path(__file__).resolve().parent.parent / "data.db"

# Entity table → the indicators column that names one of its rows.
SUBJECT_COLUMNS = {
    "projects": "project_id",
    "parks": "park_id",
    "enterprises": "enterprise_id",
    "funding": "funding_id",
}


@pytest.fixture(scope="module")
def conn() -> Iterator[sqlite3.Connection]:
    assert DATA_DB.is_file(), f"{DATA_DB} is not committed"
    connection = sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def meta_columns(conn: sqlite3.Connection, where: str = "1") -> list[sqlite3.Row]:
    return conn.execute(f"SELECT * FROM _meta_columns WHERE {where} ORDER BY rowid").fetchall()


def table_names(conn: sqlite3.Connection) -> list[str]:
    return [row["table"] for row in conn.execute("SELECT * FROM _meta_tables ORDER BY position")]


def indicators(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM indicators ORDER BY id").fetchall()


def by_id(conn: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    return {row["id"]: row for row in indicators(conn)}


def searchable(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r["column"] for r in meta_columns(conn, f"\"table\" = '{table}' AND searchable = 1")]


def python_matches(conn: sqlite3.Connection, table: str, needle: str) -> set[int]:
    """rowids whose searchable columns contain needle, case-folded, by plain Python."""
    columns = searchable(conn, table)
    folded = needle.casefold()
    select = ", ".join(f"[{c}]" for c in columns)
    return {
        row[0]
        for row in conn.execute(f"SELECT rowid, {select} FROM [{table}]")
        if any(v is not None and folded in str(v).casefold() for v in row[1:])
    }


# --- quotes ---------------------------------------------------------------------------------


def test_every_indicator_quote_contains_its_figure_as_written(conn: sqlite3.Connection) -> None:
    rows = indicators(conn)
    assert rows
    missing = [(r["id"], r["figure"]) for r in rows if r["figure"] not in r["quote"]]
    assert missing == []


def test_quote_of_135_2_contains_the_percent(conn: sqlite3.Connection) -> None:
    row = conn.execute("SELECT * FROM indicators WHERE value = 135.2").fetchone()
    assert row is not None
    assert "135.2%" in row["quote"]


def test_every_quote_is_verbatim_in_the_bulletin(conn: sqlite3.Connection) -> None:
    texts = {r["id"]: r["source_text"] for r in conn.execute("SELECT id, source_text FROM bulletins")}
    assert texts and all(texts.values())
    tables = [r["table"] for r in meta_columns(conn, "\"column\" = 'quote'")]
    assert {"indicators", "projects", "parks", "enterprises", "funding", "events"} <= set(tables)
    checked = 0
    problems = []
    for table in tables:
        for row in conn.execute(f"SELECT id, bulletin_id, quote FROM [{table}]"):
            checked += 1
            if row["quote"] not in texts[row["bulletin_id"]]:
                problems.append((table, row["id"], row["quote"]))
    assert problems == []
    assert checked > 50


# --- bounds and qualifiers ------------------------------------------------------------------


def expected_bounds(qualifier: str, value: float | None) -> tuple[float | None, float | None]:
    """What each qualifier means, spelled out independently of hybrowser.core.figures."""
    return {
        "exact": (value, value),
        "more_than": (value, None),
        "at_least": (value, None),
        "odd": (value, None),
        "double_digit": (10.0, None),
        "nearly": (None, value),
        "approx": (None, None),
    }[qualifier]


def test_every_bound_agrees_with_its_qualifier(conn: sqlite3.Connection) -> None:
    wrong = []
    for r in indicators(conn):
        if r["qualifier"] == "double_digit" and r["value"] is not None:
            wrong.append((r["id"], "double_digit with a value", r["value"]))
        elif r["qualifier"] != "double_digit" and r["value"] is None:
            wrong.append((r["id"], f"{r['qualifier']} without a value", None))
        actual = (r["lower_bound"], r["upper_bound"])
        if actual != expected_bounds(r["qualifier"], r["value"]):
            wrong.append((r["id"], r["qualifier"], r["value"], actual))
    assert wrong == []


def test_every_qualifier_is_used_as_the_data_needs(conn: sqlite3.Connection) -> None:
    used = {r["qualifier"] for r in indicators(conn)}
    assert {"exact", "more_than", "double_digit", "nearly", "approx", "odd"} <= used


def test_more_than_20_is_not_stored_as_exact_20(conn: sqlite3.Connection) -> None:
    row = by_id(conn)["industrial_revenue_growth"]
    assert row["figure"] == "超过20%"
    assert row["qualifier"] == "more_than"
    assert (row["value"], row["lower_bound"], row["upper_bound"]) == (20.0, 20.0, None)


def test_fai_growth_is_double_digit_without_a_value(conn: sqlite3.Connection) -> None:
    row = by_id(conn)["fai_growth"]
    assert row["qualifier"] == "double_digit"
    assert row["value"] is None
    assert (row["lower_bound"], row["upper_bound"]) == (10.0, None)


def test_onemore_output_value_is_nearly_7(conn: sqlite3.Connection) -> None:
    row = by_id(conn)["onemore_output_value"]
    assert (row["qualifier"], row["value"], row["unit"]) == ("nearly", 7.0, "亿元")
    assert (row["lower_bound"], row["upper_bound"]) == (None, 7.0)
    enterprise = conn.execute("SELECT * FROM enterprises WHERE id = 'onemore'").fetchone()
    assert enterprise["output_value_yi"] == 7.0
    assert enterprise["output_value_yi_qualifier"] == "nearly"


# --- tables, keys, types, dates --------------------------------------------------------------


def test_every_table_has_rows(conn: sqlite3.Connection) -> None:
    names = table_names(conn)
    assert len(names) >= 10
    empty = [t for t in names if conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] == 0]
    assert empty == []


def test_foreign_keys_hold(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_foreign_keys_are_declared(conn: sqlite3.Connection) -> None:
    # foreign_key_check proves nothing without declared keys.
    for ref in meta_columns(conn, "\"references\" != ''"):
        keys = conn.execute(f"PRAGMA foreign_key_list([{ref['table']}])").fetchall()
        assert (ref["column"], ref["references"]) in {(k["from"], k["table"]) for k in keys}


def test_numbers_are_stored_as_numbers(conn: sqlite3.Connection) -> None:
    columns = meta_columns(conn, "type IN ('REAL', 'INTEGER')")
    assert len(columns) > 20
    wrong = []
    for c in columns:
        types = {r[0] for r in conn.execute(f"SELECT DISTINCT typeof([{c['column']}]) FROM [{c['table']}]")}
        if not types <= {"real", "integer", "null"}:
            wrong.append((c["table"], c["column"], types))
    assert wrong == []


def _is_iso_date(text: str) -> bool:
    if re.fullmatch(r"\d{4}", text):
        return True
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return 1 <= int(text[5:]) <= 12
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return False
        return True
    return False


def test_dates_are_iso(conn: sqlite3.Connection) -> None:
    columns = meta_columns(conn, "role IN ('date', 'month')")
    assert {(c["table"], c["column"]) for c in columns} >= {
        ("events", "date"),
        ("projects", "start_date"),
        ("bulletins", "published"),
        ("indicators", "period_start"),
        ("indicators", "period_end"),
    }
    wrong = []
    seen = 0
    for c in columns:
        for (value,) in conn.execute(f"SELECT [{c['column']}] FROM [{c['table']}]"):
            if value is None:
                continue
            seen += 1
            if not _is_iso_date(value) or (c["role"] == "month" and len(value) != 7):
                wrong.append((c["table"], c["column"], value))
    assert wrong == []
    assert seen > 50


def test_periods_are_ordered(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT id FROM indicators WHERE period_start > period_end "
        "UNION ALL SELECT id FROM bulletins WHERE period_start > period_end"
    ).fetchall()
    assert rows == []


# --- no derived figure ----------------------------------------------------------------------


def test_every_value_is_the_number_its_figure_states(conn: sqlite3.Connection) -> None:
    wrong = []
    for r in indicators(conn):
        parsed = parse_figure(r["figure"], r["unit"])
        if parsed.qualifier != r["qualifier"]:
            wrong.append((r["id"], r["figure"], "qualifier", parsed.qualifier, r["qualifier"]))
        if r["value"] is not None and parsed.value != r["value"]:
            wrong.append((r["id"], r["figure"], "value", parsed.value, r["value"]))
    assert wrong == []


def test_every_entity_figure_is_an_indicator_value(conn: sqlite3.Connection) -> None:
    checked = 0
    wrong = []
    for table, link in SUBJECT_COLUMNS.items():
        for c in meta_columns(conn, f"\"table\" = '{table}' AND role = 'figure'"):
            column = c["column"]
            for row in conn.execute(f"SELECT * FROM [{table}] WHERE [{column}] IS NOT NULL"):
                checked += 1
                sources = conn.execute(
                    f"SELECT value, qualifier FROM indicators WHERE [{link}] = ? AND subject_field = ?",
                    (row["id"], column),
                ).fetchall()
                if len(sources) != 1 or sources[0]["value"] != row[column]:
                    wrong.append((table, row["id"], column, row[column], [tuple(s) for s in sources]))
                elif c["qualifier_column"] and row[c["qualifier_column"]] != sources[0]["qualifier"]:
                    wrong.append((table, row["id"], c["qualifier_column"], row[c["qualifier_column"]]))
    assert wrong == []
    assert checked >= 15


def test_every_indicator_with_a_subject_field_fills_it(conn: sqlite3.Connection) -> None:
    wrong = []
    rows = [r for r in indicators(conn) if r["subject_field"]]
    assert rows
    for r in rows:
        targets = [(t, link) for t, link in SUBJECT_COLUMNS.items() if r[link]]
        assert len(targets) == 1, r["id"]
        table, link = targets[0]
        entity = conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (r[link],)).fetchone()
        if entity is None or entity[r["subject_field"]] != r["value"]:
            wrong.append((r["id"], table, r[link], r["subject_field"]))
    assert wrong == []


# --- full text ------------------------------------------------------------------------------


def test_trigram_index_finds_gaoxin_jishu(conn: sqlite3.Connection) -> None:
    found = {
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM indicators_fts WHERE indicators_fts MATCH ?", ('"高新技术"',)
        )
    }
    expected = python_matches(conn, "indicators", "高新技术")
    assert expected
    assert found == expected


def test_bigram_index_finds_two_character_words(conn: sqlite3.Connection) -> None:
    found = {
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM indicators_bigram WHERE indicators_bigram MATCH ?", ('"投资"',)
        )
    }
    expected = python_matches(conn, "indicators", "投资")
    assert expected
    assert found == expected


@pytest.mark.parametrize("needle", ["投资", "高新技术", "增速", "电商", "growth", "GROWTH", "Invest"])
def test_search_through_the_query_layer_equals_python(conn: sqlite3.Connection, needle: str) -> None:
    db = open_database(DATA_DB)
    try:
        query = TableQuery(db.conn, db.table("indicators"))
        count = query.count(QueryState(search=needle))
        rowids = {row[0] for row in query.fetch(QueryState(search=needle), 0, 10_000)}
        where = query.compile(QueryState(search=needle)).where
    finally:
        db.close()
    expected = python_matches(conn, "indicators", needle)
    assert count > 0
    assert count == len(expected)
    assert rowids == expected
    if needle in ("投资", "增速", "电商"):
        assert "indicators_bigram" in where  # the two-character index answers, not a scan
    if needle == "高新技术":
        assert "indicators_fts" in where


def test_every_table_search_equals_python(conn: sqlite3.Connection) -> None:
    db = open_database(DATA_DB)
    try:
        found = 0
        for table in db.tables:
            assert table.searchable_columns, table.name
            query = TableQuery(db.conn, table)
            for needle in ("衡阳", "产业", "数字经济", "hengyang", "park"):
                expected = python_matches(conn, table.name, needle)
                got = {row[0] for row in query.fetch(QueryState(search=needle), 0, 10_000)}
                assert got == expected, (table.name, needle)
                found += len(got)
        assert found > 50
    finally:
        db.close()


# --- the committed file is what the sources produce -----------------------------------------


def test_build_check_exits_0(repo_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hybrowser", "build", "--check"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "current" in result.stdout


def period(conn: sqlite3.Connection, indicator: str) -> tuple[str | None, str | None]:
    sql = "SELECT period_start, period_end FROM indicators WHERE id = ?"
    row = conn.execute(sql, (indicator,)).fetchone()
    return row["period_start"], row["period_end"]


def test_fact_check_of_issue_15_stays_mended(conn):
    """What an independent check against the bulletin found, mended: stocks and running totals
    have only an end, figures of one sentence share its period, nothing unstated is stored."""
    # 第600万套 is a running total reached in May, 已建成产线25条 a stock: no start.
    assert period(conn, "onemore_units_milestone") == (None, "2021-05")
    assert period(conn, "onemore_production_lines")[0] is None
    # The same sentence as the e-commerce turnover and the electronics growth (据统计,今年1--5月).
    assert period(conn, "active_ecommerce_enterprises")[1] == period(conn, "ecommerce_turnover")[1]
    for listing in ("digital_infra_projects", "digital_infra_list_size"):
        assert period(conn, listing)[1] == period(conn, "electronics_growth")[1] == "2021-05"
    # The ceremony was held at the resort's site; its own start is not stated.
    resort = "SELECT start_date FROM projects WHERE id = 'oct_resort_phase2'"
    assert conn.execute(resort).fetchone()[0] is None
    assert conn.execute("SELECT status FROM parks WHERE id = 'hengzhou_corridor'").fetchone()[0] is None
    assert not conn.execute("SELECT 1 FROM enterprise_links WHERE relation = 'builds'").fetchall()
    # 衡阳智造谷 is named (as a demonstration factory) and has its row, linked to its honour.
    named = conn.execute("SELECT id, kind FROM enterprises WHERE name_zh = '衡阳智造谷'").fetchone()
    assert named is not None and named["kind"] == "factory"
    honoured = "SELECT enterprise_id FROM events WHERE id = 'zhizaogu_5g_factory'"
    assert conn.execute(honoured).fetchone()[0] == named["id"]
    english = dict(conn.execute("SELECT id, name_en FROM indicators").fetchall())
    assert "completed" in english["online_projects_completed"]
    assert "or more" in english["new_projects_50m_q1"]
    assert english["research_services_growth"].startswith("Scientific research and technical services")
    assert "Leading" in english["priority_chain_count"]
    shuikoushan = "SELECT name_en FROM projects WHERE id = 'shuikoushan_extension'"
    assert "downstream industries" in conn.execute(shuikoushan).fetchone()[0]
