"""The vector store: exact scans, the IVF index used above a size, and other LangChain stores."""
from pathlib import Path

import numpy as np
import pytest
from langchain_core.vectorstores import InMemoryVectorStore

from qa.assistant import Assistant
from qa.dev.bench import replicate
from qa.index.store import open_index
from qa.answer.retrieve import Retriever
from qa.index.vectors import ChunkVectorStore, DenseVectors, chunk_document, flat_index, flat_view

QUESTIONS = ["Ai phát biểu kết luận?", "Kết luận 35-KL/TW ban hành ngày nào?",
             "Hội nghị đề xuất những gì?", "Bao nhiêu ý kiến phát biểu tại hội nghị?"]


def test_flat_view_shares_the_index_memory():
    vectors = np.random.default_rng(1).normal(size=(5, 8)).astype(np.float32)
    index = flat_index(vectors)
    view = flat_view(index)
    assert np.array_equal(view, vectors)
    index.reset()
    index.add(vectors * 2)
    assert np.array_equal(flat_view(index), vectors * 2)


def test_large_sets_get_an_ivf_index_that_finds_what_the_exact_scan_finds(shipped_index, embedder, tmp_path: Path):
    settings = shipped_index.replace(index=tmp_path / "index", ann_min_vectors=60, ann_nprobe=8)
    replicate(shipped_index.index, settings.index, copies=1, settings=settings)
    index = open_index(settings.index)
    assert (index.path / "vectors.ivf.faiss").exists() and (index.path / "sentence_vectors.ivf.faiss").exists()
    assert index.vectors.approximate
    exact = DenseVectors(flat_index(index.all_vectors()), flat_index(index.all_sentence_vectors()),
                         index.sentence_chunks)
    overlaps = []
    for question in QUESTIONS:
        query = embedder.encode_query(question)
        truth = set(np.argsort(-exact.scores(query))[:10].tolist())
        found = set(np.argsort(-index.vectors.scores(query))[:10].tolist())
        overlaps.append(len(truth & found) / 10)
    assert np.mean(overlaps) >= 0.8, (overlaps, truth, found)
    answer = Assistant(settings, embedder).ask("Ai phát biểu kết luận?")
    assert "Mai Văn Chính" in answer.text


def test_the_index_store_is_a_langchain_vector_store(shipped_index, embedder):
    index = open_index(shipped_index.index)
    store = ChunkVectorStore(index.vectors, index.chunks, embedder)
    found = store.similarity_search_with_score("Ai phát biểu kết luận tại hội nghị giao ban?", k=3)
    assert len(found) == 3 and found[0][1] >= found[1][1] >= found[2][1]
    assert all(index.chunks[doc.metadata["chunk_id"]].text == doc.page_content for doc, _ in found)


def test_retriever_searches_another_langchain_store(shipped_index, embedder):
    """A deployment can move its vectors to another store: documents carry ``chunk_id``."""
    index = open_index(shipped_index.index)
    seed = [i for i, c in enumerate(index.chunks) if c.doc.startswith("hoi-nghi-giao-ban")]
    other = InMemoryVectorStore(embedding=embedder)
    other.add_documents([chunk_document(index.chunks[i], i) for i in seed])
    retriever = Retriever(index, embedder, shipped_index, store=other)
    for mode in ("dense", "hybrid"):
        hits = retriever.search("Ai phát biểu kết luận?", 3, mode=mode)
        assert "Mai Văn Chính" in hits[0].chunk.text, mode
