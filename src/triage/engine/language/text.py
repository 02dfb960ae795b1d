"""Plain-text structure of what a person typed: tokens with offsets, clauses, negation and sides.

This is deliberately rule-based and small (NegEx-style negation cues with a bounded scope), so that
every decision can be explained; the fuzzy matching of phrases lives in `matcher.py`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from triage.knowledge.vocabulary import MAX_TEXT_CHARS

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&|>|<", re.UNICODE)
_SENTENCE_BREAK = re.compile(r"[.;!?\n()\[\]]")
_FULL_STOP = re.compile(r"[.!?\n]")

# Words that close a clause for negation and side scope.
CLAUSE_BREAKERS = frozenset({"but", "however", "although", "though", "except", "yet", "whereas"})
# Negation cues that act on what follows ("no numbness", "without fever", "doesn't radiate").
NEGATION_CUES = frozenset({
    "no", "not", "without", "denies", "deny", "denied", "never", "nor", "none", "neither", "negative",
    "don't", "doesn't", "didn't", "haven't", "hasn't", "isn't", "aren't", "wasn't", "weren't", "dont", "doesnt",
    "didnt", "havent", "hasnt", "isnt", "arent", "wasnt", "werent", "absent", "nil",
})
# Negation cues that act on what precedes ("numbness: none", "tingling denied").
POST_NEGATION_CUES = frozenset({"denied", "none", "absent", "negative", "nil"})
# Phrases that contain a cue but do not negate ("not able to", "no longer", "not sure").
PSEUDO_NEGATIONS = (("not", "able"), ("no", "longer"), ("not", "sure"), ("not", "only"), ("no", "idea"),
                    ("not", "just"), ("no", "matter"), ("not", "until"), ("haven't", "been", "able"),
                    ("hasn't", "been", "able"), ("havent", "been", "able"), ("not", "been", "able"),
                    ("never", "been", "able"), ("didn't", "realise"), ("didn't", "realize"), ("don't", "know"),
                    ("didn't", "know"), ("didn't", "notice"), ("can't", "tell"))
NEGATION_SCOPE = 6

SIDE_WORDS = {
    "left": "left", "lt": "left", "right": "right", "rt": "right", "both": "both", "bilateral": "both",
    "bilaterally": "both", "either": "both",
}
_DOMINANT_SIDE = re.compile(r"\b(r|rt|right|l|lt|left)\s*>\s*(r|rt|right|l|lt|left)\b", re.IGNORECASE)
_SAME_SIDE = re.compile(r"\b(that|the same|same) side\b", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    """A word of the text: its normalised form, where it stands, and its clause."""

    norm: str
    start: int
    end: int
    clause: int
    sentence: int
    negated: bool
    after_comma: bool


@dataclass(frozen=True)
class ParsedText:
    """The text cut into tokens, with the side words found and any notice about the input."""

    text: str
    tokens: tuple[Token, ...]
    side_marks: tuple[tuple[int, str], ...]
    notices: tuple[str, ...]


def normalise(text: str) -> str:
    """Lower-case, accent-free text with '&' read as 'and' (used for phrases and spans alike)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("&", " and ").replace("’", "'")


# Words that carry nothing for matching a phrase ("front of MY LEFT thigh" is "front of thigh").
# Left and right are read separately (see side_near); "both" stays, as it carries meaning ("both legs").
SOFT_WORDS = frozenset({"my", "the", "a", "an", "your", "his", "her", "their", "our", "left", "right", "lt", "rt",
                        "this", "that", "these", "those"})
_SUFFIXES = ("ness", "ings", "ing", "edly", "ed", "ies", "ly", "es", "s", "y", "e")
_KEEP_DOUBLE = frozenset("lsfz")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper so that 'tingling', 'tingles' and 'tingly' meet (not a full stemmer)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            doubled = len(root) > 3 and root[-1] == root[-2] and root[-1] not in _KEEP_DOUBLE
            if suffix in ("ing", "ings", "ed") and doubled:
                root = root[:-1]
            return root
    return word


def match_form(words: list[str]) -> str:
    """The form phrases and spans are compared in: soft words dropped, the rest stemmed."""
    return " ".join(stem(w) for w in words if w not in SOFT_WORDS)


def words_of(text: str) -> list[str]:
    """Normalised words of a phrase, tokenised like a parsed text."""
    return ["and" if m.group() == "&" else normalise(m.group()).strip() for m in _TOKEN.finditer(text)]


