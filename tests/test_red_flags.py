"""Red flags in people's own words: context, typos, the learned net, questions, and the gates on red-team sets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from triage.cli import main
from triage.engine.contract import to_json
from triage.engine.engine import Engine
from triage.engine.language.context import CHILD, NEGATED, OTHER
from triage.engine.language.paraphrase import ParaphraseNet
from triage.engine.language.text import parse_text
from triage.engine.thresholds import NERVE_LIKE_PHRASE, NET_ASK, NET_FIRE, NET_VETO
from triage.engine.types import Query, Raised
from triage.engine.understanding import NetReading, _Gathered, _one_side_only
from triage.evaluation.red_team import evaluate_red_team
from triage.knowledge.corpus import load_corpus
from triage.knowledge.red_team import load_red_team
from triage.knowledge.vocabulary import ALARMING_PLACES, TRIAGE_LEVELS

REDTEAM = Path(__file__).parent / "redteam"


def raised(engine: Engine, text: str) -> set[str]:
    return {flag for flag, _ in engine.analyse(Query(text=text)).gate.red_flags}


# (text, a flag that must be raised, or None; a flag that must not be raised, or None)
CONTEXT_CASES = {
    "denied": ("no numbness between my legs, bladder fine, just back ache", None, "saddle_numbness"),
    "someone else's": ("my dad had prostate cancer years ago and my own back aches after digging", None,
                       "cancer_history_new_pain"),
    "the writer's own history counts": ("I had breast cancer 3 years ago and now I have new pain in my back",
                                        "cancer_history_new_pain", None),
    "past and resolved": ("had a fever last month, all gone now, just a stiff back", None, "fever_with_back_pain"),
    "a question": ("could it be a clot? my calf aches after football", None, "dvt_signs"),
    "explained": ("lost 8kg on purpose, I'm dieting, and my back aches", None, "unexplained_weight_loss"),
    "not explained": ("lost 8kg without trying and my back aches", "unexplained_weight_loss", None),
    "a duration is not an age": ("hip pain for 3 years, limping a bit after long walks", None, "child_hip_limp"),
    "a child's age": ("my 6 year old is limping and won't put weight on his leg", "child_hip_limp", None),
    "the writer, not the child": ("my son is fine, it's me who's limping after five-a-side", None, "child_hip_limp"),
    "a typo": ("lower back pain and feever of 38.9", "fever_with_back_pain", None),
    "units stuck to numbers": ("dropped 8kg since christmas without trying, hip aches", "unexplained_weight_loss",
                               None),
    "stroke signs that have just passed (a mini-stroke) still count": (
        "slurred speech and my left arm went numb for 10 minutes earlier, all back to normal now, lower back ache",
        "stroke", None),
    "a stroke long ago does not": ("I had a stroke 5 years ago, back to normal since, now my low back aches", None,
                                   "stroke"),
    "a passed sign of another flag still does not": ("had a fever last week, all gone now, back still stiff", None,
                                                      "fever_with_back_pain"),
    "a sign that came and went in a minute": ("my bits went numb on the bike saddle, gone in a minute", None,
                                              "saddle_numbness"),
    "a sign that went away and came back is current": (
        "numb between my legs, it went away but came back and it's there now", "saddle_numbness", None),
    "claudication is pain that goes within minutes of rest": (
        "my calf cramps up when I walk to the shops, I stop to rest and it's gone in 2 mins", "claudication", None),
    "a list denied in the next sentence": ("Fever, weight loss, a numb bum? I've got none of those, just a sore back.",
                                           None, "saddle_numbness"),
    "a list denied reaches one sentence back only": (
        "I can't feel the toilet paper when I wipe. My back hurts. Fever? I've got none of those.",
        "saddle_numbness", None),
    "signs to watch out for are not the writer's": (
        "my physio told me to watch out for numbness around my bottom, my back is just sore", None, "saddle_numbness"),
    "an illness in a workplace's name": ("I work on a cancer ward and my back aches from lifting", None,
                                         "cancer_history_new_pain"),
    "a weakness said to be stable is not a progressing one": (
        "weak leg from the sciatica, about the same as last week, not getting worse", None, "progressive_leg_weakness"),
    "a weakness growing is": ("my left leg is getting weaker every day and my foot slaps", "progressive_leg_weakness",
                              None),
    "other signs count though stable": ("numb between my legs, same as yesterday", "saddle_numbness", None),
    "a carer writing about another adult's sign now": (
        "my husband's back went on Saturday and since last night he can't get his wee started at all",
        "bladder_dysfunction", None),
    "a carer's message with no place a phrase names": ("Nan is 88 and has gone hot and shivery, not eating, moaning "
                                                       "about her back", "fever_with_back_pain", None),
    "a relative's sign beside the writer's own back pain is not the writer's": (
        "my grandad has trouble passing water, I'm 30 and my back aches from lifting him", None,
        "bladder_dysfunction"),
    "an aside in brackets belongs to the word before it": (
        "typical Cancer (the star sign, not the illness) and my lower back is tight from the desk", None,
        "cancer_history_new_pain"),
    "bowels out of control, in slang and without an apostrophe": ("back pain + cant control my bum",
                                                                   "bowel_dysfunction", None),
    "a pain that cannot be controlled after a fall on the bottom is not": (
        "fell on my bum and can't control the pain with paracetamol", None, "bowel_dysfunction"),
    "a wee that will not start, in other words": ("Since yesterday I've struggled to get my wee started, back aches",
                                                  "bladder_dysfunction", None),
    "a hard night with a wee in it is not": ("it's hard to get comfy at night and I get up for a wee twice", None,
                                             "bladder_dysfunction"),
    "a person falling asleep is no fall": ("I fell asleep on the sofa and woke with my hip aching", None,
                                           "hip_fracture_fall"),
    "nor is nodding off in a chair": ("fell asleep in the armchair, now my lower back and hip are stiff", None,
                                      "hip_fracture_fall"),
    "a real fall beside a nap still counts": ("fell asleep on the train and when I stood up I fell and hurt my "
                                              "hip, can't put weight on it", "hip_fracture_fall", None),
    "years written as a word are long-standing": (
        "I've had erection problems for ten years with my diabetes, nothing has changed, my hip aches after golf",
        None, "sexual_dysfunction_new"),
    "and so are years after 'about'": ("erection problems for about 8 years, tablets work, my lower back is stiff",
                                       None, "sexual_dysfunction_new"),
    "a sign that is new still counts": ("since my back went last week I can't get an erection, never had problems "
                                        "before", "sexual_dysfunction_new", None),
    "a new warning sign": ("sudden tearing pain through my belly into my back, I'm 74 and feel faint",
                           "abdominal_aortic_aneurysm", None),
    "a worried question that takes its sign as true reports it": (
        "should I be worried that I can't feel it when I wipe since my back went on Monday?", "saddle_numbness", None),
    "and so does 'is it normal that'": ("is it normal that I've wet myself twice since my back went yesterday?",
                                        "bladder_dysfunction", None),
    "a numbness compared with a dental injection is still numbness": (
        "since my back went my crotch feels numb, kinda like novocaine", "saddle_numbness", None),
    "a numbness caused by an injection is explained": (
        "numb between my legs from the local anaesthetic after my vasectomy, back aches", None, "saddle_numbness"),
    "asking whether it is normal denies nothing": ("my taint is tingly and my lower back is wrecked, is that normal?",
                                                    "saddle_numbness", None),
    "feeling as if it were flu is no harmless cause": (
        "feel like I've got the flu, hot and cold, teeth chattering, and my lower back is agony",
        "fever_with_back_pain", None),
    "real flu still explains the shivers": ("got the flu from my son, shivery and achy all over, back stiff", None,
                                            "fever_with_back_pain"),
    "a numbness that passed on standing is resolved": (
        "numb bum from sitting on a hard seat at the match for 90 minutes, went as soon as I stood up", None,
        "saddle_numbness"),
    "and one that wore off after the ride, in the clause after it": (
        "numb bum after a 100km sportive yesterday, wore off after a couple of hours, back a bit stiff", None,
        "saddle_numbness"),
    "a numbness since the ride still counts": (
        "my bum and privates have been numb since I got off the bike two days ago and my back hurts",
        "saddle_numbness", None),
    "a stroke sign that wore off still counts": ("my face went numb and droopy for ten minutes, then wore off",
                                                 "stroke", None),
    "asking what the signs of something are names no sign of the writer's": (
        "What are the signs of a broken hip after a fall? I care for elderly people; I'm fine myself.", None,
        "hip_fracture_fall"),
    "a question about a possibility still does not": (
        "is it normal to feel numb between the legs with sciatica? I just have a sore back", None, "saddle_numbness"),
    "a sign asked about and denied in the next sentence": (
        "What temperature is a fever? I don't have one, my back is just stiff", None, "fever_with_back_pain"),
    "a question about people in general raises no flag by its words": (
        "What is foot drop? My physio mentioned it, I can lift my foot fine, just a dull ache in my thigh", None,
        "progressive_leg_weakness"),
    "a medicine not yet started is no risk taken": (
        "My doctor may start me on steroid tablets for my arthritis, my back is a bit stiff", None,
        "fragility_fracture"),
    "a question about the writer's own body is theirs": (
        "Can I lose control of my bowels from a slipped disc? I've messed myself twice since Monday",
        "bowel_dysfunction", None),
    "a sign followed by a question is still reported": ("fever and back pain since Tuesday, is this serious?",
                                                         "fever_with_back_pain", None),
    "a pet's body part is the pet's": ("The dog's back leg is getting weaker, he's 13. My own back is sore from "
                                       "carrying him.", None, "progressive_leg_weakness"),
    "and so is what the vet says about it": (
        "Our dachshund has a bad back and the vet says he's lost feeling around his tail and bottom. I've hurt my own "
        "back lifting him.", None, "saddle_numbness"),
    "and what an old pet does": ("Our old dog suddenly went wobbly and his face drooped on one side. My back aches "
                                 "from lifting him.", None, "stroke"),
    "the writer after a pet is the writer": ("my horse threw me and then rolled on me, hip and back hurting badly",
                                             "major_trauma", None),
    "a pet's lead is no pet's body": ("tripped over the dog's lead and fell on the patio, I'm 82, my hip hurts and I "
                                      "can't stand up", "hip_fracture_fall", None),
    "a numbness that came back is current": ("numb between my legs went away but came back this morning",
                                             "saddle_numbness", None),
    "shivers despite a warm room are no hot room's": (
        "felt rough for two days, cold shivers even with the heating on, and my back is killing me",
        "fever_with_back_pain", None),
    "a warm room explains sweating": ("sweating a lot with the heating on, back a bit sore", None,
                                      "fever_with_back_pain"),
    "a dental injection explains a numb face, said after it": (
        "half my face is numb and I'm dribbling, but that's cos I had a filling an hour ago. Back sore from the chair",
        None, "stroke"),
    "filling a kettle explains nothing": ("I was filling the kettle when half my face dropped and my arm went weak",
                                          "stroke", None),
    "flu named as the cause of a fever explains it": (
        "I'm 35 and I've got flu, fever, shivers, and my legs and back ache all over", None, "fever_with_back_pain"),
    "a trip caught before the fall is no fall": (
        "I'm 81, tripped on the kerb but caught myself before I went down, groin a bit sore", None,
        "hip_fracture_fall"),
    "a loss said with 'no' is no denial": ("slipped disc + suddenly no erections", "sexual_dysfunction_new", None),
    "a denial of erection problems still is": ("no erection problems, no numbness, just a stiff back", None,
                                               "sexual_dysfunction_new"),
    "a short text with no apostrophe": ("sciatica + cant wee", "bladder_dysfunction", None),
    "a carer's words about a husband's soiling": (
        "I care for my husband who strained his back last week. Today he's been soiling himself without realising.",
        "bowel_dysfunction", None),
    "a carer's words about a soaked pad": (
        "I care for my neighbour, 82, bad back since Sunday, today her pad was soaked and she hadn't noticed",
        "bladder_dysfunction", None),
    "a euphemism for erections failing": ("things haven't worked in the bedroom since my back went, I just go soft",
                                          "sexual_dysfunction_new", None),
    "lifting a wardrobe is no erection": ("couldn't get the wardrobe up the stairs and hurt my back lifting it", None,
                                          "sexual_dysfunction_new"),
    "a child named by a carer's word, with a fever shown by its signs": (
        "Granddaughter (7) is shivery and flushed, been limping badly since this morning", "child_hip_emergency",
        None),
    "a parent's own adult age does not hide the child's sign": (
        "I'm 35 and my son has been limping for 2 days, won't put weight on it", "child_hip_limp", None),
    "dialysis weakens the defences": ("I'm on dialysis and since Monday my back has a new deep pain",
                                      "infection_risk_back_pain", None),
    "a belt on its last hole": ("my belt's on the last hole and I haven't been dieting, hip aching for weeks",
                                "unexplained_weight_loss", None),
    "a ring that spins": ("my wedding ring spins round my finger now, not dieting, back aches at night",
                          "unexplained_weight_loss", None),
    "a soft lump on the back": ("a squishy bit on my back has got bigger since the summer and it aches",
                                "back_lump_or_deformity", None),
    "a rupture is the old word for a hernia": (
        "I am 88 with a rupture low on my right side, today it is hard like a stone and I have been sick",
        "strangulated_hernia", None),
    "months are not long-standing": ("sore on my toe that won't heal for 2 months, foot painful", "limb_rest_pain",
                                     None),
    "'feva' is a fever": ("hav a feva and my hip hurts soo much cant walk on it", "fever_with_back_pain", None),
    "'the same as always' is about what is just before it": (
        "dropped nearly a stone since the summer without trying, eating the same as always, and my back aches",
        "unexplained_weight_loss", None),
    "a temperature in degrees is a fever": ("I've got a temperature of 39 degrees and my back is killing me",
                                            "fever_with_back_pain", None),
    "degrees in a room explain sweating": ("back pain and sweating at night, it's 30 degrees in my flat", None,
                                           "fever_with_back_pain"),
    "a sentence opening long ago is about then, past its commas": (
        "Ten years ago I had a clot in my leg artery, the foot went cold and white. My back is stiff now.", None,
        "acute_limb_ischaemia"),
    "up to 'now'": ("Years ago I hurt my back, now my foot is suddenly cold, white and numb", "acute_limb_ischaemia",
                    None),
    "a carer's next sentence goes on about the person": (
        "My husband hasn't slept properly in weeks. The back pain gets him up every night whatever position.",
        "night_pain", None),
    "a pet's sentence does not carry over": ("Our dog is old. Can't feel my bum or privates since Tuesday.",
                                             "saddle_numbness", None),
    "a comparison names nobody": (
        "feels like someone is stabbing me in the kidney, it comes in waves and goes down to my groin, cant get comfy",
        "kidney_infection_or_stone", None),
    "a grown-up given an age is no child": (
        "My 85 year old father is limping with a temperature after a fall in the garden", None,
        "child_hip_emergency"),
    "a drama seen on screen is no report, to the end of its sentence": (
        "Watched a medical drama where a guy with a slipped disc lost feeling round his privates. My back is sore.",
        None, "saddle_numbness"),
    "a film watched before a sign is no cause of it": (
        "I watched a film last night and since then I can't feel my bum or privates", "saddle_numbness", None),
    "a crash in a video game": ("crashed my car like 20 times in forza last night, now my lower back aches", None,
                                "major_trauma"),
    "someone named without 'my'": (
        "A lad on my team had a slipped disc and lost control of his bowels. I've just got a twinge, bowels normal.",
        None, "bowel_dysfunction"),
    "a partner's own words ('he says') stay his": (
        "Asking for my husband: since his back flared up he can't ejaculate. He says it all feels dead.",
        "sexual_dysfunction_new", None),
    "slang for the saddle area: 'undercarriage'": ("sciatica + numb undercarriage", "saddle_numbness", None),
    "a euphemism for the saddle area: 'down there'": (
        "my back went yesterday and now I'm all tingly down there", "saddle_numbness", None),
    "a grown-up's age in words": ("my forty year old husband can't pee since this morning and his back is agony",
                                  "bladder_dysfunction", None),
    "a stomach bug explains a few pounds": (
        "Had a stomach bug last week and lost 2 kilos being sick, back ached from lying in bed, eating normally again",
        None, "unexplained_weight_loss"),
    "'nothing numb' denies it": ("numb patch on the outside of my left foot, nothing numb around my groin or bum",
                                 None, "saddle_numbness"),
    "'a cold' as a feeling, not the illness": ("there's a cold dead patch from behind my balls back to my backside",
                                                "saddle_numbness", None),
    "a cold, the illness, still explains shivers": ("I've had a cold all week, bit shivery, and my back aches",
                                                    None, "fever_with_back_pain"),
    "a normal past sets off a change": ("her pad was soaked and she had no idea, she's always been dry before",
                                        "bladder_dysfunction", None),
    "a long-standing sign stays long-standing": ("I've always been a bit leaky when I sneeze, and my back aches",
                                                 None, "bladder_dysfunction"),
    "a foot that drops, in other words": ("my foot is falling down when I walk, I cannot lift the front part of it",
                                          "progressive_leg_weakness", None),
    "a high-stepping walk": ("he's lifting his knee really high to walk so his foot doesn't trip him up",
                             "progressive_leg_weakness", None),
    "a carer's find is on the person cared for": (
        "My brother has learning disabilities. I found a swollen area at the bottom of his spine.",
        "back_lump_or_deformity", None),
    "a denial runs through the item after 'or'": (
        "My foot is numb from the sciatica. No numbness between my legs or around my bottom.", None,
        "saddle_numbness"),
    "and no further than that item": ("no fever or chills and then my bum went numb today", "saddle_numbness",
                                      None),
    "a baby who wakes the writer explains the waking": (
        "I'm waking up every night but that's the newborn, not my back! Back's a bit sore from carrying her.", None,
        "night_pain"),
    "pain that wakes, whatever the baby does": ("my back pain wakes me every night, and it is not the baby",
                                                "night_pain", None),
    "high knees as a warm-up": ("I do high knees to warm up and lift my knees high, my hamstring aches after", None,
                                "progressive_leg_weakness"),
}


@pytest.mark.parametrize(("text", "level"), [
    ("Sat on the floor for an hour and my leg went dead and tingly. Back to normal after a minute.", "self_care"),
    ("my foot gets pins and needles for a minute when I stand up, then it's completely normal", "self_care"),
    ("Sat on the floor for an hour and my leg went dead and tingly. Still numb today.", "see_clinician"),
    ("my foot gets pins and needles when I sit cross-legged, it goes as soon as I move", "self_care"),
    ("my leg went numb on the loo, it came back after a minute of shaking it out", "self_care"),
    ("my leg was weak with sciatica last year but it recovered fully, now just stiff", "self_care"),
    ("my leg is weak and the pain is getting stronger every day", "urgent")])
def test_a_limb_gone_to_sleep_that_came_back_sends_nobody_to_a_clinician(engine, text, level):
    """Numbness that passed ("back to normal", "then it's completely normal") is no nerve sign now."""
    assert engine.analyse(Query(text=text)).gate.level == level


def test_numb_in_feeling_is_no_finding(engine):
    """"Numb to it all" is about feelings: no nerve-like finding (the net may still weigh the words)."""
    def nerve_like(text: str) -> set[str]:
        return engine.understander.nerve_like_ & set(engine.analyse(Query(text=text)).understood.findings)

    assert not nerve_like("my back hurts, I'm just numb to it all")
    assert nerve_like("my back hurts and my leg is numb")


@pytest.mark.parametrize(("text", "must", "must_not"), CONTEXT_CASES.values(), ids=CONTEXT_CASES.keys())
def test_a_warning_sign_counts_only_for_the_person_now_as_a_fact(engine, text, must, must_not):
    flags = raised(engine, text)
    if must:
        assert must in flags, flags
    if must_not:
        assert must_not not in flags, flags


@pytest.mark.parametrize(("text", "asked"), [("limping for 2 days after a 10k, getting better", True),
                                           ("limping for 2 days after a 10k, I'm 35, getting better", False),
                                           ("I'm 45 and limping since the dads' race", False),
                                           ("My mum is 72 and keeps limping, her left hip hurts", False),
                                           ("My mum keeps limping, her left hip hurts", True),
                                           ("My 72 year old mum keeps limping, her left hip hurts", False),
                                           ("Dad is 88 and he's been limping since Tuesday, his hip hurts", False),
                                           ("Mum's 79 and keeps limping, her hip hurts", False),
                                           ("My mum (72) keeps limping, her left hip hurts", False),
                                           ("My dad, 80, keeps limping, his left hip hurts", False),
                                           ("My mum, 3 weeks ago, started limping, her left hip hurts", True),
                                           ("Childminder here. One of my mindees (4) has been off colour all "
                                            "day, hot to the touch, and since nap time he's refused to walk",
                                            True)])
def test_a_childs_sign_is_not_asked_about_when_the_text_gives_an_adult_age(engine, text, asked):
    """'Is this about a child?' is for texts that do not say; 'I'm 35' and 'my mum is 72' say, unless the sign
    is someone else's."""
    understood = engine.analyse(Query(text=text)).understood
    child_flags = {"child_hip_limp", "child_hip_emergency"}
    assert bool(child_flags & {q.flag for q in understood.questions}) is asked
    assert not child_flags & set(understood.red_flags)


