"""`hybrowser import FILE...`: bulletin texts → folders of proposed facts, checked by the build's rules."""

from __future__ import annotations

import argparse
import datetime
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hybrowser.extract.folder import FolderExistsError, bulletin_row, indicator_rows, write_folder
from hybrowser.extract.pipeline import Extraction, Unclaimed, extract
from hybrowser.extract.read import ImportInputError, read_bulletin_text

EXIT_BAD_INPUT = 2
_ID = re.compile(r"^[\w][\w.-]{0,79}$")


def library_folder() -> Path:
    """The user's library of imported bulletins, in the platform's user data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("hybrowser", appauthor=False)) / "bulletins"


@dataclass
class Prepared:
    """One file read, extracted and checked, ready to be written."""

    path: Path
    bulletin_id: str
    text: str
    bulletin: dict[str, str]
    rows: list[dict[str, str]]
    extraction: Extraction


def prepare(path: Path, bulletin_id: str | None, region: str | None, published: str | None) -> Prepared:
    """Read and extract one file; raises ImportInputError with one line saying what is wrong."""
    text, encoding = read_bulletin_text(path)
    bulletin_id = bulletin_id or _id_from_name(path)
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


def _id_from_name(path: Path) -> str:
    stem = re.sub(r"[^\w.-]+", "-", path.stem).strip("-.")
    return stem or "bulletin"


def _keep_what_the_build_accepts(prepared: Prepared) -> None:
    """Check the folder with the build's own validation; a figure it refuses goes to unclaimed.

    The extractor's rules and the build's checks are written apart, so a rule that reads a
    figure one way and a check that reads it another would otherwise stop the whole import.
    """
    from hybrowser.build import DEFAULT_RESOURCES, SourceError, load_sources, validate

    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            write_folder(
                Path(folder),
                prepared.bulletin_id,
                prepared.text,
                prepared.bulletin,
                prepared.rows,
                prepared.extraction,
            )
            try:
                validate(load_sources(DEFAULT_RESOURCES, Path(folder)))
                return
            except SourceError as error:
                problems = error.problems
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hybrowser import",
        description="Turn bulletin texts into bulletin folders of proposed facts (status 'proposed').",
    )
    parser.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="bulletin text (UTF-8 or GB18030)"
    )
    parser.add_argument("--out", type=Path, help="folder to write into (default: the user's library)")
    parser.add_argument("--id", dest="bulletin_id", help="the bulletin's id (default: the file's name)")
    parser.add_argument("--region", help="the city or county, where the text does not name it")
    parser.add_argument("--published", type=_published, help="publication date YYYY-MM-DD, where not stated")
    args = parser.parse_args(argv)
    if args.bulletin_id and len(args.files) > 1:
        print("hybrowser import: --id names one bulletin; give one FILE with it", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = args.out or library_folder()
    if out.exists() and not out.is_dir():
        print(f"hybrowser import: {out}: not a folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        prepared = [prepare(path, args.bulletin_id, args.region, args.published) for path in args.files]
        _check_ids(prepared, out)
    except ImportInputError as error:
        print(f"hybrowser import: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for item in prepared:
        try:
            folder = write_folder(out, item.bulletin_id, item.text, item.bulletin, item.rows, item.extraction)
        except (FolderExistsError, OSError) as error:
            print(f"hybrowser import: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(
            f"{item.path.name}: {len(item.rows)} facts proposed, "
            f"{len(item.extraction.unclaimed)} numbers left unclaimed → {folder}"
        )
    return 0


def _check_ids(prepared: list[Prepared], out: Path) -> None:
    from hybrowser.build import DEFAULT_RESOURCES

    taken = {p.name for p in (DEFAULT_RESOURCES / "bulletins").iterdir()}
    seen: set[str] = set()
    for item in prepared:
        if item.bulletin_id in taken or (out / item.bulletin_id).exists():
            raise ImportInputError(
                f"{item.path}: a bulletin with id {item.bulletin_id!r} already exists; give --id"
            )
        if item.bulletin_id in seen:
            raise ImportInputError(f"{item.path}: two files would both get the id {item.bulletin_id!r}")
        seen.add(item.bulletin_id)
