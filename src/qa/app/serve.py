"""Starting the chat app: bring the index up to date (progress in the terminal), then serve.

``python app.py`` and ``qa serve`` run ``main``; the address comes from ``QA_HOST`` /
``QA_PORT`` (default 127.0.0.1:7860) or ``--host`` / ``--port``; with ``--workers N`` (or
``QA_WORKERS``) above 1, N processes serve behind that address (``qa.app.workers``). The access file's users
(docs/access.md), or the one ``QA_AUTH=user:password`` user, log in (``qa.app.login``).
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr

    from .login import Login
    from ..config import Settings
    from ..embed import TextEmbedder

EXIT_OK, EXIT_ERROR = 0, 1  # as the qa command's


def theme() -> gr.themes.Base:
    """The default look with system fonts (the default theme loads Google Fonts: offline here)."""
    import gradio as gr

    return gr.themes.Default(font=["system-ui", "Segoe UI", "Roboto", "Noto Sans", "DejaVu Sans", "sans-serif"],
                             font_mono=["ui-monospace", "DejaVu Sans Mono", "monospace"])


def launch(demo: gr.Blocks, settings: Settings, *, block: bool = True, quiet: bool = False,
           login: Login | None = None) -> None:
    """Start the server on ``settings.host``/``port`` (``block=False`` returns once it is up),
    with ``login`` (by default the one the settings ask for: ``make_login``)."""
    from starlette.middleware import Middleware

    from . import messages
    from .assets import CSS, LOGIN_CSS
    from .login import ClientAddress, make_login

    login = login or make_login(settings)
    demo.queue(default_concurrency_limit=2, max_size=64)
    demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=login.check if login else None,
        auth_message=f"<style>{LOGIN_CSS}</style>{messages.LOGIN_MESSAGE}" if login else None,
        app_kwargs={"middleware": [Middleware(ClientAddress)]},
        # Gradio's own cap (English message) is a backstop; the upload handler checks
        # max_upload_mb itself with a Vietnamese message.
        max_file_size=f"{max(1.0, settings.max_upload_mb * 4):g}mb",
        prevent_thread_lock=True,
        quiet=quiet,
        show_error=False,
        ssr_mode=False,
        footer_links=["api"],
        theme=theme(),
        css=CSS,
    )
    if login:
        demo.server_app.tokens = login.sessions  # sessions end when their user's password changes
    if block:
        demo.block_thread()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa serve", description="Build or update the index, then start the chat app.")
    parser.add_argument("--host", help="address to listen on (default: 127.0.0.1, QA_HOST)")
    parser.add_argument("--port", type=int, help="port (default: 7860, QA_PORT)")
    parser.add_argument("--no-build", action="store_true",
                        help="serve the existing index without updating it first")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="worker processes behind the address (default: 1, QA_WORKERS; docs/scale.md)")
    return parser


def _update_index(settings: Settings, embedder: TextEmbedder) -> None:
    """Build or update the index, reporting on stderr."""
    from ..index.store import build_index

    print(f"Updating the index of {settings.corpus} in {settings.index}…", file=sys.stderr)
    report = build_index(settings, embedder=embedder, progress=True)
    for note in report.notes():
        print(note, file=sys.stderr)
    state = "updated" if report.changed else "up to date"
    print(f"Index {state}: {report.documents} documents, {report.chunks} chunks "
          f"({report.seconds:.1f} s).", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry calls

    from ..config import load_settings
    from ..embed import make_embedder
    from ..errors import QaError
    from .layout import create_app
    from .login import make_login
    from .service import ChatApp

    try:
        settings = load_settings().replace(host=args.host, port=args.port, workers=args.workers)
        login = make_login(settings)  # QA_AUTH and the access file checked before anything starts
    except (ValueError, QaError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if not settings.corpus.is_dir():
        print(f"Error: corpus folder not found: {settings.corpus}", file=sys.stderr)
        return EXIT_ERROR
    embedder = None if args.no_build else make_embedder(settings)
    if embedder is not None:
        _update_index(settings, embedder)
    if settings.workers > 1:
        from .workers import serve_workers

        embedder = None  # not kept while serving: each worker loads its own
        return EXIT_OK if serve_workers(settings, login=login is not None) else EXIT_ERROR
    demo = create_app(settings, chat=ChatApp(settings, embedder))
    print(f"Starting the app on http://{settings.host}:{settings.port}"
          f"{' (login required)' if login else ''} — Ctrl+C to stop.", file=sys.stderr)
    try:
        launch(demo, settings, login=login)
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # e.g. the port is taken
        print(f"Error: cannot start the server: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
