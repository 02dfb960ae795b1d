"""Class (for instructors): a projector view, the quiz "which muscle refers here?", a case quiz, and a
muscle's pattern beside a look-alike condition's distribution.

Questions, choices and feedback come from `triage.quiz`, rankings from the engine; this page draws
them and keeps a round's state (seed, question number, the answer given, the score) in session state.
The projector view, the activity, the quiz's scope and the compared pair are kept in the link.
"""

from __future__ import annotations

import dataclasses
import random
from typing import TYPE_CHECKING

import streamlit as st

from triage.engine.types import Query
from triage.knowledge.cases import CaseFileError
from triage.knowledge.model import KnowledgeBase, Muscle
from triage.outputs.monograph import condition_sections
from triage.outputs.svg import CONDITION_LEGEND, LEGEND, Layer, condition_layer, pattern_layer, views_needed
from triage.teaching.quiz import Question, Tally, body_areas, case_feedback, key_facts, muscle_groups, question, scope
from triage.ui import links, resources
from triage.ui.components import results
from triage.ui.components.body_map import legend, pattern_map
from triage.ui.markup import bullets, label, literal, sections
from triage.ui.pages import CLASS

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

    from triage.knowledge.cases import Case

# Session-state keys of a round (widgets and plain state); buttons never start with these prefixes.
SEED, NUMBER, PICK, TALLY, LENGTH = "quiz_seed", "quiz_number", "quiz_pick", "quiz_tally", "quiz_length"
CASE, GUESS, REVEALED = "case_number", "case_guess", "case_revealed"
KEPT = (links.PROJECTOR, links.ACTIVITY, links.CONDITION, "quiz_", "case_")

ROUND = 10  # questions per round unless the instructor changes it
SIDE = "right"  # patterns are drawn on one side, as on the handouts
PATTERN_LEGEND = tuple(item for item in LEGEND if item[0] != "marked_stroke")  # nothing is marked here
COMPARE_FACTS = ("Referral pattern", "Trigger points", "What aggravates it", "What you may notice")
DEFAULT_PAIR = ("gluteus_minimus", "lumbar_radiculopathy")  # pseudo-sciatica vs L5/S1 nerve-root pain

RIGHT_STYLE = "background: #1b6e20 !important; border-color: #1b6e20 !important; color: #ffffff !important;"
WRONG_STYLE = "background: #b3261e !important; border-color: #b3261e !important; color: #ffffff !important;"
# The projector view: type that grows with the screen, high contrast, none of Streamlit's header, toolbar or
# sidebar, and the quiz's picture as tall as what is left of the screen (--tbm-large-height, read by the map).
PROJECTOR_CSS = """<style>
html { font-size: clamp(16px, 2.2vh, 28px); }
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
.stApp, [data-testid="stMain"] { background: #ffffff; color: #000000; }
[data-testid="stMainBlockContainer"] { max-width: none; padding: 0.75rem 2rem 2rem; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.6rem; }
[data-testid="stAlertContainer"] { padding: 0.5rem 1rem; }
[data-testid="stMarkdownContainer"], [data-testid="stWidgetLabel"], [data-testid="stMetricValue"],
[data-testid="stCaptionContainer"] { color: #000000; opacity: 1; }
[data-testid="stMetricValue"] { font-size: 1.6rem; font-weight: 700; }
.stButton button { border: 2px solid #000000; min-height: 2.4rem; }
.stButton button p { font-size: 1.15rem; font-weight: 600; }
[class*="st-key-answer_"] button p { white-space: normal; }
.st-key-story p { font-size: 1.35rem; line-height: 1.45; }
.st-key-map_quiz { --tbm-large-height: calc(100vh - 13rem); }
</style>"""


