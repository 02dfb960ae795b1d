"""The knowledge base's records as frozen dataclasses, and the `KnowledgeBase` that holds them all.

Everything here is read-only once loaded (see `triage.knowledge.load`): one knowledge base serves every
query, session and thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class TriggerPoint:
    """Where a trigger point is usually found: a zone and a marker position (0-1) inside it."""

    label: str
    zone: str
    x: float
    y: float


@dataclass(frozen=True)
class SelfCare:
    """One self-care idea with its dose, when to stop, and who should avoid it or take care (screening ids)."""

    kind: str
    name: str
    how: str
    dose: str
    stop_if: str
    sources: tuple[str, ...]
    avoid_if: tuple[str, ...] = ()
    caution_if: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """A fibre group with its own actions and referral (e.g. anterior gluteus minimus); id '' is the whole muscle."""

    id: str
    name: str
    actions: tuple[str, ...]
    essential: tuple[str, ...]
    spillover: tuple[str, ...]


@dataclass(frozen=True)
class Muscle:
    """A muscle; actions and referral zones are the union over its fibre parts, which are scored one by one."""

    id: str
    name: str
    aliases: tuple[str, ...]
    group: str
    actions: tuple[str, ...]
    essential: tuple[str, ...]
    spillover: tuple[str, ...]
    parts: tuple[Part, ...]
    trigger_points: tuple[TriggerPoint, ...]
    self_care: tuple[SelfCare, ...]
    lookalikes: tuple[str, ...]
    sources: tuple[str, ...]
    record: Mapping[str, Any]


@dataclass(frozen=True)
class Condition:
    """A look-alike condition a therapist would rule out."""

    id: str
    name: str
    aliases: tuple[str, ...]
    zones: tuple[str, ...]
    triage: str
    sources: tuple[str, ...]
    record: Mapping[str, Any]


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the engine knows. Treat the DataFrames as read-only: they are shared by every query."""

    root: Path
    sources: pd.DataFrame
    actions: pd.DataFrame
    regions: pd.DataFrame
    findings: pd.DataFrame
    red_flags: pd.DataFrame
    rules: pd.DataFrame
    context_rules: pd.DataFrame
    word_classes: pd.DataFrame  # id -> words: what '{id}' in a context trigger stands for
    screening: pd.DataFrame
    pain_guide: Mapping[tuple[str, str], tuple[int, str]]  # (zone, muscle) -> (rank, sources), see pain_guide.py
    guide_listed: Mapping[str, tuple[str, ...]]  # zone -> muscles any guide lists there
    pain_guide_rows: pd.DataFrame  # pain_guide.csv as read (the two mappings above are derived from it)
    muscles: Mapping[str, Muscle]
    conditions: Mapping[str, Condition]
    body_map: Mapping[str, Any]
    zone_links: pd.DataFrame
    movement_links: pd.DataFrame
    zone_labels: Mapping[str, str]

    def summary(self) -> str:
        """One line of counts, as printed by `triage check`."""
        return (
            f"knowledge base OK: {len(self.muscles)} muscles, {len(self.conditions)} conditions, "
            f"{len(self.regions)} regions, {len(self.findings)} findings, {len(self.red_flags)} red flags, "
            f"{len(self.rules)} rules, {len(self.sources)} sources, {len(self.screening)} screening questions, "
            f"{len({zone for zone, _ in self.pain_guide})} zones in pain-guide order"
        )

    def target_name(self, target: str) -> str:
        """Display name of a muscle or condition id."""
        if target in self.muscles:
            return self.muscles[target].name
        return self.conditions[target].name
