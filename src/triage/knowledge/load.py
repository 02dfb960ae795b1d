"""The knowledge base: loaded once, validated completely, then immutable.

`load_knowledge_base` reads every file, resolves every reference and either returns a `KnowledgeBase`
or raises `KnowledgeBaseError` listing every problem: nothing is ever half-loaded. Links that follow
from the data (region -> muscle from referral zones, movement -> muscle from actions) are derived
here, at load time, and never typed twice.
"""

from __future__ import annotations

import difflib
import json
import os
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from triage.knowledge.errors import KnowledgeBaseError, Problem
from triage.knowledge.files import ReadResult, read_records, read_table, read_text
from triage.knowledge.geometry import check_body_map
from triage.knowledge.model import Condition, KnowledgeBase, Muscle, Part, SelfCare, TriggerPoint
from triage.knowledge.pain_guide import check_pain_guide, guide_ranks, listed_by_any
from triage.knowledge.schema import RECORD_FOLDERS, TABLES
from triage.knowledge.screening import check_self_care

# The shipped knowledge base, package data (in a source checkout, a link to the repository's knowledge/).
DEFAULT_KNOWLEDGE = Path(str(resources.files("triage") / "shipped_knowledge")).resolve()
BODY_MAP_FILE = "body_map.json"

# Where each kind of reference is defined, for messages that say what is allowed.
_DEFINED_IN = {
    "source": "sources.csv (column id)",
    "action": "actions.csv (column id)",
    "zone": "regions.csv (column zone)",
    "finding": "findings.csv (column id)",
    "red_flag": "red_flags.csv (column id)",
    "condition": "conditions/<id>.yaml",
    "muscle": "muscles/<id>.yaml",
    "screening": "screening.csv (column id)",
    "word_class": "word_classes.csv (column id)",
    "target": "muscles/<id>.yaml or conditions/<id>.yaml",
}


def default_knowledge_dir() -> Path:
    """The shipped knowledge base, unless TRIAGE_KNOWLEDGE points elsewhere."""
    return Path(os.environ.get("TRIAGE_KNOWLEDGE", DEFAULT_KNOWLEDGE))


def load_knowledge_base(folder: Path | str | None = None) -> KnowledgeBase:
    """Load and validate a knowledge base folder; raise KnowledgeBaseError with every problem found."""
    root = Path(folder) if folder is not None else default_knowledge_dir()
    tables, records, geometry, problems = _read_all(root)
    if problems:
        raise KnowledgeBaseError(problems)
    return _build(root, tables, records, geometry.items[0])


