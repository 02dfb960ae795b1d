"""Places read from people's own words: a place phrase must end on the word that names the place, a qualified
phrase wins over the bare word it qualifies, a vague word spreads over the places it may mean, and the map and
the place named first weigh more than places named later."""

from __future__ import annotations

import pytest

from triage.engine.engine import Engine
from triage.engine.thresholds import MARKED_NOT_NAMED_FIRST, WORDED_PLACE
from triage.engine.types import Query
from triage.knowledge.model import KnowledgeBase


def _zones(engine: Engine, query: Query) -> dict[str, float]:
    """Every zone the query marks, with its weight, whatever the side."""
    zones = engine.analyse(query).understood.evidence.zones
    return {zone: weight for by_zone in zones.values() for zone, weight in by_zone.items()}


@pytest.mark.parametrize(("text", "meant", "not_meant"), [
    ("The back of my upper thigh aches a little", set(), {"upper_back", "toes_top"}),
    ("ache in the middle of my calf", {"calf"}, {"mid_back"}),
    ("Deep ache just above my right hip bone at the back", set(), {"calf_lower"}),
    ("zapping pain between my 3rd and 4th toes", set(), {"perineum"}),
    ("an ache on the outer side, just behind it", set(), {"thigh_lateral", "knee_posterior"}),
    ("deep ache up inside my right thigh", {"thigh_medial"}, {"thigh_anterior"}),
    ("R lateral hip pain referring along the lateral thigh", {"hip_lateral", "thigh_lateral"}, {"thigh_anterior"}),
    ("underside big toe hurts pushing off", {"big_toe_under"}, {"big_toe_top"}),
    ("feels like I'm sitting on a golf ball, deep ache near my tailbone", {"tailbone"}, {"genitals"}),
    ("sore beside the base of my spine, worse arching backwards", set(), {"arch"}),
    ("sore at the sitting bone", {"buttock_lower"}, set()),
    ("walking in heels makes my calf ache", {"calf"}, {"heel"}),
    ("I switched from heels to flat pumps and my calf aches", {"calf"}, {"heel"}),
    ("sore heel from wearing heels", {"heel"}, set()),
    ("my ankle pain went away but now my knee aches", {"knee_medial"}, {"ankle_medial"}),
    ("my hip pain settled last month, now my calf hurts", {"calf"}, {"hip_lateral"}),
    ("my lower leg aches", {"shin", "calf", "leg_lateral"}, {"thigh_anterior", "knee_anterior"}),
    ("my upper leg hurts", {"thigh_anterior", "thigh_posterior"}, {"shin", "calf"}),
])
def test_a_place_is_read_from_the_word_that_names_it(engine: Engine, text: str, meant: set[str],
                                                      not_meant: set[str]) -> None:
    """'aches a little' holds the letters of 'little toes' but names no toe; 'inside my thigh' is the inner thigh,
    not the front that 'thigh' alone stands for."""
    zones = set(_zones(engine, Query(text=text)))
    assert meant <= zones
    assert not zones & not_meant


@pytest.mark.parametrize(("text", "meant", "not_meant"), [
    ("worse arching backwards", {"m_arching_back"}, set()),
    ("it hurts to arch my back", {"m_arching_back"}, set()),
    ("pain in my arch", set(), {"m_arching_back"}),
])
def test_arching_is_a_movement_and_the_arch_a_place(engine: Engine, text: str, meant: set[str],
                                                    not_meant: set[str]) -> None:
    """'Arching backwards' names a movement of the back, not the arch of the foot; 'pain in my arch' no movement."""
    findings = set(engine.analyse(Query(text=text)).understood.findings)
    assert meant <= findings
    assert not findings & not_meant


def test_every_place_term_of_the_knowledge_base_is_read_as_its_place(engine: Engine, kb: KnowledgeBase) -> None:
    """Every lay term and label of every region, after "my", marks its own zone (the head rule drops none)."""
    terms = {(str(zone), term) for zone, rows in kb.regions.groupby("zone") for ts in rows["lay_terms"] for term in ts}
    assert not [(zone, term) for zone, term in sorted(terms) if zone not in _zones(engine, Query(text=f"my {term}"))]


@pytest.mark.parametrize(("text", "back"), [
    ("my back hurts", True), ("back pain for years", True), ("pain in the back", True),
    ("went back to work and my knee aches", False), ("it came back again in my knee", False),
    ("back then my knee ached", False), ("ache round the top of my pelvis at the back", False),
    ("it runs down the back and into my calf", False), ("sore at the back, low down, near my bum", False),
    ("my wallet in my back pocket makes my buttock ache", False), ("hip aches after hours in the back seat", False),
    ("my back hurts in the back seat", True)])
