"""Score an extraction against gold facts: one-to-one matches, then recall, precision and field accuracy."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from hybrowser.extract.pipeline import Fact

# The seed's curated units written as the import writes them.
_SEED_UNITS = {"km": "公里", "km²": "平方公里"}


@dataclass
class Score:
    gold: int
    extracted: int
    matched: int
    measure: int
    qualifier: int
    period: int
    subject: int
    misses: list[dict]
    wrong: list[tuple[dict, Fact, str]]

    def share(self, part: int) -> float:
        return part / self.matched if self.matched else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name}: gold {self.gold}, extracted {self.extracted}, recall {self.recall:.2f}, "
            f"precision {self.precision:.2f}, measure {self.share(self.measure):.2f}, "
            f"qualifier {self.share(self.qualifier):.2f}, period {self.share(self.period):.2f}, "
            f"subject {self.share(self.subject):.2f}"
        )


def load_gold(path: Path) -> list[dict]:
    """Gold facts from a bulletins-dev JSON file, or from a curated indicators.csv."""
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))["facts"]
    facts = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["name_zh"]
            facts.append(
                {
                    "figure": row["figure"],
                    "value": float(row["value"]) if row["value"] else None,
                    "unit": _SEED_UNITS.get(row["unit"], row["unit"]),
                    "measure": row["measure"],
                    "qualifier": row["qualifier"],
                    "period_start": row["period_start"] or None,
                    "period_end": row["period_end"] or None,
                    "subject_terms": [name.removesuffix("增速")],
                }
            )
    return facts


def _number(figure: str) -> str:
    match = re.search(r"\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]+", figure)
    return match.group() if match else figure


def _same_value(gold: float | None, value: float | None) -> bool:
    if gold is None or value is None:
        return gold is None and value is None
    return abs(gold - value) <= 1e-6 * max(1.0, abs(gold))


def score(facts: list[Fact], gold: list[dict]) -> Score:
    """Match gold facts to extracted ones in text order: same signed value, unit, number in the quote."""
    used: set[int] = set()
    result = Score(len(gold), len(facts), 0, 0, 0, 0, 0, [], [])
    for fact in gold:
        number = _number(fact["figure"])
        match = next(
            (
                i
                for i, f in enumerate(facts)
                if i not in used
                and _same_value(fact["value"], f.value)
                and f.unit == fact["unit"]
                and number in f.quote
            ),
            None,
        )
        if match is None:
            result.misses.append(fact)
            continue
        used.add(match)
        found = facts[match]
        result.matched += 1
        checks = {
            "measure": found.measure == fact["measure"],
            "qualifier": found.qualifier == fact["qualifier"],
            "period": (found.period_start, found.period_end) == (fact["period_start"], fact["period_end"]),
            "subject": any(term in found.name_zh for term in fact["subject_terms"]),
        }
        for name, ok in checks.items():
            if ok:
                setattr(result, name, getattr(result, name) + 1)
            else:
                result.wrong.append((fact, found, name))
    return result
