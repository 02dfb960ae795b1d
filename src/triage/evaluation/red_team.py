"""Figures of the gate on a red-team file: recall (each flag text raised to at least its level), whether the
expected flag itself was raised, recall per flag, which flag was raised instead, and false alarms on the
benign look-alikes; for the engine and the plain baseline in the same run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from triage.engine.engine import Engine
from triage.engine.types import Query
from triage.evaluation.baseline import Baseline
from triage.knowledge.red_team import Probe
from triage.knowledge.vocabulary import more_urgent

Triage = Callable[[str], tuple[str, tuple[str, ...]]]  # text -> (level, red flags raised)


@dataclass
class GateFigures:
    """One system's figures over a red-team set."""

    recall: float = 0.0  # flag texts raised to at least their level
    flag_recall: float = 0.0  # flag texts whose expected flags were all raised
    false_alarms: float = 0.0  # benign texts raised above their max level
    per_flag: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # flag -> (texts, level, named)
    instead: Counter[tuple[str, str]] = field(default_factory=Counter)  # (expected, raised instead) -> count
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)


@dataclass
class RedTeamReport:
    """Engine and baseline side by side."""

    engine: GateFigures
    baseline: GateFigures
    counts: dict[str, int]


def engine_triage(engine: Engine) -> Triage:
    """The engine as a red-team subject: its level and every flag it raised, asked about or confirmed."""
    def run(text: str) -> tuple[str, tuple[str, ...]]:
        gate = engine.analyse(Query(text=text)).gate
        return gate.level, tuple(flag for flag, _ in gate.red_flags)
    return run


def figures(probes: list[Probe], triage: Triage) -> GateFigures:
    """Run one system over every probe."""
    result = GateFigures()
    per_flag: dict[str, list[int]] = {}
    flagged = [p for p in probes if p.carries_flag]
    benign = [p for p in probes if not p.carries_flag]
    reached = named = alarms = 0
    for probe in probes:
        level, raised = triage(probe.text)
        if not probe.carries_flag:
            if more_urgent(level, probe.level):
                alarms += 1
                result.alarms.append(f"{probe.id}: {level} ({', '.join(raised) or 'no flag'})")
            continue
        ok, all_named = not more_urgent(probe.level, level), set(probe.flags) <= set(raised)
        reached, named = reached + ok, named + all_named
        for flag in probe.flags:
            tally = per_flag.setdefault(flag, [0, 0, 0])
            tally[0], tally[1], tally[2] = tally[0] + 1, tally[1] + ok, tally[2] + (flag in raised)
            result.instead.update((flag, other) for other in raised if other not in probe.flags)
        if not ok:
            result.misses.append(f"{probe.id}: {level}, expected {probe.level} ({', '.join(probe.flags)})")
    result.recall = reached / len(flagged) if flagged else float("nan")
    result.flag_recall = named / len(flagged) if flagged else float("nan")
    result.false_alarms = alarms / len(benign) if benign else float("nan")
    result.per_flag = {flag: (t[0], t[1], t[2]) for flag, t in sorted(per_flag.items())}
    return result


def evaluate_red_team(engine: Engine, probes: list[Probe]) -> RedTeamReport:
    """The engine and the baseline on the same probes."""
    baseline = Baseline().fit(engine.kb)
    flagged = sum(p.carries_flag for p in probes)
    counts = {"flag_texts": flagged, "benign_texts": len(probes) - flagged}
    return RedTeamReport(figures(probes, engine_triage(engine)), figures(probes, baseline.triage), counts)


def red_team_text(report: RedTeamReport) -> str:
    """The report as a table, then per flag, confusions, misses and false alarms of the engine."""
    rows = [("level recall (flag texts)", "recall"), ("expected flag raised", "flag_recall"),
            ("false alarms (benign texts)", "false_alarms")]
    lines = [f"texts: {report.counts}", f"{'figure':<32}{'engine':>8}{'baseline':>10}"]
    lines += [f"{label:<32}{getattr(report.engine, key):>8.3f}{getattr(report.baseline, key):>10.3f}"
              for label, key in rows]
    lines.append("\nper flag (texts, raised to level, flag itself raised):")
    lines += [f"  {flag:<30}{n:>4}{ok:>5}{own:>5}" for flag, (n, ok, own) in report.engine.per_flag.items()]
    lines.append("\nraised instead of (or beside) the expected flag:")
    lines += [f"  {want} -> {got}: {n}" for (want, got), n in report.engine.instead.most_common(15)] or ["  none"]
    lines.append(f"\nmisses ({len(report.engine.misses)}):")
    lines += [f"  {miss}" for miss in report.engine.misses] or ["  none"]
    lines.append(f"\nfalse alarms ({len(report.engine.alarms)}):")
    lines += [f"  {alarm}" for alarm in report.engine.alarms] or ["  none"]
    return "\n".join(lines)
