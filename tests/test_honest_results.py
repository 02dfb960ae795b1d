"""Results are shown honestly: ties as ties, a condition that outscores every muscle first, "you named it" only
when the text names the muscle, and "none of these" never beside a ticked warning sign."""

from __future__ import annotations

import pytest

from tests.test_app import app, fresh_caches, healthy, minimal  # noqa: F401  (fixtures are used by name)
from triage.engine.types import Query, Result, Scored
from triage.outputs.report import outscoring_condition, shown_ranks


def scored(target: str, score: float) -> Scored:
    return Scored(target, None, score, ())


def test_equal_strengths_share_a_rank():
    ranked = [scored("a", 60.0), scored("b", 40.0), scored("c", 40.2), scored("d", 10.0)]
    assert shown_ranks(ranked) == ["1", "=2", "=2", "4"]


def test_a_condition_stronger_than_every_muscle_is_shown_first(engine):
    result = engine.analyse(Query(text="hip"))
    stronger = Result(None, result.gate, result.understood, (scored("piriformis", 20.0),),
                      (scored("lumbar_radiculopathy", 60.0),))
    weaker = Result(None, result.gate, result.understood, (scored("piriformis", 60.0),),
                    (scored("lumbar_radiculopathy", 20.0),))
    assert outscoring_condition(stronger).target == "lumbar_radiculopathy"
    assert outscoring_condition(weaker) is None


@pytest.mark.parametrize(("text", "named"), [
    ("deep ache in my left buttock down the side of my leg", set()),
    ("I think it is my glute min, and my QL", {"gluteus_minimus", "quadratus_lumborum"}),
    ("my piriformus is tight", {"piriformis"}),  # a typo of a name still names it
])
def test_you_named_it_only_when_the_text_names_the_muscle(engine, text, named):

    result = engine.analyse(Query(text=text))
    assert set(result.understood.named) == named
    said = {s.target for s in result.suggestions if any(r.kind == "named" for r in s.reasons)}
    assert said <= named


@pytest.mark.usefixtures("minimal")
def test_a_ticked_warning_sign_clears_and_locks_none_of_these():
    at = app()
    at.checkbox(key="rf_none").check().run()
    at.checkbox(key="rf_saddle_numbness").check().run()
    assert healthy(at)
    none = at.checkbox(key="rf_none")
    assert none.value is False
    assert none.disabled


FORBIDDEN = ("UBERON:", "FMA:", "gives no number", "No dose is given", "the seed", "seed_")


def test_what_people_read_has_no_ids_file_names_or_placeholders(engine):
    from triage.outputs.monograph import monograph_text
    from triage.outputs.report import result_text

    kb = engine.kb
    source_ids = [s for s in kb.sources.index if "_" in s]
    texts = [monograph_text(kb, muscle) for muscle in kb.muscles.values()]
    texts.append(result_text(kb, engine.analyse(Query(text="deep ache in my buttock down the side of my leg",
                                                     regions=("buttock_outer_left",)))))
    for text in texts:
        assert not [word for word in FORBIDDEN if word in text]
        assert not [s for s in source_ids if s in text]
