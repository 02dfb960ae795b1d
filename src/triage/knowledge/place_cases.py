"""Place files: what a person wrote about where it hurts, and the regions they mean (`id`, `text`, `regions`,
`note`). They measure how well places are read from people's own words, apart from any scoring. Read as
strictly as case files: duplicate keys refused, every problem of every item reported at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.knowledge.cases import load_items, read_items
from triage.knowledge.model import KnowledgeBase

KEYS = ("id", "text", "regions", "note")


@dataclass(frozen=True)
class PlaceCase:
    """One text and the regions (sided ids of regions.csv) where its writer says it hurts now."""

    id: str
    text: str
    regions: tuple[str, ...]


def is_place_file(path: Path) -> bool:
    """Whether a file's items are place cases: they hold regions and text but no triage level or red-team kind."""
    raw, _ = read_items(path)
    first = raw[0] if raw else None
    return isinstance(first, dict) and "regions" in first and "triage" not in first and "kind" not in first


def load_place_cases(path: Path, kb: KnowledgeBase) -> list[PlaceCase]:
    """Read and check a place file; raise CaseFileError listing every problem."""
    return load_items(path, lambda item: _problems(item, kb),
                      lambda item: PlaceCase(str(item["id"]), item["text"], tuple(item["regions"])), "item")


def _problems(item: Any, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(key, message) for everything wrong with one item."""
    if not isinstance(item, dict):
        return [("item", "must be a mapping of keys to values")]
    found = [(key, f"unknown key; allowed: {', '.join(KEYS)}") for key in sorted(set(item) - set(KEYS))]
    found += [("id", "is required")] if item.get("id") in (None, "") else []
    if not isinstance(item.get("text", ""), str) or not str(item.get("text", "")).strip():
        found.append(("text", "must be the words a person typed"))
    regions = item.get("regions")
    if not isinstance(regions, list) or not regions:
        found.append(("regions", "must list the region ids where it hurts (at least one)"))
    else:
        found += [("regions", f"unknown region {r!r}; allowed: an id of regions.csv") for r in regions
                  if r not in kb.regions.index]
    return found
