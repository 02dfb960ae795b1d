"""Reading what a person typed: tokens, clauses and negation, fuzzy phrase matching and red-flag cues."""
