"""The JSON contract: every result the CLI prints matches the schema shipped beside the serialiser."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from triage.engine import contract
from triage.engine.contract import to_json
from triage.engine.types import Query
from triage.knowledge.cases import load_cases

VIGNETTES = Path(__file__).parent / "vignettes"
SCHEMA = json.loads(resources.files("triage.engine").joinpath(contract.SCHEMA_FILE).read_text(encoding="utf-8"))


def test_the_schema_is_itself_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", ["dev.yaml", "holdout.yaml"])
def test_every_vignette_result_matches_the_schema(engine, name):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for case in load_cases(VIGNETTES / name, engine.kb):
        result = to_json(engine.kb, engine.analyse(Query.of_case(case)))
        errors = [e.message for e in validator.iter_errors(result)]
        assert errors == [], case.id


def test_a_result_with_every_kind_of_span_matches_the_schema(engine):
    query = Query(text="numb between my legs, my glute min hurts, deep ache in left buttock, not tingling",
                  regions=("groin_left",), id={"any": ["json"]})
    result = to_json(engine.kb, engine.analyse(query))
    assert {span["kind"] for span in result["understood"]["spans"]} == {"finding", "red_flag", "named", "region"}
    jsonschema.validate(result, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_the_schema_refuses_a_result_that_breaks_the_contract(engine):
    result = to_json(engine.kb, engine.analyse(Query(text="ache in my outer hip")))
    broken = {**result, "triage": {**result["triage"], "level": "probably fine"}}
    with pytest.raises(jsonschema.ValidationError, match="probably fine"):
        jsonschema.validate(broken, SCHEMA, cls=jsonschema.Draft202012Validator)
