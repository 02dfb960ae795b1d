"""Reading back the PDFs the project makes: page count, extracted text (whitespace normalised), and the pieces of
text as drawn, with their place, size, weight and width."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache

from fontTools.ttLib import TTFont
from pypdf import PageObject, PdfReader

from triage.outputs.pdf.document import FONT_DIR, FONT_FILES


def squash(text: str) -> str:
    """Text with every run of whitespace made one space (PDF text breaks lines where the layout did)."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF; fails if the bytes are not a readable PDF."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data), strict=True)
    return [squash(page.extract_text()) for page in reader.pages]


@dataclass(frozen=True)
class Run:
    """A piece of text drawn in one font: where it starts (points from the page's lower left corner, the baseline
    for y), its size, whether the font is bold, and its width in points (0 for a font other than the project's)."""

    text: str
    x: float
    y: float
    size: float
    bold: bool
    width: float


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, int], int]:
    """Advance widths by character of the project's font (regular or bold), and its units per em."""
    font = TTFont(str(FONT_DIR / FONT_FILES["B" if bold else ""]))
    metrics = font["hmtx"]
    return {char: metrics[glyph][0] for char, glyph in font.getBestCmap().items()}, font["head"].unitsPerEm


def pdf_runs(data: bytes) -> list[list[Run]]:
    """The pieces of text of each page in the order they are drawn (the body maps' labels included)."""
    return [_runs(page) for page in PdfReader(io.BytesIO(data), strict=True).pages]


def _runs(page: PageObject) -> list[Run]:
    """One page's pieces of text. pypdf gives the pieces after the first of a line the line's starting point:
    they are placed after the piece before them here."""
    runs: list[Run] = []
    starts: list[tuple[float, float]] = []  # where pypdf says each piece starts

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        if not text.strip():
            return
        name = str((font or {}).get("/BaseFont", ""))
        bold = "Bold" in name
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        width = 0.0
        if "DejaVu" in name:
            advances, units = _advances(bold)
            width = sum(advances.get(ord(char), 0) for char in text) * size / units
        starts.append((x, y))
        if len(starts) > 1 and starts[-2] == (x, y):
            x = runs[-1].x + runs[-1].width
        runs.append(Run(text, x, y, size, bold, width))

    page.extract_text(visitor_text=visit)
    return runs
