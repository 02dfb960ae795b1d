"""Tests for the body-map geometry (knowledge/body_map.json) and its validator."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest

from triage.knowledge.geometry import check_body_map, parse_path, path_geometry, region_bounds

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


@pytest.fixture(scope="module")
def body_map() -> dict:
    return json.loads((KNOWLEDGE / "body_map.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def regions() -> list[tuple[str, str]]:
    with (KNOWLEDGE / "regions.csv").open(newline="", encoding="utf-8") as handle:
        return [(row["id"], row["view"]) for row in csv.DictReader(handle)]


def keys(problems: list[tuple[str, str]]) -> list[str]:
    return [key for key, _ in problems]


def test_shipped_body_map_is_valid(body_map, regions):
    assert check_body_map(body_map, regions) == []


def test_every_region_is_drawn_once_in_its_view(body_map, regions):
    for rid, view in regions:
        other = "back" if view == "front" else "front"
        assert rid in body_map["views"][view]["regions"]
        assert rid not in body_map["views"][other]["regions"]


def test_sides_follow_the_viewer_frame(body_map):
    """Front: the person's left is on the viewer's right; back: on the viewer's left."""
    bounds = region_bounds(body_map)
    centre = body_map["viewbox"][0] / 2

    def mid_x(rid: str) -> float:
        return (bounds[rid][0] + bounds[rid][2]) / 2

    assert mid_x("groin_left") > centre > mid_x("groin_right")
    assert mid_x("hip_lateral_left") < centre < mid_x("hip_lateral_right")
    assert bounds["sacrum"][0] < centre < bounds["sacrum"][2]


def test_missing_region_is_reported(body_map, regions):
    broken = copy.deepcopy(body_map)
    del broken["views"]["front"]["regions"]["groin_left"]
    problems = check_body_map(broken, regions)
    assert "views.front.regions.groin_left" in keys(problems)


def test_region_outside_silhouette_is_reported(body_map, regions):
    broken = copy.deepcopy(body_map)
    broken["views"]["back"]["regions"]["sacrum"] = "M 0 0 L 40 0 L 40 40 L 0 40 Z"
    problems = check_body_map(broken, regions)
    assert any(
        key == "views.back.regions.sacrum" and "outside the silhouette" in message
        for key, message in problems
    )


def test_overlapping_regions_are_reported(body_map, regions):
    broken = copy.deepcopy(body_map)
    front = broken["views"]["front"]["regions"]
    front["groin_right"] = front["pubic"]
    problems = check_body_map(broken, regions)
    overlaps = [(key, message) for key, message in problems if "overlaps" in message]
    assert overlaps
    assert any("groin_right" in key or "groin_right" in message for key, message in overlaps)


def test_unparseable_path_is_reported(body_map, regions):
    broken = copy.deepcopy(body_map)
    broken["views"]["back"]["regions"]["calf_left"] = "M 10 10 C 20 20 30 30 40 10 Z"
    problems = check_body_map(broken, regions)
    assert any(key == "views.back.regions.calf_left" and "allowed" in message for key, message in problems)


def test_region_in_wrong_view_and_unknown_id(body_map, regions):
    broken = copy.deepcopy(body_map)
    broken["views"]["back"]["regions"]["groin_left"] = broken["views"]["front"]["regions"].pop("groin_left")
    broken["views"]["back"]["regions"]["elbow_left"] = "M 1 1 L 2 1 L 2 2 Z"
    found = keys(check_body_map(broken, regions))
    assert "views.back.regions.groin_left" in found
    assert "views.front.regions.groin_left" in found
    assert "views.back.regions.elbow_left" in found


def test_bad_top_level_shape(regions):
    assert keys(check_body_map([], regions)) == ["body_map"]
    found = keys(check_body_map({"viewbox": [540], "views": {"front": {}}}, regions))
    assert "viewbox" in found
    assert "views.front.silhouette" in found
    assert "views.front.regions" in found
    assert "views.back" in found
    assert not any(key.startswith("views.front.regions.") for key in found)


def test_parse_path_commands():
    assert parse_path("M 0 0 H 10 V 5 L 0 5 Z M 20 20 L 30 20 L 30 30 Z") == [
        [(0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (0.0, 5.0)],
        [(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)],
    ]
    with pytest.raises(ValueError, match="allowed"):
        parse_path("m 0 0 l 10 0 l 0 10 z")
    with pytest.raises(ValueError, match="allowed"):
        parse_path("M 0 0 L 10")
    with pytest.raises(ValueError, match="number after Z"):
        parse_path("M 0 0 L 1 1 L 1 0 Z 5")  # once a hang: a number after Z was never read
    with pytest.raises(ValueError, match="crosses or touches itself"):
        path_geometry("M 0 0 L 10 10 L 10 0 L 0 10 Z")  # a bow tie crosses itself


def test_small_regions_stay_clickable(body_map):
    """No region is thinner than about 8 units: an 8-unit circle fits inside each."""
    for view in ("front", "back"):
        for rid, d in body_map["views"][view]["regions"].items():
            assert not path_geometry(d).buffer(-4).is_empty, rid
