"""One process answering many queries: does its memory stay flat after warm-up? (`make memory`; figures only).

Queries cycle through the development red-team texts (1 to 4 sentences each) and the benchmark's short texts,
with marked regions, and every query carries a word never typed before (`zq<number>`): a cache keyed on typed
words would grow with them. After a warm-up the resident memory (RSS, from /proc) and the Python heap
(tracemalloc is too slow for 100,000 queries, so `gc.collect()` and the live object count stand in) are
printed at checkpoints; the growth from the end of the warm-up to the last checkpoint is the figure to quote.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import time

from tests.support.bench import QUERIES, REDTEAM_DEV
from triage.engine.engine import Engine
from triage.engine.types import Query
from triage.knowledge.load import load_knowledge_base
from triage.knowledge.red_team import load_red_team

PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_mib() -> float:
    """This process's resident memory now (not the peak), after a full collection."""
    gc.collect()
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def main(argv: list[str] | None = None) -> None:
    """Answer `--queries` queries and print memory at checkpoints."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--warm-up", type=int, default=5_000)
    parser.add_argument("--checkpoints", type=int, default=5)
    args = parser.parse_args(argv)
    kb = load_knowledge_base()
    engine = Engine(kb)
    texts = [case.text for case in load_red_team(REDTEAM_DEV, kb)] + QUERIES
    regions = [(), ("buttock_outer_left",), ("groin_right", "hip_anterior_right"), ("heel_left",)]
    queries = itertools.cycle(itertools.product(texts, regions))
    step = max(1, (args.queries - args.warm_up) // args.checkpoints)
    start = time.perf_counter()
    baseline = objects = 0.0
    for number in range(1, args.queries + 1):
        text, marked = next(queries)
        engine.analyse(Query(text=f"{text} zq{number}", regions=marked))
        if number == args.warm_up:
            baseline, objects = resident_mib(), len(gc.get_objects())
            print(f"after {number:>7,} queries (warm-up): {baseline:7.1f} MiB resident, {objects:,} objects")
        elif number > args.warm_up and (number - args.warm_up) % step == 0:
            now, count = resident_mib(), len(gc.get_objects())
            print(f"after {number:>7,} queries: {now:7.1f} MiB resident ({now - baseline:+.1f}), "
                  f"{count:,} objects ({count - objects:+,}); {time.perf_counter() - start:.0f} s")
    print(f"{len(texts)} texts x {len(regions)} region sets, each with a new word; growth after warm-up: "
          f"{resident_mib() - baseline:+.1f} MiB")


if __name__ == "__main__":
    main()
