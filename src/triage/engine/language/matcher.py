"""Fuzzy matching of lay phrases in free text with a character n-gram TF-IDF index.

Every lay term of the knowledge base (regions, findings, red flags) is a phrase. A text is cut into
candidate spans (runs of up to a few words inside one clause); each span is compared with every
phrase by cosine similarity of character n-grams, so typos ("psuedo sciatica") and variants ("pins &
needles") still match. The best non-overlapping matches are kept, each with its span, so the app can
say what it understood.

Only numpy is used, at fit and when answering: a span's vector is the sum of its words' vectors, so its dot
product with a phrase is a difference of running totals over the tokens, and its length comes from the words'
dot products with one another. Importing scipy for this cost 23 MiB and a tenth of a second on every cold start.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from triage.engine.language.context import NEGATION_WORD
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
# Words that name no place of their own: the head of "sacroiliac joint" or "pubic bone" is the word before.
GENERIC_PLACE_WORDS = frozenset(stem(w) for w in ("area", "region", "joint", "bone", "bit", "part", "spot", "zone"))
QUALIFIED = 0.04  # preference per extra word of a place phrase, so "inside my thigh" beats the bare "thigh"
HEAD_WORD = 0.6  # cosine between a span's last word and a place phrase's last word (its head: "toes" in "little toes")
NGRAMS = (3, 4)  # character n-grams within words; 2-grams are shared by nearly every phrase
SPAN_BLOCK = 250_000  # span-phrase similarities held at once: bounds what a very long text takes


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
                 max_extra_words: int = 1, kind_thresholds: dict[str, float] | None = None,
                 headed_kinds: frozenset[str] = frozenset(), loose_words: frozenset[str] = frozenset()) -> None:
        """`headed_kinds`: kinds whose phrases name a place by their last word, which a span must end on ("aches a
        little" is not "little toes", nor "back of my upper" the "upper back"); the others match as bags of words."""
        self.threshold = threshold
        self.single_word_threshold = single_word_threshold
        self.long_word_threshold = long_word_threshold
        self.max_extra_words = max_extra_words
        self.kind_thresholds = kind_thresholds
        self.headed_kinds = headed_kinds
        self.loose_words = loose_words

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
        # The phrases' own words are analysed once, here; a query's other words are analysed for that query only,
        # so the fitted matcher never changes and never holds what anyone typed.
        known = dict.fromkeys(w for _, form, _ in self.phrases_ for w in form.split())
        self.word_vectors_ = {word: self.word_vector(word) for word in known}
        self.words_ = np.array([len(form.split()) for _, form, _ in self.phrases_])
        self.needed_ = self._needed_words()
        self.heads_ = [_head(form) for _, form, _ in self.phrases_]  # the word each phrase ends on (headed kinds)
        verbal = {(p.kind, match_form(words_of(p.text))) for p in phrases if _is_verbal(_raw_head(p.text))}
        self.verbal_heads_ = [(kind, form) in verbal for kind, form, _ in self.phrases_]  # "sitting bone"
        self.chars_ = np.array([len(form) for _, form, _ in self.phrases_])
        floor = np.array([(self.kind_thresholds or {}).get(kind, 0.0) for kind, _, _ in self.phrases_])
        # A short single word must match almost exactly; a long one ("piriformus") may carry a typo. So must a short
        # phrase of several words: "in car" (in the car) is two letters from "i care".
        single = np.where(self.chars_ >= LONG_WORD, self.long_word_threshold, self.single_word_threshold)
        short = (self.words_ == 1) | (self.chars_ < LONG_WORD)
        self.thresholds_ = np.maximum(np.where(short, single, self.threshold), floor)
        self.max_words_ = int(self.words_.max()) + self.max_extra_words
        return self

    def _fit_index(self, forms: list[str]) -> None:
        """TF-IDF of the phrases' character n-grams within words, as scikit-learn's TfidfVectorizer(analyzer=
        "char_wb") gives it (smoothed IDF, unit rows; a test compares the two), without importing scikit-learn.
        Stored by n-gram: the phrases holding n-gram g are `gram_phrase_[gram_start_[g]:gram_start_[g + 1]]`."""
        grams = [Counter(char_features(form, NGRAMS)) for form in forms]
        self.vocabulary_ = {g: i for i, g in enumerate(sorted({g for counts in grams for g in counts}))}
        frequency = np.zeros(len(self.vocabulary_))
        for counts in grams:
            frequency[[self.vocabulary_[g] for g in counts]] += 1
        self.idf_ = np.log((1 + len(grams)) / (1 + frequency)) + 1
        rows, columns, values = self._unit_rows(grams)
        by_gram = np.lexsort((rows, columns))
        self.gram_start_ = np.r_[0, np.cumsum(np.bincount(columns, minlength=len(self.vocabulary_)))]
        self.gram_phrase_ = rows[by_gram]
        self.gram_value_ = values[by_gram]

    def _unit_rows(self, grams: list[Counter[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Unit-length TF-IDF rows of n-gram counts as (row, column, value), computed as scikit-learn computes them:
        each row's values in the order it keeps them (by the n-gram's first appearance in the whole list), squares
        summed in that order, each value divided by the norm; so the phrases' vectors are the very same numbers."""
        first_seen = {g: i for i, g in enumerate(dict.fromkeys(g for counts in grams for g in counts))}
        rows = np.repeat(np.arange(len(grams)), [len(counts) for counts in grams])
        seen = np.array([first_seen[g] for counts in grams for g in counts])
        order = np.lexsort((seen, rows))
        columns = np.array([self.vocabulary_[g] for counts in grams for g in counts], dtype=np.int64)[order]
        values = np.array([n for counts in grams for n in counts.values()], dtype=float)[order] * self.idf_[columns]
        norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=len(grams)))
        return rows, columns, values / norms[rows]

    def word_vector(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """A word's TF-IDF weights (not scaled to unit length) over the fitted n-grams, as (columns, values)."""
        counts = Counter(g for g in char_features(word, NGRAMS) if g in self.vocabulary_)
        columns = np.array([self.vocabulary_[g] for g in counts], dtype=np.int64)
        return columns, np.array(list(counts.values()), dtype=float) * self.idf_[columns]

    def match(self, parsed: ParsedText) -> list[Match]:
        """Best non-overlapping matches per kind, in text order."""
        if not hasattr(self, "phrases_"):
            raise RuntimeError("PhraseMatcher is not fitted: call fit() first")
        spans = self._spans(parsed.tokens)
        if not spans:
            return []
        forms = token_forms(parsed.tokens)
        first, last = np.array(spans).T
        # A span's words and characters (its forms joined by spaces), from running totals over the tokens.
        words = np.r_[0, np.cumsum([form is not None for form in forms])]
        chars = np.r_[0, np.cumsum([len(form) if form else 0 for form in forms])]
        span_words_all = words[last + 1] - words[first]
        span_chars_all = np.maximum(chars[last + 1] - chars[first] + span_words_all - 1, 0)
        floor = self.thresholds_.min()
        rows, cols, values = QueryWords(self, forms, floor).similar(first, last)
        span_words = span_words_all[rows]
        span_chars = span_chars_all[rows]
        # A span may hold at most `max_extra_words` words more or fewer than the phrase, and similar length.
        fits = np.abs(span_words - self.words_[cols]) <= self.max_extra_words
        ratio = np.minimum(span_chars, self.chars_[cols]) / np.maximum(span_chars, self.chars_[cols])
        score = values * np.sqrt(ratio) * fits
        passed = score >= self.thresholds_[cols]
        if self.headed_kinds:
            norms = [token.norm for token in parsed.tokens]
            passed &= self._ends_on_head(forms, norms, np.array(spans)[rows, 1], cols, passed)
        passed &= self._holds_its_words(forms, np.array(spans)[rows], cols, passed)
        candidates = sorted(
            ((float(v), spans[r], int(c)) for v, r, c in zip(score[passed], rows[passed], cols[passed], strict=True)),
            key=lambda item: (-round(item[0] + 0.03 * (item[1][1] - item[1][0]) + self._qualified(item[2]), 9),
                              item[1][0], item[2]),
        )
        return self._select(parsed, candidates)

    def _qualified(self, col: int) -> float:
        """A place phrase with more words wins over a bare one on the same words: "inside my thigh" is the inner
        thigh, not the vague "thigh" (which spreads over all four sides)."""
        kind, _, _ = self.phrases_[col]
        return QUALIFIED * (self.words_[col] - 1) if kind in self.headed_kinds else 0.0

    def _ends_on_head(self, forms: list[str | None], norms: list[str], lasts: np.ndarray, cols: np.ndarray,
                      passed: np.ndarray) -> np.ndarray:
        """For the passing pairs of a headed kind, whether the span's last word is the phrase's last word or a near
        spelling of it, and not a verb's -ing form of it ("arching backwards" is no arch); True for every other pair."""
        ends = np.ones(len(cols), dtype=bool)
        for i in np.flatnonzero(passed):
            col = cols[i]
            if self.phrases_[col][0] in self.headed_kinds:
                at = _head_at(forms, lasts[i])
                # "the top of the back | of my thigh": a place followed by "of" is a part of the place after it
                followed_by_of = lasts[i] + 1 < len(forms) and forms[lasts[i] + 1] == "of"
                ends[i] = (at is not None and not followed_by_of and self._same_word(forms[at] or "", self.heads_[col])
                           and (self.verbal_heads_[col] or not _is_verbal(norms[at])))
        return ends

    def _needed_words(self) -> list[list[str]]:
        """The words of each phrase a span must hold (a near spelling will do): all but stopwords and loose words,
        so "toe touch" is not "touch it" while "back passage pain" is still "back passage"."""
        loose = {stem(w) for w in (*self.loose_words, *EDGE_STOPWORDS)}
        return [[w for w in form.split() if w not in loose] for _, form, _ in self.phrases_]

    def _holds_its_words(self, forms: list[str | None], spans: np.ndarray, cols: np.ndarray,
                         passed: np.ndarray) -> np.ndarray:
        """For the passing pairs, whether the span holds every word of the phrase but loose ones (words of pain and
        time, stopwords), or a near spelling of it: a span that lacks one reads another thing ("it spread" is not
        "spreading my legs", "above my hip" not "above the knee")."""
        same: dict[tuple[str, str], bool] = {}  # spans overlap: each pair of words is compared once per query

        def near(word: str, needed: str) -> bool:
            if (word, needed) not in same:
                same[(word, needed)] = self._same_word(word, needed)
            return same[(word, needed)]

        holds = np.ones(len(cols), dtype=bool)
        for i in np.flatnonzero(passed):
            words = [f for f in forms[spans[i, 0]:spans[i, 1] + 1] if f]
            holds[i] = all(any(near(w, needed) for w in words) for needed in self.needed_[cols[i]])
        return holds

    def _same_word(self, word: str, head: str) -> bool:
        """Whether a span's word is the head word or a near spelling of it (cosine of their n-gram vectors)."""
        if word == head:
            return True
        (a_cols, a_vals), (b_cols, b_vals) = self.word_vector(word), self.word_vectors_[head]  # a phrase's word
        shared = dict(zip(a_cols.tolist(), a_vals.tolist(), strict=True))
        dot = sum(shared.get(c, 0.0) * v for c, v in zip(b_cols.tolist(), b_vals.tolist(), strict=True))
        norm = float(np.linalg.norm(a_vals) * np.linalg.norm(b_vals))
        return norm > 0 and dot / norm >= HEAD_WORD

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
                score=round(score, 3),
                negated=_negated(tokens, first, last) and not _denies_itself(tokens, first, last, form),
            ))
        return sorted(chosen, key=lambda m: (m.start, m.kind))


