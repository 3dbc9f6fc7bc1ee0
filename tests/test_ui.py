"""The chat app, running for real: a Gradio server on a free loopback port over a temporary
copy of the corpus and index, driven through gradio_client and through the app's own handlers.
(tests/test_browser.py drives the same app in a real browser.)"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from app_helpers import FOLLOW_UP, QUESTION, SPEAKER, XSS_DOC, XSS_QUESTION, XSS_TEXT, Served, serve_app
from gradio_client import Client, handle_file

from qa.app import messages
from qa.app.layout import Handlers, create_app
from qa.app.login import parse_auth
from qa.app.render import cards_html, chat_message, document_error_html, document_html, md_escape
from qa.app.serve import launch
from qa.app.service import ChatApp, sanitize_filename
from qa.config import Settings
from qa.errors import LoadError, LoadReason
from qa.index.store import open_index

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def served(tmp_path_factory, shipped_index, embedder, free_port) -> Iterator[Served]:
    with serve_app(tmp_path_factory.mktemp("ui"), shipped_index, embedder, free_port(),
                   {XSS_DOC: XSS_TEXT}) as s:
        yield s


@pytest.fixture(scope="module")
def client(served: Served) -> Client:
    return Client(served.url, verbose=False)


def corpus_state(settings: Settings) -> tuple[list[str], str]:
    """Files in the corpus and the live index generation: what must not change on a rejected upload."""
    files = sorted(p.relative_to(settings.corpus).as_posix() for p in settings.corpus.rglob("*"))
    return files, (settings.index / "CURRENT").read_text()


# ---------------------------------------------------------------- API

def test_ask_through_the_api(client: Client) -> None:
    result = client.predict(QUESTION, api_name="/ask")
    json.dumps(result)  # JSON-able as it came
    assert SPEAKER in result["answer"]
    assert result["answered"] is True
    cited = result["citations"][result["cited"] - 1]
    assert cited["doc"].startswith("hoi-nghi-giao-ban")
    start, end = cited["highlight"]
    assert cited["start"] <= start < end <= cited["end"]
    assert SPEAKER in cited["text"][start - cited["start"]:end - cited["start"]]
    a, b = cited["answer_span"]
    assert start <= a < b <= end and result["answer_span"] == {"n": result["cited"], "start": a, "end": b}
    assert result["evidence"] in cited["text"]
    assert result["evidence_span"]["n"] == result["cited"]
    assert [c["n"] for c in result["citations"]] == list(range(1, len(result["citations"]) + 1))


@pytest.mark.slow
def test_api_and_cli_give_the_same_json(client: Client, served: Served) -> None:
    """One schema: ``qa ask --json`` over the app's index prints what ``/ask`` returns."""
    env = {**os.environ, "QA_CORPUS": str(served.settings.corpus)}
    cli = subprocess.run([sys.executable, "-m", "qa.cli", "ask", XSS_QUESTION, "--json", "--index",
                          str(served.settings.index)], capture_output=True, text=True, timeout=600, env=env)
    assert cli.returncode == 0, cli.stderr
    printed, returned = json.loads(cli.stdout), client.predict(XSS_QUESTION, api_name="/ask")
    assert printed == returned
    assert any(c["doc"] == XSS_DOC and c["date"] == "2024-03-12" for c in returned["citations"])


def test_api_restricts_to_chosen_documents(client: Client) -> None:
    result = client.predict(QUESTION, [XSS_DOC], api_name="/ask")
    assert result["citations"] and {c["doc"] for c in result["citations"]} == {XSS_DOC}
    assert SPEAKER not in result["answer"]


def test_api_follow_up_uses_history(client: Client) -> None:
    first = client.predict(QUESTION, api_name="/ask")
    follow = client.predict(FOLLOW_UP, None, [[QUESTION, first["answer"]]], api_name="/ask")
    assert follow["resolved_question"] and SPEAKER in follow["resolved_question"]


@pytest.mark.parametrize("args, message", [
    (("   ",), messages.MSG_EMPTY_QUESTION),
    ((QUESTION, ["khong-co.txt"]), messages.MSG_UNKNOWN_DOCS),
])
def test_api_errors_are_vietnamese(client: Client, args: tuple, message: str) -> None:
    with pytest.raises(Exception, match=re.escape(message)):
        client.predict(*args, api_name="/ask")


def test_chat_with_no_document_selected_says_so(served: Served) -> None:
    *_, (history, _, current, records, _) = Handlers(served.chat).respond(QUESTION, [], [], [])
    assert history[-1] == {"role": "assistant", "content": messages.MSG_NO_DOCS_SELECTED}
    assert current is None and records == []


def test_without_an_index_the_app_answers_with_a_vietnamese_message(tmp_path: Path, embedder,
                                                                    free_port) -> None:
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


# ---------------------------------------------------------------- chat messages