def test_back_is_a_place_only_where_it_names_one(engine: Engine, text: str, back: bool) -> None:
    """'Back' has other senses: it names the back only after a word of whose or before a word of pain, not after
    a word of direction and "the" ("at the back": the back of something else), and then it is vague (spread over
    the low back's three zones)."""
    zones = _zones(engine, Query(text=text))
    low_back = {"low_back_lower", "low_back_upper", "lumbar_midline"}
    assert (low_back <= set(zones)) is back
    if back:
        assert {zone: zones[zone] for zone in low_back} == pytest.approx(dict.fromkeys(low_back, 1 / 3))


def test_a_word_for_several_places_spreads_over_them_evenly(engine: Engine, kb: KnowledgeBase) -> None:
    """'My knee hurts' says no more than 'somewhere on the knee': every zone that lists the word gets an equal
    share of one place."""
    shared: dict[str, set[str]] = {}
    for zone, rows in kb.regions.groupby("zone"):
        for term in {t for terms in rows["lay_terms"] for t in terms}:
            shared.setdefault(term, set()).add(str(zone))
    vague = {term: zones for term, zones in shared.items() if len(zones) > 1}
    assert {"knee", "thigh", "ankle", "foot"} <= set(vague)
    for term, zones in sorted(vague.items()):
        read = _zones(engine, Query(text=f"my {term}"))
        assert set(read) == zones, term
        assert read == pytest.approx(dict.fromkeys(zones, 1 / len(zones))), term


def test_the_map_and_the_first_place_named_weigh_more_than_places_named_later(engine: Engine) -> None:
    """A place in the words counts WORDED_PLACE beside a marked map, and so does every place after the first
    in words alone; a place both marked and named keeps the map's full weight."""
    marked = _zones(engine, Query(regions=("calf_left",), text="it goes up behind my knee"))
    assert marked == {"calf": 1.0, "knee_posterior": WORDED_PLACE}
    both = _zones(engine, Query(regions=("calf_left",), text="my calf hurts"))
    assert both == {"calf": 1.0}
    worded = _zones(engine, Query(text="an ache in my left calf that goes up behind the knee"))
    assert worded == {"calf": 1.0, "knee_posterior": WORDED_PLACE}
    reversed_order = _zones(engine, Query(text="an ache behind my left knee that goes down into the calf"))
    assert reversed_order == {"knee_posterior": 1.0, "calf": WORDED_PLACE}


def test_of_the_places_marked_the_one_named_first_is_the_main_one(engine: Engine) -> None:
    """With two places marked, the one the words name first keeps the full weight and the other weighs
    MARKED_NOT_NAMED_FIRST; words that name no marked place, or no words, leave the map's places equal."""
    regions = ("calf_left", "knee_posterior_left")
    knee_first = _zones(engine, Query(regions=regions, text="an ache behind my knee, and my calf is tight too"))
    assert knee_first == {"knee_posterior": 1.0, "calf": MARKED_NOT_NAMED_FIRST}
    calf_first = _zones(engine, Query(regions=regions, text="my calf aches and so does the back of my knee"))
    assert calf_first == {"calf": 1.0, "knee_posterior": MARKED_NOT_NAMED_FIRST}
    elsewhere_first = _zones(engine, Query(regions=regions, text="it started in my heel"))
    assert elsewhere_first["calf"] == elsewhere_first["knee_posterior"] == 1.0
    assert _zones(engine, Query(regions=regions)) == {"calf": 1.0, "knee_posterior": 1.0}
    vague_first = _zones(engine, Query(regions=("buttock_inner_right", "thigh_posterior_right"),
                                       text="my right buttock aches into the back of the thigh"))
    assert vague_first["buttock_inner"] == 1.0  # a vague word names every zone it may mean, the marked one first
    assert vague_first["thigh_posterior"] == MARKED_NOT_NAMED_FIRST


def test_a_place_inside_someone_elses_finding_does_not_make_the_text_theirs(engine: Engine) -> None:
    """'My grandad has a dropped foot': 'foot' is a place and part of the finding, one vote for the grandad,
    against the writer's own back; the grandad's nerve sign does not send the writer to a clinician."""
    result = engine.analyse(Query(text="My grandad has a dropped foot since his stroke and wears a splint. "
                                       "I've got a stiff back from pushing his wheelchair round the garden centre."))
    assert "foot_drop" not in result.understood.findings
    assert result.gate.level == "self_care"


