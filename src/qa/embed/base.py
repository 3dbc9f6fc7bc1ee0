"""The embedder interface: numpy vectors for the index, LangChain ``Embeddings`` for the rest.

Vectors are float32 and L2-normalized, so inner product is cosine similarity. ``model_id``
names the weights and recipe: an index built with one id is never queried with another.
"""
from __future__ import annotations

from abc import abstractmethod

import numpy as np
from langchain_core.embeddings import Embeddings


class TextEmbedder(Embeddings):
    """Numpy-first embedder; the LangChain methods are thin wrappers."""

    model_id: str
    dim: int

    @abstractmethod
    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalized, embedded as passages."""

    @abstractmethod
    def encode_query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalized, embedded as a search query."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode_query(text).tolist()
