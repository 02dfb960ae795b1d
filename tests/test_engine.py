"""Engine behaviour on the small fixture knowledge base: understanding, gate, ranking, reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.engine.contract import to_json
from triage.engine.engine import MAX_SUGGESTIONS, Engine
from triage.engine.gate import CONSULT, DISCLAIMER
from triage.engine.language.matcher import PhraseMatcher
from triage.engine.language.text import parse_text
from triage.engine.scoring import Scorer
from triage.engine.types import Evidence, Query, QueryError
from triage.knowledge.cases import load_cases
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import MAX_TEXT_CHARS

VIGNETTES = Path(__file__).parent / "vignettes" / "dev.yaml"


@pytest.fixture(scope="module")
def small(minimal_kb: KnowledgeBase) -> Engine:
    return Engine(minimal_kb)


def analyse(engine: Engine, **query: object) -> dict:
    return to_json(engine.kb, engine.analyse(Query(**query)))  # type: ignore[arg-type]


def test_negated_findings_become_denials_never_matches(small: Engine) -> None:
    result = analyse(small, text="no numbness, hurts to lift my leg")
    assert "numbness" in result["understood"]["denied"]
    assert "numbness" not in result["understood"]["findings"]
    assert "pain_lifting_leg" in result["understood"]["findings"]
    assert result["triage"]["level"] == "self_care"


def test_a_present_nerve_like_finding_raises_the_level_to_see_clinician(small: Engine) -> None:
    assert analyse(small, text="my foot is numb")["triage"]["level"] == "see_clinician"


def test_a_red_flag_in_the_text_decides_first(small: Engine) -> None:
    result = analyse(small, text="toothache in my outer buttock and I have a fever")
    assert result["triage"]["level"] == "urgent"
    assert [f["id"] for f in result["triage"]["red_flags"]] == ["fever_with_pain"]
    assert result["suggestions"], "the ranking is still shown, after the gate"


def test_a_red_flag_answered_in_the_checklist_decides_first(small: Engine) -> None:
    result = analyse(small, regions=["buttock_outer_left"], red_flags=["saddle_numbness"])
    assert result["triage"]["level"] == "emergency"
    assert "emergency" in result["triage"]["message"].lower()


def test_a_negated_red_flag_does_not_fire(small: Engine) -> None:
    assert analyse(small, text="lying on my side hurts, no fever")["triage"]["level"] == "self_care"


def test_the_side_of_the_text_governs_the_regions_it_names(small: Engine) -> None:
    result = analyse(small, text="pain in my left outer buttock")
    assert result["understood"]["regions"] == ["buttock_outer_left"]
    assert result["understood"]["side"] == "left"
    assert result["suggestions"][0]["side"] == "left"


def test_right_greater_than_left_marks_both_sides(engine: Engine) -> None:
    parsed = parse_text("low back pain R>L", engine.understander.context_)
    assert {side for _, side in parsed.side_marks} == {"both"}


def test_one_sided_regions_rank_the_muscle_on_that_side(small: Engine) -> None:
    result = analyse(small, regions=["thigh_anterior_right", "low_back_lower_right"])
    top = result["suggestions"][0]
    assert (top["muscle"], top["side"]) == ("psoas_major", "right")


def test_a_muscle_is_never_shown_on_a_side_nobody_marked(engine: Engine) -> None:
    """Every sided region beside every midline one: a muscle whose pattern meets only the midline mark scored alike on
    both sides and was shown on the left when only the right was marked ("lumbar multifidus, left")."""
    regions = engine.kb.regions
    midline = regions.index[regions["side"] == "midline"]
    for side in ("left", "right"):
        for region in regions.index[regions["side"] == side]:
            for middle in midline:
                shown = {s["side"] for s in analyse(engine, regions=[region, middle])["suggestions"]}
                assert shown <= {side}, (region, middle, shown)


def test_fibre_parts_rank_the_muscle_by_the_part_that_fits(small: Engine) -> None:
    back = analyse(small, regions=["calf_left", "thigh_posterior_left"])["suggestions"][0]
    side = analyse(small, regions=["leg_lateral_left", "thigh_lateral_left"])["suggestions"][0]
    assert back["muscle"] == side["muscle"] == "gluteus_minimus"
    assert back["part"] == "posterior fibres"
    assert side["part"] == "anterior fibres"


def test_every_suggestion_carries_reasons_with_sources(small: Engine) -> None:
    result = analyse(small, text="deep toothache, worse lying on my side", regions=["buttock_outer_left"])
    suggestion = result["suggestions"][0]
    assert suggestion["muscle"] == "gluteus_minimus"
    kinds = {r["kind"] for r in suggestion["reasons"]}
    assert {"region", "finding"} <= kinds
    assert all(r["source"] for r in suggestion["reasons"] if r["kind"] in ("region", "finding"))
    assert 0 < suggestion["score"] <= 100


def test_denying_a_supporting_finding_lowers_the_score(small: Engine) -> None:
    regions = ["buttock_outer_left"]
    plain = analyse(small, regions=regions)["suggestions"][0]
    denied = analyse(small, regions=regions, denied=["toothache_ache"])["suggestions"][0]
    assert denied["raw_score"] < plain["raw_score"]
    assert any(r["kind"] == "denied" and r["weight"] < 0 for r in denied["reasons"])


def test_a_painful_movement_implicates_exactly_the_muscles_its_derived_links_name(engine: Engine) -> None:
    kb = engine.kb
    for finding in kb.findings.index[kb.findings["kind"] == "movement"]:
        linked = set(kb.movement_links.loc[kb.movement_links["finding"] == finding, "target"])
        ruled = set(kb.rules.loc[kb.rules["finding"] == finding, "target"]) & set(kb.muscles)
        ranked = analyse(engine, findings=[finding])["suggestions"]
        assert {s["muscle"] for s in ranked} <= linked | ruled, finding
        assert len(ranked) == min(MAX_SUGGESTIONS, len(linked | ruled)), finding
        for suggestion in ranked:
            movement = [r for r in suggestion["reasons"] if r["kind"] == "movement"]
            assert bool(movement) == (suggestion["muscle"] in linked), (finding, suggestion["muscle"])


def test_a_named_muscle_counts_as_evidence(small: Engine) -> None:
    result = analyse(small, text="I think it is my psoas")
    assert result["understood"]["named"] == ["psoas_major"]
    assert result["suggestions"][0]["muscle"] == "psoas_major"


def test_lookalikes_are_scored_and_returned_separately(small: Engine) -> None:
    result = analyse(small, text="lying on my side hurts", regions=["hip_lateral_left"])
    assert "greater_trochanteric_pain_syndrome" in [c["condition"] for c in result["lookalikes"]]
    assert all(s["muscle"] in ("gluteus_minimus", "psoas_major") for s in result["suggestions"])


@pytest.mark.parametrize("text", ["", "   \n\t", "😀🙈🔥", "Ich habe Schmerzen im Rücken", "<script>alert(1)</script>"])
def test_odd_text_gives_a_valid_result_saying_nothing_was_recognised(small: Engine, text: str) -> None:
    result = analyse(small, text=text)
    assert result["suggestions"] == []
    assert result["triage"]["level"] == "self_care"
    assert any("Nothing was recognised" in n for n in result["understood"]["notices"])
    assert result["disclaimer"] == DISCLAIMER
    assert result["consult"] == CONSULT


def test_unplaced_words_are_listed_as_typed(small: Engine) -> None:
    result = analyse(small, text="toothache after my wedding")
    assert "wedding" in " ".join(result["understood"]["unrecognised"])


def test_overlong_text_is_truncated_with_a_notice(small: Engine) -> None:
    result = analyse(small, text="toothache " * 3000)
    assert any(f"{MAX_TEXT_CHARS:,}" in n for n in result["understood"]["notices"])
    assert "toothache_ache" in result["understood"]["findings"]


def test_unknown_ids_are_reported_not_fatal(small: Engine) -> None:
    result = analyse(small, regions=["elbow_left"], findings=["hiccups"], red_flags=["meteor"])
    assert len(result["understood"]["unrecognised"]) == 3
    assert result["triage"]["level"] == "self_care"


def test_suggestions_are_capped_and_best_first(engine: Engine) -> None:
    every_zone = [r for r in engine.kb.regions.index if r.endswith("_left")]
    suggestions = analyse(engine, regions=every_zone)["suggestions"]
    assert len(suggestions) == MAX_SUGGESTIONS
    scores = [s["raw_score"] for s in suggestions]
    assert scores == sorted(scores, reverse=True)


def test_queries_from_json_reject_unknown_keys_and_wrong_types() -> None:
    with pytest.raises(QueryError, match="allowed keys"):
        Query.from_mapping({"txt": "hip"})
    with pytest.raises(QueryError, match="regions"):
        Query.from_mapping({"regions": "groin_left"})
    assert Query.from_mapping({"id": 7, "text": "hip"}).id == 7


def test_components_refuse_to_work_before_fit(engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="fit"):
        PhraseMatcher().match(parse_text("hip", engine.understander.context_))
    with pytest.raises(RuntimeError, match="fit"):
        Scorer().score(Evidence())


def test_words_that_echo_a_muscles_signs_raise_it_and_are_named_but_denied_words_do_not(engine):
    muscle = engine.kb.muscles["obturator_internus"]
    sign = muscle.record["signs"][0]
    region = ("buttock_lower_left",)

    def scored(text: str):
        result = engine.analyse(Query(text=text, regions=region))
        return next((s for s in result.suggestions if s.target == muscle.id), None)

    plain, echoed = scored(""), scored(sign)
    assert echoed is not None
    assert plain is None or echoed.score > plain.score
    described = [r for r in echoed.reasons if r.kind == "described"]
    assert described
    assert described[0].source
    denied = scored(f"I have no {sign.lower()}")
    assert denied is None or not [r for r in denied.reasons if r.kind == "described"]


def test_a_reading_of_the_same_text_changes_nothing_and_one_of_another_text_is_ignored(engine: Engine) -> None:
    """A map click reuses the reading of unchanged text; the answer must be the one a fresh read gives."""
    cases = load_cases(VIGNETTES, engine.kb)
    others = [case.text for case in cases[1:]] + [cases[0].text]
    for case, other in zip(cases, others, strict=True):
        query = Query(text=case.text, regions=case.regions, findings=case.findings, red_flags=case.red_flags)
        fresh = to_json(engine.kb, engine.analyse(query))
        assert to_json(engine.kb, engine.analyse(query, engine.read(case.text))) == fresh, case.id
        assert to_json(engine.kb, engine.analyse(query, engine.read(other))) == fresh, case.id


def test_the_matcher_and_sign_index_compute_what_scikit_learn_would(engine: Engine) -> None:
    """The phrase vectors are exactly TfidfVectorizer(analyzer="char_wb")'s and the stop words its list, though
    answering never imports scikit-learn (the import costs most of a cold start)."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    from triage.engine.described import STOP_WORDS
    from triage.engine.language.matcher import NGRAMS

    matcher = engine.understander.matcher_
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS)
    expected = vectorizer.fit_transform([form for _, form, _ in matcher.phrases_]).tocsr()
    gram_of_entry = np.repeat(np.arange(len(matcher.vocabulary_)), np.diff(matcher.gram_start_))
    got = sparse.csr_matrix((matcher.gram_value_, (matcher.gram_phrase_, gram_of_entry)), shape=expected.shape)
    expected.sort_indices()
    got.sort_indices()
    assert vectorizer.vocabulary_ == matcher.vocabulary_
    assert np.array_equal(expected.indices, got.indices)
    assert np.array_equal(expected.indptr, got.indptr)
    assert np.array_equal(expected.data, got.data)  # the very same floats, not merely close
    assert STOP_WORDS == ENGLISH_STOP_WORDS


