"""Closed vocabularies shared by every layer, defined once: sides, map views, urgencies and triage levels,
and the limit on what a person may type."""

from __future__ import annotations

SIDES = ("left", "right")  # the person's own sides
REGION_SIDES = (*SIDES, "midline")
VIEWS = ("front", "back", "foot")  # the whole body from the front and back, and a close-up of both feet
BODY_VIEWS = VIEWS[:2]  # what "both" shows on a page
# Close-ups with targets big enough for a finger on a phone: each draws the regions of these region groups,
# cropped from every view that has them (the foot view, already a close-up, whole). A drawing of a close-up
# is named "<view>:<zoom>", as in "back:hip". Zoom id -> (name, region groups).
ZOOMS = {"low_back": ("Low back and pelvis", ("low_back", "pelvis")), "hip": ("Hip and groin", ("hip",)),
         "thigh_knee": ("Thigh and knee", ("thigh", "knee")), "leg_foot": ("Lower leg and foot", ("leg", "ankle_foot"))}
FINDING_KINDS = ("quality", "aggravating", "easing", "sign", "history", "onset", "movement", "pattern")
POSITION_KINDS = ("aggravating", "easing", "movement")  # findings whose body words say what the body does, not where
# it hurts: "on my feet all day", "pillow between my knees", "touching my toes"
ALARMING_PLACES = frozenset({"chest", "genitals"})  # zones where pain alone may warn (the heart, a twisted testicle)
OWNED_PLACE, OWNER = "owned_place", "owner"  # word classes: a place word with other senses, and words of whose
DIRECTION = "direction"  # word class: words that point a way ("at the back" is a side of something, not the back)
PLAIN_PAIN, TIME_SPAN = "plain_pain", "time_span"  # word classes of pain and time: a place with only these is no sign
URGENCIES = ("emergency", "urgent", "see_clinician")  # what a red flag may ask for, most urgent first
TRIAGE_LEVELS = (*URGENCIES, "self_care")  # the gate's answers, most urgent first
RED_FLAG_LEVELS = URGENCIES[:2]  # levels that hold the muscle exploration back
# What a context trigger may say of the words in its scope (see engine/language/context.py).
CONTEXT_CATEGORIES = ("negated", "pseudo", "self", "child", "other_person", "animal", "back_from_pet", "pronoun",
                      "historical", "resolved", "recurring", "stable", "hypothetical", "affirmed", "explained",
                      "other_sense", "duration", "age", "terminate")
# Which way a context trigger reaches (see engine/language/context.py).
CONTEXT_DIRECTIONS = ("forward", "backward", "both", "backward_across", "backward_previous", "forward_sentence")
MAX_TEXT_CHARS = 10_000  # what a person may type; the engine reads no further, and says so


def more_urgent(level: str, than: str) -> bool:
    """Whether `level` is more urgent than `than` (both triage levels)."""
    return TRIAGE_LEVELS.index(level) < TRIAGE_LEVELS.index(than)
