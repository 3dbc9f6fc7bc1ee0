"""Load test of the chat app's ``/ask`` API, with a re-index in the middle.

    python bench/load.py [--clients 20] [--seconds 60] [--index-from DIR] [--reindex-at SECONDS]

1. Copies corpus/ to a temporary folder and gets an index of it: a copy of ``--index-from``
   (an index already built from corpus/, e.g. by ``qa index``) or else a fresh ``qa index``.
2. Starts ``python -m qa.cli serve --port P --no-build`` on 127.0.0.1 (QA_CORPUS / QA_INDEX
   pointing at the copies) and waits until it answers.
3. Drives ``/ask`` with ``gradio_client`` from ``--clients`` threads for ``--seconds``.
   Meanwhile, at ``--reindex-at`` (default: half-way) it adds a document to the corpus copy
   and runs ``qa index`` on the same index folder while the app serves, and a reader thread
   opens the index from disk every half second (it must always load: old or new, never a mix).
4. Stops the app and prints one JSON object: requests served, errors, latency p50/p95 (all,
   and during the re-index), answers per question (the app keeps the index it loaded at start,
   so each question must get one answer throughout), the re-index's outcome, machine load.

Everything runs on the loopback interface, every loop is bounded by the deadline, and the
script stops the processes it started (by their pid) before it exits.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent client threads (default 20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to send requests (default 60)")
    parser.add_argument("--reindex-at", type=float, help="when to add a document and re-index (default: half-way)")
    parser.add_argument("--index-from", type=Path, help="an index of corpus/ to copy instead of building one")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus", help="documents to serve (default corpus/)")
    parser.add_argument("--request-timeout", type=float, default=120.0, help="seconds before a request counts as failed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path goes to stderr)")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0:
        parser.error("--clients must be at least 1 and --seconds positive")
    reindex_at = args.seconds / 2 if args.reindex_at is None else args.reindex_at

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gradio_client import Client

    sys.path.insert(0, str(REPO / "src"))
    from qa.dev.bench import free_port
    from qa.index.store import open_index

    loadavg_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="qa-load-"))
    corpus, index_dir = work / "corpus", work / "index"
    shutil.copytree(args.corpus, corpus)
    env = {**os.environ, "QA_CORPUS": str(corpus), "QA_INDEX": str(index_dir), "QA_HOST": HOST,
           "GRADIO_TEMP_DIR": str(work / "gradio")}
    qa = [sys.executable, "-m", "qa.cli"]
    server: subprocess.Popen | None = None
    reindex: dict = {}
    try:
        if args.index_from:
            shutil.copytree(args.index_from, index_dir)
        prepared = subprocess.run([*qa, "index", "--quiet"], env=env, capture_output=True, text=True, timeout=3600)
        if prepared.returncode not in (0, 3):
            raise RuntimeError(f"qa index failed: {prepared.stderr.strip()[-500:]}")
        print(f"Index ready: {prepared.stdout.strip()}", file=sys.stderr)

        port = free_port()
        url = f"http://{HOST}:{port}"
        server_log = (work / "server.log").open("w")
        server = subprocess.Popen([*qa, "serve", "--port", str(port), "--no-build"], env=env,
                                  stdout=server_log, stderr=subprocess.STDOUT)
        try:
            startup = wait_until_up(url, server, timeout=300)
        except RuntimeError:
            server_log.flush()
            print((work / "server.log").read_text(errors="replace")[-2000:], file=sys.stderr)
            raise
        print(f"App up at {url} after {startup:.1f} s; {args.clients} clients for {args.seconds:g} s", file=sys.stderr)

        lock = threading.Lock()
        records: list[dict] = []  # one per request: start, latency, ok, error, question, signature
        index_reads = {"reads": 0, "failures": [], "generations": set()}
        t0 = time.monotonic()
        deadline = t0 + args.seconds

        def client_loop(number: int) -> None:
            rng = random.Random(number)
            try:
                client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
            except Exception as exc:  # counted as one failed request
                with lock:
                    records.append({"start": time.monotonic() - t0, "latency": 0.0, "ok": False,
                                    "error": f"connect: {type(exc).__name__}: {exc}"[:200]})
                return
            for _ in range(100_000):  # bounded; the deadline ends it long before
                if time.monotonic() >= deadline:
                    break
                question = rng.choice(QUESTIONS)
                started = time.monotonic()
                record = {"start": started - t0, "question": question}
                try:
                    result = client.submit(question, api_name="/ask").result(timeout=args.request_timeout)
                    record.update(ok=True, signature=json.dumps(
                        [result["answer"], [(c["doc"], c["start"], c["end"]) for c in result["citations"]]],
                        ensure_ascii=False))
                except Exception as exc:
                    record.update(ok=False, error=f"{type(exc).__name__}: {exc}"[:200])
                record["latency"] = time.monotonic() - started
                with lock:
                    records.append(record)
            try:
                client.close()
            except Exception:
                pass

        reindex_done = threading.Event()

        def reader_loop() -> None:
            # Until the deadline and the re-index are both over (bounded by the re-index timeout).
            hard_stop = deadline + args.seconds * 5 + 60
            while time.monotonic() < hard_stop and (time.monotonic() < deadline or not reindex_done.is_set()):
                try:
                    index = open_index(index_dir)
                    if not index.vectors.n_chunks == len(index.chunks) == index.manifest["counts"]["chunks"]:
                        raise ValueError("counts do not match")
                    index_reads["generations"].add(index.path.name)
                except Exception as exc:
                    index_reads["failures"].append(f"{time.monotonic() - t0:.1f} s: {type(exc).__name__}: {exc}"[:200])
                index_reads["reads"] += 1
                time.sleep(0.5)

        def reindex_job() -> None:
            delay = t0 + reindex_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            (corpus / NEW_DOCUMENT_NAME).write_text(NEW_DOCUMENT, encoding="utf-8")
            reindex["started_at_s"] = round(time.monotonic() - t0, 2)
            try:
                done = subprocess.run([*qa, "index", "--quiet"], env=env, capture_output=True, text=True,
                                      timeout=max(60.0, args.seconds * 5))
                reindex.update(returncode=done.returncode, output=done.stdout.strip()[-300:],
                               errors=done.stderr.strip()[-300:])
            except subprocess.TimeoutExpired:
                reindex["returncode"] = "timeout"
            reindex["ended_at_s"] = round(time.monotonic() - t0, 2)
            reindex_done.set()

        threads = [threading.Thread(target=client_loop, args=(i,), daemon=True) for i in range(args.clients)]
        threads += [threading.Thread(target=reader_loop, daemon=True), threading.Thread(target=reindex_job, daemon=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()) + args.request_timeout + args.seconds * 5 + 60)
        elapsed = time.monotonic() - t0
        alive = sum(t.is_alive() for t in threads)
        loadavg = os.getloadavg()
        final = open_index(index_dir)
        index_after = {"documents": final.manifest["counts"]["documents"], "chunks": len(final.chunks),
                       "has_new_document": NEW_DOCUMENT_NAME in final.manifest["documents"]}
    finally:
        if server is not None:
            stop_process(server)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"Kept {work}", file=sys.stderr)

    ok = [r for r in records if r["ok"]]
    errors = [r for r in records if not r["ok"]]
    during = [r for r in records if reindex.get("started_at_s") is not None and
              reindex["started_at_s"] <= r["start"] <= reindex.get("ended_at_s", float("inf"))]
    answers: dict[str, set[str]] = {}
    for r in ok:
        answers.setdefault(r["question"], set()).add(r["signature"])
    report = {
        "command": "python bench/load.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "clients": args.clients,
        "seconds": args.seconds,
        "elapsed_s": round(elapsed, 1),
        "requests": len(records),
        "served": len(ok),
        "errors": len(errors),
        "error_samples": sorted({r["error"] for r in errors})[:5],
        "throughput_per_s": round(len(ok) / args.seconds, 2),
        "latency_s": latency_summary([r["latency"] for r in ok]),
        "during_reindex": {"requests": len(during), "errors": sum(not r["ok"] for r in during),
                           "latency_s": latency_summary([r["latency"] for r in during if r["ok"]])},
        "distinct_answers_per_question": {q: len(s) for q, s in sorted(answers.items())},
        "reindex": {k: v for k, v in reindex.items() if k != "errors" or v},
        "index_reads": {"reads": index_reads["reads"], "failures": index_reads["failures"][:5],
                        "generations_seen": len(index_reads["generations"])},
        "index_after": index_after,
        "app_startup_s": round(startup, 1),
        "threads_still_running": alive,
        "machine": {"cpus": os.cpu_count(), "loadavg_1_5_15_at_start": [round(x, 2) for x in loadavg_start],
                    "loadavg_1_5_15_at_end": [round(x, 2) for x in loadavg]},
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    consistent = all(n == 1 for n in report["distinct_answers_per_question"].values())
    healthy = (not errors and reindex.get("returncode") == 0 and consistent and not index_reads["failures"]
               and index_after["has_new_document"])
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
