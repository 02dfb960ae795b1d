"""Evaluation on vignettes: how often the expected muscle ranks first or in the top three, and how
safely the gate triages, for the engine and the plain baseline in the same run.

A vignette file is YAML (a list) or JSON Lines; each case has `id`, `text` and/or `regions` /
`findings` / `denied`, `expected` (muscle ids), `primary` (muscle id or null) and `triage` (level).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from triage.baseline import Baseline
from triage.engine import Engine
from triage.gate import LEVELS
from triage.understanding import Query

CASE_KEYS = {"id", "text", "regions", "findings", "denied", "expected", "primary", "triage", "red_flags", "sources",
             "note"}


class VignetteError(ValueError):
    """A vignette file that cannot be used; the message names the file, the case and the key."""


@dataclass(frozen=True)
class Case:
    """One vignette."""

    id: str
    query: Query
    expected: tuple[str, ...]
    primary: str | None
    triage: str
    note: str = ""  # the author's comment, shown when a class case is revealed


@dataclass
class Outcome:
    """What one system did on one case."""

    ranking: list[str]
    level: str


@dataclass
class Metrics:
    """Figures for one system over a vignette set."""

    top1: float = 0.0
    top3: float = 0.0
    mrr: float = 0.0
    triage_accuracy: float = 0.0
    red_flag_recall: float = 0.0
    nerve_referral: float = 0.0
    over_triage: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def load_cases(path: Path, kb_muscles: set[str]) -> list[Case]:
    """Read and check a vignette file (YAML list or JSON Lines)."""
    text = path.read_text(encoding="utf-8")
    try:
        raw = [json.loads(line) for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl" \
            else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise VignetteError(f"{path}: cannot be parsed: {error}") from error
    if not isinstance(raw, list):
        raise VignetteError(f"{path}: must be a list of cases")
    cases = []
    for number, item in enumerate(raw, start=1):
        where = f"{path}: case {number} ({item.get('id', '?') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict):
            raise VignetteError(f"{where}: must be a mapping")
        unknown = set(item) - CASE_KEYS
        if unknown:
            raise VignetteError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(CASE_KEYS)}")
        if item.get("triage") not in LEVELS:
            raise VignetteError(f"{where}: triage {item.get('triage')!r} is not one of {', '.join(LEVELS)}")
        for muscle in [*(item.get("expected") or []), *([item["primary"]] if item.get("primary") else [])]:
            if muscle not in kb_muscles:
                raise VignetteError(f"{where}: unknown muscle {muscle!r}")
        query = Query(text=item.get("text") or "", regions=tuple(item.get("regions") or ()),
                      findings=tuple(item.get("findings") or ()), denied=tuple(item.get("denied") or ()),
                      id=item.get("id"))
        cases.append(Case(str(item.get("id", number)), query, tuple(item.get("expected") or ()),
                          item.get("primary"), item["triage"], str(item.get("note") or "")))
    return cases


def _more_urgent(a: str, b: str) -> bool:
    return LEVELS.index(a) < LEVELS.index(b)


def score(cases: list[Case], outcomes: list[Outcome]) -> Metrics:
    """Ranking and triage figures; ranking figures count only cases with a primary muscle."""
    ranked = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.primary]
    reciprocal = [1 / (o.ranking.index(c.primary) + 1) if c.primary in o.ranking else 0.0 for c, o in ranked]
    flagged = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.triage in ("emergency", "urgent")]
    nerve = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.triage == "see_clinician"]
    calm = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.triage == "self_care"]

    def share(pairs: list[tuple[Case, Outcome]], ok: Any) -> float:
        return sum(1 for c, o in pairs if ok(c, o)) / len(pairs) if pairs else float("nan")

    return Metrics(
        top1=share(ranked, lambda c, o: o.ranking[:1] == [c.primary]),
        top3=share(ranked, lambda c, o: c.primary in o.ranking[:3]),
        mrr=sum(reciprocal) / len(reciprocal) if reciprocal else float("nan"),
        triage_accuracy=share(list(zip(cases, outcomes, strict=True)), lambda c, o: o.level == c.triage),
        red_flag_recall=share(flagged, lambda c, o: not _more_urgent(c.triage, o.level)),
        nerve_referral=share(nerve, lambda c, o: not _more_urgent(c.triage, o.level)),
        over_triage=share(calm, lambda c, o: o.level != "self_care"),
        counts={"cases": len(cases), "ranked": len(ranked), "red_flag": len(flagged), "nerve": len(nerve),
                "self_care": len(calm)},
    )


@dataclass
class Report:
    """Engine and baseline figures on one vignette set, with every case the engine got wrong."""

    engine: Metrics
    baseline: Metrics
    failures: list[str]


def evaluate(engine: Engine, cases: list[Case]) -> Report:
    """Run the engine and the baseline on every case."""
    baseline = Baseline().fit(engine.kb)
    region_label = engine.kb.regions["label"]
    engine_outcomes, baseline_outcomes, failures = [], [], []
    for case in cases:
        result = engine.analyse(case.query)
        outcome = Outcome([s.target for s in result.suggestions], result.gate.level)
        engine_outcomes.append(outcome)
        words = " ".join([case.query.text, *(str(region_label.get(r, r)) for r in case.query.regions)])
        baseline_outcomes.append(Outcome(baseline.rank(words), baseline.triage(words)))
        problems = []
        if case.primary and case.primary not in outcome.ranking[:3]:
            rank = outcome.ranking.index(case.primary) + 1 if case.primary in outcome.ranking else None
            problems.append(f"primary {case.primary} at rank {rank}; top 3: {', '.join(outcome.ranking[:3])}")
        if outcome.level != case.triage:
            problems.append(f"triage {outcome.level}, expected {case.triage}")
        if problems:
            failures.append(f"{case.id}: " + "; ".join(problems))
    return Report(score(cases, engine_outcomes), score(cases, baseline_outcomes), failures)


def report_text(report: Report) -> str:
    """The figures as a table, engine beside baseline, then the failing cases."""
    rows = [("top-1", "top1"), ("top-3", "top3"), ("mean reciprocal rank", "mrr"),
            ("triage accuracy", "triage_accuracy"), ("red-flag recall", "red_flag_recall"),
            ("nerve-case referral", "nerve_referral"), ("over-triage (self-care cases)", "over_triage")]
    lines = [f"cases: {report.engine.counts}", f"{'figure':<32}{'engine':>8}{'baseline':>10}"]
    lines += [f"{label:<32}{getattr(report.engine, key):>8.3f}{getattr(report.baseline, key):>10.3f}"
              for label, key in rows]
    lines.append(f"\nfailing cases ({len(report.failures)}):")
    lines += [f"  {failure}" for failure in report.failures] or ["  none"]
    return "\n".join(lines)
