"""Shared read-only resources, built once per server process with `st.cache_resource`, and derived
files (handout PDFs) cached with `st.cache_data`.

The engine imports scikit-learn (most of a cold start), and the first page needs only the knowledge
base, so the engine is fitted in a background thread shortly after the first page is drawn.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import streamlit as st

from triage.knowledge.load import load_knowledge_base
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import VIEWS, ZOOMS
from triage.outputs.svg import Layer, body_map_svg, map_drawings
from triage.teaching.quiz import load_class_cases

if TYPE_CHECKING:
    from triage.engine.engine import Engine
    from triage.knowledge.cases import Case

_warming = threading.Lock()


@st.cache_resource(show_spinner=False)
def knowledge_base() -> KnowledgeBase:
    """The knowledge base (TRIAGE_KNOWLEDGE or the shipped one), loaded and validated once."""
    return load_knowledge_base()


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The engine fitted on the knowledge base, shared by every session."""
    from triage.engine.engine import Engine  # deferred: scikit-learn takes most of a second to import

    return Engine(knowledge_base())


WARM_UP_DELAY = 1.5  # seconds: let the first page reach the browser before the import competes for the GIL


def warm_up() -> None:
    """Fit the engine in the background (once per process), so the first click does not wait for it."""
    if _warming.acquire(blocking=False):
        timer = threading.Timer(WARM_UP_DELAY, engine)
        timer.daemon = True
        timer.start()


@st.cache_resource(show_spinner=False)
def clickable_maps() -> dict[str, str]:
    """The clickable map of each drawing (views and close-ups); it never changes, selection is applied in the
    browser."""
    kb = knowledge_base()
    drawings = dict.fromkeys(d for choice in (*VIEWS, *ZOOMS) for d in map_drawings(kb, choice))
    return {drawing: body_map_svg(kb, drawing, Layer(), interactive=True) for drawing in drawings}


@st.cache_data(show_spinner=False, max_entries=64)
def handout_pdf(muscle_id: str) -> bytes:
    """One muscle's handout as PDF bytes, built on the first download and then reused."""
    from triage.outputs.pdf.handout import muscle_handout_pdf  # deferred: only a download needs the PDF library

    kb = knowledge_base()
    return muscle_handout_pdf(kb, kb.muscles[muscle_id])


@st.cache_resource(show_spinner=False)
def class_cases() -> list[Case]:
    """The class case set (see `triage.quiz.load_class_cases`); a CaseFileError is raised, never cached."""
    return load_class_cases(knowledge_base())
