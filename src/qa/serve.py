"""Starting the app: bring the index up to date, then serve."""
from __future__ import annotations

import sys

from .assistant import Assistant, build
from .config import load_settings
from .show import answer_to_text

EXAMPLE_QUESTION = "Ai phát biểu kết luận?"


def main() -> int:
    settings = load_settings()
    report = build(settings)
    for path, reason in report.skipped:
        print(f"Skipped {path}: {reason}", file=sys.stderr)
    print(f"Index: {report.documents} documents, {report.chunks} chunks.", file=sys.stderr)
    assistant = Assistant(settings)
    print(f"> {EXAMPLE_QUESTION}")
    print(answer_to_text(assistant.ask(EXAMPLE_QUESTION)))
    return 0
