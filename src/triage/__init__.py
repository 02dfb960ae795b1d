"""Triage Explorer: an educational symptom-to-muscle triage explorer (never a diagnosis)."""

__version__ = "0.1.0"
