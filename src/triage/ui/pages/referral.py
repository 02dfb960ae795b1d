"""Referral patterns (for clinicians): one muscle's pattern drawn large with its monograph, a comparison
of two muscles on one map, and the reverse lookup "which muscles refer to this region"."""

from __future__ import annotations

from functools import partial

import streamlit as st

from triage.knowledge.lookup import muscles_referring_to
from triage.knowledge.model import KnowledgeBase, Muscle
from triage.outputs.monograph import monograph_sections
from triage.outputs.svg import COMPARE_LEGEND, LEGEND, compare_layer, map_drawings, pattern_layer, with_feet
from triage.ui import links, resources
from triage.ui.components.body_map import clickable_map, legend, pattern_map
from triage.ui.markup import label, literal, sections
from triage.ui.pages import REFERRAL

SIDE, LOOKUP = "ref_side", "lookup_region"
SHOWN, PENDING = "ref_lookup_shown", "ref_lookup_pending"  # muscles shown from the lookup; one not yet scrolled to
KEPT = (links.MUSCLE, links.COMPARE, SIDE, LOOKUP)
SIDES = {"left": "person's left", "right": "person's right"}
# Brings the muscle's picture into view after a choice in the reverse lookup, far below it (constant code, no
# user text; the count makes each choice a new element, so the script runs again).
SCROLL = "<script>/* {} */ document.querySelector('.st-key-pattern')?.scrollIntoView({{block: 'start'}});</script>"


def render() -> None:
    """Draw the Referral patterns page."""
    kb = resources.knowledge_base()
    st.title("Referral patterns")
    st.caption("Where each muscle's trigger points usually send pain, with the anatomy and sources behind it.")
    muscle_id, compare_id, side, view = _controls(kb)
    views = map_drawings(kb, view)
    marked = list(st.session_state.get(links.REGIONS) or [])
    muscle = kb.muscles[muscle_id]
    second = kb.muscles[compare_id] if compare_id else None

    # The picture as wide as the page, the words below it: beside them, three views (a pattern that reaches the
    # feet) would leave the labels at 7 to 10 px on a laptop screen.
    with st.container(key="pattern"):
        _pattern(kb, muscle, second, side, marked, views)
        if st.session_state.pop(PENDING, False):
            st.html(SCROLL.format(st.session_state[SHOWN]), unsafe_allow_javascript=True)
    with st.container():
        if second:
            for tab, shown in zip(st.tabs([muscle.name, second.name]), (muscle, second), strict=True):
                with tab:
                    _monograph(kb, shown)
        else:
            _monograph(kb, muscle)
    st.divider()
    _reverse_lookup(kb, views)
    links.mirror(REFERRAL, muscle=muscle_id, compare=second.id if second else None, regions=marked,
                 view=None if view == "both" else view)


def _controls(kb: KnowledgeBase) -> tuple[str, str | None, str, str]:
    """The row of choices above the map: muscle, muscle to compare with, side and view (all kept in the link)."""
    ids = sorted(kb.muscles, key=lambda m: kb.muscles[m].name.lower())
    _drop_unknown(ids)
    st.session_state.setdefault(links.MUSCLE, ids[0])
    st.session_state.setdefault(links.VIEW, "both")
    pick, other, side_col, view_col = st.columns([2, 2, 1.2, 1.6])
    muscle_id = pick.selectbox("Muscle (type a name or alias)", ids, key=links.MUSCLE, on_change=_no_comparison,
                               format_func=lambda m: _name_with_aliases(kb.muscles[m]))
    if st.session_state.get(links.COMPARE) == muscle_id:  # a link may ask to compare a muscle with itself
        _no_comparison()
    others = [m for m in ids if m != muscle_id]
    compare_id = other.selectbox("Compare with", [None, *others], key=links.COMPARE, placeholder="no comparison",
                                 format_func=lambda m: "no comparison" if m is None else kb.muscles[m].name)
    side = side_col.radio("Side", list(SIDES), format_func=SIDES.__getitem__, key=SIDE, horizontal=True)
    view = view_col.radio("View", list(links.VIEW_NAMES), format_func=links.VIEW_NAMES.__getitem__, key=links.VIEW,
                          horizontal=True)
    return muscle_id, compare_id, side, view


