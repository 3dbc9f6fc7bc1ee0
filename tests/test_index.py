import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from docmaker import write_docx, write_meeting_minutes_and_notice
from qa.assistant import Assistant
from qa.config import Settings
from qa.embed import TextEmbedder
from qa.errors import LoadReason
from qa.index.store import build_index, chunk_sentences, open_index, passage_text

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "corpus").glob("hoi-nghi-giao-ban-*.txt"))


class CountingEmbedder(TextEmbedder):
    """The real embedder, counting how many passages it was asked to embed."""

    def __init__(self, inner: TextEmbedder) -> None:
        self.inner, self.model_id, self.dim, self.passages = inner, inner.model_id, inner.dim, 0

    def encode_passages(self, texts):
        self.passages += len(texts)
        return self.inner.encode_passages(texts)

    def encode_query(self, text):
        return self.inner.encode_query(text)


def _texts(chunks) -> set[str]:
    """The distinct texts a build embeds for ``chunks``: each with its title, and its sentences."""
    return {passage_text(c) for c in chunks} | {s for c in chunks for s in chunk_sentences(c)}


def _make_corpus(corpus: Path) -> None:
    shutil.copy(SEED, corpus / "giao-ban.txt")
    write_meeting_minutes_and_notice(corpus)


@pytest.mark.slow
def test_build_writes_faiss_chunks_and_manifest(settings: Settings, embedder):
    _make_corpus(settings.corpus)
    report = build_index(settings, embedder, progress=False)
    assert report.documents == 3 and not report.skipped
    index = open_index(settings.index)
    manifest = index.manifest
    assert manifest["embedding"]["model_id"] == embedder.model_id and manifest["embedding"]["dim"] == 384
    assert manifest["chunking"]["max_words"] == settings.chunk_max_words
    assert set(manifest["documents"]) == {"giao-ban.txt", "bien-ban.docx", "thong-bao.pdf"}
    assert all(len(d["sha256"]) == 64 for d in manifest["documents"].values())
    assert manifest["counts"] == {"documents": 3, "chunks": len(index.chunks),
                                  "sentences": len(index.sentence_chunks)}
    assert index.vectors.n_chunks == len(index.chunks)
    # Every chunk has its sentences embedded too, in chunk order.
    assert sorted(set(index.sentence_chunks.tolist())) == list(range(len(index.chunks)))
    assert list(index.sentence_chunks) == sorted(index.sentence_chunks)
    # The chunk store is JSON lines, not a pickle.
    lines = (index.path / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["doc"] in manifest["documents"]
    pdf_chunks = [c for c in index.chunks if c.doc == "thong-bao.pdf"]
    assert pdf_chunks and all(c.page in (1, 2) for c in pdf_chunks)


@pytest.mark.slow
def test_only_changed_documents_are_embedded(settings: Settings, embedder):
    _make_corpus(settings.corpus)
    counting = CountingEmbedder(embedder)
    first = build_index(settings, counting, progress=False)
    index = open_index(settings.index)
    # Each distinct text once: chunks (with their title) and their sentences.
    assert counting.passages == len(_texts(index.chunks)) <= first.chunks + len(index.sentence_chunks)
    seed_ids = [i for i, c in enumerate(index.chunks) if c.doc == "giao-ban.txt"]
    seed_before = index.all_vectors()[seed_ids]
    seed_sentences_before = index.all_sentence_vectors()[np.isin(index.sentence_chunks, seed_ids)]

    counting.passages = 0
    again = build_index(settings, counting, progress=False)
    assert counting.passages == 0 and not again.changed

    write_docx(settings.corpus / "bien-ban.docx", "Biên bản họp Sở Nội vụ", [
        "Chủ trì: đồng chí Lê Thị Hoa, Phó Giám đốc Sở Nội vụ.",
        "Cuộc họp kết thúc lúc 11 giờ cùng ngày.",
    ])
    counting.passages = 0
    changed = build_index(settings, counting, progress=False)
    index = open_index(settings.index)
    docx_ids = [i for i, c in enumerate(index.chunks) if c.doc == "bien-ban.docx"]
    docx_chunks = [index.chunks[i] for i in docx_ids]
    docx_sentences = int(np.isin(index.sentence_chunks, docx_ids).sum())
    assert changed.embedded_documents == ["bien-ban.docx"]
    assert changed.embedded_chunks == len(docx_chunks)
    assert counting.passages == len(_texts(docx_chunks)) <= len(docx_chunks) + docx_sentences
    assert "Lê Thị Hoa" in docx_chunks[0].text
    # Unchanged documents keep their chunks and vectors.
    index = open_index(settings.index)
    seed_ids = [i for i, c in enumerate(index.chunks) if c.doc == "giao-ban.txt"]
    assert np.array_equal(seed_before, index.all_vectors()[seed_ids])
    assert np.array_equal(seed_sentences_before, index.all_sentence_vectors()[np.isin(index.sentence_chunks, seed_ids)])

    (settings.corpus / "thong-bao.pdf").unlink()
    removed = build_index(settings, counting, progress=False)
    assert removed.removed_documents == ["thong-bao.pdf"]
    assert all(c.doc != "thong-bao.pdf" for c in open_index(settings.index).chunks)


@pytest.mark.slow
def test_corrupt_file_is_skipped_and_reported(settings: Settings, embedder):
    _make_corpus(settings.corpus)
    (settings.corpus / "hong.docx").write_bytes(b"PK\x03\x04 broken")
    (settings.corpus / "rong.txt").write_bytes(b"")
    report = build_index(settings, embedder, progress=False)
    assert dict(report.skipped).keys() == {"hong.docx", "rong.txt"}
    assert "DOCX" in str(dict(report.skipped)["hong.docx"])
    assert {doc: exc.reason for doc, exc in report.skipped} == {"hong.docx": LoadReason.BAD_DOCX,
                                                                 "rong.txt": LoadReason.EMPTY}
    assert report.documents == 3
    assert open_index(settings.index).manifest["skipped"][0]["path"] == "hong.docx"


@pytest.mark.slow
def test_other_settings_rebuild_in_full_with_a_reason(settings: Settings, embedder):
    _make_corpus(settings.corpus)
    build_index(settings, embedder, progress=False)
    report = build_index(settings.replace(chunk_target_words=120), embedder, progress=False)
    assert report.full_rebuild_reason and "chunking" in report.full_rebuild_reason
    assert report.embedded_chunks == report.chunks


def _qa(*args: str, env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], env=env, capture_output=True,
                          text=True, timeout=600, **kwargs)


