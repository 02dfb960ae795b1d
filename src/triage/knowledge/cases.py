"""Case files: the vignette sets that measure the engine and the class case set that teaches with it.

One format for both (a YAML list, or JSON Lines): `id`, what was told (`text`, `regions`, `findings`,
`denied`), what a clinician expects (`expected` muscles, a `primary` one or null, the `triage` level and
the `red_flags` that set it), `sources` and a `note`. Files are read as strictly as the knowledge base:
duplicate keys are refused, and every problem of every case is reported at once, each naming the file,
the case and the key.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from triage.knowledge.errors import KnowledgeBaseError, Problem
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.strict_yaml import describe_yaml_error, load_strict
from triage.knowledge.vocabulary import TRIAGE_LEVELS

T = TypeVar("T")
REQUIRED_KEYS = ("id", "triage")
LIST_KEYS = ("regions", "findings", "denied", "expected", "red_flags", "sources")
CASE_KEYS = (*REQUIRED_KEYS, "text", "primary", "note", *LIST_KEYS)


class CaseFileError(KnowledgeBaseError):
    """A case file that cannot be used; carries every problem, each naming the file, the case and the key."""

    subject = "the case file"


@dataclass(frozen=True)
class Case:
    """One case: what a person told, and what the case's author expects the engine to make of it."""

    id: str
    text: str
    regions: tuple[str, ...]
    findings: tuple[str, ...]
    denied: tuple[str, ...]
    expected: tuple[str, ...]
    primary: str | None
    triage: str
    red_flags: tuple[str, ...] = ()
    note: str = ""  # the author's comment, shown when a class case is revealed


def load_cases(path: Path, kb: KnowledgeBase) -> list[Case]:
    """Read and check a case file against the knowledge base; raise CaseFileError listing every problem."""
    return load_items(path, lambda item: _case_problems(item, kb), _case, "case")


def load_items(path: Path, check: Callable[[Any], list[tuple[str, str]]], make: Callable[[dict[str, Any]], T],
               noun: str) -> list[T]:
    """Every item of a file made with `make` once `check` finds nothing wrong with it (and its id is its own);
    raise CaseFileError listing every problem of every item, each naming the file, the item and the key."""
    raw, problems = read_items(path)
    items: list[T] = []
    seen: set[Any] = set()
    for number, item in enumerate(raw, start=1):
        ident = item.get("id") if isinstance(item, dict) else None
        found = check(item)
        if ident is not None and ident in seen:
            found.append(("id", f"repeats id {ident!r}; each {noun} needs its own id"))
        problems += [Problem(str(path), f"{noun} {number} ({ident or '?'}): {key}", message) for key, message in found]
        seen.add(ident)
        if not found:
            items.append(make(item))
    if problems:
        raise CaseFileError(problems)
    return items


def read_items(path: Path) -> tuple[list[Any], list[Problem]]:
    """The file's list of items (YAML list or JSON Lines), or the problems that stop it being read at all."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(str(path), "file", f"cannot be read: {error}")]
    if path.suffix == ".jsonl":
        raw, problems = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                raw += [json.loads(line)] if line.strip() else []
            except json.JSONDecodeError as error:
                problems.append(Problem(str(path), f"line {number}", f"not valid JSON ({error.msg})"))
        return raw, problems
    try:
        raw = load_strict(text)
    except yaml.YAMLError as error:
        return [], [Problem(str(path), *describe_yaml_error(error))]
    if not isinstance(raw, list):
        return [], [Problem(str(path), "file", "must be a list of cases (each starting with '- id: ...')")]
    return raw, []


def _case_problems(item: Any, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(key, message) for everything wrong with one case."""
    if not isinstance(item, dict):
        return [("case", "must be a mapping of keys to values")]
    found = [(key, f"unknown key; allowed: {', '.join(CASE_KEYS)}") for key in sorted(set(item) - set(CASE_KEYS))]
    found += [(key, "is required") for key in REQUIRED_KEYS if item.get(key) in (None, "")]
    if item.get("triage") not in (None, *TRIAGE_LEVELS):
        found.append(("triage", f"{item['triage']!r} is not one of {', '.join(TRIAGE_LEVELS)}"))
    if not isinstance(item.get("text") or "", str):
        found.append(("text", "must be text"))
    found += [(key, "must be a list") for key in LIST_KEYS if not isinstance(item.get(key) or [], list)]
    if found:
        return found
    known: dict[str, tuple[Callable[[str], bool], str]] = {
        "regions": (lambda r: r in kb.regions.index or r in kb.zone_labels, "a region or zone of regions.csv"),
        "findings": (kb.findings.index.__contains__, "a finding of findings.csv"),
        "denied": (kb.findings.index.__contains__, "a finding of findings.csv"),
        "expected": (kb.muscles.__contains__, "a muscle of muscles/"),
        "red_flags": (kb.red_flags.index.__contains__, "a red flag of red_flags.csv"),
    }
    for key, (ok, allowed) in known.items():
        found += [(key, f"unknown id {value!r}; allowed: {allowed}") for value in item.get(key) or [] if not ok(value)]
    if item.get("primary") is not None and item["primary"] not in kb.muscles:
        found.append(("primary", f"unknown muscle {item['primary']!r}; allowed: a muscle of muscles/, or null"))
    return found


def _case(item: dict[str, Any]) -> Case:
    lists = {key: tuple(str(v) for v in item.get(key) or ()) for key in LIST_KEYS if key != "sources"}
    return Case(id=str(item["id"]), text=str(item.get("text") or ""), primary=item.get("primary"),
                triage=str(item["triage"]), note=str(item.get("note") or ""), **lists)
