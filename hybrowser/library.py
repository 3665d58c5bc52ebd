"""The user's library of bulletins: save, replace and remove folders atomically; rebuild its database.

No Qt. Every change is made beside the library under a hidden name (the build skips folders
starting with '.') and renamed into place; the library database is rebuilt by the build's own
code into a temporary file renamed over the old one. A change whose rebuild fails is undone,
so a failed save or removal leaves the library and its database as they were.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from hybrowser.locations import RESOURCES, bundled_bulletin_ids, library_database, library_folder

if TYPE_CHECKING:  # the build and the import load when a change is made: start-up only looks
    from hybrowser.extract.folder import Prepared


#: Hidden names of a folder being replaced or removed, until the rebuild has succeeded.
_ASIDE = ".aside-"


class LibraryError(Exception):
    """A save or removal refused or failed; `problems` are the build's lines, naming file and record."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def bulletin_ids(folder: Path) -> list[str]:
    """The bulletins in the library (folder names, hidden work folders left out)."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def is_stale(folder: Path, database: Path) -> bool:
    """Whether the database is missing or older than the library folder or anything in it."""
    if not database.is_file():
        return True
    built = database.stat().st_mtime
    paths = [folder, *folder.iterdir()] if folder.is_dir() else []
    for path in list(paths):
        if path.is_dir() and path != folder and not path.name.startswith("."):
            paths += list(path.iterdir())
    return any(p.stat().st_mtime > built for p in paths)


def startup_database(bundled: Path, folder: Path | None = None) -> tuple[Path, list[str]]:
    """What `hybrowser` opens with no argument: (database, problems).

    The library database when the library has bulletins, rebuilt first if a folder (or the
    bundled data) is newer; the bundled database when the library is empty or does not build,
    with the build's problems to show.
    """
    folder = folder or library_folder()
    if not bulletin_ids(folder):
        return bundled, []
    recover(folder)
    database = library_database(folder)
    newer_bundle = database.is_file() and bundled.stat().st_mtime > database.stat().st_mtime
    if newer_bundle or is_stale(folder, database):
        try:
            rebuild(folder, database)
        except LibraryError as error:
            return bundled, error.problems
    return database, []


def rebuild(folder: Path, database: Path, resources: Path | None = None) -> None:
    """Build the library database from resources/ plus the library (written whole, then renamed)."""
    from hybrowser.build import build
    from hybrowser.build.records import SourceError

    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        build(resources or RESOURCES, database, folder)
    except OSError as error:
        raise LibraryError([f"{database}: cannot write ({error.strerror or error})"]) from None
    except SourceError as error:
        raise LibraryError(error.problems) from None


def recover(folder: Path) -> None:
    """Put back a folder set aside by a save or removal that was interrupted before it finished."""
    if not folder.is_dir():
        return
    for path in list(folder.iterdir()):
        if path.name.startswith(_ASIDE):
            bulletin_id = path.name[len(_ASIDE) :].rsplit("-", 1)[0]
            if not (folder / bulletin_id).exists():
                os.rename(path, folder / bulletin_id)
            else:
                shutil.rmtree(path, ignore_errors=True)


def reviewed(prepared: Prepared, rows: list[dict[str, str]], rejected: Iterable[dict[str, str]]) -> Prepared:
    """The import as reviewed: `rows` (edited, accepted) marked reviewed; rejected figures unclaimed."""
    from hybrowser.extract.folder import Prepared
    from hybrowser.extract.pipeline import Unclaimed

    unclaimed = list(prepared.extraction.unclaimed)
    for row in rejected:
        offset = prepared.text.find(row["quote"])
        unclaimed.append(Unclaimed(row["figure"], "rejected by the reviewer", row["quote"], max(offset, 0)))
    extraction = dataclasses.replace(prepared.extraction, unclaimed=unclaimed)
    kept = [{**row, "status": "reviewed"} for row in rows]
    return Prepared(prepared.path, prepared.bulletin_id, prepared.text, prepared.bulletin, kept, extraction)


def check(prepared: Prepared, folder: Path, resources: Path | None = None) -> None:
    """Check one bulletin with the build's rules before it is written; LibraryError lists the problems.

    Checked in a scratch folder; the problems name the file it will have in the library.
    """
    from hybrowser.build.validate import folder_problems

    if not prepared.rows:
        raise LibraryError([f"{folder / prepared.bulletin_id}: no figure accepted; nothing to save"])
    with tempfile.TemporaryDirectory(prefix="hybrowser-check-") as scratch:
        _stage(Path(scratch), prepared, rename=True)
        problems = folder_problems(resources or RESOURCES, Path(scratch))
        if problems:
            raise LibraryError([p.replace(scratch, str(folder)) for p in problems])


def save(
    prepared: Prepared,
    folder: Path | None = None,
    database: Path | None = None,
    resources: Path | None = None,
) -> Path:
    """Write the bulletin into the library (replacing one of the same id) and rebuild the database.

    Returns the bulletin's folder. On any failure the library and database are as they were.
    """
    folder = folder or library_folder()
    database = database or library_database(folder)
    if prepared.bulletin_id in bundled_bulletin_ids(resources):
        raise LibraryError([f"{prepared.bulletin_id}: a bundled bulletin has this id; import under another"])
    check(prepared, folder, resources)
    recover(folder)
    staged = _stage(folder, prepared, rename=False)
    target = folder / prepared.bulletin_id
    aside = _set_aside(target)
    try:
        os.rename(staged, target)
    except OSError as error:
        shutil.rmtree(staged, ignore_errors=True)
        _put_back(aside, target)
        raise LibraryError([f"{target}: cannot write ({error.strerror or error})"]) from None
    try:
        rebuild(folder, database, resources)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        _put_back(aside, target)
        raise
    _drop(aside, database)
    return target


def remove(bulletin_id: str, folder: Path | None = None, database: Path | None = None) -> None:
    """Remove a bulletin from the library and rebuild the database; undone if the rebuild fails."""
    folder = folder or library_folder()
    database = database or library_database(folder)
    target = folder / bulletin_id
    if bulletin_id.startswith(".") or not target.is_dir():
        raise LibraryError([f"{target}: no such bulletin in the library"])
    aside = _set_aside(target)
    try:
        rebuild(folder, database)
    except BaseException:
        _put_back(aside, target)
        raise
    _drop(aside, database)


def _stage(parent: Path, prepared: Prepared, rename: bool) -> Path:
    from hybrowser.extract.folder import stage_folder

    staged = stage_folder(parent, prepared)
    if rename:
        os.rename(staged, parent / prepared.bulletin_id)
        return parent / prepared.bulletin_id
    return staged


def _set_aside(target: Path) -> Path | None:
    """Rename an existing folder to a hidden name (the build no longer reads it); None if absent."""
    if not target.exists():
        return None
    # mkdtemp reserves a unique name; the folder is renamed over the empty one it made.
    aside = Path(tempfile.mkdtemp(prefix=f"{_ASIDE}{target.name}-", dir=target.parent))
    os.replace(target, aside)
    return aside


def _drop(aside: Path | None, database: Path) -> None:
    """Delete the folder a finished change set aside; the database stays current (not stale)."""
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
        # Deleting it touched the library folder after the build: without this the next
        # start would take the database for stale and build it again.
        os.utime(database)


def _put_back(aside: Path | None, target: Path) -> None:
    if aside is not None:
        os.rename(aside, target)