def check_knowledge_base(folder: Path | str | None = None) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Like `load_knowledge_base`, but return the problems instead of raising."""
    try:
        return load_knowledge_base(folder), []
    except KnowledgeBaseError as error:
        return None, error.problems


# ---------------------------------------------------------------------------------------------- reading


def _read_all(root: Path) -> tuple[dict[str, ReadResult], dict[str, ReadResult], ReadResult, list[Problem]]:
    """Every file read and checked once: tables, record folders, the body-map geometry, and all problems."""
    if not root.is_dir():
        missing = Problem(str(root), "folder", "is not a knowledge-base folder (it does not exist)")
        return {}, {}, ReadResult(), [missing]
    tables = {table.name: read_table(root, table) for table in TABLES}
    records = {name: read_records(root / name, spec) for name, spec in RECORD_FOLDERS.items()}
    geometry = _read_geometry(root, tables["regions.csv"].items)
    problems = [p for result in [*tables.values(), *records.values(), geometry] for p in result.problems]
    problems += _resolve_references(tables, records)
    problems += _check_consistency(root, tables, records)
    return tables, records, geometry, problems


def _resolve_references(tables: dict[str, ReadResult], records: dict[str, ReadResult]) -> list[Problem]:
    def ids(result: ReadResult, column: str = "id") -> set[str]:
        return {item[column] for item in result.items if item.get(column)}

    muscles, conditions = ids(records["muscles"]), ids(records["conditions"])
    known = {
        "source": ids(tables["sources.csv"]),
        "action": ids(tables["actions.csv"]),
        "zone": ids(tables["regions.csv"], "zone"),
        "finding": ids(tables["findings.csv"]),
        "red_flag": ids(tables["red_flags.csv"]),
        "condition": conditions,
        "muscle": muscles,
        "screening": ids(tables["screening.csv"]),
        "word_class": ids(tables["word_classes.csv"]),
        "target": muscles | conditions,
    }
    problems = []
    for result in [*tables.values(), *records.values()]:
        for kind, value, file, where in result.refs:
            if value not in known[kind]:
                close = difflib.get_close_matches(value, sorted(known[kind]), n=3)
                hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
                problems.append(Problem(
                    file, where, f"unknown {kind} '{value}'{hint}; allowed: ids defined in {_DEFINED_IN[kind]}"
                ))
    return problems


def _check_consistency(
    root: Path, tables: dict[str, ReadResult], records: dict[str, ReadResult]
) -> list[Problem]:
    problems: list[Problem] = []
    problems += _check_actions(root / "actions.csv", tables["actions.csv"].items)
    problems += _check_regions(root / "regions.csv", tables["regions.csv"].items)
    problems += _check_findings(root / "findings.csv", tables["findings.csv"].items)
    problems += _check_once(root / "rules.csv", tables["rules.csv"].items, ("finding", "target"))
    problems += _check_once(root / "context_rules.csv", tables["context_rules.csv"].items,
                            ("trigger", "category", "direction"))
    for muscle in records["muscles"].items:
        problems += _check_muscle_zones(muscle)
        problems += check_self_care(muscle, tables["screening.csv"].items)
    problems += check_pain_guide(str(root / "pain_guide.csv"), tables["pain_guide.csv"].items,
                                 records["muscles"].items)
    return problems


def _check_actions(path: Path, rows: list[dict[str, Any]]) -> list[Problem]:
    opposite = {row["id"]: row.get("opposite") for row in rows}
    return [
        Problem(str(path), f"row {row['_row']}, opposite",
                f"'{row['id']}' names '{row['opposite']}' as its opposite, but '{row['opposite']}' names "
                f"'{opposite.get(row['opposite'])}'; opposites must name each other")
        for row in rows
        if row.get("opposite") and row["opposite"] in opposite and opposite[row["opposite"]] != row["id"]
    ]


def _check_regions(path: Path, rows: list[dict[str, Any]]) -> list[Problem]:
    problems = []
    sides_of: dict[str, list[str]] = {}
    for row in rows:
        if not (row.get("zone") and row.get("side") and row.get("id")):
            continue
        sides_of.setdefault(row["zone"], []).append(row["side"])
        expected = row["zone"] if row["side"] == "midline" else f"{row['zone']}_{row['side']}"
        if row["id"] != expected:
            problems.append(Problem(str(path), f"row {row['_row']}, id",
                                    f"id '{row['id']}' does not follow zone and side; allowed: '{expected}'"))
    for zone, sides in sides_of.items():
        if sorted(sides) not in (["midline"], ["left", "right"]):
            problems.append(Problem(str(path), f"zone '{zone}'",
                                    f"has sides {sorted(sides)}; allowed: one midline row, or one left and one right"))
    return problems


def _check_findings(path: Path, rows: list[dict[str, Any]]) -> list[Problem]:
    problems = []
    for row in rows:
        is_movement = row.get("kind") == "movement"
        for column in ("action", "mode"):
            if is_movement and not row.get(column):
                problems.append(Problem(str(path), f"row {row['_row']}, {column}",
                                        f"a finding of kind 'movement' needs '{column}'"))
            if not is_movement and row.get(column) and row.get("kind"):
                problems.append(Problem(str(path), f"row {row['_row']}, {column}",
                                        f"'{column}' is only allowed for kind 'movement' "
                                        f"(this row is '{row['kind']}')"))
    return problems


def _check_once(path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> list[Problem]:
    """Rows must not repeat the same values in `columns` (a rule listed twice is an editing slip)."""
    problems, first_row_of = [], {}
    for row in rows:
        key = tuple(row.get(c) for c in columns)
        if None in key:
            continue
        if key in first_row_of:
            problems.append(Problem(str(path), f"row {row['_row']}, {columns[0]}",
                                    f"duplicate of row {first_row_of[key]} ({', '.join(map(str, key))}); "
                                    f"each ({', '.join(columns)}) may appear once"))
        else:
            first_row_of[key] = row["_row"]
    return problems


def _check_muscle_zones(muscle: dict[str, Any]) -> list[Problem]:
    referrals = [("referral", muscle["referral"])] if "referral" in muscle else []
    referrals += [(f"parts[{i}].referral", part["referral"]) for i, part in enumerate(muscle.get("parts", []))
                  if "referral" in part]
    return [
        Problem(muscle["_file"], f"{where}.spillover",
                f"zone '{zone}' is listed as both essential and spillover; allowed: one of the two")
        for where, referral in referrals
        for zone in set(referral.get("essential", [])) & set(referral.get("spillover", []))
    ]


def _read_geometry(root: Path, regions: list[dict[str, Any]]) -> ReadResult:
    """The body map, checked against the regions; its parsed data is the one item when it could be read."""
    path = root / BODY_MAP_FILE
    result = ReadResult()
    text = read_text(path, result)
    if text is None:
        return result
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        result.problems.append(Problem(str(path), f"line {error.lineno}, column {error.colno}",
                                       f"JSON syntax error: {error.msg}"))
        return result
    pairs = [(row["id"], row["view"]) for row in regions if row.get("id") and row.get("view")]
    result.problems += [Problem(str(path), key, message) for key, message in check_body_map(data, pairs)]
    result.items.append(data)
    return result


# ---------------------------------------------------------------------------------------------- building


def _frame(rows: list[dict[str, Any]], index: str | None = "id", columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A table as a frame; an empty table still has its index and the given `columns`."""
    frame = pd.DataFrame([{k: v for k, v in row.items() if k != "_row"} for row in rows])
    for column in (index, *columns) if index else columns:
        if column not in frame:  # an empty table
            frame[column] = []
    return frame.set_index(index, drop=False) if index else frame


