"""The filter boxes and the search, through hybrowser.db.query.TableQuery, against plain-Python answers."""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hybrowser.build import build
from hybrowser.core.labels import code_label
from hybrowser.db.connection import BulletinDatabase, open_database
from hybrowser.db.query import CompiledQuery, QueryState, SortKey, TableQuery

BULLETIN = "hengyang-2021-h1"
OPERATOR_STARTS = (">=", "<=", "<>", "!=", ">", "<", "=")

# Indicators whose English names the synthetic database replaces, to test case folding.
SYNTHETIC_NAMES = {
    "hitech_investment_growth": "ÉCOLE high-tech investment growth",
    "research_services_growth": "école research services growth",
    "online_retail_growth": "ΣΊΣΥΦΟΣ online retail growth",
    "multimodal_transport_growth": "Straße multimodal transport growth",
    "digital_infra_projects": "ﬁnance digital infrastructure projects",
    # SQL- and filter-special text: quotes, LIKE wildcards, brackets, a tilde, a comma in digits.
    "chain_needs_resolved": "100% 'resolved' \"needs\" [_chain_] a~b 7,5 --; /x/",
}


# --- databases ------------------------------------------------------------------------------


class QuietDatabase(BulletinDatabase):
    """A BulletinDatabase whose repr is short (Hypothesis prints the test's arguments)."""

    def __repr__(self) -> str:
        return f"<database {self.path.name}>"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(repr(self))  # type: ignore[attr-defined]


def quiet(database: BulletinDatabase) -> QuietDatabase:
    return QuietDatabase(path=database.path, conn=database.conn, tables=database.tables)


@pytest.fixture(scope="module")
def db(built_db: Path) -> Iterator[BulletinDatabase]:
    database = quiet(open_database(built_db))
    yield database
    database.close()


@pytest.fixture(scope="module")
def synthetic_path(make_resources: Callable[..., Path]) -> Path:
    """The real sources with some English names in other scripts and cases."""
    resources = make_resources()
    path = resources / "bulletins" / BULLETIN / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames, rows = list(reader.fieldnames or []), list(reader)
    for row in rows:
        row["name_en"] = SYNTHETIC_NAMES.get(row["id"], row["name_en"])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    output = resources.parent / "synthetic.db"
    build(resources, output)
    return output


@pytest.fixture(scope="module")
def synthetic(synthetic_path: Path) -> Iterator[BulletinDatabase]:
    database = quiet(open_database(synthetic_path))
    yield database
    database.close()


# --- plain-Python references ----------------------------------------------------------------


def rows_of(database: BulletinDatabase, table: str) -> list[dict]:
    cursor = database.conn.execute(f'SELECT rowid AS _rowid, * FROM "{table}"')
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def ids(rows: list[dict]) -> set[int]:
    return {row["_rowid"] for row in rows}


def where(database: BulletinDatabase, table: str, test: Callable[[dict], bool]) -> set[int]:
    return ids([row for row in rows_of(database, table) if test(row)])


def contains(value: object, text: str) -> bool:
    return value is not None and text.strip().casefold() in str(value).casefold()


def search_reference(database: BulletinDatabase, table: str, text: str) -> set[int]:
    meta = database.table(table)
    columns = meta.searchable_columns or [c.name for c in meta.columns if c.type == "TEXT"]
    return where(database, table, lambda row: any(contains(row[c], text) for c in columns))


def run(database: BulletinDatabase, table: str, state: QueryState) -> tuple[set[int], CompiledQuery]:
    """The rows a state selects (fetch and count must agree), and its compiled form."""
    query = TableQuery(database.conn, database.table(table))
    fetched = [row[0] for row in query.fetch(state, 0, 1_000_000)]
    assert len(fetched) == len(set(fetched))
    assert query.count(state) == len(fetched)
    return set(fetched), query.compile(state)


def filtered(database: BulletinDatabase, table: str, column: str, text: str) -> set[int]:
    got, compiled = run(database, table, QueryState(filters=((column, text),)))
    assert compiled.errors == {}, compiled.errors
    return got


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- every filter form ----------------------------------------------------------------------


