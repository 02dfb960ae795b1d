"""Muscle handouts: one valid A4 page per muscle with the name, the disclaimer, the consult prompt and the sources."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from triage.engine.gate import CONSULT, DISCLAIMER
from triage.knowledge.model import KnowledgeBase, Muscle
from triage.outputs.pdf.handout import handouts_pdf, muscle_handout_pdf

from .pdf_text import pdf_pages, squash


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


@pytest.mark.slow
def test_every_shipped_muscle_has_a_one_page_handout(kb):
    muscles = list(kb.muscles.values())
    pages = pdf_pages(handouts_pdf(kb, muscles))
    assert len(pages) == len(muscles)
    for muscle, text in zip(muscles, pages, strict=True):
        assert_handout_page(kb, muscle, text)


def test_handouts_pdf_holds_one_page_per_muscle_in_order(minimal_kb):
    muscles = sorted(minimal_kb.muscles.values(), key=lambda m: m.name, reverse=True)
    pages = pdf_pages(handouts_pdf(minimal_kb, muscles))
    assert [m.name in page for m, page in zip(muscles, pages, strict=True)] == [True, True]


def test_handouts_pdf_refuses_an_empty_list(minimal_kb):
    with pytest.raises(ValueError, match="no muscles"):
        handouts_pdf(minimal_kb, [])
