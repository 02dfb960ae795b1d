"""The engine: one object that the CLI, the app and outside checks call.

`Engine(kb)` fits the text matcher and the scorer once; `analyse(query)` understands the query,
decides the triage level first, then ranks muscles and look-alike conditions with their reasons.
It never imports streamlit and does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from triage.gate import CONSULT, DISCLAIMER, Gate, decide
from triage.knowledge import KnowledgeBase
from triage.scoring import Reason, Scored, Scorer, strength
from triage.understanding import Query, Understander, Understanding

MAX_SUGGESTIONS = 10
MAX_LOOKALIKES = 5


@dataclass(frozen=True)
class Result:
    """The answer to one query: the gate first, then what was understood, then the rankings."""

    id: Any
    gate: Gate
    understood: Understanding
    suggestions: tuple[Scored, ...]
    lookalikes: tuple[Scored, ...]


class Engine:
    """Understands, gates and ranks queries against one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.understander = Understander().fit(kb)
        self.scorer = Scorer().fit(kb)
        self._nerve_like = set(kb.findings.index[kb.findings["nerve_like"] == "yes"])

    def analyse(self, query: Query) -> Result:
        """Gate and rank one query."""
        understood = self.understander.understand(query)
        flags = [
            (fid, self.kb.red_flags.loc[fid, "label"], self.kb.red_flags.loc[fid, "urgency"],
             self.kb.red_flags.loc[fid, "message"])
            for fid in understood.red_flags
        ]
        gate = decide(flags, [f for f in understood.findings if f in self._nerve_like])
        evidence = understood.evidence
        suggestions: tuple[Scored, ...] = ()
        lookalikes: tuple[Scored, ...] = ()
        if evidence.present or evidence.named or any(evidence.zones.values()):
            scores, sides, units = self.scorer.score(evidence)
            suggestions = self._top(scores, sides, units, understood, self.scorer.is_muscle_, MAX_SUGGESTIONS)
            lookalikes = self._top(scores, sides, units, understood, ~self.scorer.is_muscle_, MAX_LOOKALIKES)
        return Result(query.id, gate, understood, suggestions, lookalikes)

    def _top(self, scores: np.ndarray, sides: list[str | None], units: np.ndarray, understood: Understanding,
             mask: np.ndarray, limit: int) -> tuple[Scored, ...]:
        """The best targets of one kind that have positive evidence of their own, with their reasons."""
        candidates = np.flatnonzero(mask & (scores > 0))
        order = candidates[np.lexsort((candidates, -scores[candidates]))]
        ranked: list[Scored] = []
        for index in order:
            if len(ranked) == limit:
                break
            # With no sided region, the side said in words ("my left leg") is the muscle's side.
            side = sides[index] or understood.side
            reasons = self.scorer.explain(int(units[index]), side, understood.evidence)
            if any(r.weight > 0 and r.kind in ("region", "finding", "movement", "named") for r in reasons):
                target, part = self.scorer.units_[units[index]]
                part_name = next((p.name for p in self.kb.muscles[target].parts if p.id == part), "") if part else ""
                ranked.append(Scored(target, side, float(scores[index]), reasons, part_name))
        return tuple(ranked)

    def to_dict(self, result: Result) -> dict[str, Any]:
        """The result as the JSON contract of `triage rank --json`."""
        understood = result.understood
        return {
            "id": result.id,
            "triage": {
                "level": result.gate.level,
                "message": result.gate.message,
                "red_flags": [{"id": fid, "label": label} for fid, label in result.gate.red_flags],
                "nerve_like": list(result.gate.nerve_like),
            },
            "understood": {
                "regions": list(understood.regions),
                "findings": list(understood.findings),
                "denied": list(understood.denied),
                "red_flags": list(understood.red_flags),
                "named": list(understood.named),
                "side": understood.side,
                "unrecognised": list(understood.unrecognised),
                "spans": [span.__dict__ for span in understood.spans],
                "notices": list(understood.notices),
            },
            "suggestions": [
                {"muscle": s.target, "name": self.kb.target_name(s.target), "side": s.side, "part": s.part or None,
                 "score": strength(s.score), "raw_score": round(s.score, 2), "reasons": _reasons(s.reasons)}
                for s in result.suggestions
            ],
            "lookalikes": [
                {"condition": s.target, "name": self.kb.target_name(s.target), "score": strength(s.score),
                 "raw_score": round(s.score, 2), "reasons": _reasons(s.reasons)}
                for s in result.lookalikes
            ],
            "disclaimer": DISCLAIMER,
            "consult": CONSULT,
        }


def _reasons(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    return [{"kind": r.kind, "id": r.id, "label": r.label, "weight": r.weight, "source": r.source} for r in reasons]
