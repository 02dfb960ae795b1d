"""Shared fixtures: the shipped knowledge base and engine are loaded once per test session; the browser tests' headless
Chromium, app server and page (one server and browser per test module)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.support import harness
from triage.engine.engine import Engine
from triage.knowledge.load import load_knowledge_base
from triage.knowledge.model import KnowledgeBase

TESTS = Path(__file__).parent
MINIMAL_KB = TESTS / "fixtures" / "kb_minimal"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)


@pytest.fixture(scope="session")
def minimal_kb() -> KnowledgeBase:
    return load_knowledge_base(MINIMAL_KB)


# Property-test budgets: the CI profile already fuzzes more than 10,000 generated inputs in all;
# `make fuzz` (HYPOTHESIS_PROFILE=full) runs five times as many, `make test-fast` a twentieth.
PROFILE_SCALES = {"ci": 1.0, "full": 5.0, "fast": 0.05}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.register_profile("ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fast", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("full", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(PROFILE)


def examples(budget: int) -> int:
    """A property test's number of examples under the current profile (at least 10)."""
    return max(10, int(budget * PROFILE_SCALES[PROFILE]))


def _require_browser() -> Any:
    """Playwright's sync API, or a skip (a failure when CI=true) when the browser cannot run here."""
    ci = os.environ.get("CI", "").lower() == "true"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        (pytest.fail if ci else pytest.skip)("the playwright package is not installed")
    if not harness.CHROMIUM.exists():
        (pytest.fail if ci else pytest.skip)(f"{harness.CHROMIUM} is missing (apt-get install chromium)")
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = _require_browser()
    with sync_playwright() as playwright:
        chromium = harness.launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with harness.streamlit_server() as url:
        yield url


@pytest.fixture
def viewport() -> dict[str, int]:
    """The page's size: a desktop; a test module overrides it (a phone in test_phone.py)."""
    return harness.WIDE


@pytest.fixture
def page(browser: Any, server: str, viewport: dict[str, int]) -> Iterator[Any]:
    """A fresh session at `viewport`; fails if the page asked any host but localhost for anything."""
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    harness.watch_runs(tab)
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.base = server
    yield tab
    context.close()
    outside = sorted({url for url in requests if not harness.is_local(url)})
    if outside:
        pytest.fail(f"the page made requests to other hosts: {outside}")