@pytest.mark.parametrize(("ending", "nerve_like"), [(", then it came back to normal", False),
                                                   (", then fine again after a minute", False),
                                                   (", it went away but came back", True), ("", True)])
def test_feeling_that_came_back_within_minutes_is_no_nerve_sign(engine, ending, nerve_like):
    """'came back' alone is the sign returning; 'came back to normal' is the feeling returning."""
    text = f"my foot went numb and tingly after I sat on the floor{ending}. Hip a bit stiff."
    assert bool(engine.analyse(Query(text=text)).gate.nerve_like) is nerve_like


@pytest.mark.parametrize(("answer", "a_report"), [("It's happened to me twice since Monday.", True),
                                                  ("Asking because it's happening to me since Monday.", True),
                                                  ("It happened to my neighbour.", False)])
def test_a_question_the_writer_answers_for_themselves_is_a_report(engine, answer, a_report):
    text = f"Can a slipped disc make you wet yourself without noticing? {answer} My back is agony."
    tokens = parse_text(text, engine.understander.context_).tokens
    wet = next(t for t in tokens if t.norm == "wet")
    assert ("hypothetical" not in wet.context) == a_report


@pytest.mark.parametrize(("word", "meant"), [("numbish", "numb"), ("coldish", "cold"), ("rubbish", "rubbish")])
def test_a_somewhat_word_reads_as_its_stem_never_as_a_near_miss(engine, word, meant):
    assert engine.understander.speller_.correct(word) == meant  # "numbish" is one edit from "rubbish"