def _build(root: Path, tables: dict[str, ReadResult], records: dict[str, ReadResult],
           body_map: dict[str, Any]) -> KnowledgeBase:
    muscles = {m["id"]: _muscle(m) for m in records["muscles"].items}
    conditions = {c["id"]: _condition(c) for c in records["conditions"].items}
    actions = _frame(tables["actions.csv"].items)
    findings = _frame(tables["findings.csv"].items)
    return KnowledgeBase(
        root=root,
        sources=_frame(tables["sources.csv"].items),
        actions=actions,
        regions=_frame(tables["regions.csv"].items),
        findings=findings,
        red_flags=_frame(tables["red_flags.csv"].items),
        rules=_frame(tables["rules.csv"].items, index=None),
        context_rules=_frame(tables["context_rules.csv"].items, index=None),
        word_classes=_frame(tables["word_classes.csv"].items, columns=("words",)),
        screening=_frame(tables["screening.csv"].items),
        pain_guide=MappingProxyType(guide_ranks(tables["pain_guide.csv"].items)),
        guide_listed=MappingProxyType(listed_by_any(tables["pain_guide.csv"].items)),
        pain_guide_rows=_frame(tables["pain_guide.csv"].items, index=None),
        muscles=MappingProxyType(muscles),
        conditions=MappingProxyType(conditions),
        body_map=MappingProxyType(body_map),
        zone_links=_zone_links(muscles, conditions),
        movement_links=_movement_links(findings, actions, muscles),
        zone_labels=MappingProxyType(_zone_labels(tables["regions.csv"].items)),
    )


def _zone_labels(regions: list[dict[str, Any]]) -> dict[str, str]:
    """Side-less label of each zone ("outer thigh" from "outer thigh (left)")."""
    labels: dict[str, str] = {}
    for row in regions:
        label = row["label"]
        labels[row["zone"]] = label.rsplit(" (", 1)[0] if row["side"] in ("left", "right") else label
    return labels


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _part(part_id: str, name: str, referrals: list[dict[str, Any]], actions: list[dict[str, Any]]) -> Part:
    essential = _unique(z for r in referrals for z in r["essential"])
    spillover = _unique(z for r in referrals for z in r.get("spillover", []) if z not in essential)
    return Part(part_id, name, _unique(a["action"] for a in actions), essential, spillover)


