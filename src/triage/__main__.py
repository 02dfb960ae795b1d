"""`python -m triage` runs the command-line interface."""

from triage.cli import main

raise SystemExit(main())
