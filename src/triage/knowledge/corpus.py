"""The red-flag corpus: sentences people might type, each labelled as carrying a red flag (positive), as a
hard look-alike of one that does not (negative), or as ordinary pain talk with no warning sign at all
(benign, with no flag). It trains the paraphrase net (`triage train`); it is checked
as strictly as the rest of the knowledge base, every problem at once, each naming its row."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from triage.knowledge.errors import KnowledgeBaseError, Problem
from triage.knowledge.model import KnowledgeBase

CORPUS_FILE = "red_flag_corpus.csv"
COLUMNS = ("flag", "label", "text")
LABELS = ("positive", "negative", "benign")


def sentence_key(text: str) -> str:
    """A sentence as compared for sameness: case and spacing aside (a duplicate row, a training sentence seen
    twice, a blind text that must not be in the corpus)."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Example:
    """One corpus sentence: the red flag it is about, whether it carries it, and the words."""

    flag: str
    label: str
    text: str

    @property
    def positive(self) -> bool:
        return self.label == LABELS[0]


def load_corpus(kb: KnowledgeBase, path: Path | None = None) -> list[Example]:
    """The corpus beside the knowledge base (or at `path`); raise KnowledgeBaseError listing every problem."""
    path = path or kb.root / CORPUS_FILE
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise KnowledgeBaseError([Problem(str(path), "file", f"cannot be read: {error}")]) from error
    if tuple(header) != COLUMNS:
        raise KnowledgeBaseError([Problem(str(path), "header", f"columns must be {', '.join(COLUMNS)}")])
    problems: list[Problem] = []
    examples: list[Example] = []
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        found = _row_problems(row, kb, seen)
        problems += [Problem(str(path), f"row {number}: {column}", message) for column, message in found]
        if not found:
            seen.add((row[0], sentence_key(row[2])))
            examples.append(Example(*row))
    if problems:
        raise KnowledgeBaseError(problems)
    return examples


def _row_problems(row: list[str], kb: KnowledgeBase, seen: set[tuple[str, str]]) -> list[tuple[str, str]]:
    if len(row) != len(COLUMNS):
        return [("row", f"has {len(row)} cells; allowed: exactly {len(COLUMNS)} ({', '.join(COLUMNS)})")]
    flag, label, text = row
    found = []
    if label == LABELS[2] and flag:
        found.append(("flag", "must be empty for a benign sentence (it carries no red flag)"))
    elif label != LABELS[2] and flag not in kb.red_flags.index:
        found.append(("flag", f"unknown red flag {flag!r}; allowed: an id of red_flags.csv"))
    if label not in LABELS:
        found.append(("label", f"{label!r}; allowed: {', '.join(LABELS)}"))
    if not text.strip():
        found.append(("text", "is empty; allowed: the words a person might type"))
    elif (flag, sentence_key(text)) in seen:
        found.append(("text", "repeats an earlier row of the same flag; each sentence once"))
    return found
