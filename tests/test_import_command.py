"""`hybrowser import FILE...` (issue 12): one bulletin folder per text, the build takes it, bad input refused.

The dev texts are copies in tests/data/bulletins-dev/ (from the shared dev set), so nothing here
reads ../shared. Most runs call the command's main() in the process; two end-to-end checks start
`python -m hybrowser import` and `python -m hybrowser build` as the user would.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

import hybrowser.extract.folder as folder_module
from hybrowser.import_command import main as import_main
from hybrowser.locations import library_folder

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "bulletins-dev"
HELD_OUT = ROOT / "tests" / "data" / "bulletins"
LISHUI = DEV / "lishui-2024-01-05.txt"
XIANGTAN = DEV / "xiangtan-2013-h1.txt"
LISHUI_ID = "lishui-2024-01-05"
BUNDLED = ROOT / "resources" / "bulletins" / "hengyang-2021-h1"
FOLDER_FILES = {"bulletin.csv", "source.txt", "indicators.csv", "unclaimed.csv"}

# A county's half-year report without the 发布日期/来源 line and without its name: the options
# --region and --published must supply what the text does not state.
HEADERLESS = (
    "上半年全县经济运行情况\n"
    "上半年，全县经济运行稳中有进，主要指标保持在合理区间。\n"
    "规模以上工业增加值同比增长7.4%，增速比一季度提高0.8个百分点。全县固定资产投资同比增长11.2%，"
    "其中工业投资增长18.5%，房地产开发投资下降6.3%。\n"
    "社会消费品零售总额完成36.8亿元，同比增长5.9%。城乡居民人均可支配收入15620元，增长6.1%。\n"
)

# Header and period words, but not one figure.
NO_FIGURES = (
    "安化县上半年经济运行简况\n"
    "发布日期：2024-07-18　来源：安化县统计局\n"
    "1—6月，全县经济运行总体平稳、稳中有进，各项重点工作有序推进，发展质量继续提升。\n"
)


# --- helpers --------------------------------------------------------------------------------


def run_import(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the command's main() in this process; an argparse exit counts."""
    try:
        code = import_main([str(a) for a in args])
    except SystemExit as exit_:
        code = exit_.code  # type: ignore[assignment]
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_cli(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "hybrowser", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def only_folder(out: Path) -> Path:
    """The one bulletin folder under out (and nothing else, hidden or not)."""
    entries = sorted(out.iterdir())
    assert len(entries) == 1 and entries[0].is_dir(), entries
    return entries[0]


def facts(folder: Path) -> list[tuple[str, ...]]:
    """What a fact says, whatever the characters it was written in."""
    _, rows = read_csv(folder / "indicators.csv")
    keys = ("value", "unit", "measure", "qualifier", "period_start", "period_end", "name_zh")
    return [tuple(row[k] for k in keys) for row in rows]


def one_error_line(err: str) -> str:
    """stderr is exactly one line, from the command, and not a traceback."""
    assert "Traceback" not in err, err
    assert err.endswith("\n") and len(err.splitlines()) == 1, err
    line = err.splitlines()[0]
    assert line.startswith("hybrowser import: "), line
    return line


def without_paths(line: str, *paths: object) -> str:
    """The error line with these paths cut out, so a word looked for is the message's, not a path's."""
    for path in sorted({str(p) for p in paths}, key=len, reverse=True):
        line = line.replace(path, "")
    return line


def assert_nothing_written(out: Path) -> None:
    """The output folder is absent or empty: no bulletin folder, no hidden `.import-*` scratch."""
    assert not out.exists() or list(out.iterdir()) == [], sorted(out.iterdir())


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        str(p.relative_to(folder)): (
            p.read_bytes() if p.is_file() else b"",
            p.stat().st_mtime_ns,
            p.stat().st_mode,
        )
        for p in sorted(folder.rglob("*"))
    }


def full_width(text: str, characters: str) -> str:
    """The text with these ASCII characters written in their full-width forms (1 → １, . → ．)."""
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in characters})


def body_and_title(text: str, change: Callable[[str], str]) -> str:
    """change() applied to every line but the 发布日期 line (line 2)."""
    lines = text.split("\n")
    return "\n".join([change(lines[0]), lines[1], *map(change, lines[2:])])


@pytest.fixture(autouse=True)
def private_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's library folder (platformdirs reads XDG_DATA_HOME on Linux) is a temporary one."""
    data_home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    return data_home