def _negated(tokens: tuple[Token, ...], first: int, last: int) -> bool:
    """Whether a span is denied: its first word is, or its first word that is not a stopword ("my knees are
    fine": "my" lies outside the denial that "fine" casts back, "knees" inside it)."""
    head = next((i for i in range(first, last + 1) if tokens[i].norm not in EDGE_STOPWORDS), first)
    return tokens[first].negated or tokens[head].negated


def _denies_itself(tokens: tuple[Token, ...], first: int, last: int, form: str) -> bool:
    """Whether the span's negation comes from a word of the phrase itself ("ankle jerk absent" is the sign, not its
    denial), not from a word outside it ("numbness: none")."""
    words = set(form.split())
    return any(NEGATION_WORD in tokens[i].context and stem(tokens[i].norm) in words for i in range(first, last + 1))


def _head(form: str) -> str:
    """The word of a phrase that names the place: its last, unless that is generic ("joint", "area")."""
    words: list[str | None] = list(form.split())
    at = _head_at(words, len(words) - 1)
    return str(words[-1] if at is None else words[at])


def _raw_head(text: str) -> str:
    """A phrase's head word as written, before stemming ("sitting" in "sitting bone")."""
    words = [w for w in words_of(text) if w not in SOFT_WORDS]
    return next((w for w in reversed(words) if stem(w) not in GENERIC_PLACE_WORDS), words[-1] if words else "")