def test_gone_before_what_a_part_has_become_is_a_change_not_a_sign_that_passed(engine):
    read = engine.understander.net_text
    assert "sex" in read("since his back went he can't feel anything during sex, it's all gone numb").split()
    assert "pain" not in read("the pain has all gone, I feel fine", past=False).split()  # passed: not now


def test_in_a_text_about_someone_else_the_writers_report_counts_for_them(engine):
    """A carer reports what she saw: her words are about her husband; in a text about the writer, another
    person's signs still do not count."""
    read = engine.understander.net_text
    about_him = read("My husband's back has been bad all week. This morning I found the sheets soaked, he had no idea.")
    assert {"found", "sheets", "soaked"} <= set(about_him.split())
    assert "cancer" not in read("My dad had bladder cancer. My back aches from gardening.")


def test_a_flag_raised_only_by_words_is_dropped_when_the_net_finds_it_nearly_impossible(engine):
    understander = engine.understander
    built_on = next(iter(understander.built_on_by_))  # a flag another builds on (a swollen calf, then breathless)
    others = [f for f in understander.net_.flags if f != built_on and f not in understander.builds_on_]
    cue_only, phrase_only, ticked = others[:3]
    chances = dict.fromkeys(understander.net_.flags, (NET_VETO / 2, ""))
    reading = replace(understander.read("sore back"), cues=())  # no cue's sentence to read again

    def after(raised: list[Raised], chances: dict) -> set[str]:
        gathered = _Gathered(engine.kb, understander.zone_sides_, understander.region_places_)
        gathered.raised, gathered.red_flags = list(raised), [r.flag for r in raised]
        understander._drop_what_the_net_rules_out(replace(reading, net=NetReading(chances)), gathered)
        assert {r.flag for r in gathered.raised} == set(gathered.red_flags)
        return set(gathered.red_flags)

    raised = [Raised(cue_only, "cue"), Raised(phrase_only, "cue"), Raised(phrase_only, "phrase"),
              Raised(ticked, "cue"), Raised(ticked, "checklist")]
    # a ticked box always stands; so does a listed phrase here, as "sore back" has no sentence of it to read
    assert after(raised, chances) == {phrase_only, ticked}
    assert after(raised, {**chances, cue_only: (NET_VETO, "")}) == {cue_only, phrase_only, ticked}
    assert after([Raised(built_on, "cue")], chances) == set()
    building = understander.built_on_by_[built_on][0]  # the net reads the fuller sign: the simpler one stands
    assert after([Raised(built_on, "cue")], {**chances, building: (0.9, "")}) == {built_on}
    # the net reads the simpler sign: the fuller one a rule found stands ("limping with a fever" reads as a limp)
    assert after([Raised(building, "cue")], chances) == set()
    assert after([Raised(building, "cue")], {**chances, built_on: (0.9, "")}) == {building}


