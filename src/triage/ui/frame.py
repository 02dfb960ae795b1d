"""The app frame: page config, the knowledge base, the disclaimer on every page, navigation."""

from __future__ import annotations

from importlib import resources as files

import streamlit as st
from streamlit.navigation.page import Page

from triage.engine.gate import DISCLAIMER
from triage.knowledge.errors import KnowledgeBaseError
from triage.knowledge.model import KnowledgeBase
from triage.ui import faults, links, resources
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
    st.html(_APP_CSS)
    _page_menu(pages)
    st.info(DISCLAIMER, icon=":material/health_and_safety:")
    links.show_notices()
    with faults.guarded():
        page.run()


_APP_CSS = "<style>" + (files.files("triage.ui") / "static" / "app.css").read_text(encoding="utf-8") + "</style>"


def _page_menu(pages: list[Page]) -> None:
    """A menu button that says "Pages", shown on narrow screens only (see static/app.css)."""
    with st.container(key="page_menu"), st.popover("Pages", icon=":material/menu:"):
        for page in pages:
            st.page_link(page)


def _knowledge_base() -> KnowledgeBase:
    """The cached knowledge base; an invalid one stops the app with every problem listed."""
    try:
        return resources.knowledge_base()
    except KnowledgeBaseError as error:
        st.error("The knowledge base is invalid, so nothing can be shown. Run `triage check` for details.")
        st.code(str(error), language=None)
        st.stop()
        raise  # st.stop() does not return; this keeps type checkers and readers sure of it
