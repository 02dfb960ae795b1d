"""The README's promise about the network: `make run` serves this machine only, `make serve-class` opts in."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def dry_run(target: str) -> str:
    """The commands `make` would run for a target, without running them (the venv is assumed built)."""
    return subprocess.run(["make", "-n", "-o", ".venv/.installed", target], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


def test_run_stays_on_this_machine_and_serve_class_opts_in_to_the_network() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    run = dry_run("run")
    assert "streamlit run app.py" in run
    assert "--server.address" not in run
    serve = dry_run("serve-class")
    assert "--server.address 0.0.0.0" in serve
    assert "triage check" in serve


def test_triage_serve_uses_the_same_settings_as_the_checkout() -> None:
    """An installed copy has no .streamlit/config.toml beside it: `triage serve` passes the same settings."""
    from triage.cli import SERVER_OPTIONS, build_parser, serve_command

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    for key, value in SERVER_OPTIONS.items():
        *sections, name = key.split(".")
        table = config
        for section in sections:
            table = table[section]
        assert str(table[name]).lower() == value, key
    defaults = build_parser().parse_args(["serve"])
    command = serve_command(defaults.port, defaults.address)
    assert command[command.index("--server.address") + 1] == config["server"]["address"] == "127.0.0.1"
    assert Path(command[command.index("run") + 1]).is_file()