def test_a_fuller_sign_the_net_is_sure_of_is_raised_even_when_the_simpler_one_reads_likelier(engine):
    """Unsure of the fuller sign (a swollen calf, and breathless?) the net defers to the simpler one it builds on;
    sure of both, it raises both."""
    understander = engine.understander
    fuller, simpler = next(iter(understander.builds_on_.items()))
    text = "calf swollen and I am out of breath"

    def raised_with(chance_fuller: float, chance_simpler: float) -> set[str]:
        chances = dict.fromkeys(understander.net_.flags, (0.0, text))
        chances |= {fuller: (chance_fuller, text), simpler: (chance_simpler, text)}
        gathered = _Gathered(engine.kb, understander.zone_sides_, understander.region_places_)
        understander._decide_with_net(NetReading(chances), gathered, set(), frozenset())
        return set(gathered.red_flags) | {q.flag for q in gathered.questions}

    assert raised_with(NET_FIRE + 0.01, NET_FIRE + 0.02) == {fuller, simpler}
    assert raised_with(NET_ASK + 0.01, NET_FIRE) == {simpler}


def test_a_cue_the_net_reads_as_likely_in_its_own_sentence_is_not_dropped(engine):
    """A long text about a louder sign can drown a second one for the net; its cue's sentence alone cannot."""
    understander = engine.understander
    reading = understander.read("My back is sore. Since this morning I can't feel when I pee and it just dribbles out.")
    cued = {flag for flag, _, _ in reading.cues}
    assert "bladder_dysfunction" in cued
    drowned = replace(reading, net=NetReading(dict.fromkeys(understander.net_.flags, (NET_VETO / 2, ""))))
    gathered = _Gathered(engine.kb, understander.zone_sides_, understander.region_places_)
    gathered.raised = [Raised(flag, "cue") for flag in sorted(cued)]
    gathered.red_flags = sorted(cued)
    understander._drop_what_the_net_rules_out(drowned, gathered)
    assert "bladder_dysfunction" in gathered.red_flags
    assert understander._chance_where_said(drowned, "bladder_dysfunction", by_phrase=False) >= NET_ASK


