"""Muscle handouts: one A4 page per muscle, for a class or a client, as a PDF built in memory.

The page shows the referral pattern drawn from the body map's geometry (only the views it needs,
trigger points marked, with a legend), then the monograph's sections (`triage.monograph`, shared
with every other surface), the consult prompt, the disclaimer and the sources. The font shrinks
until the page fits.
"""

from __future__ import annotations

from collections.abc import Iterable

from triage.engine.gate import CONSULT, DISCLAIMER
from triage.knowledge.model import KnowledgeBase, Muscle
from triage.outputs.monograph import monograph_sections
from triage.outputs.pdf.document import Document
from triage.outputs.svg import pattern_layer

SIDE = "right"  # patterns are drawn on one side; the other is its mirror image
SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)  # font sizes tried, largest first
MAP_HEIGHT = 92.0  # mm
# Monograph sections printed beside the drawing; the others run across the page below it.
BESIDE_MAP = ("Also called", "Anatomy", "Actions", "Referral pattern", "Trigger points")
LEFT_OUT = ("Note",)  # the editors' free note is for clinicians and contributors, not for a one-page handout
FOOTER = "Triage Explorer: educational handout. Knowledge licensed CC BY 4.0; see the sources listed."


def muscle_handout_pdf(kb: KnowledgeBase, muscle: Muscle) -> bytes:
    """One muscle's handout as a one-page PDF."""
    return handouts_pdf(kb, [muscle])


def handouts_pdf(kb: KnowledgeBase, muscles: Iterable[Muscle]) -> bytes:
    """Several handouts in one PDF, one page per muscle, in the order given (at least one)."""
    muscles = list(muscles)
    if not muscles:
        raise ValueError("no muscles given: a handout PDF needs at least one muscle")
    document, trials = Document(footer_text=FOOTER), Document(footer_text=FOOTER)
    document.set_title("Triage Explorer muscle handouts")
    for muscle in muscles:
        _draw_page(document, kb, muscle, _fitting_size(trials, kb, muscle))
    return document.to_bytes()


def _fitting_size(trials: Document, kb: KnowledgeBase, muscle: Muscle) -> float:
    """The largest font size at which the page fits (the smallest size if none does), found by bisection.

    Trial pages go to a scratch document that is never output, so the font is loaded once.
    """
    low, high = 0, len(SIZES) - 1  # SIZES[high] is taken when nothing larger fits
    while low < high:
        middle = (low + high) // 2
        before = trials.page_no()
        _draw_page(trials, kb, muscle, SIZES[middle])
        if trials.page_no() == before + 1:
            high = middle
        else:
            low = middle + 1
    return SIZES[low]


def _draw_page(document: Document, kb: KnowledgeBase, muscle: Muscle, size: float) -> None:
    document.add_page()
    sections = monograph_sections(kb, muscle)
    document.paragraph(muscle.name, size + 8, bold=True)
    document.paragraph(f"Muscle group: {muscle.group.replace('_', ' ')}. Referral pattern drawn on the person's "
                       f"{SIDE} side; on the other side it is the mirror image.", size - 1)
    top = document.get_y() + 1
    layer = pattern_layer(kb, muscle, SIDE)
    map_width = document.body_maps(kb, layer, document.l_margin, top, MAP_HEIGHT)
    document.set_y(top + MAP_HEIGHT + 1)
    document.legend(layer, size - 1.5, document.l_margin, map_width)
    below_map = document.get_y()
    column_x = document.l_margin + map_width + 5
    document.set_y(top)
    with document.flow(column_x):
        for heading, lines in sections:
            if heading in BESIDE_MAP:
                document.section(heading, lines, size)
    document.set_y(max(below_map, document.get_y()) + 1)
    with document.flow(columns=2):
        for heading, lines in sections:
            if heading not in (*BESIDE_MAP, *LEFT_OUT, "Sources"):
                document.section(heading, lines, size)
    document.boxed([(CONSULT, True), (DISCLAIMER, False)], size)
    with document.flow():
        for heading, lines in sections:
            if heading == "Sources":
                document.heading(heading, size - 1.5)
                document.paragraph(" ".join(lines), size - 2)
