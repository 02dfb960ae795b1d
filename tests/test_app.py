"""The Streamlit app driven by AppTest: every page renders, and widgets (by key) drive what is shown.

AppTest cannot click the body-map component; real clicks are tested in tests/test_browser.py.
Behaviour tests run on the small fixture knowledge base (two muscles), so they do not move when the
shipped knowledge grows; the smoke tests run every page on the shipped one too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from tests.conftest import MINIMAL_KB
from triage.gate import DISCLAIMER
from triage.ui import resources

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch):
    """Cached values leak between AppTests in one process: clear them, and keep the engine warm-up out."""
    monkeypatch.setattr(resources, "warm_up", lambda: None)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def minimal(monkeypatch):
    monkeypatch.setenv("TRIAGE_KNOWLEDGE", str(MINIMAL_KB))


def app(**params: str) -> AppTest:
    """The app, opened with these query parameters, after its first run."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def texts(at: AppTest) -> list[str]:
    """Every piece of text the page shows as Markdown, alerts, headings or plain text."""
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success", "text")
    return [str(element.value) for kind in kinds for element in getattr(at, kind)]


def shown(at: AppTest, words: str) -> bool:
    return any(words in text for text in texts(at))


def cards(at: AppTest) -> list[str]:
    """Muscle ids of the result cards, in order."""
    return [b.key.removeprefix("card_") for b in at.main if isinstance(b, Block) and (b.key or "").startswith("card_")]


@pytest.mark.parametrize("page", ["explore", "referral", "about"])
def test_every_page_renders_with_the_disclaimer_on_the_shipped_knowledge_base(page):
    at = app(page=page)
    assert not at.exception
    assert at.info[0].value == DISCLAIMER
    assert at.query_params["page"] == page


@pytest.mark.parametrize("page", ["explore", "referral", "about"])
def test_every_page_renders_with_the_disclaimer_on_the_fixture(minimal, page):
    at = app(page=page)
    assert not at.exception
    assert shown(at, DISCLAIMER)


def test_the_explore_page_is_the_landing_page_and_asks_for_input_before_showing_results(minimal):
    at = app()
    assert [t.value for t in at.title] == ["Explore"]
    assert shown(at, "Results appear here")
    assert cards(at) == []


def test_a_ticked_red_flag_puts_the_urgent_message_first_and_the_rest_says_it_comes_first(minimal):
    at = app()
    at.checkbox(key="rf_saddle_numbness").check().run()
    order = list(at.main)
    urgent = next(i for i, node in enumerate(order) if node.type == "error" and "Get medical help now" in node.value)
    first_question = next(i for i, node in enumerate(order) if node.type == "checkbox")
    assert urgent < first_question
    assert "emergency department" in order[urgent].value
    assert shown(at, "The warning at the top of this page comes first")


def test_a_red_flag_typed_in_the_text_also_raises_the_urgent_message(minimal):
    at = app()
    at.checkbox(key="rf_none").check()
    at.text_area(key="text").input("my bum feels numb between my legs").run()
    assert any("Get medical help now" in e.value for e in at.error)


def test_a_notice_asks_for_the_safety_questions_until_they_are_answered(minimal):
    at = app()
    at.multiselect(key="regions").set_value(["buttock_outer_left"]).run()
    assert shown(at, "Please answer the safety questions")
    at.checkbox(key="rf_none").check().run()
    assert not shown(at, "Please answer the safety questions")
    assert not at.error


def test_the_region_multiselect_drives_the_ranking_and_the_link(minimal):
    at = app()
    at.checkbox(key="rf_none").check()
    at.multiselect(key="regions").set_value(["buttock_outer_left", "thigh_lateral_left"]).run()
    assert cards(at)[0] == "gluteus_minimus"
    assert any(s.value.startswith("1. Gluteus minimus") and "left" in s.value for s in at.subheader)
    assert at.query_params["regions"] == "buttock_outer_left,thigh_lateral_left"
    at.multiselect(key="regions").set_value(["groin_left", "thigh_anterior_left"]).run()
    assert cards(at)[0] == "psoas_major"


def test_a_finding_alone_drives_the_ranking(minimal):
    at = app()
    at.checkbox(key="rf_none").check()
    at.multiselect(key="finding_quality").set_value(["toothache_ache"]).run()
    assert cards(at) == ["gluteus_minimus"]


