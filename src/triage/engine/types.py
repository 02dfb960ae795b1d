"""The engine's typed vocabulary: a query, what was understood, the gate's decision, scored targets and
the result. Plain frozen dataclasses with no heavy imports, so surfaces can name them cheaply.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from triage.knowledge.cases import Case
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import SIDES

STRENGTH_SCALE = 40.0


def strength(score: float) -> int:
    """Relative match strength 0-100 (never a probability)."""
    return max(0, min(100, round(100 * (1 - math.exp(-max(score, 0.0) / STRENGTH_SCALE)))))


QUERY_KEYS = ("id", "text", "regions", "findings", "denied", "red_flags", "ruled_out")


class QueryError(ValueError):
    """A query that cannot be read; the message names the field and what is allowed."""


@dataclass(frozen=True)
class Query:
    """What a person told us: ids from the body map and checklists, and free text."""

    text: str = ""
    regions: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    denied: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    id: Any = None
    ruled_out: tuple[str, ...] = ()  # red flags the person answered no to when asked

    @classmethod
    def from_mapping(cls, data: Any) -> Query:
        """Build a query from JSON-like data; unknown keys and wrong types raise QueryError."""
        if not isinstance(data, dict):
            raise QueryError(f"a query must be a JSON object with keys {', '.join(QUERY_KEYS)}")
        allowed = set(QUERY_KEYS)
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise QueryError(f"unknown key(s) {', '.join(unknown)}; allowed keys: {', '.join(sorted(allowed))}")
        text = data.get("text") or ""
        if not isinstance(text, str):
            raise QueryError("'text' must be a string")
        lists = {}
        for key in QUERY_KEYS[2:]:
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise QueryError(f"'{key}' must be a list of id strings")
            lists[key] = tuple(value)
        return cls(text=text, id=data.get("id"), **lists)

    @classmethod
    def of_case(cls, case: Case) -> Query:
        """What a case's person told, as a query."""
        return cls(text=case.text, regions=case.regions, findings=case.findings, denied=case.denied, id=case.id)


@dataclass(frozen=True)
class Span:
    """A piece of the text and what it was understood as."""

    start: int
    end: int
    text: str
    kind: str
    id: str
    negated: bool

    @property
    def targets(self) -> tuple[str, ...]:
        """The ids this span may mean: a vague word ("buttock") can mean several zones or findings."""
        return tuple(self.id.split(TARGET_SEPARATOR))


TARGET_SEPARATOR = "|"
SPAN_KINDS = ("region", "finding", "red_flag", "named")


def span_meaning(kb: KnowledgeBase, span: Span) -> str:
    """What a span was understood as, in words a person reads; defined for every kind the matcher returns."""
    if span.kind == "region":
        meaning = "where: " + " or ".join(kb.zone_labels[zone] for zone in span.targets)
    elif span.kind == "red_flag":
        meaning = "warning sign: " + " or ".join(str(kb.red_flags.loc[f, "label"]) for f in span.targets)
    elif span.kind == "finding":
        meaning = " or ".join(str(kb.findings.loc[f, "label"]) for f in span.targets)
    elif span.kind == "named":
        meaning = "you named: " + " or ".join(kb.target_name(t) for t in span.targets)
    else:
        raise ValueError(f"unknown span kind '{span.kind}'; allowed: {', '.join(SPAN_KINDS)}")
    return f"not present: {meaning}" if span.negated else meaning


@dataclass(frozen=True)
class Raised:
    """Why a red flag was raised: the route (ticked, a listed phrase, a word rule, the learned net) and the words."""

    flag: str
    route: str  # checklist, phrase, cue or net
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """A warning sign the engine is unsure of: asked as a yes/no question and counted at its level until the
    person answers no."""

    flag: str
    words: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Understanding:
    """Everything taken from a query, ready for the gate and the scorer."""

    regions: tuple[str, ...]
    findings: tuple[str, ...]
    denied: tuple[str, ...]
    red_flags: tuple[str, ...]
    named: tuple[str, ...]
    side: str | None
    unrecognised: tuple[str, ...]
    spans: tuple[Span, ...]
    notices: tuple[str, ...]
    evidence: Evidence = field(repr=False)
    raised: tuple[Raised, ...] = ()
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What a query says, in the scorer's terms: marked zones by side ('left', 'right', or None for unsided),
    each with a weight: 1 for a marked region, 1/n for a vague word that may mean any of n zones ("buttock")."""

    zones: dict[str | None, dict[str, float]] = field(default_factory=dict)
    present: frozenset[str] = frozenset()
    denied: frozenset[str] = frozenset()
    named: frozenset[str] = frozenset()
    # The person's own content words about themselves, said as fact: light stem -> the word as written.
    described: dict[str, str] = field(default_factory=dict)

    @property
    def sided(self) -> bool:
        return any(self.zones.get(side) for side in SIDES)


@dataclass(frozen=True)
class Reason:
    """One thing that moved a target's score, by how much, and on whose authority."""

    kind: str  # region, guide, finding, movement, denied, coverage, named
    id: str
    label: str
    weight: float
    source: str


@dataclass(frozen=True)
class Scored:
    """A target's score on its best side (and best fibre part), with the reasons behind it."""

    target: str
    side: str | None
    score: float
    reasons: tuple[Reason, ...]
    part: str = ""


@dataclass(frozen=True)
class Gate:
    """The triage decision: level, message, and the red flags and nerve-like findings that set it."""

    level: str
    message: str
    red_flags: tuple[tuple[str, str], ...]  # (id, label) of the flags raised for sure
    nerve_like: tuple[str, ...]
    asked: tuple[tuple[str, str], ...] = ()  # (id, label) of the flags asked about, counted until answered no


@dataclass(frozen=True)
class Result:
    """The answer to one query: the gate first, then what was understood, then the rankings."""

    id: Any
    gate: Gate
    understood: Understanding
    suggestions: tuple[Scored, ...]
    lookalikes: tuple[Scored, ...]
