"""Context of every word, in the manner of NegEx and ConText, with the rules as data (`context_rules.csv`).

A trigger ("no", "my dad", "years ago", "could it be", "on purpose", "for") marks the words in its scope
with a category: negated, historical, resolved, hypothetical, explained, duration or age; scopes run forward,
backward or both, up to a number of words (0: to the end of the clause), never past a clause; negation
also stops at a comma. Pseudo-triggers ("no longer", "haven't passed") contain a trigger word but mark
nothing. Who the words are about is followed separately: the writer ("I", "my"), a child ("my son", "my
6 year old"), someone else ("my dad") or a pet ("my dog is"); each person trigger holds until the next, every
sentence starts with the writer, and a pronoun ("he", "she") refers back to the last child, other person or pet
named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from triage.knowledge.vocabulary import CONTEXT_DIRECTIONS

SELF, CHILD, OTHER = "self", "child", "other_person"
LIST_ENDS = frozenset({"or", "nor"})  # the word before a list's last item: a denial runs through the list to it
LIST_ITEM, LIST_REACH = 2, 8  # a list item is at most this many words; the list's end is looked for this far
LIST_TAIL = 4  # a denial that reaches "or" runs on through the item after it, up to this many words after the "or"
# ("no numbness between my legs or around my bottom": the bottom is denied too)
ANIMAL = "animal"  # a pet: like someone else, but never the one a text is about ("my dog has lost weight")
PERSONS = (SELF, CHILD, OTHER, ANIMAL)
BACK_FROM_PET = "back_from_pet"  # the writer named after a pet ("the horse threw me"): the writer's again
PRONOUN, PSEUDO, NEGATED, AGE, DURATION, TERMINATE = "pronoun", "pseudo", "negated", "age", "duration", "terminate"
HISTORICAL = "historical"  # long ago, or long-standing and unchanged ("years ago", "for years")
RESOLVED = "resolved"  # has just passed or settled ("gone now", "back to normal"): past too, but recent
PAST = frozenset({HISTORICAL, RESOLVED})
STABLE = "stable"  # not getting worse ("same as last week"): current, but not progressing
TIMES = PAST | {STABLE}  # the marks that say when, beside "now"
UNREAL = frozenset({"hypothetical", "explained"})  # a possibility, or a sign with a harmless cause given
# A sign's word used in another sense ("fell asleep" is no fall): marks only its own words, which then raise no
# flag by a rule; the net still reads them (it learns that "fell asleep on the beach" explains red skin).
OTHER_SENSE = "other_sense"
# A question about people in general ("Can steroid tablets weaken your bones?"): its words raise no flag by a
# rule, and the net still reads them. A general question opens with a word of the class ASKING ("can", "what")
# and ends with a question mark, and its clause names nobody: no person, pet or pronoun trigger, not even one a
# longer trigger swallowed ("can i", "could his": the one-word person triggers are looked for as plain words),
# and no "we" or "us"; "can I ...?" and "could my leg ...?" are the writer's own. Anyone named in general does
# not count: a word of the class ANYONE ("can people who ...?"), a person after "a" or "any" ("why might a child
# limp?", but not "a 6 year old") and, after one of those, a pronoun ("... get infections in their spine?").
GENERAL = "general"
ASKING, ANYONE = "{asking}", "{anyone}"
INDEFINITE = frozenset({"a", "an", "any"})
WE = frozenset({"we", "we're", "we've", "us", "our", "ours"})  # the writer among others: no person trigger of its own
NOT_BY_RULE = frozenset({OTHER_SENSE, GENERAL})  # words that raise no flag by a phrase or cue
NEGATION_WORD = "negation_word"  # a negation trigger itself ("no"): not negated, but no evidence either
# What a trigger's own words are marked with: "years ago" is itself past, "no" is a negation word, and so is
# "not getting worse" ("worse" in it is no evidence of getting worse).
OWN_WORDS = {HISTORICAL: HISTORICAL, RESOLVED: RESOLVED, "hypothetical": "hypothetical", "explained": "explained",
             OTHER_SENSE: OTHER_SENSE, NEGATED: NEGATION_WORD, STABLE: NEGATION_WORD,
             AGE: AGE}  # the number inside an age trigger is an age too ("my 85 year old father")
NUMBER = "#"  # in a trigger, any number ("my # year old")
CLASS = "{"  # in a trigger, "{animal}" is any word of the class "animal" (word_classes.csv)
POSSESSIVE = "'s"  # after a class ("{animal}'s"): only that word with "'s" ("my dog's leg" is the dog's, not mine)
START = "^"  # before a trigger's first word: only at the start of a sentence ("^does")
# Directions: forward and backward within the clause, both; ACROSS backward and on into the clause before in the
# same sentence ("gone, but came back"); PREVIOUS backward and on through the sentence before ("Fever, weight loss?
# Got none of those"); SENTENCE forward to the end of the sentence ("Years ago I had a clot, the foot went white").
FORWARD, BACKWARD, BOTH, ACROSS, PREVIOUS, SENTENCE = CONTEXT_DIRECTIONS
RECURRING = "recurring"  # the sign came back ("came back", "comes and goes"): current again, whatever said it had gone
AFFIRMED = "affirmed"  # the writer has what was just asked about ("Can a disc do that? It's happened to me"): real


@dataclass(frozen=True)
class Trigger:
    """One context rule: its words, what it marks, which way and how far."""

    words: tuple[str, ...]
    category: str
    direction: str  # forward, backward or both
    scope: int  # words; 0 means to the end of the clause


@dataclass(frozen=True)
class Context:
    """The context of every token: its categories and whose words they are."""

    categories: tuple[frozenset[str], ...]
    experiencers: tuple[str, ...]


class ContextRules:
    """Context triggers indexed by their first word; `assign` reads one text's tokens."""

    def __init__(self, triggers: list[Trigger], classes: dict[str, frozenset[str]] | None = None) -> None:
        """`classes`: what each "{name}" in a trigger stands for (any one of those words)."""
        self._classes = {f"{CLASS}{name}}}": words for name, words in (classes or {}).items()}
        self._by_first: dict[str, list[Trigger]] = defaultdict(list)
        for trigger in sorted(triggers, key=lambda t: -len(t.words)):  # longest first: "my dad" before "my"
            start = START if trigger.words[0].startswith(START) else ""
            first = trigger.words[0].removeprefix(START)
            for word in self._classes.get(first.removesuffix(POSSESSIVE), (first,)):
                self._by_first[start + word].append(trigger)
        # Words that name someone wherever they stand (see GENERAL).
        self._naming = WE | {t.words[0] for t in triggers
                             if len(t.words) == 1 and t.category in (*PERSONS, PRONOUN, BACK_FROM_PET)}
        self._pronouns = frozenset(t.words[0] for t in triggers if len(t.words) == 1 and t.category == PRONOUN)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, classes: pd.DataFrame | None = None) -> ContextRules:
        """The rules of a knowledge base's `context_rules` table, with its `word_classes`."""
        words = {} if classes is None else {str(row.id): frozenset(row.words) for row in classes.itertuples()}
        return cls([Trigger(tuple(str(row.trigger).lower().split()), row.category, row.direction, int(row.scope))
                    for row in frame.itertuples()], words)

    def _candidates(self, norms: list[str], i: int, sentence_start: bool) -> list[Trigger]:
        """The triggers that match at token i (those marked '^' only at the start of a sentence)."""
        word = norms[i][:-2] if norms[i].endswith("'s") else norms[i]  # "husband's" starts "my husband"
        keys = {norms[i], word, *((NUMBER,) if word.isdecimal() else ())}  # "# year history" starts at "10"
        found = [t for t in {t for key in keys for t in self._by_first.get(key, ())}
                 if _matches(t.words, norms, i, self._classes)]
        if sentence_start:
            found += [t for t in {t for key in keys for t in self._by_first.get(START + key, ())}
                      if _matches((word, *t.words[1:]), norms, i, self._classes)]
        return sorted(found, key=lambda t: -len(t.words))

    def words(self) -> frozenset[str]:
        """Every single-word trigger (these carry no place or finding of their own)."""
        return frozenset(first for first, ts in self._by_first.items() if any(len(t.words) == 1 for t in ts))

    def assign(self, norms: list[str], clauses: list[int], sentences: list[int], commas: list[bool],
               questions: frozenset[int] = frozenset()) -> Context:
        """Categories and experiencer of every token; `questions` are the clauses that end with a question mark."""
        found = self._triggers(norms, sentences)
        commas = _list_commas(norms, clauses, commas)
        ends = {start for start, _, t in found if t.category == TERMINATE}
        ors = frozenset(j for j, norm in enumerate(norms) if norm in LIST_ENDS)
        categories: list[set[str]] = [set() for _ in norms]
        # Negation first: a trigger that is itself denied ("haven't been trying to lose weight") marks nothing.
        for start, end, trigger in sorted(found, key=lambda f: f[2].category != NEGATED):
            if trigger.category == NEGATED or NEGATED not in categories[start]:
                for j in _scope(start, end, trigger, (clauses, sentences, commas), ends, questions, ors):
                    categories[j].add(trigger.category)
                for j in range(start, end):  # the trigger's own words carry its meaning too
                    categories[j].add(OWN_WORDS.get(trigger.category, ""))
        for marks in categories:
            marks.discard("")
            if RECURRING in marks:  # a sign that came back is current, though called gone before
                marks -= {*PAST, RECURRING}
            if AFFIRMED in marks:  # a question the writer answers for themselves is a report
                marks -= {"hypothetical", AFFIRMED}
        _ages_over_durations(categories)
        self._mark_general_questions(categories, found, norms, clauses, questions)
        return Context(tuple(frozenset(c) for c in categories), _experiencers(found, sentences, len(norms)))

    def _mark_general_questions(self, categories: list[set[str]], found: list[tuple[int, int, Trigger]],
                                norms: list[str], clauses: list[int], questions: frozenset[int]) -> None:
        """Mark `general` every word of a question about people in general (see GENERAL)."""
        asking = self._classes.get(ASKING, frozenset())
        opening = {clause: j for j, clause in reversed(list(enumerate(clauses)))}
        general = {clause for clause, j in opening.items() if clause in questions and norms[j] in asking}
        if not general:
            return
        naming = {start: t.category == PRONOUN for start, _, t in found if t.category in (*PERSONS, PRONOUN)}
        naming |= {j: norm in self._pronouns for j, norm in enumerate(norms) if norm in self._naming}
        general -= {clauses[j] for j, pronoun in naming.items()
                    if clauses[j] in general and not self._anyone(norms, clauses, j, pronoun=pronoun)}
        for j, clause in enumerate(clauses):
            if clause in general:
                categories[j].add(GENERAL)

    def _anyone(self, norms: list[str], clauses: list[int], j: int, *, pronoun: bool) -> bool:
        """Whether the person word at j names anyone in general (see GENERAL): a pronoun only after such a word
        in its clause."""
        if pronoun:
            return any(self._anyone(norms, clauses, i, pronoun=False)
                       for i in range(j - 1, -1, -1) if clauses[i] == clauses[j])
        indefinite = j > 0 and norms[j - 1] in INDEFINITE and not norms[j].isdecimal()  # "a 6 year old": a child
        return norms[j] in self._classes.get(ANYONE, frozenset()) or indefinite

    def _triggers(self, norms: list[str], sentences: list[int]) -> list[tuple[int, int, Trigger]]:
        """(start, end, trigger) of every trigger: at each place the longest ones (all rules with those
        words: "i'm" names the writer and marks an age), none overlapping."""
        found, i = [], 0
        while i < len(norms):
            # a trigger lies within one sentence: "since I fell. Asleep all day" holds no "fell asleep"
            matching = [t for t in self._candidates(norms, i, i == 0 or sentences[i] != sentences[i - 1])
                        if sentences[i + len(t.words) - 1] == sentences[i]]
            if not matching:
                i += 1
                continue
            longest = len(matching[0].words)
            found += [(i, i + longest, t) for t in matching if len(t.words) == longest]
            i += longest
        return found


