"""Putting text on the page safely.

User text is only ever shown with `st.text` (never as Markdown or HTML). Knowledge-base text is ours,
but it is still escaped before it goes into Markdown, so a `*` or `_` in a label stays a character.
A widget's label is also its accessible name, read out as written, so it gets `label` (only what would
format escaped) rather than `literal` (every punctuation mark escaped: "sciatica\\-type").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&])")
# What a widget label's Markdown (inline only: emphasis, code, links, emoji and icon codes, colour, maths) would
# turn into something else: a colon only when a code could start there (":red[", ":material/").
_LABEL_SPECIAL = re.compile(r"([\\`*_~\[\]<>$]|:(?=\S))")


def literal(text: str) -> str:
    """Text as Markdown that renders exactly as written (every ASCII punctuation mark backslash-escaped)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def label(text: str) -> str:
    """Text for a widget's label or help: renders as written and reads as plain words (its accessible name)."""
    return _LABEL_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def bullets(lines: Iterable[str]) -> str:
    """Lines as a Markdown bullet list, each line literal."""
    return "\n".join(f"- {literal(line)}" for line in lines)


def sections(items: Iterable[tuple[str, Iterable[str]]]) -> str:
    """(heading, lines) sections as Markdown: each heading bold, its lines a bullet list, all literal."""
    return "\n\n".join(f"**{literal(heading)}**\n\n{bullets(lines)}" for heading, lines in items)
