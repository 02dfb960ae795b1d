"""The "summary for your therapist" PDF: everything the person told us, printed literally, built in memory."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.engine.contract import to_json
from triage.engine.engine import Engine
from triage.engine.gate import DISCLAIMER
from triage.engine.types import Query
from triage.knowledge.vocabulary import MAX_TEXT_CHARS as MAX_TEXT
from triage.outputs.pdf.therapist_summary import MAX_UNPLACED, therapist_summary_pdf

from .pdf_text import pdf_pages, squash

DATE = datetime.date(2026, 3, 14)
MARKUP = "<b>bold</b> <script>alert('x')</script> **not bold** --not underlined-- &amp; {nb}"


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