def _list_commas(norms: list[str], clauses: list[int], commas: list[bool]) -> list[bool]:
    """The commas that stop a negation: all but those inside a list of short items that ends with "or" or "nor"
    ("not swollen, red or warm", "no fever, chills, sweats or shakes"): the denial runs to the list's end."""
    stops = list(commas)
    for j in (j for j, comma in enumerate(commas) if comma):
        item = 0  # words of the current item
        for k in range(j, min(len(norms), j + LIST_REACH)):
            if clauses[k] != clauses[j] or item >= LIST_ITEM:
                break
            if norms[k] in LIST_ENDS:
                stops[j] = False
                break
            item = 1 if k > j and commas[k] else item + 1
    return stops


def _matches(words: tuple[str, ...], norms: list[str], start: int, classes: dict[str, frozenset[str]]) -> bool:
    """Whether a trigger's words are at `start`: each word itself (or with "'s"), any number for '#', any word of
    its class for "{name}" (with "'s" for "{name}'s")."""
    if start + len(words) > len(norms):
        return False
    for word, norm in zip(words, norms[start:start + len(words)], strict=True):
        if word == norm:
            continue
        plain = norm.removesuffix(POSSESSIVE)
        if word == NUMBER:
            matched = norm.isdecimal()
        elif word.startswith(CLASS):
            name = word.removesuffix(POSSESSIVE)
            matched = plain in classes[name] and (name == word or norm.endswith(POSSESSIVE))
        else:
            matched = plain == word
        if not matched:
            return False
    return True


