"""Every failure mode of the knowledge base gives exit code 1 and a message naming the file and key."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from triage.cli import main
from triage.engine.engine import Engine
from triage.engine.types import Query
from triage.knowledge.errors import KnowledgeBaseError
from triage.knowledge.load import load_knowledge_base
from triage.knowledge.serialise import export_knowledge, write_knowledge
from triage.knowledge.vocabulary import TRIAGE_LEVELS

from .conftest import MINIMAL_KB, TESTS

BROKEN = sorted((TESTS / "fixtures" / "broken").iterdir())


def overlay(fixture: Path, target: Path) -> Path:
    """The minimal knowledge base with the broken fixture's files laid over it."""
    shutil.copytree(MINIMAL_KB, target)
    for path in fixture.rglob("*"):
        if path.is_file() and path.name != "expect.yaml":
            destination = target / path.relative_to(fixture)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, destination)
    return target


# Every failure mode the validator must name precisely; each has its fixture folder of the same name.
FAILURE_MODES = (
    "bad_context_direction", "bad_finding_kind", "bad_ontology_id", "bad_side", "bad_urgency", "bad_view",
    "csv_ragged_row", "duplicate_id",
    "duplicate_yaml_key", "empty_required_text", "extra_column", "file_name_not_id", "massage_without_screening",
    "missing_column", "missing_required_key", "movement_without_action", "muscle_without_source",
    "number_not_a_number", "number_out_of_range", "pain_guide_disagrees", "placeholder_ontology_id",
    "rule_without_source",
    "bad_stable_counts", "self_care_without_safety", "stretch_without_screening", "unknown_action", "unknown_condition",
    "unknown_finding", "unknown_key", "unknown_region", "unknown_screening", "unknown_source", "unknown_target",
    "unknown_word_class", "word_class_phrase", "yaml_syntax_error", "zone_essential_and_spillover", "duplicate_rule",
    "html_in_text", "quote_left_open",
)


def test_there_is_a_broken_fixture_per_failure_mode() -> None:
    assert sorted(p.name for p in BROKEN) == sorted(FAILURE_MODES)
    assert all((p / "expect.yaml").is_file() for p in BROKEN)


def test_the_minimal_knowledge_base_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MINIMAL_KB)]) == 0
    assert "knowledge base OK" in capsys.readouterr().out


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_fixture_fails_with_a_precise_message(
    fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expect = yaml.safe_load((fixture / "expect.yaml").read_text())
    kb_dir = overlay(fixture, tmp_path / "kb")
    assert main(["check", str(kb_dir)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if expect["file"] in line]
    assert lines, f"no problem names {expect['file']}:\n{err}"
    assert any(expect["names"] in line for line in lines), f"no problem names {expect['names']!r}:\n{err}"


@pytest.mark.parametrize("fixture", BROKEN[:3], ids=[p.name for p in BROKEN[:3]])
def test_other_commands_refuse_an_invalid_knowledge_base(
    fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb_dir = overlay(fixture, tmp_path / "kb")
    assert main(["rank", "--knowledge", str(kb_dir), "--text", "hip pain"]) == 1
    assert "refusing to run" in capsys.readouterr().err
    with pytest.raises(KnowledgeBaseError):
        load_knowledge_base(kb_dir)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    kb_dir = overlay(TESTS / "fixtures" / "broken" / "unknown_key", tmp_path / "kb")
    overlay_rules = TESTS / "fixtures" / "broken" / "number_out_of_range" / "rules.csv"
    shutil.copy(overlay_rules, kb_dir / "rules.csv")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(kb_dir)
    files = {Path(p.file).name for p in caught.value.problems}
    assert {"psoas_major.yaml", "rules.csv"} <= files


def test_a_missing_folder_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nowhere")]) == 1
    assert "nowhere" in capsys.readouterr().err


def test_console_script_runs_as_a_module() -> None:
    done = subprocess.run([sys.executable, "-m", "triage", "check", str(MINIMAL_KB)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "knowledge base OK" in done.stdout


def test_optional_columns_may_be_left_out_and_a_new_red_flag_works(tmp_path: Path) -> None:
    kb_dir = tmp_path / "kb"
    shutil.copytree(MINIMAL_KB, kb_dir)
    (kb_dir / "red_flags.csv").write_text(
        "id,label,urgency,lay_terms,message,source\n"
        "vision_loss,sudden loss of sight,emergency,lost my sight suddenly|cannot see,Call emergency services now.,"
        "nice_ng59\n"
    )
    engine = Engine(load_knowledge_base(kb_dir))
    result = engine.analyse(Query(text="hip ache, and I suddenly lost my sight"))
    assert result.gate.level == "emergency"
    assert [flag for flag, _ in result.gate.red_flags] == ["vision_loss"]


KB_FILES = sorted(p.relative_to(MINIMAL_KB) for p in MINIMAL_KB.rglob("*") if p.is_file())
CORRUPTIONS = st.sampled_from(["delete_line", "repeat_line", "insert_bytes", "truncate", "empty", "syntax"])


@settings(max_examples=examples(300), deadline=None)
@given(file=st.sampled_from(KB_FILES), corruption=CORRUPTIONS, where=st.floats(0, 1),
       junk=st.binary(min_size=1, max_size=6) | st.sampled_from([b":", b"- ", b"[", b"{", b'"', b",", b"|", b"\t"]))
def test_any_corrupted_file_is_reported_never_a_crash(file: Path, corruption: str, where: float, junk: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kb_dir = Path(tmp) / "kb"
        shutil.copytree(MINIMAL_KB, kb_dir)
        path = kb_dir / file
        data = path.read_bytes()
        lines = data.split(b"\n")
        at = int(where * (len(lines) - 1))
        cut = int(where * len(data))
        data = {
            "delete_line": lambda: b"\n".join(lines[:at] + lines[at + 1:]),
            "repeat_line": lambda: b"\n".join(lines[:at + 1] + lines[at:]),
            "insert_bytes": lambda: data[:cut] + junk + data[cut:],
            "truncate": lambda: data[:cut],
            "empty": lambda: b"",
            "syntax": lambda: data[:cut] + b"\xff\xfe" + data[cut:],
        }[corruption]()
        path.write_bytes(data)
        problems = None
        try:
            kb = load_knowledge_base(kb_dir)
        except KnowledgeBaseError as error:
            problems = error.problems
        if problems is not None:
            assert problems
            assert all(p.file and p.where and p.message for p in problems)
        else:  # the corruption left a valid file (a repeated blank line, say): the whole base must still work
            assert kb.muscles
            assert len(kb.regions)
            assert len(kb.red_flags)
            data = export_knowledge(kb)
            write_knowledge(data, Path(tmp) / "out")
            assert export_knowledge(load_knowledge_base(Path(tmp) / "out")) == data
            assert Engine(kb).analyse(Query(text="deep ache in my outer hip")).gate.level in TRIAGE_LEVELS


def test_a_broken_red_flag_corpus_is_refused_naming_the_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb_dir = tmp_path / "kb"
    shutil.copytree(MINIMAL_KB, kb_dir)
    (kb_dir / "red_flag_corpus.csv").write_text(
        "flag,label,text\nsaddle_numbness,positive,numb between my legs\nno_such_flag,positive,x\n"
        "saddle_numbness,maybe,y\n,benign,my back aches after gardening\n")
    assert main(["check", str(kb_dir)]) == 1
    err = capsys.readouterr().err
    assert "red_flag_corpus.csv: row 3: flag: unknown red flag 'no_such_flag'" in err
    assert "red_flag_corpus.csv: row 4: label: 'maybe'; allowed: positive, negative, benign" in err
