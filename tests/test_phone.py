"""Explore on a phone (400 px wide) in headless Chromium: the line under the map, close-ups with targets a
finger can use, side labels an eye can read, text-found areas lit on the map, and a labelled page menu.

Sizes are measured in CSS pixels as laid out, for every drawing and region the knowledge base has.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import harness
from tests.test_browser import ranking
from triage.engine.engine import Engine
from triage.knowledge.load import load_knowledge_base
from triage.knowledge.vocabulary import ZOOMS
from triage.ui import links
from triage.ui.components.results import card_anchor

pytestmark = pytest.mark.browser
KB = load_knowledge_base()
TARGET = 24  # CSS px, WCAG 2.2 target size (minimum)
LABEL = 14  # CSS px, the smallest side label or heading on a map

# In the map's shadow root: the rendered font size of every text (its size in map units times the drawing's
# scale), and the laid-out box of every region, per drawing.
MEASURE = """key => {
  const host = [...document.querySelectorAll(`.st-key-${key} *`)].find(e => e.shadowRoot);
  return [...host.shadowRoot.querySelectorAll('svg')].map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {
      label: svg.getAttribute('aria-label'),
      texts: [...svg.querySelectorAll('text')]
        .map(t => [t.textContent, parseFloat(t.getAttribute('font-size')) * scale]),
      regions: Object.fromEntries([...svg.querySelectorAll('[data-region]')].map(r => {
        const box = r.getBoundingClientRect();
        return [r.dataset.region, [box.width, box.height]];
      })),
    };
  });
}"""
MAP_DATA = """([key, name]) => {
  const host = [...document.querySelectorAll(`.st-key-${key} *`)].find(e => e.shadowRoot);
  return host.shadowRoot.querySelector('.tbm').dataset[name];
}"""


@pytest.fixture
def viewport() -> dict[str, int]:
    """Every page in this module is 400 px wide."""
    return harness.PHONE


def open_view(page: Any, view: str) -> list[dict[str, Any]]:
    """Open Explore with a map choice and measure every drawing the map shows."""
    page.goto(f"{page.base}/?view={view}")
    page.locator(".st-key-explore_map svg").first.wait_for(timeout=60_000)
    harness.wait_idle(page)
    harness.settled(page)
    return page.evaluate(MEASURE, "explore_map")


def test_every_close_up_gives_each_of_its_regions_a_finger_sized_target_at_400_px(page):
    regions = KB.regions
    for zoom, (_, groups) in ZOOMS.items():
        drawings = open_view(page, zoom)
        wanted = set(regions.index[regions["group"].isin(groups)])
        shown = {region: size for drawing in drawings for region, size in drawing["regions"].items()}
        assert wanted <= set(shown), (zoom, sorted(wanted - set(shown)))
        small = {r: [round(v) for v in shown[r]] for r in wanted if min(shown[r]) < TARGET}
        assert not small, (zoom, small)


def test_side_labels_and_headings_are_at_least_14_px_on_every_map_choice_at_400_px(page):
    for view in links.VIEW_NAMES:
        for drawing in open_view(page, view):
            small = [(text, round(size, 1)) for text, size in drawing["texts"] if size < LABEL]
            assert not small, (view, drawing["label"], small)
            assert any("LEFT" in text for text, _ in drawing["texts"]), (view, drawing["label"])


def test_a_tap_on_the_map_is_answered_right_under_it_with_links_to_the_cards(page, engine: Engine):
    page.goto(f"{page.base}/?view=hip")
    harness.region(page, "groin_left").wait_for(timeout=60_000)
    harness.wait_idle(page)
    harness.answer_none(page)
    target = harness.region(page, "groin_left")
    target.scroll_into_view_if_needed()
    target.click()
    expected = ranking(engine, ["groin_left"])
    harness.wait_for_ranking(page, expected)
    line = page.locator(".st-key-map_summary")
    box, height = line.bounding_box(), harness.PHONE["height"]
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= height, "the line under the map is in sight after the tap"
    assert "muscles match" in line.inner_text()
    first = line.get_by_role("link").first
    assert first.get_attribute("href") == f"#{card_anchor(expected[0])}"
    first.click()
    card = page.locator(f".st-key-card_{expected[0]} h3")
    page.wait_for_function("el => { const b = el.getBoundingClientRect(); return b.top >= 0 && b.top < innerHeight; }",
                            arg=card.element_handle(), timeout=10_000)


def test_areas_found_in_the_text_are_lit_on_the_map_and_not_marked(page):
    page.goto(page.base)
    harness.region(page, "groin_left").wait_for(timeout=60_000)
    harness.wait_idle(page)
    box = page.get_by_label("Or describe it in your own words")
    box.fill("a deep ache in the outside of my left thigh")
    with harness.rerun(page):
        box.press("Control+Enter")
    assert page.evaluate(MAP_DATA, ["explore_map", "understood"]).split() == ["thigh_lateral_left"]
    assert page.evaluate(MAP_DATA, ["explore_map", "selected"]) == ""
    assert page.get_by_text("areas found in your words").is_visible()


def test_the_page_menu_is_a_labelled_button_on_a_phone_and_hidden_on_a_wide_screen(page):
    page.goto(page.base)
    harness.region(page, "groin_left").wait_for(timeout=60_000)
    harness.wait_idle(page)
    menu = page.locator(".st-key-page_menu").get_by_role("button", name="Pages")
    assert menu.is_visible()
    menu.click()
    for title in ("Explore", "Referral patterns", "Class", "About"):
        assert page.get_by_role("link", name=title).last.is_visible()
    page.set_viewport_size(harness.WIDE)
    harness.settled(page)
    assert not menu.is_visible()
