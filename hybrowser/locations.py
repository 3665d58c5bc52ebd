"""Where hybrowser's files are: the bundled resources and database, the user's library and its database."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The curated sources `hybrowser build` reads (see resources/README.md).
RESOURCES = REPO_ROOT / "resources"
#: The database built from RESOURCES alone, opened when the user's library is empty.
BUNDLED_DATABASE = REPO_ROOT / "data.db"


def library_folder() -> Path:
    """The user's library of imported bulletins, in the platform's user data folder."""
    import platformdirs  # loaded when first asked, not with every module that names a location

    return Path(platformdirs.user_data_dir("hybrowser", appauthor=False)) / "bulletins"


def library_database(folder: Path | None = None) -> Path:
    """The library's database, beside its folder of bulletins: <user data dir>/library.db."""
    return (folder or library_folder()).parent / "library.db"


def bundled_bulletin_ids(resources: Path | None = None) -> set[str]:
    """The ids of the bulletins bundled in resources/ (an imported bulletin cannot take one)."""
    return {p.name for p in ((resources or RESOURCES) / "bulletins").iterdir() if p.is_dir()}
