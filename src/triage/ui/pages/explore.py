"""Explore (the landing page, for clients): safety questions first, then the map, findings and text, then results.

Widgets become a `Query`; the engine does everything else. The triage warning is written into a
container at the very top of the page, above the questions that produced it. The map and all it changes
(the warning, the line under the map, the results) are one fragment: a click reruns only that part, and
text that did not change is not read again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import MAX_TEXT_CHARS
from triage.outputs.svg import UNDERSTOOD_LEGEND, Layer, map_drawings, understood_ids
from triage.ui import faults, links, resources
from triage.ui.components import results
from triage.ui.components.body_map import clickable_map, legend
from triage.ui.markup import label
from triage.ui.pages import EXPLORE

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

    from triage.engine.types import Result, Understanding

FLAG_PREFIX, NONE_OF_THESE, FINDING_PREFIX, TEXT = "rf_", "rf_none", "finding_", "text"
ANSWER, SUMMARY, READING = "answer", "map_summary", "_text_reading"  # the fragment, the line under the map
ABOUT_PREFIX = "about_"  # the "about you" checklist, one checkbox per screening question
KEPT = (links.REGIONS, links.VIEW, FLAG_PREFIX, FINDING_PREFIX, TEXT)

# How the findings' kinds are asked about, in the order they are asked.
KIND_QUESTIONS = {
    "quality": "What it feels like",
    "aggravating": "What makes it worse",
    "sign": "What you notice (for example when walking)",
    "movement": "Movements that hurt",
    "pattern": "Where and how it spreads",
    "easing": "What makes it better",
    "onset": "How it started",
    "history": "What happened before",
}


@dataclass(frozen=True)
class _Boxes:
    """Places drawn by the full run that the answer fills: it reruns alone when the map changes."""

    alert: DeltaGenerator
    where: DeltaGenerator
    understood: DeltaGenerator
    results: DeltaGenerator


@dataclass(frozen=True)
class _Asked:
    """What the person answered outside the map: these change only with a full run."""

    flags: tuple[str, ...]
    answered: bool
    findings: tuple[str, ...]
    text: str


def render() -> None:
    """Draw the Explore page: the questions and text in a full run, then the answer as a fragment."""
    kb = resources.knowledge_base()
    st.title("Explore")
    st.markdown("Mark where it hurts and what it is like. You will see the **muscles whose referral patterns "
                "match what you marked**, why, self-care ideas and what a therapist would rule out.")
    alert = st.container()  # the warning goes here, above everything that could produce it
    flags, answered = _safety_questions(kb)
    where, what = st.columns([1.1, 1], gap="large")
    with what:
        findings = _what_it_is_like(kb)
        text = st.text_area("Or describe it in your own words", key=TEXT, max_chars=MAX_TEXT_CHARS,
                            placeholder="for example: deep ache in my left buttock down the side of my leg")
        understood = st.container()
    _answer(_Boxes(alert, where, understood, st.container()),
            _Asked(tuple(flags), answered, tuple(findings), (text or "").strip()))
    resources.warm_up()


@st.fragment(key=ANSWER)
def _answer(boxes: _Boxes, asked: _Asked) -> None:
    """The map and everything it changes: a click reruns only this, with the questions' answers as they were."""
    with faults.guarded():
        kb = resources.knowledge_base()
        regions = [r for r in st.session_state.setdefault(links.REGIONS, []) if r in kb.regions.index]
        result = _analyse(regions, asked) if regions or asked.findings or asked.flags or asked.text else None
        if result:  # the warning is drawn first, so nothing drawn after it can hide it
            with boxes.alert:
                results.alert(kb, result)
        with boxes.where:
            view = _where_it_hurts(kb, understood_ids(kb, result.understood, regions) if result else frozenset())
            with st.container(key=SUMMARY):
                results.summary(kb, result)
        if result and asked.text:
            with boxes.understood:
                _understood(kb, result.understood)
        with boxes.results:
            if result:
                _summary_download(kb, result, asked.text, list(asked.flags) if asked.answered else None)
            results.show(kb, result, answered=asked.answered, marked=regions,
                         about=_about_you(kb) if result else ())
        links.mirror(EXPLORE, regions=regions, view=None if view == "both" else view)


def _analyse(regions: list[str], asked: _Asked) -> Result:
    """The engine's answer. The reading of the text is kept in this session while the text is unchanged, so a
    map click does not read it again; it goes when the text changes. (The engine is imported here because the
    first, empty page does not need scikit-learn.)"""
    from triage.engine.types import Query

    engine = resources.engine()
    reading = st.session_state.get(READING)
    if asked.text and (reading is None or reading.text != asked.text):
        reading = st.session_state[READING] = engine.read(asked.text)
    elif not asked.text:
        st.session_state.pop(READING, None)
    yes, no = results.answers()
    query = Query(text=asked.text, regions=tuple(regions), findings=asked.findings,
                  red_flags=(*asked.flags, *yes), ruled_out=tuple(no))
    return engine.analyse(query, reading)


def _summary_download(kb: KnowledgeBase, result: Result, text: str, ticked: list[str] | None) -> None:
    """The "summary for your therapist" PDF, built in memory only when the button is clicked (never stored).

    `ticked` is None when the safety questions were not answered; otherwise every red flag is answered.
    """
    answers = None if ticked is None else {flag: flag in ticked for flag in kb.red_flags.index}

    def build() -> bytes:
        from triage.outputs.pdf.therapist_summary import (
            therapist_summary_pdf,  # deferred: only a download needs the PDF library
        )

        return therapist_summary_pdf(kb, result, text=text, red_flag_answers=answers,
                                     date=datetime.date.today())

    st.download_button("Summary for your therapist (PDF)", build, file_name="summary-for-your-therapist.pdf",
                       mime="application/pdf", key="summary_download", on_click="ignore",
                       icon=":material/download:",
                       help="What you marked, typed and answered, with the suggestions and today's date. Made "
                            "when you click; nothing is kept on the server.")


