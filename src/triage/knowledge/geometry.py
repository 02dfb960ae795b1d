"""Body-map geometry: parse the region paths of `body_map.json` and check them.

The file holds, per view (`front`, `back`), a silhouette and one SVG path per region. Paths use
absolute commands only (M, L, H, V, Z); each subpath is one ring, and rings combine even-odd
(a ring inside another cuts a hole). No I/O here: the caller loads the JSON.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from triage.knowledge.vocabulary import VIEWS

MAX_OUTSIDE = 0.02  # share of a region's area allowed outside the silhouette
MAX_OVERLAP = 0.01  # share of the smaller region's area two regions of a view may share
ALLOWED_PATH = "absolute SVG path commands M, L, H, V and Z with plain numbers, e.g. 'M 1 2 L 3 4 L 5 1 Z'"

Ring = list[tuple[float, float]]
Problems = list[tuple[str, str]]

_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_JUNK = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z]|[\s,]+")


def parse_path(d: str) -> list[Ring]:
    """Parse an SVG path of absolute M/L/H/V/Z commands into rings of (x, y) points.

    Raises ValueError naming what is wrong and what is allowed.
    """
    if not isinstance(d, str) or not d.strip():
        raise ValueError(f"is empty or not text; allowed: {ALLOWED_PATH}")
    leftover = _JUNK.sub("", d)
    if leftover:
        raise ValueError(f"has unreadable characters {leftover[:20]!r}; allowed: {ALLOWED_PATH}")
    tokens = _TOKEN.findall(d)
    rings: list[Ring] = []
    ring: Ring | None = None
    command = ""
    i = 0

    def number() -> float:
        nonlocal i
        if i >= len(tokens) or tokens[i].isalpha():
            raise ValueError(f"command {command!r} is missing a number; allowed: {ALLOWED_PATH}")
        value = float(tokens[i])
        i += 1
        if not math.isfinite(value):
            raise ValueError(f"has a number that is not finite; allowed: {ALLOWED_PATH}")
        return value

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command not in "MLHVZ":
                raise ValueError(f"uses command {command!r}; allowed: {ALLOWED_PATH}")
        elif not command:
            raise ValueError(f"must start with M; allowed: {ALLOWED_PATH}")
        if command == "Z":
            ring = None
            continue
        if command == "M":
            ring = [(number(), number())]
            rings.append(ring)
            command = "L"  # further pairs after M are lines
            continue
        if ring is None:
            raise ValueError(
                f"draws with {command!r} before an M; start every subpath with M; allowed: {ALLOWED_PATH}"
            )
        x, y = ring[-1]
        if command == "L":
            ring.append((number(), number()))
        elif command == "H":
            ring.append((number(), y))
        else:  # V
            ring.append((x, number()))
    for ring in rings:
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()
    return rings


def path_geometry(d: str) -> BaseGeometry:
    """The filled area of a path (rings combined even-odd); ValueError if it is not a valid polygon."""
    rings = parse_path(d)
    if not rings:
        raise ValueError(f"has no subpath; allowed: {ALLOWED_PATH}")
    shape: BaseGeometry | None = None
    for n, ring in enumerate(rings, start=1):
        if len(set(ring)) < 3:
            raise ValueError(f"subpath {n} has fewer than 3 distinct points; a shape needs at least 3")
        polygon = Polygon(ring)
        if not polygon.is_valid or polygon.area <= 0:
            raise ValueError(
                f"subpath {n} crosses or touches itself or has no area; allowed: simple closed outlines"
            )
        shape = polygon if shape is None else shape.symmetric_difference(polygon)
    if shape is None or shape.is_empty or shape.area <= 0:
        raise ValueError("encloses no area; allowed: a non-empty polygon")
    return shape


def _problems_shape(body_map: object) -> Problems:
    """Top-level structure problems (keys, types)."""
    if not isinstance(body_map, Mapping):
        return [("body_map", "must be an object with keys 'viewbox' and 'views'")]
    problems: Problems = []
    for key in sorted(set(body_map) - {"viewbox", "views"}):
        problems.append((str(key), "unknown key; allowed: 'viewbox', 'views'"))
    viewbox = body_map.get("viewbox")
    if not (
        isinstance(viewbox, list)
        and len(viewbox) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in viewbox)
    ):
        problems.append(("viewbox", f"is {viewbox!r}; allowed: [width, height], two positive numbers"))
    views = body_map.get("views")
    if not isinstance(views, Mapping):
        return [*problems, ("views", "is missing or not an object; allowed: {'front': {...}, 'back': {...}}")]
    for key in sorted(set(views) - set(VIEWS)):
        problems.append((f"views.{key}", "unknown view; allowed: 'front', 'back'"))
    for view in VIEWS:
        entry = views.get(view)
        where = f"views.{view}"
        if not isinstance(entry, Mapping):
            problems.append(
                (where, "is missing or not an object; allowed: {'silhouette': path, 'regions': {...}}")
            )
            continue
        for key in sorted(set(entry) - {"silhouette", "regions"}):
            problems.append((f"{where}.{key}", "unknown key; allowed: 'silhouette', 'regions'"))
        if not isinstance(entry.get("silhouette"), str):
            problems.append((f"{where}.silhouette", "is missing or not text; allowed: an SVG path"))
        regions = entry.get("regions")
        if not isinstance(regions, Mapping):
            problems.append(
                (f"{where}.regions", "is missing or not an object; allowed: {region id: SVG path}")
            )
        else:
            for rid, d in regions.items():
                if not isinstance(d, str):
                    problems.append((f"{where}.regions.{rid}", "is not text; allowed: an SVG path"))
    return problems


def check_body_map(body_map: object, regions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Check body-map geometry against the (region id, view) pairs of regions.csv.

    Returns (key, message) problems; empty when the body map is valid.
    """
    problems = _problems_shape(body_map)
    if not isinstance(body_map, Mapping) or not isinstance(body_map.get("views"), Mapping):
        return problems
    home = dict(regions)
    views = body_map["views"]
    viewbox = body_map.get("viewbox")
    frame = Polygon.from_bounds(0, 0, *viewbox) if not any(k == "viewbox" for k, _ in problems) else None
    for view in VIEWS:
        entry = views.get(view)
        if not isinstance(entry, Mapping):
            continue
        where = f"views.{view}"
        has_regions = isinstance(entry.get("regions"), Mapping)
        drawn = entry["regions"] if has_regions else {}
        for rid in [rid for rid, rview in regions if has_regions and rview == view]:
            if rid not in drawn:
                problems.append(
                    (
                        f"{where}.regions.{rid}",
                        f"is missing; every region of regions.csv needs a path in its view ('{view}')",
                    )
                )
        silhouette = None
        if isinstance(entry.get("silhouette"), str):
            try:
                silhouette = path_geometry(entry["silhouette"])
            except ValueError as error:
                problems.append((f"{where}.silhouette", f"path {error}"))
        if silhouette is not None and frame is not None and silhouette.difference(frame).area > 0:
            problems.append(
                (f"{where}.silhouette", f"goes outside the viewbox 0 0 {viewbox[0]} {viewbox[1]}")
            )
        shapes: dict[str, BaseGeometry] = {}
        for rid, d in drawn.items():
            key = f"{where}.regions.{rid}"
            if rid not in home:
                problems.append((key, "unknown region id; allowed: the ids of regions.csv"))
                continue
            if home[rid] != view:
                problems.append(
                    (
                        key,
                        f"is drawn on the '{view}' view but regions.csv puts it on "
                        f"'{home[rid]}'; allowed: its own view only",
                    )
                )
                continue
            if not isinstance(d, str):
                continue  # already reported
            try:
                shapes[rid] = path_geometry(d)
            except ValueError as error:
                problems.append((key, f"path {error}"))
        problems += _placement_problems(where, shapes, silhouette)
    return problems


