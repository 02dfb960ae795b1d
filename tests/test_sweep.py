"""Every word the knowledge base knows goes through every page and command without an error.

The words are read from the data (names, aliases, ids, labels and lay terms of muscles, conditions,
findings, regions and red flags; context triggers and word classes), never listed by hand, so a new
alias is swept the day it is added.
Typed text is swept in batches that fill the text box; a failing batch is split until the words at
fault are named.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
from collections.abc import Callable, Iterator

import pytest

from tests.test_app import app, fresh_caches, healthy  # noqa: F401  (fixtures are used by name)
from triage import cli
from triage.knowledge.load import load_knowledge_base
from triage.knowledge.model import KnowledgeBase
from triage.ui import links

TEXT_LIMIT = 2000  # the Explore text box's max_chars


def known_terms(kb: KnowledgeBase) -> list[str]:
    """Every name, alias, id, label and lay term in the knowledge base, every word of a word class and every
    context trigger (a class written as its first word, '#' as a number), sorted and without repeats."""
    terms: set[str] = set()
    classes = {f"{{{row.Index}}}": row.words for row in kb.word_classes.itertuples()}
    for words in classes.values():
        terms |= set(words)
    for trigger in kb.context_rules["trigger"]:
        terms.add(" ".join(_example(w.lstrip("^"), classes) for w in str(trigger).split()))
    for target in [*kb.muscles.values(), *kb.conditions.values()]:
        terms |= {target.id, target.name, *target.aliases}
    for frame in (kb.findings, kb.red_flags, kb.regions):
        for row in frame.itertuples():
            terms |= {str(row.Index), row.label, *row.lay_terms}
    return sorted(terms)


def _example(word: str, classes: dict[str, list[str]]) -> str:
    """A word a trigger's word stands for: a class's first word (with "'s" for "{class}'s"), 3 for '#'."""
    name = word.removesuffix("'s")
    if name in classes:
        return classes[name][0] + word[len(name):]
    return "3" if word == "#" else word


def batches(terms: list[str], limit: int = TEXT_LIMIT) -> Iterator[list[str]]:
    """Consecutive runs of terms whose joined text stays within the limit."""
    batch: list[str] = []
    for term in terms:
        if batch and len(". ".join([*batch, term])) > limit:
            yield batch
            batch = []
        batch.append(term)
    if batch:
        yield batch


def failing(terms: list[str], passes: Callable[[list[str]], bool]) -> list[str]:
    """The terms at fault: a failing batch is halved until each failing term stands alone."""
    if passes(terms):
        return []
    if len(terms) == 1:
        return terms
    middle = len(terms) // 2
    return failing(terms[:middle], passes) + failing(terms[middle:], passes)


KB = load_knowledge_base()
TERMS = known_terms(KB)
FLAG = KB.red_flags.index[0]


def test_the_sweep_covers_every_kind_of_word_the_knowledge_base_knows():
    expected = {KB.muscles["gluteus_minimus"].name, *KB.muscles["gluteus_minimus"].aliases,
                KB.findings["label"].iloc[0], *KB.red_flags["lay_terms"].iloc[0], KB.regions["label"].iloc[0],
                next(iter(KB.conditions.values())).name}
    assert expected <= set(TERMS)
    assert sum(len(batch) for batch in batches(TERMS)) == len(TERMS)


def explore_passes(terms: list[str], *, flag: str | None) -> bool:
    """The Explore page with these words typed (and a red flag ticked): no fault, and the flag's message shown."""
    at = app()
    if flag:
        at.checkbox(key=f"rf_{flag}").check()
    at.text_area(key="text").input(". ".join(terms)).run()
    if not healthy(at):
        return False
    message = KB.red_flags.loc[flag, "message"] if flag else ""
    return any(message in unescaped(str(e.value)) for e in at.error) if flag else True


def unescaped(markdown: str) -> str:
    """Markdown as read on the page: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.sweep
@pytest.mark.parametrize("flag", [None, FLAG], ids=["typed", "typed-with-a-red-flag"])
@pytest.mark.parametrize("batch", list(batches(TERMS)), ids=lambda b: f"{b[0][:20]}..")
def test_every_known_word_typed_into_explore_shows_a_page(batch, flag):
    assert failing(batch, lambda terms: explore_passes(terms, flag=flag)) == []


@pytest.mark.parametrize("key", links.KNOWN)
def test_every_known_word_in_any_link_parameter_is_read_or_ignored_with_a_notice(key):
    for term in TERMS:
        link = links.read(KB, {key: [term]})
        assert getattr(link, key, None) is not None or link.ignored, (key, term)


def run_command(command: Callable[..., int], **args: object) -> tuple[int, str, str]:
    """One `triage` command run in this process on the loaded knowledge base: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = command(argparse.Namespace(**args), KB)
    return code, out.getvalue(), err.getvalue()


def test_every_known_word_ranks_through_the_batch_command(tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text("".join(json.dumps({"id": i, "text": term}) + "\n" for i, term in enumerate(TERMS)))
    code, out, _ = run_command(cli.cmd_rank, batch=queries, json=True)
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["id"] for a in answers] == list(range(len(TERMS)))
    assert all("error" not in a and a["triage"]["level"] for a in answers)


def test_every_known_word_is_shown_or_answered_with_suggestions_by_the_show_command():
    for term in TERMS:
        code, out, err = run_command(cli.cmd_show, muscle=term, json=False)
        assert (code == 0 and out) or (code != 0 and err and "Traceback" not in err), term
