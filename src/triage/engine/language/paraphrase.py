"""The learned paraphrase net: how strongly a text reads like each red flag, in words no rule lists.

A linear model per red flag over TF-IDF word 1-2-grams and character 3-5-grams within words, trained by
`triage train` (`triage.training.paraphrase`, with scikit-learn) on the corpus in
`knowledge/red_flag_corpus.csv`, and shipped as plain arrays (`red_flag_net.npz`). Answering needs only
numpy: the features are computed here exactly as scikit-learn's `TfidfVectorizer` computes them (a test
checks both give the same probabilities), so a query never imports scikit-learn.

The net never changes after loading: no cache keyed on what people type.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

MODEL_FILE = "red_flag_net.npz"
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 5)
_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")


def word_features(text: str) -> list[str]:
    """Word 1-2-grams, as scikit-learn's word analyzer makes them (lower case, words of 2+ characters)."""
    tokens = _WORD.findall(text.lower())
    grams = list(tokens)
    for n in range(max(2, WORD_NGRAMS[0]), WORD_NGRAMS[1] + 1):
        grams += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_features(text: str, ngrams: tuple[int, int] = CHAR_NGRAMS) -> list[str]:
    """Character n-grams inside words padded with a space, as scikit-learn's 'char_wb' analyzer makes them."""
    grams: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(ngrams[0], ngrams[1] + 1):
            grams += [padded[i:i + n] for i in range(max(1, len(padded) - n + 1))]
            if len(padded) <= n:  # a short word counts once
                break
    return grams


@dataclass(frozen=True)
class _Block:
    """One TF-IDF block: how it cuts a text into features, its vocabulary (feature -> column) and idf weights."""

    analyse: Callable[[str], list[str]]
    vocabulary: dict[str, int]
    idf: np.ndarray

    def vector(self, text: str) -> dict[int, float]:
        """Sublinear TF-IDF, L2-normalised, as {column: value} over the known features."""
        counts = Counter(g for g in self.analyse(text) if g in self.vocabulary)
        values = {self.vocabulary[g]: (1.0 + math.log(c)) * float(self.idf[self.vocabulary[g]])
                  for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        return {k: v / norm for k, v in values.items()} if norm else {}


class ParaphraseNet:
    """Per-flag probabilities for a text. Load with `ParaphraseNet.load()` (the shipped model) or a path."""

    def __init__(self, flags: tuple[str, ...], word: _Block, char: _Block, weights: np.ndarray,
                 intercepts: np.ndarray, speller_words: tuple[str, ...] = ()) -> None:
        """`weights` may stay float32 as saved (half the memory): products are taken in float64 all the same."""
        self.flags = flags
        self.speller_words = speller_words  # the corpus's words, which the speller corrected to in training
        self._word, self._char = word, char
        self._weights, self._intercepts = weights, intercepts
        self._offset = len(word.idf)
        self._word_names = sorted(word.vocabulary, key=word.vocabulary.__getitem__)  # column -> word or word pair

    @classmethod
    def load(cls, path: Path | None = None) -> ParaphraseNet:
        """The model saved by `triage train` (by default the one shipped beside this module)."""
        source = path or resources.files("triage.engine.language").joinpath(MODEL_FILE)
        with source.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
            word = _Block(word_features, {g: i for i, g in enumerate(data["word_vocabulary"].tolist())},
                          data["word_idf"])
            char = _Block(char_features, {g: i for i, g in enumerate(data["char_vocabulary"].tolist())},
                          data["char_idf"])
            return cls(tuple(data["flags"].tolist()), word, char, data["weights"],
                       data["intercepts"].astype(np.float64), tuple(data["speller_words"].tolist()))

    def probabilities(self, text: str) -> np.ndarray:
        """P(flag | text) for every flag, in `self.flags` order."""
        columns: list[int] = []
        values: list[float] = []
        for block, offset in ((self._word, 0), (self._char, self._offset)):
            vector = block.vector(text)
            columns += [offset + column for column in vector]
            values += vector.values()
        logits = (self._intercepts + np.asarray(values) @ self._weights[columns].astype(np.float64) if columns
                  else self._intercepts)
        return 1.0 / (1.0 + np.exp(-logits))

    def words_for(self, text: str, flag: int, count: int = 3) -> tuple[str, ...]:
        """The words and word pairs of the text that pushed this flag's probability up most."""
        pushes = {self._word_names[column]: value * float(self._weights[column, flag])
                  for column, value in self._word.vector(text).items()}
        ranked = sorted((p for p in pushes.items() if p[1] > 0), key=lambda p: -p[1])
        return tuple(word for word, _ in ranked[:count])

    @classmethod
    def shipped(cls) -> ParaphraseNet | None:
        """The model shipped with the package, or None if it was never trained."""
        source = resources.files("triage.engine.language").joinpath(MODEL_FILE)
        return cls.load() if source.is_file() else None
