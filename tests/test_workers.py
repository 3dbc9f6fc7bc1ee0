"""``qa serve --workers N``: which worker the front picks for a request, the audit log that the
workers share, and the real thing: two app processes behind one loopback port, asked by
several clients at once, stopped with their front."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from starlette.requests import Request

from qa.app.workers import COOKIE, Router, Worker, session_of
from qa.audit import AuditLog, Caller, read_audit
from qa.config import Settings, load_settings

# ---------------------------------------------------------------- routing


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    """Three live processes standing in for the app's workers (the router only asks if they live)."""
    started = [Worker(n, 0, subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"]))
               for n in (1, 2, 3)]
    yield started
    for worker in started:
        worker.process.kill()
        worker.process.wait()


def request(path: str, query: str = "") -> Request:
    return Request({"type": "http", "method": "GET", "path": path, "query_string": query.encode(), "headers": []})


def test_the_session_hash_is_found_in_the_query_the_heartbeat_path_or_a_json_body() -> None:
    assert session_of(request("/gradio_api/queue/data", "session_hash=abc123"), None) == "abc123"
    assert session_of(request("/gradio_api/heartbeat/abc123"), None) == "abc123"
    assert session_of(request("/gradio_api/queue/join"), json.dumps({"data": [], "session_hash": "xyz"}).encode()) \
        == "xyz"
    assert session_of(request("/gradio_api/queue/join"), b"[1, 2]") is None
    assert session_of(request("/gradio_api/queue/join"), b"not json") is None
    assert session_of(request("/config"), None) is None


def test_a_client_stays_with_its_worker_and_new_clients_take_turns(workers: list[Worker]) -> None:
    router = Router(workers)
    assert [router.pick(None, None).number for _ in range(6)] == [1, 2, 3, 1, 2, 3]
    assert {router.pick("2", None).number for _ in range(5)} == {2}
    assert router.pick("2", "any-session").number == 2  # the cookie decides first
    by_session = {session: router.pick(None, session).number for session in map(str, range(40))}
    assert set(by_session.values()) == {1, 2, 3}  # sessions spread over the workers...
    assert all(router.pick(None, s).number == n for s, n in by_session.items())  # ...each to one
    assert router.pick("7", None) is not None  # a cookie naming no worker counts as none


def test_the_clients_of_a_worker_that_exited_move_to_the_others(workers: list[Worker]) -> None:
    router = Router(workers)
    homes = {session: router.pick(None, session).number for session in map(str, range(40))}
    workers[1].process.kill()
    workers[1].process.wait()
    assert router.pick("2", None).number in (1, 3)
    for session, home in homes.items():
        moved = router.pick(None, session).number
        assert moved == home if home != 2 else moved in (1, 3)
    for worker in workers:
        worker.process.kill()
        worker.process.wait()
    assert router.pick("1", "s") is None


# ---------------------------------------------------------------- the shared audit log

def test_the_audit_log_follows_a_rotation_by_another_process(tmp_path: Path) -> None:
    """Two writers of one file (two workers): the one that rotates it and one that wrote to it
    before; the latter's next entry goes to the file now at the path, none is lost."""
    path = tmp_path / "audit.jsonl"
    busy, quiet = AuditLog(path, max_bytes=2_000), AuditLog(path, max_bytes=2_000)
    quiet.write("ask", Caller("binh"), question="first")
    for n in range(200):  # rotates the file past every backup
        busy.write("ask", Caller("an"), question=f"busy {n}")
    quiet.write("ask", Caller("binh"), question="last")
    busy.write("ask", Caller("an"), question="after")
    questions = [e["question"] for e in read_audit(tmp_path)]
    assert questions[-2:] == ["last", "after"]
    assert questions[:-2] == [f"busy {n}" for n in range(200 - len(questions) + 2, 200)]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.glob("audit.jsonl*"))


# ---------------------------------------------------------------- two workers, for real

QUESTIONS = ["Ai chủ trì cuộc họp của Sở Nội vụ?", "Sở Nông nghiệp được giao kiểm tra gì?",
             "Phòng Công chức phải hoàn thành đề án vị trí việc làm trước ngày nào?"]
LISTENS = re.compile(r"worker (\d+) \(pid (\d+)\) listens on http://127\.0\.0\.1:(\d+)")
STOPPED = re.compile(r"worker (\d+) \(pid (\d+)\): (\d+) requests, (\d+) calls")


