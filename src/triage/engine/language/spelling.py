"""Spelling correction against the project's own vocabulary ("feever" -> fever, "bladdder" -> bladder).

symspellpy finds the closest word by edit distance through precomputed deletions, so a lookup costs about
the same whatever the vocabulary's size; its English frequency list (shipped in the package) tells a real
word we do not know ("pavement") from a typo, so only words English lacks are corrected. Rapidfuzz was the
other candidate; it compares against every word per lookup and has no word list to guard real words.

A correction is made only to a word of the knowledge base itself (or an English word of the red-flag
corpus), within one edit for words of up to six letters and two for longer ones. The speller never changes
after it is built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from importlib import resources

import numpy as np
from symspellpy import SymSpell, Verbosity
from symspellpy.editdistance import DistanceAlgorithm, EditDistance

ENGLISH = "frequency_dictionary_en_82_765.txt"
MIN_LENGTH = 4  # shorter words are too often something else ("pea", "wee", "bum")
LONG_WORD = 7  # from this length two edits are allowed
ISH = "ish"  # "numbish", "coldish": somewhat so, and the word meant is the stem (not "rubbish", one edit away)


class Speller:
    """Corrects words that are neither English nor the project's own to the nearest project word."""

    def __init__(self, vocabulary: Iterable[str], extra: Iterable[str] = ()) -> None:
        """`vocabulary`: the knowledge base's words (with repeats); `extra`: more words to correct to, such as the
        red-flag corpus's, kept only where they are English (the corpus holds typos on purpose)."""
        english = resources.files("symspellpy").joinpath(ENGLISH).read_text(encoding="utf-8")
        # English's 83,000 words as one sorted array of bytes (2 MiB) rather than a set of strings (9 MiB).
        self._english = np.unique(np.array([line.split(" ", 1)[0] for line in english.splitlines() if line],
                                           dtype=np.bytes_))
        counts = Counter(w for w in vocabulary if w.isalpha())
        counts.update(w for w in extra if w.isalpha() and self._is_english(w))
        self._project = frozenset(counts)
        # The fast (C, editdistpy) comparer keeps no buffer between calls: the speller is the same after every lookup
        # and safe to share between threads (the default Python comparer reuses a cost buffer).
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7,
                                  distance_comparer=EditDistance(DistanceAlgorithm.DAMERAU_OSA_FAST))
        for word, count in counts.items():
            self._symspell.create_dictionary_entry(word, count)

    def correct(self, word: str) -> str:
        """The word, or the project word it is a typo of."""
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self._project or self._is_english(word):
            return word
        stem = word.removesuffix(ISH)
        if stem != word and (stem in self._project or self._is_english(stem)):
            return stem
        distance = 2 if len(word) >= LONG_WORD else 1
        found = self._symspell.lookup(word, Verbosity.TOP, max_edit_distance=distance)
        return found[0].term if found else word

    def _is_english(self, word: str) -> bool:
        """Whether the word is in the English frequency list (which holds only ASCII words)."""
        if not word.isascii():
            return False
        key = word.encode("ascii")
        index = int(np.searchsorted(self._english, key))
        return index < len(self._english) and self._english[index] == key
