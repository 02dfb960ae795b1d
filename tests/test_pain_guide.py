"""Agreement with the pain guides counted by each guide's own area: a muscle a guide lists for its "foot pain"
agrees when its pattern reaches any zone of that area, and not otherwise."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from triage.cli import main
from triage.evaluation.pain_guide import area_agreement
from triage.knowledge.lookup import muscles_referring_to
from triage.knowledge.model import KnowledgeBase


def _reaches(kb: KnowledgeBase, muscle: str, zone: str) -> bool:
    return muscle in {m.id for m, _ in muscles_referring_to(kb, zone)}


def test_a_muscle_reaching_one_zone_of_a_guides_area_agrees_and_one_reaching_none_does_not(kb: KnowledgeBase) -> None:
    """The gastrocnemius pattern reaches the arch but not the heel: listed for a foot area of both it agrees; a
    row with no area stands for its zone alone, where it does not."""
    assert _reaches(kb, "gastrocnemius", "arch")
    assert not _reaches(kb, "gastrocnemius", "heel")
    assert not _reaches(kb, "psoas_major", "arch")
    assert not _reaches(kb, "psoas_major", "heel")
    rows = pd.DataFrame([
        {"zone": zone, "order": order, "muscle": muscle, "pattern": "spillover", "source": ["guide_a"],
         "used": "no", "area": "foot pain", "note": ""}
        for zone in ("heel", "arch") for order, muscle in enumerate(("gastrocnemius", "psoas_major"), start=1)
    ] + [{"zone": "heel", "order": 1, "muscle": "gastrocnemius", "pattern": "spillover", "source": ["guide_b"],
          "used": "no", "area": None, "note": ""}])
    found = {(a.source, a.area): a for a in area_agreement(dataclasses.replace(kb, pain_guide_rows=rows))}
    assert set(found) == {("guide_a", "foot pain"), ("guide_b", "heel")}
    assert found[("guide_a", "foot pain")].zones == ("arch", "heel")
    assert found[("guide_a", "foot pain")].linked == ("gastrocnemius",)
    assert found[("guide_a", "foot pain")].unlinked == ("psoas_major",)
    assert found[("guide_b", "heel")].unlinked == ("gastrocnemius",)


def test_every_shipped_guide_row_names_its_area(kb: KnowledgeBase) -> None:
    """Each row says which of the guide's areas it comes from, so the by-area figure counts the guide's lists."""
    assert kb.pain_guide_rows["area"].map(lambda a: isinstance(a, str) and bool(a.strip())).all()


def test_the_guide_command_prints_both_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide"]) == 0
    out = capsys.readouterr().out
    assert "guide-listed muscles linked to the zone" in out
    assert "guide-listed muscles whose pattern reaches the area" in out
