"""A classroom on one laptop: `python -m tests.support.load [--sessions N] [--browsers B] [--minutes M]`
(`make load`).

Starts the real app with `streamlit run` and runs N student sessions at once through a scripted lesson for
M minutes: open Explore, answer the safety questions, mark two areas on the map, type a sentence, open the
Class quiz and answer a question, then again, with a pause of THINK seconds before each action.

- B sessions are real browsers (headless Debian Chromium, a browser context each, so a Streamlit session
  each); their time is from the action to the redrawn page (the script run it caused has finished).
- The other N - B are lighter clients: the lesson is recorded once from a real browser (the messages it sends
  on Streamlit's websocket) and each light client replays it on a websocket and a session of its own; their
  time is from sending an action to the server's "script finished", without drawing. Thirty real browsers
  would need more cores than the server: on a 2-core laptop they would measure Chromium, not the app.

Prints errors (an action that failed, timed out or drew the app's fault message), p50 and p95 per kind of
client, and the server's resident memory before the class, at the end, and per session. Figures, not
assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support import harness

SENTENCES = (
    "deep ache in my buttock that goes down the side of my leg",
    "sore at the front of the hip when I climb stairs",
    "my lower back aches after sitting all day",
    "tight calf and an ache under the heel first thing in the morning",
)
AREAS = ("buttock_outer_left", "thigh_lateral_left", "groin_right", "hip_anterior_right", "low_back_lower_left",
         "calf_right", "knee_anterior_left", "buttock_lower_right")
THINK = (4.0, 10.0)  # seconds a student reads the page before the next action (--think A B to change)
ACTION_TIMEOUT = 60.0  # seconds: an action whose run has not finished by then counts as an error
FAULT = b"could not be shown because of a fault"  # the app's plain sentence for an unexpected error


@dataclass
class Tally:
    """Times and errors of one kind of client."""

    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class ActionError(RuntimeError):
    """A step of the lesson failed or timed out."""


async def _think(rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(*THINK))


def _set_think(low: float, high: float) -> None:
    global THINK  # noqa: PLW0603  (one run of the command, one setting)
    THINK = (low, high)


async def _timed(page: Any, name: str, action: Any, tally: Tally, rng: random.Random) -> None:
    """After a pause, do one action in the browser and record the seconds until the run it caused has finished."""
    await _think(rng)
    before = await page.evaluate("() => window.__triageRunsDone || 0")
    start = time.perf_counter()
    try:
        await action()
        await page.wait_for_function(f"b => window.__triageRunsDone > b && {harness.STATE} === 'notRunning'",
                                     arg=before, timeout=ACTION_TIMEOUT * 1000)
    except Exception as error:
        seen = await _where(page)
        raise ActionError(f"{name}: {type(error).__name__}: {str(error).splitlines()[0][:100]} (runs finished "
                          f"before: {before}; now: {seen})") from error
    tally.times.append(time.perf_counter() - start)


async def _where(page: Any) -> str:
    """What the page shows after a failed action: its path, finished runs, script state and any fault message."""
    try:
        path, runs, state = await page.evaluate(f"() => [location.pathname + location.search, "
                                                f"window.__triageRunsDone, {harness.STATE}]")
        fault = await page.get_by_text("could not be shown because of a fault").count()
    except Exception as error:  # the page itself is gone
        return f"page unreadable ({type(error).__name__})"
    return f"{runs} at {path}, state {state}" + (", the app's fault message shown" if fault else "")


async def _lesson(page: Any, rng: random.Random, tally: Tally) -> None:
    """One pass of the scripted lesson in a browser, starting from wherever the last one ended."""
    await _timed(page, "open Explore", lambda: page.get_by_role("link", name="Explore").click(), tally, rng)
    if not await page.locator(".st-key-rf_none input").is_checked():
        none_of_these = page.locator(".st-key-rf_none label")
        await _timed(page, "answer the safety questions", none_of_these.click, tally, rng)
    for area in rng.sample(AREAS, 2):
        spot = page.locator(f".st-key-explore_map [data-region='{area}']")
        await _timed(page, f"mark {area}", spot.click, tally, rng)
    box = page.locator(".st-key-text textarea")
    current = await box.input_value()
    await box.fill(rng.choice([s for s in SENTENCES if s != current]))  # a changed text makes a run
    await _timed(page, "type a sentence", lambda: box.press("Control+Enter"), tally, rng)
    await _timed(page, "open Class", lambda: page.get_by_role("link", name="Class").click(), tally, rng)
    for key, name in (("next_question", "next question"), ("new_round", "new round")):
        button = page.locator(f".st-key-{key} button")  # the last question was answered: move on first
        if await button.count() and await button.is_visible():
            await _timed(page, name, button.click, tally, rng)
    choices = page.locator("[class*='st-key-answer_'] button")
    await choices.first.wait_for(timeout=ACTION_TIMEOUT * 1000)
    await _timed(page, "answer the quiz", lambda: choices.nth(rng.randrange(4)).click(), tally, rng)


async def _open(page: Any, url: str, tally: Tally) -> None:
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_function(f"() => window.__triageRunsDone > 0 && {harness.STATE} === 'notRunning'",
                                 timeout=ACTION_TIMEOUT * 1000)
    tally.times.append(time.perf_counter() - start)


async def _browser_session(browser: Any, url: str, seed: int, deadline: float, tally: Tally) -> None:
    """One student in a real browser, repeating the lesson until the deadline."""
    rng = random.Random(seed)
    context = await browser.new_context(viewport=harness.WIDE)
    page = await context.new_page()
    await page.add_init_script(harness.RUN_WATCH)
    await asyncio.sleep(rng.uniform(0, 5))  # students do not all start in the same second
    try:
        await _open(page, url, tally)
        while time.monotonic() < deadline:
            try:
                await _lesson(page, rng, tally)
            except ActionError as error:
                tally.errors.append(f"browser {seed}: {error}")
    except Exception as error:
        tally.errors.append(f"browser {seed}: {type(error).__name__}: {str(error).splitlines()[0][:100]}")
    finally:
        await context.close()


async def _record_lesson(browser: Any, url: str) -> list[bytes]:
    """The rerun messages a real browser sends on Streamlit's websocket during one lesson (it also warms the
    server: the engine is fitted in the first session)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    sent: list[bytes] = []
    context = await browser.new_context(viewport=harness.WIDE)
    page = await context.new_page()
    page.on("websocket", lambda socket: socket.on(
        "framesent", lambda payload: sent.append(payload) if isinstance(payload, bytes) else None))
    await page.add_init_script(harness.RUN_WATCH)
    tally = Tally()
    await _open(page, url, tally)
    await _lesson(page, random.Random(0), tally)
    await context.close()
    reruns = []
    for frame in sent:
        message = BackMsg()
        message.ParseFromString(frame)
        if message.WhichOneof("type") == "rerun_script":
            reruns.append(frame)
    return reruns