def parent_of(pid: int) -> int | None:
    """The parent of a live process (None once it is gone), from /proc."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return None if fields[0] == "Z" else int(fields[1])


def wait_for(text: re.Pattern, log: Path, proc: subprocess.Popen, count: int, timeout: float) -> list[tuple]:
    deadline = time.monotonic() + timeout
    while len(found := text.findall(log.read_text(errors="replace"))) < count:
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
        time.sleep(0.5)
    return found


def ask_as_a_client(url: str, keep_cookies: bool) -> tuple[str | None, list[dict]]:
    """A gradio_client client asking every question: the worker its cookie names (None when it
    drops its cookies and is routed by its session hash alone), and the answers."""
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    cookie = client.cookies.get(COOKIE)
    if not keep_cookies:
        client.cookies = {}
    answers = [client.submit(question, api_name="/ask").result(timeout=300) for question in QUESTIONS]
    client.close()
    return cookie if keep_cookies else None, answers


def ask_over_http(url: str, address: str, cookies: dict[str, str] | None = None) -> dict:
    """The first question through Gradio's HTTP API (``/call/ask``, then its result stream) from
    ``address`` (any 127.x address reaches the front), keeping cookies as curl -c/-b would."""
    with httpx.Client(transport=httpx.HTTPTransport(local_address=address), cookies=cookies, timeout=600) as http:
        event = http.post(url + "gradio_api/call/ask", json={"data": [QUESTIONS[0], None, None]}).json()["event_id"]
        lines = http.get(url + f"gradio_api/call/ask/{event}").text.splitlines()
    return json.loads(lines[lines.index("event: complete") + 1].removeprefix("data:"))[0]


def start_front(tmp_path: Path, source: Settings, port: int) -> tuple[subprocess.Popen, Path, dict[str, str]]:
    """``qa serve --workers 2`` over a copy of ``source``: the front, its log, its environment."""
    shutil.copytree(source.corpus, tmp_path / "corpus")
    shutil.copytree(source.index, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    env = {**os.environ, "QA_CORPUS": str(tmp_path / "corpus"), "QA_INDEX": str(tmp_path / "index"),
           "QA_DATA": str(tmp_path / "data"), "QA_HOST": "127.0.0.1", "QA_AUTH": "", "QA_ACCESS": "",
           "GRADIO_TEMP_DIR": str(tmp_path / "gradio"), "GRADIO_ANALYTICS_ENABLED": "False"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        front = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--no-build", "--workers", "2",
                                  "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
    return front, log, env


def expected_answers(env: dict[str, str]) -> list[dict]:
    """What ``qa ask --json`` answers each question over the same index and settings."""
    from qa.answer.show import answer_to_json
    from qa.assistant import Assistant

    assistant = Assistant(load_settings(env))
    documents = assistant.index.manifest["documents"]
    return [answer_to_json(assistant.ask(question), documents) for question in QUESTIONS]


@pytest.mark.slow
def test_two_workers_answer_behind_one_port_and_stop_with_it(tmp_path: Path, small_index: Settings,
                                                               free_port) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    front, log, env = start_front(tmp_path, small_index, port)
    try:
        pids = {int(n): int(pid) for n, pid, _ in wait_for(LISTENS, log, front, 2, timeout=600)}
        wait_for(re.compile("Starting the app on"), log, front, 1, timeout=30)
        assert all(parent_of(pid) == front.pid for pid in pids.values())  # live children of the front
        with urllib.request.urlopen(url, timeout=30) as page:
            assert page.status == 200 and COOKIE in page.headers.get("set-cookie", "")
        with ThreadPoolExecutor(6) as pool:
            results = list(pool.map(lambda n: ask_as_a_client(url, keep_cookies=n < 4), range(6)))
        over_http = ask_over_http(url, "127.0.0.2")
        os.kill(pids[2], signal.SIGKILL)  # a worker crashes: its clients move to the other
        crashed = wait_for(re.compile(rf"Error: the app's worker 2 \(pid {pids[2]}\) exited with code -9; "
                                      "its clients move to the other workers"), log, front, 1, timeout=60)
        moved = ask_over_http(url, "127.0.0.3", cookies={COOKIE: "2"})
    finally:
        front.send_signal(signal.SIGTERM)
        code = front.wait(timeout=120)
    expected = expected_answers(env)
    assert any(e["answered"] for e in expected) and crashed
    assert all(answers == expected for _, answers in results) and over_http == moved == expected[0]
    # The workers see each client's address, not the front's.
    addresses = [e["address"] for e in read_audit(tmp_path / "data") if e["event"] == "ask"]
    assert addresses.count("127.0.0.2") == addresses.count("127.0.0.3") == 1
    output = log.read_text(errors="replace")
    assert code == 0, output[-3000:]
    served = {int(number): int(calls) for number, pid, _, calls in STOPPED.findall(output)}
    cookies = [cookie for cookie, _ in results if cookie is not None]
    assert set(cookies) == {"1", "2"}  # the clients were spread over both workers...
    for number in (1, 2):  # ...and each worker answered its clients' questions
        assert served[number] >= cookies.count(str(number)) * len(QUESTIONS)
    assert sum(served.values()) == len(results) * len(QUESTIONS) + 2
    assert all(parent_of(pid) is None for pid in pids.values()), "a worker outlived its front"
    assert "Traceback" not in output
