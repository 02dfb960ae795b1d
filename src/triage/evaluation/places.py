"""Figures on reading places from people's words (a place file, see knowledge/place_cases.py): how many of the
places a writer meant were read, on their side, and how often a place was read that the writer did not mean
(a place that is fine, someone else's, long past, or a body word in another sense)."""

from __future__ import annotations

from dataclasses import dataclass, field

from triage.engine.engine import Engine
from triage.engine.types import TARGET_SEPARATOR, Query, Understanding
from triage.knowledge.place_cases import PlaceCase


@dataclass
class PlaceFigures:
    """Place reading over a place file."""

    texts: int = 0
    places: int = 0
    found: float = 0.0  # places meant that were read (any side)
    all_found: float = 0.0  # texts whose every place was read
    right_side: float = 0.0  # sided places read on their own side, of those read
    wrong_place: float = 0.0  # texts with a place read that the writer did not mean
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def place_figures(engine: Engine, cases: list[PlaceCase]) -> PlaceFigures:
    """Read every text (the words alone) and compare the places read with the places meant."""
    region_places = dict(zip(engine.kb.regions.index, engine.kb.regions["zone"], strict=True))
    sides = engine.kb.regions["side"].to_dict()
    meant_total = found_total = sided_found = sided_right = all_found = wrong_texts = 0
    figures = PlaceFigures(texts=len(cases))
    for case in cases:
        understood = engine.analyse(Query(text=case.text)).understood
        read = _read_sides(understood)
        meant = {region_places[r]: sides[r] for r in case.regions}
        missing = sorted(zone for zone in meant if zone not in read)
        meant_total += len(meant)
        found_total += len(meant) - len(missing)
        for zone, side in meant.items():
            if zone in read and side in ("left", "right"):
                sided_found += 1
                sided_right += side in read[zone]
        all_found += not missing
        extra = _unmeant_places(understood, set(meant))
        wrong_texts += bool(extra)
        if missing:
            figures.misses.append(f"{case.id}: not read {', '.join(missing)}")
        if extra:
            figures.wrong.append(f"{case.id}: read {', '.join(extra)}")
    figures.places = meant_total
    figures.found = found_total / meant_total if meant_total else float("nan")
    figures.all_found = all_found / len(cases) if cases else float("nan")
    figures.right_side = sided_right / sided_found if sided_found else float("nan")
    figures.wrong_place = wrong_texts / len(cases) if cases else float("nan")
    return figures


def _read_sides(understood: Understanding) -> dict[str, set[str | None]]:
    """Each zone read, with the sides it was read on (None: no side)."""
    read: dict[str, set[str | None]] = {}
    for side, zones in understood.evidence.zones.items():
        for zone, weight in zones.items():
            if weight > 0:
                read.setdefault(zone, set()).add(side)
    return read


def _unmeant_places(understood: Understanding, meant: set[str]) -> list[str]:
    """The words read as a place (kept as evidence) of which none of the zones they may mean was meant."""
    kept = {zone for zones in understood.evidence.zones.values() for zone, weight in zones.items() if weight > 0}
    return [f"'{span.text}'" for span in understood.spans
            if span.kind == "region" and not span.negated and (zones := set(span.id.split(TARGET_SEPARATOR)))
            & kept and not zones & meant]


def places_text(figures: PlaceFigures) -> str:
    """The figures, then the texts with places not read and with places read that were not meant."""
    lines = [f"texts: {figures.texts}, places meant: {figures.places}",
             f"{'places meant that were read':<40}{figures.found:>7.3f}",
             f"{'texts with every place read':<40}{figures.all_found:>7.3f}",
             f"{'read on their own side (sided places)':<40}{figures.right_side:>7.3f}",
             f"{'texts with a place read not meant':<40}{figures.wrong_place:>7.3f}",
             f"\nplaces not read ({len(figures.misses)}):"]
    lines += [f"  {miss}" for miss in figures.misses] or ["  none"]
    lines.append(f"\nplaces read that were not meant ({len(figures.wrong)}):")
    lines += [f"  {wrong}" for wrong in figures.wrong] or ["  none"]
    return "\n".join(lines)
