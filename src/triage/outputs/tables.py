"""Tables for spreadsheets: the rule table, the muscle table and the derived links, as CSV files.

Instructors build exercises from these. Ids stay beside plain labels so a row can be traced back
to the knowledge base; a cell holding several values joins them with '|', as the knowledge base
does. Files are UTF-8 with a byte-order mark, so spreadsheet programs read accents correctly.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from triage.knowledge.model import KnowledgeBase
from triage.knowledge.serialise import csv_cell, muscle_summary

ENCODING = "utf-8-sig"
RULE_COLUMNS = ["finding", "finding_label", "target", "target_label", "target_kind", "evoking_strength",
                "frequency", "source", "note"]
MUSCLE_COLUMNS = ["id", "name", "group", "aliases", "origin", "insertion", "nerve", "roots", "actions",
                  "essential_zones", "spillover_zones", "lookalikes", "sources"]
LINK_COLUMNS = ["link", "evidence", "evidence_label", "target", "target_label", "target_kind", "strength",
                "action", "mode", "source"]


def export_csv(kb: KnowledgeBase, folder: Path | str) -> list[Path]:
    """Write rules.csv, muscles.csv and links.csv into folder (created if needed); return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {"rules.csv": rules_table(kb), "muscles.csv": muscles_table(kb), "links.csv": links_table(kb)}
    paths = []
    for name, table in tables.items():
        path = folder / name
        table.map(csv_cell).to_csv(path, index=False, encoding=ENCODING, lineterminator="\n")
        paths.append(path)
    return paths


def rules_table(kb: KnowledgeBase) -> pd.DataFrame:
    """rules.csv with the finding's and the target's labels added."""
    rules = kb.rules.copy()
    rules["finding_label"] = rules["finding"].map(kb.findings["label"])
    rules["target_label"] = rules["target"].map(kb.target_name)
    rules["target_kind"] = rules["target"].map(lambda t: _target_kind(kb, t))
    return rules.reindex(columns=RULE_COLUMNS)


def muscles_table(kb: KnowledgeBase) -> pd.DataFrame:
    """One row per muscle with its anatomy, actions, referral zones, look-alikes and sources."""
    rows = []
    for muscle in kb.muscles.values():
        summary = muscle_summary(muscle)
        rows.append({
            **{key: summary[key] for key in ("id", "name", "group", "aliases", "origin", "insertion", "nerve",
                                             "roots", "actions", "lookalikes", "sources")},
            "essential_zones": summary["referral"]["essential"],
            "spillover_zones": summary["referral"]["spillover"],
        })
    return pd.DataFrame(rows, columns=MUSCLE_COLUMNS)


def links_table(kb: KnowledgeBase) -> pd.DataFrame:
    """The links derived at load time: referral zone -> target, and painful movement -> muscle."""
    zones = kb.zone_links.assign(
        link="referral_zone", evidence=kb.zone_links["zone"],
        evidence_label=kb.zone_links["zone"].map(kb.zone_labels),
    )
    movements = kb.movement_links.assign(
        link="movement", evidence=kb.movement_links["finding"],
        evidence_label=kb.movement_links["finding"].map(kb.findings["label"]), target_kind="muscle",
    )
    links = pd.concat([zones, movements], ignore_index=True)
    links["target_label"] = links["target"].map(kb.target_name)
    return links.reindex(columns=LINK_COLUMNS)


def _target_kind(kb: KnowledgeBase, target: str) -> str:
    return "muscle" if target in kb.muscles else "condition"
