"""Accessibility of the real app in headless Chromium: axe-core on every page and in key states, accessible names
in plain words, and the keyboard path through and past the body map.

axe-core is the copy vendored by the axe-playwright-python package (nothing is fetched at run time). A state passes
with no serious or critical violation; lesser ones (heading order) are left to judgement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support import harness

pytestmark = pytest.mark.browser
SEVERE = ("serious", "critical")
# A Markdown escape or bold marker left in the accessibility tree: a screen reader would read it out.
MARKDOWN_LEFT = re.compile(r"\\[\\`*_{}\[\]()<>#+\-.!|~:$=^&]|\*\*")
TEXT = "deep ache in my left buttock down the side of my leg"


def explore(page: Any) -> None:
    harness.open_explore(page)


def explore_with_results(page: Any) -> None:
    """Areas marked, the safety questions answered and text typed: cards with pattern maps are shown."""
    harness.open_explore(page, "?regions=buttock_outer_left,thigh_lateral_left")
    harness.answer_none(page)
    box = page.locator(".st-key-text textarea")
    box.fill(TEXT)
    with harness.rerun(page):
        box.press("Control+Enter")
    harness.wait_for_cards(page)


def explore_with_a_red_flag(page: Any) -> None:
    harness.open_explore(page, "?regions=groin_left")
    with harness.rerun(page):
        page.locator(".st-key-rf_saddle_numbness label").click()
    page.get_by_text("Get medical help now", exact=True).wait_for()


def referral(page: Any) -> None:
    """A muscle compared with another, and a region looked up (the list of muscles referring there)."""
    page.goto(f"{page.base}/referral?muscle=gluteus_minimus&compare=piriformis&regions=buttock_outer_left")
    page.locator(".st-key-lookup_map [data-region='groin_left']").click()
    page.locator("[class*='st-key-show_essential_']").first.wait_for(timeout=60_000)
    harness.wait_idle(page)


def classroom(page: Any) -> None:
    page.goto(f"{page.base}/class")
    page.locator("[class*='st-key-answer_'] button").first.wait_for(timeout=60_000)
    harness.wait_idle(page)


def classroom_answered(page: Any) -> None:
    classroom(page)
    with harness.rerun(page):
        page.locator("[class*='st-key-answer_'] button").first.click()
    page.get_by_text(re.compile(r"^Key facts: ")).wait_for()


def about(page: Any) -> None:
    page.goto(f"{page.base}/about")
    page.get_by_text("Licences").wait_for(timeout=60_000)
    harness.wait_idle(page)


STATES: dict[str, Callable[[Any], None]] = {
    "explore": explore, "explore-results": explore_with_results, "explore-red-flag": explore_with_a_red_flag,
    "referral": referral, "class": classroom, "class-answered": classroom_answered, "about": about,
}


def severe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line per rule with an example."""
    found = Axe().run(page).response["violations"]
    return [f"{v['impact']} {v['id']} ({len(v['nodes'])} nodes), e.g. {v['nodes'][0]['html'][:160]}"
            for v in found if v["impact"] in SEVERE]


@pytest.mark.parametrize("state", STATES)
def test_no_serious_axe_violations_and_accessible_names_in_plain_words(page, state):
    STATES[state](page)
    assert severe_violations(page) == []
    assert [line for line in page.locator("body").aria_snapshot().splitlines() if MARKDOWN_LEFT.search(line)] == []


# ------------------------------------------------------------------------------------------ the keyboard

# What has keyboard focus, looking into shadow roots: a region or the skip link of the Explore map by kind, any
# other element by its Streamlit key (or tag), so that a Tab path can be read and compared.
FOCUS = """() => {
    const page = document.activeElement;
    let inner = page;
    while (inner && inner.shadowRoot && inner.shadowRoot.activeElement) inner = inner.shadowRoot.activeElement;
    const inMap = page && page.closest && page.closest('.st-key-explore_map');
    if (inMap && inner.dataset && inner.dataset.region) return 'map region';
    if (inMap) return 'map ' + (inner.className.baseVal ?? inner.className);
    const keyed = page && page.closest && page.closest('[class*="st-key-"]');
    const key = keyed ? [...keyed.classList].find(c => c.startsWith('st-key-')) : '';
    return `${key || page.tagName} ${inner.tagName}`.trim();
}"""


def focused(page: Any) -> str:
    return page.evaluate(FOCUS)


def tab_path(page: Any, limit: int = 300) -> list[str]:
    """From the top of the page, press Tab and name each stop, up to the first stop after the Explore map."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    path: list[str] = []
    while len(path) < limit:
        page.keyboard.press("Tab")
        path.append(focused(page))
        if not path[-1].startswith("map") and any(stop.startswith("map") for stop in path):
            return path
    raise AssertionError(f"no way past the map in {limit} tab stops: {path[-5:]}")


def test_the_map_is_one_tab_stop_after_a_skip_link_that_jumps_past_it(page):
    harness.open_explore(page)
    path = tab_path(page)
    in_map = [stop for stop in path if stop.startswith("map")]
    assert in_map == ["map tbm-skip", "map region"]
    after = path[-1]
    assert after.startswith("st-key-regions")  # the multiselect twin of the map comes next
    page.locator(".st-key-explore_map .tbm-skip").focus()
    assert page.locator(".st-key-explore_map .tbm-skip").is_visible()  # shown when it has focus
    page.keyboard.press("Enter")
    assert focused(page) == after


def centre(page: Any, region_id: str) -> tuple[float, float]:
    box = harness.region(page, region_id).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_arrow_keys_move_between_regions_and_enter_toggles_the_focused_one(page):
    harness.open_explore(page)
    start = "thigh_anterior_left"
    harness.region(page, start).focus()
    page.keyboard.press("ArrowDown")
    below = harness.focused_region(page)
    assert below
    assert centre(page, below)[1] > centre(page, start)[1]
    page.keyboard.press("ArrowLeft")
    beside = harness.focused_region(page)
    assert beside
    assert centre(page, beside)[0] < centre(page, below)[0]
    tab_stops = page.locator(".st-key-explore_map [data-region][tabindex='0']")
    assert tab_stops.count() == 1
    assert tab_stops.get_attribute("data-region") == beside
    page.keyboard.press("Enter")
    harness.wait_for_marked(page, [beside])
    assert harness.focused_region(page) == beside  # focus survives the rerun
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert harness.focused_region(page) == beside  # the map's one tab stop is the region last visited
