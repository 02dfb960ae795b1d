"""A built wheel works anywhere: installed into a fresh virtual environment and run from an unrelated folder,
it finds its own knowledge base, fonts and app, and can be pointed at an edited copy of the knowledge base."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.support import harness

pytestmark = pytest.mark.slow


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment holding only the wheel and its dependencies."""
    root = tmp_path_factory.mktemp("install")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(root / "dist"),
          str(harness.ROOT)], cwd=root)
    wheel = next((root / "dist").glob("triage_explorer-*.whl"))
    _run([sys.executable, "-m", "venv", str(root / "venv")], cwd=root)
    bin_dir = root / "venv" / "bin"
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=root)
    return bin_dir


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder with nothing of the repository in it or above it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_wheel_carries_its_own_knowledge_base(installed: Path, elsewhere: Path) -> None:
    where = _run([str(installed / "python"), "-c", "import triage.knowledge.load as m; print(m.DEFAULT_KNOWLEDGE)"],
                 cwd=elsewhere).stdout.strip()
    assert Path(where).is_relative_to(installed.parent), where  # inside the new environment, not this checkout
    shipped = sorted(p.relative_to(harness.ROOT / "knowledge") for p in (harness.ROOT / "knowledge").rglob("*")
                     if p.is_file())
    assert sorted(p.relative_to(where) for p in Path(where).rglob("*") if p.is_file()) == shipped
    checked = _run([str(installed / "triage"), "check"], cwd=elsewhere).stdout
    assert "knowledge base OK" in checked


def test_rank_and_handout_run_from_any_folder(installed: Path, elsewhere: Path) -> None:
    ranked = _run([str(installed / "triage"), "rank", "--text", "ache deep in the front of my hip",
                   "--region", "groin_left", "--json"], cwd=elsewhere).stdout
    answer = json.loads(ranked)
    assert answer["suggestions"], ranked
    out = elsewhere / "psoas.pdf"
    _run([str(installed / "triage"), "handout", "psoas_major", "--out", str(out)], cwd=elsewhere)
    assert out.read_bytes().startswith(b"%PDF")


def test_an_edited_copy_of_the_knowledge_base_is_used_when_named(installed: Path, elsewhere: Path) -> None:
    edited = elsewhere / "kb"
    shutil.copytree(harness.ROOT / "tests" / "fixtures" / "kb_minimal", edited)
    by_option = _run([str(installed / "triage"), "rank", "--knowledge", str(edited), "--text", "x", "--json"],
                     cwd=elsewhere).stdout
    by_env = _run([str(installed / "triage"), "check"], cwd=elsewhere, env={"TRIAGE_KNOWLEDGE": str(edited)}).stdout
    minimal = _run([sys.executable, "-m", "triage", "check", str(edited)], cwd=elsewhere).stdout
    assert json.loads(by_option)["suggestions"] is not None
    assert by_env == minimal  # the same summary as the minimal base, not the shipped one's


def test_the_installed_app_serves_its_pages(installed: Path, elsewhere: Path) -> None:
    def command(port: int) -> list[str]:
        return [str(installed / "triage"), "serve", "--port", str(port)]

    with harness.streamlit_server(command=command, cwd=elsewhere) as url:
        assert harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing (apt-get install chromium)"
        with sync_playwright() as playwright:
            browser = harness.launch_chromium(playwright)
            page = browser.new_page()
            page.goto(url)
            harness.region(page, "groin_left").wait_for(timeout=60_000)
            assert page.get_by_text("Educational only, not a diagnosis", exact=False).count() > 0
            browser.close()
