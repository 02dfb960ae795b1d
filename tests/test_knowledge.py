"""The shipped knowledge base: complete, cited, documented, and every lay term understood on its own."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from triage.engine.engine import Engine
from triage.engine.types import Query
from triage.knowledge.lookup import muscles_referring_to
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.schema import RECORD_FOLDERS, TABLES, Record

README = (Path(__file__).parents[1] / "knowledge" / "README.md").read_text()
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"


def test_the_knowledge_base_is_big_enough(kb: KnowledgeBase) -> None:
    assert len(kb.muscles) >= 55
    assert len(kb.conditions) >= 25
    assert len(kb.regions) >= 110
    assert len(kb.findings) >= 60
    assert len(kb.red_flags) >= 15


def test_every_muscle_is_complete(kb: KnowledgeBase) -> None:
    for muscle in kb.muscles.values():
        assert muscle.essential, muscle.id
        assert muscle.self_care, muscle.id
        assert all(item.stop_if and item.dose for item in muscle.self_care), muscle.id
        for key, prefix in (("uberon", "UBERON:"), ("fma", "FMA:")):  # an id, or a note saying why there is none
            explained = prefix[:-1] in muscle.record.get("note", "")
            assert muscle.record.get(key, "").startswith(prefix) or explained, muscle.id
        assert muscle.trigger_points, muscle.id
        assert all(muscle.record["sources"][group] for group in ("anatomy", "nerve", "actions", "referral")), muscle.id


FOOT_ZONES = ("big_toe_top", "toes_top", "foot_top", "big_toe_under", "toes_under", "ball_of_foot", "arch", "heel",
              "foot_outer_edge", "ankle_medial", "ankle_lateral", "achilles")


def test_the_foot_and_ankle_have_their_own_zones_on_the_foot_view(kb: KnowledgeBase) -> None:
    for zone in FOOT_ZONES:
        rows = kb.regions[kb.regions["zone"] == zone]
        assert sorted(rows["side"]) == ["left", "right"], zone
        assert set(rows["view"]) == {"foot"}, zone


def test_every_zone_the_guides_list_is_looked_up_in_their_order(kb: KnowledgeBase) -> None:
    """The reverse lookup of each zone gives the used pain-guide list's muscles essential first, then in the
    guide's order; and a muscle no guide lists for the zone never comes before a listed one of the same pattern."""
    zones = {zone for zone, _ in kb.pain_guide}
    assert len(zones) >= 20
    for zone in zones:
        found = muscles_referring_to(kb, zone)
        listed = [(m.id, strength) for m, strength in found if (zone, m.id) in kb.pain_guide]
        expected = sorted(listed, key=lambda item: (item[1] != "essential", kb.pain_guide[(zone, item[0])][0]))
        assert listed == expected, zone
        assert {m for (z, m) in kb.pain_guide if z == zone} == {m for m, _ in listed}, zone
        for pattern in ("essential", "spillover"):
            kinds = [(zone, m.id) in kb.pain_guide for m, s in found if s == pattern]
            assert kinds == sorted(kinds, reverse=True), (zone, pattern)


def test_every_self_care_item_that_presses_heats_or_stretches_says_who_should_not(kb: KnowledgeBase) -> None:
    for muscle in kb.muscles.values():
        for item in muscle.self_care:
            listed = {*item.avoid_if, *item.caution_if}
            assert listed <= set(kb.screening.index), (muscle.id, item.name)
            if item.kind in ("stretch", "self_massage"):
                assert listed, (muscle.id, item.name)
            if item.kind == "self_massage":
                assert {"blood_thinners", "osteoporosis"} <= listed, (muscle.id, item.name)
            if re.search(r"\b(heat|warm|hot|ice|cold)", f"{item.name} {item.how}".lower()):
                assert "poor_sensation_or_circulation" in listed, (muscle.id, item.name)


def test_no_source_is_an_unauthorised_copy_and_no_dose_comes_from_a_trade_page(kb: KnowledgeBase) -> None:
    urls = kb.sources["url"].dropna().astype(str)
    assert not urls.str.contains("pubhtml5|kiwix|scribd|dokumen|pdfcoffee", regex=True).any()
    assert not urls[urls != ""].duplicated().any(), "one id per source"
    for muscle in kb.muscles.values():
        for item in muscle.self_care:
            kinds = {kb.sources.loc[s, "kind"] for s in item.sources}
            if re.search(r"\d", item.dose):
                assert kinds - {"trade_page"}, (muscle.id, item.name, "a dose needs a clinical source")


