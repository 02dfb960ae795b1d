"""Fitting the paraphrase net: one logistic regression per red flag over TF-IDF word and character n-grams
of the corpus, saved as plain arrays that `triage.engine.language.paraphrase` reads without scikit-learn.

Deterministic (lbfgs, no sampling), so the same corpus always gives the same model; `triage train`
writes it and a test retrains and compares with the shipped file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from triage.engine.language import paraphrase
from triage.engine.language.paraphrase import CHAR_NGRAMS, WORD_NGRAMS, word_features
from triage.knowledge.corpus import Example, sentence_key

MIN_DOCUMENTS = 2  # a feature must occur in two sentences: one-off typos are noise, not evidence
MAX_CHAR_FEATURES = 40_000
REGULARISATION = 8.0  # logistic regression's C: 4 until the read red-team rounds joined the corpus (2026-12-05,
# 20,000 sentences). With round 9, then round 10, held out of training (320 flag, 256 benign texts each), 8 kept
# recall (308 and 307 flag texts) with 3 and 4 fewer false alarms than 4; 16 sharpened the net until a calf ache
# and a vignette's old water infection were misread; thresholds (thresholds.py) unchanged
# Weight of a flag's own sentences against all others: enough to be heard among ~5,000 others, not so much
# that every sentence sharing a word ("calf") reads as the flag.
POSITIVE_WEIGHT = 8.0


def default_model_path() -> Path:
    """Where the engine looks for the shipped model (inside the package)."""
    return Path(paraphrase.__file__).with_name(paraphrase.MODEL_FILE)


def vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """The word and character blocks, configured as the engine's reader computes them."""
    common = {"sublinear_tf": True, "min_df": MIN_DOCUMENTS, "lowercase": True, "dtype": np.float64}
    return (TfidfVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, **common),
            TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, max_features=MAX_CHAR_FEATURES, **common))


def corpus_words(examples: Sequence[Example]) -> tuple[str, ...]:
    """Every distinct word of the corpus, sorted: the speller may correct to those that are English."""
    return tuple(sorted({w for e in examples for w in word_features(e.text.lower()) if " " not in w}))


def train(examples: Sequence[Example], flags: Sequence[str], prepare: Callable[[str], str], out: Path) -> Path:
    """Fit one model per flag (the sentences carrying it against every other sentence) and save the arrays to `out`;
    `prepare` reads a sentence as the engine will (context, typos) with a speller given `corpus_words`."""
    sentences = _sentences(examples)
    texts = [prepare(text) for text, _ in sentences]
    word, char = vectorizers()
    features = sparse.hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
    weights, intercepts = [], []
    for flag in flags:
        carries = np.array([flag in carried for _, carried in sentences])
        model = LogisticRegression(C=REGULARISATION, class_weight={False: 1.0, True: POSITIVE_WEIGHT}, max_iter=3000)
        model.fit(features, carries)
        weights.append(model.coef_[0])
        intercepts.append(model.intercept_[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out, flags=np.array(list(flags)),
        word_vocabulary=_vocabulary(word), word_idf=word.idf_,
        char_vocabulary=_vocabulary(char), char_idf=char.idf_,
        weights=np.column_stack(weights).astype(np.float32), intercepts=np.array(intercepts),
        speller_words=np.array(list(corpus_words(examples))),
    )
    return out


def _sentences(examples: Sequence[Example]) -> list[tuple[str, frozenset[str]]]:
    """Each distinct sentence once (case and spacing aside) with every flag its rows say it carries: a sentence
    written for one flag that also carries another must not teach the other flag's model it is a counter-example."""
    carried: dict[str, tuple[str, set[str]]] = {}
    for example in examples:
        _, flags = carried.setdefault(sentence_key(example.text), (example.text, set()))
        if example.positive:
            flags.add(example.flag)
    return [(text, frozenset(flags)) for text, flags in carried.values()]


def _vocabulary(vectorizer: TfidfVectorizer) -> np.ndarray:
    """The feature names in column order."""
    return np.array(vectorizer.get_feature_names_out().tolist())