def _pattern(kb: KnowledgeBase, muscle: Muscle, second: Muscle | None, side: str, marked: list[str],
             views: tuple[str, ...]) -> None:
    """The muscle's pattern (or both muscles' patterns on one map) under its heading, with the legend."""
    if second:
        st.subheader(f"{literal(muscle.name)} and {literal(second.name)}")
        layer = compare_layer(kb, muscle, second, side, marked)
    else:
        st.subheader(literal(muscle.name))
        layer = pattern_layer(kb, muscle, side, marked)
    pattern_map(kb, key="referral_map", views=with_feet(kb, views, layer), layer=layer)
    legend(_named(COMPARE_LEGEND, muscle, second) if second else LEGEND)
    if marked:
        st.caption("Dashed outlines: the areas marked on the Explore page.")


def _drop_unknown(ids: list[str]) -> None:
    """Forget a remembered muscle the knowledge base no longer has (the selectbox would refuse it)."""
    for key in (links.MUSCLE, links.COMPARE):
        if st.session_state.get(key) not in (None, *ids):
            del st.session_state[key]


def _named(items: tuple[tuple[str, str], ...], first: Muscle, second: Muscle) -> list[tuple[str, str]]:
    """The comparison legend with the two muscles' names instead of "first" and "second"."""
    return [(colour, text.replace("first muscle", first.name).replace("second muscle", second.name))
            for colour, text in items]


def _name_with_aliases(muscle: Muscle) -> str:
    return f"{muscle.name} ({', '.join(muscle.aliases)})" if muscle.aliases else muscle.name


def _monograph(kb: KnowledgeBase, muscle: Muscle) -> None:
    """The muscle's handout to download (built on the first click), then its monograph."""
    st.download_button("Download handout (PDF)", partial(resources.handout_pdf, muscle.id),
                       file_name=f"{muscle.id}-handout.pdf", mime="application/pdf", key=f"handout_{muscle.id}",
                       on_click="ignore", icon=":material/download:")
    st.markdown(sections(monograph_sections(kb, muscle)))


def _reverse_lookup(kb: KnowledgeBase, views: tuple[str, ...]) -> None:
    """Click a region (or choose it) and list every muscle that refers there, essential before spillover."""
    st.subheader("Which muscles refer pain to a region?")
    st.caption("Click a region on this map, or choose it from the list.")
    region = st.session_state.get(LOOKUP)
    picture, words = st.columns([1, 1], gap="large")
    with picture:
        clickable_map(key="lookup_map", views=views, selected=[region] if region else [], on_toggle=_pick)
    with words:
        labels = kb.regions["label"]
        region = st.selectbox("Region", [None, *kb.regions.index], key=LOOKUP, placeholder="choose a region",
                              format_func=lambda r: "choose a region" if r is None else labels[r])
        if region is None:
            return
        found = muscles_referring_to(kb, kb.regions.loc[region, "zone"])
        if not found:
            st.info("No muscle in the knowledge base refers pain to this region.")
        for kind in ("essential", "spillover"):
            names = [m for m, strength in found if strength == kind]
            if names:
                st.markdown(f"**{kind.capitalize()} zone of:**")
                for muscle in names:
                    st.button(label(muscle.name), key=f"show_{kind}_{muscle.id}", on_click=_show, args=(muscle.id,),
                              icon=":material/arrow_upward:", help="Show its pattern above")


def _pick(region: str) -> None:
    """A click on the lookup map chooses that region (a second click on it clears the choice)."""
    if region in resources.knowledge_base().regions.index:
        st.session_state[LOOKUP] = None if st.session_state.get(LOOKUP) == region else region


def _no_comparison() -> None:
    """Another muscle was chosen: the comparison was with the one before, so it goes."""
    st.session_state[links.COMPARE] = None


def _show(muscle_id: str) -> None:
    """A muscle chosen in the reverse lookup: its pattern on the looked-up region's side and in a view that shows
    that region, with no comparison, brought into view (it is drawn at the top of the page)."""
    kb = resources.knowledge_base()
    region = kb.regions.loc[st.session_state[LOOKUP]]
    st.session_state[links.MUSCLE] = muscle_id
    _no_comparison()
    if region["side"] in SIDES:
        st.session_state[SIDE] = region["side"]
    if st.session_state.get(links.VIEW) not in ("both", region["view"]):  # "both" adds the feet when needed
        st.session_state[links.VIEW] = "both"
    st.session_state[SHOWN] = st.session_state.get(SHOWN, 0) + 1
    st.session_state[PENDING] = True
