"""The real app in headless Debian Chromium (Playwright) against `streamlit run` on localhost.

Clicks and keys on the body-map component (which AppTest cannot drive), the referral page's
drawing, layouts at 1400 and 400 px, and privacy: every request a page makes is recorded and any
request to another host fails the test. Screenshots of each page go to test-artifacts/.
With CI=true these tests must run; elsewhere they are skipped only when Chromium is missing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support import harness
from triage.engine.engine import Engine
from triage.engine.types import Query
from triage.outputs.svg import COLOURS
from triage.ui.components.results import TOP

pytestmark = pytest.mark.browser
ARTIFACTS = harness.ROOT / "test-artifacts"
HIP_FLEXORS = {"psoas_major", "iliacus"}
WIDTHS = (400, 1024, 1400)  # CSS px: a phone, a projector or small laptop, a desktop


def ranking(engine: Engine, regions: list[str]) -> list[str]:
    """The muscle ids the engine ranks first for these regions: what the cards must show."""
    return [s.target for s in engine.analyse(Query(regions=tuple(regions))).suggestions[:TOP]]


def tags(page: Any) -> list[str]:
    """The regions the multiselect shows as chosen."""
    chosen = page.locator(".st-key-regions .react-aria-ComboBox [data-tag]")
    return [chosen.nth(i).get_attribute("aria-label") for i in range(chosen.count())]


def fits_a_phone(page: Any) -> bool:
    """Whether the page, laid out 400 px wide, needs no sideways scrolling."""
    page.set_viewport_size(harness.PHONE)
    harness.settled(page)
    width = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth")
    page.set_viewport_size(harness.WIDE)
    return width <= harness.PHONE["width"]


def pressed(page: Any) -> set[str]:
    return set(page.locator(".st-key-explore_map .tbm").get_attribute("data-selected").split())


def test_clicking_regions_changes_the_ranking_and_groin_and_front_of_hip_bring_up_the_hip_flexors(page, engine):
    harness.open_explore(page)
    harness.answer_none(page)
    harness.region(page, "buttock_outer_left").click()
    harness.wait_for_ranking(page, ranking(engine, ["buttock_outer_left"]))
    before = harness.card_titles(page)
    harness.region(page, "buttock_outer_left").click()  # a second click unmarks
    harness.wait_for_ranking(page, [])
    harness.region(page, "groin_left").click()
    harness.wait_for_ranking(page, ranking(engine, ["groin_left"]))
    harness.region(page, "hip_anterior_left").click()
    expected = ranking(engine, ["groin_left", "hip_anterior_left"])
    harness.wait_for_ranking(page, expected)
    # With 55 muscles the adductors, pectineus and obturator externus (groin essential) come first, as the pain
    # guides list them for the groin; the hip flexors are still brought up among the suggestions.
    everything = [s.target for s in engine.analyse(Query(regions=("groin_left", "hip_anterior_left"))).suggestions]
    assert HIP_FLEXORS & set(everything)
    assert harness.card_titles(page) != before
    assert "left" in harness.card_titles(page)[0]
    assert pressed(page) == {"groin_left", "hip_anterior_left"}
    assert tags(page) == ["groin (left)", "front of the hip (left)"]
    assert "regions=groin_left%2Chip_anterior_left" in page.url


def test_regions_can_be_chosen_with_the_keyboard(page, engine):
    harness.open_explore(page)
    harness.region(page, "thigh_anterior_left").focus()
    page.keyboard.press("Enter")
    harness.wait_for_ranking(page, ranking(engine, ["thigh_anterior_left"]))
    page.keyboard.press("ArrowDown")  # focus survives the rerun and moves on to another region
    focused = harness.focused_region(page)
    assert focused
    assert focused != "thigh_anterior_left"
    page.keyboard.press(" ")
    harness.wait_for_marked(page, ["thigh_anterior_left", focused])
    harness.wait_for_ranking(page, ranking(engine, ["thigh_anterior_left", focused]))
    region = harness.region(page, focused)
    assert region.get_attribute("role") == "button"
    assert region.get_attribute("aria-pressed") == "true"
    assert region.get_attribute("aria-label")


def test_the_multiselect_and_the_map_stay_in_sync_and_clear_empties_both(page):
    harness.open_explore(page)
    harness.region(page, "calf_right").hover()
    assert page.locator(".st-key-explore_map .tbm-hover").inner_text() == "calf (right)"
    page.locator(".st-key-regions input").fill("outer thigh (left)")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    harness.wait_for_cards(page)
    assert pressed(page) == {"thigh_lateral_left"}
    page.locator(".st-key-clear_regions button").click()
    harness.wait_for_ranking(page, [])
    assert pressed(page) == set()
    assert tags(page) == []


def test_the_referral_page_draws_a_pattern_and_looks_up_a_clicked_region(page):
    harness.open_explore(page, "?regions=buttock_outer_left")
    page.get_by_role("link", name="Referral patterns").click()
    drawing = page.locator(".st-key-referral_map svg")
    drawing.first.wait_for()
    harness.wait_idle(page)
    assert page.locator(f".st-key-referral_map path[fill='{COLOURS['essential']}']").count() > 0  # essential zone
    assert page.locator(".st-key-referral_map g[aria-label='trigger point']").count() > 0
    assert page.locator(".st-key-referral_map path[stroke-dasharray]").count() > 0  # the region marked on Explore
    page.locator(".st-key-lookup_map [data-region='groin_left']").click()
    page.get_by_text("Essential zone of:").wait_for()
    page.locator("[class*='st-key-show_essential_']").first.wait_for()  # the buttons may follow the heading
    harness.wait_idle(page)
    page.get_by_role("link", name="Explore").click()
    harness.region(page, "groin_left").wait_for()
    harness.wait_idle(page)
    assert pressed(page) == {"buttock_outer_left"}  # marks survive a change of page


def test_the_class_page_in_projector_view_runs_a_quiz_question_by_clicking(page):
    page.goto(f"{page.base}/class?projector=1")
    choices = page.locator("[class*='st-key-answer_'] button")
    choices.first.wait_for(timeout=60_000)
    harness.wait_idle(page)
    assert choices.count() == 4
    assert not page.get_by_test_id("stHeader").is_visible()  # toolbar and navigation hidden on the projector
    assert page.locator(".st-key-map_quiz g[aria-label='trigger point']").count() > 0
    harness.screenshot(page, ARTIFACTS / "class-projector-1400.png", 1400)
    picked = choices.first.inner_text().strip()
    choices.first.click()
    facts = page.get_by_text(re.compile(r"^Key facts: "))
    facts.wait_for(timeout=30_000)  # the answer is revealed: the run the click caused has drawn its outcome
    harness.wait_idle(page)
    answer = facts.inner_text().removeprefix("Key facts: ").strip()
    assert page.get_by_test_id("stMetricValue").nth(1).inner_text() == ("1 / 1" if picked == answer else "0 / 1")
    assert page.locator(".st-key-next_question button").is_visible()
    assert "projector=1" in page.url
    harness.screenshot(page, ARTIFACTS / "class-projector-answered-1400.png", 1400)


def shots(page: Any, name: str) -> None:
    """The whole page at every width people use: a phone, a projector or small laptop, a desktop."""
    for width in WIDTHS:
        harness.screenshot(page, ARTIFACTS / f"{name}-{width}.png", width)


def test_screenshots_of_every_page_at_400_1024_and_1400_px(page):
    harness.open_explore(page, "?regions=groin_left,hip_anterior_left,thigh_anterior_left")
    harness.answer_none(page)
    harness.wait_for_cards(page)
    shots(page, "explore")
    assert fits_a_phone(page)
    page.goto(f"{page.base}/?view=hip&regions=groin_left")
    harness.wait_for_cards(page, timeout=60_000)
    harness.region(page, "groin_left").wait_for()
    shots(page, "explore-close-up")
    page.locator(".st-key-rf_saddle_numbness label").click()
    harness.wait_idle(page)
    shots(page, "explore-red-flag")
    alert = page.get_by_text("Get medical help now", exact=True).bounding_box()
    questions = page.get_by_text("1. First, some safety questions").bounding_box()
    assert alert["y"] < questions["y"]
    page.goto(f"{page.base}/referral?muscle=gluteus_minimus&compare=piriformis&regions=buttock_outer_left")
    page.locator(".st-key-referral_map svg").first.wait_for()
    shots(page, "referral")
    assert fits_a_phone(page)
    page.goto(f"{page.base}/class")
    page.locator("[class*='st-key-answer_'] button").first.wait_for(timeout=60_000)
    shots(page, "class")
    assert fits_a_phone(page)
    page.goto(f"{page.base}/about")
    page.get_by_text("Licences").wait_for()
    shots(page, "about")
    assert fits_a_phone(page)


def test_two_servers_side_by_side_answer_the_same_query_identically(browser, engine):
    """Scale-out: the app keeps nothing outside a session, so any replica gives the same page for a query."""
    regions = ["buttock_outer_left", "thigh_lateral_left"]
    seen = []
    with harness.streamlit_server() as first, harness.streamlit_server() as second:
        for url in (first, second):
            context = browser.new_context(viewport=harness.WIDE)
            tab = context.new_page()
            harness.watch_runs(tab)
            tab.goto(f"{url}/?regions={'%2C'.join(regions)}")
            harness.wait_for_ranking(tab, ranking(engine, regions), timeout=60_000)
            seen.append((harness.card_titles(tab), tab.evaluate(f"() => ({harness.CARD_IDS})()")))
            context.close()
    assert seen[0] == seen[1]
    assert seen[0][1].split() == ranking(engine, regions)


# ------------------------------------------------------------------ the projector and the referral page's lookup

PROJECTOR_SIZES = ({"width": 1024, "height": 768}, {"width": 1400, "height": 1000}, {"width": 1920, "height": 1080})
MIN_LABEL_PX = 14
# The drawings of a map (their boxes) and the rendered size of each label in them: the label's font size in map
# units times the drawing's scale on screen. The map lives in a shadow root, hence the walk over hosts.
MAP_SVGS = """key => [...document.querySelectorAll(`.st-key-${key} *`)].filter(e => e.shadowRoot)
    .flatMap(host => [...host.shadowRoot.querySelectorAll('svg')])"""
SVG_BOXES = f"key => ({MAP_SVGS})(key).map(svg => svg.getBoundingClientRect().toJSON())"
LABEL_PX = (f"key => ({MAP_SVGS})(key).flatMap(svg => [...svg.querySelectorAll('text')])"
            ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)")
SCROLLED = "() => document.querySelector('[data-testid=stMain]').scrollTop"


def on_screen(box: dict[str, float], viewport: dict[str, int]) -> bool:
    """Whether a box (x, y, width, height, as Playwright or getBoundingClientRect gives it) is wholly in view."""
    return (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= viewport["width"]
            and box["y"] + box["height"] <= viewport["height"])


@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
@pytest.mark.parametrize("scope", ["", "&group=gluteal&area=knee"], ids=["any-muscle", "three-views"])
def test_the_projector_quiz_fits_one_screen_with_labels_of_at_least_14_px(page, size, scope):
    """The whole picture and all four choices, then the verdict and "Next question", in view without scrolling.
    The gluteal muscles referring to the knee are only the gluteus minimus, whose pattern needs all three views:
    the narrowest drawings the quiz can show."""
    page.set_viewport_size(size)
    page.goto(f"{page.base}/class?projector=1{scope}")
    choices = page.locator("[class*='st-key-answer_'] button")
    choices.first.wait_for(timeout=60_000)
    harness.wait_idle(page)
    harness.settled(page)
    drawings = page.evaluate(SVG_BOXES, "map_quiz")
    assert len(drawings) == (3 if scope else len(drawings)) > 0
    assert all(on_screen(box, size) for box in drawings), drawings
    assert all(on_screen(choices.nth(i).bounding_box(), size) for i in range(4))
    labels = page.evaluate(LABEL_PX, "map_quiz")
    assert labels
    assert min(labels) >= MIN_LABEL_PX
    choices.nth(2).click()
    next_question = page.locator(".st-key-next_question button")
    next_question.wait_for(timeout=30_000)  # the answer is in: the run the click caused has drawn its outcome
    harness.wait_idle(page)
    verdict = page.locator("[data-testid=stAlertContentSuccess], [data-testid=stAlertContentError]")
    assert on_screen(verdict.bounding_box(), size)
    assert on_screen(next_question.bounding_box(), size)
    assert page.evaluate(SCROLLED) == 0
    if not scope:
        harness.screenshot(page, ARTIFACTS / f"class-projector-answered-{size['width']}.png", size["width"])


HIGHLIGHT = """title => {
    const svgs = [...document.querySelectorAll('.st-key-referral_map *')].filter(e => e.shadowRoot)
        .flatMap(host => [...host.shadowRoot.querySelectorAll('svg')]);
    return svgs.flatMap(svg => [...svg.querySelectorAll('path')]
        .filter(p => p.querySelector('title')?.textContent === title)
        .map(p => {
            const drawing = svg.getBoundingClientRect(), region = p.getBoundingClientRect();
            return {view: svg.getAttribute('aria-label'), fill: p.getAttribute('fill'),
                    x: (region.left + region.right) / 2 - drawing.left, width: drawing.width};
        }));
}"""


def test_a_muscle_chosen_in_the_lookup_is_brought_into_view_on_the_regions_side_without_the_old_comparison(page):
    """The picture is far above the lookup: after the choice it is in view, drawn on the person's right (in
    the front view, the viewer's left) for "outer thigh (right)", and the comparison chosen before is gone."""
    page.goto(f"{page.base}/referral?muscle=piriformis&compare=psoas_major")
    region = page.locator(".st-key-lookup_map [data-region='thigh_lateral_right']")
    region.wait_for(timeout=60_000)
    harness.wait_idle(page)
    region.click()
    show = page.locator(".st-key-show_essential_gluteus_minimus button").first
    show.scroll_into_view_if_needed()
    assert not on_screen(page.locator(".st-key-referral_map").bounding_box(), page.viewport_size)
    show.click()
    page.locator(".st-key-pattern h3").filter(has_text=re.compile(r"^Gluteus minimus$")).wait_for(timeout=30_000)
    harness.wait_idle(page)
    harness.settled(page)
    viewport = page.viewport_size
    assert on_screen(page.locator(".st-key-referral_map").bounding_box(), viewport)
    drawn = page.evaluate(HIGHLIGHT, "outer thigh (right)")
    assert [d["view"] for d in drawn] == ["Body map, front view"]
    assert drawn[0]["fill"] == COLOURS["essential"]
    assert drawn[0]["x"] < drawn[0]["width"] / 2  # the person's right is on the viewer's left, seen from the front
    assert page.evaluate(HIGHLIGHT, "outer thigh (left)")[0]["fill"] == COLOURS["base"]
    assert page.get_by_role("radio", name="person's right").is_checked()
    assert "compare=" not in page.url
    assert "Psoas major" not in page.locator(".st-key-compare").inner_text()
    assert page.locator(".st-key-pattern h3").all_inner_texts() == ["Gluteus minimus"]  # not "... and Psoas major"


