"""Triage Explorer: an educational symptom-to-muscle triage explorer (never a diagnosis).

Layers, each importing only those below it (checked by import-linter, see pyproject.toml):
`ui` (Streamlit pages) > `cli` > `teaching` | `evaluation` > `outputs` > `engine` > `knowledge`.
"""