# --- one dev text, end to end ---------------------------------------------------------------


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """`python -m hybrowser import lishui-2024-01-05.txt --out OUT`, run once for the module."""
    base = tmp_path_factory.mktemp("imported")
    out = base / "out"
    result = run_cli("import", str(LISHUI), "--out", str(out), env_extra={"XDG_DATA_HOME": str(base / "xdg")})
    return SimpleNamespace(result=result, out=out, base=base)


def test_import_exits_0_and_writes_exactly_one_folder(imported: SimpleNamespace) -> None:
    assert imported.result.returncode == 0, imported.result.stderr
    assert imported.result.stderr == ""
    folder = only_folder(imported.out)
    assert folder.name == LISHUI_ID
    assert {p.name for p in folder.iterdir()} == FOLDER_FILES
    assert not (imported.base / "xdg").exists()  # --out given: the user's library is left alone


def test_bulletin_csv_has_region_date_period_and_title(imported: SimpleNamespace) -> None:
    gold = json.loads(LISHUI.with_suffix(".gold.json").read_text(encoding="utf-8"))
    header, rows = read_csv(imported.out / LISHUI_ID / "bulletin.csv")
    assert header == read_csv(BUNDLED / "bulletin.csv")[0]
    assert len(rows) == 1
    (row,) = rows
    assert row["id"] == LISHUI_ID
    assert row["region"] == gold["region"] == "丽水市"
    assert row["published"] == gold["published"] == "2024-06-21"
    assert (row["period_start"], row["period_end"]) == ("2024-01", "2024-05")
    assert (
        row["title_zh"]
        == LISHUI.read_text(encoding="utf-8").splitlines()[0]
        == "丽水市2024年1—5月经济运行情况"
    )
    assert row["source_file"] == "source.txt"


def test_source_txt_is_the_input_text(imported: SimpleNamespace) -> None:
    assert (imported.out / LISHUI_ID / "source.txt").read_bytes() == LISHUI.read_bytes()


def test_indicators_are_proposed_with_verbatim_quotes(imported: SimpleNamespace) -> None:
    folder = imported.out / LISHUI_ID
    resources_header = read_csv(BUNDLED / "indicators.csv")[0]
    expected = resources_header + [c for c in ("benchmark", "status") if c not in resources_header]
    header, rows = read_csv(folder / "indicators.csv")
    assert header == expected
    assert len(rows) >= 30  # the text states 43 quantities
    source = (folder / "source.txt").read_text(encoding="utf-8")
    assert {row["status"] for row in rows} == {"proposed"}
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["id"].startswith(f"{LISHUI_ID}."), row
        assert row["region"] == "丽水市", row
        assert row["quote"] and row["quote"] in source, row
        assert row["figure"] and row["figure"] in row["quote"], row
    # A falling figure is stored signed, its figure as written.
    (estate,) = [r for r in rows if r["quote"].endswith("房地产开发投资同比下降10.5%")]
    assert (estate["figure"], float(estate["value"]), estate["unit"]) == ("10.5%", -10.5, "%")


def test_unclaimed_numbers_point_into_the_text(imported: SimpleNamespace) -> None:
    folder = imported.out / LISHUI_ID
    source = (folder / "source.txt").read_text(encoding="utf-8")
    header, rows = read_csv(folder / "unclaimed.csv")
    assert header == ["number", "reason", "clause", "offset"]
    for row in rows:
        start = int(row["offset"])
        assert source[start : start + len(row["number"])] == row["number"], row
        assert row["number"] in row["clause"] and row["clause"] in source, row
        assert row["reason"], row


def test_summary_line_names_the_counts(imported: SimpleNamespace) -> None:
    folder = imported.out / LISHUI_ID
    facts_written = len(read_csv(folder / "indicators.csv")[1])
    unclaimed_written = len(read_csv(folder / "unclaimed.csv")[1])
    lines = imported.result.stdout.splitlines()
    assert len(lines) == 1, imported.result.stdout
    assert lines[0].startswith("lishui-2024-01-05.txt: ")
    assert f"{facts_written} facts proposed" in lines[0]
    assert f"{unclaimed_written} numbers left unclaimed" in lines[0]
    assert str(folder) in lines[0]


# --- the build takes the folder -------------------------------------------------------------


