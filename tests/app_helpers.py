"""What tests/test_ui.py and tests/test_browser.py share: the chat app served for real on a
loopback port over a copy of a corpus and its index, and the questions and documents both ask about."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from qa.app.layout import create_app
from qa.app.serve import launch
from qa.app.service import ChatApp
from qa.config import Settings
from qa.embed import TextEmbedder
from qa.index.store import build_index

QUESTION = "Ai phát biểu kết luận?"
SPEAKER = "Mai Văn Chính"
FOLLOW_UP = "Ông ấy giữ chức vụ gì?"
XSS_DOC = "kiem-thu-hien-thi.txt"
XSS_TEXT = """Biên bản họp kiểm thử <b>an toàn</b> hiển thị
Hà Nội, ngày 12 tháng 3 năm 2024.
Cuộc họp kiểm thử an toàn hiển thị do đồng chí Lê Văn Kiểm chủ trì.
Đoạn mã <script>alert(1)</script> được dán vào biên bản họp kiểm thử an toàn hiển thị.
Ảnh minh họa <img src=x onerror=alert(1)> cũng được dán vào biên bản họp kiểm thử an toàn hiển thị.
Ký hiệu ${alert(1)} và {{value}} xuất hiện trong biên bản họp kiểm thử an toàn hiển thị.
"""
XSS_QUESTION = "Đoạn mã nào được dán vào biên bản họp kiểm thử an toàn hiển thị?"


@dataclass
class Served:
    settings: Settings
    chat: ChatApp
    url: str


@contextmanager
def serve_app(base: Path, source: Settings, embedder: TextEmbedder, port: int,
              extra_docs: dict[str, str] | None = None, **changes: object) -> Iterator[Served]:
    """The app on 127.0.0.1:``port``, over a copy of ``source``'s corpus and index (plus
    ``extra_docs``, indexed incrementally) in ``base``."""
    shutil.copytree(source.corpus, base / "corpus")
    shutil.copytree(source.index, base / "index", ignore=shutil.ignore_patterns(".lock"))
    for path in (base / "corpus").iterdir():
        path.chmod(0o644)
    for name, text in (extra_docs or {}).items():
        (base / "corpus" / name).write_text(text, encoding="utf-8")
    settings = Settings(corpus=base / "corpus", index=base / "index", data=base / "data",
                        port=port).replace(**changes)
    build_index(settings, embedder=embedder, progress=False)
    chat = ChatApp(settings, embedder)
    demo = create_app(settings, chat=chat)
    launch(demo, settings, block=False, quiet=True)
    try:
        yield Served(settings, chat, f"http://127.0.0.1:{settings.port}/")
    finally:
        demo.close()
