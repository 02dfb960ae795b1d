"""Additive, explainable scoring in the tradition of INTERNIST-1/QMR. Every weight lives here.

Scores are computed per unit: a look-alike condition, a muscle, or one fibre part of a muscle that
has parts with their own referral and actions (anterior and posterior gluteus minimus). For each
unit and each side of the body:

    score =   sum over present findings f:  EVOKE[evoking_strength(f)] * FREQUENCY_SCALE[frequency(f)]
            - sum over denied findings f:   DENY[frequency(f)]
            + sum over marked zones z:      ESSENTIAL if z is in the unit's essential zone,
                                            SPILLOVER if in its spillover zone,
                                            + GUIDE * (1 - (r - 1) / GUIDE_DEPTH) when the pain guides list
                                              the muscle r-th for z (r <= GUIDE_DEPTH; most frequent first)
            + EXPLAINED * (marked zones its pattern covers / all marked zones)
            + COVERAGE  * (its essential zones that are marked / all its essential zones)
            + NAMED if the person named the muscle or condition ("my piriformis", "QL")
            + DESCRIBED * cosine(the person's own words, the target's signs and aggravating activities)
              (see described.py: what no finding names, "a full feeling by the back passage")

A muscle's score is that of its best part. Finding links come from `rules.csv` (per muscle, so they
apply to every part) and from derived movement links (a painful movement implicates the parts doing
it, or stretched by it), weighted as MOVEMENT_EVOKE / MOVEMENT_FREQUENCY. The match strength shown
to people is 100 * (1 - exp(-score / STRENGTH_SCALE)): monotonic in the score, between 0 and 100,
a relative figure and never a probability.

Scores for every unit are computed at once as products of sparse link tables with vectors; only the reasons of the few
targets that are shown are unpacked one by one.
"""

from __future__ import annotations

import numpy as np

from triage.engine.described import SignIndex, SignQuery
from triage.engine.link_table import LinkTable
from triage.engine.types import Evidence, Reason
from triage.knowledge.lookup import region_ref
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import SIDES

EVOKE = (0.5, 2.0, 5.0, 10.0, 17.0, 25.0)  # by evoking strength 0..5
FREQUENCY_SCALE = (0.6, 0.7, 0.8, 0.9, 1.0)  # by frequency 1..5
DENY = (0.5, 1.0, 2.0, 4.0, 8.0)  # by frequency 1..5: the more typical a finding, the more its absence counts
ESSENTIAL = 10.0
SPILLOVER = 4.0
EXPLAINED = 10.0
COVERAGE = 10.0
GUIDE = 4.0
GUIDE_DEPTH = 6
NAMED = 12.0
DESCRIBED = 40.0
MIN_DESCRIBED = 1.0  # points below which an echo of the person's words is not shown as a reason
MOVEMENT_EVOKE = 3
MOVEMENT_FREQUENCY = 3
OWN_EVIDENCE = frozenset({"region", "finding", "movement", "named"})  # reason kinds that may put a target on show


