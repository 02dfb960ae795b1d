"""Showing an engine result: the triage warning and banner first, then muscle cards, then look-alikes.

Wording stays educational: these are muscles whose referral patterns match what was marked, never
what someone "has". Every card says to consult a therapist.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import streamlit as st

from triage.engine.gate import CONSULT
from triage.engine.types import Scored, strength
from triage.knowledge.model import KnowledgeBase, Muscle
from triage.knowledge.vocabulary import RED_FLAG_LEVELS
from triage.outputs.memo import once_per
from triage.outputs.report import outscoring_condition, shown_ranks
from triage.outputs.self_care import KIND_NAMES, cautions, for_person
from triage.outputs.svg import LEGEND, pattern_layer, views_needed
from triage.ui.components.body_map import legend, pattern_map
from triage.ui.markup import bullets, label, literal

if TYPE_CHECKING:
    import pandas as pd

    from triage.engine.types import Result

HEADINGS = {
    "emergency": "Get medical help now",
    "urgent": "See a doctor today",
    "see_clinician": "Have this checked by a doctor or physiotherapist",
    "self_care": "No warning signs in what you told us",
}
SIDE_NAMES = {"left": " · person's left side", "right": " · person's right side", "both": " · both sides"}
TOP = 5  # cards drawn in full; the rest are listed, and drawn on request


ROUTE_NAMES = {"checklist": "you ticked it", "phrase": "a phrase we know", "cue": "a word rule",
               "net": "the learned reader"}
ANSWER_PREFIX = "ask_"  # widget key of the answer to a red-flag question, followed by the flag id
ANSWERED = "red_flag_answers"  # flag id -> "Yes" or "No": kept while the page is open, as the question then goes
ANSWERS = ("Yes", "No")


def alert(kb: KnowledgeBase, result: Result) -> None:
    """The warning at the top of the page when the gate is anything but self-care: it comes before all else.
    A question about a warning sign the engine is unsure of comes with it, answered yes or no right there."""
    gate = result.gate
    if gate.level == "self_care":
        return
    lines = [f"### {HEADINGS[gate.level]}", literal(gate.message)]
    if gate.red_flags:
        lines.append("**Because of:**\n" + bullets(name for _, name in gate.red_flags))
    if gate.nerve_like:
        lines.append("**Nerve-like signs:**\n" + bullets(kb.findings.loc[f, "label"] for f in gate.nerve_like))
    show = st.error if gate.level in RED_FLAG_LEVELS else st.warning
    show("\n\n".join(lines), icon=":material/emergency:" if gate.level in RED_FLAG_LEVELS else ":material/warning:")
    _why_raised(kb, result)
    for question in result.understood.questions:
        with st.container(border=True, key=f"question_{question.flag}"):
            st.radio(label(question.text), ANSWERS, index=None, key=f"{ANSWER_PREFIX}{question.flag}",
                     horizontal=True, on_change=_remember, args=(question.flag,),
                     help="Your answer is used for this page only and is never kept.")
            if question.words:
                st.caption("We ask because of these words of yours:")
                st.text(", ".join(f"“{w}”" for w in question.words))


def _why_raised(kb: KnowledgeBase, result: Result) -> None:
    """Which words raised each warning sign, and how (the person's words only as plain text)."""
    raised = [r for r in result.understood.raised if r.words]
    if raised:
        labels = kb.red_flags["label"]
        st.text("\n".join(f"{labels[r.flag]}: “{' … '.join(r.words)}” ({ROUTE_NAMES[r.route]})" for r in raised))


def _remember(flag: str) -> None:
    """Keep an answer once given: the question (and so its widget) goes away as soon as it is answered."""
    st.session_state.setdefault(ANSWERED, {})[flag] = st.session_state.get(f"{ANSWER_PREFIX}{flag}")


def answers() -> tuple[list[str], list[str]]:
    """(flags answered yes, flags answered no) to the questions asked in this session."""
    given = st.session_state.get(ANSWERED, {})
    return ([f for f, v in given.items() if v == ANSWERS[0]], [f for f, v in given.items() if v == ANSWERS[1]])


SUMMARY_NAMES = 3  # muscles named in the line under the map


def summary(kb: KnowledgeBase, result: Result | None) -> None:
    """One compact line under the map, so a phone user sees a click's effect at once: the warning, or how many
    muscles match and the first few, each linked to its card."""
    if result is None:
        st.caption("Mark an area, and the muscles whose patterns match are named here.")
        return
    gate = result.gate
    if gate.level in RED_FLAG_LEVELS:
        st.error(f"**{HEADINGS[gate.level]}:** [read the warning at the top](#explore) first.",
                 icon=":material/emergency:")
        return
    count = len(result.suggestions)
    if not count:
        st.caption("No muscle's referral pattern matches what you marked yet.")
        return
    first = outscoring_condition(result)
    ranks = shown_ranks(result.suggestions)
    named = ", ".join(f"[{literal(rank)}. {literal(kb.muscles[s.target].name)}](#{card_anchor(s.target)})"
                      for rank, s in zip(ranks[:SUMMARY_NAMES], result.suggestions[:SUMMARY_NAMES], strict=True))
    more = f" and {count - SUMMARY_NAMES} more" if count > SUMMARY_NAMES else ""
    lines = [f"**{count} muscle{'s' if count > 1 else ''} match** what you marked: {named}{more}."]
    if first:
        lines.insert(0, f"**A clinician would check first:** {literal(kb.conditions[first.target].name)}.")
    if gate.level == "see_clinician":
        lines.insert(0, f"**{HEADINGS[gate.level]}.**")
    st.markdown("  \n".join(lines))


def card_anchor(target: str) -> str:
    """The in-page anchor of a muscle's card (linked from the line under the map)."""
    return f"card-{target.replace('_', '-')}"


def show(kb: KnowledgeBase, result: Result | None, *, answered: bool, marked: list[str],
         about: tuple[str, ...] = ()) -> None:
    """The results section (None: nothing asked yet): notices, the triage banner, cards and look-alikes.
    `about` holds the screening ids the person ticked under "About you", which mark unsuitable self-care."""
    st.header("Muscles whose referral patterns match what you marked")
    if result is None:
        st.info("Results appear here as soon as you mark an area, choose a finding or describe your pain.")
        return
    if not answered:
        st.warning("Please answer the safety questions in step 1 first: tick any that apply, or “None of these”.",
                   icon=":material/priority_high:")
    _banner(result)
    urgent = result.gate.level in RED_FLAG_LEVELS
    box = (st.expander("Muscle exploration: only after you have sought the help described at the top")
           if urgent else st.container())
    with box:
        first = outscoring_condition(result)
        if first:
            _condition_first(kb, first)
        if not result.suggestions:
            st.info("No muscle's referral pattern matches what you marked yet. Try marking more areas.")
        else:
            legend(LEGEND)
        ranks = shown_ranks(result.suggestions)
        for rank, scored in zip(ranks[:TOP], result.suggestions[:TOP], strict=True):
            _card(kb, rank, scored, marked, about)
        _more(kb, list(zip(ranks[TOP:], result.suggestions[TOP:], strict=True)), marked, about)
        _lookalikes(kb, result.lookalikes)


def _condition_first(kb: KnowledgeBase, scored: Scored) -> None:
    """A look-alike condition matching more strongly than any muscle comes before the muscles."""
    condition = kb.conditions[scored.target]
    st.warning(f"**Something a clinician would check first: {literal(condition.name)}** (match strength "
               f"{strength(scored.score)}/100, more than any muscle below). {literal(condition.record['summary'])} "
               "Its details are under the look-alike conditions at the end.", icon=":material/medical_services:")


def _more(kb: KnowledgeBase, rest: list[tuple[str, Scored]], marked: list[str], about: tuple[str, ...]) -> None:
    """Weaker matches: listed by name, drawn as full cards only when asked for."""
    if not rest:
        return
    if st.toggle(f"Show {len(rest)} more muscles in full", key="more_cards"):
        for rank, scored in rest:
            _card(kb, rank, scored, marked, about)
    else:
        st.markdown("**Weaker matches:** " + literal("; ".join(
            f"{rank}. {kb.muscles[s.target].name} ({strength(s.score)}/100)" for rank, s in rest)))


def _banner(result: Result) -> None:
    gate = result.gate
    if gate.level in RED_FLAG_LEVELS:
        st.error("**The warning at the top of this page comes first.** The muscles below are for learning only, "
                 "once you have sought that help.", icon=":material/emergency:")
    elif gate.level == "see_clinician":
        st.warning(f"**{HEADINGS[gate.level]}.** {literal(gate.message)}", icon=":material/warning:")
    else:
        st.success(f"**{HEADINGS[gate.level]}.** {literal(gate.message)}", icon=":material/check_circle:")


def _card(kb: KnowledgeBase, rank: str, scored: Scored, marked: list[str], about: tuple[str, ...]) -> None:
    """One muscle: name and side, strength bar, pattern map, why, self-care, look-alikes, sources, consult."""
    muscle = kb.muscles[scored.target]
    with st.container(border=True, key=f"card_{scored.target}"):
        st.subheader(f"{literal(rank)}. {literal(muscle.name)}{SIDE_NAMES.get(scored.side or '', '')}",
                     anchor=card_anchor(scored.target))
        points = strength(scored.score)
        st.progress(points / 100, text=f"Match strength {points}/100 (compared with the other muscles; "
                                       "not a probability)")
        picture, words = st.columns([1, 2])
        with picture:
            side = scored.side if scored.side in ("left", "right") else None
            layer = pattern_layer(kb, muscle, side, marked)
            pattern_map(kb, key=f"pattern_{scored.target}", views=views_needed(kb, layer), layer=layer, compact=True)
        with words:
            why, care, alike, sources = st.tabs(["Why", "Self-care", "Look-alikes", "Sources"])
            # One Markdown element per tab: fewer elements make a rerun quicker to draw.
            why.markdown(bullets(f"{r.label} ({r.weight:+g})" for r in scored.reasons)
                         + "\n\n*Each line moved the match by the points shown; the Sources tab says where each "
                         "link comes from.*")
            care.markdown(_self_care(kb, muscle, about))
            alike.markdown(_muscle_lookalikes(kb, muscle))
            sources.markdown(_source_list(kb, [*(s for r in scored.reasons for s in r.source.split("|") if s),
                                              *muscle.sources]))
        st.info(CONSULT, icon=":material/stethoscope:")


def _self_care(kb: KnowledgeBase, muscle: Muscle, about: tuple[str, ...]) -> str:
    """The muscle's self-care ideas; those that do not suit what the person ticked under "About you" are marked,
    and their instructions left out."""
    items = []
    for fit, why_not in for_person(kb, muscle.self_care, about):
        item = fit.item
        heading = f"**{literal(item.name)}** ({KIND_NAMES.get(item.kind, item.kind)})"
        if fit.avoid:
            items.append(f"{heading}  \n:material/block: {literal(why_not)} Ask a therapist for an alternative.")
            continue
        lines = [heading, literal(item.how), f"*Dose:* {literal(item.dose)}",
                 f":material/warning: *Stop if:* {literal(item.stop_if)}"]
        lines += [f":material/warning: {literal(why_not)}"] if why_not else [literal(c) for c in cautions(kb, item)]
        items.append("  \n".join(lines))
    return "\n\n".join(["*General ideas to try gently, not a treatment plan. Stop and consult a therapist if "
                          "anything makes the pain worse, spreads it, or brings numbness or tingling.*", *items])


def _muscle_lookalikes(kb: KnowledgeBase, muscle: Muscle) -> str:
    conditions = [kb.conditions[c] for c in muscle.lookalikes]
    return ("*Conditions that can feel similar and that a therapist would rule out:*\n\n"
            + (bullets(f"{c.name}: {c.record['summary']}" for c in conditions) or "none listed"))


def _lookalikes(kb: KnowledgeBase, ranked: tuple[Scored, ...]) -> None:
    if not ranked:
        return
    st.subheader("Look-alike conditions a therapist would rule out")
    st.caption("Not muscles: other causes that can give pain in the same places.")
    for scored in ranked:
        condition = kb.conditions[scored.target]
        with st.expander(f"{label(condition.name)} · match strength {strength(scored.score)}/100"):
            st.markdown(literal(condition.record["summary"]))
            st.markdown("**What tells it apart:**\n" + bullets(condition.record["distinguishing"]))
            st.markdown("**Why it came up:**\n" + bullets(f"{r.label} ({r.weight:+g})" for r in scored.reasons))


def _source_list(kb: KnowledgeBase, ids: Iterable[str]) -> str:
    """Sources as a Markdown list: title, author and a link where there is one."""
    lines = once_per("source_lines", kb.sources, _source_lines)
    return "\n".join(lines[s] for s in dict.fromkeys(ids) if s in lines) or "No sources listed."


def _source_lines(sources: pd.DataFrame) -> dict[str, str]:
    """Each source's Markdown line (made once: pandas row lookups cost a click about 30 ms)."""
    lines = {}
    for source, title, author, address in zip(sources.index, sources["title"], sources["author"], sources["url"],
                                              strict=True):
        url = address if isinstance(address, str) else ""
        safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        link = f" ([link]({safe}))" if url.startswith(("https://", "http://")) else ""
        lines[source] = f"- {literal(title)}, {literal(author)}{link}"
    return lines
