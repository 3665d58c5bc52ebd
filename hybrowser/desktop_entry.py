"""`hybrowser --install-desktop-entry`: the .desktop file, icons and AppStream metadata for the user.

A Linux desktop lists an application, and shows its icon, from files in the user's data
folder ($XDG_DATA_HOME, by default ~/.local/share). They are copied from resources/ with the
launcher's Exec line pointing at this installation's Python, so it works from a virtualenv.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ID = "org.hybrowser.Hybrowser"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ICONS = RESOURCES / "icons"
DESKTOP = RESOURCES / "desktop"
#: The PNG sizes rendered from the SVG (resources/icons/make_icons.py).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share (the XDG base directory default)."""
    folder = os.environ.get("XDG_DATA_HOME")
    return Path(folder) if folder and Path(folder).is_absolute() else Path.home() / ".local" / "share"


def exec_quote(argument: str) -> str:
    """An argument of a .desktop Exec line: double-quoted if it holds a reserved character."""
    argument = argument.replace("%", "%%")  # % starts a field code such as %f
    if not any(c in _RESERVED for c in argument):
        return argument
    quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in argument) + '"'
    # The string escape rule applies on top of the quoting rule: each backslash is doubled.
    return quoted.replace("\\", "\\\\")


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def launcher_command() -> str:
    """The Exec line's command: this Python running hybrowser (a desktop has no virtualenv on PATH)."""
    return f"{exec_quote(sys.executable)} -m hybrowser"


def desktop_text() -> str:
    """The shipped .desktop file with its Exec and TryExec pointing at this installation."""
    lines = []
    for line in (DESKTOP / f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={launcher_command()} %f"
        elif line.startswith("TryExec="):
            line = f"TryExec={sys.executable}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(home: Path | None = None) -> list[Path]:
    """Write the launcher, the icons and the metadata under home; returns the files written."""
    from hybrowser.core.export import write_atomically  # here: the window imports APP_ID at start-up

    home = home or data_home()
    files: dict[Path, bytes] = {
        home / "applications" / f"{APP_ID}.desktop": desktop_text().encode("utf-8"),
        home / "metainfo" / f"{APP_ID}.metainfo.xml": (DESKTOP / f"{APP_ID}.metainfo.xml").read_bytes(),
        home / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg": (ICONS / "hybrowser.svg").read_bytes(),
    }
    for size in ICON_SIZES:
        target = home / f"icons/hicolor/{size}x{size}/apps" / f"{APP_ID}.png"
        files[target] = (ICONS / f"hybrowser-{size}.png").read_bytes()
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda stream, data=data: stream.write(data))
    return list(files)


def main() -> int:
    try:
        written = install()
    except OSError as error:
        print(f"hybrowser: cannot install the desktop entry: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0
