"""Register the bundled Noto Sans SC subset as the Chinese fallback of the application font."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication

FONT_FILE = "NotoSansSC-Subset.otf"

_registered: tuple[int, str] | None = None  # (font id, family) once registered
_loading: tuple[threading.Thread, list[int]] | None = None  # (thread, [font id]) while it reads


def font_dirs() -> list[Path]:
    """Where the bundled font may live: the source tree, then package data."""
    here = Path(__file__).resolve()
    return [
        here.parents[2] / "resources" / "fonts",  # <repo>/resources/fonts
        here.parents[1] / "resources" / "fonts",  # <site-packages>/hybrowser/resources/fonts
    ]


def bundled_font_path() -> Path | None:
    """The bundled font file, or None if it is not shipped with this copy."""
    for directory in font_dirs():
        path = directory / FONT_FILE
        if path.is_file():
            return path
    return None


def start_loading_bundled_font() -> None:
    """Begin reading the bundled font in a thread (~15 ms of FreeType and fontconfig).

    QFontDatabase is thread-safe and PySide6 lets go of the GIL during the call, so the
    window's modules import meanwhile; register_bundled_font() then waits for it.
    """
    global _loading
    path = bundled_font_path()
    if path is None or _registered is not None or _loading is not None:
        return
    result: list[int] = []
    thread = threading.Thread(
        target=lambda: result.append(QFontDatabase.addApplicationFont(str(path))),
        name="hybrowser-font",
        daemon=True,
    )
    thread.start()
    _loading = (thread, result)


def register_bundled_font() -> str | None:
    """Add the bundled font and make it the application font's CJK fallback.

    The application font keeps its platform family first, so Latin text is
    unchanged; the bundled family is appended to its family list and set as a
    substitute for the platform family, so characters the platform font lacks
    (hanzi, CJK punctuation) are drawn with the bundled font rather than
    whatever fallback the system would pick (Japanese glyph forms, or none).
    Call it once after creating the application, before building widgets.  Needs a
    QGuiApplication (or QApplication).  Returns the family Qt reports, or None
    if there is no application yet or the font is missing or unreadable.
    Calling it again is cheap and returns the same family.
    """
    global _registered, _loading
    if QGuiApplication.instance() is None:
        return None
    if _registered is not None and _registered[1] in QFontDatabase.applicationFontFamilies(_registered[0]):
        family = _registered[1]
    else:
        path = bundled_font_path()
        if path is None:
            return None
        if _loading is not None:
            thread, result = _loading
            thread.join()
            _loading = None
            font_id = result[0] if result else -1
        else:
            font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            return None
        family = families[0]
        _registered = (font_id, family)
    _use_as_fallback(family)
    return family


def _use_as_fallback(family: str) -> None:
    app_font = QGuiApplication.font()
    families = list(app_font.families()) or [app_font.family()]
    # The platform family may be a fontconfig alias ("Sans Serif") that is not
    # itself in Qt's database; Qt would then skip it and make the next family in
    # the list, the bundled one, primary.  Name the font it resolves to as well.
    resolved = QFontInfo(app_font).family()
    system = QFontInfo(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)).family()
    wanted = [*families, *(f for f in (resolved, family) if f and f not in families)]
    if wanted != families:
        app_font.setFamilies(wanted)
        QGuiApplication.setFont(app_font)
    # Fonts built from the platform family alone (e.g. QFont("DejaVu Sans")) try
    # the bundled family before other system fonts for characters they lack.
    for ui_family in sorted({resolved, system} - {family, ""}):
        if family not in QFont.substitutes(ui_family):
            QFont.insertSubstitution(ui_family, family)
