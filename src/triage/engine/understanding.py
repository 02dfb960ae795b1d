"""Turning a query (marked regions, chosen findings, free text) into evidence the scorer and gate use.

Explicit ids and what the text says are merged; the text's matched spans are kept so a surface can
say "we understood: ...", and what could not be placed is listed, never silently dropped.
"""

from __future__ import annotations

from triage.engine.language.cues import CueIndex, parse_cue
from triage.engine.language.matcher import EDGE_STOPWORDS, Phrase, PhraseMatcher
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
        kb = self.kb_
        parsed = parse_text(query.text)
        matches = self.matcher_.match(parsed)
        unrecognised: list[str] = []
        zones: dict[str | None, dict[str, float]] = {None: {}, "left": {}, "right": {}}
        regions: list[str] = []
        for region in query.regions:
            if region in kb.regions.index:
                row = kb.regions.loc[region]
                side = row["side"] if row["side"] in SIDES else None
                self._mark(zones, regions, row["zone"], side)
            elif region in self.zone_sides_:
                self._mark(zones, regions, region, None)
            else:
                unrecognised.append(f"unknown region id '{region}'")
        findings, denied, red_flags, named = [], [], [], []
        for finding in query.findings:
            if finding in kb.findings.index:
                findings.append(finding)
            elif finding in kb.red_flags.index:
                red_flags.append(finding)
            else:
                unrecognised.append(f"unknown finding id '{finding}'")
        for finding in query.denied:
            if finding in kb.findings.index:
                denied.append(finding)
            elif finding not in kb.red_flags.index:
                unrecognised.append(f"unknown finding id '{finding}'")
        for flag in query.red_flags:
            if flag in kb.red_flags.index:
                red_flags.append(flag)
            else:
                unrecognised.append(f"unknown red flag id '{flag}'")
        spans = []
        for match in matches:
            spans.append(Span(match.start, match.end, parsed.text[match.start:match.end], match.kind,
                              TARGET_SEPARATOR.join(match.targets), match.negated))
            if match.kind == "region" and not match.negated:
                side = side_near(parsed, match.first_token, match.last_token)
                for zone in match.targets:  # a vague word ("buttock") spreads over the zones it may mean
                    self._mark(zones, regions, zone, side, 1 / len(match.targets))
            elif match.kind == "finding":
                (denied if match.negated else findings).extend(match.targets)
            elif match.kind == "red_flag" and not match.negated:
                red_flags.extend(match.targets)
            elif match.kind == "named" and not match.negated:
                named.extend(match.targets)
        covered = [(m.first_token, m.last_token) for m in matches]
        for flag, first, last in self.cues_.find(parsed):
            red_flags.append(flag)
            covered.append((first, last))
            tokens = parsed.tokens
            spans.append(Span(tokens[first].start, tokens[last].end, parsed.text[tokens[first].start:tokens[last].end],
                              "red_flag", flag, False))
        unrecognised += _leftovers(parsed, covered)
        present = set(findings)
        notices = list(parsed.notices)
        if not (regions or present or denied or red_flags or named):
            notices.append("Nothing was recognised yet: mark where it hurts, or describe it in other words.")
        evidence = Evidence(
            zones=zones,
            present=frozenset(present),
            denied=frozenset(denied) - present,
            named=frozenset(named),
        )
        return Understanding(
            regions=tuple(dict.fromkeys(regions)),
            findings=tuple(dict.fromkeys(findings)),
            denied=tuple(dict.fromkeys(d for d in denied if d not in present)),
            red_flags=tuple(dict.fromkeys(red_flags)),
            named=tuple(dict.fromkeys(named)),
            side=_side_of(regions, kb, overall_side(parsed)),
            unrecognised=tuple(unrecognised),
            spans=tuple(spans),
            notices=tuple(notices),
            evidence=evidence,
        )

    def _mark(self, zones: dict[str | None, dict[str, float]], regions: list[str], zone: str, side: str | None,
              weight: float = 1.0) -> None:
        """Mark a zone on a side ('both' marks left and right; midline zones have no side), keeping the
        strongest weight when a zone is marked twice."""
        sides: tuple[str | None, ...] = (None,) if "midline" in self.zone_sides_[zone] or side is None else (
            SIDES if side == "both" else (side,))
        for s in sides:
            zones[s][zone] = max(weight, zones[s].get(zone, 0.0))
            regions.append(zone if s is None else f"{zone}_{s}")


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
