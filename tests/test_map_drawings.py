"""What the Explore map draws: every map choice's drawings, close-ups that hold their regions whole, side
labels on the correct sides, and the areas found in a person's words (iterating the knowledge base)."""

from __future__ import annotations

import re

import pytest

from triage.engine.engine import Engine
from triage.engine.types import Query
from triage.knowledge.geometry import region_bounds
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import BODY_VIEWS, VIEWS, ZOOMS
from triage.outputs.svg import body_map_svg, crop_box, map_drawings, understood_ids
from triage.ui.links import VIEW_NAMES

VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')
LABEL = re.compile(r'<text x="([-\d.]+)" y="[-\d.]+" text-anchor="\w+" font-size="([\d.]+)"[^>]*>'
                   r"person's (LEFT|RIGHT)<")


def test_every_map_choice_draws_and_every_close_up_holds_its_regions_whole(kb: KnowledgeBase) -> None:
    bounds = region_bounds(kb.body_map)
    for choice in VIEW_NAMES:
        drawings = map_drawings(kb, choice)
        assert drawings, choice
        for drawing in drawings:
            view = drawing.partition(":")[0]
            assert view in VIEWS, drawing
            svg = body_map_svg(kb, drawing, interactive=True)
            left, top, right, bottom = crop_box(kb, drawing)
            x, y, width, height = map(float, VIEWBOX.search(svg).groups())
            assert (x, width) == pytest.approx((left, right - left)), drawing
            assert y < top < bottom < y + height, drawing
        if choice in ZOOMS:
            groups = ZOOMS[choice][1]
            for region in kb.regions.index[kb.regions["group"].isin(groups)]:
                view = kb.regions.loc[region, "view"]
                drawing = next(d for d in drawings if d.partition(":")[0] == view)
                left, top, right, bottom = crop_box(kb, drawing)
                minx, miny, maxx, maxy = bounds[region]
                assert left <= minx < maxx <= right, (choice, region)
                assert top <= miny < maxy <= bottom, (choice, region)
                assert f'data-region="{region}"' in body_map_svg(kb, drawing, interactive=True)


def test_close_ups_of_the_front_and_back_frame_the_same_part_of_the_body(kb: KnowledgeBase) -> None:
    for zoom in ZOOMS:
        boxes = {crop_box(kb, d) for d in map_drawings(kb, zoom) if d.partition(":")[0] in BODY_VIEWS}
        assert len(boxes) == 1, zoom


@pytest.mark.parametrize("choice", list(VIEW_NAMES))
def test_side_labels_sit_on_the_persons_sides_and_keep_their_size_relative_to_the_drawing(kb, choice) -> None:
    """Front drawings show the person's left on the viewer's right; back drawings on the viewer's left."""
    for drawing in map_drawings(kb, choice):
        view = drawing.partition(":")[0]
        svg = body_map_svg(kb, drawing)
        left, _, right, _ = crop_box(kb, drawing)
        middle = (left + right) / 2
        labels = LABEL.findall(svg)
        assert labels, drawing
        first_row = labels[:2]
        whole = float(LABEL.findall(body_map_svg(kb, view))[0][1]) / kb.body_map["viewbox"][0]
        for x, size, side in first_row:
            on_viewer_right = float(x) > middle
            assert on_viewer_right == ((side == "LEFT") == (view != "back")), (drawing, side, x)
            assert float(size) / (right - left) == pytest.approx(whole, rel=1e-4), (drawing, "label size")


def test_every_region_word_lights_its_zone_a_denied_one_nothing_and_a_marked_region_stays_marked(
        kb: KnowledgeBase, engine: Engine) -> None:
    words = [(row.zone, term) for row in kb.regions.itertuples() for term in row.lay_terms]
    assert len(words) > 100
    for zone, term in words:
        lit = understood_ids(kb, engine.analyse(Query(text=f"pain in my {term}")).understood, ())
        assert zone in {kb.regions.loc[r, "zone"] for r in lit}, term
        assert not understood_ids(kb, engine.analyse(Query(text=f"no pain in my {term}")).understood, ()), term
    result = engine.analyse(Query(text="ache in my left outer thigh", regions=("thigh_lateral_left",)))
    assert not understood_ids(kb, result.understood, ("thigh_lateral_left",))
    result = engine.analyse(Query(text="ache in my left outer thigh"))
    assert understood_ids(kb, result.understood, ()) == {"thigh_lateral_left"}
