"""Human-readable text of an engine result (the default output of `triage rank`)."""

from __future__ import annotations

from triage.engine.gate import CONSULT, DISCLAIMER
from triage.engine.types import Result, Scored, strength
from triage.knowledge.lookup import source_titles
from triage.knowledge.model import KnowledgeBase


def shown_ranks(scored: tuple[Scored, ...] | list[Scored]) -> list[str]:
    """Ranks as people read them: targets with the same shown strength share a rank, marked "=" ("=2")."""
    points = [strength(s.score) for s in scored]
    return [f"={points.index(p) + 1}" if points.count(p) > 1 else str(points.index(p) + 1) for p in points]


def outscoring_condition(result: Result) -> Scored | None:
    """A look-alike condition that matches more strongly than every muscle: shown first, as something a
    clinician would check, so the first muscle is not read as the answer."""
    if not result.lookalikes:
        return None
    best = result.lookalikes[0]
    if not result.suggestions or strength(best.score) > strength(result.suggestions[0].score):
        return best
    return None


def result_text(kb: KnowledgeBase, result: Result) -> str:
    """The gate first, then what was understood, then muscles and look-alikes with their reasons."""
    gate, understood = result.gate, result.understood
    lines = [f"TRIAGE: {gate.level.upper().replace('_', ' ')}", f"  {gate.message}"]
    lines += [f"  red flag: {label}" for _, label in gate.red_flags]
    lines += ["", "We understood:"]
    for name, ids in (("regions", understood.regions), ("findings", understood.findings),
                      ("denied", understood.denied), ("red flags", understood.red_flags)):
        if ids:
            lines.append(f"  {name}: {', '.join(ids)}")
    if understood.side:
        lines.append(f"  side: {understood.side}")
    if understood.unrecognised:
        lines.append(f"  could not place: {'; '.join(understood.unrecognised)}")
    lines += [f"  note: {notice}" for notice in understood.notices]
    first = outscoring_condition(result)
    if first:
        lines += ["", f"A condition a clinician would check matches more strongly than any muscle: "
                      f"{kb.target_name(first.target)} ({strength(first.score)}/100)"]
    lines += ["", "Muscles whose referral patterns match what you described (match strength is relative):"]
    for rank, scored in zip(shown_ranks(result.suggestions), result.suggestions, strict=True):
        side = f", {scored.side}" if scored.side else ""
        lines.append(f"  {rank}. {kb.target_name(scored.target)}{side}: {strength(scored.score)}/100")
        lines += [f"       {line}" for line in reason_lines(kb, scored)]
    if not result.suggestions:
        lines.append("  none yet")
    if result.lookalikes:
        lines += ["", "Look-alike conditions a therapist would rule out:"]
        lines += [f"  - {kb.target_name(s.target)}: {strength(s.score)}/100" for s in result.lookalikes]
    lines += ["", CONSULT, DISCLAIMER]
    return "\n".join(lines)


def reason_lines(kb: KnowledgeBase, scored: Scored, *, sources: bool = True) -> list[str]:
    """Each reason with its weight and (unless `sources` is False) its sources by title."""
    return [f"{r.weight:+.1f} {r.label}"
            + (f" ({source_titles(kb, r.source.split('|'))})" if sources and r.source else "")
            for r in scored.reasons]