def _scope(start: int, end: int, trigger: Trigger, layout: tuple[list[int], list[int], list[bool]],
           ends: set[int], questions: frozenset[int], ors: frozenset[int] = frozenset()) -> list[int]:
    """The tokens a trigger marks: in its clause, within its scope, in its direction(s), up to a terminator;
    `layout` is each token's clause, sentence and whether a comma precedes it; a denial that reaches one of `ors`
    ("or", "nor") runs on through the item after it (LIST_TAIL)."""
    clauses, sentences, commas = layout
    if trigger.category in (*PERSONS, PRONOUN, BACK_FROM_PET, PSEUDO, OTHER_SENSE, TERMINATE):
        return []
    limit = trigger.scope or len(clauses)
    marked: list[int] = []
    if trigger.direction in (FORWARD, BOTH, SENTENCE):
        clause, sentence = clauses[end - 1], sentences[end - 1]
        j = end
        while j < len(clauses) and (j < end + limit or _in_last_item(j, marked, ors, trigger)):
            outside = sentences[j] != sentence if trigger.direction == SENTENCE else clauses[j] != clause
            if outside or (trigger.category == NEGATED and commas[j]) or j in ends:
                break
            marked.append(j)
            j += 1
    if trigger.direction in (BACKWARD, BOTH, ACROSS, PREVIOUS):
        marked += _backward(start, trigger, layout, ends, questions)
    return marked


