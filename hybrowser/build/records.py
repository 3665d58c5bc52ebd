"""What the build's steps hand on: each source row as a Record, all of them as Sources, and SourceError."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hybrowser.core.tables import TableMeta


class SourceError(Exception):
    """A source file is wrong; the message names the file, the record and the problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Record:
    """One row read from a source file, with where it came from."""

    table: str
    values: dict[str, object]
    file: Path
    line: int

    def where(self) -> str:
        ident = self.values.get("id") or f"line {self.line}"
        return f"{self.file}: record {ident} (line {self.line})"


@dataclass
class Sources:
    """Everything read from resources/, before validation."""

    tables: list[TableMeta]
    records: dict[str, list[Record]] = field(default_factory=dict)
    bulletin_texts: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)  # meta/synonyms.csv

    def table(self, name: str) -> TableMeta:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)
