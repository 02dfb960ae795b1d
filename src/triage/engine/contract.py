"""The JSON contract of a result (`triage rank --json`, batch lines, outside checks): one serialiser of the
typed `Result`, whose shape `result.schema.json` beside this module pins down."""

from __future__ import annotations

from typing import Any

from triage.engine.gate import CONSULT, DISCLAIMER
from triage.engine.types import Question, Raised, Reason, Result, strength
from triage.knowledge.model import KnowledgeBase

SCHEMA_FILE = "result.schema.json"


def to_json(kb: KnowledgeBase, result: Result) -> dict[str, Any]:
    """The result as the JSON contract of `triage rank --json`."""
    understood = result.understood
    raised = {r.flag: r for r in understood.raised}
    questions = {q.flag: q for q in understood.questions}
    return {
        "id": result.id,
        "triage": {
            "level": result.gate.level,
            "message": result.gate.message,
            "red_flags": [_flag(kb, fid, label, raised.get(fid)) for fid, label in result.gate.red_flags],
            "questions": [_question(kb, fid, label, questions[fid]) for fid, label in result.gate.asked],
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
            {"muscle": s.target, "name": kb.target_name(s.target), "side": s.side, "part": s.part or None,
             "score": strength(s.score), "raw_score": round(s.score, 2), "reasons": _reasons(s.reasons)}
            for s in result.suggestions
        ],
        "lookalikes": [
            {"condition": s.target, "name": kb.target_name(s.target), "score": strength(s.score),
             "raw_score": round(s.score, 2), "reasons": _reasons(s.reasons)}
            for s in result.lookalikes
        ],
        "disclaimer": DISCLAIMER,
        "consult": CONSULT,
    }


def _flag(kb: KnowledgeBase, flag: str, label: str, raised: Raised | None) -> dict[str, Any]:
    """A red flag raised for sure, with the route and the words that raised it."""
    return {"id": flag, "label": label, "urgency": kb.red_flags.loc[flag, "urgency"],
            "route": raised.route if raised else "checklist", "words": list(raised.words) if raised else []}


def _question(kb: KnowledgeBase, flag: str, label: str, question: Question) -> dict[str, Any]:
    """A red flag the engine is unsure of: counted at its level (confirmed false) until answered no."""
    return {"id": flag, "label": label, "urgency": kb.red_flags.loc[flag, "urgency"], "route": "net",
            "words": list(question.words), "question": question.text, "confirmed": False}


def _reasons(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    return [{"kind": r.kind, "id": r.id, "label": r.label, "weight": r.weight, "source": r.source} for r in reasons]
