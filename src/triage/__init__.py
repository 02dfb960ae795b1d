"""Triage Explorer: an educational symptom-to-muscle triage explorer (never a diagnosis).

Layers, each importing only those below it (checked by import-linter, see pyproject.toml):
`ui` (Streamlit pages) > `cli` > `teaching` | `evaluation` > `outputs` > `engine` > `knowledge`.
"""

import os

# pandas stores text columns in Arrow arrays; Arrow's own allocator (mimalloc) keeps about 11 MiB it no longer
# needs after the knowledge base is read. The system allocator gives it back. Set before pandas loads Arrow;
# a value the user chose is kept.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
