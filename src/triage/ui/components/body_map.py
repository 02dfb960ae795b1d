"""The body-map component: inline SVG from `triage.drawing`, clickable regions, made with st.components.v2.

One component draws both the clickable map (regions are buttons; a click, Enter or Space toggles
one) and referral patterns (essential dark, spillover light, X at trigger points, marked regions
outlined). For the keyboard a clickable map is one tab stop, after a "Skip the body map" link; arrow
keys move between its regions. The JS and CSS are package files under `static/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from html import escape
from importlib import resources as files

import streamlit as st

from triage.knowledge.model import KnowledgeBase
from triage.outputs.svg import COLOURS, Layer, body_map_svg
from triage.ui import resources

_STATIC = files.files("triage.ui.components") / "static"
_COMPONENT = st.components.v2.component(
    "triage_explorer.body_map",
    css=(_STATIC / "body_map.css").read_text(encoding="utf-8"),
    js=(_STATIC / "body_map.js").read_text(encoding="utf-8"),
)


def clickable_map(*, key: str, views: Sequence[str], selected: Iterable[str],
                  on_toggle: Callable[[str], None], understood: Iterable[str] = ()) -> None:
    """The clickable map: `on_toggle(region_id)` runs (as a callback, before the rerun) for each click or key.
    `understood` regions (found in the person's words) are lit in their own style."""
    svgs = resources.clickable_maps()
    _mount(key, [svgs[view] for view in views], selected, on_toggle, understood=understood)


def pattern_map(kb: KnowledgeBase, *, key: str, views: Sequence[str], layer: Layer, compact: bool = False,
                large: bool = False) -> None:
    """A static picture of a layer (a referral pattern, a comparison), regions with hover names.

    `compact` draws it small (result cards), `large` as wide as its column (the projector view).
    """
    svgs = [body_map_svg(kb, view, layer, compact=compact, large=large) for view in views]
    _mount(key, svgs, (), None, small=compact, large=large)


def _mount(key: str, svgs: list[str], selected: Iterable[str], on_toggle: Callable[[str], None] | None,
           small: bool = False, large: bool = False, understood: Iterable[str] = ()) -> None:
    data = {"svgs": svgs, "selected": sorted(selected), "understood": sorted(understood),
            "interactive": on_toggle is not None, "small": small, "large": large, "colours": COLOURS}
    callbacks = {"on_toggled_change": partial(_dispatch, key, on_toggle)} if on_toggle else {}
    _COMPONENT(key=key, data=data, **callbacks)


def _dispatch(key: str, on_toggle: Callable[[str], None]) -> None:
    """Pass the trigger's value (a region id from the map) to the page's handler."""
    value = st.session_state[key].get("toggled")
    if isinstance(value, str):
        on_toggle(value)


def legend(items: Sequence[tuple[str, str]]) -> None:
    """The key to a pattern map: a swatch per colour of `triage.drawing.COLOURS` (trusted markup, no user text)."""
    box = "display:inline-block;width:1em;height:1em;vertical-align:middle"
    swatches = []
    for colour, text in items:
        if colour in ("trigger", "compare_trigger"):
            mark = f'<b style="color:{COLOURS[colour]}">{"X" if colour == "trigger" else "O"}</b>'
        elif colour == "marked_stroke":
            mark = f'<span style="{box};border:2px dashed {COLOURS[colour]}"></span>'
        else:
            mark = f'<span style="{box};background:{COLOURS[colour]}"></span>'
        swatches.append(f'<span style="white-space:nowrap">{mark} {escape(text)}</span>')
    st.html('<div style="display:flex;flex-wrap:wrap;gap:0.3rem 1rem;font-size:0.85rem">' + "".join(swatches)
            + "</div>")
