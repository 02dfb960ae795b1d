""""Summary for your therapist": what a person told the Explore page, as a PDF they download and bring along.

It shows the triage level first, then the marked regions on the body map, what was understood,
the red-flag answers (a "yes" in bold, a "no" never), the person's own words (printed literally,
never as markup), and the suggestions with their strongest reasons. It is built in memory from the
engine's typed `Result`; nothing is written to disk or kept.
"""

from __future__ import annotations

import datetime
from functools import partial

import pandas as pd

from triage.engine.gate import CONSULT, DISCLAIMER
from triage.engine.types import Result, Understanding, strength
from triage.knowledge.lookup import source_titles
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import MAX_TEXT_CHARS
from triage.outputs.pdf.document import Document
from triage.outputs.report import reason_lines, shown_ranks
from triage.outputs.svg import Layer

MAX_UNPLACED = 300  # characters of the words that could not be placed (they repeat the person's words)
MAX_REASONS = 3  # the strongest reasons printed per muscle; the app shows them all
SIZE = 9.0
SMALL = SIZE - 1.5  # the warning-sign checklist and the reasons: many short lines
MAP_HEIGHT = 74.0  # mm
LEVEL_FILL = {"emergency": "#f8d0cc", "urgent": "#fbe0c4", "see_clinician": "#fff1c2", "self_care": "#dcefdc"}
FOOTER = "Triage Explorer: summary for your therapist. Educational only, not a diagnosis."


def therapist_summary_pdf(kb: KnowledgeBase, result: Result, *, text: str,
                          red_flag_answers: dict[str, bool] | None, date: datetime.date) -> bytes:
    """The summary as a PDF: two A4 pages for everything a person can realistically enter (more for a very long
    text). Long lists run in two columns and blocks are never split, so no page before the last is left half
    empty."""
    document = Document(footer_text=FOOTER)
    document.set_title("Summary for your therapist")
    document.add_page()
    document.paragraph("Summary for your therapist", SIZE + 9, bold=True)
    document.paragraph(f"Date: {date.isoformat()}. Made with Triage Explorer, an educational tool that suggests "
                       "muscles whose referral patterns match what was described.", SIZE - 1)
    gate = result.gate
    document.boxed([(f"Triage: {_level(gate.level)}", True), (gate.message, False)], SIZE,
                   fill=LEVEL_FILL.get(gate.level, "#eeeeee"))
    _draw_map_and_understanding(document, kb, result.understood)
    _draw_checklist(document, kb, red_flag_answers)
    _draw_words(document, text)
    _draw_suggestions(document, kb, result)
    document.boxed([(CONSULT, True), (DISCLAIMER, False)], SIZE)
    return document.to_bytes()


def _level(level: str) -> str:
    return level.replace("_", " ").upper()


def _labels(frame: pd.DataFrame, ids: tuple[str, ...] | list[str]) -> list[str]:
    """Labels of ids in a knowledge-base table; an id the table lacks is shown as itself."""
    return [str(frame["label"].get(i, i)) for i in ids]


def _draw_map_and_understanding(document: Document, kb: KnowledgeBase, understood: Understanding) -> None:
    """The marked regions on the map, with the sections about them beside it while they fit there (a text
    running on past the map would leave the page below it empty) and below it from the first that does not."""
    regions = [r for r in understood.regions if r in kb.regions.index]
    layer = Layer(selected=frozenset(regions), marked=frozenset(regions))
    top = document.get_y() + 2
    map_width = document.body_maps(kb, layer, document.l_margin, top, MAP_HEIGHT)
    document.set_y(top + MAP_HEIGHT + 1)
    document.legend(layer, SIZE - 2, document.l_margin, map_width, selected_fill=True)
    below_map = document.get_y()
    column_x = document.l_margin + map_width + 5
    width = document.w - document.r_margin - column_x
    sections = [("Where it hurts (marked)", _labels(kb.regions, regions) or ["nothing marked"]),
                ("What we understood", _understood_lines(kb, understood) or ["no findings"])]
    room, beside = below_map - top, 0
    for heading, lines in sections:
        room -= document.height(partial(document.section, heading, lines, SIZE, leads=False), width)
        if room < 0:
            break
        beside += 1
    document.set_y(top)
    with document.flow(column_x):
        for heading, lines in sections[:beside]:
            document.section(heading, lines, SIZE, leads=False)
    document.set_y(max(below_map, document.get_y()) + 1)
    with document.flow():
        for heading, lines in sections[beside:]:
            document.section(heading, lines, SIZE, leads=False)


