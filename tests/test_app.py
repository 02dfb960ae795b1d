"""The Streamlit app driven by AppTest: every page renders, and widgets (by key) drive what is shown.

AppTest cannot click the body-map component; real clicks are tested in tests/test_browser.py.
Behaviour tests run on the small fixture knowledge base (two muscles), so they do not move when the
shipped knowledge grows; the smoke tests run every page on the shipped one too, and so do the Class
page's tests (a quiz needs more than two muscles; they compute what to expect with `triage.quiz`).
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from tests.conftest import MINIMAL_KB
from tests.pdf_text import pdf_pages, squash
from triage.engine.gate import DISCLAIMER
from triage.knowledge.load import load_knowledge_base
from triage.knowledge.model import KnowledgeBase
from triage.teaching.quiz import Question, load_class_cases, question, scope
from triage.ui import links, resources
from triage.ui.faults import UNEXPECTED
from triage.ui.markup import label, literal
from triage.ui.pages import PAGE_PATHS

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


def healthy(at: AppTest) -> bool:
    """No exception escaped, and the frame did not have to show its plain "something went wrong" sentence."""
    return not at.exception and not shown(at, UNEXPECTED)


def cards(at: AppTest) -> list[str]:
    """Muscle ids of the result cards, in order."""
    return [b.key.removeprefix("card_") for b in at.main if isinstance(b, Block) and (b.key or "").startswith("card_")]


PAGES = list(PAGE_PATHS)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_the_disclaimer_on_the_shipped_knowledge_base(page):
    at = app(page=page)
    assert healthy(at)
    assert at.info[0].value == DISCLAIMER
    assert at.query_params["page"] == page


@pytest.mark.usefixtures("minimal")
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_the_disclaimer_on_the_fixture(page):
    at = app(page=page)
    assert healthy(at)
    assert shown(at, DISCLAIMER)


def test_the_safety_questions_are_named_in_plain_words():
    """A checkbox's label is also its accessible name: a screen reader would read "sciatica\\-type" out."""
    labels = [box.label for box in app().checkbox]
    assert len(labels) > 30
    assert [text for text in labels if "\\" in text] == []


@pytest.mark.usefixtures("minimal")
def test_the_explore_page_is_the_landing_page_and_asks_for_input_before_showing_results():
    at = app()
    assert [t.value for t in at.title] == ["Explore"]
    assert shown(at, "Results appear here")
    assert cards(at) == []


@pytest.mark.usefixtures("minimal")
def test_a_ticked_red_flag_puts_the_urgent_message_first_and_the_rest_says_it_comes_first():
    at = app()
    at.checkbox(key="rf_saddle_numbness").check().run()
    order = list(at.main)
    urgent = next(i for i, node in enumerate(order) if node.type == "error" and "Get medical help now" in node.value)
    first_question = next(i for i, node in enumerate(order) if node.type == "checkbox")
    assert urgent < first_question
    assert "emergency department" in order[urgent].value
    assert shown(at, "The warning at the top of this page comes first")


@pytest.mark.usefixtures("minimal")
def test_a_red_flag_typed_in_the_text_also_raises_the_urgent_message():
    at = app()
    at.checkbox(key="rf_none").check()
    at.text_area(key="text").input("my bum feels numb between my legs").run()
    assert any("Get medical help now" in e.value for e in at.error)


@pytest.mark.usefixtures("minimal")
def test_a_notice_asks_for_the_safety_questions_until_they_are_answered():
    at = app()
    at.multiselect(key="regions").set_value(["buttock_outer_left"]).run()
    assert shown(at, "Please answer the safety questions")
    at.checkbox(key="rf_none").check().run()
    assert not shown(at, "Please answer the safety questions")
    assert not at.error


