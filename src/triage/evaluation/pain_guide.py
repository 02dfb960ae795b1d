"""How well the tool agrees with the pain guides, zone by zone: figures, not a test of itself.

For every zone the guides cover: the share of the muscles they list (and the knowledge base has) whose
pattern reaches the zone, where the guide's first muscle ranks when only that zone is marked, and the
rank correlation (Kendall's tau) between the guide's order and the engine's. Also by each guide's own area:
a guide's "foot pain" is the heel, the arch and the top of the foot on our map, and its listed muscle agrees
with the tool when its pattern reaches any of them (by zone, it would have to reach all three).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from triage.engine.engine import Engine
from triage.engine.types import Query
from triage.knowledge.lookup import muscles_referring_to
from triage.knowledge.model import KnowledgeBase

TOP = 5


@dataclass(frozen=True)
class ZoneAgreement:
    """One zone: the guide's muscles, those linked, and the engine's ranks of them."""

    zone: str
    listed: tuple[str, ...]  # the used list, most frequent first
    linked: tuple[str, ...]  # listed by any guide and referring to the zone
    unlinked: tuple[str, ...]  # listed by some guide, in the knowledge base, but not referring to the zone
    first_rank: int | None  # the engine's rank of the guide's first muscle (None: not ranked)
    tau: float | None  # Kendall's tau between the guide's order and the engine's, over the listed muscles


def _region(engine: Engine, zone: str) -> str:
    sided = f"{zone}_right"
    return sided if sided in engine.kb.regions.index else zone


def zone_agreement(engine: Engine) -> list[ZoneAgreement]:
    """Agreement on every zone that has a used pain-guide list."""
    from scipy.stats import kendalltau  # evaluation only

    kb = engine.kb
    used: dict[str, list[tuple[int, str]]] = {}
    for (zone, muscle), (rank, _) in kb.pain_guide.items():
        used.setdefault(zone, []).append((rank, muscle))
    rows = []
    for zone in sorted(used):
        listed = tuple(m for _, m in sorted(used[zone]))
        any_guide = set(listed) | set(kb.guide_listed.get(zone, ()))
        referring = {m.id for m, _ in muscles_referring_to(kb, zone)}
        ranking = [s.target for s in engine.analyse(Query(regions=(_region(engine, zone),))).suggestions]
        place = {m: i + 1 for i, m in enumerate(ranking)}
        ranked = [m for m in listed if m in place]
        tau = kendalltau(range(len(ranked)), [place[m] for m in ranked]).statistic if len(ranked) > 1 else None
        rows.append(ZoneAgreement(zone, listed, tuple(sorted(any_guide & referring)),
                                  tuple(sorted(any_guide - referring)), place.get(listed[0]), tau))
    return rows


@dataclass(frozen=True)
class AreaAgreement:
    """One guide's area (which may span several zones): the muscles it lists, those whose pattern reaches it."""

    source: str
    area: str
    zones: tuple[str, ...]
    linked: tuple[str, ...]
    unlinked: tuple[str, ...]


def area_agreement(kb: KnowledgeBase) -> list[AreaAgreement]:
    """Agreement on every area of every guide, as the guide draws it (a row with no `area` is its zone alone)."""
    referring = {zone: {m.id for m, _ in muscles_referring_to(kb, zone)} for zone in kb.zone_labels}
    areas: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for row in kb.pain_guide_rows.itertuples():
        area = getattr(row, "area", None)
        zones, muscles = areas.setdefault(("|".join(row.source), area if isinstance(area, str) else row.zone),
                                          (set(), set()))
        zones.add(row.zone)
        if row.muscle in kb.muscles:
            muscles.add(row.muscle)
    rows = []
    for (source, area), (zones, muscles) in sorted(areas.items()):
        reach = set().union(*(referring.get(zone, set()) for zone in zones))
        rows.append(AreaAgreement(source, area, tuple(sorted(zones)), tuple(sorted(muscles & reach)),
                                  tuple(sorted(muscles - reach))))
    return rows


def area_text(rows: list[AreaAgreement]) -> str:
    """The by-area figures as a short report."""
    listed = sum(len(r.linked) + len(r.unlinked) for r in rows)
    linked = sum(len(r.linked) for r in rows)
    share = linked / max(listed, 1)
    lines = [f"by the guides' own areas ({len(rows)} areas, an area may span several zones)",
             f"  guide-listed muscles whose pattern reaches the area: {linked}/{listed} ({share:.1%})"]
    lines += [f"  {r.source} '{r.area}': listed but not linked: {', '.join(r.unlinked)}" for r in rows if r.unlinked]
    return "\n".join(lines)


def agreement_text(rows: list[ZoneAgreement], top: int = TOP) -> str:
    """The figures as a short report."""
    listed = sum(len(r.linked) + len(r.unlinked) for r in rows)
    linked = sum(len(r.linked) for r in rows)
    hits = sum(1 for r in rows if r.first_rank is not None and r.first_rank <= top)
    taus = [r.tau for r in rows if r.tau is not None]
    lines = [f"pain-guide agreement over {len(rows)} zones",
             f"  guide-listed muscles linked to the zone: {linked}/{listed} ({linked / max(listed, 1):.0%})",
             f"  guide's first muscle in the engine's top {top} (one zone marked): {hits}/{len(rows)} "
             f"({hits / max(len(rows), 1):.0%})",
             f"  Kendall tau, guide order vs engine order: median {statistics.median(taus):.2f}" if taus else ""]
    lines += [f"  {r.zone}: first {r.listed[0]} ranked {r.first_rank}" for r in rows
              if r.first_rank is None or r.first_rank > top]
    lines += [f"  {r.zone}: listed but not linked: {', '.join(r.unlinked)}" for r in rows if r.unlinked]
    return "\n".join(line for line in lines if line)
