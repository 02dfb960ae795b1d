"""A4 documents for handouts and the therapist summary: fonts, safe text, sections and the vector body map.

Built with fpdf2 entirely in memory. Text is drawn with DejaVu Sans, shipped in the package, so that
any Unicode a person types is printed as typed; a character the font has no glyph for is shown as the
replacement character, never dropped silently. The drawing is the body map's own SVG geometry
(`triage.drawing`), embedded as vector graphics.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import WrapMode
from fpdf.text_region import LineWrapper, Paragraph, TextColumns

from triage.knowledge.model import KnowledgeBase
from triage.outputs.svg import COLOURS, LEGEND, Layer, body_map_svg, views_needed

# DejaVu Sans ships inside the package (see fonts/LICENSE-DejaVu.txt), so every machine prints Unicode alike.
FONT_DIR = Path(__file__).parent / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
MARGIN = 12.0  # mm
# Lead-ins printed in bold inside a line, so a reader finds the dose and the safety note at a glance.
EMPHASISED = re.compile(r"((?:Dose|Stop if|Not for|Take care if): )")
LINE_HEIGHT = 1.25  # times the font size
MAX_LEAD = 70  # a "Label: text" line gets a bold label when the label is at most this long
GUTTER = 6.0  # mm between columns


def pack(heights: list[float], room: float, columns: int, *, balance: bool) -> list[int]:
    """How many of the blocks (of these heights, in order) go into each column, at most `columns` of `room` mm.

    Blocks are never split: a block that does not fit starts the next column, and the blocks left over when the
    columns are full go to the next page. With `balance`, the columns are as short as they can be while holding
    every block (when all fit): the shortest column height found by bisection over the heights of runs of blocks.
    """

    def fill(limit: float) -> list[int]:
        counts: list[int] = []
        used = limit  # no column open yet
        for height in heights:
            if used + height > limit + 1e-6:
                if len(counts) == columns:
                    break
                counts.append(0)
                used = 0.0
                if height > limit + 1e-6:
                    break  # taller than a whole column here: it waits for the next page
            counts[-1] += 1
            used += height
        return counts

    counts = fill(room)
    if balance and sum(counts) == len(heights) and heights:
        ends = [0.0, *itertools.accumulate(heights)]
        runs = sorted({ends[j] - ends[i] for i in range(len(heights)) for j in range(i + 1, len(ends))})
        runs = runs[bisect.bisect_left(runs, max(heights)):bisect.bisect_right(runs, room + 1e-6)]
        low, high = 0, len(runs) - 1  # runs[high] holds every block: the whole room does
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if sum(fill(runs[middle])) == len(heights) else (middle + 1, high)
        if runs:
            counts = fill(runs[low])
    return counts


class KeptColumns(TextColumns):
    """Text columns that never split a paragraph across a column or a page, and keep a heading with what follows.

    fpdf2's own columns break wherever a line runs out of room, so a self-care step could begin at the foot of one
    column and end at the top of the next. Here the lines are grouped into blocks (one paragraph; a heading joined
    to the block after it) and only whole blocks move on. A paragraph marked loose (a person's long text), or one
    taller than a whole page, is a block per line. It replaces the page layout step of fpdf2's TextColumns
    (`_render_page_lines`, drawing each column with `_render_column_lines`), as fpdf2 2.8 names them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loose: set[int] = set()  # ids of paragraphs that may break between their lines
        self.with_next: set[int] = set()  # ids of paragraphs kept with the block after them (headings)

    def blocks(self, lines: list[LineWrapper]) -> list[list[LineWrapper]]:
        """The lines grouped into blocks that are kept whole, in order."""
        paragraphs: list[list[LineWrapper]] = []
        for line in lines:
            if line.first_line or not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(line)
        blocks: list[list[LineWrapper]] = []
        joined = False  # the last block ends with a heading and takes the next block in
        for paragraph in paragraphs:
            owner = id(paragraph[0].paragraph)
            parts = [[line] for line in paragraph] \
                if owner in self.loose or block_height(paragraph) > self.pdf.eph else [paragraph]
            if joined:
                blocks[-1] += parts.pop(0)
            blocks += parts
            joined = owner in self.with_next
        return blocks

    def _render_page_lines(self, text_lines: list[Any], top: float, bottom: float) -> None:
        """Place whole blocks into this page's columns, then draw each column (see `pack`)."""
        blocks = self.blocks(text_lines)
        counts = pack([block_height(b) for b in blocks], bottom - top, self._ncols - self._cur_column,
                      balance=self.balance)
        if not any(counts) and top <= self.pdf.t_margin + 1e-6:
            counts = [1]  # a heading with a block as tall as a page: draw what fits rather than add empty pages
        lowest, drawn, first = self.pdf.y, 0, 0
        for column, count in enumerate(counts, start=self._cur_column):
            self._cur_column = column
            self.pdf.x = self.current_x_extents(0, 0)[0]
            lines = [line for block in blocks[first:first + count] for line in block]
            first += count
            self._render_column_lines(lines, top, bottom)  # removes the lines it drew from `lines`
            drawn += sum(len(block) for block in blocks[first - count:first]) - len(lines)
            lowest = max(lowest, self.pdf.y)
            if lines:
                break  # a column overran its estimate: the rest continues on the next page, in order
        del text_lines[:drawn]
        self.pdf.y = lowest


def block_height(lines: list[LineWrapper]) -> float:
    """The height lines take in a column, a paragraph's space above it included (at most what fpdf2 adds)."""
    return sum(line.line.height + (line.paragraph.top_margin if line.first_line and not line.paragraph.bullet else 0)
               for line in lines)


@lru_cache(maxsize=4)
def _codepoints(path: str) -> frozenset[int]:
    """The characters a TrueType font has glyphs for."""
    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


class Document(FPDF):
    """An A4 portrait document with a Unicode font, a footer line and helpers for headed sections."""

    def __init__(self, *, footer_text: str = "") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 4)
        self.set_creator("Triage Explorer")
        # The total page count is filled in wherever this alias appears: make it one no one types.
        self.alias_nb_pages(f"{{pages-{secrets.token_hex(8)}}}")
        for style, name in FONT_FILES.items():
            self.add_font(FAMILY, style, str(FONT_DIR / name))
        self.family_name, self.charset = FAMILY, _codepoints(str(FONT_DIR / FONT_FILES[""]))
        self.replacement = "\ufffd"
        self.replaced = 0  # how many characters could not be shown in this font
        self._region: KeptColumns | None = None

    # ---------------------------------------------------------------------------------------- text

    def clean(self, text: str) -> str:
        """Text exactly as given, except line breaks normalised and characters the font lacks replaced."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        out = []
        for char in text:
            if char == "\n" or (ord(char) in self.charset and unicodedata.category(char) != "Cc"):
                out.append(char)
            else:
                out.append(self.replacement)
                self.replaced += 1
        return "".join(out)

    def style(self, size: float, bold: bool = False) -> None:
        """Switch to the document's font at a size (points)."""
        self.set_font(self.family_name, "B" if bold else "", size)

    def line_height(self, size: float | None = None) -> float:
        """Line height in mm for a font size in points (the current one by default)."""
        return (self.font_size_pt if size is None else size) / self.k * LINE_HEIGHT

    @contextmanager
    def flow(self, x: float | None = None, width: float | None = None, *, columns: int = 1) -> Iterator[None]:
        """Flow the headings, paragraphs and bullets written inside into columns from x (full width by default)."""
        x = self.l_margin if x is None else x
        width = self.w - self.r_margin - x if width is None else width
        self.set_x(x)  # a region starts at the current x when that lies inside it
        with self._columns(x, width, columns) as region:
            self._region = region
            try:
                yield
            finally:
                self._region = None
        self.set_x(self.l_margin)

    def _columns(self, x: float, width: float, columns: int) -> KeptColumns:
        return KeptColumns(self, l_margin=x, r_margin=self.w - x - width, ncols=columns, gutter=GUTTER,
                           balance=columns > 1, line_height=LINE_HEIGHT, skip_leading_spaces=True,
                           wrapmode=WrapMode.WORD)

    def headed_columns(self, heading: str, size: float, parts: list[Callable[[], None]], note: str = "") -> None:
        """A full-width heading (and a note in smaller type) over two columns holding what `parts` draw, in order.

        The heading starts a new page when the first part would not fit under it on this one: a heading is never
        left alone at the foot of a page.
        """
        def head() -> None:
            self.heading(heading, size)
            if note:
                self.paragraph(note, size - 1.5)

        needed = self.height(head, self.epw) + (self.height(parts[0], (self.epw - GUTTER) / 2) if parts else 0)
        if self.get_y() + needed > self.page_break_trigger:
            self.add_page()
        with self.flow():
            head()
        with self.flow(columns=2):
            for part in parts:
                part()

    def height(self, draw: Callable[[], None], width: float) -> float:
        """The height in mm that what `draw` writes (headings, paragraphs, bullets) takes in one column of this
        width; nothing is drawn. Lets a page decide where a section goes before drawing it."""
        region, outer, replaced = self._columns(self.l_margin, width, 1), self._region, self.replaced
        self._region = region
        try:
            draw()
        finally:
            self._region, self.replaced = outer, replaced  # characters are counted where they are drawn
        return sum(block_height(block) for block in region.blocks(region.collect_lines()))

    @contextmanager
    def _paragraph(self, *, with_next: bool = False, whole: bool = True, **options: Any) -> Iterator[Paragraph]:
        """A paragraph of the current flow (or of a full-width flow of its own), kept whole in one column unless
        `whole` is False, and in the same column as the next block when `with_next` (a heading)."""
        if self._region is None:
            with self.flow(), self._paragraph(with_next=with_next, whole=whole, **options) as paragraph:
                yield paragraph
            return
        region = self._region
        with region.paragraph(**options) as paragraph:
            if with_next:
                region.with_next.add(id(paragraph))
            if not whole:
                region.loose.add(id(paragraph))
            yield paragraph

    def heading(self, text: str, size: float) -> None:
        """A bold heading with a little space above it, kept in the same column as what follows it."""
        with self._paragraph(top_margin=size * 0.18, with_next=True) as paragraph:
            self._write(paragraph, text, size + 1, bold=True)

    def paragraph(self, text: str, size: float, *, bold: bool = False, whole: bool = True) -> None:
        """A paragraph of plain text, left-aligned (never interpreted as markup), kept whole in one column unless
        `whole` is False (a long text that may go on in the next column or page)."""
        with self._paragraph(whole=whole) as paragraph:
            self._write(paragraph, text, size, bold=bold)

    def bullets(self, lines: Iterable[str], size: float, *, leads: bool = True, bold: bool = False,
                together: bool = False) -> None:
        """Bulleted lines with a hanging indent, each kept whole in one column (all in one when `together`).

        'Dose:'/'Stop if:' and (with leads) a short 'Label:' are bold; with `bold`, the whole line is.
        """
        bullet = "\u2022" if ord("\u2022") in self.charset else "-"
        lines = list(lines)
        for n, line in enumerate(lines, start=1):
            self.style(size)
            with self._paragraph(indent=size * 0.45, bullet_string=bullet, bullet_r_margin=size * 0.2,
                                 with_next=together and n < len(lines)) as paragraph:
                lead, sep, rest = line.partition(": ")
                body = line
                if leads and sep and len(lead) <= MAX_LEAD:
                    self._write(paragraph, lead + sep, size, bold=True)
                    body = rest
                for part in EMPHASISED.split(body):
                    self._write(paragraph, part, size, bold=bold or bool(EMPHASISED.fullmatch(part)))

    def _write(self, paragraph: Paragraph, text: str, size: float, *, bold: bool = False) -> None:
        if text:
            self.style(size, bold)
            paragraph.write(self.clean(text))

    def section(self, heading: str, lines: list[str], size: float, *, leads: bool = True,
                together: bool = False) -> None:
        """A heading followed by its lines as bullets (kept in one column with them all when `together`)."""
        self.heading(heading, size)
        self.bullets(lines, size, leads=leads, together=together)

    def boxed(self, lines: list[tuple[str, bool]], size: float, fill: str = "#fff4d6") -> None:
        """Paragraphs (text, bold) on a shaded background spanning the text width."""
        self.ln(size * 0.25)
        self.set_fill_color(fill)
        for text, bold in lines:
            self.style(size, bold)
            self.multi_cell(0, self.line_height(), self.clean(text), align="L", fill=True, padding=(0.6, 1.5),
                            new_x="LMARGIN", new_y="NEXT")

    @contextmanager
    def _column(self, x: float, width: float) -> Iterator[None]:
        """Write cells inside a column from x to x + width, then restore the margins."""
        left, right = self.l_margin, self.r_margin
        self.set_left_margin(x)
        self.set_right_margin(self.w - x - width)
        self.set_x(x)
        try:
            yield
        finally:
            self.set_left_margin(left)
            self.set_right_margin(right)

    def footer(self) -> None:
        """A small grey line at the bottom of every page: what this is, and the page number."""
        if not self.footer_text:
            return
        self.set_y(-MARGIN)
        self.style(7)
        self.set_text_color(110)
        self.cell(0, 4, self.clean(f"{self.footer_text}   page {self.page_no()}/{self.str_alias_nb_pages}"),
                  align="C")
        self.set_text_color(0)

    def to_bytes(self) -> bytes:
        """The finished PDF."""
        return bytes(self.output())

    # ------------------------------------------------------------------------------------- drawing

    def body_maps(self, kb: KnowledgeBase, layer: Layer, x: float, y: float, height: float) -> float:
        """Draw the views the layer needs side by side from (x, y); return the width used.
        More than two views (a pattern reaching the feet too) are drawn smaller, so they take the room of two."""
        left = x
        views = views_needed(kb, layer)
        height *= min(1.0, 2 / len(views))
        for view in views:
            svg = body_map_svg(kb, view, layer).encode("utf-8")
            info = self.image(io.BytesIO(svg), x=x, y=y, h=height, alt_text=f"Body map, {view} view")
            x += info.rendered_width + 2
        return x - left - 2

    def legend(self, layer: Layer, size: float, x: float, width: float, *, selected_fill: bool = False) -> None:
        """The legend entries that apply to the layer, each with its swatch, in a column below the current y."""
        shown = {"essential": bool(layer.essential), "spillover": bool(layer.spillover),
                 "trigger": bool(layer.triggers), "marked_stroke": bool(layer.marked)}
        box = size * 0.4
        with self._column(x, width):
            for key, label in LEGEND:
                if not shown.get(key, False):
                    continue
                y = self.get_y()
                self._swatch(key, x, y + (self.line_height(size) - box) / 2, box, selected_fill)
                self.set_xy(x + box + 1.5, y)
                self.style(size)
                self.multi_cell(0, self.line_height(size), self.clean(label), align="L", new_x="LMARGIN",
                                new_y="NEXT")

    def _swatch(self, key: str, x: float, y: float, box: float, selected_fill: bool) -> None:
        self.set_line_width(0.3)
        if key in ("essential", "spillover"):
            self.set_fill_color(COLOURS[key])
            self.set_draw_color(COLOURS["outline"])
            self.rect(x, y, box, box, style="DF")
        elif key == "trigger":
            self.set_draw_color(COLOURS["trigger"])
            self.set_line_width(0.5)
            self.line(x, y, x + box, y + box)
            self.line(x, y + box, x + box, y)
        else:
            self.set_draw_color(COLOURS["marked_stroke"])
            self.set_fill_color(COLOURS["selected"] if selected_fill else "#ffffff")
            self.set_dash_pattern(dash=0.8, gap=0.5)
            self.rect(x, y, box, box, style="DF")
            self.set_dash_pattern()
        self.set_draw_color(0)
        self.set_line_width(0.2)
