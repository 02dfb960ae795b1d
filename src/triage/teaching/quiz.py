"""Class quizzes: "which muscle refers here?" questions, the case set, and feedback on a class's guesses.

A question shows one muscle's referral pattern and offers plausible choices: muscles of the quiz's
scope first (a muscle group or a body area), then neighbours outside it that share the muscle group
or a referral zone, nearest pattern first. A muscle whose referral zones are identical to the
answer's is never offered, since nobody could tell the two apart from the picture. Everything is
deterministic given a seed, so a round can be replayed. No streamlit, no I/O but reading a case set.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from triage.knowledge.cases import load_cases
from triage.knowledge.model import KnowledgeBase, Muscle
from triage.outputs.monograph import monograph_sections

if TYPE_CHECKING:
    from triage.knowledge.cases import Case

CHOICES = 4
SHORTLIST = 5  # distractors are drawn from this many of the nearest patterns, so rounds vary
CASES_FILE = "class_cases.yaml"  # the case set shipped beside the knowledge it is about
# The monograph sections shown when an answer is revealed.
KEY_FACTS = ("Anatomy", "Actions", "Referral pattern", "Trigger points", "What you may notice",
             "Look-alikes a therapist would rule out", "Sources")


@dataclass(frozen=True)
class Question:
    """One question of a round: the muscle whose pattern is shown and the choices, in display order."""

    number: int
    answer: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Tally:
    """A running score: how many answers were right out of how many given."""

    right: int = 0
    asked: int = 0

    def add(self, correct: bool) -> Tally:
        """The tally after one more answer."""
        return Tally(self.right + correct, self.asked + 1)

    def __str__(self) -> str:
        return f"{self.right} / {self.asked}"


@dataclass(frozen=True)
class Guess:
    """How one muscle a class guessed for a case compares with the engine and the case's author."""

    muscle: str
    engine_rank: int | None  # 1-based; None when the engine did not suggest it
    expected: bool  # on the case author's list
    primary: bool  # the case author's best fit


def muscle_groups(kb: KnowledgeBase) -> dict[str, int]:
    """Muscle group -> how many muscles it has, by group name."""
    groups = sorted(muscle.group for muscle in kb.muscles.values())
    return {group: groups.count(group) for group in dict.fromkeys(groups)}


def body_areas(kb: KnowledgeBase) -> dict[str, int]:
    """Body area (the region group of regions.csv) -> how many muscles refer essential pain there."""
    counts: dict[str, int] = {}
    group_of = _zone_groups(kb)
    for muscle in kb.muscles.values():
        for area in _areas(muscle, group_of):
            counts[area] = counts.get(area, 0) + 1
    return dict(sorted(counts.items()))


def scope(kb: KnowledgeBase, group: str | None = None, area: str | None = None) -> tuple[str, ...]:
    """Ids of the muscles a quiz asks about: in the group (if given) and referring to the area (if given)."""
    group_of = _zone_groups(kb)
    return tuple(sorted(
        muscle.id for muscle in kb.muscles.values()
        if (group is None or muscle.group == group) and (area is None or area in _areas(muscle, group_of))
    ))


def question(kb: KnowledgeBase, muscles: Sequence[str], seed: int, number: int) -> Question:
    """Question `number` (0-based) of the round `seed` over `muscles`; each muscle comes once per pass."""
    if not muscles:
        raise ValueError("a quiz needs at least one muscle")
    passes, position = divmod(number, len(muscles))
    order = sorted(muscles)
    random.Random(f"{seed}:pass{passes}").shuffle(order)
    answer = order[position]
    rng = random.Random(f"{seed}:question{number}")
    choices = [answer, *_distractors(kb, answer, muscles, rng)]
    rng.shuffle(choices)
    return Question(number, answer, tuple(choices))


def plausible(kb: KnowledgeBase, answer: str, muscles: Sequence[str]) -> list[str]:
    """Muscles that could be mistaken for `answer`, nearest first: those in `muscles`, then neighbours outside.

    A neighbour shares a referral zone, the muscle group or a body area with the answer. Nearer means
    more shared zones (Jaccard index), then the same group, then a shared body area; ties go by id.
    """
    group_of = _zone_groups(kb)
    target = kb.muscles[answer]
    mine = _zones(target)
    my_areas = {group_of.get(zone) for zone in mine}

    def nearness(other: Muscle) -> tuple[float, bool, bool]:
        theirs = _zones(other)
        shared = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        return shared, other.group == target.group, bool(my_areas & {group_of.get(zone) for zone in theirs})

    near = {m.id: nearness(m) for m in kb.muscles.values() if m.id != answer and not _same_picture(m, target)}
    ranked = sorted((m for m in near if any(near[m])), key=lambda m: (*(-float(x) for x in near[m]), m))
    return [m for m in ranked if m in muscles] + [m for m in ranked if m not in muscles]


def key_facts(kb: KnowledgeBase, muscle: Muscle, headings: Sequence[str] = KEY_FACTS) -> list[tuple[str, list[str]]]:
    """The monograph sections with these headings (by default those shown when a quiz reveals a muscle)."""
    return [(heading, lines) for heading, lines in monograph_sections(kb, muscle) if heading in headings]


def case_set_path(kb: KnowledgeBase) -> Path:
    """The class case set: TRIAGE_CASES, or class_cases.yaml in the knowledge base's folder."""
    return Path(os.environ.get("TRIAGE_CASES") or kb.root / CASES_FILE)


def load_class_cases(kb: KnowledgeBase) -> list[Case]:
    """The class case set, checked like any vignette file (CaseFileError names the problem); [] if absent."""
    path = case_set_path(kb)
    return load_cases(path, kb) if path.is_file() else []


def case_feedback(case: Case, ranking: Sequence[str], guesses: Sequence[str]) -> tuple[Guess, ...]:
    """Each guessed muscle beside the engine's ranking and the case author's expectations."""
    return tuple(
        Guess(muscle, ranking.index(muscle) + 1 if muscle in ranking else None, muscle in case.expected,
              muscle == case.primary)
        for muscle in guesses
    )


def _distractors(kb: KnowledgeBase, answer: str, muscles: Sequence[str], rng: random.Random) -> list[str]:
    """CHOICES - 1 wrong choices: sampled from the nearest in scope, topped up from the nearest outside it."""
    ranked = plausible(kb, answer, muscles)
    inside = [m for m in ranked if m in muscles]
    wanted = CHOICES - 1
    chosen = rng.sample(inside[:SHORTLIST], min(wanted, len(inside[:SHORTLIST])))
    rest = [m for m in ranked if m not in chosen]
    chosen += rng.sample(rest[:SHORTLIST], min(wanted - len(chosen), len(rest[:SHORTLIST])))
    return chosen


def _same_picture(one: Muscle, other: Muscle) -> bool:
    return set(one.essential) == set(other.essential) and set(one.spillover) == set(other.spillover)


def _zones(muscle: Muscle) -> set[str]:
    """Every zone of a muscle's referral pattern, essential or spillover."""
    return set(muscle.essential) | set(muscle.spillover)


def _zone_groups(kb: KnowledgeBase) -> dict[str, str]:
    """Zone -> body area (the region group of regions.csv)."""
    return dict(zip(kb.regions["zone"], kb.regions["group"], strict=True))


def _areas(muscle: Muscle, group_of: dict[str, str]) -> set[str]:
    """The body areas of a muscle's essential zones."""
    return {group_of[zone] for zone in muscle.essential if zone in group_of}
