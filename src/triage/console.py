"""The `triage` console command (and `python -m triage`): the command line, started without Arrow where it can be.

pandas imports pyarrow whenever it is installed (Streamlit installs it), which costs about 40 MiB and a tenth of a
second on every cold start. Answering (`rank`) and reading the knowledge base (`check`, `show`) never need it:
without it pandas keeps text in Python objects, with the same output (the answers to all the project's texts were
compared in full). The other commands keep it: scikit-learn, for one, looks pyarrow up in `sys.modules`. The app,
run by Streamlit in its own process, is not affected.
"""

import sys

WITHOUT_ARROW = frozenset({"rank", "check", "show"})


def run() -> int:
    """Hide pyarrow from pandas for the commands that do without it, then run the command line."""
    if sys.argv[1:2] and sys.argv[1] in WITHOUT_ARROW and "pyarrow" not in sys.modules:
        sys.modules["pyarrow"] = None  # type: ignore[assignment]  # `import pyarrow` now raises ImportError
    from triage.cli import run as run_cli

    return run_cli()
