"""Turning a query (marked regions, chosen findings, free text) into evidence the scorer and gate use.

Explicit ids and what the text says are merged; the text's matched spans are kept so a surface can
say "we understood: ...", and what could not be placed is listed, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from triage.engine.language.cues import CueIndex, parse_cue
from triage.engine.language.matcher import EDGE_STOPWORDS, Match, Phrase, PhraseMatcher
from triage.engine.language.text import (
    NEGATION_CUES,
    SIDE_WORDS,
    ParsedText,
    match_form,
    overall_side,
    parse_text,
    side_near,
    words_of,
)
from triage.engine.types import TARGET_SEPARATOR, Evidence, Query, Span, Understanding
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import SIDES

# Words that carry no place or finding of their own, so they are never listed as "not understood".
FILLER = EDGE_STOPWORDS | NEGATION_CUES | frozenset(SIDE_WORDS) | frozenset({
    "pain", "painful", "hurts", "hurt", "hurting", "ache", "aches", "aching", "sore", "soreness", "area", "side",
    "sometimes", "often", "always", "since", "about", "after", "before", "weeks", "days", "months", "years", "ago",
    "week", "day", "month", "year", "am", "we", "you", "he", "she", "they", "her", "his", "their", "our", "can",
    "do", "does", "did", "will", "would", "could", "should", "all", "any", "much", "more", "most", "less", "but",
    "not", "r", "l", ">", "<", "and", "or", "doctor", "please", "help", "thanks", "hi", "hello", "started",
})


RED_FLAG_THRESHOLD = 0.9


class Understander:
    """Reads queries against one knowledge base. `fit(kb)` indexes its lay terms."""

    def fit(self, kb: KnowledgeBase) -> Understander:
        phrases = []
        for zone, rows in kb.regions.groupby("zone", sort=True):
            label = str(rows["label"].iloc[0]).rsplit(" (", 1)[0] if len(rows) > 1 else str(rows["label"].iloc[0])
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
        self.kb_ = kb
        # Red-flag phrases must match closely; the cues carry recall for wordings never seen.
        self.matcher_ = PhraseMatcher(kind_thresholds={"red_flag": RED_FLAG_THRESHOLD}).fit(phrases)
        self.cues_ = CueIndex([
            parse_cue(row.id, cue)
            for row in kb.red_flags.itertuples()
            if isinstance(row.cues, list)
            for cue in row.cues
        ])
        self.zone_sides_ = kb.regions.groupby("zone")["side"].apply(set).to_dict()
        return self

    def understand(self, query: Query) -> Understanding:
        """Merge explicit ids with what the text says."""
        if not hasattr(self, "kb_"):
            raise RuntimeError("Understander is not fitted: call fit() first")
        parsed = parse_text(query.text)
        matches = self.matcher_.match(parsed)
        gathered = _Gathered(self.kb_, self.zone_sides_)
        gathered.take_ids(query)
        for match in matches:
            gathered.take_match(parsed, match)
        covered = [(m.first_token, m.last_token) for m in matches]
        for flag, first, last in self.cues_.find(parsed):
            gathered.take_cue(parsed, flag, first, last)
            covered.append((first, last))
        gathered.unrecognised += _leftovers(parsed, covered)
        return gathered.understanding(parsed)


@dataclass
class _Gathered:
    """What one query has told so far; made afresh for every query, so the fitted Understander never changes."""

    kb: KnowledgeBase
    zone_sides: dict[str, set[str]]
    zones: dict[str | None, dict[str, float]] = field(default_factory=lambda: {None: {}, "left": {}, "right": {}})
    regions: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    denied: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)

    def take_ids(self, query: Query) -> None:
        """Ids from the map and the checklists; an unknown id is listed, never dropped silently."""
        for region in query.regions:
            self.take_region_id(region)
        kb = self.kb
        for finding in query.findings:
            if finding in kb.findings.index:
                self.findings.append(finding)
            elif finding in kb.red_flags.index:
                self.red_flags.append(finding)
            else:
                self.unrecognised.append(f"unknown finding id '{finding}'")
        self.denied += [f for f in query.denied if f in kb.findings.index]
        self.red_flags += [f for f in query.red_flags if f in kb.red_flags.index]
        self.unrecognised += [f"unknown finding id '{f}'" for f in query.denied
                              if f not in kb.findings.index and f not in kb.red_flags.index]
        self.unrecognised += [f"unknown red flag id '{f}'" for f in query.red_flags if f not in kb.red_flags.index]

    def take_region_id(self, region: str) -> None:
        """A sided region, or a zone marked on no particular side."""
        if region in self.kb.regions.index:
            row = self.kb.regions.loc[region]
            self.mark(row["zone"], row["side"] if row["side"] in SIDES else None)
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
            for zone in match.targets:  # a vague word ("buttock") spreads over the zones it may mean
                self.mark(zone, side, 1 / len(match.targets))
        else:
            {"red_flag": self.red_flags, "named": self.named}[match.kind].extend(match.targets)

    def take_cue(self, parsed: ParsedText, flag: str, first: int, last: int) -> None:
        """A red-flag cue that fired over tokens first..last."""
        start, end = parsed.tokens[first].start, parsed.tokens[last].end
        self.red_flags.append(flag)
        self.spans.append(Span(start, end, parsed.text[start:end], "red_flag", flag, False))

    def mark(self, zone: str, side: str | None, weight: float = 1.0) -> None:
        """Mark a zone on a side ('both' marks left and right; midline zones have no side), keeping the
        strongest weight when a zone is marked twice."""
        sides: tuple[str | None, ...] = (None,) if "midline" in self.zone_sides[zone] or side is None else (
            SIDES if side == "both" else (side,))
        for s in sides:
            self.zones[s][zone] = max(weight, self.zones[s].get(zone, 0.0))
            self.regions.append(zone if s is None else f"{zone}_{s}")

    def understanding(self, parsed: ParsedText) -> Understanding:
        """Everything gathered, without repeats, as the immutable Understanding."""
        present = set(self.findings)
        notices = list(parsed.notices)
        if not (self.regions or present or self.denied or self.red_flags or self.named):
            notices.append("Nothing was recognised yet: mark where it hurts, or describe it in other words.")
        evidence = Evidence(zones=self.zones, present=frozenset(present), denied=frozenset(self.denied) - present,
                            named=frozenset(self.named))
        return Understanding(
            regions=tuple(dict.fromkeys(self.regions)),
            findings=tuple(dict.fromkeys(self.findings)),
            denied=tuple(dict.fromkeys(d for d in self.denied if d not in present)),
            red_flags=tuple(dict.fromkeys(self.red_flags)),
            named=tuple(dict.fromkeys(self.named)),
            side=_side_of(self.regions, self.kb, overall_side(parsed)),
            unrecognised=tuple(self.unrecognised),
            spans=tuple(self.spans),
            notices=tuple(notices),
            evidence=evidence,
        )


def _side_of(regions: list[str], kb: KnowledgeBase, text_side: str | None) -> str | None:
    sides = {kb.regions.loc[r, "side"] for r in regions if r in kb.regions.index} & set(SIDES)
    if len(sides) == 2:
        return "both"
    if sides:
        return sides.pop()
    return text_side


def _leftovers(parsed: ParsedText, spans: list[tuple[int, int]]) -> list[str]:
    """Runs of content words that no match covers, as they were typed."""
    covered = {i for first, last in spans for i in range(first, last + 1)}
    runs: list[list[int]] = []
    for index, token in enumerate(parsed.tokens):
        if index in covered or token.norm in FILLER or len(token.norm) < 2:
            continue
        previous = runs[-1][-1] if runs else -10
        joins = (index - previous <= 3 and parsed.tokens[previous].clause == token.clause
                 and all(parsed.tokens[j].norm in FILLER for j in range(previous + 1, index)))
        if joins:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [parsed.text[parsed.tokens[r[0]].start:parsed.tokens[r[-1]].end] for r in runs]
