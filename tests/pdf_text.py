"""Reading back the PDFs the project makes: page count and extracted text, whitespace normalised."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def squash(text: str) -> str:
    """Text with every run of whitespace made one space (PDF text breaks lines where the layout did)."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF; fails if the bytes are not a readable PDF."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data), strict=True)
    return [squash(page.extract_text()) for page in reader.pages]
