"""Finding the passages that answer a question.

Dense search finds paraphrases but misses exact names, numbers and codes ("35-KL/TW"); BM25
finds those but not paraphrases. ``hybrid`` (the default) scores every chunk both ways and
fuses the two, by a weighted sum of per-query z-scores or by reciprocal-rank fusion; a question
typed without tone marks is embedded with the marks its best keyword passages give it. The
reading model then reads the best ``rerank`` passages with the question and reorders them
(``Retriever.rerank``): on ViNewsQA's held-out articles recall@1 goes from 0.771 to 0.815.
``LangChainRetriever`` exposes the same search as a LangChain ``BaseRetriever``. Dense scores
come from a LangChain ``VectorStore``: the index's own (``ChunkVectorStore``) by default, or any
other store whose documents carry ``metadata["chunk_id"]`` (e.g. a vector database server).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from langchain_core.vectorstores import VectorStore
from pydantic import ConfigDict

from ..ingest.chunk import Chunk
from ..config import MODES, Settings
from ..embed.base import TextEmbedder
from ..index.store import Index
from ..index.keyword import tokenize_query
from ..ingest.normalize import normalize, unmarked
from ..index.vectors import ChunkVectorStore, chunk_document, top_k
from .read import Reader, TokenScores, answerability
from .tones import unique_marks, with_marks
from .tuning import PASSAGES, READ_MAX_TOKENS
from .vocabulary import QUESTION_PHRASES, QUESTION_WORDS, TOPICLESS_WORDS

# Answerability (logits) is clipped to this range before it is weighed into a passage's score.
ANSWERABILITY_CLIP = 10.0


@dataclass
class Hit:
    chunk_id: int
    chunk: Chunk
    score: float
    reading: TokenScores | None = None  # the reading model's scores, when the search reranked


def zscore(scores: np.ndarray) -> np.ndarray:
    """Scores on a common scale: how many standard deviations above this query's mean."""
    std = float(scores.std())
    return (scores - scores.mean()) / std if std > 0 else np.zeros_like(scores)


def rrf(*score_lists: np.ndarray, k: int = 60) -> np.ndarray:
    """Reciprocal-rank fusion: sum of 1 / (k + rank) over the rankings."""
    fused = np.zeros_like(score_lists[0], dtype=np.float64)
    for scores in score_lists:
        ranks = np.empty(len(scores), dtype=np.int64)
        ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
        fused += 1.0 / (k + ranks)
    return fused


def store_scores(store: VectorStore, query: np.ndarray, n_chunks: int, candidates: int = 1000) -> np.ndarray:
    """Every chunk's dense score from a vector store: exact from the index's own store; from
    another store, its ``candidates`` best (by ``metadata["chunk_id"]``) with the rest set to
    the lowest score it returned."""
    if isinstance(store, ChunkVectorStore):
        return store.scores(query)
    found = store.similarity_search_with_score_by_vector(query.tolist(), k=min(candidates, n_chunks))
    floor = min((score for _, score in found), default=0.0)
    scores = np.full(n_chunks, floor, dtype=np.float32)
    for doc, score in found:
        scores[int(doc.metadata["chunk_id"])] = score
    return scores