def test_ranking_a_text_imports_neither_scikit_learn_scipy_arrow_nor_the_pdf_library(tmp_path: Path) -> None:
    """A cold `triage rank` loads only what ranking needs (each of these costs memory and start-up time)."""
    import subprocess
    import sys

    code = ("import sys, runpy; sys.argv = ['triage', 'rank', '--text', 'ache in my left buttock', '--json'];\n"
            "try:\n    runpy.run_module('triage', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m, module in sys.modules.items()\n"
            "                       if module and m.split('.')[0] in ('sklearn', 'fpdf', 'scipy', 'pyarrow')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert out.strip().splitlines()[-1] == "LOADED []"


@pytest.mark.parametrize(("text", "denied", "said"), [
    ("my calf is not swollen, red or warm", {"swollen", "red", "warm"}, {"calf"}),
    ("no fever, chills, sweats or shakes", {"fever", "chills", "sweats", "shakes"}, set()),
    ("no fever, my calf is swollen and red", {"fever"}, {"calf", "swollen", "red"}),
    ("no fever, my calf swelled up or something", {"fever"}, {"calf", "swelled"}),
    ("Not worse at night, no numbness", {"at", "night", "numbness"}, set()),
    ("it is no worse at night", {"at", "night"}, set()),
])
def test_a_denial_runs_through_a_list_to_its_last_item_and_stops_at_any_other_comma(
        engine: Engine, text: str, denied: set[str], said: set[str]) -> None:
    tokens = parse_text(text, engine.understander.context_).tokens
    assert {t.norm for t in tokens if t.negated} >= denied
    assert not {t.norm for t in tokens if t.negated} & said


@pytest.mark.parametrize(("text", "condition"), [
    ("numb burning patch on the outside of my left thigh since I started wearing a tight work belt",
     "meralgia_paresthetica"),
    ("burning and tingling in the sole of my right foot spreading from behind the inner ankle, worse walking",
     "tarsal_tunnel_syndrome"),
    ("the top of my right foot and the outside of my shin have gone numb since I started sitting cross-legged",
     "common_fibular_neuropathy"),
    ("my toes catch and the outer shin is numb since I spent a weekend kneeling to lay a floor",
     "common_fibular_neuropathy"),
    ("pain shoots from my low back down the back of my leg into my foot like an electric shock when I cough",
     "lumbar_radiculopathy")])
def test_a_trapped_nerves_classic_story_puts_it_first_among_the_look_alikes(engine: Engine, text: str,
                                                                           condition: str) -> None:
    """Each nerve look-alike leads for the story its sources tell: where the numbness is and what pressed the
    nerve (a tight belt, crossed legs or kneeling, the inner ankle, a cough from the back)."""
    result = engine.analyse(Query(text=text))
    assert result.lookalikes[0].target == condition
    assert result.gate.level == "see_clinician"


@pytest.mark.parametrize(("text", "nerve_like"), [
    ("Radicular LBP, paraesthesia dorsum foot", True),
    ("SLR +ve at 40 deg on the left", True),
    ("positive slump test, no back pain", True),
    ("ankle jerk absent on the right", True),
    ("altered sensation lateral calf", True),
    ("reduced power ankle dorsiflexion", True),
    ("LBP, SLR -ve, reflexes intact, no paraesthesia", False),
    ("negative SLR bilaterally, power normal", False),
    ("no altered sensation, buttock ache when sitting", False)])
def test_clinicians_shorthand_for_nerve_signs_sends_to_a_clinician_and_its_denial_does_not(
        engine: Engine, text: str, nerve_like: bool) -> None:
    """Clinicians write "paraesthesia", "SLR +ve", "ankle jerk absent": nerve signs as surely as "pins and
    needles"; "-ve" is read as "negative" and denies what it follows."""
    assert bool(engine.analyse(Query(text=text)).gate.nerve_like) is nerve_like


@pytest.mark.parametrize(("text", "nerve_like"), [
    ("my left foot keeps going to sleep even when I'm walking about", True),
    ("feels like ants crawling over the top of my right foot", True),
    ("the outside of my shin has been buzzing on and off for a week", True),
    ("the skin on my shin feels like cotton wool when I touch it", True),
    ("a burn like a hot wire down my leg when I stand", True),
    ("LBP R, reduced pinprick lateral foot", True),
    ("ankle jerk diminished on the left", True),
    ("since the flare I can't go up on my tiptoes on that side", True),
    ("numb with boredom at my desk and my lower back aches by teatime", False),
    ("sat on my foot and it went numb, came back in less than a minute, calf tight since the hike", False),
    ("rubbed Deep Heat on it and the skin tingles for a while, groin sore from football", False)])
def test_everyday_words_for_nerve_signs_send_to_a_clinician_and_other_senses_do_not(
        engine: Engine, text: str, nerve_like: bool) -> None:
    """A foot that "keeps going to sleep", "ants crawling", "buzzing", "cotton wool" skin are nerve signs in
    people's words; "numb with boredom", a foot sat on whose feeling came back within a minute, or the tingle of
    a heat rub are not."""
    assert bool(engine.analyse(Query(text=text)).gate.nerve_like) is nerve_like
