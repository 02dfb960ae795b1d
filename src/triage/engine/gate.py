"""The triage gate: decides how urgent things are before, and independently of, any ranking."""

from __future__ import annotations

from collections.abc import Sequence

from triage.engine.types import Gate
from triage.knowledge.vocabulary import TRIAGE_LEVELS

MESSAGES = {
    "emergency": (
        "What you describe includes a warning sign that needs medical help now: call emergency services or go to "
        "an emergency department. Do not wait to explore muscles."
    ),
    "urgent": (
        "What you describe includes a warning sign that should be seen by a doctor today (same day). "
        "Please arrange that before exploring muscles."
    ),
    "see_clinician": (
        "Some of what you describe (such as numbness, pins and needles, weakness, or pain shooting below the knee "
        "or in both legs) can come from a nerve. Please see a doctor or physiotherapist to have it checked."
    ),
    "self_care": (
        "Nothing you described is a warning sign we screen for. Explore the muscles below, and consult a therapist "
        "for an assessment of your situation."
    ),
}

DISCLAIMER = (
    "Educational only, not a diagnosis. Triage Explorer shows muscles whose referral patterns match what you "
    "marked; it cannot tell what is causing your pain. If you are worried, or the pain is severe, new, or getting "
    "worse, see a doctor."
)

CONSULT = "Consult a therapist (physiotherapist, myotherapist or doctor) for an assessment of your situation."


def decide(red_flags: Sequence[tuple[str, str, str, str]], nerve_like: Sequence[str],
           asked: Sequence[tuple[str, str, str, str]] = ()) -> Gate:
    """red_flags and asked are (id, label, urgency, message): a flag raised for sure and a flag asked about both
    decide first (a question counts at its flag's level until answered no), then nerve-like signs."""
    levels = [urgency for _, _, urgency, _ in [*red_flags, *asked]]
    if nerve_like:
        levels.append("see_clinician")
    level = min(levels, key=TRIAGE_LEVELS.index) if levels else "self_care"
    flagged = sorted(red_flags, key=lambda flag: TRIAGE_LEVELS.index(flag[2]))
    unsure = sorted(asked, key=lambda flag: TRIAGE_LEVELS.index(flag[2]))
    specific = " ".join(dict.fromkeys(message for _, _, _, message in flagged))
    if unsure and not flagged:
        specific = ASK_FIRST
    message = f"{MESSAGES[level]} {specific}".strip() if flagged or unsure else MESSAGES[level]
    return Gate(level, message, tuple((fid, label) for fid, label, _, _ in flagged), tuple(nerve_like),
                tuple((fid, label) for fid, label, _, _ in unsure))


ASK_FIRST = ("Some of your words may describe a warning sign: please answer the question below. Until you answer "
             "no, we treat it as present.")
