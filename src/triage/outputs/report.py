"""Human-readable text of an engine result (the default output of `triage rank`)."""

from __future__ import annotations

from triage.engine.gate import CONSULT, DISCLAIMER
from triage.engine.types import Result, Scored, strength
from triage.knowledge.model import KnowledgeBase


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
    lines += ["", "Muscles whose referral patterns match what you described (match strength is relative):"]
    for rank, scored in enumerate(result.suggestions, start=1):
        side = f", {scored.side}" if scored.side else ""
        lines.append(f"  {rank}. {kb.target_name(scored.target)}{side}: {strength(scored.score)}/100")
        lines += _reason_lines(scored)
    if not result.suggestions:
        lines.append("  none yet")
    if result.lookalikes:
        lines += ["", "Look-alike conditions a therapist would rule out:"]
        lines += [f"  - {kb.target_name(s.target)}: {strength(s.score)}/100" for s in result.lookalikes]
    lines += ["", CONSULT, DISCLAIMER]
    return "\n".join(lines)


def _reason_lines(scored: Scored) -> list[str]:
    return [f"       {r.weight:+.1f}  {r.label}" + (f"  [{r.source}]" if r.source else "") for r in scored.reasons]
