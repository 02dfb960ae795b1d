"""The layers are enforced: import-linter keeps its contracts on the real tree and breaks on a wrong import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).parent / "lint-imports"


def lint(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=src, env=env,
                          capture_output=True, text=True, check=False)


def test_the_real_tree_keeps_every_contract(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "src" / "triage", tmp_path / "triage")
    done = lint(tmp_path)
    assert done.returncode == 0, done.stdout
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("knowledge/model.py", "from triage.engine import gate", "Layers"),
    ("engine/scoring.py", "from triage.outputs import report", "Layers"),
    ("outputs/report.py", "from triage.ui import markup", "Layers"),
    ("engine/gate.py", "import streamlit", "Only the ui layer imports streamlit"),
    ("engine/engine.py", "import fpdf", "Ranking a query never loads the PDF library"),
])
def test_a_module_importing_the_wrong_layer_breaks_a_contract(tmp_path: Path, module: str, line: str,
                                                              contract: str) -> None:
    shutil.copytree(ROOT / "src" / "triage", tmp_path / "triage")
    path = tmp_path / "triage" / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    done = lint(tmp_path)
    assert done.returncode != 0
    assert f"{contract}" in done.stdout
    assert "BROKEN" in done.stdout
