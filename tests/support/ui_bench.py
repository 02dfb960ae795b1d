"""Benchmark of the app in a real browser: `python -m tests.support.ui_bench [--runs N] [--clicks N]`.

Prints the median time from `streamlit run` to a rendered Explore page (body map and controls
drawn, script idle), and the median and 95th percentile from a click on the map to the updated ranking. It uses the same
headless Debian Chromium and server helper as the browser tests. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from tests.support import harness

# Toggled in turn, so every click changes the ranking: {groin}, {}, {outer buttock}, {}.
CLICKS = ("groin_left", "groin_left", "buttock_outer_left", "buttock_outer_left")
READING = 3.0  # seconds a person looks at the page before the first click (the engine warms up meanwhile)
# A patient-length description (about 40 words) typed before the clicks: a click must not read it again.
TEXT = ("It started a few weeks ago after gardening. A deep ache low in my back and in my buttock that spreads "
        "down the outside of my thigh. Worse when I stand for long or get up from a chair, better lying down.")


def time_start(playwright: Any) -> float:
    """Seconds from launching `streamlit run` to a rendered, idle Explore page in a fresh browser."""
    browser = harness.launch_chromium(playwright)
    try:
        page = browser.new_page(viewport=harness.WIDE)
        harness.watch_runs(page)
        start = time.perf_counter()
        with harness.streamlit_server() as url:
            page.goto(url)
            harness.region(page, "groin_left").wait_for(timeout=60_000)
            page.get_by_text("Results appear here").wait_for(timeout=60_000)
            harness.wait_idle(page)
            return time.perf_counter() - start
    finally:
        browser.close()


def expected_rankings(text: str = "") -> list[list[str]]:
    """The muscle ids the cards must show after each click of CLICKS (with `text` typed), from the engine."""
    from triage.engine.engine import Engine
    from triage.engine.types import Query
    from triage.knowledge.load import load_knowledge_base
    from triage.ui.components.results import TOP

    engine = Engine(load_knowledge_base())
    marked: set[str] = set()
    rankings = []
    for region in CLICKS:
        marked ^= {region}
        result = engine.analyse(Query(text=text, regions=tuple(sorted(marked))))
        rankings.append([s.target for s in result.suggestions[:TOP]] if marked or text else [])
    return rankings


def time_clicks(playwright: Any, clicks: int, text: str = "") -> list[float]:
    """Seconds from each click on a region to the cards showing the new ranking (script idle again), with
    `text` typed in the description box first."""
    rankings = expected_rankings(text)
    browser = harness.launch_chromium(playwright)
    times: list[float] = []
    try:
        with harness.streamlit_server() as url:
            page = browser.new_page(viewport=harness.WIDE)
            harness.watch_runs(page)
            page.goto(url)
            harness.region(page, "groin_left").wait_for(timeout=60_000)
            harness.wait_idle(page)
            if text:
                box = page.get_by_label("Or describe it in your own words")
                box.fill(text)
                with harness.rerun(page):
                    box.press("Control+Enter")
            time.sleep(READING)
            for index in range(clicks):
                start = time.perf_counter()
                harness.region(page, CLICKS[index % len(CLICKS)]).click()
                harness.wait_for_ranking(page, rankings[index % len(CLICKS)])
                times.append(time.perf_counter() - start)
    finally:
        browser.close()
    return times


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print medians (with every run, for the record)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold starts of `streamlit run` (default 5)")
    parser.add_argument("--clicks", type=int, default=40, help="clicks on the map (default 40)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        starts = [time_start(playwright) for _ in range(args.runs)]
        clicks = {"no text": time_clicks(playwright, args.clicks),
                  "a 40-word description typed": time_clicks(playwright, args.clicks, TEXT)}
    print(f"streamlit run -> rendered Explore page: median {statistics.median(starts):.2f} s "
          f"over {len(starts)} runs ({', '.join(f'{t:.2f}' for t in starts)})")
    for name, times in clicks.items():
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(f"map click -> updated ranking ({name}): median {statistics.median(times):.3f} s, p95 {p95:.3f} s "
              f"over {len(times)} clicks ({', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