@pytest.mark.usefixtures("minimal")
def test_the_region_multiselect_drives_the_ranking_and_the_link():
    at = app()
    at.checkbox(key="rf_none").check()
    at.multiselect(key="regions").set_value(["buttock_outer_left", "thigh_lateral_left"]).run()
    assert cards(at)[0] == "gluteus_minimus"
    assert any(s.value.startswith("1. Gluteus minimus") and "left" in s.value for s in at.subheader)
    assert at.query_params["regions"] == "buttock_outer_left,thigh_lateral_left"
    at.multiselect(key="regions").set_value(["groin_left", "thigh_anterior_left"]).run()
    assert cards(at)[0] == "psoas_major"


@pytest.mark.usefixtures("minimal")
def test_a_finding_alone_drives_the_ranking():
    at = app()
    at.checkbox(key="rf_none").check()
    at.multiselect(key="finding_quality").set_value(["toothache_ache"]).run()
    assert cards(at) == ["gluteus_minimus"]


@pytest.mark.usefixtures("minimal")
def test_every_card_says_to_consult_a_therapist_and_offers_why_self_care_and_lookalikes():
    at = app(regions="buttock_outer_left,groin_left")
    assert len(cards(at)) == 2
    assert sum("Consult a therapist" in i.value for i in at.info) == 2
    assert any("Stop if" in m.value for m in at.markdown)
    assert [t.label for t in at.tabs[:4]] == ["Why", "Self-care", "Look-alikes", "Sources"]


@pytest.mark.usefixtures("minimal")
def test_the_clear_button_empties_the_map():
    at = app(regions="groin_left")
    at.button(key="clear_regions").click().run()
    assert at.multiselect(key="regions").value == []
    assert "regions" not in at.query_params


@pytest.mark.usefixtures("minimal")
def test_we_understood_shows_what_the_text_said_as_plain_text_only():
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


@pytest.mark.usefixtures("minimal")
def test_a_deep_link_restores_the_marked_regions_and_the_view():
    at = app(page="explore", regions="groin_left,hip_anterior_left", view="front")
    assert healthy(at)
    assert at.multiselect(key="regions").value == ["groin_left", "hip_anterior_left"]
    assert at.radio(key="view").value == "front"
    assert cards(at)[0] == "psoas_major"


@pytest.mark.usefixtures("minimal")
def test_a_deep_link_restores_the_referral_page_with_a_muscle_named_by_alias():
    at = app(page="referral", muscle="glute min", compare="psoas_major")
    assert healthy(at)
    assert [t.value for t in at.title] == ["Referral patterns"]
    assert at.selectbox(key="muscle").value == "gluteus_minimus"
    assert at.selectbox(key="compare").value == "psoas_major"
    assert at.query_params["muscle"] == "gluteus_minimus"


@pytest.mark.parametrize(("params", "named"), [
    ({"page": "nowhere"}, "nowhere"),
    ({"muscle": "<script>alert(1)</script>"}, "<script>alert(1)</script>"),
    ({"regions": "groin_left,not_a_region,**x**"}, "**x**"),
    ({"view": "sideways"}, "sideways"),
    ({"page": "class", "projector": "yes", "group": "arms"}, "yes"),
    ({"page": "class", "activity": "karaoke", "condition": "<i>gout</i>"}, "<i>gout</i>"),
    ({"unknown": "1"}, "unknown"),
    ({"page": "referral", "muscle": "no such muscle", "regions": ",,,"}, "no such muscle"),
])
@pytest.mark.usefixtures("minimal")
def test_bad_query_params_are_ignored_with_a_notice_that_shows_them_as_plain_text(params, named):
    at = app(**params)
    assert healthy(at)
    assert at.info[0].value == DISCLAIMER
    assert any("ignored" in w.value for w in at.warning)
    assert any(named in t.value for t in at.text)
    assert not any(named in m.value for m in at.markdown)


@pytest.mark.usefixtures("minimal")
def test_an_empty_or_repeated_query_param_is_harmless():
    at = app(compare="", regions="groin_left,groin_left")
    assert healthy(at)
    assert at.multiselect(key="regions").value == ["groin_left"]


@pytest.mark.usefixtures("minimal")
def test_the_link_notice_can_be_dismissed():
    at = app(view="sideways")
    at.button(key="link_dismiss").click().run()
    assert not any("ignored" in w.value for w in at.warning)


