"""The ``qa`` command: a thin layer over the library API in ``qa.assistant``.

Exit codes: 0 success; 1 error (message on stderr); 2 bad usage;
3 the index was built but some files were skipped (listed on stderr).
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from .config import Settings, load_settings
from .errors import QaError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


class CliError(Exception):
    """Bad input on the command line, shown as one line without a traceback (as is any
    ``QaError`` from the library)."""


def _settings(args: argparse.Namespace) -> Settings:
    """The settings from the environment with the command's flags applied."""
    if getattr(args, "k", None) is not None and args.k < 1:
        raise CliError("--k must be at least 1.")
    try:
        return load_settings().replace(corpus=getattr(args, "corpus", None),
                                       index=getattr(args, "index", None), k=getattr(args, "k", None))
    except ValueError as exc:
        raise CliError(str(exc)) from None


def cmd_index(args: argparse.Namespace) -> int:
    from .index.store import build_index

    settings = _settings(args)
    if not settings.corpus.is_dir():
        raise CliError(f"Corpus folder not found: {settings.corpus}")
    report = build_index(settings, progress=not args.quiet)
    for note in report.notes():
        print(note, file=sys.stderr)
    if report.changed:
        print(f"Indexed {report.documents} documents, {report.chunks} chunks in {settings.index} "
              f"({len(report.embedded_documents)} embedded: {report.embedded_chunks} chunks; "
              f"{report.reused_documents} unchanged; {len(report.removed_documents)} removed) "
              f"in {report.seconds:.1f} s.")
    else:
        print(f"Index is up to date: {report.documents} documents, {report.chunks} chunks.")
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def _date(text: str | None, flag: str) -> date | None:
    """A date given as YYYY-MM-DD or DD/MM/YYYY."""
    if text is None:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise CliError(f"{flag} {text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY).")


def cmd_ask(args: argparse.Namespace) -> int:
    from .assistant import Assistant, clean_question
    from .answer.show import answer_to_json, answer_to_text

    settings = _settings(args)
    clean_question(args.question)  # an empty question fails before the index is opened
    since, until = _date(args.since, "--since"), _date(args.until, "--until")
    assistant = Assistant(settings)
    answer = assistant.ask(args.question, docs=set(args.doc) if args.doc else None, since=since, until=until)
    if args.json:
        data = answer_to_json(answer, assistant.index.manifest["documents"])
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(answer_to_text(answer))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .dev.evaluate import format_table, only_titles, run_eval
    from .config import MODES

    settings = _settings(args)
    mode = args.mode or settings.mode
    if mode not in MODES:
        raise CliError(f"--mode must be one of {', '.join(MODES)}")
    if args.rerank is not None:
        if args.rerank < 0:
            raise CliError("--rerank must be 0 (off) or more")
        settings = settings.replace(rerank=args.rerank)
    try:
        only = only_titles(args.only) if args.only else None
        result = run_eval(args.dataset, settings, mode=mode, k=args.k, out=args.out, progress=not args.json,
                          only=only)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_table(result))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .app.serve import main as serve_main

    argv = [*(["--host", args.host] if args.host else []), *(["--port", str(args.port)] if args.port else []),
            *(["--no-build"] if args.no_build else [])]
    return serve_main(argv)


def cmd_export_model(args: argparse.Namespace) -> int:
    from .embed.export import main_export

    return main_export(args.dir)


def cmd_bench(args: argparse.Namespace) -> int:
    from .dev.bench import format_markdown, run_bench

    settings = _settings(args)
    result = run_bench(settings, quick=args.quick, source=args.source)
    table = format_markdown(result)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(table, encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else table)
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa", description="Answer questions about Vietnamese meeting documents, with cited passages.",
        epilog="Settings can also be given as environment variables: QA_CORPUS, QA_INDEX, QA_K, ...")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add("index", cmd_index, "Build or update the index from the corpus folder (incremental).")
    p.add_argument("--corpus", type=Path, help="folder of documents (default: corpus/, QA_CORPUS)")
    p.add_argument("--index", type=Path, help="index folder (default: index/, QA_INDEX)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = add("ask", cmd_ask, "Answer a question from the indexed documents.")
    p.add_argument("question", help='the question, e.g. "Ai phát biểu kết luận?"')
    p.add_argument("--k", type=int, help="number of passages to cite (default: 5, QA_K)")
    p.add_argument("--index", type=Path, help="index folder (default: index/, QA_INDEX)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--doc", action="append", metavar="PATH",
                   help="only search this document (path under the corpus; repeatable)")
    p.add_argument("--since", metavar="DATE", help="only documents dated on or after DATE "
                                                    "(YYYY-MM-DD or DD/MM/YYYY; undated ones are left out)")
    p.add_argument("--until", metavar="DATE", help="only documents dated on or before DATE")

    p = add("eval", cmd_eval, "Measure retrieval on a QA dataset (SQuAD JSON, or a folder with "
                              "corpus/ and questions.jsonl); builds and caches its own index.")
    p.add_argument("dataset", type=Path, help="SQuAD v1.1/v2.0 JSON file or dataset folder")
    p.add_argument("--mode", help="dense, bm25 or hybrid (default: hybrid, QA_MODE)")
    p.add_argument("--k", type=int, default=10, help="passages retrieved per question (default: 10)")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    p.add_argument("--out", type=Path, help="write every question with its rank and top passages (JSON lines)")
    p.add_argument("--rerank", type=int, metavar="N", help="passages the reading model reorders (0: off; "
                                                           "default: QA_RERANK)")
    p.add_argument("--only", type=Path, metavar="FILE",
                   help="only the questions of the articles whose titles FILE lists (JSON with a "
                        "\"titles\" list, e.g. eval/vinewsqa-held-out.json); the corpus stays whole")

    p = add("export-model", cmd_export_model, "Write the bundled multilingual-e5-small as a "
                                               "sentence-transformers model folder.")
    p.add_argument("dir", type=Path, help="output folder")

    p = add("bench", cmd_bench, "Measure index build throughput, re-indexing, ask latency and serving "
                                "memory at 1k/10k/100k chunks (a benchmark: tens of minutes; --quick: ~3).")
    p.add_argument("--quick", action="store_true", help="the 1k-chunk tier only")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of Markdown tables")
    p.add_argument("--out", type=Path, help="also write the Markdown tables to this file")
    p.add_argument("--source", type=Path, help="folder of .txt articles for the scale corpus "
                                                "(default: ../shared/datasets/vims-news, QA_BENCH_SOURCE)")

    p = add("serve", cmd_serve, "Start the chat app (builds or updates the index first).")
    p.add_argument("--host", help="address to listen on (default: 127.0.0.1, QA_HOST)")
    p.add_argument("--port", type=int, help="port (default: 7860, QA_PORT)")
    p.add_argument("--no-build", action="store_true", help="serve the index as it is")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except (CliError, QaError, FileNotFoundError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
