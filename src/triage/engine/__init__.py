"""The engine layer: understands a query, decides the triage level first, then ranks muscles and
look-alike conditions with their reasons. Pure Python over the knowledge layer; never imports streamlit."""
