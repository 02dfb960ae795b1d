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
    rings = _PathReader(_TOKEN.findall(d)).read()
    for ring in rings:
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()
    return rings


class _PathReader:
    """Reads path tokens into rings, keeping the state the commands share (position, command, open ring)."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.i = 0
        self.command = ""
        self.ring: Ring | None = None
        self.rings: list[Ring] = []

    def read(self) -> list[Ring]:
        """Every ring of the path, in order; ValueError at the first command that cannot be read."""
        while self.i < len(self.tokens):
            self._take_command()
            self._apply()
        return self.rings

    def _take_command(self) -> None:
        """Switch to the command at the current token, if it is one (numbers repeat the last command)."""
        token = self.tokens[self.i]
        if token.isalpha():
            self.command = token
            self.i += 1
            if self.command not in "MLHVZ":
                raise ValueError(f"uses command {self.command!r}; allowed: {ALLOWED_PATH}")
        elif not self.command:
            raise ValueError(f"must start with M; allowed: {ALLOWED_PATH}")

    def _apply(self) -> None:
        """Carry out the current command once: close the ring, start one, or draw a point on it."""
        if self.command == "Z":
            if self.i < len(self.tokens) and not self.tokens[self.i].isalpha():
                raise ValueError(f"has a number after Z; a new subpath starts with M; allowed: {ALLOWED_PATH}")
            self.ring = None
        elif self.command == "M":
            self.ring = [(self._number(), self._number())]
            self.rings.append(self.ring)
            self.command = "L"  # further pairs after M are lines
        else:
            self._draw(self.ring)

    def _draw(self, ring: Ring | None) -> None:
        """Add the point of an L, H or V command to the open ring (which an M must have started)."""
        if ring is None:
            raise ValueError(
                f"draws with {self.command!r} before an M; start every subpath with M; allowed: {ALLOWED_PATH}"
            )
        x, y = ring[-1]
        if self.command == "L":
            ring.append((self._number(), self._number()))
        elif self.command == "H":
            ring.append((self._number(), y))
        else:  # V
            ring.append((x, self._number()))

    def _number(self) -> float:
        """The next token as a finite number; ValueError if the command's number is missing."""
        if self.i >= len(self.tokens) or self.tokens[self.i].isalpha():
            raise ValueError(f"command {self.command!r} is missing a number; allowed: {ALLOWED_PATH}")
        value = float(self.tokens[self.i])
        self.i += 1
        if not math.isfinite(value):
            raise ValueError(f"has a number that is not finite; allowed: {ALLOWED_PATH}")
        return value


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
    problems: Problems = [
        (str(key), "unknown key; allowed: 'viewbox', 'views'") for key in sorted(set(body_map) - {"viewbox", "views"})
    ]
    viewbox = body_map.get("viewbox")
    if not _is_viewbox(viewbox):
        problems.append(("viewbox", f"is {viewbox!r}; allowed: [width, height], two positive numbers"))
    views = body_map.get("views")
    if not isinstance(views, Mapping):
        return [*problems, ("views", "is missing or not an object; allowed: {'front': {...}, 'back': {...}}")]
    problems += [(f"views.{key}", "unknown view; allowed: 'front', 'back'") for key in sorted(set(views) - set(VIEWS))]
    for view in VIEWS:
        problems += _problems_view_shape(f"views.{view}", views.get(view))
    return problems


def _is_viewbox(viewbox: object) -> bool:
    """Whether a viewbox is [width, height], two positive numbers (booleans are not numbers here)."""
    return (
        isinstance(viewbox, list)
        and len(viewbox) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in viewbox)
    )


