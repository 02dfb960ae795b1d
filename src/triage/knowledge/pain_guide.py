"""The pain guides' order: for each zone, the muscles that refer pain there, most frequent first.

`pain_guide.csv` records each guide's list per zone with its source; the rows marked `used` give the
order the tool uses (`guide_ranks`). A used row must agree with the muscle's own referral: the
muscle refers to that zone, essential or spillover as the guide says.
"""

from __future__ import annotations

from typing import Any

from triage.knowledge.errors import Problem


def _strongest(muscle: dict[str, Any]) -> dict[str, str]:
    """zone -> 'essential' or 'spillover', the strongest over the muscle's own referral and its parts."""
    referrals = [muscle["referral"]] if "referral" in muscle else []
    referrals += [part["referral"] for part in muscle.get("parts", []) if "referral" in part]
    strength: dict[str, str] = {}
    for referral in referrals:
        for zone in referral.get("spillover", []):
            strength.setdefault(zone, "spillover")
        for zone in referral.get("essential", []):
            strength[zone] = "essential"
    return strength


def check_pain_guide(path: str, rows: list[dict[str, Any]], muscles: list[dict[str, Any]]) -> list[Problem]:
    """Used rows that disagree with the muscles' referral, and repeated places in one guide's list."""
    patterns = {m["id"]: _strongest(m) for m in muscles if "id" in m}
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        if any(row.get(key) is None for key in ("zone", "muscle", "order", "source", "pattern", "used")):
            continue  # a cell that could not be read is reported already
        where = f"row {row['_row']}"
        key = (row["zone"], row["muscle"], "|".join(row["source"]))
        if key in seen:
            problems.append(Problem(path, f"{where}, muscle", f"'{row['muscle']}' is listed twice for zone "
                                    f"'{row['zone']}' by the same source (first at row {seen[key]}); allowed: once"))
        seen.setdefault(key, row["_row"])
        if row["used"] != "yes" or row["muscle"] not in patterns:
            continue
        has = patterns[row["muscle"]].get(row["zone"])
        if has != row["pattern"]:
            now = f"its referral has it as {has}" if has else "its referral does not cover it"
            problems.append(Problem(path, f"{where}, pattern",
                                    f"the guide gives '{row['zone']}' as {row['pattern']} for '{row['muscle']}' but "
                                    f"{now}; allowed: the same pattern in muscles/{row['muscle']}.yaml"))
    return problems


def guide_ranks(rows: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int, str]]:
    """(zone, muscle) -> (place in the used list for that zone, 1 = most frequent; its sources joined by '|')."""
    return {(row["zone"], row["muscle"]): (row["order"], "|".join(row["source"])) for row in rows
            if row.get("used") == "yes"}


def listed_by_any(rows: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """zone -> every muscle some guide lists for it (used or not)."""
    listed: dict[str, dict[str, None]] = {}
    for row in rows:
        if row.get("zone") and row.get("muscle"):
            listed.setdefault(row["zone"], {})[row["muscle"]] = None
    return {zone: tuple(muscles) for zone, muscles in listed.items()}
