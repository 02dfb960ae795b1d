"""Additive, explainable scoring in the tradition of INTERNIST-1/QMR. Every weight lives here.

For each target (muscle or condition) and each side of the body:

    score =   sum over present findings f:  EVOKE[evoking_strength(f)] * FREQUENCY_SCALE[frequency(f)]
            - sum over denied findings f:   DENY[frequency(f)]
            + sum over marked zones z:      ESSENTIAL if z is in the target's essential zone,
                                            SPILLOVER if in its spillover zone
            + EXPLAINED * (marked zones its pattern covers / all marked zones)
            + COVERAGE  * (its essential zones that are marked / all its essential zones)

Finding links come from `rules.csv` and from derived movement links (a painful movement implicates
the muscles doing it, or stretched by it), which weigh as MOVEMENT_EVOKE / MOVEMENT_FREQUENCY.
The match strength shown to people is 100 * (1 - exp(-score / STRENGTH_SCALE)): monotonic in the
score, between 0 and 100, a relative figure and never a probability.

Scores for all targets are computed at once as sparse matrix products; only the reasons of the few
targets that are shown are unpacked one by one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from triage.knowledge import KnowledgeBase

EVOKE = (0.5, 2.0, 5.0, 10.0, 17.0, 25.0)  # by evoking strength 0..5
FREQUENCY_SCALE = (0.6, 0.7, 0.8, 0.9, 1.0)  # by frequency 1..5
DENY = (0.5, 1.0, 2.0, 4.0, 8.0)  # by frequency 1..5: the more typical a finding, the more its absence counts
ESSENTIAL = 10.0
SPILLOVER = 4.0
EXPLAINED = 10.0
COVERAGE = 10.0
MOVEMENT_EVOKE = 3
MOVEMENT_FREQUENCY = 3
STRENGTH_SCALE = 40.0
SIDES = ("left", "right")


def strength(score: float) -> int:
    """Relative match strength 0-100 (never a probability)."""
    return max(0, min(100, round(100 * (1 - math.exp(-max(score, 0.0) / STRENGTH_SCALE)))))


@dataclass(frozen=True)
class Evidence:
    """What a query says, in the scorer's terms: zones by side ('left', 'right', or None for unsided)."""

    zones: dict[str | None, frozenset[str]] = field(default_factory=dict)
    present: frozenset[str] = frozenset()
    denied: frozenset[str] = frozenset()

    @property
    def sided(self) -> bool:
        return any(self.zones.get(side) for side in SIDES)


@dataclass(frozen=True)
class Reason:
    """One thing that moved a target's score, by how much, and on whose authority."""

    kind: str  # region, finding, movement, denied, coverage
    id: str
    label: str
    weight: float
    source: str


@dataclass(frozen=True)
class Scored:
    """A target's score on its best side, with the reasons behind it."""

    target: str
    side: str | None
    score: float
    reasons: tuple[Reason, ...]


