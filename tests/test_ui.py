"""The chat app, running for real: a Gradio server on a free loopback port over a temporary
copy of the corpus and index, driven through gradio_client and through the app's own handlers.
(tests/test_browser.py drives the same app in a real browser.)"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from gradio_client import Client, handle_file

from qa.config import Settings
from qa.index.store import open_index
from qa.app.ui import ChatApp, create_app, launch, md_escape, parse_auth, sanitize_filename

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Ai phát biểu kết luận?"
SPEAKER = "Mai Văn Chính"
XSS_DOC = "kiem-thu-hien-thi.txt"
XSS_TEXT = """Biên bản họp kiểm thử <b>an toàn</b> hiển thị
Hà Nội, ngày 12 tháng 3 năm 2024.
Cuộc họp kiểm thử an toàn hiển thị do đồng chí Lê Văn Kiểm chủ trì.
Đoạn mã <script>alert(1)</script> được dán vào biên bản họp kiểm thử an toàn hiển thị.
Ảnh minh họa <img src=x onerror=alert(1)> cũng được dán vào biên bản họp kiểm thử an toàn hiển thị.
Ký hiệu ${alert(1)} và {{value}} xuất hiện trong biên bản họp kiểm thử an toàn hiển thị.
"""
XSS_QUESTION = "Đoạn mã nào được dán vào biên bản họp kiểm thử an toàn hiển thị?"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Served:
    settings: Settings
    chat: ChatApp
    url: str


@contextmanager
def serve_app(base: Path, source: Settings, embedder, extra_docs: dict[str, str] | None = None,
              **changes) -> Iterator[Served]:
    """The app on a free port, over a copy of ``source``'s corpus and index (plus
    ``extra_docs``, indexed incrementally) in ``base``."""
    from qa.index.store import build_index

    shutil.copytree(source.corpus, base / "corpus")
    shutil.copytree(source.index, base / "index", ignore=shutil.ignore_patterns(".lock"))
    for path in (base / "corpus").iterdir():
        path.chmod(0o644)
    for name, text in (extra_docs or {}).items():
        (base / "corpus" / name).write_text(text, encoding="utf-8")
    settings = Settings(corpus=base / "corpus", index=base / "index", data=base / "data",
                        port=free_port()).replace(**changes)
    build_index(settings, embedder=embedder, progress=False)
    chat = ChatApp(settings, embedder)
    demo = create_app(settings, chat=chat)
    launch(demo, settings, block=False, quiet=True)
    try:
        yield Served(settings, chat, f"http://127.0.0.1:{settings.port}/")
    finally:
        demo.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory, shipped_index, embedder) -> Iterator[Served]:
    with serve_app(tmp_path_factory.mktemp("ui"), shipped_index, embedder, {XSS_DOC: XSS_TEXT}) as s:
        yield s


@pytest.fixture(scope="module")
def client(served: Served) -> Client:
    return Client(served.url, verbose=False)


def corpus_state(settings: Settings) -> tuple[list[str], str]:
    """Files in the corpus and the live index generation: what must not change on a rejected upload."""
    files = sorted(p.relative_to(settings.corpus).as_posix() for p in settings.corpus.rglob("*"))
    return files, (settings.index / "CURRENT").read_text()


# ---------------------------------------------------------------- API

def test_ask_through_the_api(client: Client, served: Served) -> None:
    result = client.predict(QUESTION, api_name="/ask")
    json.dumps(result)  # JSON-able as it came
    assert SPEAKER in result["answer"]
    assert result["answered"] is True
    cited = result["citations"][result["cited"] - 1]
    assert cited["doc"].startswith("hoi-nghi-giao-ban")
    start, end = cited["highlight"]
    assert cited["start"] <= start < end <= cited["end"]
    assert SPEAKER in cited["text"][start - cited["start"]:end - cited["start"]]
    assert result["evidence"]["text"] in cited["text"]
    assert [c["n"] for c in result["citations"]] == list(range(1, len(result["citations"]) + 1))


def test_api_restricts_to_chosen_documents(client: Client) -> None:
    result = client.predict(QUESTION, [XSS_DOC], api_name="/ask")
    assert result["citations"] and {c["doc"] for c in result["citations"]} == {XSS_DOC}
    assert SPEAKER not in result["answer"]


def test_api_follow_up_uses_history(client: Client) -> None:
    first = client.predict(QUESTION, api_name="/ask")
    follow = client.predict("Ông ấy giữ chức vụ gì?", None, [[QUESTION, first["answer"]]], api_name="/ask")
    assert follow["resolved_question"] and "Mai Văn Chính" in follow["resolved_question"]


def test_api_empty_question_is_a_vietnamese_error(client: Client) -> None:
    with pytest.raises(Exception, match="Hãy nhập câu hỏi"):
        client.predict("   ", api_name="/ask")


def test_without_an_index_the_app_answers_with_a_vietnamese_message(tmp_path: Path, embedder) -> None:
    (tmp_path / "corpus").mkdir()
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", data=tmp_path / "data",
                        port=free_port())
    demo = create_app(settings, chat=ChatApp(settings, embedder))
    launch(demo, settings, block=False, quiet=True)
    try:
        with pytest.raises(Exception, match="Chưa có chỉ mục"):
            Client(f"http://127.0.0.1:{settings.port}/", verbose=False).predict(QUESTION, api_name="/ask")
    finally:
        demo.close()


# ---------------------------------------------------------------- upload

def test_upload_then_answer_from_it(client: Client, served: Served, tmp_path: Path) -> None:
    doc = tmp_path / "tong-ket-nuoi-ong.txt"
    doc.write_text("Hội nghị tổng kết công tác nuôi ong mật năm 2031\n"
                   "Hội nghị tổng kết công tác nuôi ong mật năm 2031 được tổ chức tại thành phố Đà Lạt. "
                   "Đồng chí Trần Thị Quỳnh Hoa chủ trì hội nghị tổng kết công tác nuôi ong mật.\n",
                   encoding="utf-8")
    status, stats, selected, _ = client.predict(handle_file(str(doc)), [], api_name="/upload")
    assert "Đã thêm" in status and "tong-ket-nuoi-ong.txt" in status
    assert (served.settings.corpus / "tong-ket-nuoi-ong.txt").is_file()
    selected = selected["value"] if isinstance(selected, dict) else selected  # a gr.update
    assert selected == ["tong-ket-nuoi-ong.txt"]
    assert "tong-ket-nuoi-ong.txt" in open_index(served.settings.index).manifest["documents"]
    result = client.predict("Ai chủ trì hội nghị tổng kết công tác nuôi ong mật?", api_name="/ask")
    assert "Trần Thị Quỳnh Hoa" in result["answer"]
    assert result["citations"][result["cited"] - 1]["doc"] == "tong-ket-nuoi-ong.txt"


def test_upload_with_a_malicious_name_lands_inside_the_corpus(served: Served, tmp_path: Path) -> None:
    source = tmp_path / "plain.txt"
    source.write_text("Biên bản họp đội phản ứng nhanh\nĐội phản ứng nhanh họp vào sáng thứ hai.\n",
                      encoding="utf-8")
    corpus = served.settings.corpus.resolve()
    ok, message = served.chat.add_document(source, name="../../evil.txt")
    assert ok, message
    assert (corpus / "evil.txt").is_file()
    assert not (corpus.parent / "evil.txt").exists() and not (corpus.parent.parent / "evil.txt").exists()
    source.write_text("Biên bản họp đội ứng cứu\nĐội ứng cứu họp vào chiều thứ ba.\n", encoding="utf-8")
    ok, message = served.chat.add_document(source, name="..\\..\\.evil.txt")
    assert ok, message
    assert "evil-2.txt" in message and (corpus / "evil-2.txt").is_file()  # no overwrite, no dot file
    assert not any(p.name.startswith(".upload-") for p in corpus.iterdir())


@pytest.mark.parametrize("name, content, expected", [
    ("virus.exe", b"MZ\x90\x00binary", "Không hỗ trợ định dạng"),
    ("broken.pdf", b"%PDF-1.7 this is not really a pdf", "Không đọc được tệp"),
    ("broken.docx", b"PK\x03\x04 not a zip archive at all", "Không đọc được tệp"),
    ("binary.txt", bytes(range(256)) * 20, "Không đọc được tệp"),
    ("empty.md", b"", "Tệp rỗng"),
])
def test_rejected_upload_changes_nothing(client: Client, served: Served, tmp_path: Path,
                                         name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = corpus_state(served.settings)
    status, _, _, _ = client.predict(handle_file(str(path)), [], api_name="/upload")
    assert status.startswith("❌") and expected in status
    assert corpus_state(served.settings) == before


def test_upload_over_the_size_limit(tmp_path: Path, embedder) -> None:
    (tmp_path / "corpus").mkdir()
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", data=tmp_path / "data",
                        max_upload_mb=0.001)
    chat = ChatApp(settings, embedder)  # no index yet: the app still starts
    big = tmp_path / "lon.txt"
    big.write_text("Văn bản dài. " * 500, encoding="utf-8")
    ok, message = chat.add_document(big)
    assert not ok and "Tệp quá lớn" in message
    assert list(settings.corpus.iterdir()) == []


def test_sanitize_filename() -> None:
    assert sanitize_filename("../../etc/passwd.txt") == "passwd.txt"
    assert sanitize_filename("C:\\Users\\x\\Biên bản họp.DOCX") == "Biên bản họp.docx"
    assert sanitize_filename(".bashrc.md") == "bashrc.md"
    assert sanitize_filename("a<b>c|d?.pdf") == "a_b_c_d.pdf"
    assert sanitize_filename("") == "tai-lieu"
    assert len(sanitize_filename("x" * 500 + ".txt")) <= 120


# ---------------------------------------------------------------- safety

def test_document_html_is_rendered_inert(served: Served) -> None:
    chat = served.chat
    payload = chat.payload(chat.ask(XSS_QUESTION, docs={XSS_DOC}))
    card = next(c for c in payload["citations"] if c["doc"] == XSS_DOC)
    assert card["date"] == "12/03/2024"
    cards, document = chat.cards_html(payload), chat.document_html(card)
    # The whole document shows every pasted tag as text (the app's own highlight markup may
    # cut through it: compare the text without tags); a card shows an excerpt of it.
    shown = re.sub(r"<[^>]+>", "", document)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    for page in (cards, document):
        assert "&lt;b&gt;an toàn&lt;/b&gt;" in re.sub(r"<[^>]+>", "", page)  # the title
        assert "<script" not in page and "<img" not in page and "<b>" not in page
    # The chat message: escaped for Markdown too.
    message = md_escape(XSS_TEXT)
    assert "<" not in message and "&lt;script&gt;" in message


def test_document_view_marks_the_passage(served: Served) -> None:
    chat = served.chat
    payload = chat.payload(chat.ask(QUESTION))
    cited = payload["citations"][payload["cited"] - 1]
    page = chat.document_html(cited)
    assert page.count('id="qa-target"') == 1
    target = page.split('id="qa-target"', 1)[1]
    assert "<mark>" in target and SPEAKER in target.split("</mark>")[0]


def test_document_outside_the_corpus_is_not_opened(served: Served) -> None:
    page = served.chat.document_html({"n": 1, "doc": "../../../etc/passwd", "title": "x", "start": 0,
                                      "end": 4, "text": "root", "page": None})
    assert "qa-error" in page and "root:" not in page


def test_feedback_is_appended_as_json_lines(served: Served) -> None:
    chat = served.chat
    payload = chat.payload(chat.ask(QUESTION))
    path = chat.record_feedback(payload, "up")
    chat.record_feedback(payload, "down")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert path == served.settings.data / "feedback.jsonl"
    assert [r["vote"] for r in records[-2:]] == ["up", "down"]
    assert records[-1]["question"] == QUESTION and SPEAKER in records[-1]["answer"]
    assert records[-1]["citations"][0]["doc"] and records[-1]["time"]


# ---------------------------------------------------------------- login, serve

def test_login_when_auth_is_set(served: Served) -> None:
    assert parse_auth("") is None and parse_auth("an:mật:khẩu") == ("an", "mật:khẩu")
    with pytest.raises(ValueError):
        parse_auth("no-colon")
    settings = served.settings.replace(auth="kiemthu:matkhau-123", port=free_port())
    demo = create_app(settings, chat=served.chat)
    launch(demo, settings, block=False, quiet=True)
    try:
        url = f"http://127.0.0.1:{settings.port}/"
        with pytest.raises(Exception):
            Client(url, verbose=False).predict(QUESTION, api_name="/ask")
        result = Client(url, auth=("kiemthu", "matkhau-123"), verbose=False).predict(QUESTION, api_name="/ask")
        assert SPEAKER in result["answer"]
    finally:
        demo.close()


def test_app_py_builds_the_index_then_serves(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hop-ngan.txt").write_text("Cuộc họp ngắn\nCuộc họp ngắn do đồng chí Đỗ Minh An chủ trì.\n",
                                         encoding="utf-8")
    port = free_port()
    env = {**os.environ, "QA_CORPUS": str(corpus), "QA_INDEX": str(tmp_path / "index"),
           "QA_DATA": str(tmp_path / "data"), "QA_PORT": str(port), "QA_HOST": "127.0.0.1", "QA_AUTH": ""}
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=tmp_path, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.5)
        assert (tmp_path / "index" / "CURRENT").is_file()
        result = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
            "Ai chủ trì cuộc họp ngắn?", api_name="/ask")
        assert "Đỗ Minh An" in result["answer"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "Index updated: 1 documents" in output and "Traceback" not in output