def test_follow_up_notice_and_bold_answer_stay_in_their_paragraphs(served: Served) -> None:
    first = served.chat.ask(QUESTION)
    follow = served.chat.ask(FOLLOW_UP, history=[(QUESTION, first["answer"])])
    assert follow["resolved_question"] and follow["evidence"].strip() != follow["answer"].strip()
    paragraphs = chat_message(follow).split("\n\n")
    assert paragraphs[0] == f"_Hiểu câu hỏi là: {md_escape(follow['resolved_question'])}_"
    assert paragraphs[1] == f"**{md_escape(follow['answer'])}**"  # bold within its own paragraph
    assert all(p.count("**") % 2 == 0 for p in paragraphs)
    assert paragraphs[2].endswith(f"» \\[{follow['cited']}\\]")


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
    ("virus.exe", b"MZ\x90\x00binary", "Không hỗ trợ định dạng «.exe»"),
    ("broken.pdf", b"%PDF-1.7 this is not really a pdf",
     "Không đọc được tệp «broken.pdf»: tệp PDF bị hỏng hoặc không đọc được"),
    ("broken.docx", b"PK\x03\x04 not a zip archive at all",
     "Không đọc được tệp «broken.docx»: tệp DOCX bị hỏng hoặc không đọc được"),
    ("binary.txt", bytes(range(256)) * 20, "tệp chứa dữ liệu nhị phân, không phải văn bản"),
    ("latin.txt", "Bien ban hop: café ½".encode("cp1258") + bytes(range(1, 32)) * 40,
     "không nhận ra bảng mã văn bản"),
    ("empty.md", b"", "Tệp rỗng"),
    # Readable, but only a web page's navigation lines: the index build finds no passage in it.
    ("dieu-huong.txt", "Phản hồi\n\nCác tin khác\n\nMới nhất\n".encode(),
     "Không lập chỉ mục được «dieu-huong.txt»: tệp không có nội dung văn bản"),
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

def test_every_load_reason_has_a_vietnamese_message() -> None:
    assert set(messages.LOAD_REASONS) == set(LoadReason)
    for reason in LoadReason:
        assert messages.error_message(LoadError(reason, "English")) == messages.LOAD_REASONS[reason]


def test_document_html_is_rendered_inert(served: Served) -> None:
    chat = served.chat
    payload = chat.ask(XSS_QUESTION, [XSS_DOC])
    card = next(c for c in payload["citations"] if c["doc"] == XSS_DOC)
    assert card["date"] == "2024-03-12"
    cards, document = cards_html(payload), document_html(chat.load(XSS_DOC), card)
    assert "Ngày 12/03/2024" in cards and "Ngày 12/03/2024" in document
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
    payload = served.chat.ask(QUESTION)
    cited = payload["citations"][payload["cited"] - 1]
    page = document_html(served.chat.load(cited["doc"]), cited)
    assert page.count('id="qa-target"') == 1
    target = page.split('id="qa-target"', 1)[1]
    assert "<mark>" in target and SPEAKER in target.split("</mark>")[0]


def test_document_view_after_the_file_changed(served: Served) -> None:
    """The passage is found again by its text when the file moved it; a message when it is gone."""
    payload = served.chat.ask(XSS_QUESTION, [XSS_DOC])
    cited = next(c for c in payload["citations"] if c["highlight"])
    path = served.settings.corpus / XSS_DOC
    try:
        path.write_text("Dòng mới thêm vào đầu.\n" + XSS_TEXT, encoding="utf-8")
        target = document_html(served.chat.load(XSS_DOC), cited).split('id="qa-target"', 1)[1]
        assert "<mark>" in target and "qa-notice" not in target
        path.write_text("Biên bản đã được viết lại hoàn toàn.\n", encoding="utf-8")
        assert "không định vị được đoạn trích" in document_html(served.chat.load(XSS_DOC), cited)
    finally:
        path.write_text(XSS_TEXT, encoding="utf-8")


@pytest.mark.parametrize("doc_id, reason", [("../../../etc/passwd", "tệp nằm ngoài thư mục tài liệu"),
                                            ("khong-co.txt", "không tìm thấy tệp")])
def test_document_that_cannot_be_opened_says_why(served: Served, doc_id: str, reason: str) -> None:
    with pytest.raises(LoadError) as caught:
        served.chat.load(doc_id)
    page = document_error_html(doc_id, caught.value)
    assert page == f'<div class="qa-error">Không mở được tài liệu {doc_id}: {reason}.</div>'
    assert "root:" not in page


def test_feedback_is_appended_as_json_lines(served: Served) -> None:
    chat = served.chat
    payload = chat.ask(QUESTION)
    path = chat.record_feedback(payload, "up")
    chat.record_feedback(payload, "down")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert path == served.settings.data / "feedback.jsonl"
    assert [r["vote"] for r in records[-2:]] == ["up", "down"]
    assert records[-1]["question"] == QUESTION and SPEAKER in records[-1]["answer"]
    assert records[-1]["citations"][0]["doc"] and records[-1]["time"]


# ---------------------------------------------------------------- login, serve

def test_login_when_auth_is_set(served: Served, free_port) -> None:
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


@pytest.mark.slow
def test_app_py_builds_the_index_then_serves(tmp_path: Path, free_port) -> None:
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