class Retriever:
    """Dense, keyword and hybrid retrieval over a loaded index."""

    def __init__(self, index: Index, embedder: TextEmbedder, settings: Settings | None = None,
                 store: VectorStore | None = None, reader: Reader | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings or Settings()
        self.reader = reader  # reorders the top ``settings.rerank`` passages when given
        index.vectors.set_nprobe(self.settings.ann_nprobe)
        self.store = store or ChunkVectorStore(index.vectors, index.chunks, embedder,
                                               self.settings.chunk_weight)
        self._last_query: tuple[str, np.ndarray] | None = None
        self._last_reading: tuple[str, dict[int, TokenScores]] | None = None
        self._last_marked: tuple[str, str] | None = None  # a question typed without marks, as searched

    def query_vector(self, question: str) -> np.ndarray:
        """The question's embedding (typed without marks, the last searched one's with the marks
        search gave it); the last one is kept, as answering needs it again (read once into a
        local: another thread's question may replace it meanwhile)."""
        question = normalize(question)
        marked = self._last_marked
        if marked is not None and marked[0] == question:
            question = marked[1]
        last = self._last_query
        if last is None or last[0] != question:
            last = self._last_query = (question, self.embedder.encode_query(question))
        return last[1]

    def scores(self, question: str, mode: str, allowed: np.ndarray | None = None,
               docs: set[str] | None = None) -> np.ndarray:
        """A score for every chunk; higher is better. With ``allowed`` (a mask of chunks: those
        of ``docs``) the others score -inf and hybrid fusion scales and ranks the allowed ones
        among themselves, so no other chunk moves their scores."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r} (expected one of {', '.join(MODES)})")
        question = normalize(question)
        keep = np.ones(len(self.index.chunks), dtype=bool) if allowed is None else allowed
        scores = np.full(len(self.index.chunks), -np.inf)
        typed_unmarked = unmarked(question)
        keyword = self._keyword(question, docs) if mode != "dense" or typed_unmarked else None
        if mode == "bm25":
            scores[keep] = keyword[keep]
            return scores
        if typed_unmarked:
            question = self._marked(question, np.where(keep, keyword, -np.inf))
        dense = self._dense(question, docs)[keep]
        if mode == "dense":
            scores[keep] = dense
            return scores
        keyword = keyword[keep]
        if self.settings.fusion == "rrf":
            scores[keep] = rrf(dense, keyword, k=self.settings.rrf_k)
            return scores
        w = self.settings.dense_weight_unaccented if typed_unmarked else self.settings.dense_weight
        scores[keep] = w * zscore(dense) + (1 - w) * zscore(keyword)
        return scores

    def _marked(self, question: str, keyword: np.ndarray) -> str:
        """A question typed without tone marks as the embedding model reads it: with the marks
        its best keyword passages (``keyword``: their scores) write its words with, which the
        diacritic-free keyword stream finds; the folded question reads poorly."""
        marked = _with_marks_of(question, [self.index.chunks[i] for i in top_k(keyword, PASSAGES)
                                           if np.isfinite(keyword[i])])
        self._last_marked = (question, marked)
        return marked

    def _dense(self, question: str, docs: set[str] | None) -> np.ndarray:
        """Every chunk's dense score; an index in Milvus searches only ``docs`` (a filter)."""
        vector = self.query_vector(question)
        if self.index.remote:
            return self.index.vectors.scores(vector, self.settings.chunk_weight, docs=docs,
                                             candidates=self.settings.store_candidates)
        return store_scores(self.store, vector, len(self.index.chunks))

    def _keyword(self, question: str, docs: set[str] | None) -> np.ndarray:
        """Every chunk's BM25 score; an index in Milvus searches only ``docs`` (a filter)."""
        if self.index.remote:
            return self.index.bm25.scores(tokenize_query(question), docs=docs,
                                          candidates=self.settings.store_candidates)
        return self.index.bm25.scores(tokenize_query(question))

    def search(self, question: str, k: int, mode: str | None = None,
               docs: set[str] | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``question``, best first, optionally only from ``docs``
        (the others are never scored against them: ``scores``' ``allowed``)."""
        if not self.index.chunks:
            return []
        depth = self.settings.rerank if self.reader is not None else 0
        allowed = None
        if docs is not None:
            allowed = np.fromiter((c.doc in docs for c in self.index.chunks), dtype=bool,
                                  count=len(self.index.chunks))
            k, depth = min(k, int(allowed.sum())), min(depth, int(allowed.sum()))
            if k == 0:
                return []
        scores = self.scores(question, mode or self.settings.mode, allowed, docs)
        hits = [Hit(i, self.index.chunks[i], float(scores[i])) for i in top_k(scores, max(k, depth))]
        return self.rerank(question, hits, depth)[:k]

    def rerank(self, question: str, hits: list[Hit], depth: int) -> list[Hit]:
        """The top ``depth`` hits read by the reading model (their ``reading`` set) and reordered
        by their search score plus ``rerank_weight`` times the model's answerability: the model
        reads the question and the passage together, where search compared them apart (the
        other paragraph of the same article is the usual rank-1 error).

        The first ``PASSAGES`` are read at once (the answer step reads them anyway), the rest
        only those that could still come first: answerability adds at most
        ``rerank_weight * ANSWERABILITY_CLIP``, so a passage whose search score is that much
        below the best passage read cannot overtake it, and the first place is the one reading
        all would give."""
        top = hits[:depth]
        if not top or self.reader is None:
            return hits
        question = read_as(question, top)
        first = min(PASSAGES, len(top))
        self._read(question, top[:first])
        best = max(h.score for h in top[:first])
        reach = self.settings.rerank_weight * ANSWERABILITY_CLIP
        read = first
        while read < len(top) and top[read].score + reach > best:
            read += 1
        self._read(question, top[first:read])
        return sorted(top[:read], key=lambda h: -h.score) + hits[read:]

    def _read(self, question: str, hits: list[Hit]) -> None:
        """Sets ``reading`` of the hits not read yet and adds their weighed answerability to their
        score; the last question's readings are kept, as answering searches again (read once
        into a local, as in ``query_vector``)."""
        last = self._last_reading
        if last is None or last[0] != question:
            last = self._last_reading = (question, {})
        missing = [h for h in hits if h.chunk_id not in last[1]]
        if missing:
            last[1].update(zip((h.chunk_id for h in missing),
                               self.reader.read(question, [h.chunk.text for h in missing])))
        for hit in hits:
            if hit.reading is None:
                hit.reading = last[1][hit.chunk_id]
                hit.score += self.settings.rerank_weight * float(np.clip(
                    answerability(hit.reading, READ_MAX_TOKENS), -ANSWERABILITY_CLIP, ANSWERABILITY_CLIP))


# The question words' marks, for those a question's passages do not write.
_QUESTION_MARKS = unique_marks(QUESTION_WORDS.marked | TOPICLESS_WORDS.marked)


def _with_marks_of(question: str, chunks: list[Chunk]) -> str:
    """``with_marks`` with the marks ``chunks`` (and their titles) write, the question words' and
    the question phrases'."""
    return with_marks(question, (f"{c.title}\n{c.text}" for c in chunks), _QUESTION_MARKS, QUESTION_PHRASES)


def read_as(question: str, hits: list[Hit]) -> str:
    """The question as the reading model reads it: normalized and, typed without tone marks,
    with the marks its best ``PASSAGES`` passages (and their titles) write its words with."""
    return _with_marks_of(normalize(question), [h.chunk for h in hits[:PASSAGES]])


class LangChainRetriever(BaseRetriever):
    """``Retriever`` as a LangChain retriever: chunk text as content, citation data as metadata.
    ``k`` is the default number of documents; ``invoke(query, k=n)`` asks for ``n``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: Retriever
    k: int = 5
    mode: str | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                k: int | None = None) -> list[LCDocument]:
        documents = []
        for hit in self.retriever.search(query, self.k if k is None else k, self.mode):
            document = chunk_document(hit.chunk, hit.chunk_id)
            document.metadata["score"] = hit.score
            documents.append(document)
        return documents
