"""Write an extraction as a bulletin folder (bulletin, source, indicators, unclaimed), atomically."""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hybrowser.core.names import english_name, load_glossary
from hybrowser.core.series import load_synonyms
from hybrowser.extract.categories import category_of
from hybrowser.extract.pipeline import Extraction
from hybrowser.locations import RESOURCES

INDICATOR_COLUMNS = (
    "id", "name_zh", "name_en", "category", "region", "period_start", "period_end", "period_inferred",
    "measure", "unit", "value", "qualifier", "figure", "subject", "subject_field", "quote", "benchmark",
    "status",
)  # fmt: skip
BULLETIN_COLUMNS = (
    "id", "title_zh", "title_en", "publisher", "original_source", "original_source_en", "published",
    "region", "period_start", "period_end", "source_file", "note",
)  # fmt: skip
UNCLAIMED_COLUMNS = ("number", "reason", "clause", "offset")


@dataclass
class Prepared:
    """One bulletin read, extracted and checked, ready to be written as a folder."""

    path: Path
    bulletin_id: str
    text: str
    bulletin: dict[str, str]
    rows: list[dict[str, str]]
    extraction: Extraction


class FolderExistsError(Exception):
    """The bulletin id is taken: a folder of that name is already there."""


def number_text(value: float | None) -> str:
    """A value as CSV text: 39.1, 6000000, -10.5; '' for none."""
    if value is None:
        return ""
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


def indicator_rows(bulletin_id: str, region: str, extraction: Extraction) -> list[dict[str, str]]:
    glossary = load_glossary(RESOURCES / "meta" / "indicator_names.csv")
    synonyms = load_synonyms(RESOURCES / "meta" / "synonyms.csv")
    rows = []
    for number, fact in enumerate(extraction.facts, start=1):
        rows.append(
            {
                "id": f"{bulletin_id}.{number:03d}",
                "name_zh": fact.name_zh,
                # From the curated glossary where it knows the name; else left in Chinese for
                # the reviewer to write (the build requires one, and a guess would mislead).
                "name_en": english_name(fact.name_zh, glossary, synonyms) or fact.name_zh,
                "category": category_of(fact.name_zh),
                "region": region,
                "period_start": fact.period_start or "",
                "period_end": fact.period_end or "",
                "period_inferred": "1" if fact.period_inferred else "0",
                "measure": fact.measure,
                "unit": fact.unit,
                "value": number_text(fact.value),
                "qualifier": fact.qualifier,
                "figure": fact.figure,
                "subject": "",
                "subject_field": "",
                "quote": fact.quote,
                "benchmark": fact.benchmark,
                "status": "proposed",
            }
        )
    return rows


def bulletin_row(
    bulletin_id: str, region: str, published: str, extraction: Extraction, file_name: str, encoding: str
) -> dict[str, str]:
    header = extraction.header
    start, end = _covered(extraction, published)
    source = header.source or ""
    return {
        "id": bulletin_id,
        "title_zh": header.title,
        "title_en": header.title,  # not translated by the import
        "publisher": source or "未注明",
        "original_source": source or "未注明",
        "original_source_en": source or "not stated",
        "published": published,
        "region": region,
        "period_start": start,
        "period_end": end,
        "source_file": "source.txt",
        "note": f"Imported by hybrowser from {file_name} ({encoding}); figures proposed, not yet reviewed.",
    }


def _covered(extraction: Extraction, published: str) -> tuple[str, str]:
    """The months the bulletin covers: its title's period, else the span of its figures."""
    if extraction.period is not None:
        start, end = extraction.period.resolve(extraction.year)
        return start or end, end
    ends = [f.period_end for f in extraction.facts if f.period_end]
    starts = [f.period_start for f in extraction.facts if f.period_start] or ends
    if ends:
        return min(starts), max(ends)
    return published[:7], published[:7]


def stage_folder(out: Path, item: Prepared) -> Path:
    """Write the folder's files into a hidden temporary folder under `out`; return it.

    The build skips folders whose name starts with '.', so a staged folder is never read as a
    bulletin; `commit_folder` renames it into place, `discard_folder` removes it.
    """
    out.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".import-{item.bulletin_id}-", dir=out))
    try:
        (temporary / "source.txt").write_text(item.text, encoding="utf-8", newline="")
        _write_csv(temporary / "bulletin.csv", BULLETIN_COLUMNS, [item.bulletin])
        _write_csv(temporary / "indicators.csv", INDICATOR_COLUMNS, item.rows)
        unclaimed = [
            {"number": u.number, "reason": u.reason, "clause": u.clause, "offset": str(u.start)}
            for u in item.extraction.unclaimed
        ]
        _write_csv(temporary / "unclaimed.csv", UNCLAIMED_COLUMNS, unclaimed)
        # mkdtemp makes the folder 0700; a bulletin folder gets what any new folder gets.
        os.chmod(temporary, 0o777 & ~_umask())
    except BaseException:
        discard_folder(temporary)
        raise
    return temporary


def commit_folder(staged: Path, bulletin_id: str) -> Path:
    """Rename a staged folder to its bulletin id; refuses to replace a folder already there."""
    target = staged.parent / bulletin_id
    if target.exists():
        raise FolderExistsError(f"{target}: a bulletin with id {bulletin_id!r} is already there")
    os.rename(staged, target)
    return target


def discard_folder(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)


def write_folder(out: Path, item: Prepared) -> Path:
    """Stage and commit one folder: it appears whole or not at all."""
    target = out / item.bulletin_id
    if target.exists():
        raise FolderExistsError(f"{target}: a bulletin with id {item.bulletin_id!r} is already there")
    staged = stage_folder(out, item)
    try:
        return commit_folder(staged, item.bulletin_id)
    except BaseException:
        discard_folder(staged)
        raise


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
