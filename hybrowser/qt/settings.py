"""Where settings live: the user's QSettings, or a file named by HYBROWSER_SETTINGS (tests)."""

from __future__ import annotations

import os
import tempfile

from PySide6.QtCore import QSettings


def open_settings() -> QSettings:
    """The app's settings; HYBROWSER_SETTINGS=/path/file.ini keeps them off the user's own."""
    path = os.environ.get("HYBROWSER_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "hybrowser", "hybrowser")


def temporary_settings() -> QSettings:
    """Throw-away settings in a fresh temporary file (screenshots, benchmarks)."""
    handle, path = tempfile.mkstemp(prefix="hybrowser-", suffix=".ini")
    os.close(handle)
    return QSettings(path, QSettings.Format.IniFormat)
