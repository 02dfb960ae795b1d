"""Finding a muscle by id, name or alias, and suggesting close matches when nothing fits."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from triage.knowledge.model import KnowledgeBase, Muscle
from triage.knowledge.vocabulary import SIDES


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def _names(kb: KnowledgeBase) -> dict[str, str]:
    """Every normalised id, name and alias -> muscle id."""
    names: dict[str, str] = {}
    for muscle in kb.muscles.values():
        for name in (muscle.id, muscle.name, *muscle.aliases):
            names.setdefault(_normal(name), muscle.id)
    return names


def find_muscle(kb: KnowledgeBase, query: str) -> Muscle | None:
    """The muscle whose id, name or alias is `query` (case and separators ignored), else None."""
    muscle_id = _names(kb).get(_normal(query))
    return kb.muscles[muscle_id] if muscle_id else None


def close_muscles(kb: KnowledgeBase, query: str, n: int = 3) -> list[str]:
    """Ids of the muscles whose names are closest to `query`, for "did you mean ..."."""
    names = _names(kb)
    matches = difflib.get_close_matches(_normal(query), list(names), n=n * 3, cutoff=0.5)
    return list(dict.fromkeys(names[m] for m in matches))[:n]


def muscles_referring_to(kb: KnowledgeBase, zone: str) -> list[tuple[Muscle, str]]:
    """Reverse lookup: every muscle whose referral pattern covers a zone, essential before spillover, each group in
    the pain guides' order (most frequent first; muscles no guide lists for the zone follow, by name)."""
    links = kb.zone_links[(kb.zone_links["zone"] == zone) & (kb.zone_links["target_kind"] == "muscle")]
    order = {"essential": 0, "spillover": 1}
    best: dict[str, str] = {}
    for row in links.itertuples():  # a muscle whose parts differ counts by its strongest link
        if row.target not in best or order[row.strength] < order[best[row.target]]:
            best[row.target] = row.strength
    unlisted = (len(kb.pain_guide) + 1, "")
    ranked = sorted(best.items(), key=lambda item: (order[item[1]], kb.pain_guide.get((zone, item[0]), unlisted)[0],
                                                    kb.muscles[item[0]].name))
    return [(kb.muscles[target], strength) for target, strength in ranked]


def region_ref(kb: KnowledgeBase, zone: str, side: str | None) -> tuple[str, str]:
    """(id, label) of a zone on a side: the sided region, or the zone itself when midline or side unknown."""
    sided = f"{zone}_{side}"
    if side in SIDES and sided in kb.regions.index:
        return sided, str(kb.regions.loc[sided, "label"])
    suffix = " (both sides)" if side == "both" and f"{zone}_left" in kb.regions.index else ""
    return zone, kb.zone_labels[zone] + suffix


def source_titles(kb: KnowledgeBase, ids: Iterable[str]) -> str:
    """Sources as people read them: by title, never by id ("seed_gluteus_minimus" is "Gluteus Minimus Muscle")."""
    titles = [str(kb.sources.loc[s, "title"]) for s in dict.fromkeys(ids) if s in kb.sources.index]
    return "; ".join(titles)
