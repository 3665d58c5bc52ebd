"""The bundled Noto Sans SC subset: present, small, covers every character used, registers with Qt."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QGuiApplication, QRawFont

from hybrowser.qt.fonts import bundled_font_path, register_bundled_font

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = REPO_ROOT / "resources" / "fonts"
FONT = FONT_DIR / "NotoSansSC-Subset.otf"
SAMPLE = "衡阳高新技术产业投资"
# QRawFont.supportsCharacter is given code points: PySide6 turns a str argument
# into the wrong QChar for some characters (e.g. 经), so it must not get a str.


def _load_make_font():
    spec = importlib.util.spec_from_file_location("make_font", FONT_DIR / "make_font.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_font = _load_make_font()


def test_font_file_is_bundled_and_small():
    assert FONT.is_file()
    assert FONT.stat().st_size < 4 * 1024 * 1024
    assert (FONT_DIR / "OFL.txt").is_file()
    assert bundled_font_path() == FONT


def test_font_covers_gb2312_and_bulletin_symbols():
    chars = make_font.font_characters(FONT)
    hanzi = make_font.gb2312_hanzi()
    assert len(hanzi) == 6763
    assert hanzi <= chars
    assert set(make_font.EXTRA_CHARACTERS) <= chars  # incl. synthesised sub/superscripts


def test_every_character_used_in_resources_and_sources_is_in_the_font():
    missing = make_font.missing_characters(FONT, [REPO_ROOT / "resources", REPO_ROOT / "hybrowser"])
    assert not missing, (
        f"not in {FONT.name}: {''.join(sorted(missing))!r} - "
        "regenerate with: python resources/fonts/make_font.py"
    )


def test_missing_characters_reports_unknown_characters(tmp_path):
    (tmp_path / "notes.md").write_text("衡阳 \U0001f4c8 \u0e01\n", encoding="utf-8")
    (tmp_path / "data.json").write_text('{"name": "\\u4e7e"}', encoding="utf-8")  # 乾, escaped
    (tmp_path / "skip.bin").write_text("\u0e02", encoding="utf-8")
    assert make_font.missing_characters(FONT, [tmp_path]) == {"\U0001f4c8", "\u0e01"}


def test_check_command_passes():
    result = subprocess.run(
        [sys.executable, str(FONT_DIR / "make_font.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_register_bundled_font_makes_it_the_chinese_fallback(qapp):
    platform_family = QGuiApplication.font().families()[0] if QGuiApplication.font().families() else None

    family = register_bundled_font()

    assert family is not None
    assert family in QFontDatabase.families()
    raw = QRawFont.fromFont(QFont(family))
    assert raw.isValid()
    assert raw.familyName() == family
    assert all(raw.supportsCharacter(ord(ch)) for ch in SAMPLE)

    app_font = QGuiApplication.font()
    assert family in app_font.families()
    assert app_font.families()[0] != family  # Latin text keeps the platform font
    if platform_family is not None:
        assert app_font.families()[0] == platform_family
    metrics = QFontMetrics(app_font)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in SAMPLE)

    # Idempotent: same family, no duplicate entry in the application font.
    assert register_bundled_font() == family
    assert QGuiApplication.font().families().count(family) == 1


@pytest.mark.parametrize("text", ["衡阳上半年经济 ≥10% ≈7 亿元", "CO₂ ×10⁸"])
def test_bundled_font_draws_sample_text(qapp, text):
    family = register_bundled_font()
    raw = QRawFont.fromFont(QFont(family))
    assert all(raw.supportsCharacter(ord(ch)) for ch in text if not ch.isspace())


def test_font_read_in_a_thread_is_the_fallback_once_registered():
    import json

    script = (
        "import json, threading\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from hybrowser.qt import fonts\n"
        "app = QApplication([])\n"
        "fonts.start_loading_bundled_font()\n"
        "reading = fonts._loading is not None and fonts._loading[0].name == 'hybrowser-font'\n"
        "family = fonts.register_bundled_font()\n"
        "print(json.dumps({'reading': reading, 'family': family, 'families': app.font().families(),"
        " 'left': fonts._loading is None}))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["reading"] is True and seen["left"] is True
    assert seen["family"] and seen["family"] in seen["families"]
