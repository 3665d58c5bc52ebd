"""Table and column metadata: what each table is, how its columns are named, typed and shown.

The build reads it from resources/meta/*.csv and stores it in data.db; the app reads it back
(hybrowser.db.schema), so the UI is driven by the data rather than by hard-coded column lists.
These are plain types: no SQL, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NUMERIC_TYPES = ("INTEGER", "REAL")


@dataclass(frozen=True)
class ColumnMeta:
    """One column: its SQL type, role in the UI, labels and unit."""

    table: str
    name: str
    type: str
    role: str
    label_zh: str
    label_en: str
    unit: str = ""
    references: str = ""
    lang: str = ""
    visible: bool = True
    indexed: bool = False
    searchable: bool = False
    required: bool = False
    allowed: tuple[str, ...] = ()
    #: Column holding this figure's qualifier (exact, more_than, ...), if any.
    qualifier_column: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    def shown_in(self, lang: str) -> bool:
        """Visible columns in the current language (name_zh in Chinese, name_en in English)."""
        return self.visible and (not self.lang or self.lang == lang)


@dataclass(frozen=True)
class TableMeta:
    """One table: its titles, description and columns in display order."""

    name: str
    title_zh: str
    title_en: str
    description_zh: str = ""
    description_en: str = ""
    position: int = 0
    default_sort: str = ""
    per_bulletin: bool = True
    columns: tuple[ColumnMeta, ...] = field(default_factory=tuple)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_zh

    def column(self, name: str) -> ColumnMeta:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    def has_column(self, name: str) -> bool:
        return any(column.name == name for column in self.columns)

    @property
    def searchable_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.searchable]

    @property
    def search_columns(self) -> list[ColumnMeta]:
        """What Ctrl+F searches: the searchable columns (else every text column), as stored."""
        marked = [c for c in self.columns if c.searchable]
        return marked or [c for c in self.columns if c.type == "TEXT"]

    def visible_columns(self, lang: str) -> list[ColumnMeta]:
        return [c for c in self.columns if c.shown_in(lang)]


def _flag(value: object) -> bool:
    return str(value).strip() in ("1", "true", "True")


def column_from_record(record: dict) -> ColumnMeta:
    """A ColumnMeta from a CSV row or a _meta_columns row (same field names)."""
    allowed = record.get("allowed") or ""
    return ColumnMeta(
        table=record["table"],
        name=record["column"],
        type=record["type"],
        role=record["role"],
        label_zh=record["label_zh"],
        label_en=record["label_en"],
        unit=record.get("unit") or "",
        references=record.get("references") or "",
        lang=record.get("lang") or "",
        visible=_flag(record.get("visible", 1)),
        indexed=_flag(record.get("indexed", 0)),
        searchable=_flag(record.get("searchable", 0)),
        required=_flag(record.get("required", 0)),
        allowed=tuple(a for a in allowed.split("|") if a),
        qualifier_column=record.get("qualifier_column") or "",
    )


def table_from_record(record: dict, columns: list[ColumnMeta]) -> TableMeta:
    """A TableMeta from a CSV row or a _meta_tables row."""
    return TableMeta(
        name=record["table"],
        title_zh=record["title_zh"],
        title_en=record["title_en"],
        description_zh=record.get("description_zh") or "",
        description_en=record.get("description_en") or "",
        position=int(record.get("position") or 0),
        default_sort=record.get("default_sort") or "",
        per_bulletin=_flag(record.get("per_bulletin", 1)),
        columns=tuple(columns),
    )