@pytest.fixture(scope="module")
def library_db(imported: SimpleNamespace) -> SimpleNamespace:
    """`python -m hybrowser build --bulletins OUT --out lib.db` over the imported folder."""
    assert imported.result.returncode == 0, imported.result.stderr
    database = imported.base / "lib.db"
    result = run_cli("build", "--bulletins", str(imported.out), "--out", str(database))
    return SimpleNamespace(result=result, path=database)


def test_build_takes_the_imported_folder(library_db: SimpleNamespace, imported: SimpleNamespace) -> None:
    assert library_db.result.returncode == 0, library_db.result.stderr
    assert "bulletins 2" in library_db.result.stdout
    _, rows = read_csv(imported.out / LISHUI_ID / "indicators.csv")
    conn = sqlite3.connect(f"file:{library_db.path}?mode=ro", uri=True)
    try:
        bulletins = dict(conn.execute("SELECT id, region FROM bulletins").fetchall())
        assert bulletins == {"hengyang-2021-h1": "衡阳市", LISHUI_ID: "丽水市"}
        statuses = dict(
            conn.execute("SELECT bulletin_id, group_concat(DISTINCT status) FROM indicators GROUP BY 1")
        )
        assert statuses == {"hengyang-2021-h1": "reviewed", LISHUI_ID: "proposed"}
        (count,) = conn.execute(
            "SELECT count(*) FROM indicators WHERE bulletin_id = ?", (LISHUI_ID,)
        ).fetchone()
        assert count == len(rows)
        estate = conn.execute(
            "SELECT value, typeof(value), lower_bound, upper_bound FROM indicators "
            "WHERE bulletin_id = ? AND name_zh LIKE '房地产开发投资%' AND figure = '10.5%'",
            (LISHUI_ID,),
        ).fetchall()
        assert estate == [(-10.5, "real", -10.5, -10.5)]
        (negatives,) = conn.execute("SELECT count(*) FROM indicators WHERE value < 0").fetchone()
        assert negatives >= 2  # 采矿业下降29.8% and 房地产开发投资下降10.5% at least
    finally:
        conn.close()


def test_the_app_opens_the_built_library(library_db: SimpleNamespace) -> None:
    from hybrowser.db.connection import open_database

    assert library_db.result.returncode == 0, library_db.result.stderr
    database = open_database(library_db.path)
    try:
        assert "indicators" in {t.name for t in database.tables}
        (count,) = database.conn.execute("SELECT count(*) FROM bulletins").fetchone()
        assert count == 2
    finally:
        database.close()


# --- the input is never changed -------------------------------------------------------------


@pytest.mark.parametrize("source", [LISHUI, HELD_OUT / "hengyang-2024-h1.gbk.txt"], ids=["utf-8", "gb18030"])
def test_input_file_is_never_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = inputs / source.name
    shutil.copy2(source, path)
    before = snapshot(inputs)
    code, _, err = run_import(capsys, path, "--out", tmp_path / "out")
    assert code == 0, err
    assert snapshot(inputs) == before  # same bytes, mtime and mode; nothing added beside it
    code, _, err = run_import(capsys, path, "--out", tmp_path / "out")  # refused: the id exists
    assert code == 2, err
    assert snapshot(inputs) == before


# --- encodings and full-width forms ---------------------------------------------------------


def import_text(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes) -> Path:
    """Import these bytes as a file called `name`; the folder written."""
    inputs = tmp_path / "in"
    inputs.mkdir(exist_ok=True)
    (inputs / name).write_bytes(data)
    out = tmp_path / f"out-{Path(name).stem}"
    code, _, err = run_import(capsys, inputs / name, "--out", out)
    assert code == 0, err
    return only_folder(out)


@pytest.fixture
def utf8_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, ...]]:
    result = facts(import_text(tmp_path, capsys, "plain.txt", LISHUI.read_bytes()))
    assert len(result) >= 30
    return result