def test_every_card_says_to_consult_a_therapist_and_offers_why_self_care_and_lookalikes(minimal):
    at = app(regions="buttock_outer_left,groin_left")
    assert len(cards(at)) == 2
    assert sum("Consult a therapist" in i.value for i in at.info) == 2
    assert any("Stop if" in m.value for m in at.markdown)
    assert [t.label for t in at.tabs[:4]] == ["Why", "Self-care", "Look-alikes", "Sources"]


def test_the_clear_button_empties_the_map(minimal):
    at = app(regions="groin_left")
    at.button(key="clear_regions").click().run()
    assert at.multiselect(key="regions").value == []
    assert "regions" not in at.query_params


def test_we_understood_shows_what_the_text_said_as_plain_text_only(minimal):
    words = "deep ache in my groin **bold** <b>tag</b> ![x](https://example.org/x.png) zorblax"
    at = app()
    at.text_area(key="text").input(words).run()
    plain = [t.value for t in at.text]
    assert any("We understood" in m.value for m in at.markdown)
    assert any("groin" in line and "→" in line for line in plain)
    assert any("zorblax" in line for line in plain)
    marked_up = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "success")
                 for e in getattr(at, kind)]
    assert not any("example.org" in text or "zorblax" in text for text in marked_up)


def test_a_deep_link_restores_the_marked_regions_and_the_view(minimal):
    at = app(page="explore", regions="groin_left,hip_anterior_left", view="front")
    assert not at.exception
    assert at.multiselect(key="regions").value == ["groin_left", "hip_anterior_left"]
    assert at.radio(key="view").value == "front"
    assert cards(at)[0] == "psoas_major"


def test_a_deep_link_restores_the_referral_page_with_a_muscle_named_by_alias(minimal):
    at = app(page="referral", muscle="glute min", compare="psoas_major")
    assert not at.exception
    assert [t.value for t in at.title] == ["Referral patterns"]
    assert at.selectbox(key="muscle").value == "gluteus_minimus"
    assert at.selectbox(key="compare").value == "psoas_major"
    assert at.query_params["muscle"] == "gluteus_minimus"


@pytest.mark.parametrize(("params", "named"), [
    ({"page": "nowhere"}, "nowhere"),
    ({"muscle": "<script>alert(1)</script>"}, "<script>alert(1)</script>"),
    ({"regions": "groin_left,not_a_region,**x**"}, "**x**"),
    ({"view": "sideways"}, "sideways"),
    ({"unknown": "1"}, "unknown"),
    ({"page": "referral", "muscle": "no such muscle", "regions": ",,,"}, "no such muscle"),
])
def test_bad_query_params_are_ignored_with_a_notice_that_shows_them_as_plain_text(minimal, params, named):
    at = app(**params)
    assert not at.exception
    assert at.info[0].value == DISCLAIMER
    assert any("ignored" in w.value for w in at.warning)
    assert any(named in t.value for t in at.text)
    assert not any(named in m.value for m in at.markdown)


def test_an_empty_or_repeated_query_param_is_harmless(minimal):
    at = app(compare="", regions="groin_left,groin_left")
    assert not at.exception
    assert at.multiselect(key="regions").value == ["groin_left"]


def test_the_link_notice_can_be_dismissed(minimal):
    at = app(view="sideways")
    at.button(key="link_dismiss").click().run()
    assert not any("ignored" in w.value for w in at.warning)


def test_the_referral_page_compares_two_muscles_and_looks_up_a_region(minimal):
    at = app(page="referral")
    at.selectbox(key="muscle").set_value("gluteus_minimus")
    at.selectbox(key="compare").set_value("psoas_major").run()
    assert any("Gluteus minimus and Psoas major" in s.value for s in at.subheader)
    at.selectbox(key="lookup_region").set_value("buttock_outer_left").run()
    assert [b.label for b in at.button if b.key.startswith("show_")] == ["Gluteus minimus"]
    at.selectbox(key="compare").set_value(None).run()
    at.button(key="show_essential_gluteus_minimus").click().run()
    assert at.selectbox(key="muscle").value == "gluteus_minimus"
    assert any(s.value == "Gluteus minimus" for s in at.subheader)


def test_marked_regions_are_outlined_on_the_referral_page(minimal):
    at = app(page="referral", muscle="psoas_major", regions="groin_left")
    assert at.query_params["regions"] == "groin_left"
    assert any("marked on the Explore page" in c.value for c in at.caption)


def test_the_about_page_lists_sources_and_licences(minimal):
    at = app(page="about")
    assert len(at.dataframe[0].value) == 3
    assert shown(at, "CC BY 4.0") and shown(at, "MIT") and shown(at, "CC0")
    assert shown(at, "Not a diagnosis")
