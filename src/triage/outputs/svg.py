"""Drawing the body map as SVG from the knowledge base's geometry (no streamlit, no I/O).

One renderer serves every surface: the clickable map of the app (regions as keyboard-focusable
buttons), referral patterns (essential zone dark, spillover lighter, an X at each trigger point,
marked regions outlined), a look-alike condition's distribution and the vector pictures of the PDF
handouts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from shapely.geometry import Point
from shapely.ops import nearest_points

from triage.knowledge.geometry import path_geometry, region_bounds
from triage.knowledge.model import Condition, KnowledgeBase, Muscle
from triage.knowledge.vocabulary import BODY_VIEWS, VIEWS, ZOOMS
from triage.outputs.memo import once_per

if TYPE_CHECKING:
    from triage.engine.types import Understanding

# Region fills are opaque, so each colour here is what is seen. Every pattern fill stands out from the body fill
# ("base") by at least 3:1 (WCAG non-text contrast), and essential and spillover differ in lightness as well as hue,
# so they stay apart for colour-blind viewers and on a washed-out projector (tests/test_svg.py).
COLOURS = {
    "base": "#e5e9ee",
    "silhouette": "#d9dee5",
    "outline": "#8a94a3",
    "selected": "#2f6fdf",
    "essential": "#8a1c16",
    "spillover": "#cc5a28",
    "marked_stroke": "#111111",
    "trigger": "#111111",
    "halo": "#ffffff",
    "text": "#1f2933",
    "condition": "#6a4fb3",
    "compare_essential": "#173f73",
    "compare_spillover": "#3f7fc6",
    "overlap": "#7b3fa0",
    "compare_trigger": "#173f73",
    "understood": "#0b7a75",
}
MARKER_INSET = 4.0  # map units: a marker moved into its region lands at least this far inside the outline



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


def _zone_rows(regions: Any) -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = {}
    for region, zone, side in zip(regions["id"], regions["zone"], regions["side"], strict=True):
        rows.setdefault(zone, []).append((region, side))
    return rows


def sided_ids(kb: KnowledgeBase, zones: Iterable[str], side: str | None) -> frozenset[str]:
    """Region ids of zones on one side ('left'/'right'), or on both sides when side is None or 'both'."""
    by_zone = once_per("zones", kb.regions, _zone_rows)
    keep = {side, "midline"} if side in ("left", "right") else None
    return frozenset(region for zone in zones for region, s in by_zone.get(zone, ()) if keep is None or s in keep)


def understood_ids(kb: KnowledgeBase, understood: Understanding, marked: Iterable[str]) -> frozenset[str]:
    """Map regions of the areas taken from the person's words (denied ones are not evidence), on the side the
    words give or on both; regions already marked on the map are left out."""
    found = frozenset().union(*(sided_ids(kb, zones, side) for side, zones in understood.evidence.zones.items()))
    return found - frozenset(marked)


def pattern_layer(kb: KnowledgeBase, muscle: Muscle, side: str | None = "right",
                  marked: Iterable[str] = ()) -> Layer:
    """A muscle's referral pattern on one side (or both), with its trigger points.

    A trigger point's position in its region's box is given for the person's right side; on the left side, the
    mirror image of the right, it is mirrored too (an inner point stays inner).
    """
    side_of = once_per("sides", kb.regions, lambda regions: dict(zip(regions["id"], regions["side"], strict=True)))
    triggers = tuple(
        (region, 1 - tp.x if side_of.get(region) == "left" else tp.x, tp.y)
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
    view_of = once_per("views", kb.regions, lambda regions: dict(zip(regions["id"], regions["view"], strict=True)))
    views = tuple(v for v in VIEWS if any(view_of.get(i) == v for i in ids))
    return views or BODY_VIEWS


def with_feet(kb: KnowledgeBase, views: tuple[str, ...], layer: Layer) -> tuple[str, ...]:
    """The front and back views, plus the foot close-up when the layer shows something on a foot."""
    return VIEWS if views == BODY_VIEWS and "foot" in views_needed(kb, layer) else views


def map_drawings(kb: KnowledgeBase, choice: str, layer: Layer = Layer()) -> tuple[str, ...]:
    """The drawings a map choice shows: "both" (front and back, and the feet when the layer shows a foot), one
    view, or a close-up of `ZOOMS` (its regions cropped from each view that has them, the feet whole)."""
    if choice == "both":
        return with_feet(kb, BODY_VIEWS, layer)
    if choice in VIEWS:
        return (choice,)
    return once_per("zoom_drawings", kb.regions, _zoom_drawings)[choice]


def _zoom_drawings(regions: Any) -> dict[str, tuple[str, ...]]:
    """Each close-up's drawings (made once: a map click must not filter the region table again)."""
    views_of = {zoom: {v for v, g in zip(regions["view"], regions["group"], strict=True) if g in groups}
                for zoom, (_, groups) in ZOOMS.items()}
    return {zoom: tuple(v if v == "foot" else f"{v}{ZOOM_SEPARATOR}{zoom}" for v in VIEWS if v in views)
            for zoom, views in views_of.items()}