@pytest.mark.usefixtures("minimal")
def test_the_referral_page_compares_two_muscles_and_looks_up_a_region():
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


@pytest.mark.usefixtures("minimal")
def test_choosing_another_muscle_clears_the_comparison_which_never_offers_the_muscle_itself():
    at = app(page="referral", muscle="gluteus_minimus", compare="psoas_major")
    assert at.selectbox(key="compare").options == ["no comparison", "Psoas major"]
    at.selectbox(key="muscle").set_value("psoas_major").run()
    assert at.selectbox(key="compare").value is None
    assert "compare" not in at.query_params
    assert at.subheader[0].value == "Psoas major"
    assert at.selectbox(key="compare").options == ["no comparison", "Gluteus minimus"]


@pytest.mark.usefixtures("minimal")
def test_a_link_comparing_a_muscle_with_itself_shows_it_alone():
    at = app(page="referral", muscle="psoas_major", compare="psoas_major")
    assert healthy(at)
    assert at.selectbox(key="compare").value is None
    assert at.subheader[0].value == "Psoas major"


@pytest.mark.usefixtures("minimal")
@pytest.mark.parametrize(("region", "view"), [("thigh_lateral_right", "back"), ("buttock_outer_left", "front")])
def test_a_muscle_shown_from_the_lookup_is_drawn_on_the_regions_side_in_a_view_that_shows_it(region, view):
    at = app(page="referral", muscle="psoas_major", compare="gluteus_minimus", view=view)
    side = region.rsplit("_", 1)[1]
    at.radio(key="ref_side").set_value("left" if side == "right" else "right").run()
    at.selectbox(key="lookup_region").set_value(region).run()
    at.button(key="show_essential_gluteus_minimus").click().run()
    assert at.selectbox(key="muscle").value == "gluteus_minimus"
    assert at.radio(key="ref_side").value == side
    assert at.radio(key="view").value == "both"  # the region was not in the view chosen before
    assert at.selectbox(key="compare").value is None


@pytest.mark.usefixtures("minimal")
def test_marked_regions_are_outlined_on_the_referral_page():
    at = app(page="referral", muscle="psoas_major", regions="groin_left")
    assert at.query_params["regions"] == "groin_left"
    assert any("marked on the Explore page" in c.value for c in at.caption)


@pytest.mark.usefixtures("minimal")
def test_the_about_page_lists_sources_and_licences():
    at = app(page="about")
    assert list(at.dataframe[0].value["id"]) == list(load_knowledge_base(MINIMAL_KB).sources.index)
    assert shown(at, "CC BY 4.0")
    assert shown(at, "MIT")
    assert shown(at, "CC0")
    assert shown(at, "Not a diagnosis")


# ---------------------------------------------------------------------------------------------- downloads


@pytest.fixture
def downloads(monkeypatch):
    """What each st.download_button offers, by key: the bytes (a deferred builder is called, as a click would)."""
    offered: dict[str, object] = {}
    real = st.download_button

    def spy(label, data, *args, **kwargs):
        offered[kwargs["key"]] = data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    return offered


def pdf(data: object) -> str:
    """The text of a download's PDF (all pages); fails unless it is a readable PDF."""
    return " ".join(pdf_pages(data() if callable(data) else data))


@pytest.mark.usefixtures("minimal")
def test_the_referral_page_offers_the_handout_of_each_muscle_shown(downloads):
    at = app(page="referral", muscle="gluteus_minimus", compare="psoas_major")
    buttons = {b.key: b.label for b in at.get("download_button")}
    assert buttons == dict.fromkeys(["handout_gluteus_minimus", "handout_psoas_major"], "Download handout (PDF)")
    text = pdf(downloads["handout_gluteus_minimus"])
    assert "Gluteus minimus" in text
    assert squash(DISCLAIMER) in text


