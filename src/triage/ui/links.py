"""Deep links: the page, muscle(s), marked regions, map view and the Class page's settings (projector
view, activity, quiz scope, compared condition) mirrored in `st.query_params`.

A link is read once, when a session starts, into the widgets' session state; from then on each page
writes its state back, so the address bar always reproduces the view. Anything a link holds that is
not a known page, muscle, region or view is ignored, and the person is told so (never a crash).
Free text is never put in a link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from triage.knowledge.lookup import find_muscle
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import ZOOMS
from triage.teaching.quiz import body_areas, muscle_groups
from triage.ui.pages import PAGE_PATHS

# Map choices: the whole body, one view, or a close-up (bigger targets on a phone).
VIEW_NAMES = {"both": "Front and back", "front": "Front", "back": "Back", "foot": "Feet (close-up)",
              **{zoom: f"{name} (close-up)" for zoom, (name, _) in ZOOMS.items()}}
MAP_VIEWS = tuple(VIEW_NAMES)
ACTIVITY_NAMES = {"pattern": "Which muscle refers here?", "case": "Case quiz", "compare": "Compare look-alikes"}
KNOWN = ("page", "muscle", "compare", "regions", "view", "projector", "activity", "group", "area", "condition")
# Session-state keys of the widgets a link seeds; they are kept when the person changes page.
REGIONS, VIEW, MUSCLE, COMPARE = "regions", "view", "muscle", "compare"
PROJECTOR, ACTIVITY, GROUP, AREA, CONDITION = "projector", "activity", "quiz_group", "quiz_area", "condition"
_SEEDED, _NOTICES = "_link_seeded", "_link_notices"


@dataclass(frozen=True)
class Link:
    """What a link asked for, validated; `ignored` says what was dropped and why."""

    page: str | None = None
    muscle: str | None = None
    compare: str | None = None
    regions: tuple[str, ...] | None = None
    view: str | None = None
    projector: bool | None = None
    activity: str | None = None
    group: str | None = None
    area: str | None = None
    condition: str | None = None
    ignored: tuple[str, ...] = ()


def read(kb: KnowledgeBase, params: Mapping[str, list[str]]) -> Link:
    """Validate query parameters (each key with all its values) against the knowledge base."""
    ignored: list[str] = [f"unknown parameter '{key}'" for key in params if key not in KNOWN]

    def one(key: str, allowed: tuple[str, ...]) -> str | None:
        values = params.get(key) or []
        if not values:
            return None
        if values[-1] in allowed:
            return values[-1]
        ignored.append(f"{key} '{values[-1]}' (allowed: {', '.join(allowed)})")
        return None

    def muscle(key: str) -> str | None:
        values = params.get(key) or []
        found = find_muscle(kb, values[-1]) if values and values[-1] else None
        if values and not found:
            ignored.append(f"{key} '{values[-1]}' (not a muscle of the knowledge base)")
        return found.id if found else None

    regions: tuple[str, ...] | None = None
    if "regions" in params:
        asked = [r.strip() for value in params["regions"] for r in value.split(",") if r.strip()]
        regions = tuple(dict.fromkeys(r for r in asked if r in kb.regions.index))
        ignored += [f"region '{r}' (not a region of the body map)" for r in asked if r not in kb.regions.index]
    projector = one("projector", ("1", "0"))
    return Link(one("page", PAGE_PATHS), muscle("muscle"), muscle("compare"), regions, one("view", MAP_VIEWS),
                None if projector is None else projector == "1", one("activity", tuple(ACTIVITY_NAMES)),
                one("group", tuple(muscle_groups(kb))), one("area", tuple(body_areas(kb))),
                one("condition", tuple(kb.conditions)), tuple(ignored))


def seed(kb: KnowledgeBase) -> str | None:
    """Once per session: put what the link asks for into session state; return the page it asks for."""
    if st.session_state.get(_SEEDED):
        return st.session_state.get("_link_page")
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    link = read(kb, params)
    seeds = ((MUSCLE, link.muscle), (COMPARE, link.compare), (REGIONS, link.regions), (VIEW, link.view),
             (PROJECTOR, link.projector), (ACTIVITY, link.activity), (GROUP, link.group), (AREA, link.area),
             (CONDITION, link.condition))
    for key, value in seeds:
        if value is not None:
            st.session_state[key] = list(value) if key == REGIONS else value
    st.session_state[_SEEDED] = True
    st.session_state["_link_page"] = link.page
    st.session_state[_NOTICES] = list(link.ignored)
    return link.page


def show_notices() -> None:
    """Tell the person which parts of their link were ignored (the parts themselves as plain text)."""
    notices = st.session_state.get(_NOTICES) or []
    if not notices:
        return
    with st.container(border=True):
        st.warning("Parts of the link you opened were not understood and were ignored:", icon=":material/warning:")
        st.text("\n".join(notices))
        st.button("Dismiss", key="link_dismiss", on_click=st.session_state.__setitem__, args=(_NOTICES, []))


def mirror(page: str, **values: str | list[str] | None) -> None:
    """Write the page's state to the address bar (only when it changed), leaving out empty values."""
    wanted = {"page": page}
    for key, value in values.items():
        text = ",".join(value) if isinstance(value, list) else value
        if text:
            wanted[key] = text
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def keep(*prefixes: str) -> None:
    """Keep the values of widgets whose keys start with a prefix when their page is not shown.

    Streamlit drops the state of widgets that a run does not draw; writing it back makes it plain state.
    """
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(prefixes):
            st.session_state[key] = st.session_state[key]