def _muscle(data: dict[str, Any]) -> Muscle:
    shared = [data["referral"]] if "referral" in data else []
    whole = _part("", data["name"], shared + [p["referral"] for p in data.get("parts", [])],
                  [*data["actions"], *(a for p in data.get("parts", []) for a in p["actions"])])
    # Each fibre part is scored on its own pattern plus what the muscle as a whole does and refers.
    parts = tuple(
        _part(p["id"], p["name"], [*shared, p["referral"]], [*data["actions"], *p["actions"]])
        for p in data.get("parts", [])
    ) or (whole,)
    record = _clean(data)
    return Muscle(
        id=data["id"],
        name=data["name"],
        aliases=tuple(data["aliases"]),
        group=data["group"],
        actions=whole.actions,
        essential=whole.essential,
        spillover=whole.spillover,
        parts=parts,
        trigger_points=tuple(TriggerPoint(t["label"], t["region"], t["x"], t["y"]) for t in data["trigger_points"]),
        self_care=tuple(
            SelfCare(s["kind"], s["name"], s["how"], s["dose"], s["stop_if"], tuple(s["source"]),
                     tuple(s.get("avoid_if", ())), tuple(s.get("caution_if", ())))
            for s in data["self_care"]
        ),
        lookalikes=tuple(data["lookalikes"]),
        sources=_unique(_all_sources(record)),
        record=MappingProxyType(record),
    )


def _condition(data: dict[str, Any]) -> Condition:
    return Condition(
        id=data["id"],
        name=data["name"],
        aliases=tuple(data["aliases"]),
        zones=tuple(data["regions"]),
        triage=data["triage"],
        sources=tuple(data["sources"]),
        record=MappingProxyType(_clean(data)),
    )


def _all_sources(value: Any) -> list[str]:
    """Every source id cited anywhere in a record (keys `source` and `sources`)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "source":
                found += item
            elif key == "sources" and isinstance(item, dict):
                found += [s for ids in item.values() for s in ids]
            elif key == "sources":
                found += item
            else:
                found += _all_sources(item)
    elif isinstance(value, list):
        for item in value:
            found += _all_sources(item)
    return found


def _unique(values: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _zone_links(muscles: dict[str, Muscle], conditions: dict[str, Condition]) -> pd.DataFrame:
    """Derived: which targets (and fibre parts) refer pain to which zone, essential or spillover."""
    rows = [
        {"target": m.id, "target_kind": "muscle", "part": part.id, "zone": zone, "strength": strength,
         "source": "|".join(m.record["sources"]["referral"])}
        for m in muscles.values()
        for part in m.parts
        for strength, zones in (("essential", part.essential), ("spillover", part.spillover))
        for zone in zones
    ]
    rows += [
        {"target": c.id, "target_kind": "condition", "part": "", "zone": zone, "strength": "essential",
         "source": "|".join(c.sources)}
        for c in conditions.values()
        for zone in c.zones
    ]
    return pd.DataFrame(rows, columns=["target", "target_kind", "part", "zone", "strength", "source"])


def _movement_links(findings: pd.DataFrame, actions: pd.DataFrame, muscles: dict[str, Muscle]) -> pd.DataFrame:
    """Derived: a painful movement implicates the muscles (parts) doing it (contraction) or its opposite (stretch)."""
    rows = []
    if not findings.empty:
        for finding in findings[findings["kind"] == "movement"].itertuples():
            action = finding.action if finding.mode == "contraction" else actions.loc[finding.action, "opposite"]
            if not isinstance(action, str):
                continue
            rows += [
                {"finding": finding.id, "target": m.id, "part": part.id, "action": action, "mode": finding.mode,
                 "source": "|".join(m.record["sources"]["actions"])}
                for m in muscles.values()
                for part in m.parts
                if action in part.actions
            ]
    return pd.DataFrame(rows, columns=["finding", "target", "part", "action", "mode", "source"])