TEXT = LISHUI.read_text(encoding="utf-8")
VARIANTS: dict[str, Callable[[], bytes]] = {
    "gb18030": lambda: TEXT.encode("gb18030"),
    "utf-8 with BOM": lambda: b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    "full-width percent signs": lambda: body_and_title(TEXT, lambda s: s.replace("%", "％")).encode(),
    "full-width digits": lambda: body_and_title(TEXT, lambda s: full_width(s, "0123456789")).encode(),
    "ASCII punctuation": lambda: body_and_title(
        TEXT, lambda s: s.translate(str.maketrans("，；：（）", ",;:()"))
    ).encode(),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_encodings_and_forms_give_the_same_facts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], utf8_facts: list[tuple[str, ...]], variant: str
) -> None:
    data = VARIANTS[variant]()
    folder = import_text(tmp_path, capsys, "variant.txt", data)
    assert facts(folder) == utf8_facts
    source = (folder / "source.txt").read_text(encoding="utf-8")
    assert not source.startswith("\ufeff")
    _, rows = read_csv(folder / "indicators.csv")
    assert all(row["quote"] in source and row["figure"] in row["quote"] for row in rows)
    if variant in ("gb18030", "utf-8 with BOM"):
        assert source == TEXT  # the text as read, in UTF-8
        (bulletin,) = read_csv(folder / "bulletin.csv")[1]
        assert ("(gb18030)" if variant == "gb18030" else "(utf-8-sig)") in bulletin["note"]


def test_full_width_figures_give_the_same_facts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], utf8_facts: list[tuple[str, ...]]
) -> None:
    text = body_and_title(TEXT, lambda s: full_width(s, "0123456789.%"))
    assert "３９．１亿元" in text
    folder = import_text(tmp_path, capsys, "full-width.txt", text.encode())
    assert facts(folder) == utf8_facts


def test_full_width_date_line_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], utf8_facts: list[tuple[str, ...]]
) -> None:
    lines = TEXT.split("\n")
    lines[1] = full_width(lines[1], "0123456789-")
    assert "２０２４－０６－２１" in lines[1]
    folder = import_text(tmp_path, capsys, "full-width-date.txt", "\n".join(lines).encode())
    (bulletin,) = read_csv(folder / "bulletin.csv")[1]
    assert bulletin["published"] == "2024-06-21"
    assert facts(folder) == utf8_facts


def test_gbk_bulletin_imports_like_its_utf8_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, stdout, err = run_import(
        capsys, HELD_OUT / "hengyang-2024-h1.gbk.txt", HELD_OUT / "hengyang-2024-h1.txt", "--out", out
    )
    assert code == 0, err
    assert len(stdout.splitlines()) == 2
    from_gbk, from_utf8 = facts(out / "hengyang-2024-h1.gbk"), facts(out / "hengyang-2024-h1")
    assert len(from_gbk) == len(from_utf8) >= 30
    assert from_gbk == from_utf8
    assert (out / "hengyang-2024-h1.gbk" / "source.txt").read_bytes() == (
        HELD_OUT / "hengyang-2024-h1.txt"
    ).read_bytes()


# --- bad input: one line, exit 2, nothing written -------------------------------------------


def _random_bytes(with_nuls: bool) -> bytes:
    rng = random.Random(12)
    low = 0 if with_nuls else 1
    data = bytes(rng.randrange(low, 256) for _ in range(4000))
    assert (b"\x00" in data) == with_nuls
    return data


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6"


