"""The blind red-team set as a regression guard (never a target: nothing is tuned on it; see docs/blind_runs.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.evaluation.metrics import evaluate
from triage.evaluation.places import place_figures
from triage.evaluation.red_team import evaluate_red_team
from triage.knowledge.cases import load_cases
from triage.knowledge.corpus import load_corpus, sentence_key
from triage.knowledge.place_cases import load_place_cases
from triage.knowledge.red_team import load_red_team

pytestmark = pytest.mark.slow

BLIND = Path(__file__).parent / "blind"
# (file, texts, recall guard, false-alarm guard), each held where it was last measured (see docs/blind_runs.md):
# the targets (recall 0.97, false alarms 0.10) are not yet met on wordings never seen.
GUARDS = [("redteam.yaml", {"flag_texts": 331, "benign_texts": 181}, 0.965, 0.085),
          ("redteam2.yaml", {"flag_texts": 265, "benign_texts": 184}, 0.965, 0.105),
          # 0.113 when written; 0.121 after the 2026-12-03 foot corpus (2 more of 248 benign texts raised)
          ("redteam3.yaml", {"flag_texts": 295, "benign_texts": 248}, 0.96, 0.095),
          # 2026-12-04: recall 0.962 -> 0.965 -> 0.965, false alarms 0.171 -> 0.167 -> 0.176 (three runs, README)
          ("redteam4.yaml", {"flag_texts": 289, "benign_texts": 210}, 0.965, 0.125),
          # first run 2026-12-04 at 406ee4d: recall 0.949, false alarms 0.177; second run after a round of
          # context and corpus work: 0.949, 0.181 (one more of 226 benign texts raised)
          ("redteam5.yaml", {"flag_texts": 292, "benign_texts": 226}, 0.96, 0.15),
          # 2026-12-04: 0.916 / 0.204 on the engine as the round began (6fe66f9), 0.919 / 0.208 after it
          ("redteam6.yaml", {"flag_texts": 320, "benign_texts": 260}, 0.93, 0.175),
          # blind; first runs 2026-12-04: 0.906 / 0.125 before the fourth round (a9fa427), 0.919 / 0.109 after it
          ("redteam7b.yaml", {"flag_texts": 160, "benign_texts": 128}, 0.905, 0.125),
          # blind; first runs 2026-12-04: 0.875 / 0.164 before the fourth round (a9fa427), 0.881 / 0.164 after it
          ("redteam7a.yaml", {"flag_texts": 160, "benign_texts": 128}, 0.87, 0.18),
          # blind; first runs 2026-12-04 (fifth session): before the round (7df6ceb) and after it (42e087b), recall
          # 0.838 -> 0.887, 0.938 -> 0.938, 0.875 -> 0.912, 0.963 -> 0.975; false alarms 0.141 -> 0.156,
          # 0.156 -> 0.125, 0.219 -> 0.188, 0.125 -> 0.125; each guard about two texts below the second run
          ("redteam8a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.86, 0.19),
          ("redteam8b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.91, 0.16),
          ("redteam8c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.88, 0.22),
          ("redteam8d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.95, 0.16),
          # blind; first runs 2026-12-04 (fifth session): before the round (867951e) and after it (37f3ef5), recall
          # 0.925 -> 0.950, 0.975 -> 0.975, 0.850 -> 0.887, 0.950 -> 0.950; false alarms 0.203 -> 0.219,
          # 0.094 -> 0.094, 0.094 -> 0.094, 0.094 -> 0.109; each guard about two texts below the second run
          ("redteam9a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.92, 0.25),
          ("redteam9b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.95, 0.125),
          ("redteam9c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.86, 0.125),
          ("redteam9d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.925, 0.14),
          # blind; first runs 2026-12-04 (fifth session): before the round (ad5b699) and after it (0d890b7), recall
          # 0.900, 0.950, 0.950, 0.900 both times; false alarms 0.156, 0.203, 0.125 -> 0.109, 0.094
          ("redteam10a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.875, 0.19),
          ("redteam10b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.925, 0.235),
          ("redteam10c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.925, 0.14),
          ("redteam10d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.875, 0.125),
          # read on 2026-12-05 (fourth session) after their blind runs (docs/blind_runs.md) and now development
          # sets: the phrase veto was chosen on them; each guard about two texts below the figure when read
          # 11a: false alarms 8 -> 12 of 64 when training round 17 (carers, questions answered by the writer) joined
          # the corpus: the net asks about sex and saddle wordings more; recall held
          ("redteam11a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.912, 0.22),
          ("redteam11b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.95, 0.11),
          ("redteam11c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.962, 0.125),
          ("redteam11d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.962, 0.079),
          ("redteam12a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.962, 0.235),
          ("redteam13a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.9, 0.219),
          ("redteam13b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.912, 0.125),
          ("redteam13c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.9, 0.204),
          ("redteam13d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.962, 0.125),
          ("redteam14a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.862, 0.188),
          ("redteam14b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.912, 0.188),
          ("redteam14c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.937, 0.204),
          ("redteam14d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.975, 0.11),
          # blind, first runs in docs/blind_runs.md; read in the fifth session of 2026-12-05, when they became
          # development sets; each guard about two texts below where they stood after it (9501af1)
          ("redteam15a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.925, 0.188),
          ("redteam15b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.95, 0.125),
          ("redteam15c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.95, 0.141),
          ("redteam15d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.95, 0.063),
          ("redteam16a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.85, 0.204),
          ("redteam16b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.95, 0.125),
          ("redteam16c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.937, 0.172),
          ("redteam16d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.975, 0.11),
          # blind, first runs in docs/blind_runs.md; read in the session of 2026-12-06, when they became
          # development sets; each guard about two texts below where they stood after it
          ("redteam17a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.937, 0.094),
          ("redteam17b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.975, 0.094),
          ("redteam17c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.937, 0.11),
          ("redteam17d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.975, 0.11),
          ("redteam18a.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.962, 0.094),
          ("redteam18b.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.95, 0.079),
          ("redteam18c.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.962, 0.125),
          ("redteam18d.yaml", {"flag_texts": 80, "benign_texts": 64}, 0.975, 0.079)]
# Each guard held about two texts below where the set stood at the end of the fourth session of 2026-12-04 (README),
# when all six had become development sets (each had had its blind runs before).


@pytest.mark.parametrize(("name", "counts", "recall", "false_alarms"), GUARDS, ids=[g[0] for g in GUARDS])
def test_a_blind_set_does_not_regress(engine, name, counts, recall, false_alarms):
    report = evaluate_red_team(engine, load_red_team(BLIND / name, engine.kb))
    assert report.counts == counts
    # Figures only in a failure's message: a blind set's misses and false alarms are never printed.
    measured_recall, measured_alarms = report.engine.recall, report.engine.false_alarms
    assert measured_recall >= recall
    assert measured_alarms <= false_alarms


# (file, nerve stories, referral guard, over-triage guard) for the blind nerve-wording sets: first run of nerve1 on
# 2026-12-06 at da82f00: 0.700 referred, 0.100 over-triaged; 0.825 and 0.000 after the nerve words of 2026-12-06
NERVE_GUARDS = [("nerve1.yaml", 40, 0.8, 0.05)]


@pytest.mark.parametrize(("name", "nerve", "referral", "over_triage"), NERVE_GUARDS, ids=[g[0] for g in NERVE_GUARDS])
def test_a_blind_nerve_wording_set_does_not_regress(engine, name, nerve, referral, over_triage):
    report = evaluate(engine, load_cases(BLIND / name, engine.kb))  # figures only, never the failing cases
    assert report.engine.counts["nerve"] == nerve
    assert report.engine.nerve_referral >= referral
    assert report.engine.over_triage <= over_triage


# Unread blind texts that equal a corpus sentence older than the set: a writer's coincidence, not a leak (the figures
# of their round count them as written)
COINCIDENCES = {"rt27a_progressive_leg_weakness_very_short":
                "four words, equal to a corpus sentence added on 2026-12-02 (dd75583), four days before round 27"}


def test_no_unread_blind_text_is_in_the_training_corpus(engine):
    """A set without a guard above has not been read: its texts must never teach the paraphrase net."""
    corpus = {sentence_key(example.text) for example in load_corpus(engine.kb)}
    read = {name for name, *_ in GUARDS}
    unread = [path for path in sorted(BLIND.glob("redteam*.yaml")) if path.name not in read]
    assert unread  # the round being measured is always here
    leaked = [p.id for path in unread for p in load_red_team(path, engine.kb)
              if sentence_key(p.text) in corpus and p.id not in COINCIDENCES]
    assert leaked == []


# (file, cases, top-3 guard with the map, from the words alone, expected red flags named, words-alone lead over the
# baseline): blind vignette sets, held where they were measured (first runs in docs/blind_runs.md). Vignettes 4 was
# read after its first run. The lead is 5 points of top-3, but 4 on vignettes 2 (49 ranked cases): when the
# nerve-like findings gained clinicians' words (2026-12-06), the baseline, whose word weights are fitted on those
# findings' texts too, gained one case there (0.857 -> 0.878); the engine stayed at 0.918.
VIGNETTE_GUARDS = [("vignettes2.yaml", 60, 0.95, 0.85, 1.0, 0.04),  # 0.959 at 3d8b1f6 and again on 2026-12-04
                   ("vignettes3.yaml", 73, 0.87, 0.80, 1.0, 0.05),  # first run 2026-12-04 at acd92c2: 0.877
                   # first run 2026-12-06 at d43aaf8: 0.828, 0.851. One bladder sign beside saddle numbness reads
                   # 0.27-0.30 to the net in its sentence, at the edge where a cue is kept (NET_ASK): one retrain of
                   # 2026-12-06 dropped it (0.268); the story stays an emergency by its saddle numbness either way
                   ("vignettes4.yaml", 100, 0.82, 0.84, 1.0, 0.05),
                   ("vignettes5.yaml", 100, 0.87, 0.87, 0.9, 0.05),  # first run 2026-12-06 at d43aaf8: 0.878, 0.878
                   # first run 2026-12-06 at 74c1a9e: 0.837 and 0.837; 0.826 at 7c26b01; 0.814 and 0.814 at fd474c5
                   # (a side word inside a place phrase sides it, a change no development set moved); 0.837 and
                   # 0.814 since a phrase must hold its words (68e535b)
                   ("vignettes6.yaml", 100, 0.82, 0.81, 0.9, 0.05),
                   ("vignettes7.yaml", 100, 0.9, 0.88, 0.9, 0.05),  # first run 2026-12-06 at ea4463c: 0.921, 0.895
                   ("vignettes8.yaml", 100, 0.92, 0.89, 0.9, 0.05),  # first run 2026-12-06 at f63e019: 0.935, 0.909
                   # first run 2026-12-06 (sixth session) at 67a7db4: 0.934, 0.921, 0.846 of expected flags named
                   ("vignettes9.yaml", 100, 0.92, 0.9, 0.8, 0.05)]


@pytest.mark.parametrize(("name", "cases", "top3", "words_top3", "named", "words_lead"), VIGNETTE_GUARDS,
                         ids=[g[0] for g in VIGNETTE_GUARDS])
def test_a_blind_vignette_set_does_not_regress(engine, name, cases, top3, words_top3, named, words_lead):
    loaded = load_cases(BLIND / name, engine.kb)
    report = evaluate(engine, loaded)
    engine_figures, baseline_top3 = report.engine, report.baseline.top3  # figures only, never the failing cases
    assert engine_figures.counts["cases"] == cases == len(loaded)
    assert engine_figures.red_flag_recall == 1.0
    assert engine_figures.red_flag_ids >= named
    assert engine_figures.top3 >= top3
    assert engine_figures.top3 >= baseline_top3
    words = evaluate(engine, loaded, words_only=True)
    assert words.engine.top3 >= words_top3
    assert words.engine.top3 >= words.baseline.top3 + words_lead


# (file, cases, top-3 guard with the map, from the words alone, over-triage guard) for the blind guide-voice sets (one
# text per muscle in the voice of a published pain guide): first run of guides1 on 2026-12-06 at e4b07e4: 0.909 with
# the map, 0.873 from the words alone, 0.127 over-triaged; the baseline, whose texts are the knowledge base's own
# words, led there (0.945, 0.891), so no lead over it is asserted (docs/blind_runs.md)
GUIDE_GUARDS = [("guides1.yaml", 55, 0.89, 0.85, 0.15)]


@pytest.mark.parametrize(("name", "cases", "top3", "words_top3", "over_triage"), GUIDE_GUARDS,
                         ids=[g[0] for g in GUIDE_GUARDS])
def test_a_blind_guide_voice_set_does_not_regress(engine, name, cases, top3, words_top3, over_triage):
    loaded = load_cases(BLIND / name, engine.kb)
    report = evaluate(engine, loaded)  # figures only, never the failing cases
    assert report.engine.counts["ranked"] == cases == len(loaded)
    assert report.engine.top3 >= top3
    assert report.engine.over_triage <= over_triage
    assert evaluate(engine, loaded, words_only=True).engine.top3 >= words_top3


# (file, texts, places read guard, wrong-place guard) for the blind place-wording sets: first run of places1 on
# 2026-12-06 at f63e019: 0.865 of places read, 0.362 of texts with a place read that was not meant
PLACE_GUARDS = [("places1.yaml", 80, 0.86, 0.37)]


@pytest.mark.parametrize(("name", "texts", "found", "wrong_place"), PLACE_GUARDS, ids=[g[0] for g in PLACE_GUARDS])
def test_a_blind_place_wording_set_does_not_regress(engine, name, texts, found, wrong_place):
    figures = place_figures(engine, load_place_cases(BLIND / name, engine.kb))  # figures only, never the texts
    assert figures.texts == texts
    assert figures.found >= found
    assert figures.wrong_place <= wrong_place