def _in_last_item(j: int, marked: list[int], ors: frozenset[int], trigger: Trigger) -> bool:
    """Whether token j, past a denial's scope, is still in the item after the last "or" that the denial reached
    (at most LIST_TAIL words after it)."""
    reached = [m for m in marked if m in ors]
    return trigger.category == NEGATED and bool(reached) and j <= max(reached) + LIST_TAIL


def _backward(start: int, trigger: Trigger, layout: tuple[list[int], list[int], list[bool]], ends: set[int],
              questions: frozenset[int]) -> list[int]:
    """The tokens a trigger marks backward. An answer opening a sentence ("Swollen leg? Nope.") reaches back into
    the question just before it; "backward_across" into the clause before, in the same sentence ("went away but
    came back"); "backward_previous" through the rest of its sentence and the whole sentence before."""
    clauses, sentences, _ = layout
    limit = trigger.scope or len(clauses)
    answers = trigger.words[0].startswith(START) and clauses[start] - 1 in questions
    across = trigger.direction == ACROSS
    reach = {clauses[start], clauses[start] - 1} if answers or across else {clauses[start]}
    marked: list[int] = []
    for j in range(start - 1, max(-1, start - 1 - limit), -1):
        if trigger.direction == PREVIOUS:
            stopped = sentences[j] < sentences[start] - 1
        else:
            stopped = clauses[j] not in reach or (sentences[j] != sentences[start] if across else j + 1 in ends)
        if stopped:
            break
        marked.append(j)
    return marked


def _ages_over_durations(categories: list[set[str]]) -> None:
    """A number marked both ways ("for my 6 year old") is an age: 'old' says so more surely than 'for'."""
    for marks in categories:
        if AGE in marks:
            marks.discard(DURATION)


def _experiencers(found: list[tuple[int, int, Trigger]], sentences: list[int], count: int) -> tuple[str, ...]:
    """Whose words each token is: person triggers switch, pronouns refer back, "me" after a pet is the writer
    again, and a sentence starts with the writer, except in a text that has so far named a person (not a pet)
    and never the writer: there it goes on with that person ("My husband hasn't slept. The pain gets him up.")."""
    switches = {start: t.category for start, _, t in found if t.category in (*PERSONS, PRONOUN, BACK_FROM_PET)}
    result, current, last_other, writer_named = [], SELF, None, False
    for i in range(count):
        if i and sentences[i] != sentences[i - 1]:
            current = last_other if not writer_named and last_other in (CHILD, OTHER) else SELF
        category = switches.get(i)
        writer_named = writer_named or category == SELF
        if category == BACK_FROM_PET:
            current = SELF if current == ANIMAL else current
        elif category == PRONOUN:
            current = last_other or current
        elif category is not None:
            current = category
            last_other = category if category != SELF else last_other
        result.append(current)
    return tuple(result)