class Scorer:
    """Scores every target for an `Evidence`. `fit(kb)` builds the evidence matrices once."""

    def fit(self, kb: KnowledgeBase) -> Scorer:
        self.kb_ = kb
        self.targets_ = [*kb.muscles, *kb.conditions]
        self.is_muscle_ = np.array([t in kb.muscles for t in self.targets_])
        self.zones_ = sorted(set(kb.regions["zone"]))
        self.findings_ = list(kb.findings.index)
        t_index = {t: i for i, t in enumerate(self.targets_)}
        z_index = {z: i for i, z in enumerate(self.zones_)}
        self.f_index_ = {f: i for i, f in enumerate(self.findings_)}
        self.z_index_ = z_index

        links = kb.zone_links
        shape_z = (len(self.targets_), len(self.zones_))
        self.zone_source_ = {(r.target, r.zone): (r.strength, r.source) for r in links.itertuples()}
        essential = links[links["strength"] == "essential"]
        spillover = links[links["strength"] == "spillover"]
        self.essential_ = _indicator(essential["target"].map(t_index), essential["zone"].map(z_index), shape_z)
        self.spillover_ = _indicator(spillover["target"].map(t_index), spillover["zone"].map(z_index), shape_z)
        self.covered_ = ((self.essential_ + self.spillover_) > 0).astype(float).tocsr()
        self.essential_count_ = np.maximum(np.asarray(self.essential_.sum(axis=1)).ravel(), 1)

        rows, cols, present, denied = [], [], [], []
        self.link_source_: dict[tuple[str, str], tuple[str, str]] = {}
        for rule in kb.rules.itertuples():
            rows.append(t_index[rule.target])
            cols.append(self.f_index_[rule.finding])
            present.append(EVOKE[rule.evoking_strength] * FREQUENCY_SCALE[rule.frequency - 1])
            denied.append(DENY[rule.frequency - 1])
            self.link_source_[(rule.target, rule.finding)] = ("finding", "|".join(rule.source))
        for link in kb.movement_links.itertuples():
            if (link.target, link.finding) in self.link_source_:
                continue  # a typed rule overrides the derived default
            rows.append(t_index[link.target])
            cols.append(self.f_index_[link.finding])
            present.append(EVOKE[MOVEMENT_EVOKE] * FREQUENCY_SCALE[MOVEMENT_FREQUENCY - 1])
            denied.append(DENY[MOVEMENT_FREQUENCY - 1])
            self.link_source_[(link.target, link.finding)] = ("movement", link.source)
        shape_f = (len(self.targets_), len(self.findings_))
        self.present_ = sparse.csr_matrix((present, (rows, cols)), shape=shape_f)
        self.denied_ = sparse.csr_matrix((denied, (rows, cols)), shape=shape_f)
        return self

    def score(self, evidence: Evidence) -> tuple[np.ndarray, list[str | None]]:
        """Scores of every target on its best side, and that side (None when the input has no side)."""
        if not hasattr(self, "kb_"):
            raise RuntimeError("Scorer is not fitted: call fit() first")
        finding_points = self.present_ @ self._vector(evidence.present, self.f_index_)
        finding_points -= self.denied_ @ self._vector(evidence.denied - evidence.present, self.f_index_)
        unsided = evidence.zones.get(None, frozenset())
        if not evidence.sided:
            return finding_points + self._zone_points(unsided), [None] * len(self.targets_)
        by_side = np.column_stack([self._zone_points(unsided | evidence.zones.get(s, frozenset())) for s in SIDES])
        best = by_side.argmax(axis=1)
        marked_both = all(evidence.zones.get(s) for s in SIDES)
        tie = np.isclose(by_side[:, 0], by_side[:, 1]) & marked_both
        sides: list[str | None] = ["both" if t else SIDES[b] for b, t in zip(best, tie, strict=True)]
        return finding_points + by_side.max(axis=1), sides

    def _zone_points(self, zones: frozenset[str]) -> np.ndarray:
        marked = self._vector(zones, self.z_index_)
        points = ESSENTIAL * (self.essential_ @ marked) + SPILLOVER * (self.spillover_ @ marked)
        if marked.sum() == 0:
            return points
        explained = (self.covered_ @ marked) / marked.sum()
        covered = (self.essential_ @ marked) / self.essential_count_
        return points + EXPLAINED * explained + COVERAGE * covered

    @staticmethod
    def _vector(ids: frozenset[str], index: dict[str, int]) -> np.ndarray:
        vector = np.zeros(len(index))
        vector[[index[i] for i in ids if i in index]] = 1.0
        return vector

    def explain(self, target: str, side: str | None, evidence: Evidence) -> tuple[Reason, ...]:
        """The reasons behind one target's score (only called for the targets shown)."""
        kb = self.kb_
        reasons: list[Reason] = []
        zones = set(evidence.zones.get(None, frozenset()))
        for s in SIDES if side == "both" else ((side,) if side else ()):
            zones |= evidence.zones.get(s, frozenset())
        covered = [z for z in sorted(zones) if (target, z) in self.zone_source_]
        for zone in covered:
            kind, source = self.zone_source_[(target, zone)]
            weight = ESSENTIAL if kind == "essential" else SPILLOVER
            region, label = region_ref(kb, zone, side)
            reasons.append(Reason("region", region, f"{label}: {kind} zone of its pattern", weight, source))
        if zones and covered:
            explained = EXPLAINED * len(covered) / len(zones)
            reasons.append(Reason("coverage", "explained",
                                  f"its pattern covers {len(covered)} of the {len(zones)} areas marked",
                                  round(explained, 2), ""))
            essential = [z for z in covered if self.zone_source_[(target, z)][0] == "essential"]
            if essential:
                share = len(essential) / self.essential_count_[self.targets_.index(target)]
                reasons.append(Reason("coverage", "essential_marked",
                                      f"{len(essential)} of its essential areas are marked",
                                      round(COVERAGE * share, 2), ""))
        for finding in sorted(evidence.present):
            if (target, finding) in self.link_source_:
                kind, source = self.link_source_[(target, finding)]
                weight = self.present_[self.targets_.index(target), self.f_index_[finding]]
                reasons.append(Reason(kind, finding, str(kb.findings.loc[finding, "label"]), round(weight, 2), source))
        for finding in sorted(evidence.denied - evidence.present):
            if (target, finding) in self.link_source_:
                _, source = self.link_source_[(target, finding)]
                weight = -self.denied_[self.targets_.index(target), self.f_index_[finding]]
                label = f"not present: {kb.findings.loc[finding, 'label']}"
                reasons.append(Reason("denied", finding, label, round(weight, 2), source))
        return tuple(sorted(reasons, key=lambda r: -abs(r.weight)))


def _indicator(rows: object, cols: object, shape: tuple[int, int]) -> sparse.csr_matrix:
    r, c = np.asarray(rows, dtype=int), np.asarray(cols, dtype=int)
    return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=shape)


def region_ref(kb: KnowledgeBase, zone: str, side: str | None) -> tuple[str, str]:
    """(id, label) of a zone on a side: the sided region, or the zone itself when midline or side unknown."""
    sided = f"{zone}_{side}"
    if side in SIDES and sided in kb.regions.index:
        return sided, str(kb.regions.loc[sided, "label"])
    rows = kb.regions[kb.regions["zone"] == zone]
    label = str(rows["label"].iloc[0])
    if len(rows) > 1:
        label = label.rsplit(" (", 1)[0] + (" (both sides)" if side == "both" else "")
    return zone, label
