"""The ``qa`` command: a thin layer over the library API in ``qa.assistant``.

Exit codes: 0 success; 1 error (message on stderr); 2 bad usage;
3 the index was built but some files were skipped (listed on stderr).
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .config import Settings, load_settings
from .errors import QaError

if TYPE_CHECKING:
    from .access import Access, Policy

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3
ACCESS_HELP = "the access file (default: access.toml beside the corpus folder, QA_ACCESS)"


class CliError(Exception):
    """Bad input on the command line, shown as one line without a traceback (as is any
    ``QaError`` from the library)."""


def _settings(args: argparse.Namespace) -> Settings:
    """The settings from the environment with the command's flags applied."""
    if getattr(args, "k", None) is not None and args.k < 1:
        raise CliError("--k must be at least 1.")
    try:
        return load_settings().replace(corpus=getattr(args, "corpus", None), index=getattr(args, "index", None),
                                       k=getattr(args, "k", None), access=getattr(args, "access", None))
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
    from .meetings.query import parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CliError(f"{flag} {exc}.") from None


def cmd_ask(args: argparse.Namespace) -> int:
    from .access import Access, documents_to_search
    from .assistant import Assistant, clean_question
    from .answer.show import answer_to_json, answer_to_text
    from .audit import Caller, audit_log

    settings = _settings(args)
    clean_question(args.question)  # an empty question fails before the index is opened
    since, until = args.since, args.until
    access = Access(settings.access_file())
    if args.user:
        _policy(access).user(args.user)  # an unknown user fails before the index is opened
    assistant = Assistant(settings)
    indexed = assistant.index.manifest["documents"]
    docs = documents_to_search(indexed, args.doc, access.readable(args.user, indexed) if args.user else None)
    answer = assistant.ask(args.question, docs=docs, since=since, until=until)
    data = answer_to_json(answer, indexed)
    if args.user:
        audit_log(settings).write("ask", Caller(args.user, None, "cli"), docs=[c["doc"] for c in data["citations"]],
                                  question=data["question"], answered=data["answered"])
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else answer_to_text(answer))
    return EXIT_OK


def _date_flag(flag: str) -> Callable[[str], date]:
    """An argparse type: a date as ``_date`` reads it, or a usage error (exit 2)."""
    def parse(text: str) -> date:
        try:
            return _date(text, flag)  # type: ignore[return-value]
        except CliError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return parse


def cmd_meetings(args: argparse.Namespace) -> int:
    from .access import Access, documents_to_search
    from .audit import Caller, audit_log
    from .index.live import meeting_records
    from .meetings.query import find_meetings, meeting_json, meeting_line

    settings = _settings(args)
    if args.since and args.until and args.since > args.until:
        args.parser.error(f"--since {args.since} is after --until {args.until}.")
    access = Access(settings.access_file())
    if args.user:
        _policy(access).user(args.user)  # an unknown user fails before the index is opened
    manifest, records = meeting_records(settings.index)  # no vectors: a listing is quick at any size
    indexed = manifest["documents"]
    docs = documents_to_search(indexed, [args.doc] if args.doc else None,
                               access.readable(args.user, indexed) if args.user else None)
    found = find_meetings(records.values(), args.since, args.until, args.chair, docs=docs)
    if args.user:
        audit_log(settings).write("meetings", Caller(args.user, None, "cli"), docs=[r.doc for r in found])
    if args.json:
        print(json.dumps([meeting_json(r) for r in found], ensure_ascii=False, indent=2))
    else:
        print("\n".join(meeting_line(r) for r in found) if found else "No meetings found.")
    return EXIT_OK


def _policy(access: Access) -> Policy:
    """What the access file says, or an error when there is none."""
    policy = access.policy()
    if policy is None:
        raise CliError(f"No access file at {access.path} (QA_ACCESS; add a user: qa users add NAME --group GROUP).")
    return policy