@pytest.mark.parametrize(("text", "side"), [
    ("Deep ache in my left buttock, and pins and needles right down into my foot", "left"),
    ("My physio was right, the pain is in my left hip", "left"),
    ("I left work early because of my right knee", "right"),
    ("I'm right handed and my left calf hurts", "left"),
    ("R knee pain on stairs", "right"),
    ("L hip ache lying on it", "left"),
    ("low back pain L>R", "both"),
    ("it's right sided, in the hip", "right"),
])
def test_right_and_left_in_other_senses_are_not_sides(engine: Engine, text: str, side: str) -> None:
    """'right down into my foot', 'was right', 'I left work', 'right handed' name no side; 'R' and 'L', as clinicians
    write them, do."""
    assert engine.analyse(Query(text=text)).understood.side == side


@pytest.mark.parametrize(("text", "not_meant"), [
    ("I'm on my feet all day and my lower back aches", {"foot_top", "arch", "heel", "ball_of_foot"}),
    ("my hip is better sleeping with a pillow between my knees", {"knee_medial", "knee_anterior"}),
    ("I carry him on my left hip all day and my lower back aches", {"hip_anterior", "hip_lateral"}),
    ("it creeps into the top of the back of my thigh", {"upper_back"}),
])
def test_a_body_word_in_an_activity_or_before_of_is_not_where_it_hurts(engine: Engine, text: str,
                                                                       not_meant: set[str]) -> None:
    """A place inside a longer activity or position finding ('on my feet all day') is what the body does; a place
    followed by 'of' ('the back | of my thigh') is a part of the place after it."""
    assert not set(_zones(engine, Query(text=text))) & not_meant


@pytest.mark.parametrize(("text", "sides"), [
    ("Pain in my left buttock. Both sitting and walking hurt.", {"left"}),
    ("my right hip hurts, and my left knee", {"left", "right"}),
    ("pain in both buttocks", {"left", "right"})])
def test_a_side_word_inside_a_place_phrase_sides_that_place(engine: Engine, text: str, sides: set[str]) -> None:
    """'my left buttock' is the left one, whatever side words come later ('Both sitting and walking')."""
    zones = engine.analyse(Query(text=text)).understood.evidence.zones
    assert {side for side, marked in zones.items() if side and marked} == sides


@pytest.mark.parametrize(("text", "read", "not_read"), [
    ("The outside of my left lower leg, between the knee and the ankle, tingles", {"leg_lateral"},
     {"knee_anterior", "ankle_lateral"}),
    ("a stripe down the outside of my right thigh, somewhere between hip and knee", {"thigh_lateral"},
     {"hip_lateral", "knee_lateral"}),
    ("pain between my big toe and second toe", {"big_toe_top", "toes_top"}, set()),  # no other place: both kept
    ("Cycling has left me sore between my legs. My bum cheeks are fine, it's not those.", {"perineum"},
     {"buttock_inner"}),
    ("My son keeps moaning about his knees but it's me I'm asking about: my left calf aches", {"calf"},
     {"knee_anterior", "knee_posterior"}),
    ("Been shooting hoops with my son this summer. Now the back of my right knee hurts", {"knee_posterior"}, set()),
    ("Took grandad's old hip flask to the race. The front of my right shin is sore", {"shin"}, {"hip_lateral"}),
    ("Rolled it playing footy, the bony bit on the outside of my right ankle is sore", {"ankle_lateral"},
     {"foot_top", "arch"}),
    ("the pads under my smaller toes sting when I walk barefoot", {"toes_under"}, {"toes_top"}),
    ("the top part of my lower back aches after gardening", {"low_back_upper"}, {"low_back_lower"}),
    ("sharp ache where my belt sits on the left, on the bony rim at the back", {"iliac_crest"}, set()),
    ("the bone low down above my privates is sore when I turn in bed", {"pubic"}, {"genitals"}),
])
def test_places_that_only_mark_ends_or_are_denied_or_someone_elses_are_not_read(
        engine: Engine, text: str, read: set[str], not_read: set[str]) -> None:
    """Ends of another place ("between the knee and the ankle"), a place said to be fine (the denial reaches its
    first word that is not a stopword, not "my"), someone else's place (by the word that names it) and a place
    word in another sense ("hip flask", "footy") are not where it hurts."""
    zones = _zones(engine, Query(text=text))
    assert read <= set(zones), zones
    assert not not_read & set(zones), zones
