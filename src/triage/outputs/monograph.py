"""A muscle's monograph as plain text (for `triage show`, handouts and the referral page), and the same
for a look-alike condition (for the Class page's comparison)."""

from __future__ import annotations

from triage.knowledge.lookup import source_titles
from triage.knowledge.model import Condition, KnowledgeBase, Muscle
from triage.outputs.self_care import care_line

# What a condition's `triage` value asks of a person who suspects it.
CONDITION_ADVICE = {
    "see_clinician": "If it is suspected: have it checked by a doctor or physiotherapist.",
    "self_care": "If it is suspected: consult a therapist for an assessment.",
}


def _zone_labels(kb: KnowledgeBase, zones: tuple[str, ...]) -> str:
    return ", ".join(kb.zone_labels[z] for z in zones) or "none"


def _sources_line(kb: KnowledgeBase, ids: tuple[str, ...] | list[str]) -> str:
    return source_titles(kb, ids)


def monograph_sections(kb: KnowledgeBase, muscle: Muscle) -> list[tuple[str, list[str]]]:
    """The monograph as (heading, lines) sections, shared by every surface that shows a muscle."""
    record = muscle.record
    action_label = kb.actions["label"]
    roots = [f"{root['value']} ({source_titles(kb, root['source'])})" for root in record["roots"]]
    sections: list[tuple[str, list[str]]] = [
        ("Also called", [", ".join(muscle.aliases)]),
        ("Anatomy", [f"Origin: {record['origin']}", f"Insertion: {record['insertion']}",
                     f"Nerve: {record['nerve']} (roots: {'; '.join(roots)})"]),
        ("Actions", [f"{action_label[a['action']]}" + (f" ({a['fibres']})" if a.get("fibres") else "")
                     for a in record["actions"]]
         + [f"{part['name']}: " + ", ".join(action_label[a["action"]] for a in part["actions"])
            for part in record.get("parts", [])]),
        ("Referral pattern", [f"Essential zone: {_zone_labels(kb, muscle.essential)}",
                              f"Spillover zone: {_zone_labels(kb, muscle.spillover)}"]
         + [f"{part['name']}: " + _zone_labels(kb, tuple(part["referral"]["essential"]))
            for part in record.get("parts", [])]),
        ("Trigger points", [tp.label for tp in muscle.trigger_points]),
        ("What aggravates it", list(record["aggravating"])),
        ("What you may notice", list(record["signs"])),
        ("Self-care (stop and consult a therapist if it hurts)",
         [care_line(kb, s) for s in muscle.self_care]),
        ("Look-alikes a therapist would rule out", [kb.conditions[c].name for c in muscle.lookalikes]),
    ]
    for item in record.get("disagreements", []):
        values = "; ".join(f"{v['value']} ({source_titles(kb, v['source'])})" for v in item["values"])
        sections.append((f"Sources disagree: {item['topic']}", [values]))
    sections.append(("Sources", [_sources_line(kb, muscle.sources)]))
    return sections


def condition_sections(kb: KnowledgeBase, condition: Condition) -> list[tuple[str, list[str]]]:
    """A look-alike condition as (heading, lines) sections: what it is, where, what tells it apart, what to do."""
    record = condition.record
    sections: list[tuple[str, list[str]]] = [
        ("What it is", [record["summary"]]),
        ("Where the pain typically sits", [_zone_labels(kb, condition.zones)]),
        ("What tells it apart from muscle pain", list(record["distinguishing"])),
        ("What to do", [CONDITION_ADVICE[condition.triage]]),
    ]
    if record.get("icd10"):
        sections.append(("ICD-10", [", ".join(record["icd10"])]))
    sections.append(("Sources", [_sources_line(kb, condition.sources)]))
    return sections


def monograph_text(kb: KnowledgeBase, muscle: Muscle) -> str:
    """The monograph as readable text."""
    lines = [f"{muscle.name} ({muscle.group.replace('_', ' ')})", ""]
    for heading, body in monograph_sections(kb, muscle):
        lines.append(f"{heading}:")
        lines += [f"  - {line}" for line in body]
    return "\n".join(lines)
