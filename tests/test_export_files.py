"""File → Export: files anyone may open, the chosen type wins, and the window's words in its language."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import zipfile

import pytest

from hybrowser.core.export import with_extension, write_csv

CJK = re.compile(r"[\u4e00-\u9fff]")


def read_csv(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.mark.parametrize("mask", [0o022, 0o002])
def test_exported_files_get_the_permissions_of_a_normal_new_file(tmp_path, mask):
    old = os.umask(mask)
    try:
        write_csv(tmp_path / "rows.csv", [["a", 1]])
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "rows.csv").stat().st_mode) == 0o666 & ~mask


def test_the_chosen_type_wins_and_adds_its_extension(tmp_path):
    assert with_extension(tmp_path / "rows", "xlsx") == tmp_path / "rows.xlsx"
    assert with_extension(tmp_path / "rows.XLSX", "xlsx") == tmp_path / "rows.XLSX"
    assert with_extension(tmp_path / "rows.csv", "xlsx") == tmp_path / "rows.csv.xlsx"


def test_xlsx_chosen_with_a_bare_name_writes_a_workbook(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    chosen = (str(tmp_path / "rows"), "XLSX (*.xlsx)")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: chosen)
    window.tab_named("projects")
    window.files.export_dialog("csv")  # opened from the CSV item, XLSX chosen in the dialog
    assert window.files.export_job is not None and window.files.export_job.wait()  # written in the background
    assert not (tmp_path / "rows").exists()
    assert zipfile.is_zipfile(tmp_path / "rows.xlsx")


def test_chinese_export_shows_labels_not_codes(qtbot, window, tmp_path):
    window.tab_named("indicators")
    assert window.files.export_current(tmp_path / "indicators.csv").wait()
    text = (tmp_path / "indicators.csv").read_bytes().decode("utf-8-sig")
    for code in ("double_digit", "growth_yoy", "more_than", "investment,"):
        assert code not in text
    assert "两位数" in text and "同比增速" in text and ",投资," in text
    window.tab_named("projects")
    assert window.files.export_current(tmp_path / "projects.csv").wait()
    rows = read_csv(tmp_path / "projects.csv")
    cells = {cell for row in rows for cell in row}
    assert "oct_resort" not in cells and "湖南华侨城文化旅游度假区" in cells
    assert "408" in cells or "408.0" in cells  # numbers stay numbers


def test_english_export_has_english_headers_and_units(qtbot, window, tmp_path):
    window.set_language("en")
    window.tab_named("projects")
    assert window.files.export_current(tmp_path / "projects.csv").wait()
    header = read_csv(tmp_path / "projects.csv")[0]
    assert "Total investment (×10⁸ yuan)" in header
    assert not [h for h in header if CJK.search(h)], header


def test_codes_are_an_option(qtbot, window, tmp_path):
    window.tab_named("indicators")
    window.menus.export_codes_action.setChecked(True)
    assert window.files.export_current(tmp_path / "codes.csv").wait()
    rows = read_csv(tmp_path / "codes.csv")
    assert rows[0][:2] == ["name_zh", "value"] and "double_digit" in {c for row in rows for c in row}
