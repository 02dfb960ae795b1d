"""Red-team files: texts that carry a warning sign (`kind: flag`, the flags and the least urgent acceptable
level) and benign look-alikes (`kind: benign`, the most urgent level that is not a false alarm). They
measure the gate on wordings nobody wrote rules for; `tests/blind/` holds one that is never tuned on.
Read strictly: duplicate keys refused, every problem of every item reported at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from triage.knowledge.cases import CaseFileError
from triage.knowledge.errors import Problem
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.strict_yaml import describe_yaml_error, load_strict
from triage.knowledge.vocabulary import TRIAGE_LEVELS

KINDS = ("flag", "benign")
KEYS = {"flag": ("id", "text", "kind", "flags", "min_level", "note"),
        "benign": ("id", "text", "kind", "flags", "max_level", "note")}


@dataclass(frozen=True)
class Probe:
    """One red-team text and what a safe gate must make of it."""

    id: str
    text: str
    kind: str
    flags: tuple[str, ...]
    level: str  # flag: the least urgent acceptable level; benign: the most urgent one that is not a false alarm

    @property
    def carries_flag(self) -> bool:
        return self.kind == KINDS[0]


def is_red_team(path: Path) -> bool:
    """Whether a YAML file is a red-team file (its items have a `kind`) rather than a case file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(raw, list) and bool(raw) and isinstance(raw[0], dict) and "kind" in raw[0]


def load_red_team(path: Path, kb: KnowledgeBase) -> list[Probe]:
    """Read and check a red-team file; raise CaseFileError listing every problem."""
    try:
        raw = load_strict(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CaseFileError([Problem(str(path), "file", f"cannot be read: {error}")]) from error
    except yaml.YAMLError as error:
        raise CaseFileError([Problem(str(path), *describe_yaml_error(error))]) from error
    if not isinstance(raw, list):
        raise CaseFileError([Problem(str(path), "file", "must be a list of items (each starting with '- id:')")])
    problems, probes, seen = [], [], set()
    for number, item in enumerate(raw, start=1):
        found = _problems(item, kb, seen)
        where = f"item {number} ({item.get('id', '?') if isinstance(item, dict) else '?'})"
        problems += [Problem(str(path), f"{where}: {key}", message) for key, message in found]
        if not found:
            seen.add(item["id"])
            level = item["min_level"] if item["kind"] == KINDS[0] else item["max_level"]
            probes.append(Probe(str(item["id"]), str(item["text"]), item["kind"], tuple(item["flags"] or ()), level))
    if problems:
        raise CaseFileError(problems)
    return probes


def _problems(item: Any, kb: KnowledgeBase, seen: set[str]) -> list[tuple[str, str]]:
    if not isinstance(item, dict):
        return [("item", "must be a mapping of keys to values")]
    if item.get("kind") not in KINDS:
        return [("kind", f"{item.get('kind')!r}; allowed: {', '.join(KINDS)}")]
    allowed = KEYS[item["kind"]]
    found = [(key, f"unknown key; allowed for kind {item['kind']}: {', '.join(allowed)}")
             for key in sorted(set(item) - set(allowed))]
    found += [(key, "is required") for key in allowed[:-1] if key not in item]
    if item.get("id") in seen:
        found.append(("id", f"repeats {item['id']!r}; each item needs its own id"))
    if not isinstance(item.get("text"), str) or not item.get("text", "").strip():
        found.append(("text", "must be the words a person typed"))
    level = item.get(allowed[4])
    if level is not None and level not in TRIAGE_LEVELS:
        found.append((allowed[4], f"{level!r}; allowed: {', '.join(TRIAGE_LEVELS)}"))
    flags = item.get("flags") or []
    found += [("flags", f"unknown red flag {f!r}; allowed: an id of red_flags.csv") for f in flags
              if f not in kb.red_flags.index]
    if item["kind"] == KINDS[0] and not flags:
        found.append(("flags", "a flag text names the red flags it carries"))
    return found
