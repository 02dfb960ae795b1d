"""Driving the real app: `streamlit run` on a free localhost port and Debian's headless Chromium.

Shared by the browser tests and `python -m tests.support.ui_bench`. It imports neither streamlit nor
playwright at module level, so importing it is cheap and never fails.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
WIDE, PHONE = {"width": 1400, "height": 1000}, {"width": 400, "height": 860}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_command(port: int) -> list[str]:
    """`streamlit run app.py` from this checkout on `port`, this machine only."""
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]


@contextmanager
def streamlit_process(env: dict[str, str] | None = None, timeout: float = 60,
                      command: Callable[[int], list[str]] = app_command,
                      cwd: Path = ROOT) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run the app (by default `streamlit run app.py`) on a free port; yield its base URL and process; stop it
    (and only it) afterwards."""
    port = free_port()
    process = subprocess.Popen(command(port), cwd=cwd, env={**os.environ, **(env or {})}, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, timeout)
        yield url, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def streamlit_server(env: dict[str, str] | None = None, timeout: float = 60,
                     command: Callable[[int], list[str]] = app_command, cwd: Path = ROOT) -> Iterator[str]:
    """Like `streamlit_process`, yielding only the base URL."""
    with streamlit_process(env, timeout, command, cwd) as (url, _):
        yield url


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll Streamlit's health endpoint until it answers; fail with the server's output if it dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"streamlit exited with code {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, with nothing of its own talking to the network."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (data: and blob: URLs never leave the page)."""
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or (parsed.hostname or "") in LOCAL_HOSTS


def region(page: Any, region_id: str) -> Any:
    """The clickable region of the Explore map (Playwright's CSS locators pierce the component's shadow root)."""
    return page.locator(f".st-key-explore_map [data-region='{region_id}']")


def open_explore(page: Any, query: str = "") -> None:
    """Open the Explore page (with a query string such as "?regions=...") at the `page` fixture's base URL."""
    page.goto(f"{page.base}/{query}")
    region(page, "groin_left").wait_for(timeout=60_000)
    wait_idle(page)


def answer_none(page: Any) -> None:
    """Answer the safety questions with "None of these apply to me"."""
    with rerun(page):
        page.locator(".st-key-rf_none label").click()


def focused_region(page: Any, map_key: str = "explore_map") -> str | None:
    """The region id that has keyboard focus inside a map (the component lives in a shadow root)."""
    return page.evaluate(
        """key => {
            const host = [...document.querySelectorAll(`.st-key-${key} *`)].find(e => e.shadowRoot);
            const active = host ? host.shadowRoot.activeElement : null;
            return active && active.dataset ? active.dataset.region || null : null;
        }""", map_key)


CARD_IDS = ("() => [...document.querySelectorAll(\"[class*='st-key-card_']\")]"
            ".map(e => [...e.classList].find(c => c.startsWith('st-key-card_')).slice(12)).join(' ')")


def wait_for_ranking(page: Any, muscles: list[str], timeout: float = 15_000) -> None:
    """Wait until the cards show exactly these muscle ids, in this order, and the script is idle."""
    page.wait_for_function(f"want => ({CARD_IDS})() === want", arg=" ".join(muscles), timeout=timeout)
    wait_idle(page, timeout)


def wait_for_marked(page: Any, regions: list[str], timeout: float = 15_000) -> None:
    """Wait until the server's answer marks exactly these regions on the Explore map, and the script is idle."""
    page.locator(f".st-key-explore_map .tbm[data-selected='{' '.join(sorted(regions))}']").wait_for(timeout=timeout)
    wait_idle(page, timeout)


def card_titles(page: Any) -> list[str]:
    """The muscle cards' titles, in ranking order."""
    return page.locator("[class*='st-key-card_'] h3").all_inner_texts()


def wait_for_cards(page: Any, timeout: float = 15_000) -> None:
    """Wait until the ranking shows at least one card and the app has stopped running."""
    page.locator("[class*='st-key-card_'] h3").first.wait_for(timeout=timeout)
    wait_idle(page, timeout)


# Counts finished script runs: the server ends each run (a fragment's too) with a ForwardMsg whose field 6
# (`script_finished`) is set. The page's own "running" state is not enough: a quick run can start and finish
# between two renders and never show as running. The count goes up two frames after the message arrives,
# once the page has drawn what the run sent. Installed in every page before it loads, so a test waits for the
# run its own action caused, never for a fixed time.
RUN_WATCH = """
(() => {
  window.__triageRunsDone = 0;
  const finished = bytes => {  // the top-level fields of a protobuf message: is field 6 (an enum) there?
    let i = 0;
    const varint = () => {
      let value = 0, shift = 0, byte;
      do { byte = bytes[i++]; value += (byte & 127) * 2 ** shift; shift += 7; } while (byte & 128 && i < bytes.length);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (field === 6 && wire === 0) return true;
      // a length is read before i moves: 'i += varint()' would add it to i as it was before the length
      if (wire === 0) varint();
      else if (wire === 2) { const length = varint(); i += length; }
      else if (wire === 1) i += 8; else if (wire === 5) i += 4; else return false;
    }
    return false;
  };
  window.__triageFinished = finished;  // for the harness's own test
  const count = () => requestAnimationFrame(() => requestAnimationFrame(() => { window.__triageRunsDone += 1; }));
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', event => {
        if (event.data instanceof ArrayBuffer) {
          if (finished(new Uint8Array(event.data))) count();
        } else if (event.data instanceof Blob) {
          event.data.arrayBuffer().then(buffer => { if (finished(new Uint8Array(buffer))) count(); });
        }
      });
    }
  };
})();
"""
STATE = "document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"


def watch_runs(page: Any) -> None:
    """Count the app's finished script runs in this page (call before the first `goto`)."""
    page.add_init_script(RUN_WATCH)


def wait_idle(page: Any, timeout: float = 15_000) -> None:
    """Wait until at least one script run has finished and none is running."""
    page.wait_for_function(f"() => window.__triageRunsDone > 0 && {STATE} === 'notRunning'", timeout=timeout)


@contextmanager
def rerun(page: Any, timeout: float = 30_000) -> Iterator[None]:
    """Wait, after the action in the `with` block, until the script run it caused has finished."""
    before = page.evaluate("() => window.__triageRunsDone")
    yield
    page.wait_for_function(f"before => window.__triageRunsDone > before && {STATE} === 'notRunning'", arg=before,
                           timeout=timeout)


def settled(page: Any) -> None:
    """Wait for two animation frames: the browser has laid out and painted what it was given."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def screenshot(page: Any, path: Path, width: int) -> None:
    """The whole page at a given width (Streamlit scrolls inside its main area, so grow the viewport to fit);
    the viewport is put back afterwards, so what the test does next happens on the page as it was."""
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": 900})
    wait_idle(page)
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12_000)})
    settled(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size(before)
    settled(page)