def _placement_problems(
    where: str, shapes: Mapping[str, BaseGeometry], silhouette: BaseGeometry | None
) -> Problems:
    """Regions outside the silhouette, and regions of one view overlapping each other."""
    problems: Problems = []
    if silhouette is not None:
        for rid, shape in shapes.items():
            outside = shape.difference(silhouette).area / shape.area
            if outside >= MAX_OUTSIDE:
                problems.append(
                    (
                        f"{where}.regions.{rid}",
                        f"{outside:.0%} of its area lies outside the silhouette; "
                        f"allowed: under {MAX_OUTSIDE:.0%}",
                    )
                )
    for a, b in _pairs(shapes):
        first, second = shapes[a], shapes[b]
        if not first.intersects(second):
            continue
        shared = first.intersection(second).area / min(first.area, second.area)
        if shared >= MAX_OVERLAP:
            problems.append(
                (
                    f"{where}.regions.{a}",
                    f"overlaps region '{b}' by {shared:.0%} of the smaller one; "
                    f"allowed: under {MAX_OVERLAP:.0%} (a sliver)",
                )
            )
    return problems


def _pairs(shapes: Mapping[str, BaseGeometry]) -> Iterable[tuple[str, str]]:
    """Pairs of region ids whose bounding boxes touch (cheap pre-filter)."""
    ids = sorted(shapes)
    for i, a in enumerate(ids):
        ax0, ay0, ax1, ay1 = shapes[a].bounds
        for b in ids[i + 1 :]:
            bx0, by0, bx1, by1 = shapes[b].bounds
            if ax0 <= bx1 and bx0 <= ax1 and ay0 <= by1 and by0 <= ay1:
                yield a, b


def region_bounds(body_map: Mapping[str, Any]) -> dict[str, tuple[float, float, float, float]]:
    """Bounding box (min x, min y, max x, max y) of every region of both views, by region id.

    Meant for a body map that passed check_body_map; a bad path raises ValueError.
    """
    bounds: dict[str, tuple[float, float, float, float]] = {}
    views = body_map["views"]
    for view in VIEWS:
        for rid, d in views[view]["regions"].items():
            points = [point for ring in parse_path(d) for point in ring]
            if not points:
                raise ValueError(f"views.{view}.regions.{rid}: path has no points")
            xs = [x for x, _ in points]
            ys = [y for _, y in points]
            bounds[rid] = (min(xs), min(ys), max(xs), max(ys))
    return bounds
