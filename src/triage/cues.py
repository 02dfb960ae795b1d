"""Red-flag cues: combinations of words that must appear together in one sentence.

Fuzzy phrase matching finds the wordings we listed; cues catch wordings we never saw ("I've lost
six kilos without trying" meets `lost/losing + kilo*/weight`). A cue is written in
`red_flags.csv` as slots joined by ' + '; each slot lists alternatives separated by '/'; an
alternative is one or more words, a trailing '*' matches any ending ("tingl*"), and '<N' matches a
number below N ("<16 year*" matches "13 year old"); the words of an alternative may have one other
word between them ("can't put weight" matches "can't put any weight"). A cue fires when
every slot is found within one sentence and the sentence before it ("My son is 13. He limps.") and
no slot's words stand under a negation ("no fever").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.text import ParsedText, normalise

CUE_SYNTAX = re.compile(r"^[^+/]+(/[^+/]+)*( \+ [^+/]+(/[^+/]+)*)*$")


@dataclass(frozen=True)
class Cue:
    """A parsed cue: slots of alternatives, each alternative a tuple of word patterns."""

    target: str
    slots: tuple[tuple[tuple[str, ...], ...], ...]


def parse_cue(target: str, text: str) -> Cue:
    """Parse 'a/b c + d*' into slots; raise ValueError on bad syntax."""
    if not CUE_SYNTAX.match(text.strip()):
        raise ValueError(f"cue {text!r} is not 'word/word + word*'")
    slots = tuple(
        tuple(tuple(normalise(alternative).split()) for alternative in slot.split("/") if alternative.strip())
        for slot in text.split(" + ")
    )
    return Cue(target, slots)


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.startswith("<") and pattern[1:].isdigit():
        return word.isdigit() and int(word) < int(pattern[1:])
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def find_cues(parsed: ParsedText, cues: list[Cue]) -> list[tuple[str, int, int]]:
    """(target, first token, last token) for every cue that fires."""
    tokens = parsed.tokens
    found = []
    for cue in cues:
        for sentence in sorted({t.sentence for t in tokens}):
            positions = [i for i, t in enumerate(tokens) if sentence - 1 <= t.sentence <= sentence]
            hits = [_find_slot(slot, positions, parsed) for slot in cue.slots]
            if all(hit is not None for hit in hits):
                starts = [h for h in hits if h is not None]
                found.append((cue.target, min(starts), max(starts)))
                break
    return found


def _find_slot(slot: tuple[tuple[str, ...], ...], positions: list[int], parsed: ParsedText) -> int | None:
    """The token index where an alternative of the slot starts (not negated), else None."""
    tokens = parsed.tokens
    for start in positions:
        if tokens[start].negated:
            continue
        for alternative in slot:
            if _word_matches(alternative[0], tokens[start].norm) and _rest_matches(alternative[1:], start, parsed):
                return start
    return None


def _rest_matches(words: tuple[str, ...], previous: int, parsed: ParsedText) -> bool:
    """The remaining words follow in order within the sentence, each at most one word after the last."""
    tokens = parsed.tokens
    for pattern in words:
        nearby = [i for i in (previous + 1, previous + 2)
                  if i < len(tokens) and tokens[i].sentence == tokens[previous].sentence]
        found = next((i for i in nearby if _word_matches(pattern, tokens[i].norm)), None)
        if found is None:
            return False
        previous = found
    return True
