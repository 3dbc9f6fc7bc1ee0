"""Dense vectors of chunks and sentences, and how similar every chunk is to a question.

A chunk's dense score is ``chunk_weight`` of its own cosine plus the rest from its best
sentence (a question is usually answered by one sentence). Up to ``ann_min_vectors`` vectors a
set is scanned exactly from FAISS flat storage (a few ms at 10k chunks). Above it the set is
also stored as an IVF index with 8-bit scalar quantization: a query probes ``nprobe`` lists
instead of reading every vector, and needs a quarter of the memory. The flat files stay the
exact record that incremental builds copy vectors from; a server loads only what it searches.

``ChunkVectorStore`` puts the same search behind LangChain's ``VectorStore`` interface, and the
retriever accepts any ``VectorStore`` whose documents carry ``metadata["chunk_id"]``: that is
how a deployment moves its vectors to a vector database server (see the README).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Iterable, Sequence

import faiss
import numpy as np
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from ..ingest.chunk import Chunk


def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` highest scores, best first."""
    k = min(k, len(scores))
    if k <= 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")].tolist()


def flat_view(index: faiss.IndexFlat) -> np.ndarray:
    """The vectors of a flat index as an (n, d) array sharing its memory (no copy): valid only
    while ``index`` is referenced."""
    n, d = index.ntotal, index.d
    if n == 0:
        return np.zeros((0, d), dtype=np.float32)
    return faiss.rev_swig_ptr(index.get_xb(), n * d).reshape(n, d)


def flat_index(vectors: np.ndarray) -> faiss.IndexFlatIP:
    flat = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return flat


def ivf_index(vectors: np.ndarray) -> faiss.Index:
    """IVF with 8-bit scalar quantization, about 4·sqrt(n) lists, trained on a sample."""
    n, d = vectors.shape
    nlist = max(1, int(4 * math.sqrt(n)))
    index = faiss.index_factory(d, f"IVF{nlist},SQ8", faiss.METRIC_INNER_PRODUCT)
    sample = vectors[np.random.default_rng(0).choice(n, size=min(n, 64 * nlist), replace=False)]
    index.train(np.ascontiguousarray(sample, dtype=np.float32))
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


class DenseVectors:
    """Chunk and sentence vectors of one index generation, searched exactly or through IVF."""

    def __init__(self, chunks: faiss.Index, sentences: faiss.Index, sentence_chunks: np.ndarray,
                 nprobe: int = 128) -> None:
        self.dim = chunks.d
        self.n_chunks = chunks.ntotal
        self.sentence_chunks = sentence_chunks  # chunk id of each sentence vector, ascending
        self._chunks, self._sentences = chunks, sentences
        self.set_nprobe(nprobe)
        if isinstance(sentences, faiss.IndexIVF):
            sentences.make_direct_map()  # 8 bytes a vector: lets one chunk's sentences be decoded
        self._chunk_matrix = flat_view(chunks) if isinstance(chunks, faiss.IndexFlat) else None
        self._sentence_matrix = flat_view(sentences) if isinstance(sentences, faiss.IndexFlat) else None
        starts = np.searchsorted(sentence_chunks, np.arange(self.n_chunks))
        self._has_sentences = np.diff(np.append(starts, len(sentence_chunks))) > 0
        self._sentence_starts = np.minimum(starts, max(len(sentence_chunks) - 1, 0))

    def set_nprobe(self, nprobe: int) -> None:
        """How many IVF lists a query reads (more: closer to exact, slower)."""
        for index in (self._chunks, self._sentences):
            if isinstance(index, faiss.IndexIVF):
                index.nprobe = max(1, nprobe)

    @property
    def approximate(self) -> bool:
        return self._chunk_matrix is None or self._sentence_matrix is None

    def _similarities(self, index: faiss.Index, matrix: np.ndarray | None, query: np.ndarray,
                      candidates: int) -> tuple[np.ndarray, float]:
        """Cosine of every vector to the query: exact from the matrix, or from an IVF search for
        the ``candidates`` nearest with the rest set to the lowest score found (an upper bound)."""
        if matrix is not None:
            return matrix @ query, -np.inf
        scores, ids = index.search(query[None, :], min(candidates, index.ntotal))
        found = ids[0] >= 0
        floor = float(scores[0][found].min()) if found.any() else 0.0
        result = np.full(index.ntotal, floor, dtype=np.float32)
        result[ids[0][found]] = scores[0][found]
        return result, floor

    def sentence_similarities(self, chunk_id: int, query: np.ndarray) -> np.ndarray:
        """Cosine of each sentence of one chunk to the query, in order."""
        lo, hi = np.searchsorted(self.sentence_chunks, [chunk_id, chunk_id + 1])
        if self._sentence_matrix is not None:
            return self._sentence_matrix[lo:hi] @ query
        rows = [self._sentences.reconstruct(int(i)) for i in range(lo, hi)]
        return np.asarray(rows, dtype=np.float32).reshape(-1, self.dim) @ query

    def scores(self, query: np.ndarray, chunk_weight: float = 0.5, candidates: int = 2000) -> np.ndarray:
        """Every chunk's dense score for a (normalized) query vector."""
        query = np.ascontiguousarray(query, dtype=np.float32)
        chunk, _ = self._similarities(self._chunks, self._chunk_matrix, query, candidates)
        if not len(self.sentence_chunks):
            return chunk
        sentence, floor = self._similarities(self._sentences, self._sentence_matrix, query, candidates)
        best = np.maximum.reduceat(sentence, self._sentence_starts)
        # A chunk without sentences, or none among the IVF candidates, counts its own cosine
        # (at most the candidates' floor) as its best sentence.
        fallback = np.minimum(chunk, floor) if np.isfinite(floor) else chunk
        best = np.where(self._has_sentences & (best > floor), best, fallback)
        return chunk_weight * chunk + (1 - chunk_weight) * best


