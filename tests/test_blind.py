"""The blind red-team set as a regression guard (never a target: nothing is tuned on it; see tests/blind/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.evaluation.red_team import evaluate_red_team
from triage.knowledge.red_team import load_red_team

BLIND = Path(__file__).parent / "blind"
# (file, texts, recall guard, false-alarm guard). Recall meets the 0.95; false alarms are held where
# they were measured (0.122 and 0.179), above the target of 0.10, which is not yet met.
GUARDS = [("redteam.yaml", {"flag_texts": 331, "benign_texts": 181}, 0.95, 0.125),
          ("redteam2.yaml", {"flag_texts": 265, "benign_texts": 184}, 0.95, 0.18)]


@pytest.mark.parametrize(("name", "counts", "recall", "false_alarms"), GUARDS, ids=[g[0] for g in GUARDS])
def test_a_blind_set_does_not_regress(engine, name, counts, recall, false_alarms):
    report = evaluate_red_team(engine, load_red_team(BLIND / name, engine.kb))
    assert report.counts == counts
    assert report.engine.recall >= recall
    assert report.engine.false_alarms <= false_alarms