def _bad_case(kind: str, tmp: Path) -> tuple[list[object], str]:
    """(arguments before --out, a word the error line must contain) for one kind of bad input."""
    if kind == "missing file":
        return [tmp / "no-such.txt"], "no such file"
    if kind == "directory":
        (tmp / "folder.txt").mkdir()
        return [tmp / "folder.txt"], "directory"
    files = {
        "PNG bytes": (PNG, "binary"),
        "random bytes with NULs": (_random_bytes(True), "binary"),
        "random bytes without NULs": (_random_bytes(False), ""),
        "empty file": (b"", "empty"),
        "whitespace-only file": (b" \n\t\r\n  \n", "empty"),
        "text with no figures": (NO_FIGURES.encode(), "no figures"),
        "20 MB of text": (TEXT.encode() * (20_000_000 // len(TEXT.encode()) + 1), "too large"),
    }
    if kind in files:
        data, word = files[kind]
        (tmp / "bad.txt").write_bytes(data)
        return [tmp / "bad.txt"], word
    if kind == "second of two files missing":
        return [LISHUI, tmp / "no-such.txt"], "no such file"
    if kind == "second of two files empty":
        (tmp / "empty.txt").write_bytes(b"")
        return [LISHUI, tmp / "empty.txt"], "empty"
    if kind == "two files with one id":
        (tmp / "copy").mkdir()
        shutil.copy(LISHUI, tmp / "copy" / LISHUI.name)
        return [LISHUI, tmp / "copy" / LISHUI.name], LISHUI_ID
    if kind == "--id with two files":
        return [LISHUI, XIANGTAN, "--id", "two"], "--id"
    if kind == "--id of the bundled bulletin":
        return [LISHUI, "--id", "hengyang-2021-h1"], "hengyang-2021-h1"
    if kind == "--id leaving the folder":
        return [LISHUI, "--id", "../escaped"], "../escaped"
    raise AssertionError(kind)


BAD_KINDS = [
    "missing file",
    "directory",
    "PNG bytes",
    "random bytes with NULs",
    "random bytes without NULs",
    "empty file",
    "whitespace-only file",
    "text with no figures",
    "20 MB of text",
    "second of two files missing",
    "second of two files empty",
    "two files with one id",
    "--id with two files",
    "--id of the bundled bulletin",
    "--id leaving the folder",
]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_input_one_line_exit_2_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], private_library: Path, kind: str
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    args, word = _bad_case(kind, inputs)
    before = snapshot(inputs)
    out = tmp_path / "out"
    code, stdout, err = run_import(capsys, *args, "--out", out)
    assert code == 2, (stdout, err)
    line = one_error_line(err)
    named = [a for a in args if isinstance(a, Path)]
    assert word in without_paths(line, tmp_path, *named), line
    if kind not in ("--id with two files", "two files with one id"):
        assert str(named[-1]) in line, line  # the file at fault, by the path given
    assert stdout == ""  # no summary: not even the good first file was written
    assert_nothing_written(out)
    assert not (tmp_path / "escaped").exists()
    assert not private_library.exists()
    assert snapshot(inputs) == before


@pytest.mark.parametrize(
    "data, word",
    [("\u3000\n\u3000\u3000\n \n".encode(), "empty"), (bytes(range(1, 32)) * 100, "binary")],
    ids=["ideographic spaces only", "control bytes (valid UTF-8)"],
)
def test_blank_or_binary_utf8_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, word: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    code, _, err = run_import(capsys, path, "--out", tmp_path / "out")
    assert code == 2
    assert_nothing_written(tmp_path / "out")
    assert word in without_paths(one_error_line(err), tmp_path)


def test_same_id_twice_is_refused_and_the_first_folder_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, _, err = run_import(capsys, LISHUI, "--out", out)
    assert code == 0, err
    before = snapshot(out)
    code, stdout, err = run_import(capsys, LISHUI, "--out", out)
    assert code == 2 and stdout == ""
    line = one_error_line(err)
    assert str(LISHUI) in line
    problem = without_paths(line, LISHUI, out)
    assert LISHUI_ID in problem and "exists" in problem
    assert snapshot(out) == before  # the first import untouched, no hidden scratch folder
    # The same holds for another file given the taken id.
    code, _, err = run_import(capsys, XIANGTAN, "--out", out, "--id", LISHUI_ID)
    assert code == 2 and LISHUI_ID in without_paths(one_error_line(err), XIANGTAN, out)
    assert snapshot(out) == before


def test_out_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder\n", encoding="utf-8")
    code, _, err = run_import(capsys, LISHUI, "--out", out)
    assert code == 2
    assert str(out) in one_error_line(err)
    assert out.read_text(encoding="utf-8") == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_published_that_is_not_a_date_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, err = run_import(capsys, LISHUI, "--out", out, "--published", "notadate")
    assert code == 2 and stdout == ""
    assert "Traceback" not in err
    assert "notadate" in err.splitlines()[-1] and "--published" in err.splitlines()[-1]
    assert_nothing_written(out)


def test_published_that_is_not_a_date_gives_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_import(capsys, LISHUI, "--out", tmp_path / "out", "--published", "notadate")
    assert code == 2
    assert "notadate" in one_error_line(err)


# --- options --------------------------------------------------------------------------------


def test_id_option_names_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, stdout, err = run_import(capsys, LISHUI, "--out", out, "--id", "lishui-may")
    assert code == 0, err
    folder = only_folder(out)
    assert folder.name == "lishui-may" and str(folder) in stdout
    (bulletin,) = read_csv(folder / "bulletin.csv")[1]
    assert bulletin["id"] == "lishui-may"
    _, rows = read_csv(folder / "indicators.csv")
    assert rows and all(row["id"].startswith("lishui-may.") for row in rows)


@pytest.fixture
def headerless(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "county-h1.txt"
    path.parent.mkdir()
    path.write_text(HEADERLESS, encoding="utf-8")
    return path


def test_region_and_published_options_fill_bulletin_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], headerless: Path
) -> None:
    out = tmp_path / "out"
    code, stdout, err = run_import(
        capsys, headerless, "--out", out, "--region", "安化县", "--published", "2024-07-18"
    )
    assert code == 0, err
    assert stdout.startswith("county-h1.txt: ")
    folder = only_folder(out)
    (bulletin,) = read_csv(folder / "bulletin.csv")[1]
    assert bulletin["region"] == "安化县"
    assert bulletin["published"] == "2024-07-18"
    assert bulletin["title_zh"] == "上半年全县经济运行情况"
    assert (bulletin["period_start"], bulletin["period_end"]) == ("2024-01", "2024-06")
    _, rows = read_csv(folder / "indicators.csv")
    assert len(rows) >= 8
    assert {row["region"] for row in rows} == {"安化县"}
    (estate,) = [r for r in rows if r["figure"] == "6.3%"]
    assert float(estate["value"]) == -6.3
    assert (folder / "source.txt").read_text(encoding="utf-8") == HEADERLESS


