"""The knowledge layer: the schema of the files in `knowledge/`, their strict loading and validation, the
immutable `KnowledgeBase` and lookups over it. It imports nothing else of triage."""
