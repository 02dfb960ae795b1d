""""Summary for your therapist": what a person told the Explore page, as a PDF they download and bring along.

It shows the triage level first, then the marked regions on the body map, what was understood,
the person's own words (printed literally, never as markup), their red-flag answers, and the
suggestions with their reasons. It is built in memory from the engine's typed `Result`; nothing is
written to disk or kept.
"""

from __future__ import annotations

import datetime

import pandas as pd

from triage.engine.gate import CONSULT, DISCLAIMER
from triage.engine.types import Result, Understanding, strength
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.vocabulary import MAX_TEXT_CHARS
from triage.outputs.pdf.document import Document
from triage.outputs.report import reason_lines
from triage.outputs.svg import Layer

MAX_UNPLACED = 300  # characters of the words that could not be placed (they repeat the person's words)
SIZE = 9.5
MAP_HEIGHT = 78.0  # mm
LEVEL_FILL = {"emergency": "#f8d0cc", "urgent": "#fbe0c4", "see_clinician": "#fff1c2", "self_care": "#dcefdc"}
FOOTER = "Triage Explorer: summary for your therapist. Educational only, not a diagnosis."


def therapist_summary_pdf(kb: KnowledgeBase, result: Result, *, text: str,
                          red_flag_answers: dict[str, bool] | None, date: datetime.date) -> bytes:
    """The summary as a PDF (one or more A4 pages)."""
    document = Document(footer_text=FOOTER)
    document.set_title("Summary for your therapist")
    document.add_page()
    document.paragraph("Summary for your therapist", SIZE + 9, bold=True)
    document.paragraph(f"Date: {date.isoformat()}. Made with Triage Explorer, an educational tool that suggests "
                       "muscles whose referral patterns match what was described.", SIZE - 1)
    gate = result.gate
    document.boxed([(f"Triage: {_level(gate.level)}", True), (gate.message, False)], SIZE,
                   fill=LEVEL_FILL.get(gate.level, "#eeeeee"))
    _draw_map_and_answers(document, kb, result.understood, red_flag_answers)
    _draw_words(document, text)
    _draw_suggestions(document, kb, result)
    document.boxed([(CONSULT, True), (DISCLAIMER, False)], SIZE)
    return document.to_bytes()


def _level(level: str) -> str:
    return level.replace("_", " ").upper()


def _labels(frame: pd.DataFrame, ids: tuple[str, ...] | list[str]) -> list[str]:
    """Labels of ids in a knowledge-base table; an id the table lacks is shown as itself."""
    return [str(frame["label"].get(i, i)) for i in ids]


def _draw_map_and_answers(document: Document, kb: KnowledgeBase, understood: Understanding,
                          red_flag_answers: dict[str, bool] | None) -> None:
    regions = [r for r in understood.regions if r in kb.regions.index]
    layer = Layer(selected=frozenset(regions), marked=frozenset(regions))
    top = document.get_y() + 2
    map_width = document.body_maps(kb, layer, document.l_margin, top, MAP_HEIGHT)
    document.set_y(top + MAP_HEIGHT + 1)
    document.legend(layer, SIZE - 2, document.l_margin, map_width, selected_fill=True)
    below_map = document.get_y()
    column_x = document.l_margin + map_width + 5
    document.set_y(top)
    with document.flow(column_x):
        document.section("Where it hurts (marked)", _labels(kb.regions, regions) or ["nothing marked"], SIZE)
        understood_lines = [f"Findings: {', '.join(_labels(kb.findings, understood.findings))}"] \
            if understood.findings else []
        if understood.denied:
            understood_lines.append(f"Said not present: {', '.join(_labels(kb.findings, understood.denied))}")
        if understood.side:
            understood_lines.append(f"Side: {understood.side}")
        if understood.unrecognised:
            unplaced = "; ".join(understood.unrecognised)
            understood_lines.append(f"Words we could not place: {_shorten(unplaced, MAX_UNPLACED)}")
        document.section("What we understood", understood_lines or ["no findings"], SIZE)
        document.section("Warning-sign checklist", _red_flag_lines(kb, red_flag_answers), SIZE)
    document.set_y(max(below_map, document.get_y()) + 1)


def _red_flag_lines(kb: KnowledgeBase, answers: dict[str, bool] | None) -> list[str]:
    if not answers:
        return ["not answered"]
    lines = [f"{label}: {'YES' if answers[fid] else 'no'}"
             for fid, label in zip(answers, _labels(kb.red_flags, list(answers)), strict=True)]
    if not any(answers.values()):
        lines.append("None of these: confirmed")
    return lines


def _draw_words(document: Document, text: str) -> None:
    document.heading("In your own words", SIZE)
    words = text.strip()
    if not words:
        document.paragraph("(nothing typed)", SIZE)
        return
    document.paragraph(_shorten(words, MAX_TEXT_CHARS), SIZE, whole=False)  # may run on into the next page
    if document.replaced:
        document.paragraph(f"[{document.replaced} character(s) this font cannot show are printed as "
                           f"{document.replacement}]", SIZE - 1)


def _shorten(text: str, limit: int) -> str:
    """The text up to limit characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} [... {len(text) - limit} more characters not printed]"


def _draw_suggestions(document: Document, kb: KnowledgeBase, result: Result) -> None:
    document.heading("Muscles whose referral patterns match (match strength is relative, 0-100)", SIZE)
    if not result.suggestions:
        document.paragraph("none: nothing described matched a muscle's pattern", SIZE)
    for rank, scored in enumerate(result.suggestions, start=1):
        side = f", {scored.side}" if scored.side else ""
        document.section(f"{rank}. {kb.target_name(scored.target)}{side}: {strength(scored.score)}/100",
                         reason_lines(kb, scored), SIZE - 0.5, leads=False)
    if result.lookalikes:
        document.section("Look-alike conditions a therapist would rule out",
                         [f"{kb.target_name(s.target)}: {strength(s.score)}/100" for s in result.lookalikes], SIZE)
