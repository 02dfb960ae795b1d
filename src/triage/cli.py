"""The `triage` command line: check, show, export, rank, evaluate, guide, train, handout, serve.

Every command but `check` loads the knowledge base first and refuses to run on an invalid one,
printing every problem instead of working on half of it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from triage.engine.contract import to_json
from triage.engine.engine import Engine
from triage.engine.types import Query, QueryError
from triage.engine.understanding import Understander
from triage.knowledge.cases import load_cases
from triage.knowledge.corpus import CORPUS_FILE, load_corpus
from triage.knowledge.errors import KnowledgeBaseError
from triage.knowledge.load import check_knowledge_base, load_knowledge_base
from triage.knowledge.lookup import close_muscles, find_muscle
from triage.knowledge.model import KnowledgeBase
from triage.knowledge.place_cases import is_place_file, load_place_cases
from triage.knowledge.red_team import is_red_team, load_red_team
from triage.knowledge.serialise import export_knowledge, muscle_summary
from triage.outputs.monograph import monograph_text
from triage.outputs.report import result_text
from triage.outputs.tables import export_csv


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_check(args: argparse.Namespace) -> int:
    kb, problems = check_knowledge_base(args.dir)
    if kb is not None and (kb.root / CORPUS_FILE).is_file():
        try:
            corpus = f", {len(load_corpus(kb))} corpus sentences"
        except KnowledgeBaseError as error:
            kb, problems = None, error.problems
    if kb is not None:
        print(kb.summary() + (corpus if (kb.root / CORPUS_FILE).is_file() else ""))
        return 0
    print(f"{args.dir or 'knowledge'}: {len(problems)} problem(s) found", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def cmd_show(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    muscle = find_muscle(kb, args.muscle)
    if muscle is None:
        return _unknown_muscle(kb, args.muscle)
    if args.json:
        _print_json(muscle_summary(muscle))
    else:
        print(monograph_text(kb, muscle))
    return 0


def cmd_export(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    if args.csv is not None:
        for path in export_csv(kb, args.csv):
            print(path)
    else:
        _print_json(export_knowledge(kb))
    return 0


def cmd_handout(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    muscles = list(kb.muscles.values()) if args.all else []
    for name in args.muscles:
        muscle = find_muscle(kb, name)
        if muscle is None:
            return _unknown_muscle(kb, name)
        muscles.append(muscle)
    if not muscles:
        print("name at least one muscle, or use --all", file=sys.stderr)
        return 2
    from triage.outputs.pdf.handout import handouts_pdf  # the PDF library is imported only to write PDFs

    args.out.write_bytes(handouts_pdf(kb, muscles))
    print(f"wrote {len(muscles)} page(s) to {args.out}")
    return 0


def _unknown_muscle(kb: KnowledgeBase, name: str) -> int:
    close = close_muscles(kb, name)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    print(f"unknown muscle '{name}'{hint} (list them with `triage export --json`)", file=sys.stderr)
    return 2


def cmd_rank(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    engine = Engine(kb)
    if args.batch is not None:
        return _rank_batch(engine, args.batch)
    query = Query(text=args.text or "", regions=tuple(args.region), findings=tuple(args.finding),
                  denied=tuple(args.deny), red_flags=tuple(args.red_flag), ruled_out=tuple(args.rule_out))
    result = engine.analyse(query)
    if args.json:
        _print_json(to_json(kb, result))
    else:
        print(result_text(kb, result))
    return 0


def _rank_batch(engine: Engine, path: Path) -> int:
    """JSON Lines in, JSON Lines out, in order; a bad line gives an error object and the rest still run."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if str(path) != "-" else sys.stdin.read().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        print(f"cannot read batch file {path}: {error}", file=sys.stderr)
        return 2
    for number, line in enumerate(lines, start=1):
        if line.strip():
            print(json.dumps(_rank_line(engine, line, number), ensure_ascii=False), flush=True)
    return 0