def _head_at(forms: list[str | None], last: int) -> int | None:
    """The index of a span's head word: its last, unless that is generic ("joint", "area")."""
    return next((j for j in range(last, -1, -1) if forms[j] and forms[j] not in GENERIC_PLACE_WORDS), None)


def _is_verbal(word: str) -> bool:
    """Whether a word is an -ing form ("arching", "footing"), which names an action, not a place."""
    return word.endswith("ing") and len(word) > 5


def token_forms(tokens: tuple[Token, ...]) -> list[str | None]:
    """Each token's form as phrases are indexed (None for a soft word such as "my" or "left"). Each word is stemmed
    once per query, not cached across queries: the matcher keeps nothing typed."""
    return [None if t.norm in SOFT_WORDS else stem(t.norm) or None for t in tokens]


class QueryWords:
    """One query's words against the fitted phrases, made for that query and dropped with it: each word's dot
    products with the phrases that could reach cosine `floor` with some span, and the words' dot products with one
    another. A span's vector is the sum of its words' vectors, so both sides of its cosine follow from these.

    A span's n-grams are among the query's, so its cosine with a unit phrase vector is at most the length of the
    phrase's part on the query's n-grams: a phrase whose part is shorter than `floor` is dropped unseen (most
    phrases share only an n-gram or two, such as "ing", with a text)."""

    def __init__(self, matcher: PhraseMatcher, forms: list[str | None], floor: float) -> None:
        self.floor = floor
        vocabulary = list(dict.fromkeys(f for f in forms if f))
        index = {w: i for i, w in enumerate(vocabulary)}
        vectors = [matcher.word_vectors_.get(w) or matcher.word_vector(w) for w in vocabulary]
        word_of = np.repeat(np.arange(len(vectors)), [len(columns) for columns, _ in vectors]).astype(np.int64)
        grams = np.concatenate([columns for columns, _ in vectors] or [np.zeros(0, np.int64)])
        weights = np.concatenate([values for _, values in vectors] or [np.zeros(0)])
        used = np.zeros(len(matcher.gram_start_) - 1, dtype=bool)
        used[grams] = True
        phrases, values, _ = _postings(matcher, np.flatnonzero(used))
        reach = np.bincount(phrases, weights=values**2, minlength=len(matcher.phrases_))
        kept = reach >= floor**2 * (1 - 1e-9)  # the margin keeps a phrase exactly at the bound despite rounding
        self.columns = np.flatnonzero(kept)
        local = np.cumsum(kept) - 1
        phrases, values, count = _postings(matcher, grams)
        near = kept[phrases]
        size = (len(vectors), len(self.columns))
        dots = np.bincount((np.repeat(word_of, count) * size[1] + local[phrases])[near], minlength=size[0] * size[1],
                           weights=(values * np.repeat(weights, count))[near]).reshape(size)
        # Row -1 of `dots` and of `gram` is zero: it stands for a token with no word (a soft word or a sign).
        self.token_word = np.array([index[f] if f else -1 for f in forms], dtype=np.int64)
        self.totals = np.vstack([np.zeros((1, size[1])), np.cumsum(np.vstack([dots, np.zeros((1, size[1]))])
                                                                   [self.token_word], axis=0)])
        dense = np.zeros((size[0] + 1, int(used.sum())))
        dense[word_of, (np.cumsum(used) - 1)[grams]] = weights
        self.gram = dense @ dense.T

    def norms(self, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Each span's vector length: adding token t to a span that starts j tokens before it adds
        gram[t, t] + 2 * (gram[t - 1, t] + ... + gram[t - j, t]) to its squared length."""
        tokens = len(self.token_word)
        steps = np.arange(int((last - first).max()) + 1)[:, None]
        before = np.arange(tokens)[None, :] - steps
        band = self.gram[np.where(before >= 0, self.token_word[np.maximum(before, 0)], -1), self.token_word[None, :]]
        added = band[0] + 2 * np.vstack([np.zeros((1, tokens)), np.cumsum(band[1:], axis=0)])  # added[j, t]
        at = np.arange(tokens)[None, :] + steps
        growth = np.where(at < tokens, added[steps, np.minimum(at, tokens - 1)], 0.0)  # growth[j, f] = added[j, f + j]
        return np.sqrt(np.maximum(np.cumsum(growth, axis=0)[last - first, first], 0.0))

    def similar(self, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(span, phrase, cosine) for each span-phrase pair whose cosine reaches `floor`, a block of spans at once."""
        norms = self.norms(first, last)
        step = max(1, SPAN_BLOCK // max(len(self.columns), 1))
        found = [(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))]
        for begin in range(0, len(first), step):
            block = slice(begin, begin + step)
            dot = self.totals[last[block] + 1] - self.totals[first[block]]
            length = norms[block, None]
            cosine = np.divide(dot, length, out=np.zeros_like(dot), where=length > 0)
            rows, cols = np.nonzero(cosine >= self.floor)
            found.append((rows + begin, self.columns[cols], cosine[rows, cols]))
        return tuple(np.concatenate(part) for part in zip(*found, strict=True))  # type: ignore[return-value]


def _postings(matcher: PhraseMatcher, grams: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The phrases holding each of these n-grams and their weights there, one n-gram after another, and how many
    phrases each n-gram has."""
    start = matcher.gram_start_[grams]
    count = matcher.gram_start_[grams + 1] - start
    entry = np.repeat(start - np.cumsum(count) + count, count) + np.arange(count.sum())
    return matcher.gram_phrase_[entry], matcher.gram_value_[entry], count
