"""The app on a desktop: Qt's own options, --help, the About box, the icon and the desktop entry."""

from __future__ import annotations

import configparser
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hybrowser.app import main, parse_arguments, split_qt_options
from hybrowser.desktop_entry import APP_ID, ICON_SIZES, ICONS

ROOT = Path(__file__).resolve().parents[1]


def test_qt_options_go_to_qt_and_the_rest_to_us():
    assert split_qt_options(["-style", "Fusion", "x.db"]) == (["-style", "Fusion"], ["x.db"])
    assert split_qt_options(["-style=Fusion", "-reverse", "--lang", "en"]) == (
        ["-style=Fusion", "-reverse"],
        ["--lang", "en"],
    )
    args = parse_arguments(["-style", "Fusion", "--lang", "en", "x.db"])
    assert args.qt_options == ["-style", "Fusion"] and args.lang == "en" and args.db == Path("x.db")


def test_qt_receives_its_style_option():
    code = (
        "from hybrowser.app import make_application, parse_arguments\n"
        "app = make_application(parse_arguments(['-style', 'Fusion']).qt_options)\n"
        "print(app.style().name())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().lower() == "fusion"


def test_help_mentions_the_commands_and_qt_options(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "hybrowser build [--check]" in text and "--install-desktop-entry" in text and "-style" in text
    assert "hybrowser import FILE..." in text and "--bulletins DIR" in text


def test_about_box_speaks_the_windows_language_and_shows_the_licences(window):
    window.set_language("zh")
    chinese = window.menus.about_text()
    assert "程序许可：MIT" in chinese and "SIL 开放字体许可" in chinese and "衡阳日报" in chinese
    window.set_language("en")
    assert (
        "Code licence: MIT" in window.menus.about_text() and "LGPL-3.0-or-later" in window.menus.about_text()
    )


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_the_window_has_the_apps_icon(window):
    from PySide6.QtWidgets import QApplication

    icon = QApplication.windowIcon()
    assert not icon.isNull() and not window.windowIcon().isNull()
    assert {s.width() for s in icon.availableSizes()} == set(ICON_SIZES)
    for size in ICON_SIZES:
        assert png_size(ICONS / f"hybrowser-{size}.png") == (size, size)


def test_install_desktop_entry_writes_launcher_icons_and_metadata(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["--install-desktop-entry"]) == 0
    desktop = tmp_path / "applications" / f"{APP_ID}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(desktop, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Icon"] == APP_ID
    assert section["Exec"].startswith(sys.executable) and section["Exec"].endswith("-m hybrowser %f")
    for size in ICON_SIZES:
        assert png_size(tmp_path / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png") == (size, size)
    assert (tmp_path / f"icons/hicolor/scalable/apps/{APP_ID}.svg").read_text().startswith("<?xml")
    metainfo = ET.parse(tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml").getroot()
    assert metainfo.findtext("id") == APP_ID
    assert metainfo.find("launchable").text == desktop.name
    assert str(desktop) in capsys.readouterr().out


def test_installed_launcher_passes_desktop_file_validate(tmp_path):
    import shutil

    from hybrowser.desktop_entry import install

    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    desktop = next(p for p in install(tmp_path) if p.suffix == ".desktop")
    result = subprocess.run([validate, str(desktop)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
