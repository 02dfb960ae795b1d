"""Drawing the body map as SVG from the knowledge base's geometry (no streamlit, no I/O).

One renderer serves every surface: the clickable map of the app (regions as keyboard-focusable
buttons), referral patterns (essential zone dark, spillover light, an X at each trigger point,
marked regions outlined), a look-alike condition's distribution and the vector pictures of the PDF
handouts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

from triage.knowledge.geometry import region_bounds
from triage.knowledge.model import Condition, KnowledgeBase, Muscle
from triage.knowledge.vocabulary import BODY_VIEWS, VIEWS

COLOURS = {
    "base": "#eef1f5",
    "silhouette": "#d9dee5",
    "outline": "#8a94a3",
    "selected": "#2f6fdf",
    "essential": "#b3261e",
    "spillover": "#f2a7a1",
    "marked_stroke": "#111111",
    "trigger": "#111111",
    "text": "#1f2933",
    "condition": "#6a4fb3",
    "compare_essential": "#1f5fa8",
    "compare_spillover": "#9cc3ec",
    "overlap": "#7b3fa0",
    "compare_trigger": "#1f5fa8",
}


@dataclass(frozen=True)
class Layer:
    """What to show on a map: region ids (sided) by role, and trigger-point markers."""

    selected: frozenset[str] = frozenset()
    essential: frozenset[str] = frozenset()
    spillover: frozenset[str] = frozenset()
    marked: frozenset[str] = frozenset()
    triggers: tuple[tuple[str, float, float], ...] = field(default=())  # (region id, x, y) in 0-1 of its box
    # A second muscle drawn on the same map, for comparing two patterns.
    compare_essential: frozenset[str] = frozenset()
    compare_spillover: frozenset[str] = frozenset()
    compare_triggers: tuple[tuple[str, float, float], ...] = field(default=())
    condition: frozenset[str] = frozenset()  # a look-alike condition's typical distribution

    @property
    def regions(self) -> frozenset[str]:
        """Every region id the layer shows something in."""
        return (self.selected | self.essential | self.spillover | self.marked | self.compare_essential
                | self.compare_spillover | self.condition | {t[0] for t in (*self.triggers, *self.compare_triggers)})


T = TypeVar("T")
_MEMO: dict[tuple[str, int], tuple[Any, Any]] = {}


def _memo(name: str, source: Any, build: Callable[[Any], T]) -> T:
    """`build(source)`, computed once per source object (the knowledge base's parts never change)."""
    kept = _MEMO.get((name, id(source)))
    if kept is None or kept[0] is not source:
        if len(_MEMO) > 32:  # many knowledge bases (tests): start again rather than keep them all alive
            _MEMO.clear()
        kept = _MEMO[(name, id(source))] = (source, build(source))
    return kept[1]


def _zone_rows(regions: Any) -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = {}
    for region, zone, side in zip(regions["id"], regions["zone"], regions["side"], strict=True):
        rows.setdefault(zone, []).append((region, side))
    return rows


def sided_ids(kb: KnowledgeBase, zones: Iterable[str], side: str | None) -> frozenset[str]:
    """Region ids of zones on one side ('left'/'right'), or on both sides when side is None or 'both'."""
    by_zone = _memo("zones", kb.regions, _zone_rows)
    keep = {side, "midline"} if side in ("left", "right") else None
    return frozenset(region for zone in zones for region, s in by_zone.get(zone, ()) if keep is None or s in keep)


def pattern_layer(kb: KnowledgeBase, muscle: Muscle, side: str | None = "right",
                  marked: Iterable[str] = ()) -> Layer:
    """A muscle's referral pattern on one side (or both), with its trigger points."""
    triggers = tuple(
        (region, tp.x, tp.y)
        for tp in muscle.trigger_points
        for region in sorted(sided_ids(kb, [tp.zone], side))
    )
    return Layer(
        essential=sided_ids(kb, muscle.essential, side),
        spillover=sided_ids(kb, muscle.spillover, side),
        marked=frozenset(marked),
        triggers=triggers,
    )


def compare_layer(kb: KnowledgeBase, first: Muscle, second: Muscle, side: str | None = "right",
                  marked: Iterable[str] = ()) -> Layer:
    """Two muscles' patterns on one map: the first in reds, the second in blues, shared regions in purple."""
    one, two = pattern_layer(kb, first, side, marked), pattern_layer(kb, second, side)
    return Layer(essential=one.essential, spillover=one.spillover, marked=one.marked, triggers=one.triggers,
                 compare_essential=two.essential, compare_spillover=two.spillover, compare_triggers=two.triggers)


def condition_layer(kb: KnowledgeBase, condition: Condition, side: str | None = "right") -> Layer:
    """Where a look-alike condition's pain typically sits, on one side (or both)."""
    return Layer(condition=sided_ids(kb, condition.zones, side))


def views_needed(kb: KnowledgeBase, layer: Layer) -> tuple[str, ...]:
    """The views in which the layer shows anything; front and back when it shows nothing."""
    ids = layer.regions
    view_of = _memo("views", kb.regions, lambda regions: dict(zip(regions["id"], regions["view"], strict=True)))
    views = tuple(v for v in VIEWS if any(view_of.get(i) == v for i in ids))
    return views or BODY_VIEWS


def with_feet(kb: KnowledgeBase, views: tuple[str, ...], layer: Layer) -> tuple[str, ...]:
    """The front and back views, plus the foot close-up when the layer shows something on a foot."""
    return VIEWS if views == BODY_VIEWS and "foot" in views_needed(kb, layer) else views


def body_map_svg(kb: KnowledgeBase, view: str, layer: Layer = Layer(), *, interactive: bool = False,
                 title: str | None = None, compact: bool = False) -> str:
    """One view of the body map as an SVG document (scales to its container's width).

    `compact` leaves out the regions the layer does not colour (a lighter picture for small maps).
    """
    width, height = kb.body_map["viewbox"]
    shapes = kb.body_map["views"][view]
    labels = kb.regions["label"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 -40 {width} {height + 60}" '
        f'width="100%" role="group" aria-label="{escape(f"Body map, {view} view")}" '
        f'style="max-width:100%;height:auto;font-family:sans-serif">',
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append(f'<path d="{shapes["silhouette"]}" fill="{COLOURS["silhouette"]}" stroke="{COLOURS["outline"]}" '
                 'stroke-width="2" pointer-events="none"/>')
    shown = layer.regions if compact and not interactive else None
    for region, path in shapes["regions"].items():
        if shown is None or region in shown:
            parts.append(_region(region, str(labels.get(region, region)), path, layer, interactive))
    # Outlines of marked regions go on top and never take clicks.
    parts.extend(f'<path d="{shapes["regions"][region]}" fill="none" stroke="{COLOURS["marked_stroke"]}" '
                 'stroke-width="4" stroke-dasharray="8 4" pointer-events="none"/>'
                 for region in sorted(layer.marked & set(shapes["regions"])))
    bounds = _memo("bounds", kb.body_map, region_bounds)
    for region, x, y in layer.triggers:
        if region in shapes["regions"]:
            parts.append(_cross(bounds[region], x, y))
    for region, x, y in layer.compare_triggers:
        if region in shapes["regions"]:
            parts.append(_ring(bounds[region], x, y))
    parts.append(_side_labels(view, width, height))
    parts.append("</svg>")
    return "".join(parts)


def _region(region: str, label: str, path: str, layer: Layer, interactive: bool) -> str:
    fill, opacity = COLOURS["base"], "0.55"
    if region in layer.condition:
        fill, opacity = COLOURS["condition"], "0.9"
    if region in layer.compare_spillover:
        fill, opacity = COLOURS["compare_spillover"], "0.9"
    if region in layer.compare_essential:
        fill, opacity = COLOURS["compare_essential"], "0.9"
    if region in layer.spillover:
        fill, opacity = COLOURS["spillover"], "0.9"
    if region in layer.essential:
        fill, opacity = COLOURS["essential"], "0.9"
    if region in layer.essential | layer.spillover and region in layer.compare_essential | layer.compare_spillover:
        fill, opacity = COLOURS["overlap"], "0.9"
    if region in layer.selected:
        fill, opacity = COLOURS["selected"], "0.85"
    attributes = f'd="{path}" fill="{fill}" fill-opacity="{opacity}" stroke="{COLOURS["outline"]}" stroke-width="1"'
    if not interactive:
        return f"<path {attributes}><title>{escape(label)}</title></path>"
    pressed = "true" if region in layer.selected else "false"
    return (
        f'<path {attributes} class="region" data-region="{escape(region)}" role="button" tabindex="0" '
        f'aria-label="{escape(label)}" aria-pressed="{pressed}" style="cursor:pointer">'
        f"<title>{escape(label)}</title></path>"
    )


def _cross(box: tuple[float, float, float, float], x: float, y: float) -> str:
    """A trigger point: an X drawn as one image named "trigger point" (a plain <g> may not carry a name)."""
    minx, miny, maxx, maxy = box
    cx, cy, r = minx + x * (maxx - minx), miny + y * (maxy - miny), 7
    stroke = f'stroke="{COLOURS["trigger"]}" stroke-width="4" stroke-linecap="round"'
    return (f'<g pointer-events="none" role="img" aria-label="trigger point"><line x1="{cx - r:.1f}" '
            f'y1="{cy - r:.1f}" x2="{cx + r:.1f}" y2="{cy + r:.1f}" {stroke}/><line x1="{cx - r:.1f}" '
            f'y1="{cy + r:.1f}" x2="{cx + r:.1f}" y2="{cy - r:.1f}" {stroke}/></g>')


def _ring(box: tuple[float, float, float, float], x: float, y: float) -> str:
    """The second muscle's trigger point in a comparison: a ring, so it differs from the X in shape too."""
    minx, miny, maxx, maxy = box
    cx, cy = minx + x * (maxx - minx), miny + y * (maxy - miny)
    return (f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="8" fill="none" stroke="{COLOURS["compare_trigger"]}" '
            'stroke-width="4" pointer-events="none" role="img" aria-label="trigger point (second muscle)"/>')


def _side_labels(view: str, width: float, height: float) -> str:
    """A heading and "person's LEFT/RIGHT" on the correct sides of each drawing of the view.

    Front drawings (the front view, the tops of the feet) show the person's left on the viewer's right;
    back drawings (the back view, the soles in the lower half of the foot view) show it on the viewer's left.
    """
    style = f'font-size="22" font-weight="bold" fill="{COLOURS["text"]}" pointer-events="none"'
    heading, rows = HEADINGS[view], [(14, view != "back")]
    if view == "foot":
        rows.append((height / 2 + 14, False))
    parts = [f'<text x="{width / 2}" y="-12" text-anchor="middle" {style}>{heading}</text>']
    for y, mirrored in rows:
        left_x, right_x = (width - 10, 10) if mirrored else (10, width - 10)
        parts.append(f'<text x="{left_x}" y="{y}" text-anchor="{"end" if mirrored else "start"}" {style}>'
                     "person's LEFT</text>"
                     f'<text x="{right_x}" y="{y}" text-anchor="{"start" if mirrored else "end"}" {style}>'
                     "person's RIGHT</text>")
    return "".join(parts)


HEADINGS = {"front": "FRONT (facing you)", "back": "BACK (seen from behind)",
            "foot": "FEET: tops above, soles below"}


LEGEND = (
    ("essential", "essential zone: where the referred pain is usually felt"),
    ("spillover", "spillover zone: where it sometimes spreads"),
    ("trigger", "X: usual trigger-point location"),
    ("marked_stroke", "dashed outline: the areas you marked"),
)

COMPARE_LEGEND = (
    ("essential", "first muscle: essential zone"),
    ("spillover", "first muscle: spillover zone"),
    ("compare_essential", "second muscle: essential zone"),
    ("compare_spillover", "second muscle: spillover zone"),
    ("overlap", "both patterns"),
    ("trigger", "X: first muscle's trigger points"),
    ("compare_trigger", "O: second muscle's trigger points"),
    ("marked_stroke", "dashed outline: the areas you marked"),
)

CONDITION_LEGEND = (("condition", "where the condition's pain typically sits"),)