class ChunkVectorStore(VectorStore):
    """A loaded index's dense search as a LangChain ``VectorStore`` (read-only: ``qa index``
    builds it). Documents are chunks with their citation data and ``chunk_id`` as metadata."""

    def __init__(self, vectors: DenseVectors, chunks: list[Chunk], embedding: Embeddings,
                 chunk_weight: float = 0.5) -> None:
        self.vectors = vectors
        self.chunks = chunks
        self._embedding = embedding
        self.chunk_weight = chunk_weight

    @property
    def embeddings(self) -> Embeddings:
        return self._embedding

    def scores(self, query: np.ndarray) -> np.ndarray:
        return self.vectors.scores(query, self.chunk_weight)

    def similarity_search_with_score_by_vector(self, embedding: list[float], k: int = 4,
                                               **kwargs: Any) -> list[tuple[LCDocument, float]]:
        scores = self.scores(np.asarray(embedding, dtype=np.float32))
        return [(chunk_document(self.chunks[i], i), float(scores[i])) for i in top_k(scores, k)]

    def similarity_search_by_vector(self, embedding: list[float], k: int = 4,
                                    **kwargs: Any) -> list[LCDocument]:
        return [doc for doc, _ in self.similarity_search_with_score_by_vector(embedding, k)]

    def similarity_search_with_score(self, query: str, k: int = 4,
                                     **kwargs: Any) -> list[tuple[LCDocument, float]]:
        return self.similarity_search_with_score_by_vector(self._embedding.embed_query(query), k)

    def similarity_search(self, query: str, k: int = 4, **kwargs: Any) -> list[LCDocument]:
        return [doc for doc, _ in self.similarity_search_with_score(query, k)]

    def get_by_ids(self, ids: Sequence[str], /) -> list[LCDocument]:
        """The chunks whose ids (``str(chunk_id)``) are given, in that order; unknown ids are skipped."""
        found = (int(i) for i in ids if str(i).isdigit())
        return [chunk_document(self.chunks[i], i) for i in found if i < len(self.chunks)]

    def add_texts(self, texts: Iterable[str], metadatas: list[dict] | None = None, **kwargs: Any) -> list[str]:
        raise NotImplementedError("this store is built from the corpus folder: run `qa index`")

    def delete(self, ids: list[str] | None = None, **kwargs: Any) -> bool | None:
        raise NotImplementedError("this store is built from the corpus folder: remove the "
                                  "document there and run `qa index`")

    @classmethod
    def from_texts(cls, texts: list[str], embedding: Embeddings, metadatas: list[dict] | None = None,
                   **kwargs: Any) -> "ChunkVectorStore":
        raise NotImplementedError("build the index with `qa index`, then open it with qa.Assistant")


def chunk_document(chunk: Chunk, chunk_id: int) -> LCDocument:
    """A chunk as a LangChain document: its text, and what a citation needs as metadata; its
    id is ``str(chunk_id)`` (what ``ChunkVectorStore.get_by_ids`` takes)."""
    metadata = {k: v for k, v in chunk.to_json().items() if k != "text"}
    return LCDocument(id=str(chunk_id), page_content=chunk.text, metadata={**metadata, "chunk_id": chunk_id})


def write_vectors(path: Path, vectors: np.ndarray, ann_min_vectors: int) -> list[str]:
    """The exact flat file ``path``, plus ``<path stem>.ivf.faiss`` when the set is large;
    returns the names written."""
    faiss.write_index(flat_index(vectors), str(path))
    names = [path.name]
    if len(vectors) >= ann_min_vectors:
        ivf = path.with_suffix(".ivf.faiss")
        faiss.write_index(ivf_index(vectors), str(ivf))
        names.append(ivf.name)
    return names


def read_all(path: Path) -> np.ndarray:
    """A copy of every vector in the exact flat file ``path``."""
    index = faiss.read_index(str(path))
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)


def read_vectors(path: Path, exact: bool = False) -> faiss.Index:
    """What a search reads: the IVF index when one was written (unless ``exact``), else flat."""
    ivf = path.with_suffix(".ivf.faiss")
    return faiss.read_index(str(ivf if ivf.exists() and not exact else path))
