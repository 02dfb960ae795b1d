"""Triage Explorer's Streamlit entry point: a thin frame (page setup, disclaimer, knowledge base)."""

from triage.ui.frame import run

run()
