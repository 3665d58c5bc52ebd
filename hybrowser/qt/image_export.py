"""Images out of the chart and the map: clipboard, PNG and SVG files, the save dialog, the copy shortcut."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import QApplication, QFileDialog, QGraphicsScene, QWidget


def copy_to_clipboard(image: QImage) -> QImage:
    """Put an image on the clipboard (and return it, so callers and tests can look at it)."""
    QApplication.clipboard().setImage(image)
    return image


def save_png(image: QImage, path: Path | str) -> None:
    """Write an image as PNG, all or nothing (write_atomically); raises OSError."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # QImage.save only says False
        raise OSError(f"cannot encode {path} as PNG")
    buffer.close()
    save_bytes(path, bytes(data.data()))


def save_bytes(path: Path | str, data: bytes) -> None:
    """Write an exported file all or nothing, with a normal new file's permissions."""
    from hybrowser.core.export import write_atomically

    write_atomically(Path(path), lambda stream: stream.write(data))


def scene_svg(
    scene: QGraphicsScene, source: QRectF, width: float | None, background: QColor, title: str
) -> bytes:
    """Part of a scene as SVG, `width` pixels wide (default: as in the scene), text kept as text.

    The scene is painted straight onto a QSvgGenerator: pyqtgraph 0.14's SVGExporter
    fails on the closed paths Qt 6.11 writes (pyqtgraph issue #3495).
    """
    from PySide6.QtSvg import QSvgGenerator  # QtSvg loads only when an SVG is asked for

    out_width = float(width or source.width())
    out_height = round(out_width * source.height() / max(source.width(), 1.0))
    target = QRectF(0, 0, out_width, out_height)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(round(out_width), out_height))
    generator.setViewBox(target)
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(target, background)
        scene.render(painter, target, source)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def ask_export_path(parent: QWidget, title: str, suggested: Path, kind: str) -> str | None:
    """Ask where to save a `kind` ('png', 'svg') file; None if the user cancels.

    The suffix is added when the name lacks it: the file dialog does not, and a PNG
    saved as "map" would not open by double-click.
    """
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), f"{kind.upper()} (*.{kind})")
    if not path:
        return None
    if not path.lower().endswith(f".{kind}"):
        path += f".{kind}"
    return path


def copy_shortcut(widget: QWidget, key: str, copy: Callable[[], object]) -> QShortcut:
    """A shortcut that copies the panel's image while the panel (or a child) has focus."""
    shortcut = QShortcut(QKeySequence(key), widget)
    # Not application-wide: the table's own copy shortcuts must keep working elsewhere.
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(lambda: copy())
    return shortcut