def _safety_questions(kb: KnowledgeBase) -> tuple[list[str], bool]:
    """The red-flag checklist with an explicit "none of these"; returns the ticked flags and whether answered."""
    with st.container(border=True):
        st.subheader("1. First, some safety questions")
        st.markdown("Do any of these apply to you **now**? They are warning signs that need a doctor rather than "
                    "muscle exploration.")
        rows = list(kb.red_flags.itertuples())
        half = (len(rows) + 1) // 2
        ticked = []
        for column, chunk in zip(st.columns(2), (rows[:half], rows[half:]), strict=True):
            with column:
                ticked += [row.id for row in chunk
                           if st.checkbox(label(row.label), key=f"{FLAG_PREFIX}{row.id}", wrap=True,
                                          on_change=_flag_changed, args=(row.id,))]
        if ticked:  # a ticked warning sign always wins: "none of these" cannot stand beside it
            st.session_state[NONE_OF_THESE] = False
        none = st.checkbox("None of these apply to me", key=NONE_OF_THESE, wrap=True, disabled=bool(ticked),
                           help="Untick the warning signs above first." if ticked else None)
        if ticked:
            st.error("You ticked a warning sign: the message at the top of this page comes first.",
                     icon=":material/emergency:")
    return ticked, bool(ticked) or none


def _flag_changed(flag: str) -> None:
    """Ticking a warning sign clears "none of these"."""
    if st.session_state.get(f"{FLAG_PREFIX}{flag}"):
        st.session_state[NONE_OF_THESE] = False


def _where_it_hurts(kb: KnowledgeBase, understood: frozenset[str]) -> str:
    """The body map and its accessible twin, the multiselect (one state, `regions`), and a clear button.
    Areas taken from the person's words are lit on the map in their own style. Returns the chosen view."""
    st.subheader("2. Where does it hurt?")
    st.caption("Click or tap the areas on the map, or pick them from the list. Left and right are the person's "
               "own sides, as labelled on each view. On a small screen, the close-ups make each area easier to tap.")
    st.session_state.setdefault(links.VIEW, "both")
    view = st.radio("Map view", list(links.VIEW_NAMES), format_func=links.VIEW_NAMES.__getitem__, key=links.VIEW,
                    horizontal=True, label_visibility="collapsed")
    selected = frozenset(st.session_state[links.REGIONS])
    views = map_drawings(kb, view, Layer(selected=selected | understood))
    clickable_map(key="explore_map", views=views, selected=selected, understood=understood, on_toggle=_toggle)
    if understood:
        legend(UNDERSTOOD_LEGEND)
    labels = kb.regions["label"]
    regions = st.multiselect("Marked areas", list(kb.regions.index), format_func=labels.__getitem__,
                             key=links.REGIONS, placeholder="Choose areas (or click them on the map)")
    st.button("Clear the map", key="clear_regions", icon=":material/ink_eraser:", on_click=_clear,
              disabled=not regions)
    return view


def _toggle(region: str) -> None:
    """A click on the map: mark or unmark a region (ids not on the map are ignored)."""
    if region not in resources.knowledge_base().regions.index:
        return
    marked = list(st.session_state.get(links.REGIONS, []))
    st.session_state[links.REGIONS] = [r for r in marked if r != region] if region in marked else [*marked, region]


def _clear() -> None:
    st.session_state[links.REGIONS] = []


def _what_it_is_like(kb: KnowledgeBase) -> list[str]:
    """Findings grouped by kind, one multiselect per kind."""
    st.subheader("3. What is it like?")
    chosen: list[str] = []
    labels = kb.findings["label"]
    for kind, question in KIND_QUESTIONS.items():
        options = list(kb.findings.index[kb.findings["kind"] == kind])
        if options:
            chosen += st.multiselect(question, options, format_func=labels.__getitem__,
                                     key=f"{FINDING_PREFIX}{kind}", placeholder="Choose any that fit")
    return chosen


def _about_you(kb: KnowledgeBase) -> tuple[str, ...]:
    """The optional "about you" checklist (all unticked at first): it only marks self-care ideas that may not suit."""
    with st.expander("About you (optional): check the self-care ideas against your health", icon=":material/person:"):
        st.caption("Tick what applies and the self-care ideas below that may not suit you are marked, their "
                   "instructions left out. Nothing you tick is stored or sent anywhere.")
        return tuple(i for i, question in kb.screening["question"].items()
                     if st.checkbox(label(question), key=f"{ABOUT_PREFIX}{i}"))


def _understood(kb: KnowledgeBase, understood: Understanding) -> None:
    """What the engine took from the text and what it could not place; the person's words only as plain text."""
    from triage.engine.types import span_meaning  # loaded with the engine; the empty page needs neither

    with st.container(border=True):
        if understood.spans:
            st.markdown("**We understood:**")
            st.text("\n".join(f"“{span.text}” → {span_meaning(kb, span)}" for span in understood.spans))
        if understood.unrecognised:
            st.markdown("**We could not place:**")
            st.text("\n".join(f"“{words}”" for words in understood.unrecognised))
        if understood.notices:
            st.text("\n".join(understood.notices))
