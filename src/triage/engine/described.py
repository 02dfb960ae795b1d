"""Signs in the person's own words: how much the words a person wrote about themselves share with what the
knowledge base says of each target (a muscle's signs and aggravating activities, a condition's summary and
distinguishing features).

Findings and regions are matched as phrases elsewhere; this catches the rest ("a full feeling around the back
passage", "long strides", "sit bone") that no finding names. Each target's text is a TF-IDF vector over light
stems (the matcher's `stem`), English stop words left out; a query's words are weighted by the same IDF, so the
similarity is a cosine between 0 and 1. Fitted once; answering changes nothing.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from triage.engine.language.text import stem, words_of
from triage.knowledge.model import KnowledgeBase

# Words that say where or how much, not what: regions and intensity are read elsewhere.
_NOT_SIGNS = frozenset({"pain", "ache", "aching", "hurt", "hurts", "sore", "left", "right", "side", "feel", "feels"})


def target_text(kb: KnowledgeBase, target: str) -> str:
    """What the knowledge base says a target feels like and what sets it off, as one text."""
    if target in kb.muscles:
        record = kb.muscles[target].record
        return " ".join([*record["signs"], *record["aggravating"]])
    record = kb.conditions[target].record
    return " ".join([record["summary"], *record["distinguishing"]])


def content_stem(word: str) -> str | None:
    """The stem of a normalised word that can describe a sign, or None for stop words, numbers and the words
    that only say where or how much."""
    if word.isalpha() and len(word) > 2 and word not in ENGLISH_STOP_WORDS and word not in _NOT_SIGNS:
        return stem(word)
    return None


def sign_stems(text: str) -> list[str]:
    """The stems of a text's content words, in order (repeats kept)."""
    return [s for s in map(content_stem, words_of(text)) if s]


class SignIndex:
    """TF-IDF rows of the targets' sign texts; `similarity(stems)` is the cosine of a query with each row."""

    def fit(self, kb: KnowledgeBase, targets: list[str]) -> SignIndex:
        documents = [sign_stems(target_text(kb, t)) for t in targets]
        terms = sorted({s for doc in documents for s in doc})
        self.column_ = {term: i for i, term in enumerate(terms)}
        frequency = np.zeros(len(terms))
        for doc in documents:
            frequency[[self.column_[s] for s in set(doc)]] += 1
        self.idf_ = np.log((1 + len(documents)) / (1 + frequency)) + 1  # scikit-learn's smoothed IDF
        rows, cols, values = [], [], []
        for row, doc in enumerate(documents):
            counts: dict[str, int] = {}
            for s in doc:
                counts[s] = counts.get(s, 0) + 1
            for s, count in counts.items():
                rows.append(row)
                cols.append(self.column_[s])
                values.append((1 + np.log(count)) * self.idf_[self.column_[s]])
        matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(targets), len(terms)))
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        self.matrix_ = sparse.diags(1 / np.maximum(norms, 1e-12)) @ matrix
        return self

    def query(self, stems: frozenset[str]) -> np.ndarray:
        """The unit-length IDF vector of a query's distinct stems (zeros when none is known)."""
        vector = np.zeros(len(self.column_))
        for s in stems:
            if s in self.column_:
                vector[self.column_[s]] = self.idf_[self.column_[s]]
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def similarity(self, query: np.ndarray) -> np.ndarray:
        """Cosine of a query vector (`query`) with every target, in the order fitted."""
        return self.matrix_ @ query

    def shared(self, row: int, query: np.ndarray, limit: int = 4) -> tuple[float, list[str]]:
        """One target's cosine with a query vector, and the query stems that count most for it, most first."""
        weights = self.matrix_.getrow(row).toarray().ravel() * query
        best = [i for i in np.argsort(-weights, kind="stable")[:limit] if weights[i] > 0]
        terms = list(self.column_)
        return float(weights.sum()), [terms[i] for i in best]