def _understood_lines(kb: KnowledgeBase, understood: Understanding) -> list[str]:
    lines = [f"Findings: {', '.join(_labels(kb.findings, understood.findings))}"] if understood.findings else []
    if understood.denied:
        lines.append(f"Said not present: {', '.join(_labels(kb.findings, understood.denied))}")
    if understood.side:
        lines.append(f"Side: {understood.side}")
    if understood.unrecognised:
        unplaced = "; ".join(understood.unrecognised)
        lines.append(f"Words we could not place: {_shorten(unplaced, MAX_UNPLACED)}")
    return lines


def _draw_checklist(document: Document, kb: KnowledgeBase, answers: dict[str, bool] | None) -> None:
    """The warning-sign answers in two columns: the signs answered yes first and in bold, then the others."""
    if not answers:
        with document.flow():
            document.heading("Warning-sign checklist", SIZE)
            document.paragraph("not answered", SIZE)
        return
    labels = dict(zip(answers, _labels(kb.red_flags, list(answers)), strict=True))
    lines = [(f"{labels[f]}: YES", True) for f, yes in answers.items() if yes]
    lines += [(f"{labels[f]}: no", False) for f, yes in answers.items() if not yes]
    parts = [partial(document.bullets, [line], SMALL, leads=False, bold=bold) for line, bold in lines]
    if not any(answers.values()):
        parts.append(partial(document.paragraph, "None of these: confirmed", SMALL))
    document.headed_columns("Warning-sign checklist", SIZE, parts)


def _draw_words(document: Document, text: str) -> None:
    """The person's text, printed literally; it may run on into the next page (it is the one long block)."""
    words = text.strip()
    with document.flow():
        document.heading("In your own words", SIZE)
        document.paragraph(_shorten(words, MAX_TEXT_CHARS) if words else "(nothing typed)", SIZE, whole=False)
        if document.replaced:
            document.paragraph(f"[{document.replaced} character(s) this font cannot show are printed as "
                               f"{document.replacement}]", SIZE - 1)


def _shorten(text: str, limit: int) -> str:
    """The text up to limit characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} [... {len(text) - limit} more characters not printed]"


def _draw_suggestions(document: Document, kb: KnowledgeBase, result: Result) -> None:
    """Each muscle with its strongest reasons, in two columns; the sources of those reasons listed once below."""
    parts = [partial(document.section, f"{rank}. {kb.target_name(scored.target)}"
                     f"{f', {scored.side}' if scored.side else ''}: {strength(scored.score)}/100",
                     reason_lines(kb, scored, sources=False)[:MAX_REASONS], SMALL, leads=False, together=True)
             for rank, scored in zip(shown_ranks(result.suggestions), result.suggestions, strict=True)]
    if result.lookalikes:
        parts.append(partial(document.section, "Look-alike conditions a therapist would rule out",
                             [f"{kb.target_name(s.target)}: {strength(s.score)}/100" for s in result.lookalikes],
                             SMALL, leads=False, together=True))
    document.headed_columns("Muscles whose referral patterns match (match strength is relative, 0-100)", SIZE, parts,
                            note=f"With the {MAX_REASONS} strongest reasons for each; the app shows them all."
                            if result.suggestions else "none: nothing described matched a muscle's pattern")
    sources = [s for scored in result.suggestions for reason in scored.reasons[:MAX_REASONS] if reason.source
               for s in reason.source.split("|")]
    if sources:
        document.paragraph(f"Sources of these reasons: {source_titles(kb, sources)}", SMALL - 1)