def render() -> None:
    """Draw the Class page."""
    kb = resources.knowledge_base()
    st.session_state.setdefault(links.PROJECTOR, False)
    st.session_state.setdefault(links.ACTIVITY, "pattern")
    projector = bool(st.session_state[links.PROJECTOR])
    if projector:  # one row for the activity, the quiz's settings and the switch: the rest of the screen is the quiz
        st.html(PROJECTOR_CSS)
        activity_at, settings_at, switch_at = st.columns([3, 1, 1], vertical_alignment="center")
    else:
        heading, switch_at = st.columns([3, 1], vertical_alignment="center")
        heading.title("Class")
    switch_at.toggle("Projector view", key=links.PROJECTOR,
                     help="Large type and pictures, high contrast, no toolbar. Kept in the link.")
    if not projector:
        st.caption("For instructors: quiz a class on referral patterns and cases, and compare look-alikes. "
                   "Share the address to open this view again; switch on the projector view for a big screen.")
        activity_at = settings_at = st.container()  # the activity, then the quiz's settings under it
    activity = activity_at.radio("Activity", list(links.ACTIVITY_NAMES), format_func=links.ACTIVITY_NAMES.__getitem__,
                                 key=links.ACTIVITY, horizontal=True, label_visibility="collapsed")
    if activity == "pattern":
        settings = settings_at.popover("Quiz settings", icon=":material/tune:") if projector else settings_at
        kept = _pattern_quiz(kb, projector, settings)
    elif activity == "case":
        kept = _case_quiz(kb, projector)
    else:
        kept = _compare(kb, projector)
    links.mirror(CLASS, projector="1" if projector else None,
                 activity=None if activity == "pattern" else activity, **kept)


# ------------------------------------------------------------------------------ which muscle refers here?


def _pattern_quiz(kb: KnowledgeBase, projector: bool, settings: DeltaGenerator) -> dict[str, str | None]:
    """A round of questions: a pattern, four choices, the answer with key facts, the score, the next question.

    On the projector the picture stands beside the choices, as tall as the screen allows, so the picture, the
    choices, the verdict and the way on are all in sight at once (`PROJECTOR_CSS`).
    """
    group, area, length = _quiz_settings(kb, settings)
    kept: dict[str, str | None] = {"group": group, "area": area}
    muscles = scope(kb, group, area)
    if not muscles:
        st.info("No muscle of this group refers pain to this area: choose another group or area.")
        return kept
    if SEED not in st.session_state:
        _new_round()
    number, pick, tally = st.session_state[NUMBER], st.session_state[PICK], st.session_state[TALLY]
    asked = question(kb, muscles, st.session_state[SEED], number)
    pick = pick if pick in asked.choices else None  # an answer to another question (the scope changed)
    picture, answers = st.columns([1.8, 1] if projector else [1, 1], gap="large")
    with picture:
        layer = pattern_layer(kb, kb.muscles[asked.answer], SIDE)
        pattern_map(kb, key="map_quiz", views=views_needed(kb, layer), layer=layer, large=projector)
        legend(PATTERN_LEGEND)
        st.caption("Drawn on the person's right side; on the left it is the mirror image.")
    with answers:
        _quiz_answers(kb, asked, pick, number, tally, length)
    if pick is not None:
        _facts(kb, kb.muscles[asked.answer])
    return kept


def _quiz_settings(kb: KnowledgeBase, settings: DeltaGenerator) -> tuple[str | None, str | None, int]:
    """The quiz's scope (muscle group, body area) and round length, drawn in `settings`; changing any of them
    starts a new round."""
    groups, areas = muscle_groups(kb), body_areas(kb)
    st.session_state.setdefault(LENGTH, ROUND)
    group_col, area_col, length_col = settings.columns([2, 2, 1])
    # None (everything) is an option; the placeholder names it too, as Streamlit shows it for a kept None.
    group = group_col.selectbox("Muscle group", [None, *groups], key=links.GROUP, on_change=_new_round,
                                placeholder="all groups",
                                format_func=lambda g: "all groups" if g is None else f"{_words(g)} ({groups[g]})")
    area = area_col.selectbox("Body area where the pain is felt", [None, *areas], key=links.AREA,
                              on_change=_new_round, placeholder="all areas",
                              format_func=lambda a: "all areas" if a is None else f"{_words(a)} ({areas[a]})")
    length = int(length_col.number_input("Questions per round", min_value=1, max_value=50, step=1, key=LENGTH,
                                         on_change=_new_round))
    return group, area, length


def _quiz_answers(kb: KnowledgeBase, asked: Question, pick: str | None, number: int, tally: Tally,
                  length: int) -> None:
    """The question, progress and score, the choices, and once answered the verdict and the way on."""
    st.subheader("Which muscle refers pain here?")
    progress, score = st.columns(2)
    progress.metric("Question", f"{number + 1} of {length}")
    score.metric("Score", str(tally))
    _choices(kb, asked, pick)
    if pick is not None:
        _verdict(kb, asked, pick)
        if number + 1 < length:
            st.button("Next question", key="next_question", on_click=_next_question, type="primary",
                      icon=":material/arrow_forward:")
        else:
            st.success(f"Round finished: {tally} right.", icon=":material/flag:")
            st.button("Start a new round", key="new_round", on_click=_new_round, type="primary",
                      icon=":material/replay:")


