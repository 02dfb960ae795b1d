"""The knowledge base as one JSON document, and back again (the export round-trips losslessly).

Each muscle carries convenient flat fields (action ids, referral zones as the union of its parts,
root values, every cited source) beside `record`, the file exactly as validated, which is what
`write_knowledge` writes back.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from triage.knowledge.load import BODY_MAP_FILE
from triage.knowledge.model import KnowledgeBase, Muscle
from triage.knowledge.schema import LIST_SEPARATOR, TABLES

_TABLE_KEYS = {"sources.csv": "sources", "actions.csv": "actions", "regions.csv": "regions",
               "findings.csv": "findings", "red_flags.csv": "red_flags", "rules.csv": "rules",
               "context_rules.csv": "context_rules", "word_classes.csv": "word_classes", "screening.csv": "screening",
               "pain_guide.csv": "pain_guide_rows"}


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _scalar(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _scalar(value: Any) -> Any:
    """Plain Python values for JSON: lists stay, missing cells become None, numpy numbers become numbers."""
    if isinstance(value, list):
        return value
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def muscle_summary(muscle: Muscle) -> dict[str, Any]:
    """The documented export fields of one muscle (also `triage show --json`)."""
    record = muscle.record
    return {
        "id": muscle.id,
        "name": muscle.name,
        "aliases": list(muscle.aliases),
        "group": muscle.group,
        "uberon": record.get("uberon"),
        "fma": record.get("fma"),
        "origin": record["origin"],
        "insertion": record["insertion"],
        "nerve": record["nerve"],
        "roots": list(dict.fromkeys(root["value"] for root in record["roots"])),
        "actions": list(muscle.actions),
        "referral": {"essential": list(muscle.essential), "spillover": list(muscle.spillover)},
        "trigger_points": [tp.__dict__ for tp in muscle.trigger_points],
        "self_care": [dict(item) for item in record["self_care"]],
        "lookalikes": list(muscle.lookalikes),
        "sources": list(muscle.sources),
        "record": _plain(record),
    }


def _plain(value: Any) -> Any:
    """Deep-copy mappings (including read-only proxies) into plain JSON-ready dicts and lists."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def export_knowledge(kb: KnowledgeBase) -> dict[str, Any]:
    """Everything in the knowledge base as JSON-ready data."""
    data: dict[str, Any] = {key: _rows(getattr(kb, key)) for key in _TABLE_KEYS.values()}
    data["muscles"] = [muscle_summary(m) for m in kb.muscles.values()]
    data["conditions"] = [_plain(c.record) for c in kb.conditions.values()]
    data["body_map"] = _plain(kb.body_map)
    return data


def write_knowledge(data: dict[str, Any], folder: Path) -> None:
    """Write exported data back as a knowledge-base folder (CSV tables, one YAML per record)."""
    (folder / "muscles").mkdir(parents=True, exist_ok=True)
    (folder / "conditions").mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        columns = list(table.columns)
        with (folder / table.name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in data[_TABLE_KEYS[table.name]]:
                writer.writerow([csv_cell(row.get(c)) for c in columns])
    for muscle in data["muscles"]:
        _write_yaml(folder / "muscles" / f"{muscle['id']}.yaml", muscle["record"])
    for condition in data["conditions"]:
        _write_yaml(folder / "conditions" / f"{condition['id']}.yaml", condition)
    (folder / BODY_MAP_FILE).write_text(json.dumps(data["body_map"]), encoding="utf-8")


def csv_cell(value: Any) -> str:
    """A value as a CSV cell of the knowledge base's format: lists '|'-joined, missing values empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _write_yaml(path: Path, record: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