ZOOM_SEPARATOR = ":"
ZOOM_MARGIN = 16  # map units around a close-up's regions


def crop_box(kb: KnowledgeBase, drawing: str) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in map units of what a drawing shows: a whole view, or a close-up: the box
    around its regions in the front and back views together, so both drawings frame the same part of the body."""
    width, height = kb.body_map["viewbox"]
    zoom = drawing.partition(ZOOM_SEPARATOR)[2]
    if not zoom:
        return 0.0, 0.0, float(width), float(height)
    bounds = once_per("bounds", kb.body_map, region_bounds)
    regions = kb.regions
    chosen = regions.index[regions["group"].isin(ZOOMS[zoom][1]) & regions["view"].isin(BODY_VIEWS)]
    boxes = [bounds[r] for r in chosen if r in bounds]
    return (max(0.0, min(b[0] for b in boxes) - ZOOM_MARGIN), max(0.0, min(b[1] for b in boxes) - ZOOM_MARGIN),
            min(float(width), max(b[2] for b in boxes) + ZOOM_MARGIN),
            min(float(height), max(b[3] for b in boxes) + ZOOM_MARGIN))


def body_map_svg(kb: KnowledgeBase, drawing: str, layer: Layer = Layer(), *, interactive: bool = False,
                 title: str | None = None, compact: bool = False, large: bool = False) -> str:
    """One drawing of the body map (a view, or a close-up "<view>:<zoom>") as an SVG document that scales to
    its container's width; a close-up's labels keep their size relative to the drawing's width.

    `compact` leaves out the regions the layer does not colour (a lighter picture for small maps); `compact`
    and `large` (a projector) name the sides in short words and big type (`SHORT`).
    """
    view, _, zoom = drawing.partition(ZOOM_SEPARATOR)
    box = crop_box(kb, drawing)
    scale = (box[2] - box[0]) / kb.body_map["viewbox"][0]
    shapes = kb.body_map["views"][view]
    labels = kb.regions["label"]
    words = SHORT if compact or large else FULL
    band = _label_band(words) * scale
    name = f"Body map, {view} view" + (f", close-up of the {ZOOMS[zoom][0].lower()}" if zoom else "")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box[0]:g} {box[1] - band:g} {box[2] - box[0]:g} '
        f'{box[3] - box[1] + band + 20 * scale:g}" width="100%" role="group" aria-label="{escape(name)}" '
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
    parts.extend(_haloed(f'<path d="{shapes["regions"][region]}" fill="none" stroke-dasharray="8 4" '
                         'pointer-events="none"', "marked_stroke", 4)
                 for region in sorted(layer.marked & set(shapes["regions"])))
    for region, x, y in layer.triggers:
        if region in shapes["regions"]:
            parts.append(_cross(*marker_point(kb, region, x, y)))
    for region, x, y in layer.compare_triggers:
        if region in shapes["regions"]:
            parts.append(_ring(*marker_point(kb, region, x, y)))
    parts.append(_side_labels(view, box, scale, words))
    parts.append("</svg>")
    return "".join(parts)


def _region(region: str, label: str, path: str, layer: Layer, interactive: bool) -> str:
    attributes = f'd="{path}" fill="{COLOURS[_role(region, layer)]}" stroke="{COLOURS["outline"]}" stroke-width="1"'
    if not interactive:
        return f"<path {attributes}><title>{escape(label)}</title></path>"
    pressed = "true" if region in layer.selected else "false"
    return (
        f'<path {attributes} class="region" data-region="{escape(region)}" role="button" tabindex="0" '
        f'aria-label="{escape(label)}" aria-pressed="{pressed}" style="cursor:pointer">'
        f"<title>{escape(label)}</title></path>"
    )


def _role(region: str, layer: Layer) -> str:
    """The colour a region is filled with: what the layer shows there, the first of these that applies."""
    mine, theirs = layer.essential | layer.spillover, layer.compare_essential | layer.compare_spillover
    roles = (("selected", layer.selected), ("overlap", mine & theirs), ("essential", layer.essential),
             ("spillover", layer.spillover), ("compare_essential", layer.compare_essential),
             ("compare_spillover", layer.compare_spillover), ("condition", layer.condition))
    return next((role for role, regions in roles if region in regions), "base")


def _haloed(shape: str, colour: str, width: int) -> str:
    """A mark drawn over a white halo, so it shows on the darkest fill as on the body's light grey."""
    return (f'{shape} stroke="{COLOURS["halo"]}" stroke-width="{width + 4}"/>'
            f'{shape} stroke="{COLOURS[colour]}" stroke-width="{width}"/>')


def _shapes(body_map: Any) -> dict[str, Any]:
    return {region: path_geometry(path) for view in body_map["views"].values()
            for region, path in view["regions"].items()}


