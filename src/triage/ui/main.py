"""The packaged app's entry point for `triage serve` (the repository's app.py does the same)."""

from triage.ui.frame import run

run()
