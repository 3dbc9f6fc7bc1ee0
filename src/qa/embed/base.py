"""The embedder interface: numpy vectors for the index, LangChain ``Embeddings`` for the rest.

Vectors are float32 and L2-normalized, so inner product is cosine similarity. ``model_id``
names the weights and recipe: an index built with one id is never queried with another;
``backend`` names what computes them (the ``QA_EMBED_BACKEND`` value), which an index's manifest
records.
"""
from __future__ import annotations

from abc import abstractmethod
from collections import Counter
from typing import Callable

import numpy as np
from langchain_core.embeddings import Embeddings


class TextEmbedder(Embeddings):
    """Numpy-first embedder; the LangChain methods are thin wrappers."""

    model_id: str
    dim: int
    backend: str = ""  # the QA_EMBED_BACKEND value that builds this embedder ("" for others)

    def load(self) -> None:
        """Load what the batched passages need now (a no-op where nothing loads lazily)."""

    @abstractmethod
    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalized, embedded as passages."""

    @abstractmethod
    def encode_query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalized, embedded as a search query."""

    def encode_many(self, texts: list[str], batch: int,
                    progress: Callable[[int], None] = lambda n: None) -> np.ndarray:
        """``encode_passages`` of many texts (an index build): each distinct text embedded once,
        in calls of ``batch`` texts of about the same length (little padding); ``progress`` gets
        the number of ``texts`` done after each call."""
        counts = Counter(texts)
        unique = sorted(counts, key=len)
        vectors = np.zeros((len(unique), self.dim), dtype=np.float32)
        for start in range(0, len(unique), max(1, batch)):
            group = unique[start:start + max(1, batch)]
            vectors[start:start + len(group)] = self.encode_passages(group)
            progress(sum(counts[t] for t in group))
        row = {text: i for i, text in enumerate(unique)}
        return vectors[[row[t] for t in texts]].reshape(len(texts), self.dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode_query(text).tolist()