def _choices(kb: KnowledgeBase, asked: Question, pick: str | None) -> None:
    """One button per choice; once answered they are locked, the answer and a wrong pick marked."""
    if pick is not None:  # locked buttons are greyed out: colour the answer green and a wrong pick red
        marks = {asked.choices.index(pick): WRONG_STYLE, asked.choices.index(asked.answer): RIGHT_STYLE}
        st.html("<style>" + "".join(f".st-key-answer_{index} button:disabled, .st-key-answer_{index} button:disabled * "
                                    f"{{{style}}}" for index, style in marks.items()) + "</style>")
    for index, choice in enumerate(asked.choices):
        icon = None
        if pick is not None and choice == asked.answer:
            icon = ":material/check_circle:"
        elif choice == pick:
            icon = ":material/cancel:"
        st.button(label(kb.muscles[choice].name), key=f"answer_{index}", on_click=_answer,
                  args=(choice, asked.answer), disabled=pick is not None, icon=icon, width="stretch",
                  type="primary" if icon == ":material/check_circle:" else "secondary")


def _verdict(kb: KnowledgeBase, asked: Question, pick: str) -> None:
    name = literal(kb.muscles[asked.answer].name)
    if pick == asked.answer:
        st.success(f"**Right: {name}.**", icon=":material/check_circle:")
    else:
        st.error(f"**Not quite: it is {name}**, not {literal(kb.muscles[pick].name)}.", icon=":material/cancel:")


def _facts(kb: KnowledgeBase, muscle: Muscle) -> None:
    """The monograph's key facts about the answer, in two columns."""
    st.subheader(f"Key facts: {literal(muscle.name)}")
    facts = key_facts(kb, muscle)
    half = (len(facts) + 1) // 2
    for column, part in zip(st.columns(2, gap="large"), (facts[:half], facts[half:]), strict=True):
        column.markdown(sections(part))


def _answer(choice: str, answer: str) -> None:
    """A choice was clicked: keep it and count it (once per question)."""
    if st.session_state.get(PICK) is None:
        st.session_state[PICK] = choice
        st.session_state[TALLY] = st.session_state[TALLY].add(choice == answer)


def _next_question() -> None:
    st.session_state[NUMBER] += 1
    st.session_state[PICK] = None


def _new_round() -> None:
    """A fresh round: a new seed (another order and other choices), question 1, score 0 / 0."""
    st.session_state[SEED] = random.randrange(1_000_000)
    st.session_state[NUMBER] = 0
    st.session_state[PICK] = None
    st.session_state[TALLY] = Tally()


# ------------------------------------------------------------------------------------------ case quiz


def _case_quiz(kb: KnowledgeBase, projector: bool) -> dict[str, str | None]:
    """A case from the case set, the class's top three, then the engine's triage and ranking with reasons."""
    try:
        cases = resources.class_cases()
    except CaseFileError as error:
        st.error("The class case set cannot be used:", icon=":material/error:")
        st.text(str(error))
        return {}
    if not cases:
        st.info("This knowledge base has no class case set (class_cases.yaml beside its files, or the file "
                "named by TRIAGE_CASES).")
        return {}
    number = st.session_state.setdefault(CASE, 0) % len(cases)
    case = cases[number]
    revealed = bool(st.session_state.get(REVEALED))
    st.subheader(f"Case {number + 1} of {len(cases)}")
    words, picture = st.columns([1.2, 1], gap="large")
    with words:
        with st.container(border=True, key="story"):  # large type on the projector (PROJECTOR_CSS)
            st.markdown(literal(case.text))
        ids = sorted(kb.muscles, key=lambda m: kb.muscles[m].name.lower())
        guesses = st.multiselect("The class's top three muscles", ids, max_selections=3, key=GUESS,
                                 format_func=lambda m: kb.muscles[m].name, placeholder="Choose up to three")
        with st.container(horizontal=True):
            st.button("Reveal the engine's answer", key="reveal_case", on_click=st.session_state.__setitem__,
                      args=(REVEALED, True), disabled=revealed, type="primary", icon=":material/visibility:")
            st.button("Next case", key="next_case", on_click=_next_case, icon=":material/arrow_forward:")
    with picture:
        layer = Layer(selected=frozenset(case.regions))
        pattern_map(kb, key="map_case", views=views_needed(kb, layer), layer=layer, large=projector)
        legend([("selected", "where the person feels it")])
    if revealed:
        _case_answer(kb, case, guesses)
    return {}


