"""Scenarios as data: each file in tests/scenarios/ is a query and what a user must see, named by a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from triage.engine.contract import to_json
from triage.engine.engine import Engine
from triage.engine.types import Query

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))
EXPECT_KEYS = {"top1_any", "top3_any", "level", "red_flags_any", "side"}


def load(path: Path) -> dict:
    scenario = yaml.safe_load(path.read_text())
    assert set(scenario) == {"name", "query", "expect"}, path
    assert set(scenario["expect"]) <= EXPECT_KEYS, path
    return scenario


@pytest.mark.parametrize("path", SCENARIOS, ids=[load(p)["name"] for p in SCENARIOS])
def test_scenario(path: Path, engine: Engine) -> None:
    scenario = load(path)
    result = to_json(engine.kb, engine.analyse(Query.from_mapping(scenario["query"])))
    expect = scenario["expect"]
    ranking = [s["muscle"] for s in result["suggestions"]]
    if "level" in expect:
        assert result["triage"]["level"] == expect["level"], result["triage"]
    if "red_flags_any" in expect:
        assert {f["id"] for f in result["triage"]["red_flags"]} & set(expect["red_flags_any"]), result["triage"]
    if "top1_any" in expect:
        assert ranking[:1], ranking
        assert ranking[0] in expect["top1_any"], ranking
    if "top3_any" in expect:
        assert set(ranking[:3]) & set(expect["top3_any"]), ranking
    if "side" in expect:
        assert result["suggestions"][0]["side"] == expect["side"]


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_scenario_is_named_by_a_full_sentence_and_expects_something(path: Path) -> None:
    scenario = load(path)
    name = scenario["name"]
    assert name[0].isupper(), name
    assert len(name.split()) >= 6, name
    assert not name.endswith((".", "?")), name
    assert scenario["expect"], path
