"""Turning a query (marked regions, chosen findings, free text) into evidence the scorer and gate use.

Explicit ids and what the text says are merged; the text's matched spans are kept so a surface can
say "we understood: ...", and what could not be placed is listed, never silently dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TypeVar

import pandas as pd

from triage.engine.described import content_stem
from triage.engine.language.context import (
    AGE,
    CHILD,
    NEGATED,
    NEGATION_WORD,
    NOT_BY_RULE,
    OTHER,
    OTHER_SENSE,
    PAST,
    RESOLVED,
    SELF,
    STABLE,
    TIMES,
    UNREAL,
    ContextRules,
)
from triage.engine.language.cues import CueIndex, parse_cue
from triage.engine.language.matcher import EDGE_STOPWORDS, Match, Phrase, PhraseMatcher
from triage.engine.language.paraphrase import ParaphraseNet
from triage.engine.language.spelling import Speller
from triage.engine.language.text import (
    SIDE_WORDS,
    SOFT_WORDS,
    ParsedText,
    Token,
    match_form,
    overall_side,
    parse_text,
    side_near,
    words_of,
)
from triage.engine.thresholds import (
    CHILD_AGE,
    MARKED_NOT_NAMED_FIRST,
    MIN_NET_WORDS,
    NAMED_PHRASE,
    NERVE_LIKE_PHRASE,
    NET_ASK,
    NET_FIRE,
    NET_VETO,
    PLACE_AFTER_FINDING,
    RED_FLAG_PHRASE,
    WORDED_PLACE,
)
from triage.engine.types import TARGET_SEPARATOR, Evidence, Query, Question, Raised, Span, Understanding
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import (
    ALARMING_PLACES,
    DIRECTION,
    OWNED_PLACE,
    OWNER,
    PLAIN_PAIN,
    POSITION_KINDS,
    SIDES,
    TIME_SPAN,
)

LANDMARK_JOIN = frozenset({"and", "the", "my", "your"})  # between the two ends: "between the knee and the ankle"
LANDMARK_LEAD = frozenset({"the", "my", "your"})  # words between "between" and the first end
# Words that carry no place or finding of their own, so they are never listed as "not understood".
FILLER = EDGE_STOPWORDS | frozenset(SIDE_WORDS) | frozenset({
    "pain", "painful", "hurts", "hurt", "hurting", "ache", "aches", "aching", "sore", "soreness", "area", "side",
    "sometimes", "often", "always", "since", "about", "after", "before", "weeks", "days", "months", "years", "ago",
    "week", "day", "month", "year", "am", "we", "you", "he", "she", "they", "her", "his", "their", "our", "can",
    "do", "does", "did", "will", "would", "could", "should", "all", "any", "much", "more", "most", "less", "but",
    "not", "r", "l", ">", "<", "and", "or", "doctor", "please", "help", "thanks", "hi", "hello", "started",
})

# Words that may bring in the other side, whatever side word a text also has: limbs in the plural ("my legs") and
# the other one ("now the other leg", "the opposite one", "each leg"). "both" and "either" are side words already.
OTHER_SIDE_WORDS = frozenset({"legs", "feet", "thighs", "calves", "shins", "knees", "other", "opposite", "each"})

# The routes by which words alone raise a flag (a cue, a listed phrase): the net may overrule them, never a ticked box.
WORD_ROUTES = frozenset({"cue", "phrase"})
NOT_A_FINDING = frozenset({"hypothetical", *NOT_BY_RULE})  # words that hold no finding of the person's

T = TypeVar("T", Raised, Question)


class Understander:
    """Reads queries against one knowledge base. `fit(kb)` indexes its lay terms; the optional paraphrase net
    (used only when it knows no flag the knowledge base lacks) reads what no rule lists."""

    def __init__(self, net: ParaphraseNet | None = None, words: tuple[str, ...] = ()) -> None:
        """`net`: the paraphrase net, if any; `words`: more words for the speller when there is no net (training
        passes the corpus's, which the net it makes will carry)."""
        self.net = net
        self.words = words


    def fit(self, kb: KnowledgeBase) -> Understander:
        phrases = _phrases(kb)
        self.kb_ = kb
        # The words for places on the body ("back", "hip"): whose pain a text is about, when no phrase matched.
        places_words = {w for p in phrases if p.kind == "region" for w in words_of(p.text)}
        self.place_words_ = frozenset(places_words - EDGE_STOPWORDS)
        self._fit_word_classes(kb)
        # Red-flag phrases must match closely; the cues carry recall for wordings never seen. A phrase may lack a
        # word of pain or time in the text ("back passage pain" in "my back passage"), never another word.
        self.matcher_ = PhraseMatcher(kind_thresholds={"red_flag": RED_FLAG_PHRASE, "named": NAMED_PHRASE},
                                      headed_kinds=frozenset({"region"}),
                                      loose_words=self.pain_words_ | self.time_words_).fit(phrases)
        self.cues_ = CueIndex([
            parse_cue(row.id, cue)
            for row in kb.red_flags.itertuples()
            if isinstance(row.cues, list)
            for cue in row.cues
        ])
        self.zone_sides_ = kb.regions.groupby("zone")["side"].apply(set).to_dict()
        self.region_places_ = dict(zip(kb.regions.index, zip(kb.regions["zone"], kb.regions["side"], strict=True),
                                       strict=True))  # region id -> (zone, side): no table lookup per query
        self.context_ = ContextRules.from_frame(kb.context_rules, kb.word_classes)
        self.net_ = self.net if self.net is None or set(self.net.flags) <= set(kb.red_flags.index) else None
        self.speller_ = Speller(_vocabulary(kb, phrases), extra=self.net_.speller_words if self.net_ else self.words)
        self.filler_ = FILLER | self.context_.words()
        # The kinds of past in which a mention of a flag still counts: any (a past cancer), only a sign that has
        # just passed (stroke signs that went away still need 999), or none (the default); and whether a sign
        # said to be stable or improving counts (yes, unless the flag is about getting worse).
        kinds = {"yes": PAST, "resolved": frozenset({RESOLVED})}
        progressive = _flags_marked(kb, "stable_counts", "no")
        self.past_ = {flag: kinds.get(value, frozenset()) | (frozenset() if flag in progressive else {STABLE})
                      for flag, value in kb.red_flags.get("past_counts", pd.Series(dtype=object)).items()}
        self.child_only_ = _flags_marked(kb, "child_only")
        self.both_sides_ = _flags_marked(kb, "both_sides")
        self.nerve_like_ = frozenset(kb.findings.index[kb.findings["nerve_like"] == "yes"])
        self.positions_ = frozenset(kb.findings.index[kb.findings["kind"].isin(POSITION_KINDS)])
        builds_on = kb.red_flags.get("builds_on", pd.Series(dtype=object))
        self.builds_on_ = {f: b for f, b in builds_on.items() if isinstance(b, str) and b}
        self.built_on_by_: dict[str, tuple[str, ...]] = {}
        for flag, base in sorted(self.builds_on_.items()):
            self.built_on_by_[base] = (*self.built_on_by_.get(base, ()), flag)
        # a flag with those built on it and the one it builds on: what the net's veto weighs together
        self.kin_ = {flag: (flag, *self.built_on_by_.get(flag, ()), *filter(None, [self.builds_on_.get(flag)]))
                     for flag in kb.red_flags.index}
        return self

    def _fit_word_classes(self, kb: KnowledgeBase) -> None:
        """The word classes the engine itself reads (see the knowledge base's README)."""
        classes = kb.word_classes["words"]
        self.pain_words_ = frozenset(classes.get(PLAIN_PAIN, ()))
        self.time_words_ = frozenset(classes.get(TIME_SPAN, ()))
        self.plain_words_ = FILLER | self.pain_words_ | self.time_words_
        self.owned_places_ = frozenset(classes.get(OWNED_PLACE, ()))
        self.owners_ = frozenset(classes.get(OWNER, ()))
        self.directions_ = frozenset(classes.get(DIRECTION, ()))

    def net_text(self, text: str, *, past: bool = True) -> str:
        """The words of a text that are about the person concerned, as a fact (and, unless `past` is False,
        including the past): what the paraphrase net reads, in training and when answering."""
        parsed = parse_text(text, self.context_, self.speller_)
        patient = _patient(parsed, self._matches(parsed), self.place_words_)
        return _words_concerning(parsed, patient, TIMES if past else frozenset({STABLE}))

    def read(self, text: str) -> Reading:
        """What the text alone says (the costly part of understanding), ready to merge with a query's ids."""
        if not hasattr(self, "kb_"):
            raise RuntimeError("Understander is not fitted: call fit() first")
        parsed = parse_text(text, self.context_, self.speller_)
        matches = tuple(self._matches(parsed))
        patient = _patient(parsed, list(matches), self.place_words_)

        def concerns(index: int, flag: str) -> bool:
            return _sign_word(parsed.tokens[index], patient, self._past(flag))

        cues = tuple(self.cues_.find(parsed, concerns))
        covered = [(m.first_token, m.last_token) for m in matches] + [(first, last) for _, first, last in cues]
        return Reading(text=text, parsed=parsed, matches=matches, patient=patient,
                       child=patient == CHILD or _young(parsed), cues=cues,
                       net=self._net_reading(parsed, patient) if self.net_ is not None else None,
                       leftovers=tuple(_leftovers(parsed, covered, self.filler_)),
                       described=_described(parsed, patient))

    def understand(self, query: Query, reading: Reading | None = None) -> Understanding:
        """Merge explicit ids with what the text says; `reading` (from `read`) is reused when it is of this
        query's text, so a page rerun with unchanged text does not read it again."""
        if reading is None or reading.text != query.text:
            reading = self.read(query.text)
        parsed, patient = reading.parsed, reading.patient
        gathered = _Gathered(self.kb_, self.zone_sides_, self.region_places_)
        gathered.take_ids(query)
        self._take_matches(reading, gathered)
        apart = [(flag, first, last) for flag, first, last in reading.cues
                 if _places_apart(parsed, reading.matches, first, last)]
        for flag, first, last in reading.cues:
            if (flag, first, last) not in apart:
                gathered.take_cue(parsed, flag, first, last)
        if reading.net is not None:
            self._drop_what_the_net_rules_out(reading, gathered)
            not_asked = self.both_sides_ if _one_side_only(parsed) else frozenset()
            if not _only_a_place(reading, self.plain_words_):
                self._decide_with_net(reading.net, gathered, set(query.ruled_out), not_asked)
        for flag, first, last in apart:  # unsure whose place the sign is: asked, unless the net rules it out
            if flag not in query.ruled_out and (reading.net is None or not self._ruled_out(reading, flag, False)):
                words = (parsed.text[parsed.tokens[first].start:parsed.tokens[last].end],)
                gathered.questions.append(self._question(flag, words, "Does this apply to you now"))
        if not reading.child:
            self._ask_if_a_child(gathered, set(query.ruled_out), adult=_adult(parsed, patient))
        gathered.unrecognised += reading.leftovers
        return gathered.understanding(parsed, reading.described)

    def _take_matches(self, reading: Reading, gathered: _Gathered) -> None:
        """The phrases found in the text that count: not a body part in an activity, nor someone else's sign."""
        parsed, patient = reading.parsed, reading.patient
        positions = [m for m in reading.matches if m.kind == "finding" and not self.positions_.isdisjoint(m.targets)]
        landmarks = _landmarks(parsed, [m for m in reading.matches if m.kind == "region"])
        for match in reading.matches:
            if match.kind == "region" and (_inside_any(match, positions) or match.first_token in landmarks):
                continue  # a body part in an activity or a position ("on my feet all day"), or a landmark
            if match.kind == "region" and (_no_place_now(parsed, match) or not _whose(parsed, match, patient)):
                continue  # not where it hurts now, or someone else's place ("my son moans about his knees")
            if match.kind == "red_flag" and not all(
                    _sign_word(parsed.tokens[i], patient, self._past(t)) for i in match.tokens
                    for t in match.targets):
                continue
            if match.kind == "finding" and not self._real_finding(parsed, match, patient):
                continue  # someone else's, hypothetical (or, for a nerve-like sign, past or explained)
            gathered.take_match(parsed, match)

    def _matches(self, parsed: ParsedText) -> list[Match]:
        """The phrases found in a text, but a place word with other senses where it names no place ("came back")."""
        return [m for m in self.matcher_.match(parsed) if m.kind != "region" or self._owned(parsed, m)]

    def _owned(self, parsed: ParsedText, match: Match) -> bool:
        """A place word with other senses ("back") names a place only right after a word of whose ("my back") or
        right before a word of pain ("back pain"), not in "came back" or "back to work", nor after a word of
        direction and "the" ("ache at the back", "it runs down the back": a side of something else)."""
        tokens, at = parsed.tokens, match.first_token
        if len(match.tokens) > 1 or tokens[at].norm not in self.owned_places_:
            return True
        owned = at > 0 and tokens[at - 1].norm in self.owners_ and not (
            at > 1 and tokens[at - 1].norm == "the" and tokens[at - 2].norm in self.directions_)
        return owned or (at + 1 < len(tokens) and tokens[at + 1].norm in self.pain_words_)

    def _real_finding(self, parsed: ParsedText, match: Match, patient: str) -> bool:
        """A finding counts unless it is someone else's, hypothetical, in another sense ("numb to it all") or in a
        question about people in general; a nerve-like one (which can send a person to a clinician) also not when
        past or explained ("numb bum after a long ride, gone now"), nor when its phrase matched only loosely."""
        nerve_like = not self.nerve_like_.isdisjoint(match.targets)
        if nerve_like and match.score < NERVE_LIKE_PHRASE:
            return False  # it may send the person to a clinician: a loose match ("the electric blanket") is not enough
        for i in match.tokens:
            token = parsed.tokens[i]
            if token.experiencer != patient or not NOT_A_FINDING.isdisjoint(token.context):
                return False
            if nerve_like and not _concerns(token, patient, frozenset({STABLE})):
                return False
        return True

    def _past(self, flag: str) -> frozenset[str]:
        """The kinds of past (and "stable") in which a mention of this flag still counts (see `fit`)."""
        return self.past_.get(flag, frozenset())

    def _net_past(self, flag: str) -> frozenset[str]:
        """What the net reads for a flag: the words in the kinds of past that count, and every word said to be
        stable (the net learns from "same as last week" itself; only the rules drop those words)."""
        return self._past(flag) | {STABLE}

    def _ask_if_a_child(self, gathered: _Gathered, ruled_out: set[str], *, adult: bool) -> None:
        """A child's warning sign in a text that names no child (no parent writing, no age under 16) is asked
        about rather than raised or dropped; in a text where the writer, writing about themselves, gives an
        adult age ("I'm 45 and limping"), it is dropped, and so is any question the net asked about it."""
        if adult:
            gathered.questions = [q for q in gathered.questions if q.flag not in self.child_only_]
        for flag in [f for f in gathered.red_flags if f in self.child_only_]:
            words = next((r.words for r in gathered.raised if r.flag == flag), ())
            gathered.red_flags = [f for f in gathered.red_flags if f != flag]
            gathered.raised = [r for r in gathered.raised if r.flag != flag]
            if flag not in ruled_out and not adult:
                gathered.questions.append(self._question(flag, words, "Is this about a child or teenager"))

    def _net_reading(self, parsed: ParsedText, patient: str) -> NetReading | None:
        """The net's chance for each flag, read from the words about the person in the kinds of past that count
        for that flag (now only; now and any past; now and what has just passed): each distinct text read once."""
        assert self.net_ is not None
        kinds = sorted({self._net_past(flag) for flag in self.net_.flags}, key=sorted)
        texts = {kind: _words_concerning(parsed, patient, kind) for kind in kinds}
        probabilities = {text: self.net_.probabilities(text) for text in set(texts.values())
                         if len(text.split()) >= MIN_NET_WORDS}
        if not probabilities:
            return None
        chances = {}
        for index, flag in enumerate(self.net_.flags):
            text = texts[self._net_past(flag)]
            chances[flag] = (float(probabilities[text][index]) if text in probabilities else 0.0), text
        return NetReading(chances)

    def _drop_what_the_net_rules_out(self, reading: Reading, gathered: _Gathered) -> None:
        """A flag raised only by words (a cue, or a listed phrase) is dropped when the net, reading the same text
        with its context, finds it nearly impossible (below NET_VETO), and so too every flag that builds on it and
        the flag it builds on (the net tells a sign from its graver form poorly: "limping since Tuesday with a
        fever" reads to it as a limp, and the rule's fever stands): a rule sees words ("cancer", "lost control of
        his bowels"), the net also weighs whose, when and why ("our dog has cancer", "what does saddle numbness
        mean?"). A ticked flag always stands, a flag the net does not know is never dropped, and neither is one
        the net finds likely (NET_ASK) in the sentences where its words were found alone (a long text about two
        signs can drown the second in the first), nor a listed phrase with too few other words in its sentence
        for the net to read its context."""
        by_words = {r.flag for r in gathered.raised if r.route in WORD_ROUTES}
        standing = {r.flag for r in gathered.raised if r.route not in WORD_ROUTES}
        by_phrase = {r.flag for r in gathered.raised if r.route == "phrase"}
        ruled_out = {flag for flag in by_words - standing if self._ruled_out(reading, flag, flag in by_phrase)}
        gathered.red_flags = [f for f in gathered.red_flags if f not in ruled_out]
        gathered.raised = [r for r in gathered.raised if r.flag not in ruled_out]

    def _ruled_out(self, reading: Reading, flag: str, by_phrase: bool) -> bool:
        """Whether the net finds a flag raised by words nearly impossible (below NET_VETO, for it and its kin) and
        not likely (NET_ASK) in the sentences where its words were found."""
        assert reading.net is not None
        chances = reading.net.chances
        chance = max(chances.get(f, (1.0, ""))[0] for f in self.kin_.get(flag, (flag,)))
        return chance < NET_VETO and self._chance_where_said(reading, flag, by_phrase) < NET_ASK

    def _chance_where_said(self, reading: Reading, flag: str, by_phrase: bool) -> float:
        """The net's chance for a flag read from the sentences where its cues or listed phrases were found,
        alone (0 when too short to read); 1 for a listed phrase with too few other words in its sentence to read
        its context: a phrase said on its own is the knowledge base's word, not the net's to overrule."""
        assert self.net_ is not None
        parsed, past = reading.parsed, self._net_past(flag)
        phrase_tokens = {i for m in reading.matches if m.kind == "red_flag" and flag in m.targets for i in m.tokens}
        phrase_sentences = {parsed.tokens[i].sentence for i in phrase_tokens}
        around = len(_words_concerning(parsed, reading.patient, past, phrase_sentences).split()) - len(phrase_tokens)
        if by_phrase and around < MIN_NET_WORDS:
            return 1.0
        cue_sentences = {parsed.tokens[first].sentence for cued, first, _ in reading.cues if cued == flag}
        sentences = phrase_sentences | cue_sentences
        text = _words_concerning(parsed, reading.patient, past, sentences)
        if flag not in self.net_.flags or len(text.split()) < MIN_NET_WORDS:
            return 0.0
        return float(self.net_.probabilities(text)[self.net_.flags.index(flag)])

    def _decide_with_net(self, reading: NetReading, gathered: _Gathered, ruled_out: set[str],
                         not_asked: frozenset[str]) -> None:
        """Flags the net is sure of are raised; flags it finds likely are asked about (unless answered no, or in
        `not_asked`: a sign of both sides in a text about one side)."""
        assert self.net_ is not None
        chances = reading.chances
        for index, flag in enumerate(self.net_.flags):
            chance, text = chances[flag]
            if flag in self.builds_on_ and chance < min(NET_FIRE, chances[self.builds_on_[flag]][0]):
                continue  # unsure, and it reads more like the simpler sign it builds on (a swollen calf alone)
            if chance < NET_ASK or flag in gathered.red_flags or flag in ruled_out:
                continue
            words = self.net_.words_for(text, index)
            if chance >= NET_FIRE:
                gathered.red_flags.append(flag)
                gathered.raised.append(Raised(flag, "net", words))
            elif flag not in not_asked:
                gathered.questions.append(self._question(flag, words, "Does this apply to you now"))

    def _question(self, flag: str, words: tuple[str, ...], asking: str) -> Question:
        """A yes/no question about a red flag, in its checklist words."""
        return Question(flag, words, f"{asking}: {self.kb_.red_flags.loc[flag, 'label']}?")


@dataclass(frozen=True)
class NetReading:
    """The paraphrase net's view of a text: per flag, its chance and the words it was read from (with the kinds
    of past that count for the flag)."""

    chances: dict[str, tuple[float, str]]


@dataclass(frozen=True)
class Reading:
    """What a text says on its own, before a query's ids are merged in. It holds the person's words: a
    surface keeps it no longer than it keeps the text itself."""

    text: str
    parsed: ParsedText
    matches: tuple[Match, ...]
    patient: str  # whose pain the text is about
    child: bool  # the text is about a child (a parent writing, or an age under 16)
    cues: tuple[tuple[str, int, int], ...]  # (red flag, first token, last token) of each cue that fired
    net: NetReading | None
    leftovers: tuple[str, ...]  # words that could not be placed
    described: dict[str, str]  # sign stem -> the person's word, for the "described" scoring term


@dataclass
class _Gathered:
    """What one query has told so far; made afresh for every query, so the fitted Understander never changes."""

    kb: KnowledgeBase
    zone_sides: dict[str, set[str]]
    region_places: dict[str, tuple[str, str]]  # region id -> (zone, side)
    zones: dict[str | None, dict[str, float]] = field(default_factory=lambda: {None: {}, "left": {}, "right": {}})
    regions: list[str] = field(default_factory=list)
    mapped: bool = False  # whether the person marked the map
    on_map: frozenset[tuple[str, str | None]] = frozenset()  # (zone, side) of every place marked on the map
    worded: bool = False  # whether a place was read from the words yet
    named_first: set[tuple[str, str | None]] = field(default_factory=set)  # (zone, side) of the first place in words
    findings: list[str] = field(default_factory=list)
    denied: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    raised: list[Raised] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    def take_ids(self, query: Query) -> None:
        """Ids from the map and the checklists; an unknown id is listed, never dropped silently."""
        for region in query.regions:
            self.take_region_id(region)
        self.mapped = bool(self.regions)
        self.on_map = frozenset((zone, side) for side, zones in self.zones.items() for zone in zones)
        kb = self.kb
        for finding in query.findings:
            if finding in kb.findings.index:
                self.findings.append(finding)
            elif finding in kb.red_flags.index:
                self.red_flags.append(finding)
                self.raised.append(Raised(finding, "checklist"))
            else:
                self.unrecognised.append(f"unknown finding id '{finding}'")
        self.denied += [f for f in query.denied if f in kb.findings.index]
        self.red_flags += [f for f in query.red_flags if f in kb.red_flags.index]
        self.raised += [Raised(f, "checklist") for f in query.red_flags if f in kb.red_flags.index]
        self.unrecognised += [f"unknown finding id '{f}'" for f in query.denied
                              if f not in kb.findings.index and f not in kb.red_flags.index]
        self.unrecognised += [f"unknown red flag id '{f}'" for f in query.red_flags if f not in kb.red_flags.index]

    def take_region_id(self, region: str) -> None:
        """A sided region, or a zone marked on no particular side."""
        if region in self.region_places:
            zone, side = self.region_places[region]
            self.mark(zone, side if side in SIDES else None)
        elif region in self.zone_sides:
            self.mark(region, None)
        else:
            self.unrecognised.append(f"unknown region id '{region}'")

    def take_match(self, parsed: ParsedText, match: Match) -> None:
        """A phrase found in the text: kept as a span, and as evidence unless negated (denied, for findings)."""
        self.spans.append(Span(match.start, match.end, parsed.text[match.start:match.end], match.kind,
                               TARGET_SEPARATOR.join(match.targets), match.negated))
        if match.kind == "finding":
            (self.denied if match.negated else self.findings).extend(match.targets)
        elif match.negated:
            return
        elif match.kind == "region":
            side = side_near(parsed, match.first_token, match.last_token)
            # The map, where marked, says where more exactly; in words alone, the place named first is the main one
            weight = WORDED_PLACE if self.mapped or self.worded else 1.0
            if not self.worded:
                self.named_first = {(zone, s) for zone in match.targets for s in self.sides(zone, side)}
            self.worded = True
            for zone in match.targets:  # a vague word ("buttock") spreads over the zones it may mean
                self.mark(zone, side, weight / len(match.targets))
        elif match.kind == "red_flag":
            self.red_flags.extend(match.targets)
            self.raised.extend(Raised(flag, "phrase", (parsed.text[match.start:match.end],)) for flag in match.targets)
        else:
            self.named.extend(match.targets)

    def take_cue(self, parsed: ParsedText, flag: str, first: int, last: int) -> None:
        """A red-flag cue that fired over tokens first..last."""
        start, end = parsed.tokens[first].start, parsed.tokens[last].end
        self.red_flags.append(flag)
        self.raised.append(Raised(flag, "cue", (parsed.text[start:end],)))
        self.spans.append(Span(start, end, parsed.text[start:end], "red_flag", flag, False))

    def mark(self, zone: str, side: str | None, weight: float = 1.0) -> None:
        """Mark a zone on a side ('both' marks left and right; midline zones have no side), keeping the
        strongest weight when a zone is marked twice."""
        for s in self.sides(zone, side):
            self.zones[s][zone] = max(weight, self.zones[s].get(zone, 0.0))
            self.regions.append(zone if s is None else f"{zone}_{s}")

    def sides(self, zone: str, side: str | None) -> tuple[str | None, ...]:
        """The sides a zone named on `side` stands for: none for the midline or no side said, both for 'both'."""
        if "midline" in self.zone_sides[zone] or side is None:
            return (None,)
        return SIDES if side == "both" else (side,)

    def weighed_zones(self) -> dict[str | None, dict[str, float]]:
        """The zones with their weights; where the words name first a place that is also marked on the map, that
        place is the main one and the other marked places weigh a little less (the map alone says nothing of which
        matters most). A place named with no side is the main one on either side."""
        def first(zone: str, side: str | None) -> bool:
            return (zone, side) in self.named_first or (zone, None) in self.named_first

        if not any(first(zone, side) for zone, side in self.on_map):
            return self.zones
        return {side: {zone: MARKED_NOT_NAMED_FIRST if (zone, side) in self.on_map and not first(zone, side)
                       else weight for zone, weight in zones.items()} for side, zones in self.zones.items()}

    def understanding(self, parsed: ParsedText, described: dict[str, str]) -> Understanding:
        """Everything gathered, without repeats, as the immutable Understanding."""
        present = set(self.findings)
        notices = list(parsed.notices)
        if not (self.regions or present or self.denied or self.red_flags or self.named):
            notices.append("Nothing was recognised yet: mark where it hurts, or describe it in other words.")
        evidence = Evidence(zones=self.weighed_zones(), present=frozenset(present),
                            denied=frozenset(self.denied) - present, named=frozenset(self.named), described=described)
        return Understanding(
            regions=tuple(dict.fromkeys(self.regions)),
            findings=tuple(dict.fromkeys(self.findings)),
            denied=tuple(dict.fromkeys(d for d in self.denied if d not in present)),
            red_flags=tuple(dict.fromkeys(self.red_flags)),
            named=tuple(dict.fromkeys(self.named)),
            side=_side_of(self.regions, self.region_places, overall_side(parsed)),
            unrecognised=tuple(self.unrecognised),
            spans=tuple(self.spans),
            notices=tuple(notices),
            evidence=evidence,
            raised=_first_per_flag(self.raised),
            questions=tuple(q for q in _first_per_flag(self.questions) if q.flag not in self.red_flags),
        )


def _only_a_place(reading: Reading, plain: frozenset[str]) -> bool:
    """Whether the text names places and nothing else but plain words of pain and time ("my big toe hurts",
    "aching flank for a few days"): no sign for the learned net to weigh, which would otherwise take a place for
    a sign (a back passage for saddle numbness). A place where pain alone may warn (ALARMING_PLACES) is still
    read."""
    places = [m for m in reading.matches if m.kind == "region" and not m.negated]
    if not places or any(ALARMING_PLACES.intersection(m.targets) for m in places):
        return False
    placed = {i for m in places for i in m.tokens}
    return all(i in placed or t.norm in plain or t.norm.isdecimal() for i, t in enumerate(reading.parsed.tokens))


def _places_apart(parsed: ParsedText, matches: tuple[Match, ...], first: int, last: int) -> bool:
    """Whether a cue's words lie in two sentences that each name a place ("Sciatica pain in my bum. My foot is
    numb."): the sign may belong to the other sentence's place, so the cue is asked about, not raised. A cue over
    two sentences with one place ("Sciatica in my bum. It's numb.") still stands."""
    tokens = parsed.tokens
    sentences = {tokens[first].sentence, tokens[last].sentence}
    named = {tokens[m.first_token].sentence for m in matches if m.kind == "region" and not m.negated}
    return len(sentences) == 2 and sentences <= named


def _whose(parsed: ParsedText, match: Match, patient: str) -> bool:
    """Whether a place is the concerned person's: the word that names it (a place phrase ends on it) is theirs,
    whoever the words before it belong to ("with my son. Now the back of my knee hurts")."""
    return parsed.tokens[match.last_token].experiencer == patient


def _landmarks(parsed: ParsedText, places: list[Match]) -> set[int]:
    """First tokens of places that only mark the ends of another place named in the same sentence: "the outside of
    my lower leg, between the knee and the ankle". "Pain between my big toe and second toe", with no other place,
    keeps both."""
    tokens, found = parsed.tokens, set()
    for one, other in pairwise(places):
        joined = {t.norm for t in tokens[one.last_token + 1:other.first_token]} <= LANDMARK_JOIN
        before = one.first_token - 1
        while before >= 0 and tokens[before].norm in LANDMARK_LEAD:
            before -= 1
        sentence = tokens[one.first_token].sentence
        elsewhere = any(tokens[m.first_token].sentence == sentence for m in places if m not in (one, other))
        if joined and before >= 0 and tokens[before].norm == "between" and elsewhere:
            found |= {one.first_token, other.first_token}
    return found


def _no_place_now(parsed: ParsedText, match: Match) -> bool:
    """Whether a place's words (its soft words aside) all say it is not where it hurts now: where it hurt before
    it settled ("my ankle pain went away, now my knee aches"), or a place word in another sense ("my back pocket",
    "the back seat")."""
    words = [parsed.tokens[i] for i in match.tokens if parsed.tokens[i].norm not in SOFT_WORDS]
    return any(all(category in t.context for t in words) for category in (RESOLVED, OTHER_SENSE))


def _inside_any(match: Match, others: list[Match]) -> bool:
    """Whether the match lies within a longer one of `others` that matched at least as closely ("pain in my arch"
    only loosely resembles "arching my back")."""
    return any(len(o.tokens) > len(match.tokens) and o.first_token <= match.first_token
               and match.last_token <= o.last_token and o.score >= match.score for o in others)


def _phrases(kb: KnowledgeBase) -> list[Phrase]:
    """Every phrase the text is matched against: regions' labels and lay terms, findings' and red flags', and the
    names of muscles and conditions."""
    phrases = []
    for zone, rows in kb.regions.groupby("zone", sort=True):
        label = str(rows["label"].iloc[0]).rsplit(" (", 1)[0] if len(rows) > 1 else str(rows["label"].iloc[0])
        label = " ".join(reversed(label.split(", ", 1)))  # "big toe, underside": the place comes last
        terms = {label, *(t for ts in rows["lay_terms"] for t in ts)}
        phrases += [Phrase("region", str(zone), t) for t in sorted(terms)]
    for kind, frame in (("finding", kb.findings), ("red_flag", kb.red_flags)):
        for row in frame.itertuples():
            phrases += [Phrase(kind, row.id, t) for t in sorted({row.label, *row.lay_terms})]
    # A name counts as naming a muscle or condition unless it is also a place ("calf" names soleus and a region).
    places = {match_form(words_of(p.text)) for p in phrases if p.kind == "region"}
    for target in [*kb.muscles.values(), *kb.conditions.values()]:
        phrases += [Phrase("named", target.id, t) for t in sorted({target.name, *target.aliases})
                    if match_form(words_of(t)) not in places]
    return phrases


def _patient(parsed: ParsedText, matches: list[Match], place_words: frozenset[str]) -> str:
    """Whose pain the text is about: whoever most of the places and findings described belong to, one vote per
    phrase matched and per word for a place on the body ("my wife's back is bad": a carer may write about their
    mother); with none, whoever most of the words are about. A tie goes to the child, then the writer. A pet is
    never the one a text is about."""
    if any(parsed.tokens[i].experiencer == CHILD for m in matches if m.kind == "red_flag" and not m.negated
           for i in m.tokens):
        return CHILD  # a child's warning sign named in the text ("child limping"): the child comes first
    described = [m for m in matches if m.kind in ("region", "finding") and not m.negated]
    inside = {i for m in described for i in m.tokens}
    # a place inside a finding ("a dropped foot", "foot drop") is part of that finding's one vote
    in_findings = {i for m in described if m.kind == "finding" for i in m.tokens}
    votes = Counter(_owner(parsed, m, described) for m in described
                    if m.kind == "finding" or in_findings.isdisjoint(m.tokens))
    votes += Counter(t.experiencer for i, t in enumerate(parsed.tokens)
                     if i not in inside and t.norm.removesuffix("'s") in place_words)
    if not votes:
        votes = Counter(token.experiencer for token in parsed.tokens)
    if votes[CHILD] and votes[CHILD] >= votes[SELF]:  # a tie goes to the child: safer
        return CHILD
    return OTHER if votes[OTHER] > votes[SELF] else SELF


def _owner(parsed: ParsedText, match: Match, described: list[Match]) -> str:
    """Whose a described phrase is: a finding on a place named just after it is the place's owner's ("I found a
    swollen area at the bottom of his spine": his), otherwise whoever its last word is about."""
    if match.kind == "finding":
        after = [m for m in described if m.kind == "region"
                 and 0 < m.first_token - match.last_token <= PLACE_AFTER_FINDING
                 and parsed.tokens[m.first_token].sentence == parsed.tokens[match.last_token].sentence]
        if after:
            return parsed.tokens[min(after, key=lambda m: m.first_token).last_token].experiencer
    return parsed.tokens[match.last_token].experiencer


def _vocabulary(kb: KnowledgeBase, phrases: list[Phrase]) -> list[str]:
    """Every word the knowledge base uses to read text: phrases, cue words and context triggers (with repeats,
    so common words win a tie between corrections)."""
    cue_words = [w.strip("*") for cues in kb.red_flags["cues"].dropna() for cue in cues
                 for w in cue.replace("+", " ").replace("/", " ").split()]
    triggers = [w for trigger in kb.context_rules["trigger"] for w in str(trigger).split() if not w.startswith("{")]
    triggers += [w for words in kb.word_classes["words"] for w in words]
    return [w for text in (*(p.text for p in phrases), *cue_words, *triggers) for w in words_of(text)]


def _flags_marked(kb: KnowledgeBase, column: str, value: str = "yes") -> frozenset[str]:
    """The red flags whose optional yes/no column holds `value`."""
    values = kb.red_flags.get(column)
    return frozenset(kb.red_flags.index[values == value]) if values is not None else frozenset()


def _young(parsed: ParsedText) -> bool:
    """Whether the text gives an age under CHILD_AGE ("I'm 14", "a 9 year old")."""
    return any(t.norm.isdecimal() and int(t.norm) < CHILD_AGE and AGE in t.context for t in parsed.tokens)


def _adult(parsed: ParsedText, patient: str) -> bool:
    """Whether the text gives the age of the person it is about as an adult one ("I'm 45", "my mum is 72", "my mum
    (72)", "my dad, 80,")."""
    return patient != CHILD and any(
        t.norm.isdecimal() and int(t.norm) >= CHILD_AGE and t.experiencer == patient
        and (AGE in t.context or _set_apart(parsed.text, t)) for t in parsed.tokens)


def _set_apart(text: str, token: Token) -> bool:
    """Whether a word stands in brackets or between commas on its own ("my mum (72)", "my dad, 80, ..."): after a
    person, the way an age is written."""
    before, after = text[:token.start].rstrip(), text[token.end:].lstrip()
    return (before.endswith("(") and after.startswith(")")) or (before.endswith(",") and after.startswith(","))


def _words_concerning(parsed: ParsedText, patient: str, past: frozenset[str],
                      sentences: set[int] | None = None) -> str:
    """The normalised words about the person concerned, as a fact, now (or also in the past), in the whole text
    or only in `sentences`; a denied word is marked ("not_worse"), so the net tells "getting worse" from "not
    getting worse": what the net reads."""
    return " ".join(f"not_{t.norm}" if NEGATED in t.context else t.norm for t in parsed.tokens
                    if _concerns(t, patient, past) and NEGATION_WORD not in t.context
                    and (sentences is None or t.sentence in sentences))


def _described(parsed: ParsedText, patient: str) -> dict[str, str]:
    """The person's content words about themselves, now or in the past, not denied: stem -> word as written."""
    described: dict[str, str] = {}
    for token in parsed.tokens:
        stem = content_stem(token.norm) if _concerns(token, patient, TIMES) and not token.negated else None
        if stem:
            described.setdefault(stem, token.norm)
    return described


def _concerns(token: Token, patient: str, past: frozenset[str]) -> bool:
    """Whether a word of a warning sign is about the person concerned, as a fact, now or in the kinds of past
    that count for it (`past`: which of historical, resolved and stable still count): ConText's rule. In a text
    about someone else (a carer writing about her husband, a parent about a child) the writer's own words are
    the report ("I found soiled underwear he hadn't noticed") and count for that person."""
    if token.context & UNREAL or (token.context & TIMES) - past:
        return False
    return token.experiencer in (patient, SELF)


def _sign_word(token: Token, patient: str, past: frozenset[str]) -> bool:
    """Whether a word may raise a warning sign by a rule: it concerns the person now (`_concerns`), is used in
    the sign's sense ("I fell asleep on the sofa" holds no fall) and not in a question about people in general
    ("what is foot drop?")."""
    return NOT_BY_RULE.isdisjoint(token.context) and _concerns(token, patient, past)


def _one_side_only(parsed: ParsedText) -> bool:
    """Whether the text names one side only (left or right) and nothing that may bring in the other side."""
    return overall_side(parsed) in SIDES and OTHER_SIDE_WORDS.isdisjoint(t.norm for t in parsed.tokens)


def _first_per_flag(items: list[T]) -> tuple[T, ...]:
    """The first item of each flag, in order."""
    seen: dict[str, T] = {}
    for item in items:
        seen.setdefault(item.flag, item)  # type: ignore[attr-defined]
    return tuple(seen.values())


def _side_of(regions: list[str], places: dict[str, tuple[str, str]], text_side: str | None) -> str | None:
    sides = {places[r][1] for r in regions if r in places} & set(SIDES)
    if len(sides) == 2:
        return "both"
    if sides:
        return sides.pop()
    return text_side


def _leftovers(parsed: ParsedText, spans: list[tuple[int, int]], filler: frozenset[str]) -> list[str]:
    """Runs of content words that no match covers, as they were typed."""
    covered = {i for first, last in spans for i in range(first, last + 1)}
    runs: list[list[int]] = []
    for index, token in enumerate(parsed.tokens):
        if index in covered or token.norm in filler or len(token.norm) < 2:
            continue
        previous = runs[-1][-1] if runs else -10
        joins = (index - previous <= 3 and parsed.tokens[previous].clause == token.clause
                 and all(parsed.tokens[j].norm in filler for j in range(previous + 1, index)))
        if joins:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [parsed.text[parsed.tokens[r[0]].start:parsed.tokens[r[-1]].end] for r in runs]