def test_a_listed_phrase_is_dropped_when_the_net_reads_its_sentence_as_nearly_impossible(engine):
    """A listed phrase is words too ("I said no" escapes the negation rules): the net reading its sentence may
    overrule it; a phrase with nothing around it for the net to read stands."""
    understander = engine.understander
    impossible = dict.fromkeys(understander.net_.flags, (NET_VETO / 2, ""))

    def kept(text: str) -> list[str]:
        reading = understander.read(text)
        gathered = _Gathered(engine.kb, understander.zone_sides_, understander.region_places_)
        for match in reading.matches:
            if match.kind == "red_flag":
                gathered.take_match(reading.parsed, match)
        assert gathered.red_flags == ["saddle_numbness"], gathered.raised  # raised by the listed phrase
        understander._drop_what_the_net_rules_out(replace(reading, net=NetReading(impossible)), gathered)
        return gathered.red_flags

    assert kept("The nurse asked me about saddle numbness and I said no, only a sore back.") == []
    assert kept("saddle numbness") == ["saddle_numbness"]


def test_a_stable_nerve_sign_still_sends_to_a_clinician(engine):
    gate = engine.analyse(Query(text="weak leg from the sciatica, about the same as last week")).gate
    assert "weak_leg" in gate.nerve_like  # stable, so not a progressing weakness, but still a nerve sign
    assert "progressive_leg_weakness" not in dict(gate.red_flags)


