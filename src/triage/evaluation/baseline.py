"""A plain baseline to measure the engine against: TF-IDF cosine between a case's words and each
muscle's own text (names, referral zones, aggravating activities, signs), with a triage guess from
the closest red flag or nerve-like finding. No rules, no negation, no sides."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from triage.knowledge.model import KnowledgeBase

TRIAGE_SIMILARITY = 0.3


class Baseline:
    """Ranks muscles by word TF-IDF similarity. `fit(kb)` indexes the muscles' texts."""

    def fit(self, kb: KnowledgeBase) -> Baseline:
        zone_label = kb.zone_labels
        self.muscles_ = list(kb.muscles)
        texts = [
            " ".join([m.name, *m.aliases, *(zone_label[z] for z in (*m.essential, *m.spillover)),
                      *m.record["aggravating"], *m.record["signs"]])
            for m in kb.muscles.values()
        ]
        flags = [" ".join([row.label, *row.lay_terms]) for row in kb.red_flags.itertuples()]
        nerve = kb.findings[kb.findings["nerve_like"] == "yes"]
        nerve_texts = [" ".join([row.label, *row.lay_terms]) for row in nerve.itertuples()]
        self.vectorizer_ = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit(texts + flags + nerve_texts)
        self.muscle_matrix_ = self.vectorizer_.transform(texts)
        self.flag_matrix_ = self.vectorizer_.transform(flags)
        self.flag_urgency_ = list(kb.red_flags["urgency"])
        self.flag_ids_ = list(kb.red_flags.index)
        self.nerve_matrix_ = self.vectorizer_.transform(nerve_texts)
        return self

    def rank(self, text: str) -> list[str]:
        """Muscle ids, most similar first (only those sharing at least one word)."""
        similarity = cosine_similarity(self.vectorizer_.transform([text]), self.muscle_matrix_).ravel()
        order = np.argsort(-similarity, kind="stable")
        return [self.muscles_[i] for i in order if similarity[i] > 0]

    def triage(self, text: str) -> tuple[str, tuple[str, ...]]:
        """(level, red flags): the closest red flag and its urgency, else see_clinician for a close nerve-like
        finding, else self_care."""
        vector = self.vectorizer_.transform([text])
        flags = cosine_similarity(vector, self.flag_matrix_).ravel()
        if flags.size and flags.max() >= TRIAGE_SIMILARITY:
            closest = int(flags.argmax())
            return self.flag_urgency_[closest], (self.flag_ids_[closest],)
        nerve = cosine_similarity(vector, self.nerve_matrix_).ravel()
        return ("see_clinician" if nerve.size and nerve.max() >= TRIAGE_SIMILARITY else "self_care"), ()