def parse_text(text: str | None) -> ParsedText:
    """Tokenise, find clauses, negation scopes and side words; truncate over-long text with a notice."""
    notices: list[str] = []
    text = "" if text is None else str(text)
    if len(text) > MAX_TEXT_CHARS:
        notices.append(f"Only the first {MAX_TEXT_CHARS:,} characters of the text were read.")
        text = text[:MAX_TEXT_CHARS]
    raw = list(_TOKEN.finditer(text))
    norms = [normalise(m.group()).strip() or m.group() for m in raw]
    norms = ["and" if n == "&" else n for n in norms]
    clauses = _clauses(text, raw, norms)
    commas = [i > 0 and "," in text[raw[i - 1].end():m.start()] for i, m in enumerate(raw)]
    sentences = _sentences(text, raw)
    negated = _negation(norms, clauses, commas)
    tokens = tuple(
        Token(norm, m.start(), m.end(), clause, sentence, neg, comma)
        for m, norm, clause, sentence, neg, comma in zip(raw, norms, clauses, sentences, negated, commas, strict=True)
    )
    return ParsedText(text, tokens, _side_marks(text, tokens), tuple(notices))


def _clauses(text: str, raw: list[re.Match[str]], norms: list[str]) -> list[int]:
    clause, previous_end, result = 0, 0, []
    for match, norm in zip(raw, norms, strict=True):
        if _SENTENCE_BREAK.search(text, previous_end, match.start()) or norm in CLAUSE_BREAKERS:
            clause += 1
        result.append(clause)
        previous_end = match.end()
    return result


def _sentences(text: str, raw: list[re.Match[str]]) -> list[int]:
    sentence, result = 0, []
    for i, match in enumerate(raw):
        if i and _FULL_STOP.search(text, raw[i - 1].end(), match.start()):
            sentence += 1
        result.append(sentence)
    return result


def _negation(norms: list[str], clauses: list[int], commas: list[bool]) -> list[bool]:
    """A cue negates up to NEGATION_SCOPE following words of its clause, stopping at a comma (a list
    after a comma is read as present: over-triage is the safer mistake)."""
    negated = [False] * len(norms)
    for i, norm in enumerate(norms):
        if norm not in NEGATION_CUES or _is_pseudo(norms, i):
            continue
        for j in range(i + 1, min(len(norms), i + 1 + NEGATION_SCOPE)):
            if clauses[j] != clauses[i] or commas[j]:
                break
            negated[j] = True
        if norm in POST_NEGATION_CUES:
            for j in range(max(0, i - 3), i):
                if clauses[j] == clauses[i]:
                    negated[j] = True
    return negated


def _is_pseudo(norms: list[str], i: int) -> bool:
    return any(tuple(norms[i:i + len(p)]) == p for p in PSEUDO_NEGATIONS)


def _side_marks(text: str, tokens: tuple[Token, ...]) -> tuple[tuple[int, str], ...]:
    """(token index, side) for every side word; 'R>L' marks both sides; 'that side' repeats the last."""
    marks: list[tuple[int, str]] = []
    dominant = {m.start() for m in _DOMINANT_SIDE.finditer(text)}
    same_side = {m.start() for m in _SAME_SIDE.finditer(text)}
    for index, token in enumerate(tokens):
        if token.start in dominant:
            marks.append((index, "both"))
        elif token.norm in SIDE_WORDS and not token.negated:
            marks.append((index, SIDE_WORDS[token.norm]))
        elif token.start in same_side and marks:
            marks.append((index, marks[-1][1]))
    return tuple(marks)


def side_near(parsed: ParsedText, first: int, last: int) -> str | None:
    """The side that governs tokens first..last: a side word in the same clause (before it first),
    else the last side named earlier in the text, else the only side named anywhere."""
    clause = parsed.tokens[first].clause
    before = [side for index, side in parsed.side_marks if index < first and parsed.tokens[index].clause == clause]
    if before:
        return before[-1]
    after = [side for index, side in parsed.side_marks if index > last and parsed.tokens[index].clause == clause]
    if after:
        return after[0]
    earlier = [side for index, side in parsed.side_marks if index < first]
    if earlier:
        return earlier[-1]
    return overall_side(parsed)


def overall_side(parsed: ParsedText) -> str | None:
    """'left', 'right', 'both' or None, from every side word in the text."""
    sides = {side for _, side in parsed.side_marks}
    if not sides:
        return None
    if "both" in sides or sides == {"left", "right"}:
        return "both"
    return sides.pop()
