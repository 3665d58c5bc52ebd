"""`hybrowser import FILE...`: bulletin texts → folders of proposed facts, checked by the build's rules."""

from __future__ import annotations

import argparse
import datetime
import re
import sys
import tempfile
from pathlib import Path

from hybrowser.extract.folder import (
    FolderExistsError,
    Prepared,
    bulletin_row,
    commit_folder,
    discard_folder,
    indicator_rows,
    stage_folder,
    write_folder,
)
from hybrowser.extract.pipeline import Unclaimed, extract
from hybrowser.extract.read import ImportInputError, read_bulletin_text
from hybrowser.locations import RESOURCES, bundled_bulletin_ids, library_folder

EXIT_BAD_INPUT = 2
_ID = re.compile(r"^[\w][\w.-]{0,79}$")


def prepare(
    path: Path,
    bulletin_id: str | None,
    region: str | None,
    published: str | None,
    taken: set[str] = frozenset(),
) -> Prepared:
    """Read and extract one file; raises ImportInputError with one line saying what is wrong."""
    text, encoding = read_bulletin_text(path)
    return prepare_text(path, text, encoding, bulletin_id, region, published, taken)


def prepare_text(
    path: Path,
    text: str,
    encoding: str,
    bulletin_id: str | None,
    region: str | None,
    published: str | None,
    taken: set[str] = frozenset(),
) -> Prepared:
    """Extract and check a text already read (`path` names it in messages: a file, or pasted text)."""
    bulletin_id = bulletin_id or id_from_name(path)
    if bulletin_id in taken:
        raise ImportInputError(f"{path}: a bulletin with id {bulletin_id!r} already exists; give --id")
    if not _ID.match(bulletin_id):
        raise ImportInputError(
            f"{path}: {bulletin_id!r} cannot be a bulletin id (letters, digits, '-', '_', '.')"
        )
    extraction = extract(text, region=region, published=published)
    published = published or extraction.header.published
    if not published:
        raise ImportInputError(f"{path}: the text states no publication date; give --published YYYY-MM-DD")
    region = region or extraction.header.region
    if not region:
        raise ImportInputError(f"{path}: the text names no city or county; give --region")
    if not extraction.facts:
        raise ImportInputError(f"{path}: no figures found in the text")
    bulletin = bulletin_row(bulletin_id, region, published, extraction, path.name, encoding)
    rows = indicator_rows(bulletin_id, region, extraction)
    prepared = Prepared(path, bulletin_id, text, bulletin, rows, extraction)
    _keep_what_the_build_accepts(prepared)
    if not prepared.rows:
        raise ImportInputError(f"{path}: no figure found that the build accepts")
    return prepared


def id_from_name(path: Path) -> str:
    """The id a file's bulletin gets unless one is given: its name without the extension."""
    stem = re.sub(r"[^\w.-]+", "-", path.stem).strip("-.")
    return stem or "bulletin"


def _keep_what_the_build_accepts(prepared: Prepared) -> None:
    """Check the folder with the build's own validation; a figure it refuses goes to unclaimed.

    The extractor's rules and the build's checks are written apart, so a rule that reads a
    figure one way and a check that reads it another would otherwise stop the whole import.
    """
    from hybrowser.build.validate import folder_problems

    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            try:
                write_folder(Path(folder), prepared)
            except OSError as error:
                raise ImportInputError(
                    f"{prepared.path}: cannot check the import ({error.strerror})"
                ) from None
            problems = folder_problems(RESOURCES, Path(folder))
            if not problems:
                return
        refused = {row["id"]: p for row in prepared.rows for p in problems if f"record {row['id']} " in p}
        if not refused:
            raise ImportInputError(f"{prepared.path}: the build refuses the import: {problems[0]}")
        for row in [r for r in prepared.rows if r["id"] in refused]:
            prepared.rows.remove(row)
            fact = next(
                f for f in prepared.extraction.facts if f.quote == row["quote"] and f.figure == row["figure"]
            )
            reason = "refused by the build: " + refused[row["id"]].split(": ", 2)[-1]
            prepared.extraction.unclaimed.append(Unclaimed(fact.figure, reason, fact.quote, fact.start))
    raise ImportInputError(f"{prepared.path}: the build refuses the import")


def _published(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-06-21") from None


class _Parser(argparse.ArgumentParser):
    """Usage mistakes in one line, like every other refusal of the command."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="hybrowser import",
        description="Turn bulletin texts into bulletin folders of proposed facts (status 'proposed').",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a bulletin's text")
    parser.add_argument("--out", type=Path, help="folder to write into (default: the user's library)")
    parser.add_argument("--id", dest="bulletin_id", help="the bulletin's id (default: the file's name)")
    parser.add_argument("--region", help="the city or county, where the text does not name it")
    parser.add_argument("--published", type=_published, help="publication date YYYY-MM-DD, where not stated")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    if args.bulletin_id and len(args.files) > 1:
        print("hybrowser import: --id names one bulletin; give one FILE with it", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = args.out or library_folder()
    if out.exists() and not out.is_dir():
        print(f"hybrowser import: {out}: not a folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        taken = _taken_ids(out)
        prepared = []
        for path in args.files:
            item = prepare(path, args.bulletin_id, args.region, args.published, taken)
            taken.add(item.bulletin_id)
            prepared.append(item)
    except ImportInputError as error:
        print(f"hybrowser import: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return _write_all(prepared, out)


def _write_all(prepared: list[Prepared], out: Path) -> int:
    """Stage every folder, then rename them into place: a failure leaves none of them behind."""
    staged: list[Path] = []
    try:
        for item in prepared:
            staged.append(stage_folder(out, item))
        folders = [commit_folder(path, item.bulletin_id) for path, item in zip(staged, prepared, strict=True)]
    except (FolderExistsError, OSError) as error:
        for path in staged:
            discard_folder(path)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        print(f"hybrowser import: cannot write into {out}: {reason}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for item, folder in zip(prepared, folders, strict=True):
        print(
            f"{item.path.name}: {len(item.rows)} facts proposed, "
            f"{len(item.extraction.unclaimed)} numbers left unclaimed → {folder}"
        )
    return 0


def _taken_ids(out: Path) -> set[str]:
    """Ids a new bulletin cannot have: the bundled ones and the folders already in `out`."""
    taken = bundled_bulletin_ids()
    if out.is_dir():
        taken |= {p.name for p in out.iterdir() if p.is_dir()}
    return taken