@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_compare_look_alikes_on_a_projector_labels_its_maps_in_at_least_14_px(page, size):
    """The default pair needs three views per map: side by side they would be too small to read from the back."""
    page.set_viewport_size(size)
    page.goto(f"{page.base}/class?projector=1&activity=compare")
    page.locator(".st-key-map_condition svg").first.wait_for(timeout=60_000)
    harness.wait_idle(page)
    harness.settled(page)
    for key in ("map_muscle", "map_condition"):
        labels = page.evaluate(LABEL_PX, key)
        assert labels, key
        assert min(labels) >= MIN_LABEL_PX, (key, min(labels))


@pytest.mark.parametrize("width", [1024, 1400])
@pytest.mark.parametrize("link", ["muscle=gluteus_minimus", "muscle=piriformis&compare=gluteus_minimus"])
def test_a_referral_pattern_keeps_its_labels_at_least_14_px_on_a_laptop(page, width, link):
    """Gluteus minimus' pattern reaches the ankle (front, back and feet): beside the text they were 7 to 10 px."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.base}/referral?{link}")
    page.locator(".st-key-referral_map svg").first.wait_for(timeout=60_000)
    harness.wait_idle(page)
    harness.settled(page)
    assert len(page.evaluate(SVG_BOXES, "referral_map")) == 3
    labels = page.evaluate(LABEL_PX, "referral_map")
    assert labels
    assert min(labels) >= MIN_LABEL_PX


@pytest.mark.parametrize(("message", "finished"), [
    ([18, 2, 65, 66, 48, 0], True),  # a 2-byte field, then field 6: the run finished
    ([18, 2, 48, 0, 74, 0], False),  # the bytes 48, 0 inside the 2-byte field are not field 6
    ([74, 0], False)])
def test_the_run_watcher_reads_a_message_field_by_field(page, message, finished):
    """The harness's waits rest on this reading of the server's messages (a length read after i moved had made
    the About page's finished run go unseen, depending on the bytes of the session id)."""
    page.goto(f"{page.base}/about")
    assert page.evaluate("bytes => window.__triageFinished(new Uint8Array(bytes))", message) is finished
