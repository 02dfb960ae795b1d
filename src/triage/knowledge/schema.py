"""The schema of every knowledge file, as data: allowed keys and columns, their types and vocabularies.

Each spec checks one value, reports problems that name the key or column and what is allowed, and
returns the value normalised (CSV text split into lists, numbers parsed). References to ids of other
files are collected and resolved once everything is read. `knowledge/README.md` documents every key
declared here; a test keeps the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from triage.knowledge.vocabulary import (
    CONTEXT_CATEGORIES,
    CONTEXT_DIRECTIONS,
    FINDING_KINDS,
    REGION_SIDES,
    TRIAGE_LEVELS,
    URGENCIES,
    VIEWS,
)

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
LIST_SEPARATOR = "|"

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "view": VIEWS,
    "side": REGION_SIDES,
    "region_group": (
        "head_neck", "upper_limb", "trunk", "low_back", "pelvis", "hip", "thigh", "knee", "leg", "ankle_foot",
    ),
    "finding_kind": FINDING_KINDS,
    "urgency": URGENCIES,
    "muscle_group": (
        "lumbar", "abdominal", "hip_flexor", "gluteal", "deep_hip_rotator", "thigh_anterior", "thigh_medial",
        "thigh_posterior", "leg_posterior", "leg_lateral", "leg_anterior", "pelvic_floor", "thoracic_back", "foot",
    ),
    "condition_kind": (
        "nerve", "joint", "tendon", "bone", "vascular", "hernia", "muscle_injury", "visceral",
    ),
    "self_care_kind": ("stretch", "strengthen", "self_massage"),
    "condition_triage": (TRIAGE_LEVELS[-1], URGENCIES[-1]),
    "yes_no": ("yes", "no"),
    "past_counts": ("yes", "no", "resolved"),
    "mode": ("contraction", "stretch"),
    "source_kind": (
        "textbook", "article", "guideline", "patient_leaflet", "reference", "trade_page", "seed", "ontology",
        "own_wording",
    ),
    "pattern": ("essential", "spillover"),
    "joint": ("lumbar_spine", "pelvis", "hip", "knee", "ankle", "foot", "trunk"),
    "context_category": CONTEXT_CATEGORIES,
    "context_direction": CONTEXT_DIRECTIONS,
}


@dataclass
class Checker:
    """Collects the problems and cross-file references found while checking one file."""

    file: str
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    refs: list[tuple[str, str, str, str]] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        self.problems.append((self.file, where, message))

    def reference(self, kind: str, value: str, where: str) -> None:
        self.refs.append((kind, value, self.file, where))


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Spec:
    """Checks one value; returns it normalised, or None after reporting a problem."""

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        raise NotImplementedError

    def parse_cell(self, cell: str, where: str, checker: Checker) -> Any:
        """Turn a CSV cell (already stripped, non-empty) into the value this spec checks."""
        return self.check(cell, where, checker)


MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")  # an HTML tag ('<script>', '</b>', '<img src=x>'), not '<16'


class Text(Spec):
    """Non-empty text."""

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        if not isinstance(value, str):
            checker.problem(where, f"{_show(value)} is not text; allowed: non-empty text")
            return None
        if not value.strip():
            checker.problem(where, "is empty; allowed: non-empty text")
            return None
        if MARKUP.search(value):
            checker.problem(where, f"{_show(value)} holds HTML markup; allowed: plain text (shown as text, never as "
                            "HTML)")
            return None
        return value.strip()


@dataclass
class Pattern(Text):
    """Text matching a regular expression, e.g. an ontology id."""

    regex: re.Pattern[str]
    allowed: str

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        text = super().check(value, where, checker)
        if text is not None and not self.regex.fullmatch(text):
            checker.problem(where, f"{_show(text)} is not allowed; allowed: {self.allowed}")
            return None
        return text


IDENTIFIER = Pattern(ID_PATTERN, "a lower-case snake_case id such as 'gluteus_minimus'")


@dataclass
class Choice(Spec):
    """One value of a closed vocabulary."""

    vocabulary: str

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        allowed = VOCABULARIES[self.vocabulary]
        if value not in allowed:
            checker.problem(where, f"{_show(value)} is not allowed; allowed {self.vocabulary}: {', '.join(allowed)}")
            return None
        return value


@dataclass
class Ref(Spec):
    """An id defined in another file (resolved after all files are read)."""

    kind: str

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        ident = IDENTIFIER.check(value, where, checker)
        if ident is not None:
            checker.reference(self.kind, ident, where)
        return ident


@dataclass
class Number(Spec):
    """A number within bounds; `integer` demands a whole number."""

    low: float
    high: float
    integer: bool = False

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        kind = "a whole number" if self.integer else "a number"
        allowed = f"{kind} from {self.low:g} to {self.high:g}"
        ok_type = isinstance(value, int) if self.integer else isinstance(value, int | float)
        if isinstance(value, bool) or not ok_type:
            checker.problem(where, f"{_show(value)} is not allowed; allowed: {allowed}")
            return None
        if not self.low <= value <= self.high:
            checker.problem(where, f"{_show(value)} is out of range; allowed: {allowed}")
            return None
        return value

    def parse_cell(self, cell: str, where: str, checker: Checker) -> Any:
        try:
            value: float = int(cell) if self.integer else float(cell)
        except ValueError:
            kind = "a whole number" if self.integer else "a number"
            checker.problem(where, f"{_show(cell)} is not allowed; allowed: {kind} from {self.low:g} to {self.high:g}")
            return None
        return self.check(value, where, checker)


@dataclass
class ListOf(Spec):
    """A list of items; in CSV, items are separated by `|`."""

    item: Spec
    min_items: int = 0

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        if not isinstance(value, list):
            checker.problem(where, f"{_show(value)} is not a list; allowed: a list")
            return None
        if len(value) < self.min_items:
            checker.problem(where, f"has {len(value)} item(s); allowed: at least {self.min_items}")
        checked = [self.item.check(v, f"{where}[{i}]", checker) for i, v in enumerate(value)]
        return [v for v in checked if v is not None]

    def parse_cell(self, cell: str, where: str, checker: Checker) -> Any:
        items = [part.strip() for part in cell.split(LIST_SEPARATOR)]
        if any(not item for item in items):
            checker.problem(where, f"{_show(cell)} has an empty item; allowed: values separated by '|'")
        checked = [self.item.parse_cell(item, where, checker) for item in items if item]
        return [v for v in checked if v is not None]


@dataclass
class OneOrMany(ListOf):
    """One value or a list of them (for `source: id` or `source: [id, id]`); normalised to a list."""

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        return super().check(value if isinstance(value, list) else [value], where, checker)


@dataclass(frozen=True)
class Key:
    """One key of a record (or one column of a table)."""

    spec: Spec
    required: bool = True


@dataclass
class Record(Spec):
    """A mapping with a closed set of keys."""

    keys: dict[str, Key]
    check_record: Callable[[dict[str, Any], str, Checker], None] | None = None

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        prefix = f"{where}." if where else ""
        if not isinstance(value, dict):
            checker.problem(where or "file", f"{_show(value)} is not a mapping; allowed keys: {self._allowed()}")
            return None
        result: dict[str, Any] = {}
        for key, item in value.items():
            if key not in self.keys:
                checker.problem(f"{prefix}{key}", f"unknown key '{key}'; allowed keys: {self._allowed()}")
            elif item is None or item == "" or item == []:
                if self.keys[key].required:
                    checker.problem(f"{prefix}{key}", f"required key '{key}' is empty")
            else:
                checked = self.keys[key].spec.check(item, f"{prefix}{key}", checker)
                if checked is not None:
                    result[key] = checked
        for key, spec in self.keys.items():
            if spec.required and key not in value:
                checker.problem(f"{prefix}{key}", f"missing required key '{key}'")
        if self.check_record is not None:
            self.check_record(result, where, checker)
        return result

    def _allowed(self) -> str:
        return ", ".join(self.keys)


def _text_list(min_items: int = 1) -> ListOf:
    return ListOf(Text(), min_items=min_items)


SOURCES = OneOrMany(Ref("source"), min_items=1)
ZONES = ListOf(Ref("zone"))

# ---------------------------------------------------------------------------------------------- CSV tables

SOURCE_COLUMNS: dict[str, Key] = {
    "id": Key(IDENTIFIER),
    "title": Key(Text()),
    "author": Key(Text()),
    "url": Key(Pattern(re.compile(r"https?://\S+"), "an http(s) URL"), required=False),
    "kind": Key(Choice("source_kind")),
    "accessed": Key(Pattern(re.compile(r"\d{4}-\d{2}-\d{2}"), "a date YYYY-MM-DD"), required=False),
    "note": Key(Text(), required=False),
}

ACTION_COLUMNS: dict[str, Key] = {
    "id": Key(IDENTIFIER),
    "label": Key(Text()),
    "joint": Key(Choice("joint")),
    "opposite": Key(Ref("action"), required=False),
}

REGION_COLUMNS: dict[str, Key] = {
    "id": Key(IDENTIFIER),
    "zone": Key(IDENTIFIER),
    "label": Key(Text()),
    "view": Key(Choice("view")),
    "side": Key(Choice("side")),
    "group": Key(Choice("region_group")),
    "lay_terms": Key(_text_list()),
}

FINDING_COLUMNS: dict[str, Key] = {
    "id": Key(IDENTIFIER),
    "label": Key(Text()),
    "kind": Key(Choice("finding_kind")),
    "lay_terms": Key(_text_list()),
    "hpo": Key(Pattern(re.compile(r"HP:\d{7}"), "an HPO id such as HP:0030838, or empty"), required=False),
    "nerve_like": Key(Choice("yes_no")),
    "action": Key(Ref("action"), required=False),
    "mode": Key(Choice("mode"), required=False),
    "description": Key(Text()),
    "source": Key(ListOf(Ref("source"), min_items=1)),
    "note": Key(Text(), required=False),
}

CUE = Pattern(re.compile(r"[^+/|]+(/[^+/|]+)*( \+ [^+/|]+(/[^+/|]+)*)*"),
              "words joined by ' + ' (all needed), alternatives separated by '/', e.g. 'lost/losing + weight/kilo*'")

RED_FLAG_COLUMNS: dict[str, Key] = {
    "id": Key(IDENTIFIER),
    "label": Key(Text()),
    "urgency": Key(Choice("urgency")),
    "lay_terms": Key(_text_list()),
    "cues": Key(ListOf(CUE), required=False),
    "message": Key(Text()),
    "past_counts": Key(Choice("past_counts"), required=False),
    "child_only": Key(Choice("yes_no"), required=False),
    "stable_counts": Key(Choice("yes_no"), required=False),
    "builds_on": Key(Ref("red_flag"), required=False),
    "source": Key(ListOf(Ref("source"), min_items=1)),
    "note": Key(Text(), required=False),
    "both_sides": Key(Choice("yes_no"), required=False),
}

@dataclass
class TriggerWords(Pattern):
    """A context trigger; each `{name}` in it stands for any word of that class (word_classes.csv)."""

    def check(self, value: Any, where: str, checker: Checker) -> Any:
        text = super().check(value, where, checker)
        for name in WORD_CLASS_REF.findall(text or ""):
            checker.reference("word_class", name, where)
        return text


WORD_CLASS_REF = re.compile(r"\{([a-z_]+)\}")

CONTEXT_COLUMNS: dict[str, Key] = {
    "trigger": Key(TriggerWords(re.compile(r"\^?([a-z0-9#'/-]+|\{[a-z_]+\}('s)?)( ([a-z0-9#'/-]+|\{[a-z_]+\}('s)?))*"),
                                "lower-case words separated by single spaces, '#' for any number, '{class}' for "
                                "any word of a class in word_classes.csv ('{class}'s' for one with 's'), '^' first "
                                "for the start of a sentence only")),
    "category": Key(Choice("context_category")),
    "direction": Key(Choice("context_direction")),
    "scope": Key(Number(0, 30, integer=True)),
    "source": Key(ListOf(Ref("source"), min_items=1)),
    "note": Key(Text(), required=False),
}

WORD_CLASS_COLUMNS: dict[str, Key] = {
    "id": Key(IDENTIFIER),
    "words": Key(ListOf(Pattern(re.compile(r"[a-z0-9'-]+"), "one lower-case word (no spaces)"), min_items=1)),
    "source": Key(ListOf(Ref("source"), min_items=1)),
    "note": Key(Text(), required=False),
}

RULE_COLUMNS: dict[str, Key] = {
    "finding": Key(Ref("finding")),
    "target": Key(Ref("target")),
    "evoking_strength": Key(Number(0, 5, integer=True)),
    "frequency": Key(Number(1, 5, integer=True)),
    "source": Key(ListOf(Ref("source"), min_items=1)),
    "note": Key(Text(), required=False),
}

# A screening condition is required of a self-care item when any of these tests holds: `kind:<kind>` (the
# item's kind), `word:<start of a word>` (in its name or how), `group:<muscle group>`; `+` joins tests that
# must all hold (`kind:stretch+group:gluteal`).
SCREENING_TEST = Pattern(re.compile(r"(kind|word|group):[a-z_ ]+(\+(kind|word|group):[a-z_ ]+)*"),
                         "tests such as 'kind:self_massage', 'word:heat' or 'kind:stretch+group:gluteal'")

SCREENING_COLUMNS: dict[str, Key] = {
    "id": Key(IDENTIFIER),
    "label": Key(Text()),
    "question": Key(Text()),
    "why": Key(Text()),
    "required_when": Key(ListOf(SCREENING_TEST), required=False),
    "source": Key(ListOf(Ref("source"), min_items=1)),
    "note": Key(Text(), required=False),
}

PAIN_GUIDE_COLUMNS: dict[str, Key] = {
    "zone": Key(Ref("zone")),
    "order": Key(Number(1, 99, integer=True)),
    "muscle": Key(Ref("muscle")),
    "pattern": Key(Choice("pattern")),
    "source": Key(ListOf(Ref("source"), min_items=1)),
    "used": Key(Choice("yes_no")),
    "area": Key(Text(), required=False),
    "note": Key(Text(), required=False),
}

# ---------------------------------------------------------------------------------------------- YAML records

REFERRAL = Record({
    "essential": Key(ListOf(Ref("zone"), min_items=1)),
    "spillover": Key(ZONES, required=False),
    "source": Key(SOURCES),
})

ACTION = Record({
    "action": Key(Ref("action")),
    "fibres": Key(Text(), required=False),
    "source": Key(SOURCES),
})

CITED_VALUE = Record({"value": Key(Text()), "source": Key(SOURCES)})

MUSCLE_PART = Record({
    "id": Key(IDENTIFIER),
    "name": Key(Text()),
    "actions": Key(ListOf(ACTION, min_items=1)),
    "referral": Key(REFERRAL),
})

TRIGGER_POINT = Record({
    "label": Key(Text()),
    "region": Key(Ref("zone")),
    "x": Key(Number(0, 1)),
    "y": Key(Number(0, 1)),
})

SCREENING_IDS = ListOf(Ref("screening"))

SELF_CARE = Record({
    "kind": Key(Choice("self_care_kind")),
    "name": Key(Text()),
    "how": Key(Text()),
    "dose": Key(Text()),
    "stop_if": Key(Text()),
    "avoid_if": Key(SCREENING_IDS, required=False),
    "caution_if": Key(SCREENING_IDS, required=False),
    "source": Key(SOURCES),
})

CLAIM_SOURCES = Record({
    "anatomy": Key(SOURCES),
    "nerve": Key(SOURCES),
    "actions": Key(SOURCES),
    "referral": Key(SOURCES),
    "clinical": Key(SOURCES),
})

DISAGREEMENT = Record({
    "topic": Key(Text()),
    "values": Key(ListOf(CITED_VALUE, min_items=2)),
})


def _muscle_needs_referral(record: dict[str, Any], where: str, checker: Checker) -> None:
    """A Record.check_record hook: a muscle without fibre parts must have its own referral pattern."""
    if "referral" not in record and "parts" not in record:
        key = f"{where}.referral" if where else "referral"  # named like Record.check names its keys
        checker.problem(key, "missing required key 'referral' (a muscle without fibre 'parts' needs it)")


MUSCLE = Record(
    {
        "id": Key(IDENTIFIER),
        "name": Key(Text()),
        "aliases": Key(_text_list()),
        "group": Key(Choice("muscle_group")),
        # Ontology ids are optional: leave them out rather than write a placeholder (all-zero ids are refused).
        "uberon": Key(Pattern(re.compile(r"UBERON:(?!0{7})\d{7}"), "an UBERON id such as UBERON:0008521"),
                      required=False),
        "fma": Key(Pattern(re.compile(r"FMA:[1-9]\d*"), "an FMA id such as FMA:22317"), required=False),
        "origin": Key(Text()),
        "insertion": Key(Text()),
        "nerve": Key(Text()),
        "roots": Key(ListOf(CITED_VALUE, min_items=1)),
        "actions": Key(ListOf(ACTION, min_items=1)),
        "parts": Key(ListOf(MUSCLE_PART, min_items=2), required=False),
        "trigger_points": Key(ListOf(TRIGGER_POINT, min_items=1)),
        "referral": Key(REFERRAL, required=False),
        "aggravating": Key(_text_list()),
        "signs": Key(_text_list()),
        "self_care": Key(ListOf(SELF_CARE, min_items=1)),
        "lookalikes": Key(ListOf(Ref("condition"), min_items=1)),
        "sources": Key(CLAIM_SOURCES),
        "disagreements": Key(ListOf(DISAGREEMENT), required=False),
        "note": Key(Text(), required=False),
    },
    check_record=_muscle_needs_referral,
)

CONDITION = Record({
    "id": Key(IDENTIFIER),
    "name": Key(Text()),
    "aliases": Key(_text_list()),
    "kind": Key(Choice("condition_kind")),
    "icd10": Key(OneOrMany(Pattern(re.compile(r"[A-Z]\d{2}(\.\d{1,2})?"), "an ICD-10 code such as M54.1")),
                 required=False),
    "summary": Key(Text()),
    "regions": Key(ListOf(Ref("zone"), min_items=1)),
    "distinguishing": Key(_text_list()),
    "triage": Key(Choice("condition_triage")),
    "sources": Key(SOURCES),
    "note": Key(Text(), required=False),
})


@dataclass(frozen=True)
class TableFile:
    """A CSV file of the knowledge base and its columns."""

    name: str
    columns: dict[str, Key]
    id_column: str | None = "id"


TABLES: tuple[TableFile, ...] = (
    TableFile("sources.csv", SOURCE_COLUMNS),
    TableFile("actions.csv", ACTION_COLUMNS),
    TableFile("regions.csv", REGION_COLUMNS),
    TableFile("findings.csv", FINDING_COLUMNS),
    TableFile("red_flags.csv", RED_FLAG_COLUMNS),
    TableFile("rules.csv", RULE_COLUMNS, id_column=None),
    TableFile("context_rules.csv", CONTEXT_COLUMNS, id_column=None),
    TableFile("word_classes.csv", WORD_CLASS_COLUMNS),
    TableFile("screening.csv", SCREENING_COLUMNS),
    TableFile("pain_guide.csv", PAIN_GUIDE_COLUMNS, id_column=None),
)

RECORD_FOLDERS: dict[str, Record] = {"muscles": MUSCLE, "conditions": CONDITION}
