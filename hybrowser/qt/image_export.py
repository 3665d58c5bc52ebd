"""Images out of the chart and the map: clipboard, PNG and SVG files, the save dialog, the copy shortcut."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import QApplication, QFileDialog, QGraphicsScene, QMenu, QMessageBox, QWidget

from hybrowser.core.labels import tr

log = logging.getLogger(__name__)

#: A menu entry: an action (shared with a toolbar menu) or its text and what it does.
MenuEntry = QAction | tuple[str, Callable[[], object]]


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


@dataclass(frozen=True)
class ImageTexts:
    """What a panel's image actions are called and what they say, in the panel's language of the moment."""

    #: the context menu's copy entry
    copy: Callable[[], str]
    #: said once the image is on the clipboard
    copied: Callable[[], str]
    #: said once the file is written
    saved: Callable[[Path], str]


class PanelImages:
    """A panel's picture for a report (the chart's, the map's): copied, saved, asked for, and its menu.

    The panel says how its picture is rendered (render, svg) and what the menu offers besides
    copying; the clipboard, the files, the save dialog and the copy shortcut work the same for both.
    """

    def __init__(
        self,
        panel: QWidget,
        key: str,
        texts: ImageTexts,
        render: Callable[[int | None], QImage],
        say: Callable[[str], None],
        exports: Callable[[], Sequence[MenuEntry]],
        svg: Callable[[int | None], bytes] | None = None,
        extras: Callable[[], Sequence[MenuEntry]] = tuple,
    ) -> None:
        self.panel = panel
        self.texts = texts
        self._render = render
        self._svg = svg
        self.say = say
        self.exports = exports
        self.extras = extras
        self.shortcut = copy_shortcut(panel, key, self.copy)

    def render(self, width: int | None = None) -> QImage:
        """The picture as an image for a report, width pixels wide (default: as shown)."""
        return self._render(width)

    def copy(self, width: int | None = None) -> QImage:
        """Put the picture on the clipboard as an image (and return it)."""
        image = copy_to_clipboard(self.render(width))
        self.say(self.texts.copied())
        return image

    def save(self, path: Path | str, width: int | None = None) -> Path:
        """Save the picture as PNG (or SVG by the suffix, if the panel draws one), width pixels wide.

        Raises OSError.
        """
        path = Path(path)
        if path.suffix.lower() == ".svg" and self._svg is not None:
            save_bytes(path, self._svg(width))
        else:
            save_png(self.render(width), path)
        self.say(self.texts.saved(path))
        return path

    def ask_save(self, title: str, suggested: Path, kind: str, width: int | None) -> None:
        """Ask where to save the picture, save it, and say so in a message box if it cannot be written."""
        path = ask_export_path(self.panel, title, suggested, kind)
        if path is None:
            return
        try:
            self.save(path, width)
        except OSError as error:
            log.warning("image export to %s failed: %s", path, error)
            lang = getattr(self.panel, "lang", "zh")
            QMessageBox.warning(self.panel, tr("Export failed", lang), f"{path}\n{error}")

    def context_menu(self) -> QMenu:
        """Copy, the panel's export choices, then the panel's own entries (zoom, fit, ...)."""
        menu = QMenu(self.panel)
        menu.addAction(self.texts.copy(), lambda: self.copy())
        _add_entries(menu, self.exports())
        extras = self.extras()
        if extras:
            menu.addSeparator()
            _add_entries(menu, extras)
        return menu

    def menu_on(self, widget: QWidget, area: QWidget | None = None) -> None:
        """Open the context menu where `widget` asks for one; `area` is the widget whose
        coordinates the request is in (a graphics view's viewport), `widget` itself by default."""
        area = area or widget
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        widget.customContextMenuRequested.connect(
            lambda position: self.context_menu().exec(area.mapToGlobal(position))
        )


def _add_entries(menu: QMenu, entries: Sequence[MenuEntry]) -> None:
    for entry in entries:
        if isinstance(entry, QAction):
            menu.addAction(entry)
        else:
            text, slot = entry
            menu.addAction(text, slot)
