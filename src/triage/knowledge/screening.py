"""Who should not do a self-care item: the screening vocabulary's rules, and what suits one person.

`screening.csv` names conditions (a hip replacement, blood thinners, pregnancy ...) and, in
`required_when`, which self-care items must consider each one (every pressure technique must say
what it means for someone on blood thinners). Items list the ids in `avoid_if` or `caution_if`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from triage.knowledge.errors import Problem
from triage.knowledge.model import SelfCare

SCREENED_KINDS = ("stretch", "self_massage")  # end-range positions and pressure: never without a screening


def _holds(test: str, item: dict[str, Any], group: str) -> bool:
    """One `required_when` test (`kind:stretch+group:gluteal`) against an item of a muscle in `group`."""
    text = f"{item.get('name', '')} {item.get('how', '')}".lower()
    for part in test.split("+"):
        key, value = part.split(":", 1)
        if key == "kind" and item.get("kind") != value:
            return False
        if key == "group" and group != value:
            return False
        if key == "word" and not re.search(rf"\b{re.escape(value)}", text):
            return False
    return True


def check_self_care(muscle: dict[str, Any], screening: list[dict[str, Any]]) -> list[Problem]:
    """Problems of one muscle record's self-care items against the screening rules."""
    problems = []
    for index, item in enumerate(muscle.get("self_care", [])):
        listed = {*item.get("avoid_if", []), *item.get("caution_if", [])}
        where = f"self_care[{index}]"
        if item.get("kind") in SCREENED_KINDS and not listed:
            problems.append(Problem(muscle["_file"], f"{where}.avoid_if",
                                    f"a '{item['kind']}' item needs screening; allowed: ids of screening.csv in "
                                    "'avoid_if' or 'caution_if'"))
        for row in (r for r in screening if r.get("id")):
            test = next((t for t in row.get("required_when") or () if _holds(t, item, muscle.get("group", ""))), None)
            if test and row["id"] not in listed:
                problems.append(Problem(muscle["_file"], f"{where}.caution_if",
                                        f"'{item.get('name')}' matches '{test}' of screening '{row['id']}' but does "
                                        f"not list it; allowed: add '{row['id']}' to 'avoid_if' or 'caution_if'"))
    return problems


@dataclass(frozen=True)
class Suitability:
    """What one self-care item means for one person's answers: avoid it, take care, or nothing to say."""

    item: SelfCare
    avoid: tuple[str, ...]
    caution: tuple[str, ...]


def suitability(items: Iterable[SelfCare], answers: Iterable[str]) -> list[Suitability]:
    """Each item with the person's conditions (screening ids) that it should be avoided or done carefully with."""
    have = set(answers)
    return [Suitability(item, tuple(i for i in item.avoid_if if i in have),
                        tuple(i for i in item.caution_if if i in have))
            for item in items]
