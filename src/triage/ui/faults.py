"""An unexpected fault while drawing becomes one plain sentence: no traceback, path or outside link reaches a
person, and whatever was drawn before it (a red-flag warning first of all) stays on the page."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

UNEXPECTED = ("Sorry, part of this page could not be shown because of a fault in Triage Explorer. Nothing you "
              "entered was kept. Any warning above still applies; reload the page to try again.")
_log = logging.getLogger(__name__)


@contextmanager
def guarded() -> Iterator[None]:
    """Draw the block; on a fault, say so plainly (Streamlit's stop and rerun signals are BaseExceptions and pass)."""
    try:
        yield
    except Exception as error:
        st.error(UNEXPECTED, icon=":material/error:")
        # For the server log the fault's type and place, never its message (it could quote what was typed).
        place = "".join(traceback.format_tb(error.__traceback__))
        _log.error("unexpected %s while drawing a page:\n%s", type(error).__name__, place)