async def _until_finished(socket: Any) -> bool:
    """Read the server's messages until a script run has finished; whether the app drew its fault message."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    fault = False
    while True:
        frame = await asyncio.wait_for(socket.recv(), ACTION_TIMEOUT)
        fault = fault or FAULT in frame
        message = ForwardMsg()
        message.ParseFromString(frame)
        if message.WhichOneof("type") == "script_finished" and \
                message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return fault


async def _light_session(url: str, lesson: list[bytes], seed: int, deadline: float, tally: Tally) -> None:
    """One student as a light client: a websocket and a session of its own, replaying the recorded lesson."""
    import websockets

    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 5))
    try:
        async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                      max_size=None) as socket:
            while time.monotonic() < deadline:
                for step, frame in enumerate(lesson):
                    if step:
                        await _think(rng)
                    start = time.perf_counter()
                    await socket.send(frame)
                    if await _until_finished(socket):
                        tally.errors.append(f"light {seed}: step {step} drew the app's fault message")
                    tally.times.append(time.perf_counter() - start)
    except Exception as error:
        tally.errors.append(f"light {seed}: {type(error).__name__}: {str(error)[:100]}")


def _rss_mib(pid: int) -> float:
    """Resident memory of a process, in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(sessions: int, browsers: int, minutes: float) -> None:
    """Serve the app, record and warm with one lesson, run the class, print the figures."""
    from playwright.async_api import async_playwright

    with harness.streamlit_process() as (url, process):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(harness.CHROMIUM),
                                                       args=harness.CHROMIUM_ARGS, headless=True)
            lesson = await _record_lesson(browser, url)
            idle = _rss_mib(process.pid)
            real, light = Tally(), Tally()
            deadline = time.monotonic() + 60 * minutes
            await asyncio.gather(
                *(_browser_session(browser, url, s, deadline, real) for s in range(browsers)),
                *(_light_session(url, lesson, s, deadline, light) for s in range(browsers, sessions)))
            end = _rss_mib(process.pid)
            await browser.close()
    print(f"{sessions} sessions for {minutes:g} min on {os.cpu_count()} cores: {browsers} real browsers, "
          f"{sessions - browsers} light clients replaying a recorded lesson of {len(lesson)} actions; "
          f"a pause of {THINK[0]:g} to {THINK[1]:g} s before each action")
    _print_tally("real browsers, action to redrawn page", real)
    _print_tally("light clients, action to finished run", light)
    print(f"server memory: {idle:.0f} MiB after one lesson, {end:.0f} MiB with {sessions} sessions, "
          f"{(end - idle) / max(sessions, 1):.1f} MiB per session")


def _print_tally(kind: str, tally: Tally) -> None:
    ordered = sorted(tally.times)
    if not ordered:
        print(f"{kind}: no action finished; errors: {len(tally.errors)}")
    else:
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(f"{kind}: {len(ordered)} actions, errors {len(tally.errors)}, p50 {statistics.median(ordered):.2f} s, "
              f"p95 {p95:.2f} s, max {ordered[-1]:.2f} s")
    for line in tally.errors[:5]:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=4, help="how many of the sessions are real browsers")
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--think", type=float, nargs=2, default=THINK, metavar=("MIN", "MAX"),
                        help="seconds of reading before each action (default: %(default)s)")
    args = parser.parse_args()
    _set_think(*args.think)
    asyncio.run(run(args.sessions, min(args.browsers, args.sessions), args.minutes))


if __name__ == "__main__":
    main()
