"""Where settings live: the user's QSettings, or a file named by HYBROWSER_SETTINGS (tests)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QSettings


def open_settings() -> QSettings:
    """The app's settings; HYBROWSER_SETTINGS=/path/file.ini keeps them off the user's own."""
    path = os.environ.get("HYBROWSER_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "hybrowser", "hybrowser")


@contextmanager
def temporary_settings() -> Iterator[QSettings]:
    """Throw-away settings in a temporary folder that is removed afterwards (screenshots)."""
    with tempfile.TemporaryDirectory(prefix="hybrowser-") as folder:
        yield QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
