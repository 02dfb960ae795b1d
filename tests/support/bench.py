"""Benchmarks that print figures (run with `make bench`); nothing here asserts a time.

- load: reading and validating the shipped knowledge base, and fitting the matcher and scorer;
- query: text + rank per query on the shipped knowledge base (median and p99, warm), for short texts and for
  patient-length texts (the development red-team set: 1 to 4 sentences), and the paraphrase net alone;
- scaling: the same queries on synthetic knowledge bases 10x and 100x larger (muscles, findings, rules,
  red flags and lay terms copied with new ids and new words), to see how per-query time grows.
"""

from __future__ import annotations

import copy
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from triage.engine.engine import Engine
from triage.engine.types import Query
from triage.knowledge.load import load_knowledge_base
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.red_team import load_red_team
from triage.knowledge.serialise import export_knowledge, write_knowledge

REDTEAM_DEV = Path(__file__).resolve().parents[1] / "redteam" / "dev.yaml"
QUERIES = [
    "deep ache in my left buttock down the side of my leg, worse lying on that side, no numbness",
    "front of my right hip and low back hurt climbing stairs and standing up straight after sitting",
    "my calf is swollen and warm since a long flight",
    "pins and needles in my foot and shooting pain below the knee",
    "R>L low back pain above the belt, worse rolling over in bed",
    "sore heel first thing in the morning and walking uphill",
    "",
    "ache around the kneecap going down stairs, no swelling",
]


def _timed(function: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def per_query(engine: Engine, rounds: int) -> list[float]:
    """Seconds per query, warm (each query analysed once before timing)."""
    queries = [Query(text=text) for text in QUERIES]
    for query in queries:
        engine.analyse(query)
    return [t for _ in range(rounds) for query in queries for t in _timed(lambda q=query: engine.analyse(q), 1)]


def synthetic(kb: KnowledgeBase, factor: int, folder: Path) -> Path:
    """A knowledge base `factor` times larger, written to `folder` (regions and geometry kept)."""
    data = export_knowledge(kb)
    grown = copy.deepcopy(data)
    for copy_number in range(1, factor):
        tag = f"x{copy_number}"
        for muscle in data["muscles"]:
            record = copy.deepcopy(muscle["record"])
            record["id"] = f"{record['id']}_{tag}"
            record["aliases"] = [f"{a} {tag}" for a in record["aliases"]]
            grown["muscles"].append({"id": record["id"], "record": record})
        for key in ("findings", "red_flags"):
            for row in data[key]:
                grown[key].append({**row, "id": f"{row['id']}_{tag}", "label": f"{row['label']} {tag}",
                                   "lay_terms": [f"{term} {tag}" for term in row["lay_terms"]]})
        for rule in data["rules"]:
            target = rule["target"] if rule["target"] in {c["id"] for c in data["conditions"]} else \
                f"{rule['target']}_{tag}"
            grown["rules"].append({**rule, "finding": f"{rule['finding']}_{tag}", "target": target})
    write_knowledge(grown, folder)
    return folder


def _patient_length(kb: KnowledgeBase) -> None:
    """Per-query time on patient-length texts: the whole engine, and the paraphrase net on its own."""
    engine = Engine(kb)
    texts = [probe.text for probe in load_red_team(REDTEAM_DEV, kb)]
    for text in texts:
        engine.analyse(Query(text=text))
    whole = [t for text in texts for t in _timed(lambda x=text: engine.analyse(Query(text=x)), 3)]
    words = statistics.median(len(text.split()) for text in texts)
    print(f"per query, patient-length texts ({len(texts)} texts, median {words:.0f} words): median "
          f"{statistics.median(whole) * 1000:.2f} ms, p99 {_percentile(whole, 0.99) * 1000:.2f} ms (target < 2 ms)")
    net = engine.understander.net_
    if net is not None:
        read = [engine.understander.net_text(text) for text in texts]
        alone = [t for text in read for t in _timed(lambda x=text: net.probabilities(x), 3)]
        print(f"  of which the paraphrase net: median {statistics.median(alone) * 1000:.2f} ms per text read")


def main() -> None:
    load = _timed(load_knowledge_base, 5)
    kb = load_knowledge_base()
    fit = _timed(lambda: Engine(kb), 5)
    print(f"knowledge base: {kb.summary()}")
    print(f"load + validate: median {statistics.median(load) * 1000:.0f} ms over 5 runs")
    print(f"fit matcher + scorer: median {statistics.median(fit) * 1000:.0f} ms over 5 runs")
    print(f"load + fit together: median {(statistics.median(load) + statistics.median(fit)) * 1000:.0f} ms "
          "(target < 1 s)")
    base = per_query(Engine(kb), rounds=60)
    print(f"per query (text + rank, shipped KB, {len(base)} queries): median {statistics.median(base) * 1000:.2f} ms, "
          f"p99 {_percentile(base, 0.99) * 1000:.2f} ms (target < 2 ms at the median)")
    _patient_length(kb)
    reference = statistics.median(base)
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (10, 100):
            big = load_knowledge_base(synthetic(kb, factor, Path(tmp) / f"kb{factor}"))
            started = time.perf_counter()
            engine = Engine(big)
            fitted = time.perf_counter() - started
            times = per_query(engine, rounds=max(3, 30 // factor))
            median = statistics.median(times)
            size = f"{len(big.muscles)} muscles, {len(big.findings)} findings, {len(big.rules)} rules"
            print(f"{factor:>3}x KB ({size}): fit {fitted:.2f} s, per query median {median * 1000:.2f} ms, p99 "
                  f"{_percentile(times, 0.99) * 1000:.2f} ms, {median / reference:.1f}x the shipped KB "
                  f"({'sub-linear' if median / reference < factor else 'worse than linear'})")


if __name__ == "__main__":
    main()
