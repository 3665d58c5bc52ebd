"""The chart's bars and views, window-free, checked against plain SQL on the built databases."""

from __future__ import annotations

import sqlite3

import pytest

from hybrowser.db.chart_data import available_views, chart_bars
from hybrowser.db.connection import open_database
from hybrowser.db.query import QueryState

#: A row is drawn when it has a value, or a bound with no value (两位数, a stored lower bound).
DRAWABLE = "(value IS NOT NULL OR qualifier = 'double_digit' OR lower_bound IS NOT NULL)"
LOWER_KIND = ("more_than", "at_least", "double_digit", "odd")


def _raw(path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


@pytest.fixture(params=["built_db", "falling_db"])
def db_path(request):
    return request.getfixturevalue(request.param)


def test_indicator_views_are_one_per_measure_and_unit_with_their_drawable_rows(db_path):
    raw = _raw(db_path)
    expected = {
        (f"rows:value:{r['measure']}:{r['unit']}", r["measure"], r["unit"], r["n"])
        for r in raw.execute(
            f"SELECT measure, unit, count(*) AS n FROM indicators WHERE {DRAWABLE} GROUP BY 1, 2"
        )
    }
    db = open_database(db_path)
    try:
        views = available_views(db.conn, db.table("indicators"), QueryState())
    finally:
        db.close()
    rows = [(v.key, v.measure, v.unit, v.count) for v in views if v.kind == "rows"]
    assert set(rows) == expected
    assert all(v.column == "value" for v in views if v.kind == "rows")
    # in the order of the measure codes, then the most rows first, then by unit
    order = _measure_codes(db_path)
    assert rows == sorted(expected, key=lambda r: (order.index(r[1]), -r[3], r[2]))
    groups = [v for v in views if v.kind == "groups"]
    assert groups and all((v.unit, v.measure, v.key) == ("", "", f"groups:{v.column}") for v in groups)


def _measure_codes(path) -> list[str]:
    db = open_database(path)
    try:
        return list(db.table("indicators").column("measure").allowed)
    finally:
        db.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_indicator_bar_is_its_row_as_stored(db_path, lang):
    raw = _raw(db_path)
    db = open_database(db_path)
    try:
        table = db.table("indicators")
        views = [v for v in available_views(db.conn, table, QueryState()) if v.kind == "rows"]
        assert views
        for view in views:
            data = chart_bars(db.conn, table, QueryState(), view, lang, limit=100_000)
            rows = raw.execute(
                f"SELECT rowid, * FROM indicators WHERE measure = ? AND unit = ? AND {DRAWABLE}",
                (view.measure, view.unit),
            ).fetchall()
            assert (data.total, data.read, data.skipped, data.truncated) == (len(rows), len(rows), 0, False)
            by_id = {b.rowid: b for b in data.bars}
            assert set(by_id) == {r["rowid"] for r in rows}
            for r in rows:
                bar = by_id[r["rowid"]]
                q = r["qualifier"]
                value = r["value"]
                other = "name_zh" if lang == "en" else "name_en"
                assert bar.label == (r[f"name_{lang}"] or r[other]), r["id"]
                assert bar.value == (value if value is not None else r["lower_bound"]), r["id"]
                assert bar.stated == value
                assert bar.qualifier == q
                negative = value is not None and value < 0
                lower_kind = q in LOWER_KIND
                less = q == "less_than"  # a bound on the other side: 不足5亿元
                assert bar.is_bound == ((lower_kind and not negative) or (less and negative)), r["id"]
                assert bar.is_upper == ((lower_kind and negative) or (less and not negative)), r["id"]
                assert bar.is_approx == (q in ("approx", "nearly"))
                assert bar.category == r["category"]
                assert bar.figure == r["figure"]
                assert bar.quote == r["quote"]
                inferred = " (inferred)" if lang == "en" else " (推断)"
                assert bar.period.endswith(inferred) == bool(r["period_inferred"]), r["id"]
                assert bar.group is None and not bar.others
    finally:
        db.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_group_bars_count_each_value_largest_first(built_db, lang):
    raw = _raw(built_db)
    db = open_database(built_db)
    try:
        for name in ("indicators", "places", "projects"):
            table = db.table(name)
            views = [v for v in available_views(db.conn, table, QueryState()) if v.kind == "groups"]
            for view in views:
                column = view.column
                counts = raw.execute(
                    f'SELECT "{column}" AS g, count(*) AS n FROM "{name}" GROUP BY 1'
                ).fetchall()
                non_empty = sum(r["n"] for r in counts if r["g"] is not None)
                assert view.count == non_empty, view.key
                data = chart_bars(db.conn, table, QueryState(), view, lang, limit=100_000)
                total = sum(r["n"] for r in counts)
                assert (data.total, data.rows, data.read) == (len(counts), total, len(counts)), view.key
                assert {b.group: b.value for b in data.bars} == {r["g"]: float(r["n"]) for r in counts}
                assert [b.value for b in data.bars] == sorted((b.value for b in data.bars), reverse=True)
                assert all(b.text == str(int(b.value)) for b in data.bars if b.value < 1000)
                assert not any(b.others for b in data.bars)
                for b in data.bars:
                    if b.group is None:
                        assert b.label == ("(empty)" if lang == "en" else "（空）")
                    else:
                        assert b.label  # a name or a code's label, never empty
                # cut to one bar: the rest is one "others" bar holding the other rows
                if len(counts) > 1:
                    cut = chart_bars(db.conn, table, QueryState(), view, lang, limit=1)
                    assert len(cut.bars) == 2 and cut.bars[1].others, view.key
                    assert cut.bars[0].value == max(r["n"] for r in counts)
                    assert cut.bars[1].value == total - cut.bars[0].value
                    word = "Others" if lang == "en" else "其他"
                    assert cut.bars[1].label == f"{word} ({len(counts) - 1})", cut.bars[1].label
                    assert cut.bars[1].text == str(int(total - cut.bars[0].value))
                    assert (cut.total, cut.read, cut.truncated) == (len(counts), 1, True)
    finally:
        db.close()


def test_rows_doctored_in_a_copy_are_drawn_as_stored(built_db, tmp_path):
    """A stored lower bound other than 10, text in the value column, an empty figure and quote."""
    import shutil

    path = tmp_path / "doctored.db"
    shutil.copy(built_db, path)
    raw = sqlite3.connect(path)
    raw.execute("UPDATE indicators SET lower_bound = 12 WHERE id = 'fai_growth'")
    raw.execute("UPDATE indicators SET value = 'n/a' WHERE id = 'hitech_investment_growth'")
    raw.execute("UPDATE indicators SET figure = '', quote = '' WHERE id = 'digital_fund'")
    raw.commit()
    raw.close()
    db = open_database(path)
    try:
        table = db.table("indicators")
        views = {v.key: v for v in available_views(db.conn, table, QueryState())}
        growth = views["rows:value:growth_yoy:%"]
        data = chart_bars(db.conn, table, QueryState(), growth, "zh", limit=100_000)
        assert data.skipped == 1 and data.read == growth.count and data.rows == growth.count
        assert len(data.bars) == growth.count - 1
        by_name = {b.label: b for b in data.bars}
        fai = next(b for b in data.bars if b.figure == "两位数" and b.value != 10.0)
        assert (fai.value, fai.stated, fai.is_bound) == (12.0, None, True)
        assert sum(1 for b in data.bars if b.figure == "两位数") == 4
        assert 135.2 not in [b.value for b in data.bars]  # the text one is skipped
        assert by_name  # labels are names
        amounts = chart_bars(
            db.conn, table, QueryState(), views["rows:value:amount:亿元"], "en", limit=100_000
        )
        fund = next(b for b in amounts.bars if b.value == 30.0)
        assert (fund.figure, fund.quote) == ("", "")
        assert all("yuan" in b.text for b in amounts.bars)  # the unit in English
        ranks = chart_bars(db.conn, table, QueryState(), views["rows:value:rank:位"], "zh", limit=100_000)
        assert [b.text for b in ranks.bars] == ["全省第2", "全省第2"]
        ranks_en = chart_bars(db.conn, table, QueryState(), views["rows:value:rank:位"], "en", limit=100_000)
        assert [b.text for b in ranks_en.bars] == ["No. 2 in the province", "No. 2 in the province"]
    finally:
        db.close()
