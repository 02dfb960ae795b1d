"""The app frame: page config, the knowledge base, the disclaimer on every page, navigation."""

from __future__ import annotations

import logging
import traceback

import streamlit as st

from triage.engine.gate import DISCLAIMER
from triage.knowledge.errors import KnowledgeBaseError
from triage.knowledge.model import KnowledgeBase
from triage.ui import links, resources
from triage.ui.pages import ABOUT, CLASS, EXPLORE, REFERRAL, about, classroom, explore, referral

# (url path, title, icon, page function); the first is the landing page unless a link asks for another.
PAGES = (
    (EXPLORE, "Explore", ":material/accessibility_new:", explore.render),
    (REFERRAL, "Referral patterns", ":material/stacked_line_chart:", referral.render),
    (CLASS, "Class", ":material/school:", classroom.render),
    (ABOUT, "About", ":material/info:", about.render),
)


def run() -> None:
    """Draw the frame and run the current page."""
    st.set_page_config(page_title="Triage Explorer", page_icon="🩺", layout="wide")
    kb = _knowledge_base()
    landing = links.seed(kb) or PAGES[0][0]
    links.keep(*explore.KEPT, *referral.KEPT, *classroom.KEPT)
    pages = [st.Page(render, title=title, icon=icon, url_path=path, default=path == landing)
             for path, title, icon, render in PAGES]
    page = st.navigation(pages, position="top")
    st.info(DISCLAIMER, icon=":material/health_and_safety:")
    links.show_notices()
    try:
        page.run()
    except Exception as error:  # Streamlit's own stop and rerun signals are BaseExceptions and pass through
        _unexpected(error)


UNEXPECTED = ("Sorry, part of this page could not be shown because of a fault in Triage Explorer. Nothing you "
              "entered was kept. Any warning above still applies; reload the page to try again.")
_log = logging.getLogger(__name__)


def _unexpected(error: Exception) -> None:
    """A plain sentence for the person; for the server log the fault's type and place, never its message
    (which could quote what the person typed)."""
    st.error(UNEXPECTED, icon=":material/error:")
    place = "".join(traceback.format_tb(error.__traceback__))
    _log.error("unexpected %s while drawing a page:\n%s", type(error).__name__, place)


def _knowledge_base() -> KnowledgeBase:
    """The cached knowledge base; an invalid one stops the app with every problem listed."""
    try:
        return resources.knowledge_base()
    except KnowledgeBaseError as error:
        st.error("The knowledge base is invalid, so nothing can be shown. Run `triage check` for details.")
        st.code(str(error), language=None)
        st.stop()
        raise  # st.stop() does not return; this keeps type checkers and readers sure of it