def _password(args: argparse.Namespace) -> str:
    """The new password: a line of standard input with --password-stdin, else typed twice."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise CliError("The two passwords differ.")
    return password


def cmd_users_add(args: argparse.Namespace) -> int:
    from .access import add_user

    path = _settings(args).access_file()
    declared = add_user(path, args.name, args.group, _password(args))
    print(f"Added user {args.name} (groups: {', '.join(args.group)}) to {path}.")
    for group in declared:
        print(f"Group {group} is new: say what it reads under [read] in {path} (docs/access.md).",
              file=sys.stderr)
    return EXIT_OK


def cmd_users_passwd(args: argparse.Namespace) -> int:
    from .access import check_user_listed, set_password

    path = _settings(args).access_file()
    check_user_listed(path, args.name)  # before the password is asked for
    set_password(path, args.name, _password(args))
    print(f"Changed the password of {args.name} in {path}; their open sessions end.")
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    from .access import Access

    policy = _policy(Access(_settings(args).access_file()))
    for user in policy.users.values():
        uploads = policy.upload_folder(user.name)
        uploads = "-" if uploads is None else uploads or "(the corpus folder)"
        print(f"{user.name}\tgroups: {', '.join(user.groups) or '-'}\tuploads: {uploads}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from .access import canonical_path
    from .audit import format_entry, matching, read_audit

    settings = _settings(args)
    try:
        doc = canonical_path(args.doc) if args.doc else None
    except ValueError as exc:
        raise CliError(f"--doc {args.doc!r}: {exc}") from None
    for entry in matching(read_audit(Path(settings.data)), doc=doc, user=args.user):
        print(json.dumps(entry, ensure_ascii=False) if args.json else format_entry(entry))
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

    argv = [*(["--host", args.host] if args.host else []),
            *(["--port", str(args.port)] if args.port is not None else []), *(["--no-build"] if args.no_build else []),
            *(["--workers", str(args.workers)] if args.workers is not None else [])]
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


def _add_filters(p: argparse.ArgumentParser, dated: str, logged: str) -> None:
    """--since/--until (checked dates) and --user/--access, for ``dated`` things; ``logged``
    is what goes to the audit log with --user."""
    p.add_argument("--since", metavar="DATE", type=_date_flag("--since"),
                   help=f"only {dated} on or after DATE (YYYY-MM-DD or DD/MM/YYYY; undated ones are left out)")
    p.add_argument("--until", metavar="DATE", type=_date_flag("--until"), help=f"only {dated} on or before DATE")
    p.add_argument("--user", metavar="NAME", help=f"only the documents this user of the access file may read "
                                                  f"({logged} goes to the audit log)")
    p.add_argument("--access", metavar="FILE", help=ACCESS_HELP)


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
    _add_filters(p, "documents dated", "the question")

    p = add("meetings", cmd_meetings, "List the meetings the indexed documents record: date | kind | title | chair.")
    p.set_defaults(parser=p)
    p.add_argument("--index", type=Path, help="index folder (default: index/, QA_INDEX)")
    p.add_argument("--json", action="store_true", help="print a JSON list of the meeting records")
    _add_filters(p, "meetings", "the listing")
    p.add_argument("--chair", metavar="NAME", help="only meetings chaired by NAME (part of the name, with or "
                                                   "without diacritics: \"nguyen huu thang\")")
    p.add_argument("--doc", metavar="PATH", help="only this document's meeting (path under the corpus)")

    p = add("eval", cmd_eval, "Measure retrieval on a QA dataset (SQuAD JSON, or a folder with "
                              "questions.jsonl and corpus/ or distractors.json); builds and caches its "
                              "own index.")
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
    p.add_argument("--workers", type=int, metavar="N", help="worker processes behind the address (default: 1, "
                                                            "QA_WORKERS)")
    _access_commands(add)
    return parser


def _access_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """``qa users add|passwd|list`` and ``qa audit`` (docs/access.md)."""
    users = add("users", None, "Add users to the access file, change their passwords, list them "
                               "(docs/access.md).").add_subparsers(dest="action", required=True, metavar="ACTION")
    actions = {"add": (cmd_users_add, "Add a user (the password is asked for)."),
               "passwd": (cmd_users_passwd, "Change a user's password (their open sessions end)."),
               "list": (cmd_users_list, "List the users with their groups and upload folder.")}
    for name, (func, help_text) in actions.items():
        p = users.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        p.add_argument("--access", metavar="FILE", help=ACCESS_HELP)
        if name != "list":
            p.add_argument("name", help="user name (letters, digits, . @ - _)")
            p.add_argument("--password-stdin", action="store_true", help="read the password from one line of "
                                                                         "standard input (for scripts)")
        if name == "add":
            p.add_argument("--group", action="append", required=True, metavar="GROUP",
                           help="a group of the user (repeatable; a new group is declared)")
    p = add("audit", cmd_audit, "Show the audit log: who asked what, and which documents they were shown "
                                "(oldest first).")
    p.add_argument("--doc", metavar="PATH", help="only entries that showed this document (path under the corpus)")
    p.add_argument("--user", metavar="NAME", help="only this user's entries")
    p.add_argument("--json", action="store_true", help="one JSON object a line")


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
    except BrokenPipeError:  # the reader went away ("qa meetings | head"): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
