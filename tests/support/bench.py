"""Benchmarks that print figures (run with `make bench`); nothing here asserts a time.

- load: reading and validating the shipped knowledge base, and fitting the matcher and scorer;
- query: text + rank per query on the shipped knowledge base (median and p99, warm), for short texts and for
  patient-length texts (the development red-team set: 1 to 4 sentences), and the paraphrase net alone;
- cold start: `triage rank --text ... --json` as a new process (wall time and peak memory);
- scaling in muscles: the same findings, red flags and regions with more muscles (copies of the shipped
  ones under new ids and names, with their rules), as a knowledge base grows: load + validation, fit, and
  per-query time.
"""

from __future__ import annotations

import copy
import statistics
import subprocess
import sys
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


def synthetic(kb: KnowledgeBase, muscles: int, folder: Path) -> Path:
    """The knowledge base with `muscles` muscles (the shipped ones copied under new ids, names and aliases, with
    their rules), written to `folder`; findings, red flags, regions and conditions are kept as they are."""
    data = export_knowledge(kb)
    grown = copy.deepcopy(data)
    copy_number = 0
    while len(grown["muscles"]) < muscles:
        copy_number += 1
        tag = f"x{copy_number}"
        for muscle in data["muscles"][: muscles - len(grown["muscles"])]:
            record = copy.deepcopy(muscle["record"])
            record["id"] = f"{record['id']}_{tag}"
            record["name"] = f"{record['name']} {tag}"
            record["aliases"] = [f"{a} {tag}" for a in record["aliases"]]
            grown["muscles"].append({"id": record["id"], "record": record})
            grown["rules"] += [{**rule, "target": record["id"]} for rule in data["rules"]
                               if rule["target"] == muscle["id"]]
    write_knowledge(grown, folder)
    return folder


# `python -m triage rank ...`, reporting its own peak (VmHWM, in KiB) on stderr. The peak that getrusage gives,
# for the child or the children, is carried over the exec from the process that started it: this one's.
COLD = ("import runpy, sys\n"
        "sys.argv = ['triage', 'rank', '--text', 'ache in my left buttock', '--json']\n"
        "try:\n    runpy.run_module('triage', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "with open('/proc/self/status') as status:\n"
        "    print(next(line.split()[1] for line in status if line.startswith('VmHWM')), file=sys.stderr)")


def cold_start(runs: int = 5) -> tuple[float, float]:
    """Median wall seconds and median peak resident MiB of `triage rank --text ... --json` in a new process."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", COLD], check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), statistics.median(peaks)


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
    wall, peak = cold_start()
    print(f"cold start, triage rank --text ... --json in a new process: median {wall:.2f} s, peak {peak:.0f} MiB "
          "(targets < 1.2 s, < 150 MiB)")
    reference = statistics.median(base)
    with tempfile.TemporaryDirectory() as tmp:
        for muscles in (110, 400, 1000):
            folder = synthetic(kb, muscles, Path(tmp) / f"kb{muscles}")
            loaded = statistics.median(_timed(lambda f=folder: load_knowledge_base(f), 3))
            big = load_knowledge_base(folder)
            started = time.perf_counter()
            engine = Engine(big)
            fitted = time.perf_counter() - started
            times = per_query(engine, rounds=10)
            median = statistics.median(times)
            print(f"{len(big.muscles):>5} muscles ({len(big.rules)} rules; findings and flags as shipped): load + "
                  f"validate {loaded:.2f} s, fit {fitted:.2f} s, per query median {median * 1000:.2f} ms, p99 "
                  f"{_percentile(times, 0.99) * 1000:.2f} ms, {median / reference:.1f}x the shipped knowledge base")


if __name__ == "__main__":
    main()