def _problems_view_shape(where: str, entry: object) -> Problems:
    """Structure problems of one view's entry (its keys, the silhouette's and the region paths' types)."""
    if not isinstance(entry, Mapping):
        return [(where, "is missing or not an object; allowed: {'silhouette': path, 'regions': {...}}")]
    problems: Problems = [
        (f"{where}.{key}", "unknown key; allowed: 'silhouette', 'regions'")
        for key in sorted(set(entry) - {"silhouette", "regions"})
    ]
    if not isinstance(entry.get("silhouette"), str):
        problems.append((f"{where}.silhouette", "is missing or not text; allowed: an SVG path"))
    regions = entry.get("regions")
    if not isinstance(regions, Mapping):
        problems.append((f"{where}.regions", "is missing or not an object; allowed: {region id: SVG path}"))
    else:
        problems += [
            (f"{where}.regions.{rid}", "is not text; allowed: an SVG path")
            for rid, d in regions.items()
            if not isinstance(d, str)
        ]
    return problems


def check_body_map(body_map: object, regions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Check body-map geometry against the (region id, view) pairs of regions.csv.

    Returns (key, message) problems; empty when the body map is valid.
    """
    problems = _problems_shape(body_map)
    if not isinstance(body_map, Mapping) or not isinstance(body_map.get("views"), Mapping):
        return problems
    viewbox = body_map.get("viewbox") if not any(k == "viewbox" for k, _ in problems) else None
    for view in VIEWS:
        entry = body_map["views"].get(view)
        if isinstance(entry, Mapping):
            problems += _view_problems(view, entry, regions, viewbox)
    return problems


def _view_problems(
    view: str, entry: Mapping[str, Any], regions: list[tuple[str, str]], viewbox: list[float] | None
) -> Problems:
    """Geometry problems of one view: missing, misplaced or unreadable paths, then the regions' placement."""
    where = f"views.{view}"
    problems: Problems = []
    drawn: Mapping[str, Any] = {}
    if isinstance(entry.get("regions"), Mapping):
        drawn = entry["regions"]
        problems += _missing_regions(where, view, drawn, regions)
    silhouette, silhouette_problems = _silhouette(where, entry, viewbox)
    shapes, shape_problems = _region_shapes(where, view, drawn, dict(regions))
    return [*problems, *silhouette_problems, *shape_problems, *_placement_problems(where, shapes, silhouette)]


def _missing_regions(
    where: str, view: str, drawn: Mapping[str, Any], regions: list[tuple[str, str]]
) -> Problems:
    """Regions that regions.csv puts on this view but the view has no path for."""
    return [
        (f"{where}.regions.{rid}", f"is missing; every region of regions.csv needs a path in its view ('{view}')")
        for rid, rview in regions
        if rview == view and rid not in drawn
    ]


def _silhouette(
    where: str, entry: Mapping[str, Any], viewbox: list[float] | None
) -> tuple[BaseGeometry | None, Problems]:
    """The view's silhouette as a shape (None if absent or unreadable) and its problems, the viewbox included."""
    if not isinstance(entry.get("silhouette"), str):
        return None, []
    try:
        silhouette = path_geometry(entry["silhouette"])
    except ValueError as error:
        return None, [(f"{where}.silhouette", f"path {error}")]
    if viewbox is not None and silhouette.difference(Polygon.from_bounds(0, 0, *viewbox)).area > 0:
        return silhouette, [(f"{where}.silhouette", f"goes outside the viewbox 0 0 {viewbox[0]} {viewbox[1]}")]
    return silhouette, []


def _region_shapes(
    where: str, view: str, drawn: Mapping[str, Any], home: Mapping[str, str]
) -> tuple[dict[str, BaseGeometry], Problems]:
    """The shapes of the view's regions known to regions.csv on this view, and the problems of the others."""
    shapes: dict[str, BaseGeometry] = {}
    problems: Problems = []
    for rid, d in drawn.items():
        key = f"{where}.regions.{rid}"
        if rid not in home:
            problems.append((key, "unknown region id; allowed: the ids of regions.csv"))
        elif home[rid] != view:
            problems.append(
                (
                    key,
                    f"is drawn on the '{view}' view but regions.csv puts it on "
                    f"'{home[rid]}'; allowed: its own view only",
                )
            )
        elif isinstance(d, str):  # a path that is not text was reported with the structure
            try:
                shapes[rid] = path_geometry(d)
            except ValueError as error:
                problems.append((key, f"path {error}"))
    return shapes, problems


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
