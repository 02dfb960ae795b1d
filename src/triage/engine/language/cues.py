"""Red-flag cues: combinations of words that must appear together in one sentence.

Fuzzy phrase matching finds the wordings we listed; cues catch wordings we never saw ("I've lost
six kilos without trying" meets `lost/losing + kilo*/weight`). A cue is written in
`red_flags.csv` as slots joined by ' + '; each slot lists alternatives separated by '/'; an
alternative is one or more words, a trailing '*' matches any ending ("tingl*"), and '<N' matches a
number below N ("<16 year*" matches "13 year old"); the words of an alternative may have one other
word between them ("can't put weight" matches "can't put any weight"). A cue fires when every slot
is found within one sentence and the sentence before it ("My son is 13. He limps.") and no slot's
words stand under a negation ("no fever"). A slot written with a leading '~' is a standing fact about
the person, such as a medicine taken ("~warfarin/xarelto + black + poo"): it may be anywhere in the text
("I take Xarelto for my heart. ... My poo has been black"), and the words shown are then the sign's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from triage.engine.language.context import DURATION, NEGATION_WORD
from triage.engine.language.text import ParsedText, Token, normalise

STANDING = "~"  # before a slot: a standing fact about the person, found anywhere in the text
CUE_SYNTAX = re.compile(r"^[^+/]+(/[^+/]+)*( \+ [^+/]+(/[^+/]+)*)*$")


@dataclass(frozen=True)
class Cue:
    """A parsed cue: slots of alternatives, each alternative a tuple of word patterns."""

    target: str
    slots: tuple[tuple[tuple[str, ...], ...], ...]
    standing: tuple[bool, ...]  # per slot: a standing fact, found anywhere in the text


def parse_cue(target: str, text: str) -> Cue:
    """Parse 'a/b c + d*' into slots; raise ValueError on bad syntax."""
    if not CUE_SYNTAX.match(text.strip()):
        raise ValueError(f"cue {text!r} is not 'word/word + word*'")
    written = [slot.strip() for slot in text.split(" + ")]
    slots = tuple(
        tuple(tuple(normalise(alternative).split()) for alternative in slot.removeprefix(STANDING).split("/")
              if alternative.strip())
        for slot in written
    )
    return Cue(target, slots, tuple(slot.startswith(STANDING) for slot in written))


def _word_matches(pattern: str, token: Token) -> bool:
    """A word pattern against a token; '<N' matches a number below N that is not a duration ('for 3 years')."""
    word = token.norm
    if pattern.startswith("<") and pattern[1:].isdecimal():
        return word.isdecimal() and int(word) < int(pattern[1:]) and DURATION not in token.context
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


class CueIndex:
    """Cues indexed by the first word of each alternative, so a text is read once, token by token."""

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = cues
        self._exact: dict[str, list[tuple[int, int, tuple[str, ...]]]] = defaultdict(list)
        self._prefix: dict[str, list[tuple[int, int, tuple[str, ...]]]] = defaultdict(list)
        self._numeric: list[tuple[int, int, tuple[str, ...]]] = []
        for c, cue in enumerate(cues):
            for k, slot in enumerate(cue.slots):
                for alternative in slot:
                    first = alternative[0]
                    entry = (c, k, alternative)
                    if first.startswith("<") and first[1:].isdecimal():
                        self._numeric.append(entry)
                    elif first.endswith("*"):
                        self._prefix[first[:-1]].append(entry)
                    else:
                        self._exact[first].append(entry)

    def find(self, parsed: ParsedText, concerns: Callable[[int, str], bool] = lambda _i, _f: True,
             ) -> list[tuple[str, int, int]]:
        """(red flag id, first token, last token) for every cue that fires, once per cue; a word counts only
        where `concerns(token, flag)` says it is about the person concerned, now, as a fact."""
        hits = self._hits(parsed, concerns)
        found: list[tuple[str, int, int]] = []
        for c in sorted({c for c, _ in hits}):  # only cues with some slot matched can fire
            cue = self.cues[c]
            span = _fired([hits.get((c, k), {}) for k in range(len(cue.slots))], cue.standing)
            if span is not None:
                found.append((cue.target, *span))
        return found

    def _hits(self, parsed: ParsedText, concerns: Callable[[int, str], bool],
              ) -> dict[tuple[int, int], dict[int, tuple[int, int]]]:
        """(cue, slot) -> sentence -> (first, last) token of the first place an alternative of that slot matches,
        outside negations."""
        hits: dict[tuple[int, int], dict[int, tuple[int, int]]] = defaultdict(dict)
        for i, token in enumerate(parsed.tokens):
            if token.negated or NEGATION_WORD in token.context:  # "no" itself is no evidence of anything
                continue
            for c, k, alternative in self._candidates(token.norm):
                if not _word_matches(alternative[0], token) or not concerns(i, self.cues[c].target):
                    continue
                end = _rest_matches(alternative[1:], i, parsed)
                if end is not None:
                    hits[(c, k)].setdefault(token.sentence, (i, end))
        return hits

    def _candidates(self, word: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """The alternatives whose first pattern may match this word (exact, by a prefix, or as a number)."""
        entries = list(self._exact.get(word, ()))
        for length in range(1, len(word) + 1):
            entries += self._prefix.get(word[:length], ())
        if word.isdecimal():
            entries += self._numeric
        return entries


def _fired(slot_hits: list[dict[int, tuple[int, int]]], standing: tuple[bool, ...]) -> tuple[int, int] | None:
    """(first, last) token of the first sentence window (a sentence and the one before) holding every slot but the
    standing ones, which may be anywhere: from the first word of the earliest slot's words in the window to the
    last word of the latest."""
    if not all(slot_hits):
        return None
    local = [h for h, anywhere in zip(slot_hits, standing, strict=True) if not anywhere] or slot_hits
    for sentence in sorted(local[0].keys() | {s + 1 for s in local[0]}):
        window = [next((h[s] for s in (sentence, sentence - 1) if s in h), None) for h in slot_hits]
        spans = [p for p in window if p is not None]
        if all(p is not None or anywhere for p, anywhere in zip(window, standing, strict=True)) and spans:
            return min(first for first, _ in spans), max(last for _, last in spans)
    return None


def _rest_matches(words: tuple[str, ...], previous: int, parsed: ParsedText) -> int | None:
    """The last token of the remaining words when they follow in order within the sentence, each at most one word
    after the last; None when they do not."""
    tokens = parsed.tokens
    for pattern in words:
        nearby = [i for i in (previous + 1, previous + 2)
                  if i < len(tokens) and tokens[i].sentence == tokens[previous].sentence]
        found = next((i for i in nearby if _word_matches(pattern, tokens[i])), None)
        if found is None:
            return None
        previous = found
    return previous