@pytest.mark.parametrize(
    "options, suggested",
    [
        ([], "--published"),
        (["--region", "安化县"], "--published"),
        (["--published", "2024-07-18"], "--region"),
    ],
    ids=["neither", "region only", "published only"],
)
def test_headerless_text_without_options_suggests_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], headerless: Path, options: list[str], suggested: str
) -> None:
    out = tmp_path / "out"
    code, _, err = run_import(capsys, headerless, "--out", out, *options)
    assert code == 2
    line = one_error_line(err)
    assert suggested in line and str(headerless) in line
    assert_nothing_written(out)


@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs reads XDG_DATA_HOME on Linux")
def test_without_out_the_folder_goes_into_the_user_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], private_library: Path
) -> None:
    expected = private_library / "hybrowser" / "bulletins" / LISHUI_ID
    assert library_folder() == expected.parent
    code, stdout, err = run_import(capsys, LISHUI)
    assert code == 0, err
    assert {p.name for p in expected.iterdir()} == FOLDER_FILES
    assert only_folder(expected.parent) == expected
    assert str(expected) in stdout


# --- atomicity ------------------------------------------------------------------------------


def failing_write_csv(fail_on: int, counts: Callable[[Path], bool]) -> Callable[..., None]:
    """folder._write_csv that raises OSError (disk full) on its `fail_on`-th counted call."""
    real = folder_module._write_csv
    calls: list[Path] = []

    def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
        if counts(path):
            calls.append(path)
            if len(calls) == fail_on:
                raise OSError(28, "No space left on device", str(path))
        real(path, columns, rows)

    return write_csv


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private temporary folder, for the import's check of its own folder."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_failure_while_writing_the_folder_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    out = tmp_path / "out"
    # The third file written under --out (unclaimed.csv, the last one) fails.
    monkeypatch.setattr(folder_module, "_write_csv", failing_write_csv(3, lambda p: out in p.parents))
    code, stdout, err = run_import(capsys, LISHUI, "--out", out)
    assert code == 2 and stdout == ""
    assert "No space left on device" in one_error_line(err)
    assert_nothing_written(out)
    assert list(scratch.iterdir()) == []


def test_failure_on_the_third_write_of_any_kind_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr(folder_module, "_write_csv", failing_write_csv(3, lambda p: True))
    code, stdout, err = run_import(capsys, LISHUI, "--out", out)
    assert code == 2 and stdout == ""
    assert "No space left on device" in one_error_line(err)
    assert_nothing_written(out)
    assert list(scratch.iterdir()) == []


def test_a_failure_writing_the_second_of_two_files_leaves_neither(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    out = tmp_path / "out"
    # Counted: only writes under --out (the checks write elsewhere); each folder writes three CSVs.
    monkeypatch.setattr(folder_module, "_write_csv", failing_write_csv(4, lambda p: out in p.parents))
    code, stdout, err = run_import(capsys, LISHUI, XIANGTAN, "--out", out)
    assert code == 2 and stdout == ""
    assert "No space left on device" in one_error_line(err)
    assert_nothing_written(out)
