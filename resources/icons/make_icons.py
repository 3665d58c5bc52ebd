"""Render resources/icons/hybrowser.svg to the PNG sizes a desktop asks for (run after editing the SVG).

QT_QPA_PLATFORM=offscreen python resources/icons/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: The sizes the freedesktop icon theme and the window decorations use.
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - painting needs one
    renderer = QSvgRenderer(str(HERE / "hybrowser.svg"))
    if not renderer.isValid():
        print("hybrowser.svg is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(HERE / f"hybrowser-{size}.png"))
        print(f"wrote hybrowser-{size}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
