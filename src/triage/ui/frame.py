"""The app frame: page config, the knowledge base (cached once per process), disclaimer, navigation."""

from __future__ import annotations

import streamlit as st

from triage.errors import KnowledgeBaseError
from triage.gate import DISCLAIMER
from triage.knowledge import KnowledgeBase, load_knowledge_base


@st.cache_resource(show_spinner=False)
def knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base, loaded and validated once per server process."""
    return load_knowledge_base()


def run() -> None:
    st.set_page_config(page_title="Triage Explorer", page_icon="🩺", layout="wide")
    st.caption(DISCLAIMER)
    try:
        kb = knowledge_base()
    except KnowledgeBaseError as error:
        st.error("The knowledge base is invalid, so nothing can be shown. Run `triage check` for details.")
        st.code(str(error), language=None)
        st.stop()
    st.title("Triage Explorer")
    st.write(kb.summary())
    st.dataframe(
        [{"muscle": m.name, "group": m.group.replace("_", " ")} for m in kb.muscles.values()],
        hide_index=True,
    )