def test_contains_is_case_insensitive(db: BulletinDatabase) -> None:
    expected = where(db, "indicators", lambda r: "growth" in r["name_en"].lower())
    assert len(expected) > 10
    assert filtered(db, "indicators", "name_en", "growth") == expected
    assert filtered(db, "indicators", "name_en", "GROWTH") == expected
    assert filtered(db, "indicators", "name_en", "  Growth  ") == expected


def test_contains_two_and_one_character_chinese(db: BulletinDatabase) -> None:
    for text in ("投资", "增速", "率", "衡阳市"):
        expected = where(db, "indicators", lambda r, t=text: contains(r["name_zh"], t))
        assert filtered(db, "indicators", "name_zh", text) == expected
    assert filtered(db, "indicators", "name_zh", "投资")


def test_equals_text_folds_case(db: BulletinDatabase) -> None:
    expected = where(db, "indicators", lambda r: r["id"] == "fai_growth")
    assert filtered(db, "indicators", "name_en", "=Fixed-asset investment growth") == expected
    assert filtered(db, "indicators", "name_en", "=FIXED-ASSET INVESTMENT GROWTH") == expected
    assert filtered(db, "indicators", "name_en", "=Fixed-asset investment") == set()


def test_differs(db: BulletinDatabase) -> None:
    expected = where(db, "indicators", lambda r: r["unit"] is not None and r["unit"] != "%")
    assert expected
    assert filtered(db, "indicators", "unit", "<>%") == expected
    assert filtered(db, "indicators", "unit", "!=%") == expected
    numbers = where(db, "indicators", lambda r: r["value"] is not None and r["value"] != 20)
    assert filtered(db, "indicators", "value", "<>20") == numbers


@pytest.mark.parametrize(
    ("text", "test"),
    [
        (">20", lambda v: v > 20),
        (">=20", lambda v: v >= 20),
        ("<20", lambda v: v < 20),
        ("<=20", lambda v: v <= 20),
        ("=20", lambda v: v == 20),
        ("> 135.2", lambda v: v > 135.2),
        (">=7.26", lambda v: v >= 7.26),
        ("<1,000", lambda v: v < 1000),
        (">=50%", lambda v: v >= 50),
    ],
)
def test_number_comparisons(db: BulletinDatabase, text: str, test: Callable[[float], bool]) -> None:
    expected = where(db, "indicators", lambda r: r["value"] is not None and test(r["value"]))
    assert expected
    assert filtered(db, "indicators", "value", text) == expected


def test_text_comparisons(db: BulletinDatabase) -> None:
    assert filtered(db, "indicators", "id", ">s") == where(db, "indicators", lambda r: r["id"] > "s")
    assert filtered(db, "indicators", "id", "<=c") == where(db, "indicators", lambda r: r["id"] <= "c")


@pytest.mark.parametrize("text", ["7~20", "20~7", " 7 ~ 20 ", "7.26~17"])
def test_number_range(db: BulletinDatabase, text: str) -> None:
    low, high = sorted(float(part) for part in text.split("~"))
    expected = where(db, "indicators", lambda r: r["value"] is not None and low <= r["value"] <= high)
    assert expected
    assert filtered(db, "indicators", "value", text) == expected


def test_text_range(db: BulletinDatabase) -> None:
    expected = where(db, "indicators", lambda r: "b" <= r["id"] <= "d")
    assert expected
    assert filtered(db, "indicators", "id", "b~d") == expected


def test_regular_expression_is_case_insensitive(db: BulletinDatabase) -> None:
    pattern = re.compile(r"^(fixed|RETAIL)\b", re.IGNORECASE)
    expected = where(db, "indicators", lambda r: pattern.search(r["name_en"]) is not None)
    assert len(expected) == 2
    assert filtered(db, "indicators", "name_en", r"/^(fixed|RETAIL)\b/") == expected
    digits = where(db, "indicators", lambda r: re.search(r"\d{3}", r["figure"]) is not None)
    assert filtered(db, "indicators", "figure", r"/\d{3}/") == digits


