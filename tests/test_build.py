"""hybrowser.build: deterministic output, refusals of bad sources, --check, more bulletins, big tables."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import build_synthetic
from hybrowser.build import build
from hybrowser.build.command import dump, main
from hybrowser.build.records import SourceError
from hybrowser.build.sources import load_metadata_sources
from hybrowser.build.write import BIG_TABLE_HASH_BYTES
from hybrowser.db.connection import open_database
from hybrowser.db.query import QueryState, TableQuery
from hybrowser.db.text_index import bigram_query, fold, trigram_query

BULLETIN = "hengyang-2021-h1"


# --- editing a copy of resources/ -----------------------------------------------------------


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def write_csv(path: Path, fieldnames: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_row(path: Path, ident: str, **changes: str) -> None:
    """Change some fields of the row with this id (new columns are added to every row)."""
    fieldnames, rows = read_csv(path)
    fieldnames += [name for name in changes if name not in fieldnames]
    matched = [row for row in rows if row.get("id") == ident]
    assert len(matched) == 1, f"{path.name} has no single row {ident!r}"
    for row in rows:
        for name in changes:
            row.setdefault(name, "")
    matched[0].update(changes)
    write_csv(path, fieldnames, rows)


def duplicate_row(path: Path, ident: str) -> None:
    fieldnames, rows = read_csv(path)
    rows.append(dict(next(row for row in rows if row["id"] == ident)))
    write_csv(path, fieldnames, rows)


def bulletin_file(resources: Path, name: str) -> Path:
    return resources / "bulletins" / BULLETIN / name


def problem_lines(error: SourceError) -> list[str]:
    assert error.problems
    assert str(error) == "\n".join(error.problems)
    return error.problems


# --- determinism ----------------------------------------------------------------------------


def test_build_is_deterministic(tmp_path: Path, repo_root: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build(repo_root / "resources", first)
    build(repo_root / "resources", second)
    dumped = dump(first)
    assert len(dumped) > 500
    assert any("INSERT INTO" in line and "indicators" in line for line in dumped)
    assert dumped == dump(second)


def test_build_writes_version_and_application_id(built_db: Path) -> None:
    conn = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x48594252
    finally:
        conn.close()


# --- bad sources are refused with the file, the record and the problem -----------------------


def _unknown_unit(resources: Path) -> None:
    edit_row(bulletin_file(resources, "indicators.csv"), "hitech_investment_growth", unit="furlongs")


def _figure_not_in_quote(resources: Path) -> None:
    edit_row(
        bulletin_file(resources, "indicators.csv"), "hitech_investment_growth", figure="136.2%", value="136.2"
    )


def _duplicate_id(resources: Path) -> None:
    duplicate_row(bulletin_file(resources, "indicators.csv"), "hitech_investment_growth")


def _dangling_place(resources: Path) -> None:
    edit_row(bulletin_file(resources, "projects.csv"), "oct_resort_phase2", place_id="nowhere")


def _dangling_subject(resources: Path) -> None:
    edit_row(bulletin_file(resources, "indicators.csv"), "q2_start_projects", subject="projects:nowhere")


def _quote_not_in_text(resources: Path) -> None:
    edit_row(
        bulletin_file(resources, "funding.csv"), "digital_fund", quote="成立了31亿元规模的数字经济产业母基金"
    )


def _indicator_quote_not_in_text(resources: Path) -> None:
    edit_row(
        bulletin_file(resources, "indicators.csv"),
        "hitech_investment_growth",
        quote="高新技术产业投资大幅增长135.2%",
    )


def _qualifier_contradicts(resources: Path) -> None:
    edit_row(bulletin_file(resources, "indicators.csv"), "industrial_revenue_growth", qualifier="exact")


def _value_differs(resources: Path) -> None:
    edit_row(bulletin_file(resources, "indicators.csv"), "hitech_investment_growth", value="135.3")


def _value_for_double_digit(resources: Path) -> None:
    edit_row(bulletin_file(resources, "indicators.csv"), "fai_growth", value="10")


def _not_a_number(resources: Path) -> None:
    edit_row(bulletin_file(resources, "indicators.csv"), "hitech_investment_growth", value="135,2")


def _unknown_column(resources: Path) -> None:
    edit_row(bulletin_file(resources, "funding.csv"), "digital_fund", colour="red")


def _missing_required(resources: Path) -> None:
    edit_row(bulletin_file(resources, "funding.csv"), "digital_fund", name_en="")


def _bad_code(resources: Path) -> None:
    edit_row(bulletin_file(resources, "funding.csv"), "digital_fund", kind="lottery")


def _not_iso_date(resources: Path) -> None:
    edit_row(bulletin_file(resources, "events.csv"), "q2_concentrated_start", date="21.6.2021")


def _impossible_date(resources: Path) -> None:
    edit_row(bulletin_file(resources, "events.csv"), "q2_concentrated_start", date="2021-02-30")


def _period_reversed(resources: Path) -> None:
    edit_row(
        bulletin_file(resources, "indicators.csv"),
        "hitech_investment_growth",
        period_start="2021-06",
        period_end="2021-01",
    )


def _figure_typed_into_entity(resources: Path) -> None:
    # An entity's figure comes from an indicator (with its quote and qualifier), never typed in.
    edit_row(bulletin_file(resources, "projects.csv"), "oct_resort_phase2", investment_yi="100")


BAD_SOURCES: dict[str, tuple[Callable[[Path], None], str, str, tuple[str, ...]]] = {
    # name: (edit, file, record, words of the problem: any one must appear)
    "unknown unit": (_unknown_unit, "indicators.csv", "hitech_investment_growth", ("furlongs",)),
    "figure missing from quote": (
        _figure_not_in_quote,
        "indicators.csv",
        "hitech_investment_growth",
        ("missing",),
    ),
    "duplicate id": (_duplicate_id, "indicators.csv", "hitech_investment_growth", ("duplicate",)),
    "dangling place": (_dangling_place, "projects.csv", "oct_resort_phase2", ("dangling", "nowhere")),
    "dangling subject": (_dangling_subject, "indicators.csv", "q2_start_projects", ("nowhere",)),
    "quote not in text": (_quote_not_in_text, "funding.csv", "digital_fund", ("verbatim",)),
    "indicator quote not in text": (
        _indicator_quote_not_in_text,
        "indicators.csv",
        "hitech_investment_growth",
        ("verbatim",),
    ),
    "qualifier contradicts figure": (
        _qualifier_contradicts,
        "indicators.csv",
        "industrial_revenue_growth",
        ("qualifier",),
    ),
    "value differs from figure": (_value_differs, "indicators.csv", "hitech_investment_growth", ("match",)),
    "value for double digit": (_value_for_double_digit, "indicators.csv", "fai_growth", ("value",)),
    "not a number": (_not_a_number, "indicators.csv", "hitech_investment_growth", ("number",)),
    "unknown column": (_unknown_column, "funding.csv", "", ("colour",)),
    "missing required": (_missing_required, "funding.csv", "digital_fund", ("name_en",)),
    "bad code": (_bad_code, "funding.csv", "digital_fund", ("lottery",)),
    "not an ISO date": (_not_iso_date, "events.csv", "q2_concentrated_start", ("21.6.2021",)),
    "impossible date": (_impossible_date, "events.csv", "q2_concentrated_start", ("2021-02-30",)),
    "period reversed": (_period_reversed, "indicators.csv", "hitech_investment_growth", ("period",)),
    "figure typed into an entity": (
        _figure_typed_into_entity,
        "projects.csv",
        "oct_resort_phase2",
        ("investment_yi",),
    ),
}


@pytest.mark.parametrize("case", list(BAD_SOURCES))
def test_build_refuses_bad_sources(case: str, tmp_path: Path, make_resources: Callable[..., Path]) -> None:
    edit, file_name, record, words = BAD_SOURCES[case]
    resources = make_resources(tmp_path)
    edit(resources)
    output = tmp_path / "out.db"
    with pytest.raises(SourceError) as caught:
        build(resources, output)
    lines = problem_lines(caught.value)
    precise = [
        line for line in lines if file_name in line and record in line and any(word in line for word in words)
    ]
    assert precise, f"no problem names {file_name}, {record!r} and one of {words}:\n{caught.value}"
    assert not output.exists()


def test_every_problem_is_reported_at_once(tmp_path: Path, make_resources: Callable[..., Path]) -> None:
    resources = make_resources(tmp_path)
    _unknown_unit(resources)
    _dangling_place(resources)
    _qualifier_contradicts(resources)
    with pytest.raises(SourceError) as caught:
        build(resources, tmp_path / "out.db")
    text = str(caught.value)
    assert "furlongs" in text and "nowhere" in text and "industrial_revenue_growth" in text


def test_failed_build_leaves_the_existing_database(
    tmp_path: Path, built_db: Path, make_resources: Callable[..., Path], capsys: pytest.CaptureFixture
) -> None:
    output = tmp_path / "data.db"
    shutil.copyfile(built_db, output)
    before = output.read_bytes()
    resources = make_resources(tmp_path)
    _unknown_unit(resources)
    assert main(["--resources", str(resources), "--output", str(output)]) == 2
    assert "furlongs" in capsys.readouterr().err
    assert output.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == ["data.db"]


# --- --check ----------------------------------------------------------------------------------


def test_check_passes_for_a_fresh_build(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--check", "--output", str(built_db)]) == 0
    assert "current" in capsys.readouterr().out


def test_check_fails_for_a_stale_database(
    tmp_path: Path, make_resources: Callable[..., Path], capsys: pytest.CaptureFixture
) -> None:
    resources = make_resources(tmp_path)
    edit_row(
        bulletin_file(resources, "indicators.csv"),
        "hitech_investment_growth",
        name_en="High-tech industry investment growth (edited)",
    )
    stale = tmp_path / "stale.db"
    build(resources, stale)
    assert main(["--check", "--output", str(stale)]) == 1
    assert "(edited)" in capsys.readouterr().err


def test_check_fails_for_a_missing_database(tmp_path: Path) -> None:
    assert main(["--check", "--output", str(tmp_path / "absent.db")]) == 1
    assert not (tmp_path / "absent.db").exists()


# --- a second bulletin is a folder, not a schema change -------------------------------------


def _add_copy_of_bulletin(resources: Path, new_id: str, prefix: str) -> None:
    """Copy the bulletin folder with a new bulletin id and every row id prefixed."""
    _, tables = read_csv(resources / "meta" / "tables.csv")
    per_bulletin = {t["table"] for t in tables if t["per_bulletin"] == "1"} - {"bulletins"}
    _, columns = read_csv(resources / "meta" / "columns.csv")
    refs = {
        (c["table"], c["column"]) for c in columns if c["references"] in per_bulletin or c["column"] == "id"
    }
    source = resources / "bulletins" / BULLETIN
    target = resources / "bulletins" / new_id
    shutil.copytree(source, target)
    edit_row(target / "bulletin.csv", BULLETIN, id=new_id, title_en="A copy for the test")
    for table in per_bulletin:
        path = target / f"{table}.csv"
        if not path.exists():
            continue
        fieldnames, rows = read_csv(path)
        for row in rows:
            for name in fieldnames:
                if (table, name) in refs and row[name]:
                    row[name] = prefix + row[name]
            if table == "indicators" and row.get("subject"):
                kind, _, ident = row["subject"].partition(":")
                row["subject"] = f"{kind}:{prefix}{ident}"
        write_csv(path, fieldnames, rows)


def test_a_second_bulletin_needs_no_schema_change(
    tmp_path: Path, built_db: Path, make_resources: Callable[..., Path]
) -> None:
    resources = make_resources(tmp_path)
    _add_copy_of_bulletin(resources, "copy-2021-h1", "copy_")
    output = tmp_path / "two.db"
    build(resources, output)

    def schema(path: Path) -> list[tuple]:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        finally:
            conn.close()

    assert schema(output) == schema(built_db)
    db = open_database(output)
    try:
        bulletins = {r[0] for r in db.conn.execute("SELECT id FROM bulletins")}
        assert bulletins == {BULLETIN, "copy-2021-h1"}
        for table in db.tables:
            if not table.per_bulletin or table.name == "bulletins":
                continue
            counts = dict(
                db.conn.execute(
                    f"SELECT bulletin_id, count(*) FROM [{table.name}] GROUP BY bulletin_id"
                ).fetchall()
            )
            assert counts.get(BULLETIN, 0) > 0, table.name
            assert counts[BULLETIN] == counts.get("copy-2021-h1"), table.name
        # Entity figures come from each bulletin's own indicators.
        rows = dict(
            db.conn.execute(
                "SELECT id, output_value_yi FROM enterprises WHERE id IN ('onemore', 'copy_onemore')"
            ).fetchall()
        )
        assert rows == {"onemore": 7.0, "copy_onemore": 7.0}
        assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # Searching finds both bulletins' rows.
        query = TableQuery(db.conn, db.table("indicators"))
        one = open_database(built_db)
        try:
            single = TableQuery(one.conn, one.table("indicators")).count(QueryState(search="投资"))
        finally:
            one.close()
        assert query.count(QueryState(search="投资")) == 2 * single
    finally:
        db.close()


def test_second_bulletin_quotes_are_checked_against_its_own_text(
    tmp_path: Path, make_resources: Callable[..., Path]
) -> None:
    resources = make_resources(tmp_path)
    _add_copy_of_bulletin(resources, "copy-2021-h1", "copy_")
    text = resources / "bulletins" / "copy-2021-h1" / "source.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("30亿元规模", "三十亿元规模"), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        build(resources, tmp_path / "out.db")
    lines = [line for line in caught.value.problems if "copy_digital_fund" in line]
    assert lines and all("copy-2021-h1" in line for line in lines)
    assert not any("record digital_fund " in line for line in caught.value.problems)


def test_minimal_second_bulletin(tmp_path: Path, make_resources: Callable[..., Path]) -> None:
    resources = make_resources(tmp_path)
    folder = resources / "bulletins" / "mini-2022"
    folder.mkdir()
    fieldnames, rows = read_csv(bulletin_file(resources, "bulletin.csv"))
    rows[0].update(
        id="mini-2022", title_en="Mini", published="2022-01-05", period_start="2021-01", period_end="2021-12"
    )
    write_csv(folder / "bulletin.csv", fieldnames, rows)
    (folder / "source.txt").write_text("全年投资增长12.5%,新增企业超过300家。", encoding="utf-8")
    fieldnames, _ = read_csv(bulletin_file(resources, "indicators.csv"))
    base = {name: "" for name in fieldnames}
    base.update(
        category="investment",
        region="衡阳市",
        period_start="2021-01",
        period_end="2021-12",
        period_inferred="0",
    )
    write_csv(
        folder / "indicators.csv",
        fieldnames,
        [
            {
                **base,
                "id": "mini_growth",
                "name_zh": "投资增速",
                "name_en": "Investment growth",
                "measure": "growth_yoy",
                "unit": "%",
                "value": "12.5",
                "qualifier": "exact",
                "figure": "12.5%",
                "quote": "全年投资增长12.5%",
            },
            {
                **base,
                "id": "mini_firms",
                "name_zh": "新增企业",
                "name_en": "New firms",
                "category": "enterprises",
                "measure": "count",
                "unit": "家",
                "value": "300",
                "qualifier": "more_than",
                "figure": "超过300家",
                "quote": "新增企业超过300家",
            },
        ],
    )
    output = tmp_path / "mini.db"
    build(resources, output)
    conn = sqlite3.connect(f"file:{output}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM bulletins").fetchone()[0] == 2
        rows = conn.execute(
            "SELECT id, value, lower_bound, upper_bound FROM indicators WHERE bulletin_id = 'mini-2022' "
            "ORDER BY id"
        ).fetchall()
        assert rows == [("mini_firms", 300.0, 300.0, None), ("mini_growth", 12.5, 12.5, 12.5)]
        assert (
            conn.execute(f"SELECT count(*) FROM indicators WHERE bulletin_id = '{BULLETIN}'").fetchone()[0]
            > 40
        )
    finally:
        conn.close()


# --- a big table: the benchmark's synthetic database, through the same build -----------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, float]]:
    """A 3,000-row synthetic database (past BIG_TABLE_ROWS) and the seconds each phase took."""
    path = tmp_path_factory.mktemp("synthetic") / "syn.db"
    timings: dict[str, float] = {}
    build_synthetic(path, 3000, timings=timings)
    return path, timings


def test_synthetic_build_is_deterministic_and_timed(
    synthetic: tuple[Path, dict[str, float]], tmp_path: Path
) -> None:
    path, timings = synthetic
    again = tmp_path / "again.db"
    build_synthetic(again, 3000)
    assert dump(again) == dump(path)
    phases = {"make sources", "insert rows", "B-tree indexes", "trigram index", "bigram index", "vacuum"}
    assert phases <= set(timings)
    assert all(seconds >= 0 for seconds in timings.values())


@pytest.mark.parametrize(
    "needle", ["投资", "株洲", "Gr", "增长", "固定资产投资", "GROWTH", "衡阳市", "两位数"]
)
def test_big_table_text_indexes_answer_like_a_scan(
    synthetic: tuple[Path, dict[str, float]], repo_root: Path, needle: str
) -> None:
    """Built with the larger FTS5 buffer, each index still finds exactly the rows a scan finds."""
    path, _ = synthetic
    table = next(t for t in load_metadata_sources(repo_root / "resources") if t.name == "indicators")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(f"SELECT rowid, {', '.join(table.searchable_columns)} FROM indicators").fetchall()
        assert len(rows) == 3000
        expected = {row[0] for row in rows if any(v is not None and fold(needle) in fold(v) for v in row[1:])}
        assert expected
        if len(needle) >= 3:
            index, match = "indicators_fts", trigram_query(fold(needle))
        else:
            index, match = "indicators_bigram", bigram_query(needle)
        got = {r[0] for r in conn.execute(f"SELECT rowid FROM {index} WHERE {index} MATCH ?", (match,))}
        assert got == expected
        buffer = conn.execute(f"SELECT v FROM {index}_config WHERE k = 'hashsize'").fetchone()
        assert buffer == (BIG_TABLE_HASH_BYTES,)
    finally:
        conn.close()