def _rank_line(engine: Engine, line: str, number: int) -> dict[str, object]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "line": number, "error": f"line {number}: not valid JSON ({error})"}
    try:
        query = Query.from_mapping(data)
    except QueryError as error:
        ident = data.get("id") if isinstance(data, dict) else None
        return {"id": ident, "line": number, "error": f"line {number}: {error}"}
    return to_json(engine.kb, engine.analyse(query))


def cmd_evaluate(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    from triage.evaluation.metrics import evaluate, report_text  # with the baseline's scikit-learn parts
    from triage.evaluation.places import place_figures, places_text
    from triage.evaluation.red_team import evaluate_red_team, red_team_text

    try:
        if is_red_team(args.file):
            print(red_team_text(evaluate_red_team(Engine(kb), load_red_team(args.file, kb))))
        elif is_place_file(args.file):
            print(places_text(place_figures(Engine(kb), load_place_cases(args.file, kb))))
        else:
            print(report_text(evaluate(Engine(kb), load_cases(args.file, kb), words_only=args.words_only)))
    except (OSError, KnowledgeBaseError) as error:
        print(f"cannot evaluate: {error}", file=sys.stderr)
        return 2
    return 0


def cmd_guide(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    """Figures on agreement with the pain guides' lists (see evaluation/pain_guide.py)."""
    from triage.evaluation.pain_guide import agreement_text, area_agreement, area_text, zone_agreement

    print(agreement_text(zone_agreement(Engine(kb)), top=args.top))
    print(area_text(area_agreement(kb)))
    return 0


def cmd_train(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    """Fit the paraphrase net on the red-flag corpus and write it (by default beside the engine's reader)."""
    from triage.training.paraphrase import corpus_words, default_model_path, train  # scikit-learn only here

    try:
        examples = load_corpus(kb, args.corpus)
    except KnowledgeBaseError as error:
        print(f"cannot train: {error}", file=sys.stderr)
        return 2
    reader = Understander(words=corpus_words(examples)).fit(kb)
    out = train(examples, list(kb.red_flags.index), reader.net_text, args.out or default_model_path())
    print(f"trained on {len(examples)} sentences for {len(kb.red_flags)} red flags; wrote {out}")
    return 0


# What `.streamlit/config.toml` says for a source checkout, given as flags so that an installed copy run
# from any folder behaves the same: no usage statistics, no error details, this machine only by default, and
# captions dark enough to read.
SERVER_OPTIONS = {
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "minimal",
    "client.showErrorDetails": "none",
    "server.headless": "true",
    "server.fileWatcherType": "none",
    "runner.postScriptGC": "false",
    "theme.base": "light",
    "theme.light.textColor": "#111111",
}


def serve_command(port: int, address: str) -> list[str]:
    """The `streamlit run` command line for the packaged app (the same frame as the repository's app.py)."""
    app = resources.files("triage") / "ui" / "main.py"
    options = {**SERVER_OPTIONS, "server.port": str(port), "server.address": address}
    flags = [part for key, value in options.items() for part in (f"--{key}", value)]
    return [sys.executable, "-m", "streamlit", "run", str(app), *flags]


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the knowledge base, then replace this process with the Streamlit server."""
    if cmd_check(argparse.Namespace(dir=args.knowledge)) != 0:
        return 1
    env = dict(os.environ)
    if args.knowledge is not None:
        env["TRIAGE_KNOWLEDGE"] = str(args.knowledge.resolve())
    command = serve_command(args.port, args.address)
    os.execve(command[0], command, env)
    return 0  # not reached: execve does not return


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="triage",
        description="Triage Explorer: educational symptom-to-muscle explorer. Not a diagnosis.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate a knowledge base and print a summary or every problem")
    check.add_argument("dir", nargs="?", type=Path, default=None, help="knowledge folder (default: shipped)")
    check.set_defaults(run=cmd_check, needs_kb=False)

    def with_kb(name: str, run: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--knowledge", type=Path, default=None, help="knowledge folder (default: shipped)")
        sub.set_defaults(run=run, needs_kb=True)
        return sub

    show = with_kb("show", cmd_show, "print a muscle's monograph")
    show.add_argument("muscle", help="muscle id, name or alias")
    show.add_argument("--json", action="store_true", help="print JSON instead of text")

    _rank_arguments(with_kb("rank", cmd_rank, "rank muscles for a description (educational, not a diagnosis)"))

    evaluate_cmd = with_kb("evaluate", cmd_evaluate, "figures on a vignette file, engine vs a TF-IDF baseline")
    evaluate_cmd.add_argument("file", type=Path, help="vignettes (YAML list or JSON Lines)")
    evaluate_cmd.add_argument("--words-only", action="store_true",
                              help="drop the regions marked on the map: both systems read the person's words alone")

    guide = with_kb("guide", cmd_guide, "figures on agreement with the pain guides' order, zone by zone")
    guide.add_argument("--top", type=int, default=5, help="count the guide's first muscle when ranked this high")

    export = with_kb("export", cmd_export, "the whole knowledge base as JSON, or rule and muscle tables as CSV")
    output = export.add_mutually_exclusive_group(required=True)
    output.add_argument("--json", action="store_true", help="print everything as one JSON document")
    output.add_argument("--csv", type=Path, metavar="DIR", help="write rules.csv, muscles.csv and links.csv to DIR")

    train_cmd = with_kb("train", cmd_train, "fit the red-flag paraphrase net on the corpus (deterministic)")
    train_cmd.add_argument("--corpus", type=Path, default=None, help="corpus CSV (default: the knowledge base's)")
    train_cmd.add_argument("--out", type=Path, default=None, help="model file to write (default: the shipped one)")

    handout = with_kb("handout", cmd_handout, "write one-page PDF handouts (one page per muscle)")
    handout.add_argument("muscles", nargs="*", help="muscle ids, names or aliases")
    handout.add_argument("--all", action="store_true", help="every muscle of the knowledge base")
    handout.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    _serve_arguments(commands.add_parser("serve", help="run the app (this machine only unless --address says so)"))
    return parser


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--knowledge", type=Path, default=None, help="knowledge folder (default: shipped)")
    serve.add_argument("--port", type=int, default=8501, help="port to serve on (default: 8501)")
    serve.add_argument("--address", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1; 0.0.0.0 serves the local network)")
    serve.set_defaults(run=cmd_serve, needs_kb=False)


def _rank_arguments(rank: argparse.ArgumentParser) -> None:
    rank.add_argument("--text", default="", help="what the pain is like, in your own words")
    rank.add_argument("--region", action="append", default=[], help="marked region id (repeatable)")
    rank.add_argument("--finding", action="append", default=[], help="present finding id (repeatable)")
    rank.add_argument("--deny", action="append", default=[], help="denied finding id (repeatable)")
    rank.add_argument("--red-flag", action="append", default=[], help="red flag id answered yes (repeatable)")
    rank.add_argument("--rule-out", action="append", default=[],
                      help="red flag id answered no when asked (repeatable): its question is dropped")
    rank.add_argument("--batch", type=Path, default=None, help="JSON Lines file of queries ('-' for stdin)")
    rank.add_argument("--json", action="store_true", help="print JSON instead of text")


def run() -> int:
    """The console command: like `main`, but a reader that stops early (`triage guide | head`) ends it quietly,
    as it ends any Unix tool, instead of with a broken-pipe traceback."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.needs_kb:
        return args.run(args)
    try:
        kb = load_knowledge_base(args.knowledge)
    except KnowledgeBaseError as error:
        print(f"refusing to run: {error}", file=sys.stderr)
        return 1
    return args.run(args, kb)