def test_unchanged_in_a_clinicians_note_holds_only_the_item_it_follows(engine):
    """A note lists findings with commas; 'EHL 4/5 unchanged' is a current, stable weakness and says nothing about
    the paraesthesia listed before it (it made the whole note long-standing, and nothing nerve-like was left)."""
    gate = engine.analyse(Query(text="Radicular LBP L, paraesthesia dorsum foot, SLR + 45 deg, EHL 4/5 unchanged "
                                     "x3/52, reflexes intact, bladder/bowel normal.")).gate
    assert "pins_and_needles" in gate.nerve_like
    assert gate.level == "see_clinician"


def test_a_nerve_sign_needs_a_close_match_of_its_words(engine):
    understander = engine.understander
    loose = understander.read("sat under the electric blanket all evening and my lower back is stiff")
    nearest = [m for m in loose.matches if "electric_shock" in m.targets]
    assert nearest  # the matcher's own threshold lets it through ...
    assert nearest[0].score < NERVE_LIKE_PHRASE  # ... below the closer match a nerve sign needs
    assert "electric_shock" not in engine.analyse(Query(text=loose.text)).gate.nerve_like
    gate = engine.analyse(Query(text="electric shocks shooting down my leg since Monday")).gate
    assert "electric_shock" in gate.nerve_like


def test_every_raised_flag_says_which_words_raised_it_and_by_which_route(engine):
    for probe in load_red_team(REDTEAM / "dev.yaml", engine.kb):
        result = to_json(engine.kb, engine.analyse(Query(text=probe.text)))
        for flag in result["triage"]["red_flags"]:
            assert flag["route"] in ("phrase", "cue", "net"), flag
            assert flag["words"], (probe.id, flag)
        for question in result["triage"]["questions"]:
            assert question["question"].endswith("?")
            assert question["confirmed"] is False


@pytest.mark.parametrize(("text", "words"), [
    ("Since yesterday I've struggled to get my wee started and my back aches", "struggled to get my wee"),
    ("back pain + cant control my bum", "cant control my bum"),
    ("my back went and now I can't feel the toilet paper when I wipe", "can't feel the toilet paper")])
def test_a_cue_shows_every_word_that_raised_it(engine, text, words):
    """The words shown for a cue run from its first matched word to the last word of its last matched phrase,
    not only to where that phrase starts ("struggled" alone says nothing)."""
    raised = [r for r in engine.analyse(Query(text=text)).understood.raised if r.route == "cue"]
    assert raised
    assert raised[0].words == (words,)


def test_a_standing_fact_counts_wherever_the_text_says_it(engine):
    """A medicine taken is true of the person all through the text: the sign may come sentences later (a cue slot
    written '~...'); the words shown are then the sign's. Someone else's medicine, or one denied, still does not
    count."""
    taking = "I take Xarelto for my heart. My knees are bad. I walk daily. This week my poo has been black and sticky."
    raised = [r for r in engine.analyse(Query(text=taking)).understood.raised if r.flag == "bleeding_on_anticoagulants"]
    assert [(r.route, r.words) for r in raised] == [("cue", ("poo has been black",))]
    mum = "My mum takes Xarelto for her heart. My knees are bad. I walk daily. This week my poo has been black."
    never = "I don't take Xarelto or any thinner. My knees are bad. I walk daily. This week my poo has been black."
    for text in (mum, never):
        assert "bleeding_on_anticoagulants" not in {r.flag for r in engine.analyse(Query(text=text)).understood.raised}


def test_an_unsure_sign_is_asked_counted_at_its_level_and_dropped_when_answered_no(engine):
    text = "refusing to walk and crying about the hip"
    asked = to_json(engine.kb, engine.analyse(Query(text=text)))
    ids = [q["id"] for q in asked["triage"]["questions"]]
    assert "child_hip_limp" in ids
    assert asked["triage"]["red_flags"] == []  # asked, not raised
    levels = [engine.kb.red_flags.loc[flag, "urgency"] for flag in ids]
    assert asked["triage"]["level"] == min(levels, key=TRIAGE_LEVELS.index)
    answered = to_json(engine.kb, engine.analyse(Query(text=text, ruled_out=tuple(ids))))
    assert answered["triage"]["questions"] == []
    assert answered["triage"]["level"] == "self_care"


@pytest.mark.parametrize(("name", "flag_texts", "benign_texts"), [("dev.yaml", 295, 159), ("dev2.yaml", 165, 446)])
def test_the_development_red_team_sets_pass_their_gate(engine, name, flag_texts, benign_texts):
    """The issue's gate (recall 1.0, false alarms at most 0.10) on both development sets."""
    probes = load_red_team(REDTEAM / name, engine.kb)
    report = evaluate_red_team(engine, probes)
    assert report.counts == {"flag_texts": flag_texts, "benign_texts": benign_texts}
    assert report.engine.recall == 1.0, report.engine.misses
    assert report.engine.false_alarms <= 0.10, report.engine.alarms
    assert report.engine.recall > report.baseline.recall


