"""`export_csv` writes the rule, muscle and derived-link tables that read back into a spreadsheet."""

from __future__ import annotations

import csv

import pytest

from triage.outputs.tables import LINK_COLUMNS, MUSCLE_COLUMNS, RULE_COLUMNS, export_csv


def read(path):
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


@pytest.fixture(scope="module")
def exported(minimal_kb, tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv") / "new"  # a folder that does not exist yet
    paths = export_csv(minimal_kb, folder)
    assert sorted(p.name for p in paths) == ["links.csv", "muscles.csv", "rules.csv"]
    return {p.name: read(p) for p in paths}


def test_rules_read_back_with_finding_and_target_labels(minimal_kb, exported):
    columns, rows = exported["rules.csv"]
    assert columns == RULE_COLUMNS
    assert len(rows) == len(minimal_kb.rules)
    for row, rule in zip(rows, minimal_kb.rules.to_dict("records"), strict=True):
        assert (row["finding"], row["target"]) == (rule["finding"], rule["target"])
        assert row["finding_label"] == minimal_kb.findings.loc[rule["finding"], "label"]
        assert row["target_label"] == minimal_kb.target_name(rule["target"])
        assert row["target_kind"] == ("muscle" if rule["target"] in minimal_kb.muscles else "condition")
        assert int(row["evoking_strength"]) == rule["evoking_strength"]
        assert row["source"].split("|") == list(rule["source"])


def test_muscles_have_one_row_each_with_lists_joined_by_bars(minimal_kb, exported):
    columns, rows = exported["muscles.csv"]
    assert columns == MUSCLE_COLUMNS
    by_id = {row["id"]: row for row in rows}
    assert sorted(by_id) == sorted(minimal_kb.muscles)
    muscle = minimal_kb.muscles["gluteus_minimus"]
    row = by_id["gluteus_minimus"]
    assert row["name"] == muscle.name
    assert row["origin"] == muscle.record["origin"]
    assert row["aliases"].split("|") == list(muscle.aliases)
    assert row["roots"] == "L4-S1"  # the same value from two entries is listed once
    assert row["actions"].split("|") == list(muscle.actions)
    assert row["essential_zones"].split("|") == list(muscle.essential)
    assert row["spillover_zones"].split("|") == list(muscle.spillover)
    assert row["lookalikes"].split("|") == list(muscle.lookalikes)
    assert row["sources"].split("|") == list(muscle.sources)


def test_links_hold_every_derived_zone_and_movement_link(minimal_kb, exported):
    columns, rows = exported["links.csv"]
    assert columns == LINK_COLUMNS
    zones = [r for r in rows if r["link"] == "referral_zone"]
    movements = [r for r in rows if r["link"] == "movement"]
    assert len(zones) == len(minimal_kb.zone_links)
    assert len(movements) == len(minimal_kb.movement_links)
    assert len(rows) == len(zones) + len(movements)
    outer = next(r for r in zones if r["target"] == "gluteus_minimus" and r["evidence"] == "thigh_lateral")
    assert (outer["evidence_label"], outer["strength"], outer["target_label"]) == ("outer thigh", "essential",
                                                                                    "Gluteus minimus")
    for row in movements:
        assert row["mode"] in ("contraction", "stretch")
        assert row["action"]
        assert row["evidence_label"]


def test_the_shipped_knowledge_base_exports(kb, tmp_path):
    tables = {p.name: read(p) for p in export_csv(kb, tmp_path)}
    assert len(tables["rules.csv"][1]) == len(kb.rules)
    assert len(tables["muscles.csv"][1]) == len(kb.muscles)
    assert all(row["target_label"] for row in tables["links.csv"][1])
