"""Whatever a person types, the app shows a page: no exception, the disclaimer, their words never as markup."""

from __future__ import annotations

import pytest

from tests.test_app import app, fresh_caches, healthy, minimal, shown  # noqa: F401  (fixtures are used by name)
from triage.engine.gate import DISCLAIMER

ODD_TEXTS = {
    "empty": "",
    "spaces": "   \n\t  ",
    "emoji": "😀🦵🔥 ouch 🙈",
    "german": "Schmerzen im unteren Rücken, links, seit zwei Wochen",
    "arabic": "ألم في الورك الأيسر",
    "chinese": "左边臀部疼痛",
    "markup": "<script>alert('x')</script> **bold** [link](javascript:alert(1)) <img src=x onerror=alert(1)>",
    "huge": "deep ache in my left buttock " * 800,
    "control": "groin\x00pain\x1b[31m red \u202e reversed",
}


@pytest.mark.usefixtures("minimal")
@pytest.mark.parametrize("text", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_odd_text_never_breaks_the_explore_page(text: str) -> None:
    at = app()
    at.text_area(key="text").input(text).run()
    assert healthy(at)
    assert shown(at, DISCLAIMER)
    rendered = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "success")
                for e in getattr(at, kind)]
    assert not any("<script>" in r or "onerror" in r or "javascript:" in r for r in rendered)