def test_the_net_reads_exactly_as_scikit_learn_would(engine, tmp_path):
    """The numpy reader gives the probabilities of the fitted scikit-learn models, on a small corpus."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from triage.training.paraphrase import POSITIVE_WEIGHT, REGULARISATION, train, vectorizers

    examples = [e for e in load_corpus(engine.kb) if e.flag in ("dvt_signs", "night_pain", "")][:400]
    flags = ["dvt_signs", "night_pain"]
    net = ParaphraseNet.load(train(examples, flags, str.lower, tmp_path / "net.npz"))
    word, char = vectorizers()
    texts = [e.text.lower() for e in examples]
    features = sparse.hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
    probes = ["my calf is swollen and hot since the flight", "wakes me every night whatever I do", "hip ache"]
    probe_features = sparse.hstack([word.transform(probes), char.transform(probes)]).tocsr()
    for column, flag in enumerate(flags):
        carries = np.array([e.flag == flag and e.positive for e in examples])
        model = LogisticRegression(C=REGULARISATION, class_weight={False: 1.0, True: POSITIVE_WEIGHT}, max_iter=3000)
        expected = model.fit(features, carries).predict_proba(probe_features)[:, 1]
        got = [net.probabilities(text)[column] for text in probes]
        np.testing.assert_allclose(got, expected, atol=1e-4)


@pytest.mark.training
def test_the_shipped_net_is_the_one_the_corpus_gives(tmp_path):
    """`triage train` is deterministic: retraining on the corpus rebuilds the shipped model."""
    from triage.engine.language.paraphrase import MODEL_FILE
    from triage.training.paraphrase import default_model_path

    assert main(["train", "--out", str(tmp_path / MODEL_FILE)]) == 0
    with np.load(tmp_path / MODEL_FILE) as rebuilt, np.load(default_model_path()) as shipped:
        assert sorted(rebuilt.files) == sorted(shipped.files)
        for name in shipped.files:
            if shipped[name].dtype.kind in "fc":
                np.testing.assert_allclose(rebuilt[name], shipped[name], atol=1e-5, err_msg=name)
            else:
                assert rebuilt[name].tolist() == shipped[name].tolist(), name


def test_a_word_class_in_a_trigger_stands_for_any_of_its_words():
    """'{owner} {pet} has' is one rule for every owner word and every pet word, and for nothing else."""
    import pandas as pd

    from triage.engine.language.context import OTHER, SELF, ContextRules
    from triage.engine.language.text import parse_text

    rules = pd.DataFrame([{"trigger": "{owner} {pet} has", "category": "other_person", "direction": "forward",
                           "scope": 0}, {"trigger": "i", "category": "self", "direction": "forward", "scope": 0}])
    classes = pd.DataFrame([{"id": "owner", "words": ["my", "our"]}, {"id": "pet", "words": ["dog", "rabbit"]}])
    context = ContextRules.from_frame(rules, classes)
    for owner in ("my", "our"):
        for pet in ("dog", "rabbit", "rabbit's"):
            tokens = parse_text(f"{owner} {pet} has a lump", context).tokens
            assert tokens[-1].experiencer == OTHER, (owner, pet)
    for text in ("my cat has a lump", "their dog has a lump", "my dog had a lump"):
        assert parse_text(text, context).tokens[-1].experiencer == SELF, text


def test_a_class_with_s_stands_only_for_its_words_with_s():
    """'{pet}'s leg' is a pet's leg ("my dog's leg"), not "my dog leg" nor "my dogs leg"."""
    import pandas as pd

    from triage.engine.language.context import OTHER, SELF, ContextRules
    from triage.engine.language.text import parse_text

    rules = pd.DataFrame([{"trigger": "my {pet}'s leg", "category": "other_person", "direction": "forward",
                           "scope": 0}])
    context = ContextRules.from_frame(rules, pd.DataFrame([{"id": "pet", "words": ["dog", "cat"]}]))
    assert parse_text("my cat's leg is swollen", context).tokens[-1].experiencer == OTHER
    for text in ("my dog leg is swollen", "my dogs leg is swollen", "my horse's leg is swollen"):
        assert parse_text(text, context).tokens[-1].experiencer == SELF, text


def test_a_general_question_raises_no_flag_by_a_phrase_or_cue(engine):
    """Its words are the net's to weigh ('Can long-term steroid tablets weaken your bones?'), never a rule's."""
    understood = engine.analyse(Query(text="Can long-term steroid tablets weaken your bones?")).understood
    assert not [r for r in understood.raised if r.route in ("phrase", "cue")]


@pytest.mark.parametrize(("text", "general"), [
    ("What is foot drop?", True), ("Can steroid tablets weaken your bones?", True),
    ("Can I get foot drop from a disc?", False), ("Could my leg be broken?", False),
    ("Could his leg be broken?", False), ("Does it hurt us more as we age?", False),
    ("Foot drop, is that serious?", False), ("What is foot drop. I have it", False),
    ("Can people who inject drugs get infections in their spine?", True),
    ("Why might a child start limping?", True), ("Why is my child limping?", False),
    ("Why is their leg so weak?", False), ("Is it normal for my 6 year old to limp?", False)])
def test_a_question_is_general_only_when_it_opens_with_an_asking_word_and_names_nobody(engine, text, general):
    tokens = parse_text(text, engine.understander.context_).tokens
    assert ("general" in tokens[1].context) is general


def test_a_nerve_like_finding_in_a_general_question_sends_nobody_to_a_clinician(engine):
    """"What does saddle numbness mean?" names the finding, not the writer's: nothing for a clinician."""
    text = "What does numbness in the bottom actually mean? My physio told me to look out for it."
    assert engine.analyse(Query(text=text)).gate.level == "self_care"
    assert engine.analyse(Query(text="My bottom feels numb, what does it mean?")).gate.level != "self_care"


def test_a_childs_age_may_be_written_in_words(engine):
    """"my three year old" is a child, as "my 3 year old" is; "my forty year old husband" is not."""
    context = engine.understander.context_
    assert parse_text("my three year old is limping", context).tokens[-1].experiencer == CHILD
    assert parse_text("my forty year old husband is limping", context).tokens[-1].experiencer == OTHER


def test_a_trigger_may_start_with_a_number(engine):
    """'# year history' starts at the number itself ("numb foot, 10 year history"): long-standing."""
    tokens = parse_text("numb foot, 10 year history of it", engine.understander.context_).tokens
    assert "historical" in tokens[0].context
    assert "historical" not in parse_text("numb foot, history of it", engine.understander.context_).tokens[0].context


@pytest.mark.parametrize("text", ["the urine not stop when I want", "the pain won't stop at night",
                                  "nothing works down there since my back went", "nothing happens when I try to wee",
                                  "painkillers aren't touching it and the cast is squeezing my leg"])
def test_a_symptom_that_will_not_stop_or_ease_is_no_denial(engine, text):
    """A negation word that describes a symptom ("won't stop", "aren't touching it") denies nothing after it."""
    parsed = parse_text(text, engine.understander.context_)
    assert not [t.norm for t in parsed.tokens if NEGATED in t.context]