@pytest.mark.parametrize("column", ["value", "subject_field", "park_id"])
def test_null_and_not_null(db: BulletinDatabase, column: str) -> None:
    empty = where(db, "indicators", lambda r: r[column] is None)
    full = where(db, "indicators", lambda r: r[column] is not None)
    assert empty and full
    assert filtered(db, "indicators", column, "=NULL") == empty
    assert filtered(db, "indicators", column, "= null") == empty
    assert filtered(db, "indicators", column, "<>NULL") == full
    assert filtered(db, "indicators", column, "!=null") == full


def test_bare_number_means_equals(db: BulletinDatabase) -> None:
    values = {r["value"] for r in rows_of(db, "indicators")}
    assert {7.0, 17.0, 7.26} <= values  # the data has the near misses
    seven = filtered(db, "indicators", "value", "7")
    assert seven == where(db, "indicators", lambda r: r["value"] == 7)
    assert [r["id"] for r in rows_of(db, "indicators") if r["_rowid"] in seven] == ["onemore_output_value"]
    assert filtered(db, "indicators", "value", "7.26") == where(
        db, "indicators", lambda r: r["value"] == 7.26
    )
    assert filtered(db, "indicators", "value", "6,000,000") == where(
        db, "indicators", lambda r: r["value"] == 6_000_000
    )


def test_bare_number_in_an_integer_column(db: BulletinDatabase) -> None:
    expected = where(db, "projects", lambda r: r["project_count"] == 120)
    assert len(expected) == 1
    assert filtered(db, "projects", "project_count", "120") == expected
    assert filtered(db, "projects", "project_count", "12") == set()


def test_filters_combine_with_and(db: BulletinDatabase) -> None:
    state = QueryState(filters=(("unit", "=%"), ("value", ">30")))
    got, compiled = run(db, "indicators", state)
    assert compiled.errors == {}
    assert got == where(db, "indicators", lambda r: r["unit"] == "%" and (r["value"] or 0) > 30)
    assert len(compiled.descriptions) == 2


def test_two_character_search_equals_python(db: BulletinDatabase) -> None:
    got, compiled = run(db, "indicators", QueryState(search="投资"))
    expected = search_reference(db, "indicators", "投资")
    assert len(expected) > 3
    assert got == expected
    assert "indicators_bigram" in compiled.where


# --- case folding beyond ASCII (synthetic database) ----------------------------------------


def synthetic_ids(database: BulletinDatabase, *names: str) -> set[int]:
    return where(database, "indicators", lambda r: r["id"] in names)


@pytest.mark.parametrize("text", ["école", "ÉCOLE", "École", "écol", "ÉC", "é"])
def test_non_ascii_filter_folds_case(synthetic: BulletinDatabase, text: str) -> None:
    expected = synthetic_ids(synthetic, "hitech_investment_growth", "research_services_growth")
    assert filtered(synthetic, "indicators", "name_en", text) == expected
    got, _ = run(synthetic, "indicators", QueryState(search=text))
    assert got == expected


@pytest.mark.parametrize("text", ["σίσυφος", "ΣΊΣΥΦΟΣ", "Σίσυφος", "σίσ", "ΣΊ"])
def test_greek_filter_folds_case_and_final_sigma(synthetic: BulletinDatabase, text: str) -> None:
    expected = synthetic_ids(synthetic, "online_retail_growth")
    assert filtered(synthetic, "indicators", "name_en", text) == expected
    got, _ = run(synthetic, "indicators", QueryState(search=text))
    assert got == expected


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("strasse", "multimodal_transport_growth"),  # ß folds to ss
        ("STRASSE", "multimodal_transport_growth"),
        ("ss", "multimodal_transport_growth"),
        ("straß", "multimodal_transport_growth"),
        ("finance", "digital_infra_projects"),  # the ligature ﬁ folds to fi
        ("fin", "digital_infra_projects"),
    ],
)
def test_multi_character_folds(synthetic: BulletinDatabase, text: str, ident: str) -> None:
    # text_index.fold: "Fold case for every script (ß→ss, Σ→σ)"; contains is fold(needle) in fold(value).
    expected = where(synthetic, "indicators", lambda r: contains(r["name_en"], text))
    assert synthetic_ids(synthetic, ident) <= expected
    assert filtered(synthetic, "indicators", "name_en", text) == expected
    got, _ = run(synthetic, "indicators", QueryState(search=text))
    assert got == search_reference(synthetic, "indicators", text)


