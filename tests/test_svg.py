"""The body-map drawing itself: fills that stand out from the body, and every sided region drawn under its own
side's label in every view (the mirror convention), for both label styles."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from triage.knowledge.geometry import parse_path
from triage.outputs.svg import COLOURS, FULL, SHORT, Labels, Layer, body_map_svg

SVG = "{http://www.w3.org/2000/svg}"
PATTERN_FILLS = ("essential", "spillover", "compare_essential", "compare_spillover", "overlap", "condition",
                 "selected")


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("role", PATTERN_FILLS)
def test_every_pattern_fill_stands_out_from_the_body_by_at_least_3_to_1(role):
    assert contrast(COLOURS[role], COLOURS["base"]) >= 3


def test_essential_and_spillover_differ_in_lightness_not_only_in_hue():
    """So the two zones stay apart for a colour-blind viewer (and in a black-and-white print)."""
    assert contrast(COLOURS["essential"], COLOURS["spillover"]) >= 2
    assert contrast(COLOURS["compare_essential"], COLOURS["compare_spillover"]) >= 2


def test_a_region_is_filled_with_exactly_its_colour_constant(kb):
    """Fills are opaque, so the colours measured above are the colours seen (no blending with the body)."""
    svg = body_map_svg(kb, "back", Layer(essential=frozenset({"calf_right"}), spillover=frozenset({"calf_left"})))
    paths = {path.findtext(f"{SVG}title"): path for path in ET.fromstring(svg).iter(f"{SVG}path")}
    labels = kb.regions["label"]
    for region, role in (("calf_right", "essential"), ("calf_left", "spillover"), ("thigh_posterior_left", "base")):
        assert paths[labels[region]].get("fill") == COLOURS[role]
        assert paths[labels[region]].get("fill-opacity") is None


def drawn_x(svg: str) -> tuple[float, float]:
    """The middle (x, top y) of the one region a drawing fills with the essential colour."""
    paths = [p for p in ET.fromstring(svg).iter(f"{SVG}path") if p.get("fill") == COLOURS["essential"]]
    assert len(paths) == 1
    points = [point for ring in parse_path(paths[0].get("d")) for point in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs) + max(xs)) / 2, min(ys)


def side_labels(svg: str, labels: Labels) -> list[tuple[float, dict[str, float]]]:
    """Each line of side labels: its y, and the x where each side's label sits (its anchor)."""
    lines: dict[float, dict[str, float]] = {}
    for text in ET.fromstring(svg).iter(f"{SVG}text"):
        side = {labels.left: "left", labels.right: "right"}.get(text.text or "")
        if side:
            lines.setdefault(float(text.get("y")), {})[side] = float(text.get("x"))
    return sorted(lines.items())


@pytest.mark.parametrize("labels", [FULL, SHORT], ids=["full", "short"])
def test_every_sided_region_is_drawn_under_its_own_sides_label_in_the_mirror_convention(kb, labels):
    """Front drawings (front view, tops of the feet) put the person's right on the viewer's left; back drawings
    (back view, soles) on the viewer's right; and the label of that side stands on the same half."""
    middle = kb.body_map["viewbox"][0] / 2
    sided = kb.regions[kb.regions["side"].isin(["left", "right"])]
    assert len(sided) > 80
    for region, row in sided.iterrows():
        svg = body_map_svg(kb, row["view"], Layer(essential=frozenset({region})), large=labels is SHORT)
        x, top = drawn_x(svg)
        lines = side_labels(svg, labels)
        y, anchors = [line for line in lines if line[0] < top][-1]  # the label line just above its drawing
        front_drawing = row["view"] == "front" or (row["view"] == "foot" and y < 0)
        on_viewers_left = (row["side"] == "right") == front_drawing
        assert (x < middle) == on_viewers_left, f"{region} is drawn on the wrong half"
        assert (anchors[row["side"]] < middle) == on_viewers_left, f"{region}: its side's label is on the other half"
        assert (anchors["left"] < middle) != (anchors["right"] < middle)
