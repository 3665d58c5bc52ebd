"""hybrowser/library.py (issue 13), no Qt: save, replace and remove bulletins atomically; library.db."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from hybrowser import library
from hybrowser.build.records import SourceError
from hybrowser.extract.folder import Prepared
from hybrowser.import_command import prepare
from hybrowser.locations import BUNDLED_DATABASE, library_database, library_folder

ROOT = Path(__file__).resolve().parents[1]
LISHUI = ROOT / "tests" / "data" / "bulletins-dev" / "lishui-2024-01-05.txt"
XIANGTAN = ROOT / "tests" / "data" / "bulletins-dev" / "xiangtan-2013-h1.txt"
LISHUI_ID = "lishui-2024-01-05"


@pytest.fixture(scope="module")
def lishui() -> Prepared:
    return prepare(LISHUI, None, None, None, set())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bulletins"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under the library's parent (folders and database) with a hash of its bytes."""
    base = folder.parent
    if not base.exists():
        return {}
    return {
        str(p.relative_to(base)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(base.rglob("*"))
        if p.is_file()
    }


def rows_of(database: Path, bulletin_id: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT id, name_zh, value, status FROM indicators WHERE bulletin_id = ? ORDER BY id",
            (bulletin_id,),
        ).fetchall()
    finally:
        conn.close()


def test_save_writes_reviewed_rows_and_builds_the_database(lishui: Prepared, folder: Path) -> None:
    rows = [dict(r) for r in lishui.rows]
    rows[0]["name_zh"] = "全市规上工业增加值"
    reviewed = library.reviewed(lishui, rows[:-1], rows[-1:])
    target = library.save(reviewed, folder)
    assert target == folder / LISHUI_ID
    assert library.bulletin_ids(folder) == [LISHUI_ID]
    stored = rows_of(library_database(folder), LISHUI_ID)
    assert len(stored) == len(lishui.rows) - 1
    assert {r[3] for r in stored} == {"reviewed"}
    assert "全市规上工业增加值" in {r[1] for r in stored}
    assert lishui.rows[-1]["id"] not in {r[0] for r in stored}
    # The rejected figure is kept as a number not taken, with why.
    unclaimed = (target / "unclaimed.csv").read_text(encoding="utf-8")
    assert "rejected by the reviewer" in unclaimed
    # Nothing but the bulletin folder and the database: no staging left behind.
    assert sorted(p.name for p in folder.iterdir()) == [LISHUI_ID]
    assert sorted(p.name for p in folder.parent.iterdir()) == ["bulletins", "library.db"]


def test_the_bulletins_table_counts_facts_and_proposed(lishui: Prepared, folder: Path) -> None:
    library.save(library.reviewed(lishui, lishui.rows[:10], lishui.rows[10:]), folder)
    conn = sqlite3.connect(library_database(folder))
    counts = dict(conn.execute("SELECT id, facts || '/' || proposed FROM bulletins").fetchall())
    conn.close()
    assert counts[LISHUI_ID] == "10/0"
    assert counts["hengyang-2021-h1"] == "50/0"


def test_a_value_that_no_longer_matches_its_figure_is_refused(lishui: Prepared, folder: Path) -> None:
    library.save(library.reviewed(lishui, lishui.rows, []), folder)
    before = snapshot(folder)
    rows = [dict(r) for r in lishui.rows]
    rows[1]["value"] = "9.9"  # the figure says 5.7%
    with pytest.raises(library.LibraryError) as refused:
        library.save(library.reviewed(lishui, rows, []), folder)
    message = str(refused.value)
    assert f"{folder / LISHUI_ID / 'indicators.csv'}: record {rows[1]['id']}" in message
    assert "does not match the figure" in message
    assert snapshot(folder) == before


def test_edits_are_checked_before_anything_is_written(
    lishui: Prepared, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = []
    monkeypatch.setattr("hybrowser.build.build", lambda *args, **kwargs: built.append(args))
    rows = [dict(r) for r in lishui.rows]
    rows[0]["qualifier"] = "about"
    with pytest.raises(library.LibraryError, match="qualifier"):
        library.save(library.reviewed(lishui, rows, []), folder)
    assert built == [] and not (folder / LISHUI_ID).exists()


def test_replacing_a_bulletin_swaps_it_whole(lishui: Prepared, folder: Path) -> None:
    library.save(library.reviewed(lishui, lishui.rows, []), folder)
    library.save(library.reviewed(lishui, lishui.rows[:5], lishui.rows[5:]), folder)
    assert len(rows_of(library_database(folder), LISHUI_ID)) == 5
    assert sorted(p.name for p in folder.iterdir()) == [LISHUI_ID]
    assert not library.is_stale(folder, library_database(folder))


def test_a_failed_rebuild_leaves_the_library_as_it_was(
    lishui: Prepared, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.save(library.reviewed(lishui, lishui.rows, []), folder)
    before = snapshot(folder)

    def broken(*_args, **_kwargs):
        raise SourceError(["disk full, say"])

    monkeypatch.setattr("hybrowser.build.build", broken)
    with pytest.raises(library.LibraryError, match="disk full"):
        library.save(library.reviewed(lishui, lishui.rows[:3], lishui.rows[3:]), folder)
    assert snapshot(folder) == before
    with pytest.raises(library.LibraryError):
        library.remove(LISHUI_ID, folder)
    assert snapshot(folder) == before


def test_a_new_bulletin_whose_rebuild_fails_is_not_left_behind(
    lishui: Prepared, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("hybrowser.build.build", full_disk)
    with pytest.raises(library.LibraryError, match="No space"):
        library.save(library.reviewed(lishui, lishui.rows, []), folder)
    assert library.bulletin_ids(folder) == []
    assert not library_database(folder).exists()
    assert list(folder.iterdir()) == []


def test_remove_takes_the_bulletin_out_and_rebuilds(lishui: Prepared, folder: Path) -> None:
    library.save(library.reviewed(lishui, lishui.rows, []), folder)
    library.remove(LISHUI_ID, folder)
    assert library.bulletin_ids(folder) == []
    assert list(folder.iterdir()) == []
    assert rows_of(library_database(folder), LISHUI_ID) == []
    assert not library.is_stale(folder, library_database(folder))
    with pytest.raises(library.LibraryError, match="no such bulletin"):
        library.remove(LISHUI_ID, folder)


def test_a_bundled_id_and_an_empty_review_are_refused(lishui: Prepared, folder: Path) -> None:
    bundled = Prepared(
        lishui.path, "hengyang-2021-h1", lishui.text, lishui.bulletin, lishui.rows, lishui.extraction
    )
    with pytest.raises(library.LibraryError, match="bundled"):
        library.save(library.reviewed(bundled, bundled.rows, []), folder)
    with pytest.raises(library.LibraryError, match="no figure accepted"):
        library.save(library.reviewed(lishui, [], lishui.rows), folder)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_an_interrupted_change_is_put_back(lishui: Prepared, folder: Path) -> None:
    target = library.save(library.reviewed(lishui, lishui.rows, []), folder)
    os.rename(target, folder / ".aside-lishui-2024-01-05-x1y2z3")  # as if stopped between two renames
    library.recover(folder)
    assert library.bulletin_ids(folder) == [LISHUI_ID]


def test_startup_opens_the_library_when_it_has_bulletins(lishui: Prepared, folder: Path) -> None:
    assert library.startup_database(BUNDLED_DATABASE, folder) == (BUNDLED_DATABASE, [])
    library.save(library.reviewed(lishui, lishui.rows, []), folder)
    database = library_database(folder)
    assert library.startup_database(BUNDLED_DATABASE, folder) == (database, [])
    assert not library.is_stale(folder, database)
    # A folder changed after the build makes the database stale: it is rebuilt at start-up.
    later = time.time() + 5
    os.utime(folder / LISHUI_ID / "indicators.csv", (later, later))
    assert library.is_stale(folder, database)
    built = database.stat().st_mtime_ns
    assert library.startup_database(BUNDLED_DATABASE, folder) == (database, [])
    assert database.stat().st_mtime_ns != built


def test_a_folder_edited_by_hand_falls_back_to_the_bundled_data(lishui: Prepared, folder: Path) -> None:
    library.save(library.reviewed(lishui, lishui.rows, []), folder)
    indicators = folder / LISHUI_ID / "indicators.csv"
    edited = indicators.read_text(encoding="utf-8").replace(",39.1,", ",39.7,")
    indicators.write_text(edited, encoding="utf-8")
    path, problems = library.startup_database(BUNDLED_DATABASE, folder)
    assert path == BUNDLED_DATABASE
    assert any(str(indicators) in p and "does not match the figure" in p for p in problems)


@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs reads XDG_DATA_HOME on Linux")
def test_the_library_lives_in_the_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert library_folder() == tmp_path / "hybrowser" / "bulletins"
    assert library_database() == tmp_path / "hybrowser" / "library.db"


@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs reads XDG_DATA_HOME on Linux")
def test_hybrowser_without_a_database_opens_the_library(
    lishui: Prepared, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hybrowser import app

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert app._library_or_bundled() == (BUNDLED_DATABASE, [])
    folder = library_folder()
    library.save(library.reviewed(lishui, lishui.rows, []), folder)
    assert app._library_or_bundled() == (library_database(folder), [])
    (folder / LISHUI_ID / "source.txt").unlink()  # a folder damaged by hand
    path, problems = app._library_or_bundled()
    assert path == BUNDLED_DATABASE
    assert str(folder / LISHUI_ID) in problems[0]
    assert str(folder / LISHUI_ID) in capsys.readouterr().err
