"""Fuzzy matching of lay phrases in free text with a character n-gram TF-IDF index.

Every lay term of the knowledge base (regions, findings, red flags) is a phrase. A text is cut into
candidate spans (runs of up to a few words inside one clause); each span is compared with every
phrase by cosine similarity of character n-grams, so typos ("psuedo sciatica") and variants ("pins &
needles") still match. The best non-overlapping matches are kept, each with its span, so the app can
say what it understood.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from triage.engine.language.paraphrase import char_features
from triage.engine.language.text import SOFT_WORDS, ParsedText, Token, match_form, stem, words_of

# Words that may not begin or end a span: a span "and my" means nothing on its own.
EDGE_STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "my", "i", "i'm", "im", "it", "it's", "its", "is", "was", "are", "be", "been",
    "me", "of", "to", "in", "on", "at", "with", "have", "has", "had", "very", "really", "so", "also", "some",
    "this", "that", "there", "when", "if", "as", "for", "from", "by", "up", "just", "get", "got", "feel", "feels",
    "which", "what", "then", "than", "too", "quite", "bit", "lot", "like", "kind", "sort", "left", "right", "lt",
    "rt",
})


LONG_WORD = 8  # characters
NGRAMS = (3, 4)  # character n-grams within words; 2-grams are shared by nearly every phrase


@dataclass(frozen=True)
class Phrase:
    """A lay term of one knowledge item: kind is 'region', 'finding' or 'red_flag'; target is its id."""

    kind: str
    target: str
    text: str


@dataclass(frozen=True)
class Match:
    """A phrase found in the text: where, how well, and whether it is negated."""

    kind: str
    targets: tuple[str, ...]
    phrase: str
    start: int
    end: int
    first_token: int
    last_token: int
    score: float
    negated: bool

    @property
    def tokens(self) -> range:
        """The indices of the tokens the phrase covers."""
        return range(self.first_token, self.last_token + 1)


class PhraseMatcher:
    """Finds known phrases in text. Parameters are stored by __init__; `fit` learns the index."""

    def __init__(self, threshold: float = 0.74, single_word_threshold: float = 0.86, long_word_threshold: float = 0.76,
                 max_extra_words: int = 1, kind_thresholds: dict[str, float] | None = None) -> None:
        self.threshold = threshold
        self.single_word_threshold = single_word_threshold
        self.long_word_threshold = long_word_threshold
        self.max_extra_words = max_extra_words
        self.kind_thresholds = kind_thresholds

    def fit(self, phrases: list[Phrase]) -> PhraseMatcher:
        """Index the phrases; one phrase form shared by several targets of a kind names them all."""
        targets: dict[tuple[str, str], list[str]] = {}
        self.start_words_: set[str] = set()
        self.end_words_: set[str] = set()
        for phrase in phrases:
            words = words_of(phrase.text)
            form = match_form(words)
            if words:  # a span may start or end with a stopword only where some phrase does ("have to stop walking")
                self.start_words_.add(words[0])
                self.end_words_.add(words[-1])
            if form:
                targets.setdefault((phrase.kind, form), [])
                if phrase.target not in targets[(phrase.kind, form)]:
                    targets[(phrase.kind, form)].append(phrase.target)
        if not targets:
            raise ValueError("PhraseMatcher.fit needs at least one non-empty phrase")
        self.phrases_ = [(kind, form, tuple(ids)) for (kind, form), ids in targets.items()]
        self._fit_index([form for _, form, _ in self.phrases_])
        # char_wb n-grams never cross a word boundary, so a span's counts are the sum of its words' counts:
        # spans are built by one sparse product over per-word counts.
        # The phrases' own words are analysed once, here; a query's other words are analysed for that query only,
        # so the fitted matcher never changes and never holds what anyone typed.
        known = list(dict.fromkeys(w for _, form, _ in self.phrases_ for w in form.split()))
        self.word_rows_ = {w: i for i, w in enumerate(known)}
        self.word_weights_ = self._counts(known) @ self.idf_  # each known word's TF-IDF weights (IDF is linear)
        self.words_ = np.array([len(form.split()) for _, form, _ in self.phrases_])
        self.chars_ = np.array([len(form) for _, form, _ in self.phrases_])
        floor = np.array([(self.kind_thresholds or {}).get(kind, 0.0) for kind, _, _ in self.phrases_])
        # A short single word must match almost exactly; a long one ("piriformus") may carry a typo.
        single = np.where(self.chars_ >= LONG_WORD, self.long_word_threshold, self.single_word_threshold)
        self.thresholds_ = np.maximum(np.where(self.words_ == 1, single, self.threshold), floor)
        self.max_words_ = int(self.words_.max()) + self.max_extra_words
        return self

    def _fit_index(self, forms: list[str]) -> None:
        """TF-IDF of the phrases' character n-grams within words, as scikit-learn's TfidfVectorizer(analyzer=
        "char_wb") gives it (smoothed IDF, unit rows; a test compares the two), without importing scikit-learn."""
        grams = [Counter(char_features(form, NGRAMS)) for form in forms]
        self.vocabulary_ = {g: i for i, g in enumerate(sorted({g for counts in grams for g in counts}))}
        frequency = np.zeros(len(self.vocabulary_))
        for counts in grams:
            frequency[[self.vocabulary_[g] for g in counts]] += 1
        idf = np.log((1 + len(grams)) / (1 + frequency)) + 1
        self.idf_ = sparse.diags(idf).tocsr()  # converted once here, not on every product
        self.matrix_ = self._rows(grams, idf).T.tocsr()

    def match(self, parsed: ParsedText) -> list[Match]:
        """Best non-overlapping matches per kind, in text order."""
        if not hasattr(self, "phrases_"):
            raise RuntimeError("PhraseMatcher is not fitted: call fit() first")
        spans = self._spans(parsed.tokens)
        if not spans:
            return []
        # Each word is stemmed once per query (not cached across queries: the matcher keeps nothing typed).
        forms = [None if t.norm in SOFT_WORDS else stem(t.norm) or None for t in parsed.tokens]
        first, last = np.array(spans).T
        # A span's words and characters (its forms joined by spaces), from running totals over the tokens.
        words = np.r_[0, np.cumsum([form is not None for form in forms])]
        chars = np.r_[0, np.cumsum([len(form) if form else 0 for form in forms])]
        span_words_all = words[last + 1] - words[first]
        span_chars_all = np.maximum(chars[last + 1] - chars[first] + span_words_all - 1, 0)
        # Sparse all the way: only span-phrase pairs that share n-grams and could pass a threshold are kept.
        similarity = (self._span_vectors(forms, first, last) @ self.matrix_).tocoo()
        keep = similarity.data >= self.thresholds_.min()
        rows, cols, values = similarity.row[keep], similarity.col[keep], similarity.data[keep]
        span_words = span_words_all[rows]
        span_chars = span_chars_all[rows]
        # A span may hold at most `max_extra_words` words more or fewer than the phrase, and similar length.
        fits = np.abs(span_words - self.words_[cols]) <= self.max_extra_words
        ratio = np.minimum(span_chars, self.chars_[cols]) / np.maximum(span_chars, self.chars_[cols])
        score = values * np.sqrt(ratio) * fits
        passed = score >= self.thresholds_[cols]
        candidates = sorted(
            ((float(v), spans[r], int(c)) for v, r, c in zip(score[passed], rows[passed], cols[passed], strict=True)),
            key=lambda item: (-round(item[0] + 0.03 * (item[1][1] - item[1][0]), 9), item[1][0], item[2]),
        )
        return self._select(parsed, candidates)

    def _span_vectors(self, forms: list[str | None], first: np.ndarray, last: np.ndarray) -> sparse.csr_matrix:
        """TF-IDF vectors of the spans first..last of the tokens' forms, from per-word n-gram counts (the same result
        as transforming the spans' texts): the phrases' words from the fitted table, this query's other words
        counted on the spot and forgotten."""
        lengths = last - first + 1
        rows = np.repeat(np.arange(len(first)), lengths)
        tokens = first[rows] + np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        unknown = list(dict.fromkeys(f for f in forms if f and f not in self.word_rows_))
        local = {w: len(self.word_rows_) + i for i, w in enumerate(unknown)}
        table = (sparse.vstack([self.word_weights_, self._counts(unknown) @ self.idf_]).tocsr() if unknown
                 else self.word_weights_)
        column = np.array([-1 if f is None else self.word_rows_.get(f, local.get(f, 0)) for f in forms])[tokens]
        words = column >= 0
        incidence = sparse.csr_matrix((np.ones(int(words.sum())), (rows[words], column[words])),
                                      shape=(len(first), table.shape[0]))
        return _unit_rows(incidence @ table)

    def _rows(self, grams: list[Counter[str]], idf: np.ndarray) -> sparse.csr_matrix:
        """Unit-length TF-IDF rows of n-gram counts, computed as scikit-learn computes them: each row's values in
        the order it keeps them (by the n-gram's first appearance in the whole list), squares summed in that order,
        each value divided by the norm; so the phrases' vectors are the very same numbers."""
        first_seen = {g: i for i, g in enumerate(dict.fromkeys(g for counts in grams for g in counts))}
        lengths = np.array([len(counts) for counts in grams])
        rows = np.repeat(np.arange(len(grams)), lengths)
        seen = np.array([first_seen[g] for counts in grams for g in counts])
        order = np.lexsort((seen, rows))
        indices = np.array([self.vocabulary_[g] for counts in grams for g in counts], dtype=np.int64)[order]
        values = np.array([n for counts in grams for n in counts.values()], dtype=float)[order] * idf[indices]
        indptr = np.r_[0, np.cumsum(lengths)]
        return _unit_rows(sparse.csr_matrix((values, indices, indptr), shape=(len(grams), len(self.vocabulary_))))

    def _counts(self, words: list[str]) -> sparse.csr_matrix:
        """Character n-gram counts of words over the fitted vocabulary, as the fitted counter gives them."""
        vocabulary = self.vocabulary_
        rows, cols = [], []
        for row, word in enumerate(words):
            for gram in char_features(word, NGRAMS):
                if gram in vocabulary:
                    rows.append(row)
                    cols.append(vocabulary[gram])
        return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(words), len(vocabulary)))

    def _spans(self, tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
        spans = []
        for first, token in enumerate(tokens):
            if token.norm in EDGE_STOPWORDS and token.norm not in self.start_words_:
                continue
            for last in range(first, min(len(tokens), first + self.max_words_)):
                if tokens[last].clause != token.clause:
                    break
                if tokens[last].norm not in EDGE_STOPWORDS or tokens[last].norm in self.end_words_:
                    spans.append((first, last))
        return spans

    def _select(self, parsed: ParsedText, candidates: list[tuple[float, tuple[int, int], int]]) -> list[Match]:
        taken: dict[str, set[int]] = {}
        chosen: list[Match] = []
        for score, (first, last), col in candidates:
            kind, form, targets = self.phrases_[col]
            used = taken.setdefault(kind, set())
            if used.intersection(range(first, last + 1)):
                continue
            used.update(range(first, last + 1))
            tokens = parsed.tokens
            chosen.append(Match(
                kind=kind, targets=targets, phrase=form,
                start=tokens[first].start, end=tokens[last].end, first_token=first, last_token=last,
                score=round(score, 3), negated=tokens[first].negated,
            ))
        return sorted(chosen, key=lambda m: (m.start, m.kind))


def _unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows scaled to unit length (L2), as scikit-learn's `normalize` scales them: each row's squares summed in
    the order its values are stored, each value divided by the norm; an empty row stays empty."""
    lengths = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(len(lengths)), lengths)
    norms = np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=len(lengths)))
    norms[norms == 0] = 1.0
    return sparse.csr_matrix((matrix.data / norms[rows], matrix.indices, matrix.indptr), shape=matrix.shape)