@pytest.mark.usefixtures("minimal")
def test_the_explore_page_offers_a_summary_for_the_therapist_once_there_are_results(downloads):
    at = app()
    assert "summary_download" not in downloads
    at.checkbox(key="rf_none").check()
    at.multiselect(key="regions").set_value(["buttock_outer_left"])
    at.text_area(key="text").input("deep ache <b>zorblax</b>").run()
    assert [b.label for b in at.get("download_button")] == ["Summary for your therapist (PDF)"]
    text = pdf(downloads["summary_download"])
    assert "Summary for your therapist" in text
    assert "deep ache <b>zorblax</b>" in text
    assert datetime.date.today().isoformat() in text
    assert "None of these: confirmed" in text
    assert "Gluteus minimus" in text


# ---------------------------------------------------------------------------------------------- class page


def quiz_question(at: AppTest, kb: KnowledgeBase, **restriction: str) -> Question:
    """The question the Class page shows now, from its seed and number (as the quiz module makes it)."""
    return question(kb, scope(kb, **restriction), at.session_state["quiz_seed"], at.session_state["quiz_number"])


def choice_key(at: AppTest, kb: KnowledgeBase, muscle: str) -> str:
    """The key of the answer button that names a muscle."""
    return next(b.key for b in at.button if b.key.startswith("answer_") and b.label == label(kb.muscles[muscle].name))


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def projector_style(at: AppTest) -> bool:
    """Whether the page carries the projector view's style (large type, toolbar hidden)."""
    return any("stToolbar" in h.proto.body for h in at.get("html"))


def test_the_projector_view_is_one_toggle_kept_in_the_link():
    at = app(page="class")
    assert not projector_style(at)
    assert "projector" not in at.query_params
    at.toggle(key="projector").set_value(True).run()
    assert at.query_params["projector"] == "1"
    assert projector_style(at)
    again = app(page="class", projector="1")
    assert again.toggle(key="projector").value is True
    assert again.info[0].value == DISCLAIMER
    assert projector_style(again)
    again.toggle(key="projector").set_value(False).run()
    assert "projector" not in again.query_params
    assert not projector_style(again)


def test_a_quiz_answer_is_revealed_with_key_facts_and_counted_in_the_score(kb):
    at = app(page="class")
    assert metric(at, "Question") == "1 of 10"
    assert metric(at, "Score") == "0 / 0"
    asked = quiz_question(at, kb)
    assert len([b for b in at.button if b.key.startswith("answer_")]) == 4
    assert not shown(at, kb.muscles[asked.answer].name)  # the pattern has no name until the answer
    at.button(key=choice_key(at, kb, asked.answer)).click().run()
    assert metric(at, "Score") == "1 / 1"
    assert any("Right" in s.value for s in at.success)
    assert any(s.value == f"Key facts: {literal(kb.muscles[asked.answer].name)}" for s in at.subheader)
    assert shown(at, "Referral pattern")
    assert shown(at, "Trigger points")
    assert all(b.disabled for b in at.button if b.key.startswith("answer_"))
    at.button(key="next_question").click().run()
    asked = quiz_question(at, kb)
    wrong = next(c for c in asked.choices if c != asked.answer)
    at.button(key=choice_key(at, kb, wrong)).click().run()
    assert metric(at, "Question") == "2 of 10"
    assert metric(at, "Score") == "1 / 2"
    assert any("Not quite" in e.value for e in at.error)


def test_an_instructor_can_run_a_ten_question_round_and_start_another(kb):
    at = app(page="class")
    answers = []
    for number in range(10):
        asked = quiz_question(at, kb)
        answers.append(asked.answer)
        at.button(key=choice_key(at, kb, asked.answer)).click().run()
        assert metric(at, "Score") == f"{number + 1} / {number + 1}"
        if number < 9:
            at.button(key="next_question").click().run()
    assert len(set(answers)) == 10  # no muscle twice in a round
    assert any("Round finished: 10 / 10" in s.value for s in at.success)
    assert not any(b.key == "next_question" for b in at.button)
    at.button(key="new_round").click().run()
    assert metric(at, "Question") == "1 of 10"
    assert metric(at, "Score") == "0 / 0"


def test_restricting_the_quiz_to_a_group_or_an_area_restricts_its_choices_and_is_kept_in_the_link(kb):
    at = app(page="class")
    at.selectbox(key="quiz_group").set_value("gluteal").run()
    assert at.query_params["group"] == "gluteal"
    names = {label(kb.muscles[m].name) for m in scope(kb, group="gluteal")}
    for _ in range(3):
        asked = quiz_question(at, kb, group="gluteal")
        assert {b.label for b in at.button if b.key.startswith("answer_")} <= names
        at.button(key=choice_key(at, kb, asked.answer)).click().run()
        at.button(key="next_question").click().run()
    at.selectbox(key="quiz_group").set_value(None)
    at.selectbox(key="quiz_area").set_value("knee").run()
    assert at.query_params["area"] == "knee"
    assert "group" not in at.query_params
    assert metric(at, "Score") == "0 / 0"  # a new scope starts a new round
    assert quiz_question(at, kb, area="knee").answer in scope(kb, area="knee")
    linked = app(page="class", group="thigh_medial")
    assert linked.selectbox(key="quiz_group").value == "thigh_medial"


def test_the_case_quiz_asks_for_three_muscles_then_reveals_the_ranking_and_triage_level(kb):
    cases = load_class_cases(kb)
    at = app(page="class", activity="case")
    assert any(s.value == f"Case 1 of {len(cases)}" for s in at.subheader)
    assert shown(at, literal(cases[0].text))
    assert at.multiselect(key="case_guess").max_selections == 3
    assert cards(at) == []
    at.multiselect(key="case_guess").set_value([cases[0].primary, "piriformis"])
    at.button(key="reveal_case").click().run()
    assert healthy(at)
    assert cards(at)[0] == cases[0].primary
    assert any("No warning signs" in s.value for s in at.success)  # the triage level
    assert shown(at, "Triage level\\: engine self care; case author self care")
    assert shown(at, "the author's best fit")
    assert shown(at, literal(cases[0].note))
    assert [t.label for t in at.tabs[:1]] == ["Why"]  # each card gives its reasons
    at.button(key="next_case").click().run()
    assert any(s.value == f"Case 2 of {len(cases)}" for s in at.subheader)
    assert at.multiselect(key="case_guess").value == []
    assert cards(at) == []


def test_a_red_flag_case_reveals_the_emergency_first(kb):
    cases = load_class_cases(kb)
    at = app(page="class", activity="case")
    for _ in range(next(i for i, case in enumerate(cases) if case.triage == "emergency")):
        at.button(key="next_case").click().run()
    at.button(key="reveal_case").click().run()
    assert any("Get medical help now" in e.value for e in at.error)
    assert shown(at, "The warning at the top of this page comes first")


def test_the_compare_view_puts_a_muscle_beside_a_look_alike_condition():
    at = app(page="class", activity="compare")
    assert [s.value for s in at.subheader] == ["Gluteus minimus", literal("Lumbar radiculopathy (sciatica)")]
    assert shown(at, "What tells it apart from muscle pain")
    assert shown(at, "Referral pattern")
    assert at.query_params["condition"] == "lumbar_radiculopathy"
    at.selectbox(key="condition").set_value("greater_trochanteric_pain_syndrome").run()
    assert at.query_params["condition"] == "greater_trochanteric_pain_syndrome"
    linked = app(page="class", activity="compare", muscle="piriformis", condition="deep_gluteal_syndrome")
    assert linked.selectbox(key="muscle").value == "piriformis"
    assert linked.selectbox(key="condition").value == "deep_gluteal_syndrome"


@pytest.mark.usefixtures("minimal")
def test_the_class_page_on_a_knowledge_base_without_a_case_set_says_so(monkeypatch):
    monkeypatch.delenv("TRIAGE_CASES", raising=False)
    at = app(page="class", activity="case")
    assert healthy(at)
    assert shown(at, "no class case set")