class Scorer:
    """Scores every target for an `Evidence`. `fit(kb)` builds the evidence matrices once."""

    def fit(self, kb: KnowledgeBase) -> Scorer:
        self.kb_ = kb
        self.targets_ = [*kb.muscles, *kb.conditions]
        self.is_muscle_ = np.array([t in kb.muscles for t in self.targets_])
        t_index = {t: i for i, t in enumerate(self.targets_)}
        units = [(m.id, part.id) for m in kb.muscles.values() for part in m.parts]
        units += [(c, "") for c in kb.conditions]
        self.units_ = units
        u_index = {u: i for i, u in enumerate(units)}
        self.unit_target_ = np.array([t_index[t] for t, _ in units])
        self.zones_ = sorted(set(kb.regions["zone"]))
        self.z_index_ = {z: i for i, z in enumerate(self.zones_)}
        self.f_index_ = {f: i for i, f in enumerate(kb.findings.index)}
        self._fit_zones(kb, u_index)
        self._fit_findings(kb, u_index)
        self.finding_label_ = kb.findings["label"].astype(str).to_dict()
        self.region_refs_ = _region_refs(kb)
        self.named_ = LinkTable.of(np.arange(len(units)), self.unit_target_, np.full(len(units), NAMED),
                                   (len(units), len(t_index)))
        self.t_index_ = t_index
        self.signs_ = SignIndex().fit(kb, self.targets_)
        return self

    def _fit_zones(self, kb: KnowledgeBase, u_index: dict[tuple[str, str], int]) -> None:
        links = kb.zone_links
        shape = (len(self.units_), len(self.zones_))
        self.zone_source_ = {(r.target, r.part, r.zone): (r.strength, r.source) for r in links.itertuples()}
        rows = [u_index[(t, p)] for t, p in zip(links["target"], links["part"], strict=True)]
        cols = [self.z_index_[z] for z in links["zone"]]
        essential = (links["strength"] == "essential").to_numpy()
        self.essential_ = LinkTable.marks(np.array(rows, dtype=int)[essential], np.array(cols, dtype=int)[essential],
                                          shape)
        self.spillover_ = LinkTable.marks(np.array(rows, dtype=int)[~essential],
                                          np.array(cols, dtype=int)[~essential], shape)
        self.covered_ = LinkTable.marks(rows, cols, shape)
        self.guide_rank_ = {(t, p, z): kb.pain_guide[(z, t)] for t, p, z in self.zone_source_
                            if (z, t) in kb.pain_guide and guide_weight(kb.pain_guide[(z, t)][0])}
        guided = [(u_index[(t, p)], self.z_index_[z], guide_weight(rank))
                  for (t, p, z), (rank, _) in self.guide_rank_.items()]
        rows_g, cols_g, weights = zip(*guided, strict=True) if guided else ((), (), ())
        self.guide_ = LinkTable.of(rows_g, cols_g, weights, shape)
        self.essential_count_ = np.maximum(self.essential_.row_sums(), 1)

    def _fit_findings(self, kb: KnowledgeBase, u_index: dict[tuple[str, str], int]) -> None:
        rows, cols, present, denied = [], [], [], []
        self.link_source_: dict[tuple[str, str, str], tuple[str, str]] = {}

        def link(unit: tuple[str, str], finding: str, evoke: int, frequency: int, kind: str, source: str) -> None:
            rows.append(u_index[unit])
            cols.append(self.f_index_[finding])
            present.append(EVOKE[evoke] * FREQUENCY_SCALE[frequency - 1])
            denied.append(DENY[frequency - 1])
            self.link_source_[(*unit, finding)] = (kind, source)

        units_of: dict[str, list[tuple[str, str]]] = {}
        for unit in self.units_:
            units_of.setdefault(unit[0], []).append(unit)
        for rule in kb.rules.itertuples():
            for unit in units_of[rule.target]:
                link(unit, rule.finding, rule.evoking_strength, rule.frequency, "finding", "|".join(rule.source))
        for row in kb.movement_links.itertuples():
            if (row.target, row.part, row.finding) not in self.link_source_:  # a typed rule wins over a derived link
                link((row.target, row.part), row.finding, MOVEMENT_EVOKE, MOVEMENT_FREQUENCY, "movement", row.source)
        shape = (len(self.units_), len(self.f_index_))
        self.link_weight_ = {(self.units_[r], c): (p, d)
                             for r, c, p, d in zip(rows, cols, present, denied, strict=True)}
        self.present_ = LinkTable.of(rows, cols, present, shape)
        self.denied_ = LinkTable.of(rows, cols, denied, shape)

    def score(self, evidence: Evidence) -> tuple[np.ndarray, list[str | None], np.ndarray]:
        """Per target: the score of its best unit, that unit's side (None when the input has no side), and the unit."""
        if not hasattr(self, "kb_"):
            raise RuntimeError("Scorer is not fitted: call fit() first")
        unit_scores, unit_sides = self._unit_scores(evidence)
        order = np.lexsort((np.arange(len(self.units_)), -unit_scores, self.unit_target_))
        first = np.r_[True, self.unit_target_[order][1:] != self.unit_target_[order][:-1]]
        best = order[first]  # the best unit of each target, in target order
        return unit_scores[best], [unit_sides[u] for u in best], best

    def _unit_scores(self, evidence: Evidence) -> tuple[np.ndarray, list[str | None]]:
        points = self.present_ @ self._vector(evidence.present, self.f_index_)
        points -= self.denied_ @ self._vector(evidence.denied - evidence.present, self.f_index_)
        points += self.named_ @ self._vector(evidence.named, self.t_index_)
        if evidence.described:
            points += DESCRIBED * self.signs_.similarity(self.sign_query(evidence))[self.unit_target_]
        unsided = evidence.zones.get(None, {})
        if not evidence.sided:
            return points + self._zone_points(unsided), [None] * len(self.units_)
        marked = [s for s in SIDES if evidence.zones.get(s)]
        # Only the sides the person marked: on a side with no mark of its own, a pattern that meets only the midline
        # marks would explain a larger share of them and show the muscle where nobody marked ("multifidus, left").
        by_side = np.column_stack([self._zone_points({**unsided, **evidence.zones[s]}) for s in marked])
        best = by_side.argmax(axis=1)
        tie = np.isclose(by_side.min(axis=1), by_side.max(axis=1)) & (len(marked) > 1)
        sides: list[str | None] = ["both" if t else marked[b] for b, t in zip(best, tie, strict=True)]
        return points + by_side.max(axis=1), sides

    def _zone_points(self, zones: dict[str, float]) -> np.ndarray:
        marked = self._vector(zones, self.z_index_)
        points = ESSENTIAL * (self.essential_ @ marked) + SPILLOVER * (self.spillover_ @ marked) + self.guide_ @ marked
        if marked.sum() == 0:
            return points
        explained = (self.covered_ @ marked) / marked.sum()
        covered = (self.essential_ @ marked) / self.essential_count_
        return points + EXPLAINED * explained + COVERAGE * covered

    @staticmethod
    def _vector(ids: frozenset[str] | dict[str, float], index: dict[str, int]) -> np.ndarray:
        """An indicator vector of ids, or a weighted one for a mapping of id -> weight."""
        vector = np.zeros(len(index))
        weights = ids if isinstance(ids, dict) else dict.fromkeys(ids, 1.0)
        for key, weight in weights.items():
            if key in index:
                vector[index[key]] = weight
        return vector

    def with_evidence(self, evidence: Evidence) -> np.ndarray:
        """Per unit: whether it has evidence of its own on some side (a linked present finding, a marked zone of its
        pattern, or its target named). Only such a unit can be shown, so no other needs explaining."""
        zones = {zone: weight for marked in evidence.zones.values() for zone, weight in marked.items() if weight > 0}
        return ((self.present_ @ self._vector(evidence.present, self.f_index_) > 0)
                | (self.covered_ @ self._vector(zones, self.z_index_) > 0)
                | (self.named_ @ self._vector(evidence.named, self.t_index_) > 0))

    def sign_query(self, evidence: Evidence) -> SignQuery:
        """The person's own words as the sign index reads them: worked out once per answer, for every `explain`."""
        return self.signs_.query(frozenset(evidence.described))

    def explain(self, unit: int, side: str | None, evidence: Evidence, signs: SignQuery) -> tuple[Reason, ...]:
        """The reasons behind one unit's score (only called for the targets shown); `signs` from `sign_query`."""
        target, part = self.units_[unit]
        zones = dict(evidence.zones.get(None, {}))
        for s in SIDES if side == "both" else ((side,) if side in SIDES else ()):
            zones.update(evidence.zones.get(s, {}))
        reasons = self._zone_reasons(unit, side, zones)
        if target in evidence.named:
            reasons.append(Reason("named", target, "you named it", NAMED, ""))
        reasons += self._described_reasons(target, evidence, signs)
        for finding in sorted(evidence.present):
            if (target, part, finding) in self.link_source_:
                kind, source = self.link_source_[(target, part, finding)]
                weight = self.link_weight_[((target, part), self.f_index_[finding])][0]
                reasons.append(Reason(kind, finding, self.finding_label_[finding], round(weight, 2), source))
        for finding in sorted(evidence.denied - evidence.present):
            if (target, part, finding) in self.link_source_:
                _, source = self.link_source_[(target, part, finding)]
                weight = -self.link_weight_[((target, part), self.f_index_[finding])][1]
                label = f"not present: {self.finding_label_[finding]}"
                reasons.append(Reason("denied", finding, label, round(weight, 2), source))
        return tuple(sorted(reasons, key=lambda r: -abs(r.weight)))

    def _described_reasons(self, target: str, evidence: Evidence, signs: SignQuery) -> list[Reason]:
        """The person's words that echo what the knowledge base says of the target (none when nothing does)."""
        if not evidence.described:
            return []
        cosine, stems = self.signs_.shared(self.t_index_[target], signs)
        weight = DESCRIBED * cosine
        if weight < MIN_DESCRIBED:
            return []
        words = ", ".join(f"'{evidence.described[s]}'" for s in stems)
        kind = "signs and triggers" if target in self.kb_.muscles else "features"
        return [Reason("described", target, f"your words echo its {kind}: {words}", round(weight, 2),
                       "|".join(self._sign_sources(target)))]

    def _sign_sources(self, target: str) -> list[str]:
        """The sources of a muscle's signs (its clinical sources), or of a condition."""
        if target in self.kb_.muscles:
            return list(self.kb_.muscles[target].record["sources"]["clinical"])
        return list(self.kb_.conditions[target].sources)

    def _zone_reasons(self, unit: int, side: str | None, zones: dict[str, float]) -> list[Reason]:
        """The marked areas a unit's pattern covers, the pain guides' order there, and the coverage terms."""
        target, part = self.units_[unit]
        reasons: list[Reason] = []
        covered = [z for z in sorted(zones) if (target, part, z) in self.zone_source_]
        for zone in covered:
            kind, source = self.zone_source_[(target, part, zone)]
            region, label = self.region_refs_[(zone, side if side in SIDES else None)]
            weight = (ESSENTIAL if kind == "essential" else SPILLOVER) * zones[zone]
            reasons.append(Reason("region", region, f"{label}: {kind} zone of its pattern", round(weight, 2), source))
            if (target, part, zone) in self.guide_rank_:
                rank, guide_source = self.guide_rank_[(target, part, zone)]
                reasons.append(Reason("guide", region, f"{label}: listed {_ordinal(rank)} by the pain guides for "
                                      "this area", round(guide_weight(rank) * zones[zone], 2), guide_source))
        if covered:
            share = sum(zones[z] for z in covered) / sum(zones.values())
            reasons.append(Reason("coverage", "explained", f"its pattern covers {len(covered)} of the {len(zones)} "
                                  "areas marked", round(EXPLAINED * share, 2), ""))
            essential = [z for z in covered if self.zone_source_[(target, part, z)][0] == "essential"]
            if essential:
                share = sum(zones[z] for z in essential) / self.essential_count_[unit]
                reasons.append(Reason("coverage", "essential_marked", f"{len(essential)} of its essential areas "
                                      "are marked", round(COVERAGE * share, 2), ""))
        return reasons


def guide_weight(rank: int | None) -> float:
    """Points for being listed `rank`-th by the pain guides for a marked zone (0 when unlisted or too far down)."""
    return GUIDE * max(0.0, 1 - (rank - 1) / GUIDE_DEPTH) if rank else 0.0


def _ordinal(rank: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(rank, f"{rank}th")


def _region_refs(kb: KnowledgeBase) -> dict[tuple[str, str | None], tuple[str, str]]:
    """(zone, side) -> (region id, label) for every zone and side, computed once at fit."""
    return {(zone, side): region_ref(kb, zone, side) for zone in kb.zone_labels for side in (None, *SIDES)}


