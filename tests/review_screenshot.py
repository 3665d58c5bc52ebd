"""`python -m tests.review_screenshot TEXT OUT.png`: the review view of a text, rendered to a PNG."""

from __future__ import annotations

import argparse
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.review_screenshot", description=__doc__)
    parser.add_argument("text", type=Path, help="a bulletin's text")
    parser.add_argument("out", type=Path, help="the PNG to write")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--row", type=int, default=5, help="the fact shown selected")
    parser.add_argument("--accepted", type=int, default=12, help="how many of the first facts are accepted")
    args = parser.parse_args(argv)

    from hybrowser.app import _main_window_class, make_application
    from hybrowser.import_command import prepare

    app = make_application()
    _main_window_class()  # registers the bundled font the way the window does
    from hybrowser.qt.review.view import ReviewDialog

    review = ReviewDialog(prepare(args.text, None, None, None, set()), args.lang)
    review.resize(1500, 900)
    for row in range(min(args.accepted, review.model.rowCount())):
        review.model.set_accepted(row, True)
    review.show()
    review.table.selectRow(args.row)
    app.processEvents()
    image = review.grab()
    review.dirty = False
    review.close()
    if not image.save(str(args.out), "PNG"):
        print(f"cannot write {args.out}")
        return 2
    print(f"wrote {args.out} ({image.width()}x{image.height()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
