"""Starting the chat app: bring the index up to date (progress in the terminal), then serve.

``python app.py`` and ``qa serve`` run ``main``; the address comes from ``QA_HOST`` /
``QA_PORT`` (default 127.0.0.1:7860) or ``--host`` / ``--port``; ``QA_AUTH=user:password``
turns on the login page.
"""
from __future__ import annotations

import argparse
import os
import sys

EXIT_OK, EXIT_ERROR = 0, 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa serve", description="Build or update the index, then start the chat app.")
    parser.add_argument("--host", help="address to listen on (default: 127.0.0.1, QA_HOST)")
    parser.add_argument("--port", type=int, help="port (default: 7860, QA_PORT)")
    parser.add_argument("--no-build", action="store_true",
                        help="serve the existing index without updating it first")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry calls

    from ..index.store import build_index
    from ..config import load_settings
    from ..embed import make_embedder
    from .ui import ChatApp, create_app, launch, parse_auth

    try:
        settings = load_settings().replace(host=args.host, port=args.port)
        parse_auth(settings.auth)
    except ValueError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if not settings.corpus.is_dir():
        print(f"Error: corpus folder not found: {settings.corpus}", file=sys.stderr)
        return EXIT_ERROR
    embedder = make_embedder(settings)
    if not args.no_build:
        print(f"Updating the index of {settings.corpus} in {settings.index}…", file=sys.stderr)
        report = build_index(settings, embedder=embedder, progress=True)
        if report.full_rebuild_reason:
            print(f"Rebuilt the whole index: {report.full_rebuild_reason}.", file=sys.stderr)
        for path, reason in report.skipped:
            print(f"Skipped {path}: {reason}", file=sys.stderr)
        state = "updated" if report.changed else "up to date"
        print(f"Index {state}: {report.documents} documents, {report.chunks} chunks "
              f"({report.seconds:.1f} s).", file=sys.stderr)
    chat = ChatApp(settings, embedder)
    demo = create_app(settings, chat=chat)
    print(f"Starting the app on http://{settings.host}:{settings.port}"
          f"{' (login required)' if settings.auth else ''} — Ctrl+C to stop.", file=sys.stderr)
    try:
        launch(demo, settings)
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # e.g. the port is taken
        print(f"Error: cannot start the server: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
