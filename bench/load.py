"""Load test of the chat app's ``/ask`` API, with a re-index in the middle.

    python bench/load.py [--clients 20] [--seconds 60] [--workers 1] [--index-from DIR] [--reindex-at SECONDS]

1. Copies corpus/ to a temporary folder and gets an index of it: a copy of ``--index-from``
   (an index already built from corpus/, e.g. by ``qa index``) or else a fresh ``qa index``.
2. Starts ``python -m qa.cli serve --port P --no-build --workers N`` on 127.0.0.1 (QA_CORPUS /
   QA_INDEX pointing at the copies) and waits until it answers.
3. Drives ``/ask`` with ``gradio_client`` from ``--clients`` threads for ``--seconds``.
   Meanwhile, at ``--reindex-at`` (default: half-way) it adds a document to the corpus copy
   and runs ``qa index`` on the same index folder while the app serves, and a reader thread
   opens the index from disk every half second (it must always load: old or new, never a mix).
4. Stops the app and prints one JSON object: requests served, errors, latency p50/p95 (all,
   and during the re-index), answers per question (each app process keeps the index it loaded
   at start, so each question must get one answer throughout), the re-index's outcome, the
   calls each worker took (from the app's log, with ``--workers`` above 1), machine load.

Everything runs on the loopback interface, every loop is bounded by the deadline, and the
script stops the processes it started (by their pid) before it exits.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
QA = [sys.executable, "-m", "qa.cli"]
QUESTIONS = [
    "Ai phát biểu kết luận?",
    "Kết luận 35-KL/TW ban hành ngày nào?",
    "Hội nghị đề xuất những gì?",
    "Ai chủ trì cuộc họp của Sở Nội vụ?",
    "Hội nghị tập huấn bảo vệ chính trị nội bộ tổ chức ở đâu?",
    "Hà Nội sắp xếp bao nhiêu đơn vị hành chính cấp xã?",
    "Giấy mời họp giao ban gửi những ai?",
    "Kết quả 6 tháng đầu năm 2024 của Đảng ủy Khối thế nào?",
]
NEW_DOCUMENT_NAME = "thong-bao-bo-sung-giao-ban-quy-3-2024.txt"
NEW_DOCUMENT = """Thông báo bổ sung về lịch họp giao ban quý III năm 2024

Văn phòng Sở Nội vụ thông báo lịch họp giao ban công tác tổ chức cán bộ quý III năm 2024 như sau.
Thời gian: 8 giờ 00 phút, ngày 15 tháng 7 năm 2024. Địa điểm: phòng họp tầng 4, trụ sở Sở Nội vụ.
Thành phần: Giám đốc Sở, các Phó Giám đốc Sở, trưởng các phòng, đơn vị thuộc Sở.
Nội dung: đánh giá kết quả thực hiện nhiệm vụ 6 tháng đầu năm; triển khai đề án vị trí việc làm;
rà soát biên chế công chức, số lượng người làm việc trong các đơn vị sự nghiệp công lập.
Đề nghị các phòng, đơn vị chuẩn bị báo cáo bằng văn bản, gửi về Văn phòng Sở trước ngày 10 tháng 7 năm 2024.
Giao Văn phòng Sở chuẩn bị hội trường, tài liệu và các điều kiện phục vụ cuộc họp.
"""


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo), 4)


def latency_summary(values: list[float]) -> dict:
    return {"p50": percentile(values, 0.50), "p95": percentile(values, 0.95),
            "max": round(max(values), 4) if values else None,
            "mean": round(statistics.fmean(values), 4) if values else None}


def stop_process(proc: subprocess.Popen, grace: float = 20.0) -> None:
    """Ctrl+C first (the app exits cleanly on it), then SIGKILL, by this process's pid."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


def wait_until_up(url: str, server: subprocess.Popen, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"the app exited with code {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the app did not answer within {timeout:.0f} s")