def _case_answer(kb: KnowledgeBase, case: Case, guesses: list[str]) -> None:
    """The engine's triage and ranking for the case, the class's picks beside them, and the author's note."""
    result = resources.engine().analyse(Query.of_case(case))
    ranking = [s.target for s in result.suggestions]
    results.alert(kb, result)
    st.subheader("The class's picks")
    lines = [f"Triage level: engine {_words(result.gate.level)}; case author {_words(case.triage)}"]
    for guess in case_feedback(case, ranking, guesses):
        rank = f"engine rank {guess.engine_rank}" if guess.engine_rank else "not in the engine's list"
        verdict = ("the author's best fit" if guess.primary else "on the author's list" if guess.expected
                   else "not on the author's list")
        lines.append(f"{kb.muscles[guess.muscle].name}: {rank}; {verdict}")
    if not guesses:
        lines.append("No muscles were chosen.")
    author = ", ".join(kb.muscles[m].name for m in case.expected) or "none"
    lines.append(f"The author's muscles: {author}" + (f" (best fit: {kb.muscles[case.primary].name})"
                                                       if case.primary else ""))
    st.markdown(bullets(lines))
    if case.note:
        st.info(literal(case.note), icon=":material/school:")
    results.show(kb, result, answered=True, marked=list(case.regions))


def _next_case() -> None:
    st.session_state[CASE] = st.session_state.get(CASE, 0) + 1
    st.session_state[GUESS] = []
    st.session_state[REVEALED] = False


# -------------------------------------------------------------------------------------------- compare


def _compare(kb: KnowledgeBase, projector: bool) -> dict[str, str | None]:
    """A muscle's referral pattern beside a look-alike condition's typical distribution."""
    ids = sorted(kb.muscles, key=lambda m: kb.muscles[m].name.lower())
    if st.session_state.get(links.MUSCLE) not in ids:
        st.session_state[links.MUSCLE] = DEFAULT_PAIR[0] if DEFAULT_PAIR[0] in ids else ids[0]
    pick_muscle, pick_condition = st.columns(2, gap="large")
    muscle = kb.muscles[pick_muscle.selectbox("Muscle", ids, key=links.MUSCLE,
                                              format_func=lambda m: kb.muscles[m].name)]
    # The muscle's own look-alikes come first; any condition can be chosen.
    options = [*muscle.lookalikes, *sorted((c for c in kb.conditions if c not in muscle.lookalikes),
                                           key=lambda c: kb.conditions[c].name.lower())]
    if st.session_state.get(links.CONDITION) not in options:
        st.session_state[links.CONDITION] = DEFAULT_PAIR[1] if DEFAULT_PAIR[1] in options else options[0]
    condition = kb.conditions[pick_condition.selectbox(
        "Look-alike condition", options, key=links.CONDITION,
        format_func=lambda c: kb.conditions[c].name + (" · listed look-alike" if c in muscle.lookalikes else ""))]
    st.caption("Both drawn on the person's right side; the distinguishing features are below the pictures.")
    pattern, spread = pattern_layer(kb, muscle, SIDE), condition_layer(kb, condition, SIDE)
    views = views_needed(kb, dataclasses.replace(pattern, condition=spread.condition))  # the same views on both
    # Side by side, unless three views each on a projector would shrink the labels below 14 px: then one above
    # the other, each as wide as the screen.
    left, right = ((st.container(), st.container()) if projector and len(views) > 2
                   else st.columns(2, gap="large"))
    with left:
        st.subheader(literal(muscle.name))
        pattern_map(kb, key="map_muscle", views=views, layer=pattern, large=projector)
        legend(PATTERN_LEGEND)
        st.markdown(sections(key_facts(kb, muscle, COMPARE_FACTS)))
    with right:
        st.subheader(literal(condition.name))
        pattern_map(kb, key="map_condition", views=views, layer=spread, large=projector)
        legend(CONDITION_LEGEND)
        st.markdown(sections(condition_sections(kb, condition)))
    return {"muscle": muscle.id, "condition": condition.id}


def _words(name: str) -> str:
    """An id as words ("thigh_medial" -> "thigh medial")."""
    return name.replace("_", " ")
