"""Muscle handouts: one valid A4 page per muscle with the name, the disclaimer, the consult prompt and the sources."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from shapely.geometry import Point

from tests.test_honest_results import FORBIDDEN
from triage.engine.gate import CONSULT, DISCLAIMER
from triage.knowledge.geometry import path_geometry
from triage.knowledge.model import KnowledgeBase, Muscle
from triage.knowledge.vocabulary import VIEWS
from triage.outputs.monograph import monograph_sections
from triage.outputs.pdf.document import pack
from triage.outputs.pdf.handout import BESIDE_MAP, LEFT_OUT, SIDE, handouts_pdf, muscle_handout_pdf
from triage.outputs.svg import body_map_svg, pattern_layer, views_needed

from .pdf_text import Run, pdf_pages, pdf_runs, squash

CROSS = re.compile(r'aria-label="trigger point"><line x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)" y2="([-\d.]+)"')


def assert_handout_page(kb: KnowledgeBase, muscle: Muscle, text: str) -> None:
    assert muscle.name in text
    assert squash(DISCLAIMER) in text
    assert squash(CONSULT) in text
    assert "Sources" in text
    for source in muscle.sources:
        assert source not in text  # sources are cited by title, never by id
        assert squash(kb.sources.loc[source, "title"]) in text


def test_a_handout_is_one_a4_page_with_name_disclaimer_and_sources(minimal_kb):
    for muscle in minimal_kb.muscles.values():
        data = muscle_handout_pdf(minimal_kb, muscle)
        pages = pdf_pages(data)
        assert len(pages) == 1
        assert_handout_page(minimal_kb, muscle, pages[0])
        width, height = PdfReader(io.BytesIO(data)).pages[0].mediabox[2:]
        assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points


def test_a_handout_shows_anatomy_aggravating_self_care_and_lookalikes(minimal_kb):
    muscle = minimal_kb.muscles["gluteus_minimus"]
    text = pdf_pages(muscle_handout_pdf(minimal_kb, muscle))[0]
    record = muscle.record
    for fact in (record["origin"], record["insertion"], record["nerve"], record["aggravating"][0]):
        assert squash(fact) in text
    for care in muscle.self_care:
        assert care.name in text
        assert squash(care.stop_if) in text
    for condition in muscle.lookalikes:
        assert minimal_kb.conditions[condition].name in text
    assert "essential zone" in text
    assert "trigger-point" in text


def test_the_referral_pattern_is_drawn_as_vectors_not_a_picture(minimal_kb):
    data = muscle_handout_pdf(minimal_kb, minimal_kb.muscles["gluteus_minimus"])
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert list(page.images) == []
    assert "person's LEFT" in page.extract_text()  # the map's own side labels


def test_pack_moves_whole_blocks_and_balances_columns():
    assert pack([3, 3, 3, 3], room=20, columns=2, balance=True) == [2, 2]
    assert pack([5, 1, 1, 1, 1, 1], room=20, columns=2, balance=True) == [1, 5]
    assert pack([4, 4, 4], room=9, columns=2, balance=False) == [2, 1]
    assert pack([6, 6, 6, 6], room=10, columns=2, balance=True) == [1, 1]  # the rest waits for the next page
    assert pack([12, 1], room=10, columns=2, balance=False) == [0]  # taller than the room left: next page


@pytest.fixture(scope="module")
def every_handout(kb):
    """The handouts of every shipped muscle in one PDF (built once: about a second per muscle)."""
    return handouts_pdf(kb, kb.muscles.values())


@pytest.mark.slow
def test_every_shipped_muscle_has_a_one_page_handout(kb, every_handout):
    muscles = list(kb.muscles.values())
    source_ids = [source for source in kb.sources.index if "_" in source]
    pages = pdf_pages(every_handout)
    assert len(pages) == len(muscles)
    for muscle, text in zip(muscles, pages, strict=True):
        assert_handout_page(kb, muscle, text)
        assert not [word for word in FORBIDDEN if word in text], muscle.name  # ids, seed notes, placeholders
        assert not [source for source in source_ids if source in text], muscle.name


def halves(runs: list[Run], width: float) -> list[str]:
    """A page's text in its left and its right half (where each line starts), each in drawing order."""
    return [squash(" ".join(run.text for run in runs if (run.x >= width / 2) == right)) for right in (False, True)]


@pytest.mark.slow
def test_no_step_or_line_of_a_handout_is_split_across_columns_or_pages(kb, every_handout):
    """Every self-care step (and every other line in the columns below the map) is read whole in one column."""
    width = float(PdfReader(io.BytesIO(every_handout)).pages[0].mediabox.width)
    pages = pdf_runs(every_handout)
    for muscle, runs in zip(kb.muscles.values(), pages, strict=True):
        columns = halves(runs, width)
        for heading, lines in monograph_sections(kb, muscle):
            if heading in (*BESIDE_MAP, *LEFT_OUT, "Sources"):
                continue
            for line in lines:
                assert any(squash(line) in column for column in columns), f"{muscle.name}: {line[:60]}... is split"


def markers(svg: str) -> list[Point]:
    """The centres of the trigger-point crosses drawn in an SVG, in drawing order."""
    return [Point((float(x1) + float(x2)) / 2, (float(y1) + float(y2)) / 2) for x1, y1, x2, y2 in CROSS.findall(svg)]


@pytest.mark.parametrize("side", [SIDE, "left"])
def test_every_trigger_point_is_drawn_inside_its_region_on_the_view_that_holds_it(kb, side):
    """On the handout's side and its mirror image: each X is drawn once, on a view the page shows, and inside the
    outline of its own region in that view's geometry (not merely inside the region's bounding box)."""
    shapes = {view: {region: path_geometry(path) for region, path in kb.body_map["views"][view]["regions"].items()}
              for view in VIEWS}
    for muscle in kb.muscles.values():
        layer = pattern_layer(kb, muscle, side)
        views = views_needed(kb, layer)
        for view in VIEWS:
            drawn = markers(body_map_svg(kb, view, layer)) if view in views else []
            expected = [region for region, _, _ in layer.triggers if region in shapes[view]]
            assert len(drawn) == len(expected), f"{muscle.name}: {view} view"
            for region, centre in zip(expected, drawn, strict=True):
                assert shapes[view][region].contains(centre), f"{muscle.name}: X outside {region} ({view} view)"


def test_handouts_pdf_holds_one_page_per_muscle_in_order(minimal_kb):
    muscles = sorted(minimal_kb.muscles.values(), key=lambda m: m.name, reverse=True)
    pages = pdf_pages(handouts_pdf(minimal_kb, muscles))
    assert [m.name in page for m, page in zip(muscles, pages, strict=True)] == [True, True]


def test_handouts_pdf_refuses_an_empty_list(minimal_kb):
    with pytest.raises(ValueError, match="no muscles"):
        handouts_pdf(minimal_kb, [])
