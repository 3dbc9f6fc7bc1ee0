"""Any sentence-transformers model, from a local folder or a hub name."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .base import TextEmbedder


class SentenceTransformerEmbedder(TextEmbedder):
    """Any sentence-transformers model; prefixes are the model's convention (e5: "query: ")."""

    backend = "sentence-transformers"

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
