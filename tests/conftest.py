"""Shared fixtures: the shipped knowledge base and engine are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.engine import Engine
from triage.knowledge import KnowledgeBase, load_knowledge_base

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
