"""Signs in the person's own words: how much the words a person wrote about themselves share with what the
knowledge base says of each target (a muscle's signs and aggravating activities, a condition's summary and
distinguishing features).

Findings and regions are matched as phrases elsewhere; this catches the rest ("a full feeling around the back
passage", "long strides", "sit bone") that no finding names. Each target's text is a TF-IDF vector over light
stems (the matcher's `stem`), English stop words left out; a query's words are weighted by the same IDF, so the
similarity is a cosine between 0 and 1. Fitted once; answering changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from importlib import resources

import numpy as np

from triage.engine.language.text import stem, words_of
from triage.knowledge.model import KnowledgeBase

# Words that say where or how much, not what: regions and intensity are read elsewhere.
_NOT_SIGNS = frozenset({"pain", "ache", "aching", "hurt", "hurts", "sore", "left", "right", "side", "feel", "feels"})


def _stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from the package's copy (see the file's header)."""
    text = resources.files("triage.engine.language").joinpath("stop_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


STOP_WORDS = _stop_words()


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
    if word.isalpha() and len(word) > 2 and word not in STOP_WORDS and word not in _NOT_SIGNS:
        return stem(word)
    return None


def sign_stems(text: str) -> list[str]:
    """The stems of a text's content words, in order (repeats kept)."""
    return [s for s in map(content_stem, words_of(text)) if s]


@dataclass(frozen=True)
class SignQuery:
    """A query's stems as the index reads them: the columns of the stems it knows and their unit-length weights."""

    columns: np.ndarray
    weights: np.ndarray
    block: np.ndarray  # targets x columns: the index's weights of the query's stems


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
        matrix = np.zeros((len(targets), len(terms)))  # dense: a hundred targets by a few thousand stems
        for row, doc in enumerate(documents):
            for s, count in Counter(doc).items():
                matrix[row, self.column_[s]] = (1 + np.log(count)) * self.idf_[self.column_[s]]
        norms = np.linalg.norm(matrix, axis=1)
        self.matrix_ = matrix / np.maximum(norms, 1e-12)[:, None]
        self.terms_ = terms
        return self

    def query(self, stems: frozenset[str]) -> SignQuery:
        """The unit-length IDF vector of a query's distinct stems, as its known columns and their weights."""
        columns = np.array(sorted(self.column_[s] for s in stems if s in self.column_), dtype=np.int64)
        weights = self.idf_[columns]
        norm = np.linalg.norm(weights)
        weights = weights / norm if norm else weights
        return SignQuery(columns, weights, self.matrix_[:, columns])

    def similarity(self, query: SignQuery) -> np.ndarray:
        """Cosine of a query with every target, in the order fitted."""
        return query.block @ query.weights

    def shared(self, row: int, query: SignQuery, limit: int = 4) -> tuple[float, list[str]]:
        """One target's cosine with a query, and the query stems that count most for it, most first."""
        weights = query.block[row] * query.weights
        best = [i for i in np.argsort(-weights, kind="stable")[:limit] if weights[i] > 0]
        return float(weights.sum()), [self.terms_[query.columns[i]] for i in best]