def marker_point(kb: KnowledgeBase, region: str, x: float, y: float) -> tuple[float, float]:
    """Where a marker at (x, y) (0-1) of a region's bounding box is drawn, in map units: there when that lies in
    the region, else the nearest point well inside it (a box corner of a slanted region is in its neighbour)."""
    minx, miny, maxx, maxy = once_per("bounds", kb.body_map, region_bounds)[region]
    point = Point(minx + x * (maxx - minx), miny + y * (maxy - miny))
    shape = once_per("shapes", kb.body_map, _shapes)[region]
    if not shape.contains(point):
        inner = shape.buffer(-MARKER_INSET)
        point = shape.representative_point() if inner.is_empty else nearest_points(inner, point)[0]
    return point.x, point.y


def _cross(cx: float, cy: float) -> str:
    r = 7
    lines = "".join(_haloed(f'<line x1="{cx - r:.1f}" y1="{cy - r * d:.1f}" x2="{cx + r:.1f}" y2="{cy + r * d:.1f}" '
                            'stroke-linecap="round"', "trigger", 4) for d in (1, -1))
    return f'<g pointer-events="none" role="img" aria-label="trigger point">{lines}</g>'


def _ring(cx: float, cy: float) -> str:
    """The second muscle's trigger point in a comparison: a ring, so it differs from the X in shape too."""
    ring = _haloed(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="8" fill="none"', "compare_trigger", 4)
    return f'<g pointer-events="none" role="img" aria-label="trigger point (second muscle)">{ring}</g>'


@dataclass(frozen=True)
class Labels:
    """How a map names its view and the person's sides: the words, and their size in map units."""

    size: int
    left: str
    right: str
    headings: dict[str, tuple[str, ...]]  # per view, the heading of each drawing (the foot view has two)
    beside: bool  # the heading on the side names' line, between them (short words), rather than above them


# Full words for maps shown at their natural size; short words in big type for maps drawn small (result cards)
# or seen from afar (the projector), so that a drawing about 200 px wide still has 14 px labels.
FULL = Labels(28, "person's LEFT", "person's RIGHT", {"front": ("FRONT (facing you)",),
              "back": ("BACK (seen from behind)",), "foot": ("FEET: tops above, soles below", "")}, beside=False)
SHORT = Labels(44, "LEFT", "RIGHT", {"front": ("FRONT",), "back": ("BACK",), "foot": ("TOPS", "SOLES")}, beside=True)


def _label_band(labels: Labels) -> float:
    """The height above the drawing that its labels need (one line, or a heading line above the side names)."""
    return 6 + labels.size * (1 if labels.beside else 2.2)


def _side_labels(view: str, box: tuple[float, float, float, float], scale: float, labels: Labels) -> str:
    """Headings and the person's LEFT and RIGHT above each drawing of the view, on the correct sides.

    Front drawings (the front view, the tops of the feet) show the person's left on the viewer's right;
    back drawings (the back view, the soles in the lower half of the foot view) show it on the viewer's left.
    The foot view's second line sits in the gap between the tops and the soles.
    """
    left, top, right, bottom = box
    size = labels.size * scale
    style = (f'font-size="{size:g}" font-weight="bold" fill="{COLOURS["text"]}" stroke="{COLOURS["halo"]}" '
             f'stroke-width="{size * 0.2:g}" paint-order="stroke" pointer-events="none"')  # readable over the outline
    lines = [(top - 6 * scale, view != "back")] + ([((top + bottom) / 2 + 14, False)] if view == "foot" else [])
    parts = []
    for (y, mirrored), heading in zip(lines, labels.headings[view], strict=True):
        inset = 10 * scale
        left_x, right_x = (right - inset, left + inset) if mirrored else (left + inset, right - inset)
        heading_y = y if labels.beside else y - 1.2 * size
        if heading:
            parts.append(f'<text x="{(left + right) / 2:g}" y="{heading_y:g}" text-anchor="middle" {style}>'
                         f"{heading}</text>")
        parts.append(f'<text x="{left_x:g}" y="{y:g}" text-anchor="{"end" if mirrored else "start"}" {style}>'
                     f"{labels.left}</text>"
                     f'<text x="{right_x:g}" y="{y:g}" text-anchor="{"start" if mirrored else "end"}" {style}>'
                     f"{labels.right}</text>")
    return "".join(parts)


LEGEND = (
    ("essential", "essential zone: where the referred pain is usually felt"),
    ("spillover", "spillover zone: where it sometimes spreads"),
    ("trigger", "usual trigger-point location"),
    ("marked_stroke", "the areas you marked"),
)

COMPARE_LEGEND = (
    ("essential", "first muscle: essential zone"),
    ("spillover", "first muscle: spillover zone"),
    ("compare_essential", "second muscle: essential zone"),
    ("compare_spillover", "second muscle: spillover zone"),
    ("overlap", "both patterns"),
    ("trigger", "first muscle's trigger points"),
    ("compare_trigger", "second muscle's trigger points"),
    ("marked_stroke", "the areas you marked"),
)

UNDERSTOOD_LEGEND = (("understood", "areas found in your words"),)
CONDITION_LEGEND = (("condition", "where the condition's pain typically sits"),)
