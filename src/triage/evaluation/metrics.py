"""Evaluation on vignettes: how often the expected muscle ranks first or in the top three, and how
safely the gate triages, for the engine and the plain baseline in the same run.

A vignette file is YAML (a list) or JSON Lines; each case has `id`, `text` and/or `regions` /
`findings` / `denied`, `expected` (muscle ids), `primary` (muscle id or null) and `triage` (level).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from triage.engine.engine import Engine
from triage.engine.types import Query
from triage.evaluation.baseline import Baseline
from triage.knowledge.cases import Case
from triage.knowledge.vocabulary import RED_FLAG_LEVELS, more_urgent


@dataclass
class Outcome:
    """What one system did on one case."""

    ranking: list[str]
    level: str
    red_flags: tuple[str, ...] = ()


@dataclass
class Metrics:
    """Figures for one system over a vignette set."""

    top1: float = 0.0
    top3: float = 0.0
    mrr: float = 0.0
    triage_accuracy: float = 0.0
    red_flag_recall: float = 0.0
    red_flag_ids: float = 0.0
    nerve_referral: float = 0.0
    over_triage: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def score(cases: list[Case], outcomes: list[Outcome]) -> Metrics:
    """Ranking and triage figures; ranking figures count only cases with a primary muscle."""
    ranked = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.primary]
    reciprocal = [1 / (o.ranking.index(c.primary) + 1) if c.primary in o.ranking else 0.0 for c, o in ranked]
    flagged = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.triage in RED_FLAG_LEVELS]
    nerve = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.triage == "see_clinician"]
    calm = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.triage == "self_care"]
    named = [(c, o) for c, o in zip(cases, outcomes, strict=True) if c.red_flags]

    def share(pairs: list[tuple[Case, Outcome]], ok: Any) -> float:
        return sum(1 for c, o in pairs if ok(c, o)) / len(pairs) if pairs else float("nan")

    return Metrics(
        top1=share(ranked, lambda c, o: o.ranking[:1] == [c.primary]),
        top3=share(ranked, lambda c, o: c.primary in o.ranking[:3]),
        mrr=sum(reciprocal) / len(reciprocal) if reciprocal else float("nan"),
        triage_accuracy=share(list(zip(cases, outcomes, strict=True)), lambda c, o: o.level == c.triage),
        red_flag_recall=share(flagged, lambda c, o: not more_urgent(c.triage, o.level)),
        red_flag_ids=share(named, lambda c, o: set(c.red_flags) <= set(o.red_flags)),
        nerve_referral=share(nerve, lambda c, o: not more_urgent(c.triage, o.level)),
        over_triage=share(calm, lambda _, o: o.level != "self_care"),
        counts={"cases": len(cases), "ranked": len(ranked), "red_flag": len(flagged), "nerve": len(nerve),
                "self_care": len(calm), "named_red_flags": len(named)},
    )


@dataclass
class Report:
    """Engine and baseline figures on one vignette set, with every case the engine got wrong."""

    engine: Metrics
    baseline: Metrics
    failures: list[str]


def evaluate(engine: Engine, cases: list[Case], *, words_only: bool = False) -> Report:
    """Run the engine and the baseline on every case; with `words_only`, on its text alone (the regions marked on
    the map dropped, and the cases with no text left out): how well each reads a person's own words."""
    if words_only:
        cases = [replace(case, regions=()) for case in cases if case.text.strip()]
    baseline = Baseline().fit(engine.kb)
    region_label = engine.kb.regions["label"]
    engine_outcomes, baseline_outcomes, failures = [], [], []
    for case in cases:
        result = engine.analyse(Query.of_case(case))
        outcome = Outcome([s.target for s in result.suggestions], result.gate.level,
                          tuple(flag for flag, _ in result.gate.red_flags))
        engine_outcomes.append(outcome)
        words = " ".join([case.text, *(str(region_label.get(r, r)) for r in case.regions)])
        baseline_outcomes.append(Outcome(baseline.rank(words), *baseline.triage(words)))
        problems = []
        if case.primary and case.primary not in outcome.ranking[:3]:
            rank = outcome.ranking.index(case.primary) + 1 if case.primary in outcome.ranking else None
            problems.append(f"primary {case.primary} at rank {rank}; top 3: {', '.join(outcome.ranking[:3])}")
        if outcome.level != case.triage:
            problems.append(f"triage {outcome.level}, expected {case.triage}")
        missed = [flag for flag in case.red_flags if flag not in outcome.red_flags]
        if missed:
            problems.append(f"red flag(s) {', '.join(missed)} not raised")
        if problems:
            failures.append(f"{case.id}: " + "; ".join(problems))
    return Report(score(cases, engine_outcomes), score(cases, baseline_outcomes), failures)


def report_text(report: Report) -> str:
    """The figures as a table, engine beside baseline, then the failing cases."""
    rows = [("top-1", "top1"), ("top-3", "top3"), ("mean reciprocal rank", "mrr"),
            ("triage accuracy", "triage_accuracy"), ("red-flag recall", "red_flag_recall"),
            ("expected red flags raised", "red_flag_ids"),
            ("nerve-case referral", "nerve_referral"), ("over-triage (self-care cases)", "over_triage")]
    lines = [f"cases: {report.engine.counts}", f"{'figure':<32}{'engine':>8}{'baseline':>10}"]
    lines += [f"{label:<32}{getattr(report.engine, key):>8.3f}{getattr(report.baseline, key):>10.3f}"
              for label, key in rows]
    lines.append(f"\nfailing cases ({len(report.failures)}):")
    lines += [f"  {failure}" for failure in report.failures] or ["  none"]
    return "\n".join(lines)