@pytest.mark.slow
def test_killed_build_leaves_the_old_index_answering(settings: Settings, embedder):
    _make_corpus(settings.corpus)
    build_index(settings, embedder, progress=False)
    env = {**os.environ, "QA_CORPUS": str(settings.corpus), "QA_INDEX": str(settings.index)}
    question = "Ai chủ trì cuộc họp của Sở Nội vụ?"
    before = json.loads(_qa("ask", question, "--json", env=env).stdout)

    # Enough new text that embedding takes several seconds, then kill the build mid-way.
    text = SEED.read_text(encoding="utf-8")
    for i in range(4):
        (settings.corpus / f"ban-sao-{i}.txt").write_text(f"Bản sao {i}\n{text}", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "index"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    seen = ""
    while "Embedding" not in seen and time.time() < deadline:
        seen += proc.stderr.read(1)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    after = json.loads(_qa("ask", question, "--json", env=env).stdout)
    assert after == before
    assert "ban-sao-0.txt" not in open_index(settings.index).manifest["documents"]

    finished = _qa("index", "--quiet", env=env)
    assert finished.returncode == 0, finished.stderr
    assert "ban-sao-3.txt" in open_index(settings.index).manifest["documents"]
    assert not list(settings.index.glob("tmp-*"))


@pytest.mark.slow
def test_assistant_restricts_search_to_chosen_documents(settings: Settings, embedder):
    _make_corpus(settings.corpus)
    build_index(settings, embedder, progress=False)
    assistant = Assistant(settings, embedder)
    hits = assistant.retriever.search("kết luận", 5, docs={"thong-bao.pdf"})
    assert hits and all(h.chunk.doc == "thong-bao.pdf" for h in hits)


def _mapped(array: np.ndarray) -> bool:
    """Whether ``array`` is a view of a memory-mapped file."""
    while array is not None and not isinstance(array, np.memmap):
        array = getattr(array, "base", None)
    return array is not None


def test_a_loaded_index_maps_its_weights_and_shares_each_documents_title(shipped_index: Settings):
    """The BM25 weights are read from the file as searches need them, and score as the weights
    computed from the counts; a document's chunks share one copy of its id and title."""
    from qa.index.keyword import BM25, load_counts, tokenize_query

    index = open_index(shipped_index.index)
    weights = index.bm25._weights
    assert all(_mapped(a) for a in (weights.data, weights.indices, weights.indptr))
    computed = BM25.from_counts(load_counts(index.path), index.vocab, **index.manifest["keyword"])
    for question in ("Ai chủ trì hội nghị giao ban?", "ket luan cua dong chi bi thu", "ngân sách", "xyzzy"):
        terms = tokenize_query(question)
        assert np.allclose(index.bm25.scores(terms), computed.scores(terms), rtol=1e-6, atol=0), question
    assert index.bm25.scores(tokenize_query("Ai chủ trì hội nghị giao ban?")).max() > 0
    by_doc: dict = {}
    for chunk in index.chunks:
        first = by_doc.setdefault(chunk.doc, chunk)
        assert chunk.doc is first.doc and chunk.title is first.title
    assert max(len(index.document_chunks(doc)) for doc in by_doc) > 1