@dataclass
class Run:
    """One load run: the copies it serves, the app's address, and what its threads record."""

    args: argparse.Namespace
    work: Path
    env: dict[str, str]
    url: str = ""
    t0: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    records: list[dict] = field(default_factory=list)  # per request: start, latency, ok, error, question, signature
    reads: dict = field(default_factory=lambda: {"reads": 0, "failures": [], "generations": set()})
    reindex: dict = field(default_factory=dict)
    reindex_done: threading.Event = field(default_factory=threading.Event)

    @property
    def corpus(self) -> Path:
        return self.work / "corpus"

    @property
    def index_dir(self) -> Path:
        return self.work / "index"

    @property
    def deadline(self) -> float:
        return self.t0 + self.args.seconds

    @property
    def reindex_timeout(self) -> float:
        """The longest the re-index may take: a multiple of the run, with room for a slow start."""
        return self.args.seconds * 5 + 60

    def now(self) -> float:
        return time.monotonic() - self.t0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent client threads (default 20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to send requests (default 60)")
    parser.add_argument("--workers", type=int, default=1, help="app processes: qa serve --workers (default 1)")
    parser.add_argument("--reindex-at", type=float, help="when to add a document and re-index (default: half-way)")
    parser.add_argument("--index-from", type=Path, help="an index of corpus/ to copy instead of building one")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus", help="documents to serve (default corpus/)")
    parser.add_argument("--request-timeout", type=float, default=120.0, help="seconds before a request counts as failed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path goes to stderr)")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.workers < 1 or args.seconds <= 0:
        parser.error("--clients and --workers must be at least 1 and --seconds positive")
    if args.reindex_at is None:
        args.reindex_at = args.seconds / 2
    return args


def prepare_index(run: Run) -> None:
    """The corpus copy and its index (a copy of ``--index-from`` brought up to date, or built)."""
    shutil.copytree(run.args.corpus, run.corpus)
    if run.args.index_from:
        shutil.copytree(run.args.index_from, run.index_dir)
    prepared = subprocess.run([*QA, "index", "--quiet"], env=run.env, capture_output=True, text=True, timeout=3600)
    if prepared.returncode not in (0, 3):
        raise RuntimeError(f"qa index failed: {prepared.stderr.strip()[-500:]}")
    print(f"Index ready: {prepared.stdout.strip()}", file=sys.stderr)


def start_app(run: Run) -> tuple[subprocess.Popen, float]:
    """``qa serve`` on a free loopback port, and the seconds it took to answer."""
    from qa.processes import free_port

    run.url = f"http://{HOST}:{free_port()}"
    log = run.work / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen([*QA, "serve", "--port", run.url.rsplit(":", 1)[1], "--no-build",
                                   "--workers", str(run.args.workers)], env=run.env, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        return server, wait_until_up(run.url, server, timeout=300)
    except RuntimeError:
        print(log.read_text(errors="replace")[-2000:], file=sys.stderr)
        stop_process(server)
        raise


def ask_once(run: Run, client, question: str) -> None:
    started = time.monotonic()
    record = {"start": started - run.t0, "question": question}
    try:
        result = client.submit(question, api_name="/ask").result(timeout=run.args.request_timeout)
        record.update(ok=True, signature=json.dumps(
            [result["answer"], [(c["doc"], c["start"], c["end"]) for c in result["citations"]]],
            ensure_ascii=False))
    except Exception as exc:
        record.update(ok=False, error=f"{type(exc).__name__}: {exc}"[:200])
    record["latency"] = time.monotonic() - started
    with run.lock:
        run.records.append(record)


def client_loop(run: Run, number: int) -> None:
    """Random questions to ``/ask`` until the deadline (a failed connect counts as one error)."""
    from gradio_client import Client

    rng = random.Random(number)
    try:
        client = Client(run.url, verbose=False, analytics_enabled=False, download_files=False)
    except Exception as exc:
        with run.lock:
            run.records.append({"start": run.now(), "latency": 0.0, "ok": False,
                                "error": f"connect: {type(exc).__name__}: {exc}"[:200]})
        return
    for _ in range(100_000):  # bounded; the deadline ends it long before
        if time.monotonic() >= run.deadline:
            break
        ask_once(run, client, rng.choice(QUESTIONS))
    try:
        client.close()
    except Exception:
        pass


def reader_loop(run: Run) -> None:
    """Open the index from disk every half second until the deadline and the re-index are
    both over (bounded by the re-index timeout): it must always load, old or new, never a mix."""
    from qa.index.store import open_index

    hard_stop = run.deadline + run.reindex_timeout
    while time.monotonic() < hard_stop and (time.monotonic() < run.deadline or not run.reindex_done.is_set()):
        try:
            index = open_index(run.index_dir)
            if not index.vectors.n_chunks == len(index.chunks) == index.manifest["counts"]["chunks"]:
                raise ValueError("counts do not match")
            run.reads["generations"].add(index.path.name)
        except Exception as exc:
            run.reads["failures"].append(f"{run.now():.1f} s: {type(exc).__name__}: {exc}"[:200])
        run.reads["reads"] += 1
        time.sleep(0.5)


def reindex_job(run: Run) -> None:
    """At ``--reindex-at``: add a document to the corpus copy and run ``qa index`` on the index
    the app serves."""
    delay = run.t0 + run.args.reindex_at - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    (run.corpus / NEW_DOCUMENT_NAME).write_text(NEW_DOCUMENT, encoding="utf-8")
    run.reindex["started_at_s"] = round(run.now(), 2)
    try:
        done = subprocess.run([*QA, "index", "--quiet"], env=run.env, capture_output=True, text=True,
                              timeout=run.reindex_timeout)
        run.reindex.update(returncode=done.returncode, output=done.stdout.strip()[-300:],
                           errors=done.stderr.strip()[-300:])
    except subprocess.TimeoutExpired:
        run.reindex["returncode"] = "timeout"
    run.reindex["ended_at_s"] = round(run.now(), 2)
    run.reindex_done.set()


def drive(run: Run) -> int:
    """Clients, the index reader and the re-index at once; returns how many threads outlived
    their time."""
    run.t0 = time.monotonic()
    threads = [threading.Thread(target=client_loop, args=(run, i), daemon=True) for i in range(run.args.clients)]
    threads += [threading.Thread(target=reader_loop, args=(run,), daemon=True),
                threading.Thread(target=reindex_job, args=(run,), daemon=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, run.deadline - time.monotonic()) + run.args.request_timeout
                    + run.reindex_timeout)
    return sum(t.is_alive() for t in threads)


def requests_report(run: Run) -> dict:
    """Requests, errors, latency (all and during the re-index) and answers per question."""
    ok = [r for r in run.records if r["ok"]]
    errors = [r for r in run.records if not r["ok"]]
    started = run.reindex.get("started_at_s")
    during = [r for r in run.records if started is not None and
              started <= r["start"] <= run.reindex.get("ended_at_s", float("inf"))]
    answers: dict[str, set[str]] = {}
    for r in ok:
        answers.setdefault(r["question"], set()).add(r["signature"])
    return {
        "requests": len(run.records), "served": len(ok), "errors": len(errors),
        "error_samples": sorted({r["error"] for r in errors})[:5],
        "throughput_per_s": round(len(ok) / run.args.seconds, 2),
        "latency_s": latency_summary([r["latency"] for r in ok]),
        "during_reindex": {"requests": len(during), "errors": sum(not r["ok"] for r in during),
                           "latency_s": latency_summary([r["latency"] for r in during if r["ok"]])},
        "distinct_answers_per_question": {q: len(s) for q, s in sorted(answers.items())},
    }


def worker_calls(log: Path) -> dict[str, int]:
    """The calls each worker took, from the line ``qa serve --workers`` logs when it stops ({}
    with one process)."""
    text = log.read_text(errors="replace") if log.exists() else ""
    pattern = r"worker (\d+) \(pid \d+\): \d+ requests, (\d+) calls"
    return {number: int(calls) for number, calls in re.findall(pattern, text)}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(REPO / "src"))
    from qa.index.store import open_index

    loadavg_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="qa-load-"))
    run = Run(args, work, {**os.environ, "QA_CORPUS": str(work / "corpus"), "QA_INDEX": str(work / "index"),
                           "QA_HOST": HOST, "GRADIO_TEMP_DIR": str(work / "gradio")})
    server: subprocess.Popen | None = None
    calls: dict[str, int] = {}
    try:
        prepare_index(run)
        server, startup = start_app(run)
        print(f"App up at {run.url} after {startup:.1f} s; {args.clients} clients for {args.seconds:g} s",
              file=sys.stderr)
        alive = drive(run)
        elapsed = run.now()
        final = open_index(run.index_dir)
        index_after = {"documents": final.manifest["counts"]["documents"], "chunks": len(final.chunks),
                       "has_new_document": NEW_DOCUMENT_NAME in final.manifest["documents"]}
    finally:
        if server is not None:
            stop_process(server)
            calls = worker_calls(work / "server.log")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"Kept {work}", file=sys.stderr)
    loadavg = os.getloadavg()
    report = {
        "command": "python bench/load.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "clients": args.clients, "workers": args.workers, "seconds": args.seconds, "elapsed_s": round(elapsed, 1),
        **requests_report(run),
        "calls_per_worker": calls,
        "reindex": {k: v for k, v in run.reindex.items() if k != "errors" or v},
        "index_reads": {"reads": run.reads["reads"], "failures": run.reads["failures"][:5],
                        "generations_seen": len(run.reads["generations"])},
        "index_after": index_after, "app_startup_s": round(startup, 1), "threads_still_running": alive,
        "machine": {"cpus": os.cpu_count(), "loadavg_1_5_15_at_start": [round(x, 2) for x in loadavg_start],
                    "loadavg_1_5_15_at_end": [round(x, 2) for x in loadavg]},
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    healthy = (not report["errors"] and run.reindex.get("returncode") == 0 and not run.reads["failures"]
               and all(n == 1 for n in report["distinct_answers_per_question"].values())
               and index_after["has_new_document"])
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
