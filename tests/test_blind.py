"""The blind red-team set as a regression guard (never a target: nothing is tuned on it; see tests/blind/README.md)."""

from __future__ import annotations

from pathlib import Path

from triage.evaluation.red_team import evaluate_red_team
from triage.knowledge.red_team import load_red_team

BLIND = Path(__file__).parent / "blind" / "redteam.yaml"
RECALL_GUARD = 0.95  # the guard, met
FALSE_ALARM_GUARD = 0.125  # measured 0.122 on its second run; the target of 0.10 is not yet met


def test_the_blind_set_does_not_regress(engine):
    report = evaluate_red_team(engine, load_red_team(BLIND, engine.kb))
    assert report.counts == {"flag_texts": 331, "benign_texts": 181}
    assert report.engine.recall >= RECALL_GUARD
    assert report.engine.false_alarms <= FALSE_ALARM_GUARD
