"""The `triage` console command (and `python -m triage`): the command line, started without Arrow.

pandas imports pyarrow whenever it is installed (Streamlit installs it), which costs about 40 MiB and a tenth of a
second on every cold start. No command of the command line needs it: without it pandas keeps text in Python
objects, and every command gives the same output (the answers to all the project's texts were compared in full).
The app, run by Streamlit in its own process, still has it.
"""

import sys


def run() -> int:
    """Hide pyarrow from pandas unless something has loaded it already, then run the command line."""
    if "pyarrow" not in sys.modules:
        sys.modules["pyarrow"] = None  # type: ignore[assignment]  # `import pyarrow` now raises ImportError
    from triage.cli import run as run_cli

    return run_cli()
