"""Self-care ideas in words, with who should not do them: shared by the app, the monographs and handouts.

An item's `avoid_if` and `caution_if` (ids of `screening.csv`) are always printed ("Not for: ...",
"Take care if: ..."); when a person has ticked the optional "about you" list, `for_person` says which
items do not suit them and why, so a page can hide or mark them.
"""

from __future__ import annotations

from collections.abc import Iterable

from triage.knowledge.model import KnowledgeBase, SelfCare
from triage.knowledge.screening import Suitability, suitability

KIND_NAMES = {"stretch": "stretch", "strengthen": "strengthening", "self_massage": "self-massage"}


def screening_labels(kb: KnowledgeBase, ids: Iterable[str]) -> str:
    """Screening ids in plain words, joined ("a hip replacement; blood thinners")."""
    return "; ".join(str(kb.screening.loc[i, "label"]) for i in ids if i in kb.screening.index)


def cautions(kb: KnowledgeBase, item: SelfCare) -> list[str]:
    """The item's general screening lines: who should not do it, and who should take care."""
    lines = []
    if item.avoid_if:
        lines.append(f"Not for: {screening_labels(kb, item.avoid_if)}.")
    if item.caution_if:
        lines.append(f"Take care if: {screening_labels(kb, item.caution_if)}; ask a therapist first.")
    return lines


def care_line(kb: KnowledgeBase, item: SelfCare) -> str:
    """One item as a line of text, its cautions included (monographs, handouts)."""
    return " ".join([f"{item.name} ({KIND_NAMES.get(item.kind, item.kind)}): {item.how}", f"Dose: {item.dose}",
                     f"Stop if: {item.stop_if}", *cautions(kb, item)])


def for_person(kb: KnowledgeBase, items: Iterable[SelfCare], answers: Iterable[str]) -> list[tuple[Suitability, str]]:
    """Each item with a sentence on why it does not suit, or suits only with care, the person ('' when nothing)."""
    said = []
    for fit in suitability(items, answers):
        if fit.avoid:
            said.append((fit, f"Not suggested for you because of {screening_labels(kb, fit.avoid)}: "
                              + " ".join(str(kb.screening.loc[i, "why"]) for i in fit.avoid)))
        elif fit.caution:
            said.append((fit, f"Take care because of {screening_labels(kb, fit.caution)}: "
                              + " ".join(str(kb.screening.loc[i, "why"]) for i in fit.caution)
                              + " Ask a therapist first."))
        else:
            said.append((fit, ""))
    return said
