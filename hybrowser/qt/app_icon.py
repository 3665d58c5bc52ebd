"""The application's icon: the PNG sizes rendered from resources/icons/hybrowser.svg."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from hybrowser.desktop_entry import ICON_SIZES, ICONS


def app_icon() -> QIcon:
    """Every committed size, so each window decoration and task bar picks a sharp one.

    QIcon reads a file only when a size is first drawn: start-up pays for file names only.
    """
    icon = QIcon()
    for size in ICON_SIZES:
        path = ICONS / f"hybrowser-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon
