"""The "summary for your therapist" PDF: everything the person told us, printed literally, built in memory."""

from __future__ import annotations

import datetime
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.test_honest_results import FORBIDDEN
from triage.engine.contract import to_json
from triage.engine.engine import Engine
from triage.engine.gate import DISCLAIMER
from triage.engine.types import Query
from triage.knowledge.vocabulary import MAX_TEXT_CHARS as MAX_TEXT
from triage.outputs.pdf.document import MARGIN
from triage.outputs.pdf.therapist_summary import MAX_UNPLACED, therapist_summary_pdf

from .pdf_text import pdf_pages, pdf_runs, squash

DATE = datetime.date(2026, 3, 14)
MARKUP = "<b>bold</b> <script>alert('x')</script> **not bold** --not underlined-- &amp; {nb}"
# The longest summary a person realistically makes: a long story, many marked areas and findings, one warning
# sign ticked (so all 32 answered), ten muscles and five look-alikes suggested.
LONG_STORY = ("For about three months I have had a deep ache in my right buttock and the side of my hip that spreads "
              "down the outside of my thigh to the knee and sometimes into the outer calf and ankle. It is worse when "
              "I lie on that side at night, when I get up from a chair after sitting for a long time, and when I "
              "climb stairs. The front of my hip and groin also hurt when I lift my knee towards my chest, and my "
              "lower back feels stiff in the morning. I walk with a slight limp after a long walk. Stretching the "
              "buttock helps for a while. I work at a desk all day and drive an hour each way to work and back, and "
              "at the weekend I play five-a-side football, which I have had to stop since the pain got worse. "
              "Painkillers take the edge off but it comes back by the evening. It wakes me most nights now, and I "
              "cannot find a comfortable position in bed, even with a pillow between my knees. ")
LONG_REGIONS = ("buttock_outer_right", "hip_lateral_right", "thigh_lateral_right", "knee_lateral_right",
                "leg_lateral_right", "groin_right", "hip_anterior_right", "low_back_lower_right")
LONG_FINDINGS = ("deep_ache", "lying_on_side", "rising_from_chair", "climbing_stairs", "long_sitting", "driving")
TICKED = "night_pain"


@pytest.fixture(scope="module")
def minimal_engine(minimal_kb):
    return Engine(minimal_kb)


def summary(kb, engine, text, regions=(), answers=None):
    flagged = tuple(flag for flag, yes in (answers or {}).items() if yes)
    result = engine.analyse(Query(text=text, regions=regions, red_flags=flagged))
    return to_json(engine.kb, result), therapist_summary_pdf(kb, result, text=text, red_flag_answers=answers, date=DATE)


def test_the_summary_shows_triage_map_words_answers_suggestions_and_date(minimal_kb, minimal_engine):
    text = "deep ache on the outer side of my hip, worse lying on it"
    answers = {"saddle_numbness": False, "fever_with_pain": False}
    result, data = summary(minimal_kb, minimal_engine, text, ("buttock_outer_left",), answers)
    full = " ".join(pdf_pages(data))
    assert "Summary for your therapist" in full
    assert "2026-03-14" in full
    assert f"Triage: {result['triage']['level'].replace('_', ' ').upper()}" in full
    assert squash(result["triage"]["message"]) in full
    assert text in full
    assert "outer buttock (left)" in full  # the marked region, listed beside the map
    assert "numbness between the legs or around the back passage: no" in full
    assert "None of these: confirmed" in full
    assert result["suggestions"], "the query should rank at least one muscle"
    for item in result["suggestions"]:
        assert item["name"] in full
        assert squash(item["reasons"][0]["label"]) in full
    assert squash(DISCLAIMER) in full


def test_the_triage_level_comes_before_the_suggestions(minimal_kb, minimal_engine):
    result, data = summary(minimal_kb, minimal_engine, "ache in my outer hip", ("buttock_outer_left",),
                           {"saddle_numbness": True})
    full = " ".join(pdf_pages(data))
    assert result["triage"]["level"] == "emergency"
    assert full.index("Triage: EMERGENCY") < full.index(result["suggestions"][0]["name"])
    assert "around the back passage: YES" in full


def test_emoji_markup_and_huge_text_are_printed_literally_and_truncated(minimal_kb, minimal_engine):
    text = f"{MARKUP} café ≠ naïve 😀 🦵 中文\n" + "ω" * (2 * MAX_TEXT)
    _, data = summary(minimal_kb, minimal_engine, text)
    full = " ".join(pdf_pages(data))
    assert squash(MARKUP) in full
    assert "café ≠ naïve" in full
    assert f"{len(text) - MAX_TEXT} more characters not printed" in full
    assert "not answered" in full  # no red-flag answers given
    assert MAX_TEXT - 100 < full.count("ω") <= MAX_TEXT + MAX_UNPLACED


def test_characters_the_font_lacks_are_replaced_visibly_not_dropped(minimal_kb, minimal_engine):
    _, data = summary(minimal_kb, minimal_engine, "pain \U0001f9b5 here \x00 \ud800 end")
    full = " ".join(pdf_pages(data))
    assert "pain \ufffd here \ufffd \ufffd end" in full
    assert "printed as \ufffd" in full


def test_nothing_is_written_to_disk(minimal_kb, minimal_engine, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    summary(minimal_kb, minimal_engine, "ache in my hip", ("buttock_outer_left",))
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=25, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_makes_a_readable_pdf(minimal_kb, minimal_engine, text):
    _, data = summary(minimal_kb, minimal_engine, text)
    assert pdf_pages(data)


@pytest.fixture(scope="module")
def longest(kb, engine):
    """The longest realistic summary as (answers, PDF)."""
    result = engine.analyse(Query(text=LONG_STORY, regions=LONG_REGIONS, findings=LONG_FINDINGS, red_flags=(TICKED,)))
    assert len(result.suggestions) == 10
    answers = {flag: flag == TICKED for flag in kb.red_flags.index}
    return answers, therapist_summary_pdf(kb, result, text=LONG_STORY, red_flag_answers=answers, date=DATE)


def test_the_longest_realistic_summary_fits_two_pages_and_no_page_before_the_last_is_half_empty(longest):
    """At most two A4 pages; each page but the last is filled to its last fifth in both its halves (text running
    on in one narrow column left the other half of a page blank)."""
    data = longest[1]
    pages = pdf_runs(data)
    assert len(pages) <= 2
    width, height = (float(v) for v in PdfReader(io.BytesIO(data)).pages[0].mediabox[2:])
    footer = MARGIN * 72 / 25.4  # the footer line sits below this, the text above it (points from the bottom)
    for number, runs in enumerate(pages[:-1], start=1):
        body = [run for run in runs if run.y > footer]
        for half, (left, right) in (("left", (0, width / 2)), ("right", (width / 2, width))):
            lowest = min(run.y for run in body if run.x < right and run.x + run.width > left)
            assert lowest < height / 5, f"page {number}: its {half} half ends {lowest:.0f} pt above the bottom"


@pytest.mark.parametrize("text", ["ache in my outer hip", LONG_STORY])
def test_a_heading_is_on_the_page_of_the_first_entry_under_it(kb, engine, text):
    """A heading over two columns is never left at the foot of a page with its entries on the next."""
    result = engine.analyse(Query(text=text, regions=("hip_lateral_left",), red_flags=(TICKED,)))
    answers = {flag: flag == TICKED for flag in kb.red_flags.index}
    pages = pdf_pages(therapist_summary_pdf(kb, result, text=text, red_flag_answers=answers, date=DATE))
    first_muscle = f"1. {kb.target_name(result.suggestions[0].target)}"
    for heading, entry in (("Warning-sign checklist", squash(kb.red_flags.loc[TICKED, "label"])),
                           ("Muscles whose referral patterns match", first_muscle)):
        assert [heading in page for page in pages] == [entry in page for page in pages], heading


def test_no_answers_are_never_bold_and_yes_answers_are(kb, longest):
    """Read from the fonts in the PDF: no piece of a warning sign answered "no" is bold; the one answered yes is."""
    answers, data = longest
    labels = kb.red_flags["label"]
    said_no = [squash(f"{labels[flag]}: no") for flag, yes in answers.items() if not yes]
    runs = [run for page in pdf_runs(data) for run in page]
    bold_in_no = [run.text for run in runs if run.bold and any(squash(run.text) in line for line in said_no)]
    assert bold_in_no == []
    said_yes = squash(" ".join(run.text for run in runs if run.bold))
    assert squash(f"{labels[TICKED]}: YES") in said_yes


def test_the_summary_prints_no_ids_or_internal_notes(kb, longest):
    full = " ".join(pdf_pages(longest[1]))
    assert not [word for word in FORBIDDEN if word in full]
    assert not [source for source in kb.sources.index if "_" in source and source in full]
