"""Composition root: command-line arguments, QApplication, fonts, the main window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["build"]:
        from hybrowser.build import main as build_main

        return build_main(args[1:])
    raise SystemExit("not yet")
