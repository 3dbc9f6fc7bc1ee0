"""Finding the passages that answer a question.

Dense search finds paraphrases but misses exact names, numbers and codes ("35-KL/TW"); BM25
finds those but not paraphrases. ``hybrid`` (the default) scores every chunk both ways and
fuses the two, by a weighted sum of per-query z-scores or by reciprocal-rank fusion.
``LangChainRetriever`` exposes the same search as a LangChain ``BaseRetriever``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .chunk import Chunk
from .config import Settings
from .embed import TextEmbedder
from .index import Index
from .keyword import tokenize_query
from .normalize import fold_diacritics, normalize

MODES = ("dense", "bm25", "hybrid")
FUSIONS = ("zscore", "rrf")


@dataclass
class Hit:
    chunk_id: int
    chunk: Chunk
    score: float


def has_diacritics(text: str) -> bool:
    """False for Vietnamese typed without tone marks ("ai phat bieu"), which the embedding model
    reads poorly; the diacritic-free keyword stream still matches it."""
    return fold_diacritics(text) != text


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


def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` highest scores, best first."""
    k = min(k, len(scores))
    if k <= 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")].tolist()


class Retriever:
    """Dense, keyword and hybrid retrieval over a loaded index."""

    def __init__(self, index: Index, embedder: TextEmbedder, settings: Settings | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings or Settings()

    def scores(self, question: str, mode: str) -> np.ndarray:
        """A score for every chunk; higher is better."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r} (expected one of {', '.join(MODES)})")
        question = normalize(question)
        if mode == "bm25":
            return self.index.bm25.scores(tokenize_query(question))
        dense = self.index.dense_scores(self.embedder.encode_query(question), self.settings.chunk_weight)
        if mode == "dense":
            return dense
        keyword = self.index.bm25.scores(tokenize_query(question))
        if self.settings.fusion == "rrf":
            return rrf(dense, keyword, k=self.settings.rrf_k)
        w = self.settings.dense_weight if has_diacritics(question) else self.settings.dense_weight_unaccented
        return w * zscore(dense) + (1 - w) * zscore(keyword)

    def search(self, question: str, k: int, mode: str | None = None,
               docs: set[str] | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``question``, best first, optionally only from ``docs``."""
        if not self.index.chunks:
            return []
        scores = self.scores(question, mode or self.settings.mode)
        if docs is not None:
            allowed = np.fromiter((c.doc in docs for c in self.index.chunks), dtype=bool,
                                  count=len(self.index.chunks))
            scores = np.where(allowed, scores, -np.inf)
            k = min(k, int(allowed.sum()))
        return [Hit(i, self.index.chunks[i], float(scores[i])) for i in top_k(scores, k)]


class LangChainRetriever(BaseRetriever):
    """``Retriever`` as a LangChain retriever: chunk text as content, citation data as metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: Retriever
    k: int = 5
    mode: str | None = None

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [LCDocument(page_content=hit.chunk.text,
                           metadata={**{k: v for k, v in hit.chunk.to_json().items() if k != "text"},
                                     "score": hit.score, "chunk_id": hit.chunk_id})
                for hit in self.retriever.search(query, self.k, self.mode)]