def test_a_broken_case_set_is_named_as_plain_text_not_a_crash(tmp_path, monkeypatch):
    broken = tmp_path / "cases.yaml"
    broken.write_text("- {id: x, text: '**ache**', expected: [no_such_muscle], triage: self_care}\n", encoding="utf-8")
    monkeypatch.setenv("TRIAGE_CASES", str(broken))
    at = app(page="class", activity="case")
    assert healthy(at)
    assert any("cannot be used" in e.value for e in at.error)
    assert any("no_such_muscle" in t.value for t in at.text)


@pytest.mark.usefixtures("minimal")
def test_a_fault_while_drawing_shows_a_plain_sentence_and_keeps_the_red_flag_message_above_it(monkeypatch):
    from triage.ui.pages import explore

    def broken(*_args):
        raise KeyError("a fault in the page")

    monkeypatch.setattr(explore, "_understood", broken)
    at = app()
    at.checkbox(key="rf_saddle_numbness").check()
    at.text_area(key="text").input("deep ache in my buttock").run()
    assert not at.exception
    order = [node for node in at.main if node.type == "error"]
    assert "Get medical help now" in order[0].value
    assert order[-1].value == UNEXPECTED
    assert not shown(at, "a fault in the page")


def test_streamlit_shows_no_error_details_to_people():
    config = tomllib.loads((APP.parent / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_an_unsure_warning_sign_is_asked_first_and_an_answer_no_lowers_the_level():
    at = app()
    at.checkbox(key="rf_none").check()
    at.text_area(key="text").input("refusing to walk and crying about the hip").run()
    assert healthy(at)
    order = list(at.main)
    asked = [node.key for node in order if node.type == "radio" and (node.key or "").startswith("ask_")]
    assert "ask_child_hip_limp" in asked
    first_asked = next(i for i, node in enumerate(order) if node.type == "radio" and node.key in asked)
    first_safety_question = next(i for i, node in enumerate(order) if node.type == "checkbox")
    assert first_asked < first_safety_question
    assert at.error  # the warning box, at the level of the most urgent question
    for key in asked:  # answering no to every question lowers the level
        at.radio(key=key).set_value("No").run()
        assert healthy(at)
    assert not [r for r in at.radio if (r.key or "").startswith("ask_")]
    assert not any("See a doctor" in e.value or "emergency" in e.value for e in at.error)
    at.text_area(key="text").input("refusing to walk and crying about the hip, since Monday").run()
    assert not [r for r in at.radio if r.key in asked]  # the answers are kept while the page is open


@pytest.mark.usefixtures("minimal")
def test_about_you_is_off_by_default_and_marks_the_self_care_that_does_not_suit():
    at = app(regions="buttock_outer_left")
    kb = load_knowledge_base(MINIMAL_KB)
    boxes = {box.key: box for box in at.checkbox if (box.key or "").startswith("about_")}
    assert set(boxes) == {f"about_{i}" for i in kb.screening.index}
    assert not any(box.value for box in boxes.values())
    ball = next(s for s in kb.muscles["gluteus_minimus"].self_care if s.avoid_if)
    assert shown(at, literal(ball.how.split(".")[0]))  # nothing ticked: the instructions are there
    assert shown(at, literal("Not for: " + str(kb.screening.loc[ball.avoid_if[0], "label"])))
    at = boxes[f"about_{ball.avoid_if[0]}"].check().run()
    assert healthy(at)
    assert not shown(at, literal(ball.how.split(".")[0]))  # ticked: marked, its instructions left out
    assert shown(at, literal("Not suggested for you because of " + str(kb.screening.loc[ball.avoid_if[0], "label"])))


@pytest.mark.parametrize("page", ["explore", "referral"])
def test_every_map_choice_draws_a_healthy_page_with_marked_areas(page):
    """Each whole-body view and close-up, opened from a link with areas marked, on both pages with a map."""
    for view in links.VIEW_NAMES:
        at = app(page=page, view=view, regions="groin_left,heel_right,buttock_outer_left")
        assert healthy(at), view
        assert at.session_state[links.VIEW] == view
