"""About: what Triage Explorer is and is not, privacy, licences and every source of the knowledge base."""

from __future__ import annotations

import streamlit as st

from triage.engine.gate import CONSULT, DISCLAIMER
from triage.ui import links, resources
from triage.ui.pages import ABOUT

WHAT_IT_IS_NOT = """
- **Not a diagnosis.** It shows muscles whose trigger-point referral patterns match what you marked. It cannot tell
  what is causing your pain, and a match is never a finding.
- **Not a substitute for a clinician.** It screens for warning signs (red flags) first and tells you to get medical
  help when one is present; every result says to consult a therapist.
- **Not for emergencies.** If the pain is severe, new, getting worse, or comes with any warning sign, see a doctor.
- **Not a record.** Nothing you enter is stored, logged or sent anywhere.
"""

PRIVACY = """
The app talks to no host but its own: no analytics, no fonts or scripts from elsewhere, and Streamlit's usage
statistics are switched off. What you type stays in this browser session and is gone when you close it. Links you
share hold only the page, the muscle, the marked areas, the map view and the Class page's settings, never your
words.
"""

HOW_IT_WORKS = """
Everything the tool knows lives in a human-editable knowledge base (muscles, referral zones, findings, warning
signs, rules and sources), reviewed like code. Safety questions decide first. Then each muscle gets points for
every marked area inside its referral pattern (essential zone more than spillover) and for every finding linked to
it, and loses points for findings you say are absent; every point is listed under "Why" with its source.
"""

LICENCES = """
- **Code:** MIT licence.
- **Knowledge base** (`knowledge/`): [Creative Commons Attribution 4.0 (CC BY 4.0)](https://creativecommons.org/licenses/by/4.0/);
  every fact cites a source listed below.
- **Body-map silhouette:** derived from the CC0 (public domain) silhouettes of gganatogram, as shipped in the
  MIT-licensed `anatomapa` package; the region shapes are the project's own.
"""


def render() -> None:
    """Draw the About page."""
    kb = resources.knowledge_base()
    st.title("About Triage Explorer")
    st.markdown("An open-source, **educational** explorer of hip, low-back and leg pain: mark where it hurts and see "
                "the muscles whose referral patterns match, why, self-care ideas with safety notes, and the "
                "look-alike conditions a therapist would rule out.")
    st.warning(DISCLAIMER, icon=":material/warning:")
    st.subheader("What it is not")
    st.markdown(WHAT_IT_IS_NOT)
    st.info(CONSULT, icon=":material/stethoscope:")
    st.subheader("Privacy")
    st.markdown(PRIVACY)
    st.subheader("How it works")
    st.markdown(HOW_IT_WORKS)
    st.caption(kb.summary())
    st.subheader("Licences")
    st.markdown(LICENCES)
    st.subheader(f"Sources ({len(kb.sources)})")
    sources = kb.sources.reset_index(drop=True)[["id", "title", "author", "kind", "url", "accessed"]]
    st.dataframe(sources, hide_index=True, width="stretch",
                 column_config={"url": st.column_config.LinkColumn("url")})
    links.mirror(ABOUT)