@pytest.mark.parametrize(("text", "flag"), [
    ("my dog has lost weight and the vet is running tests on her; my back hurts from lifting her",
     "unexplained_weight_loss"),
    ("puppy is losing weight, vet says worms. my back's sore from bending to feed him", "unexplained_weight_loss"),
    ("our 12 year old labrador is limping on his back leg, booked the vet", "child_hip_limp"),
])
def test_a_pets_signs_are_neither_raised_nor_asked_about(engine, text, flag):
    """A pet is never the one a text is about, however many of the words are about it."""
    understood = engine.analyse(Query(text=text)).understood
    assert flag not in {*understood.red_flags, *(q.flag for q in understood.questions)}


def test_a_person_beside_a_pet_still_counts(engine):
    assert "unexplained_weight_loss" in raised(engine, "my dog is fine, but I've lost 8kg without trying and my "
                                                       "back aches at night")


@pytest.mark.parametrize(("text", "asked"), [
    ("sciatica down my right leg to the calf, like a hot wire, 2 weeks now", False),
    ("pins and needles in my right foot on and off, with sciatica down that leg below the knee", False),
])
def test_a_sign_of_both_sides_is_not_asked_about_in_a_text_about_one_side(engine, text, asked):
    """both_legs_symptoms is marked `both_sides`: one side named, and no legs in the plural, asks nothing of it."""
    understood = engine.analyse(Query(text=text)).understood
    assert ("both_legs_symptoms" in {q.flag for q in understood.questions}) is asked
    assert "both_legs_symptoms" in engine.understander.both_sides_


def test_both_legs_still_count_when_the_other_side_or_the_plural_is_named(engine):
    for text in ("sciatica down my right leg and since yesterday the left one too, both numb",
                 "my legs have gone numb and weak since my back went, the right worse"):
        understood = engine.analyse(Query(text=text)).understood
        assert "both_legs_symptoms" in {*understood.red_flags, *(q.flag for q in understood.questions)}, text


@pytest.mark.parametrize(("text", "one_side"), [
    ("sciatica down my right leg to the calf", True),
    ("numb down my left leg and now the other leg too", False),
    ("weak left leg, and the opposite one feels heavy", False),
    ("my legs are numb, the right worse", False),
    ("numb down my left leg and my right foot tingles", False),
])
def test_a_text_is_about_one_side_only_when_nothing_brings_in_the_other(engine, text, one_side):
    assert _one_side_only(parse_text(text, engine.understander.context_)) is one_side


def test_a_context_trigger_does_not_reach_across_a_full_stop(engine):
    """'fell asleep' is another sense of falling, but not when a sentence ends between the words (found by the
    property test on a fresh machine: ". can't walk since I fell. asleep abdo abdo" was self-care)."""
    fall = engine.analyse(Query(text="Can't walk since I fell. Asleep most of the day now."))
    assert "hip_fracture_fall" in fall.understood.red_flags
    sleep = engine.analyse(Query(text="I fell asleep on the sofa and my back aches."))
    assert "hip_fracture_fall" not in sleep.understood.red_flags


@pytest.mark.parametrize(("text", "raised"), [("Sciatica pain in my bum. My foot is numb.", False),
                                              ("Bad sciatica in my buttock. My foot feels numb today.", False),
                                              ("Sciatica in my bum. It's numb.", True),
                                              ("Sciatica pain, my bum is numb.", True)])
def test_a_sign_in_a_sentence_with_a_place_of_its_own_is_asked_about(engine: Engine, text: str,
                                                                      raised: bool) -> None:
    """A cue whose words lie in two sentences that each name a place may pair a sign with the wrong place (the
    numb foot is no numb bottom): it is asked about, counted at its level until answered no, never dropped."""
    result = engine.analyse(Query(text=text))
    asked = {q.flag for q in result.understood.questions}
    assert ("saddle_numbness" in result.understood.red_flags) is raised
    assert ("saddle_numbness" in asked) is not raised
    assert result.gate.level == "emergency"
    assert "saddle_numbness" not in engine.analyse(Query(text="My bum and groin ache. My toes have gone numb in my "
                                                          "new boots.")).understood.red_flags
    if not raised:
        answered = engine.analyse(Query(text=text, ruled_out=("saddle_numbness",)))
        assert "saddle_numbness" not in {q.flag for q in answered.understood.questions}
        assert "saddle_numbness" not in answered.understood.red_flags


def test_a_place_named_in_plain_pain_words_raises_and_asks_nothing(engine: Engine, kb) -> None:
    """Every lay term of every zone where pain alone is no warning, in plain words of pain and time, is no sign:
    'my back passage hurts' is not saddle numbness, 'aching flank for a few weeks' no kidney infection."""
    terms = sorted({str(t) for zone, rows in kb.regions.groupby("zone") if zone not in ALARMING_PLACES
                    for ts in rows["lay_terms"] for t in ts})
    alarms = []
    for term in terms:
        for frame in ("my {} hurts", "{} pain", "aching {} for a few weeks", "my {} has been bothering me"):
            understood = engine.analyse(Query(text=frame.format(term))).understood
            if understood.red_flags or understood.questions:
                alarms.append((frame.format(term), understood.red_flags, [q.flag for q in understood.questions]))
    assert len(terms) > 300
    assert not alarms


@pytest.mark.parametrize(("text", "flag"), [("aching testicle for a week", "testicular_torsion"),
                                            ("my back passage hurts and it's numb", "saddle_numbness")])
def test_a_place_where_pain_may_warn_or_a_sign_beside_a_place_is_still_read(engine: Engine, text: str,
                                                                            flag: str) -> None:
    """Only a place with plain words is let be: the genitals and chest are read by the net whatever is said,
    and any word beyond plain pain and time (numb) gives it something to weigh."""
    understood = engine.analyse(Query(text=text)).understood
    assert flag in {*understood.red_flags, *(q.flag for q in understood.questions)}