def test_every_finding_links_to_something(kb: KnowledgeBase) -> None:
    linked = set(kb.rules["finding"]) | set(kb.movement_links["finding"])
    assert set(kb.findings.index) - linked == set()


def test_every_red_flag_has_a_message_and_a_source(kb: KnowledgeBase) -> None:
    assert kb.red_flags["message"].str.len().min() > 20
    assert all(kb.red_flags["source"].map(len) > 0)


def test_every_source_says_what_it_is(kb: KnowledgeBase) -> None:
    assert kb.sources["kind"].notna().all()
    assert kb.sources["title"].str.len().min() > 3
    assert kb.sources["note"].notna().all(), "every source row says what the source is"


def test_the_seed_muscles_are_there_with_their_seed_facts(kb: KnowledgeBase) -> None:
    minimus = kb.muscles["gluteus_minimus"]
    assert {"hip_abduction", "hip_flexion", "hip_medial_rotation", "hip_extension", "hip_lateral_rotation"} <= set(
        minimus.actions)
    assert "seed_gluteus_minimus" in minimus.sources
    assert {p.id for p in minimus.parts} == {"anterior", "posterior"}
    for muscle in ("psoas_major", "iliacus"):
        assert "seed_iliopsoas" in kb.muscles[muscle].sources
        assert "hip_flexion" in kb.muscles[muscle].actions


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_every_column_is_documented(table) -> None:
    section = README.split(f"## `{table.name}`", 1)[1].split("\n## ", 1)[0]
    for column in table.columns:
        assert f"| `{column}` |" in section, f"{table.name}: column {column} is not documented"


def _keys(record: Record) -> list[str]:
    keys = []
    for key, spec in record.keys.items():
        keys.append(key)
        inner = getattr(spec.spec, "item", spec.spec)
        if isinstance(inner, Record):
            keys += _keys(inner)
    return keys


@pytest.mark.parametrize("folder", list(RECORD_FOLDERS))
def test_every_yaml_key_is_documented(folder: str) -> None:
    section = README.split(f"## `{folder}/<id>.yaml`", 1)[1].split("\n## ", 1)[0]
    for key in _keys(RECORD_FOLDERS[folder]):
        assert re.search(rf"`{key}`|\b{key}\b", section), f"{folder}: key {key} is not documented"


def raised_or_asked(engine: Engine, text: str) -> set[str]:
    """The red flags a text raises, or asks about (a child's sign in a text that names no child is asked)."""
    understood = engine.analyse(Query(text=text)).understood
    return {*understood.red_flags, *(q.flag for q in understood.questions)}


def test_every_lay_term_is_understood_on_its_own(engine: Engine) -> None:
    kb = engine.kb
    missed = [(r.id, t) for r in kb.red_flags.itertuples() for t in r.lay_terms
              if r.id not in raised_or_asked(engine, t)]
    missed += [(r.id, t) for r in kb.findings.itertuples() for t in r.lay_terms
               if r.id not in engine.analyse(Query(text=t)).understood.findings]
    missed += [(r.zone, t) for r in kb.regions.itertuples() for t in r.lay_terms
               if not any(x.startswith(r.zone) for x in engine.analyse(Query(text=t)).understood.regions)]
    assert missed == []


SEED_FINGERPRINTS = Path(__file__).parent / "fixtures" / "seed_shingles.txt"
RUN = 8  # words: a run this long shared with a seed counts as a copied sentence


def _runs(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return [" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)]


def _fingerprint(run: str) -> str:
    return hashlib.sha256(run.encode()).hexdigest()[:16]


def test_no_sentence_is_copied_from_the_seeds() -> None:
    """Runs of 8 words are compared by fingerprint, so a bare clone checks too without shipping the seeds' text."""
    shipped = {line for line in SEED_FINGERPRINTS.read_text().splitlines() if line and not line.startswith("#")}
    if SEEDS.is_dir():  # beside the project, as for developers and CI: the shipped fingerprints must be current
        assert shipped == {_fingerprint(run) for seed in SEEDS.glob("*.txt") for run in _runs(seed.read_text())}, (
            "the seeds changed: regenerate tests/fixtures/seed_shingles.txt")
    assert len(shipped) > 100
    knowledge = Path(__file__).parents[1] / "knowledge"
    for path in [*knowledge.rglob("*.yaml"), *knowledge.rglob("*.csv")]:
        copied = [run for run in _runs(path.read_text()) if _fingerprint(run) in shipped]
        assert not copied, f"{path.name}: {copied[0]}"
