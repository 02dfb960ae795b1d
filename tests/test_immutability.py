"""One fitted engine serves every session and thread: answering never changes it, and it keeps nothing typed."""

from __future__ import annotations

import copyreg
import hashlib
import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml

from triage.engine.contract import to_json
from triage.engine.engine import Engine
from triage.engine.types import Query

pytestmark = pytest.mark.slow

TEXTS = [case["text"] for case in yaml.safe_load((Path(__file__).parent / "redteam" / "dev.yaml").read_text())]
PROBES = ("zorblax", "secretword", "smithfieldian", "qwxplorf")


copyreg.pickle(MappingProxyType, lambda proxy: (dict, (dict(proxy),)))  # a read-only map hashes as its contents


def state(engine: Engine) -> bytes:
    """Everything the engine holds, pickled: its reader, its scorer and the knowledge base."""
    return pickle.dumps(engine, protocol=5)


def fingerprint(engine: Engine) -> str:
    return hashlib.sha256(state(engine)).hexdigest()


def test_answering_thousands_of_queries_leaves_the_engine_byte_identical(engine):
    before = fingerprint(engine)
    for round_ in range(3):
        for text in TEXTS:
            engine.analyse(Query(text=f"{text} {PROBES[round_]}"))
    assert fingerprint(engine) == before


def test_no_typed_word_can_be_found_in_the_engine_afterwards(engine):
    for probe in PROBES:
        engine.analyse(Query(text=f"my {probe} hurts and I feel {probe}ish, {probe} {probe}"))
    held = state(engine)
    assert not [probe for probe in PROBES if probe.encode() in held]


def test_eight_threads_give_exactly_the_serial_answers(engine):
    queries = [Query(text=text, id=i) for i, text in enumerate(TEXTS)]
    serial = [to_json(engine.kb, engine.analyse(q)) for q in queries]

    def run(_: int) -> list[dict]:
        return [to_json(engine.kb, engine.analyse(q)) for q in queries]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, range(8)))
    assert all(result == serial for result in results)
