"""Plain-text structure of what a person typed: tokens with offsets, clauses, negation and sides.

This is deliberately rule-based and small, so that every decision can be explained: the context of each
word (negation, whose words, time) comes from the rules in `context.py`; the fuzzy matching of phrases
lives in `matcher.py`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from triage.engine.language.context import NEGATED, SELF, ContextRules
from triage.engine.language.spelling import Speller
from triage.knowledge.vocabulary import MAX_TEXT_CHARS

# Numbers and words are separate tokens, so "8kg" reads as "8 kg" and "4yo" as "4 yo". Clinicians' "+ve" and "-ve"
# are one token each, read as the words they stand for ("SLR -ve" is "SLR negative").
_TOKEN = re.compile(r"\d+|[+-][vV][eE]\b|[^\W\d_]+(?:['’][^\W\d_]+)*|&|>|<", re.UNICODE)
_SHORTHAND = {"&": "and", "+ve": "positive", "-ve": "negative"}
# What ends a clause. An aside in brackets belongs to the words before it ("I'm a Cancer (star sign)", "my son
# (35)"), so an opening bracket does not end one; the closing bracket does, so the aside's words stay inside it.
_SENTENCE_BREAK = re.compile(r"[.;!?\n)\]]")
_FULL_STOP = re.compile(r"[.!?\n]")

# Words that close a clause for negation and side scope.
CLAUSE_BREAKERS = frozenset({"but", "however", "although", "though", "except", "yet", "whereas"})
SIDE_WORDS = {
    "left": "left", "lt": "left", "l": "left", "right": "right", "rt": "right", "r": "right", "both": "both",
    "bilateral": "both", "bilaterally": "both", "either": "both",
}
# "right" and "left" in other senses: "right into my foot", "she's right", "I left work". After "the", "my", "on"...
# they are always sides ("on the right at the back"), and so before "side" or "sided" ("it's right sided").
_SIDE_AFTER = frozenset({"the", "my", "his", "her", "their", "your", "our", "on", "to", "that"})
_SIDE_BEFORE = frozenset({"side", "sided", "sides"})
_INTENSIFIED = frozenset({  # "right" before these means "exactly" or "all the way"
    "into", "in", "down", "up", "through", "across", "along", "at", "behind", "above", "below", "under",
    "underneath", "over", "next", "by", "round", "around", "from", "there", "here", "now", "away", "after", "before",
    "between", "inside", "outside", "where", "off", "back", "near", "beside", "against", "out", "onto", "toward",
    "towards", "the", "a", "as", "enough",
})
_CORRECT = frozenset({"that's", "thats", "you're", "youre", "she's", "shes", "he's", "hes", "is", "was", "were",
                      "are", "be", "all", "not", "quite", "sounds", "seems", "alright"})  # "she's right"
_LEAVING = frozenset({"i", "he", "she", "they", "we", "you", "it", "just", "then"})  # "I left work"
_HANDED = frozenset({"handed", "footed"})  # "right-handed" says which hand, not where it hurts
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
    after_comma: bool
    context: frozenset[str] = frozenset()  # categories from the context rules (negated, historical, ...)
    experiencer: str = SELF  # whose words these are: the writer, a child, or someone else

    @property
    def negated(self) -> bool:
        return NEGATED in self.context


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
                        "l", "r", "this", "that", "these", "those"})
_SUFFIXES = ("ness", "ings", "ing", "edly", "ed", "ies", "ly", "es", "s", "y", "e")
_KEEP_DOUBLE = frozenset("lsfz")


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
    return [_token_norm(m.group()) for m in _TOKEN.finditer(text)]


def _token_norm(token: str) -> str:
    """A token's normalised form, shorthand spelt out."""
    return _SHORTHAND.get(token.lower()) or normalise(token).strip() or token


def parse_text(text: str | None, rules: ContextRules, speller: Speller | None = None) -> ParsedText:
    """Tokenise, correct typos, find clauses, the context of every word and side words; truncate over-long text
    with a notice."""
    notices: list[str] = []
    text = "" if text is None else str(text)
    if len(text) > MAX_TEXT_CHARS:
        notices.append(f"Only the first {MAX_TEXT_CHARS:,} characters of the text were read.")
        text = text[:MAX_TEXT_CHARS]
    raw = list(_TOKEN.finditer(text))
    norms = [_token_norm(m.group()) for m in raw]
    norms = [speller.correct(n) if speller and n not in _SHORTHAND.values() else n for n in norms]
    clauses = _clauses(text, raw, norms)
    commas = [i > 0 and "," in text[raw[i - 1].end():m.start()] for i, m in enumerate(raw)]
    sentences = _sentences(text, raw)
    questions = frozenset(clauses[i] for i, m in enumerate(raw)
                          if "?" in text[m.end():raw[i + 1].start() if i + 1 < len(raw) else len(text)])
    context = rules.assign(norms, clauses, sentences, commas, questions)
    tokens = tuple(
        Token(norm, m.start(), m.end(), clause, sentence, comma, categories, experiencer)
        for m, norm, clause, sentence, comma, categories, experiencer in zip(
            raw, norms, clauses, sentences, commas, context.categories, context.experiencers, strict=True)
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


def _side_marks(text: str, tokens: tuple[Token, ...]) -> tuple[tuple[int, str], ...]:
    """(token index, side) for every side word; 'R>L' marks both sides; 'that side' repeats the last."""
    marks: list[tuple[int, str]] = []
    found = list(_DOMINANT_SIDE.finditer(text))
    dominant = {m.start() for m in found}
    lesser = {m.start(2) for m in found}  # the R of "L>R" is part of the "both" mark
    same_side = {m.start() for m in _SAME_SIDE.finditer(text)}
    for index, token in enumerate(tokens):
        if token.start in dominant:
            marks.append((index, "both"))
        elif token.norm in SIDE_WORDS and not token.negated and token.start not in lesser and _is_a_side(tokens, index):
            marks.append((index, SIDE_WORDS[token.norm]))
        elif token.start in same_side and marks:
            marks.append((index, marks[-1][1]))
    return tuple(marks)


def _is_a_side(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether "right" or "left" here names a side (other side words always do)."""
    word = tokens[index].norm
    before = tokens[index - 1].norm if index and tokens[index - 1].clause == tokens[index].clause else ""
    after = tokens[index + 1].norm if index + 1 < len(tokens) else ""
    if word not in ("right", "left") or before in _SIDE_AFTER or after in _SIDE_BEFORE:
        return True
    if after in _HANDED:
        return False
    if word == "right":
        return after not in _INTENSIFIED and before not in _CORRECT
    return before not in _LEAVING


def side_near(parsed: ParsedText, first: int, last: int) -> str | None:
    """The side that governs tokens first..last: a side word among them ("my left buttock"), else one in the same
    clause (before them first), else the last side named earlier in the text, else the only side named anywhere."""
    within = [side for index, side in parsed.side_marks if first <= index <= last]
    if within:
        return within[-1]
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
