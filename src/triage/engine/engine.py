"""The engine: one object that the CLI, the app and outside checks call.

`Engine(kb)` fits the text matcher and the scorer once; `analyse(query)` understands the query,
decides the triage level first, then ranks muscles and look-alike conditions with their reasons.
It never imports streamlit and does no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from triage.engine.described import SignQuery
from triage.engine.gate import decide
from triage.engine.language.paraphrase import ParaphraseNet
from triage.engine.scoring import OWN_EVIDENCE, Scorer
from triage.engine.types import Query, Result, Scored, Understanding
from triage.engine.understanding import Reading, Understander
from triage.knowledge.model import KnowledgeBase

MAX_SUGGESTIONS = 10
MAX_LOOKALIKES = 5


class Engine:
    """Understands, gates and ranks queries against one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.understander = Understander(ParaphraseNet.shipped()).fit(kb)
        self.scorer = Scorer().fit(kb)
        flags = kb.red_flags
        self.flag_rows_ = {f: (f, flags.at[f, "label"], flags.at[f, "urgency"], flags.at[f, "message"])
                           for f in flags.index}

    def read(self, text: str) -> Reading:
        """What a text says on its own: pass it back to `analyse` while the text is unchanged (a map click)."""
        return self.understander.read(text)

    def analyse(self, query: Query, reading: Reading | None = None) -> Result:
        """Gate and rank one query (reusing `reading` when it is of the query's text)."""
        understood = self.understander.understand(query, reading)
        nerve_like = [f for f in understood.findings if f in self.understander.nerve_like_]
        gate = decide(self._flag_rows(understood.red_flags), nerve_like,
                      self._flag_rows(q.flag for q in understood.questions))
        evidence = understood.evidence
        suggestions: tuple[Scored, ...] = ()
        lookalikes: tuple[Scored, ...] = ()
        if evidence.present or evidence.named or any(evidence.zones.values()):
            scores, sides, units = self.scorer.score(evidence)
            signs = self.scorer.sign_query(evidence)
            shown = (scores > 0) & self.scorer.with_evidence(evidence)[units]
            suggestions = self._top(scores, sides, units, understood, signs, shown & self.scorer.is_muscle_,
                                    MAX_SUGGESTIONS)
            lookalikes = self._top(scores, sides, units, understood, signs, shown & ~self.scorer.is_muscle_,
                                   MAX_LOOKALIKES)
        return Result(query.id, gate, understood, suggestions, lookalikes)

    def _flag_rows(self, ids: Iterable[str]) -> list[tuple[str, str, str, str]]:
        """(id, label, urgency, message) of red flags, as the gate takes them."""
        return [self.flag_rows_[f] for f in ids]

    def _top(self, scores: np.ndarray, sides: list[str | None], units: np.ndarray, understood: Understanding,
             signs: SignQuery, mask: np.ndarray, limit: int) -> tuple[Scored, ...]:
        """The best targets of one kind (`mask`: those with a positive score and some evidence of their own) that
        have positive evidence of their own on their side, with their reasons."""
        candidates = np.flatnonzero(mask)
        order = candidates[np.lexsort((candidates, -scores[candidates]))]
        ranked: list[Scored] = []
        for index in order:
            if len(ranked) == limit:
                break
            # With no sided region, the side said in words ("my left leg") is the muscle's side.
            side = sides[index] or understood.side
            reasons = self.scorer.explain(int(units[index]), side, understood.evidence, signs)
            if any(r.weight > 0 and r.kind in OWN_EVIDENCE for r in reasons):
                target, part = self.scorer.units_[units[index]]
                part_name = next((p.name for p in self.kb.muscles[target].parts if p.id == part), "") if part else ""
                ranked.append(Scored(target, side, float(scores[index]), reasons, part_name))
        return tuple(ranked)
