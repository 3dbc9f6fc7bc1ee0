"""What tests/test_ui.py, tests/test_access.py and tests/test_browser.py share: the chat app
served for real on a loopback port over a copy of a corpus and its index, the questions and
documents they ask about, and (``serve_secured``) the same app with an access file of three users."""
from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from qa.access import hash_password
from qa.app.layout import create_app
from qa.app.serve import launch
from qa.app.service import ChatApp
from qa.config import Settings
from qa.embed import TextEmbedder
from qa.index.store import build_index

QUESTION = "Ai phát biểu kết luận hội nghị giao ban của Ban Tổ chức Trung ương?"
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
        (base / "corpus" / name).parent.mkdir(parents=True, exist_ok=True)
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


# ---------------------------------------------------------------- users, groups, a secret

# Two groups each reading their own folder, a third reading only what no rule covers (the
# shared documents at the top of the corpus: every user reads them).
A, B, GUEST = "an", "binh", "chi"
GROUPS = {A: "to-chuc", B: "noi-vu", GUEST: "khach"}
PASSWORDS = {A: "mat-khau-cua-an", B: "mat-khau-cua-binh", GUEST: "mat-khau-cua-chi"}
OWN_DOC = "to-chuc/ke-hoach-dao-tao-can-bo.txt"
OWN_TEXT = """Kế hoạch đào tạo cán bộ Ban Tổ chức năm 2024
Hà Nội, ngày 2 tháng 2 năm 2024.
Hội nghị triển khai kế hoạch đào tạo cán bộ do đồng chí Đặng Thị Thu Hà chủ trì.
Ban Tổ chức mở bốn lớp bồi dưỡng nghiệp vụ cho cán bộ trong quý II năm 2024.
"""
SECRET_DOC = "noi-vu/hop-kin-du-an-cau-vang.txt"
SECRET_LINES = [
    "Biên bản họp kín về dự án cầu Vàng Sông Hồng",
    "Hà Nội, ngày 9 tháng 4 năm 2024.",
    "Cuộc họp kín về dự án cầu Vàng Sông Hồng do đồng chí Lương Thế Bảo Mật chủ trì.",
    "Cuộc họp thống nhất chi 7.350 tỷ đồng cho gói thầu mật danh KX-47 của dự án cầu Vàng Sông Hồng.",
    "Đồng chí Lương Thế Bảo Mật, Phó Giám đốc Ban Quản lý dự án cầu Vàng Sông Hồng, báo cáo tiến độ gói thầu.",
]
SECRET_TEXT = "\n".join(SECRET_LINES) + "\n"
SECRET_QUESTION = "Ai chủ trì cuộc họp kín về dự án cầu Vàng Sông Hồng?"
SECRET_ANSWER = "Lương Thế Bảo Mật"
# What of the secret document must never reach A: its path, file name, title, names and figures.
SECRET_MARKERS = ("noi-vu", "hop-kin-du-an-cau-vang", "họp kín", "cầu Vàng", "Lương Thế Bảo Mật",
                  "KX-47", "7.350", "Phó Giám đốc Ban Quản lý")


def access_file_text() -> str:
    """The access file of A, B and GUEST: to-chuc reads to-chuc/, noi-vu reads noi-vu/, and
    what no rule covers is everyone's; A's and B's uploads go to their group's folder."""
    users = "".join(f'\n[users.{name}]\npassword = "{hash_password(PASSWORDS[name])}"\ngroups = ["{group}"]\n'
                    for name, group in GROUPS.items())
    return f"""# Who may read what: the test users
default = ["*"]

[groups.to-chuc]
uploads = "to-chuc"

[groups.noi-vu]
uploads = "noi-vu"

[groups.khach]

[read]
"to-chuc" = ["to-chuc"]
"noi-vu" = ["noi-vu"]
{users}"""


@contextmanager
def serve_secured(base: Path, source: Settings, embedder: TextEmbedder, port: int,
                  **changes: object) -> Iterator[Served]:
    """``serve_app`` with A's and the secret document added and ``access_file_text`` beside
    the corpus: the users log in."""
    (base / "access.toml").write_text(access_file_text(), encoding="utf-8")
    with serve_app(base, source, embedder, port, {OWN_DOC: OWN_TEXT, SECRET_DOC: SECRET_TEXT}, **changes) as s:
        yield s


def leaks(shown: object) -> list[str]:
    """What of the secret document shows in ``shown`` (an answer without the question's echo,
    a page, a list of documents): its markers, compared without case."""
    text = (shown if isinstance(shown, str) else json.dumps(shown, ensure_ascii=False)).casefold()
    return [marker for marker in SECRET_MARKERS if marker.casefold() in text]
