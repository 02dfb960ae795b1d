"""Shared fixtures: the shipped knowledge base and engine are loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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
