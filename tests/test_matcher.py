"""The engine's numpy arithmetic against scikit-learn and scipy doing the same the plain way, and what it explains."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from triage.engine.engine import Engine
from triage.engine.language.matcher import NGRAMS, QueryWords, token_forms
from triage.engine.language.text import parse_text
from triage.engine.link_table import LinkTable
from triage.engine.scoring import OWN_EVIDENCE
from triage.engine.types import Query

TEXTS = [
    "deep ache in my left buttock down the side of my leg, psuedo sciatica and pins & needles",
    "pain pain pain in the hip hip",  # a word twice in one span counts twice
    "zorblax qqq 8kg 🙂 ache",  # words with no known n-gram, and signs
    "my left the",  # soft words only: spans with no vector
    "I can't feel my saddle area and I can't wee properly since yesterday, also my calf is swollen and red",
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_span_gets_the_cosine_tfidf_gives_its_words(engine: Engine, text: str) -> None:
    """A span's cosine with each phrase, from running totals and the words' dot products, is the cosine of the
    span's own TF-IDF vector (its forms joined) with the phrase, as scikit-learn computes it."""
    matcher = engine.understander.matcher_
    forms = [form for _, form, _ in matcher.phrases_]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS).fit(forms)
    parsed = parse_text(text, engine.understander.context_)
    words = token_forms(parsed.tokens)
    spans = [(i, j) for i in range(len(words)) for j in range(i, min(len(words), i + 6))]
    first, last = np.array(spans).T
    floor = 0.3
    rows, cols, values = QueryWords(matcher, words, floor).similar(first, last)
    got = {(int(r), int(c)): float(v) for r, c, v in zip(rows, cols, values, strict=True)}
    joined = [" ".join(w for w in words[i:j + 1] if w) for i, j in spans]
    cosines = (vectorizer.transform(joined) @ vectorizer.transform(forms).T).toarray()
    expected = {(int(r), int(c)): float(cosines[r, c]) for r, c in zip(*np.nonzero(cosines >= floor), strict=True)}
    assert got.keys() == expected.keys()
    assert all(abs(got[key] - expected[key]) < 1e-9 for key in got)


def test_link_tables_multiply_exactly_as_scipy_does() -> None:
    """The same floats as scipy's CSR product (the scores and their ties depend on it), and duplicates summed."""
    rng = np.random.default_rng(7)
    keys = rng.choice(40 * 30, size=300, replace=False)
    rows, cols, weights = keys // 30, keys % 30, rng.random(300) * 10
    vector = rng.random(30)
    table, reference = LinkTable.of(rows, cols, weights, (40, 30)), sparse.csr_matrix((weights, (rows, cols)),
                                                                                     shape=(40, 30))
    assert np.array_equal(table @ vector, reference @ vector)
    assert np.allclose(table.row_sums(), np.asarray(reference.sum(axis=1)).ravel())
    twice = LinkTable.of([*rows, 3], [*cols, int(cols[rows == 3][0])], [*weights, 1.5], (40, 30))
    assert np.isclose((twice @ vector)[3], (table @ vector)[3] + 1.5 * vector[int(cols[rows == 3][0])])
    marks = LinkTable.marks([1, 1, 2], [4, 4, 5], (3, 6))
    assert marks.weights.tolist() == [1.0, 1.0]
    assert (marks @ np.ones(6)).tolist() == [0.0, 1.0, 1.0]


@pytest.mark.parametrize("text", TEXTS)
def test_no_unit_with_evidence_of_its_own_is_passed_over(engine: Engine, text: str) -> None:
    """`with_evidence` decides which units are explained at all: every unit that some side's reasons give
    positive evidence of its own must be among them."""
    scorer = engine.scorer
    evidence = engine.understander.understand(Query(text=text, regions=("buttock_outer_left", "calf_right"))).evidence
    chosen = scorer.with_evidence(evidence)
    signs = scorer.sign_query(evidence)
    own = {unit for unit in range(len(scorer.units_)) for side in (None, "left", "right", "both")
           if any(r.weight > 0 and r.kind in OWN_EVIDENCE for r in scorer.explain(unit, side, evidence, signs))}
    assert own
    assert own == set(np.flatnonzero(chosen))


@pytest.mark.parametrize(("text", "driving"), [("I care for my husband", False), ("worse in the car", True),
                                               ("aches sitting in the car on long drives", True)])
def test_a_short_phrase_of_several_words_must_match_closely(engine: Engine, text: str, driving: bool) -> None:
    """'in the car' is 'in car' once its soft words go: two letters from 'i care', so it must match as closely
    as a short single word does."""
    parsed = parse_text(text, engine.understander.context_, engine.understander.speller_)
    found = {t for m in engine.understander.matcher_.match(parsed) for t in m.targets}
    assert ("driving" in found) is driving


@pytest.mark.parametrize(("text", "finding", "found"), [
    ("he cannot feel it when I touch it", "m_touch_toes", False),
    ("bending to touch my toes hurts", "m_touch_toes", True),
    ("the ache never spreads anywhere", "m_legs_apart", False),
    ("deep ache just above my hip", "stays_above_knee", False),
    ("it stops just above the knee", "stays_above_knee", True),
    ("a heavy feeling in my back passage", "deep_pelvic_pain", True),
    ("a sharp pian in my back passage", "deep_pelvic_pain", True)])
def test_a_phrase_matches_only_a_span_holding_its_words(engine: Engine, text: str, finding: str, found: bool) -> None:
    """A phrase's words must all be in the span, or a near spelling of them ("pian"), but for words of pain and
    time and stopwords: "touch it" is not "toe touch", "above my hip" is not "above the knee", while "back
    passage" still is "back passage pain"."""
    parsed = parse_text(text, engine.understander.context_, engine.understander.speller_)
    matched = {t for m in engine.understander.matcher_.match(parsed) for t in m.targets}
    assert (finding in matched) is found
