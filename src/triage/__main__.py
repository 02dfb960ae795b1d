"""`python -m triage` runs the command-line interface."""

from triage.console import run

raise SystemExit(run())