# --- bad input gives a hint, never an exception ----------------------------------------------


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("name_en", "/(/"),
        ("name_en", "/[a-/"),
        ("value", ">abc"),
        ("value", ">"),
        ("value", ">="),
        ("value", "<>"),
        ("value", "="),
        ("name_en", ">"),
        ("value", "abc"),
        ("value", "~5"),
        ("value", "1~x"),
        ("value", "nan"),
        ("value", "inf"),
        ("value", ">1e999"),
    ],
)
def test_bad_filter_is_a_hint(db: BulletinDatabase, column: str, text: str) -> None:
    state = QueryState(filters=((column, text), ("unit", "=%")))
    got, compiled = run(db, "indicators", state)
    assert set(compiled.errors) == {column}
    assert compiled.errors[column].strip()
    # The bad box is left out; the good one still applies.
    assert got == where(db, "indicators", lambda r: r["unit"] == "%")


def test_unknown_column_is_ignored(db: BulletinDatabase) -> None:
    got, compiled = run(db, "indicators", QueryState(filters=(("no_such_column", "x"),)))
    assert compiled.errors == {}
    assert got == ids(rows_of(db, "indicators"))


INJECTIONS = [
    "'; DROP TABLE indicators; --",
    '" OR 1=1 --',
    "%",
    "_",
    "' OR '1'='1",
    "*",
    "NEAR(a b)",
    '"',
    "indicators_fts MATCH",
    "a OR b",
    "-- ",
    ";",
    "\\",
    "{name_en}: growth",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_attempts_select_only_what_they_contain(
    db: BulletinDatabase, built_db: Path, text: str
) -> None:
    before = digest(built_db)
    for table in db.tables:
        got, compiled = run(db, table.name, QueryState(search=text))
        assert compiled.errors == {}
        assert got == search_reference(db, table.name, text), table.name
        for column in table.columns:
            got, compiled = run(db, table.name, QueryState(filters=((column.name, text),)))
            if column.is_numeric:
                assert set(compiled.errors) == {column.name}
                assert got == ids(rows_of(db, table.name))
            else:
                assert compiled.errors == {}
                expected = where(db, table.name, lambda r, c=column.name: contains(r[c], text))
                assert got == expected, (table.name, column.name)
    assert db.conn.execute("SELECT count(*) FROM indicators").fetchone()[0] > 40
    assert digest(built_db) == before


def test_percent_and_underscore_are_literal(db: BulletinDatabase) -> None:
    percent = filtered(db, "indicators", "figure", "%")
    assert percent == where(db, "indicators", lambda r: "%" in r["figure"])
    assert percent != ids(rows_of(db, "indicators"))
    underscore = filtered(db, "indicators", "category", "_")
    assert underscore == where(db, "indicators", lambda r: "_" in r["category"])
    assert underscore != ids(rows_of(db, "indicators"))


@pytest.mark.parametrize("text", ["ab\x00cd", "\x00\x00\x00", "gro\x00wth", "投\x00资"])
def test_nul_character_is_not_an_error(db: BulletinDatabase, text: str) -> None:
    got, compiled = run(db, "indicators", QueryState(search=text))
    assert got == search_reference(db, "indicators", text) == set()
    assert filtered(db, "indicators", "name_en", text) == set()


# --- sorting --------------------------------------------------------------------------------


def sorted_ids(database: BulletinDatabase, table: str, sort: tuple[SortKey, ...]) -> list[int]:
    query = TableQuery(database.conn, database.table(table))
    return [row[0] for row in query.fetch(QueryState(sort=sort), 0, 1_000_000)]


@pytest.mark.parametrize("descending", [False, True])
def test_sort_by_value_numbers_numerically_nulls_last(db: BulletinDatabase, descending: bool) -> None:
    order = sorted_ids(db, "indicators", (SortKey("value", descending),))
    by_rowid = {r["_rowid"]: r for r in rows_of(db, "indicators")}
    values = [by_rowid[rowid]["value"] for rowid in order]
    numbers = [v for v in values if v is not None]
    assert len(numbers) < len(values)
    assert values[len(numbers) :] == [None] * (len(values) - len(numbers))  # NULLs last
    assert numbers == sorted(numbers, reverse=descending)
    assert 100.0 in numbers and 30.0 in numbers  # "100" < "30" as text; not as numbers


@pytest.mark.parametrize("descending", [False, True])
def test_sort_by_an_integer_column_with_nulls(db: BulletinDatabase, descending: bool) -> None:
    order = sorted_ids(db, "projects", (SortKey("project_count", descending),))
    by_rowid = {r["_rowid"]: r for r in rows_of(db, "projects")}
    values = [by_rowid[rowid]["project_count"] for rowid in order]
    numbers = [v for v in values if v is not None]
    assert len(numbers) >= 3 and None in values
    assert values == numbers + [None] * (len(values) - len(numbers))
    assert numbers == sorted(numbers, reverse=descending)


def test_multi_key_sort(db: BulletinDatabase) -> None:
    sort = (SortKey("unit"), SortKey("value", descending=True), SortKey("name_en"))
    rows = rows_of(db, "indicators")
    expected = sorted(
        rows,
        key=lambda r: (
            r["unit"] is None,
            r["unit"] or "",
            r["value"] is None,
            -(r["value"] or 0.0),
            r["name_en"],
            r["_rowid"],
        ),
    )
    assert sorted_ids(db, "indicators", sort) == [r["_rowid"] for r in expected]


def test_sort_keeps_the_filter(db: BulletinDatabase) -> None:
    state = QueryState(filters=(("unit", "=亿元"),), sort=(SortKey("value", True),))
    query = TableQuery(db.conn, db.table("indicators"))
    values = [row[1 + query.columns.index("value")] for row in query.fetch(state, 0, 1000)]
    expected = sorted((r["value"] for r in rows_of(db, "indicators") if r["unit"] == "亿元"), reverse=True)
    assert values == expected


# --- properties -----------------------------------------------------------------------------


def table_columns(database: BulletinDatabase) -> list[tuple[str, str]]:
    return [(t.name, c.name) for t in database.tables for c in t.columns]


def needles(data: st.DataObject, values: list[str]) -> str:
    """Arbitrary text, or a piece of a stored value in some case, or a tricky string."""
    pieces = st.sampled_from(values or [""]).flatmap(
        lambda v: st.integers(0, len(v)).flatmap(
            lambda i: st.integers(i, min(len(v), i + 8)).map(lambda j, i=i, v=v: v[i:j])
        )
    )
    cased = st.tuples(pieces, st.sampled_from([str, str.upper, str.casefold, str.swapcase])).map(
        lambda pair: pair[1](pair[0])
    )
    tricky = st.sampled_from(["ss", "SS", "fi", "σ", "ς", "i̇", "ǅ", "ﬀ", "K", "ẞ", "\x00ab"])
    padded = st.tuples(st.sampled_from(["", " ", "\t", "\u3000"]), cased).map("".join)
    return data.draw(st.one_of(st.text(), cased, padded, tricky))


def shown(database: BulletinDatabase, column, row: dict) -> list[object]:
    """What a user sees of a cell: the value, a code's labels, a reference's names."""
    value = row[column.name]
    texts: list[object] = [value]
    if value is not None and column.role == "code":
        texts += [code_label(str(value), "zh"), code_label(str(value), "en")]
    if value is not None and column.references:
        target = database.table(column.references)
        names = [c.name for c in target.columns if c.role == "name"]
        texts += [r[n] for r in rows_of(database, target.name) if r["id"] == value for n in names]
    return texts


def plain_contains(text: str) -> bool:
    raw = text.strip()
    return bool(raw) and not raw.startswith(OPERATOR_STARTS) and not raw.startswith("/") and "~" not in raw


@given(data=st.data())
@settings(max_examples=200, deadline=None)
def test_any_filter_text_never_raises_and_text_contains_equals_python(
    synthetic: BulletinDatabase, data: st.DataObject
) -> None:
    table, column = data.draw(st.sampled_from(table_columns(synthetic)), label="column")
    meta = synthetic.table(table).column(column)
    rows = rows_of(synthetic, table)
    values = [str(r[column]) for r in rows if r[column] is not None]
    text = needles(data, values)
    got, compiled = run(synthetic, table, QueryState(filters=((column, text),)))
    if compiled.errors:
        assert set(compiled.errors) == {column}
        assert got == ids(rows)
    if not text.strip():
        assert compiled.errors == {} and got == ids(rows)
    elif not meta.is_numeric and plain_contains(text):
        assert compiled.errors == {}
        assert got == ids([r for r in rows if any(contains(t, text) for t in shown(synthetic, meta, r))])


@given(data=st.data())
@settings(max_examples=200, deadline=None)
def test_any_search_never_raises_and_equals_python(synthetic: BulletinDatabase, data: st.DataObject) -> None:
    table = data.draw(st.sampled_from([t.name for t in synthetic.tables]), label="table")
    meta = synthetic.table(table)
    columns = meta.searchable_columns or [c.name for c in meta.columns if c.type == "TEXT"]
    values = [str(r[c]) for r in rows_of(synthetic, table) for c in columns if r[c] is not None]
    text = needles(data, values)
    got, compiled = run(synthetic, table, QueryState(search=text))
    assert compiled.errors == {}
    if text.strip():
        assert got == search_reference(synthetic, table, text)
    else:
        assert got == ids(rows_of(synthetic, table))


def numeric_columns(database: BulletinDatabase) -> list[tuple[str, str]]:
    return [(t.name, c.name) for t in database.tables for c in t.columns if c.is_numeric]


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(data=st.data(), a=finite, b=finite)
@settings(max_examples=200, deadline=None)
def test_number_range_equals_python(
    synthetic: BulletinDatabase, data: st.DataObject, a: float, b: float
) -> None:
    table, column = data.draw(st.sampled_from(numeric_columns(synthetic)), label="column")
    if data.draw(st.booleans(), label="near stored values"):
        stored = [r[column] for r in rows_of(synthetic, table) if r[column] is not None]
        if stored:
            a = data.draw(st.sampled_from(stored)) + data.draw(st.sampled_from([0, -0.5, 0.5, -1, 1]))
    got, compiled = run(synthetic, table, QueryState(filters=((column, f"{a}~{b}"),)))
    assert compiled.errors == {}
    low, high = min(a, b), max(a, b)
    assert got == where(synthetic, table, lambda r: r[column] is not None and low <= r[column] <= high)


@given(data=st.data(), a=finite, op=st.sampled_from(["=", "<>", ">", ">=", "<", "<="]))
@settings(max_examples=200, deadline=None)
def test_number_comparison_equals_python(
    synthetic: BulletinDatabase, data: st.DataObject, a: float, op: str
) -> None:
    table, column = data.draw(st.sampled_from(numeric_columns(synthetic)), label="column")
    stored = [r[column] for r in rows_of(synthetic, table) if r[column] is not None]
    if stored and data.draw(st.booleans(), label="a stored value"):
        a = float(data.draw(st.sampled_from(stored)))
    compare: dict[str, Callable[[float, float], bool]] = {
        "=": lambda v, x: v == x,
        "<>": lambda v, x: v != x,
        ">": lambda v, x: v > x,
        ">=": lambda v, x: v >= x,
        "<": lambda v, x: v < x,
        "<=": lambda v, x: v <= x,
    }
    got, compiled = run(synthetic, table, QueryState(filters=((column, f"{op}{a}"),)))
    assert compiled.errors == {}
    assert math.isfinite(a)
    assert got == where(synthetic, table, lambda r: r[column] is not None and compare[op](r[column], a))


def test_synthetic_database_is_unchanged_by_queries(
    synthetic_path: Path, synthetic: BulletinDatabase
) -> None:
    before = digest(synthetic_path)
    for text in INJECTIONS:
        for table in synthetic.tables:
            run(synthetic, table.name, QueryState(search=text, sort=(SortKey(table.columns[0].name),)))
    assert digest(synthetic_path) == before


# --- falling figures: negative values in the value column ------------------------------------


@pytest.fixture(scope="module")
def falling(falling_db: Path) -> Iterator[BulletinDatabase]:
    database = quiet(open_database(falling_db))
    yield database
    database.close()


@pytest.mark.parametrize(
    ("text", "test"),
    [
        ("<0", lambda v: v < 0),
        ("<=-1", lambda v: v <= -1),
        (">-1", lambda v: v > -1),
        ("-3.5", lambda v: v == -3.5),
        ("=-3.5", lambda v: v == -3.5),
        # The minus the cells show (U+2212), and the full-width one of a Chinese input method.
        ("=−3.5", lambda v: v == -3.5),
        ("−3.5%", lambda v: v == -3.5),
        ("<－10", lambda v: v < -10),
        ("-13~-1", lambda v: -13 <= v <= -1),
        ("−1~−13", lambda v: -13 <= v <= -1),
        ("-1~2", lambda v: -1 <= v <= 2),
    ],
)
def test_number_filters_with_negative_values(
    falling: BulletinDatabase, text: str, test: Callable[[float], bool]
) -> None:
    expected = where(falling, "indicators", lambda r: r["value"] is not None and test(r["value"]))
    assert expected
    got = filtered(falling, "indicators", "value", text)
    assert got == expected
    values = {r["value"] for r in rows_of(falling, "indicators") if r["_rowid"] in got}
    if text.lstrip("=").replace("−", "-").rstrip("%") == "-3.5":
        assert values == {-3.5}  # -3.5 is the value -3.5, not 3.5 and not "contains 3.5"


# --- comparisons follow the text shown (README: "=, <>, comparisons work on what the column shows") ---


def shown_texts(database: BulletinDatabase, column, row: dict, lang: str) -> list[str]:
    """What a user reads in a text cell, in lang: a code's label, a reference's name, else the value."""
    value = row[column.name]
    if value is None:
        return []
    if column.role == "code":
        return [code_label(str(value), lang)]
    if column.references:
        target = database.table(column.references)
        names = [c.name for c in target.columns if c.role == "name" and c.name.endswith(f"_{lang}")]
        found = [r for r in rows_of(database, target.name) if r["id"] == value]
        if found and names:
            return [found[0][names[0]]]
    return [str(value)]


def readable(database: BulletinDatabase, column, row: dict) -> list[str]:
    """Every text that equality accepts: the stored value and what it shows in either language."""
    value = row[column.name]
    if value is None:
        return []
    return [str(value), *shown_texts(database, column, row, "zh"), *shown_texts(database, column, row, "en")]


def test_text_comparisons_fold_case_and_follow_english_names(db: BulletinDatabase) -> None:
    # Every English project name starts with a capital: comparing stored bytes, <b gave them all.
    got, _ = run(db, "projects", QueryState(filters=(("name_en", "<b"),), lang="en"))
    assert got == where(db, "projects", lambda r: r["name_en"].casefold() < "b")
    assert got != ids(rows_of(db, "projects"))


def test_code_columns_compare_and_equal_their_labels(db: BulletinDatabase) -> None:
    for text in ("=投资", "=Investment", "=investment", "=INVESTMENT"):
        assert filtered(db, "indicators", "category", text) == where(
            db, "indicators", lambda r: r["category"] == "investment"
        ), text
    assert filtered(db, "indicators", "category", "=Digital economy") == where(
        db, "indicators", lambda r: r["category"] == "digital_economy"
    )
    assert filtered(db, "indicators", "category", "<>财政") == where(
        db, "indicators", lambda r: r["category"] != "fiscal"
    )
    got, _ = run(db, "indicators", QueryState(filters=(("category", "<f"),), lang="en"))
    assert got == where(db, "indicators", lambda r: code_label(r["category"], "en").casefold() < "f")
    assert got and got != ids(rows_of(db, "indicators"))


def test_flag_columns_take_what_they_show(db: BulletinDatabase) -> None:
    inferred = where(db, "indicators", lambda r: r["period_inferred"] == 1)
    stated = where(db, "indicators", lambda r: r["period_inferred"] == 0)
    assert inferred and stated
    for text in ("是", "=是", "=yes", "YES", "<>否", "=1"):
        assert filtered(db, "indicators", "period_inferred", text) == inferred, text
    for text in ("否", "=no", "<>是"):
        assert filtered(db, "indicators", "period_inferred", text) == stated, text


def test_reference_columns_equal_the_names_shown(db: BulletinDatabase) -> None:
    got = filtered(db, "projects", "district_id", "=衡南县")
    assert got == where(db, "projects", lambda r: r["district_id"] == "hengnan") and got


@pytest.mark.parametrize(("text", "value"), [("1,000", 1000), ("1，000", 1000), ("-2,500.5", -2500.5)])
def test_thousands_separators_in_groups_of_three(text: str, value: float) -> None:
    from hybrowser.db.filters import _number

    assert _number(text) == value


@pytest.mark.parametrize("text", ["7,5", "1,0", "=1,00", ">12,34"])
def test_a_comma_that_is_not_a_thousands_separator_is_a_hint(db: BulletinDatabase, text: str) -> None:
    _got, compiled = run(db, "indicators", QueryState(filters=(("value", text),)))
    assert "cannot read" in compiled.errors["value"]


def test_whole_numbers_are_exact(tmp_path: Path, built_db: Path) -> None:
    import shutil
    import sqlite3

    path = tmp_path / "big-number.db"
    shutil.copy(built_db, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE indicators SET value = 9007199254740992 WHERE rowid = 1")
    conn.commit()
    conn.close()
    database = open_database(path)
    try:
        cases = (("=9007199254740993", set()), ("=9007199254740992", {1}), (">9007199254740991", {1}))
        for text, expected in cases:
            assert filtered(database, "indicators", "value", text) == expected, text
    finally:
        database.close()


def text_columns(database: BulletinDatabase) -> list[tuple[str, str]]:
    return [(t.name, c.name) for t in database.tables for c in t.columns if not c.is_numeric]


@given(
    data=st.data(),
    op=st.sampled_from(["=", "<>", ">", ">=", "<", "<=", "~"]),
    lang=st.sampled_from(["zh", "en"]),
)
@settings(max_examples=150, deadline=None)
def test_text_comparison_equals_the_readme_rule(
    synthetic: BulletinDatabase, data: st.DataObject, op: str, lang: str
) -> None:
    """=, <> on what the column shows in either language; >, <, a~b on the text shown in lang; case folded."""
    table, column = data.draw(st.sampled_from(text_columns(synthetic)), label="column")
    meta = synthetic.table(table).column(column)
    rows = rows_of(synthetic, table)
    values = [t for r in rows for t in readable(synthetic, meta, r)]
    a = needles(data, values).strip()
    b = needles(data, values).strip()
    if not a or "~" in a or "~" in b or a.startswith(("/", *OPERATOR_STARTS)) or a.upper() == "NULL":
        return
    text = f"{a}~{b}" if op == "~" else f"{op}{a}"
    if op == "~" and not b:
        return
    got, compiled = run(synthetic, table, QueryState(filters=((column, text),), lang=lang))
    if meta.role == "flag":
        return  # flags: the words 是/否/yes/no, tested above
    assert compiled.errors == {}, compiled.errors
    x, y = a.casefold(), b.casefold()
    low, high = min(x, y), max(x, y)
    tests = {
        "=": lambda texts: any(t.casefold() == x for t in texts),
        ">": lambda texts: any(t.casefold() > x for t in texts),
        ">=": lambda texts: any(t.casefold() >= x for t in texts),
        "<": lambda texts: any(t.casefold() < x for t in texts),
        "<=": lambda texts: any(t.casefold() <= x for t in texts),
        "~": lambda texts: any(low <= t.casefold() <= high for t in texts),
    }
    if op == "=":
        expected = where(synthetic, table, lambda r: tests["="](readable(synthetic, meta, r)))
    elif op == "<>":
        expected = where(
            synthetic,
            table,
            lambda r: r[column] is not None and not tests["="](readable(synthetic, meta, r)),
        )
    else:
        expected = where(synthetic, table, lambda r: tests[op](shown_texts(synthetic, meta, r, lang)))
    assert got == expected
