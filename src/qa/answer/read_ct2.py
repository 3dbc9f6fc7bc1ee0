"""The reading model (``qa.answer.read``) on CTranslate2: the same weights, no torch; in float32
torch's logits, in int8 (the default) its answers (docs/bench.md).

The encoder is the embedder's (``qa.embed.ct2_e5.encoder_spec``) with the fine-tuned top layers
of ``reader.safetensors`` in place of the bundled model's, stored in float32 and computed in int8
by default (``QA_READER_INT8``); the start/end head, two rows, is applied to its hidden states
here in float32. It is written at first use under
``QA_MODEL_CACHE/reader-ct2`` (redone when the bundled model, CTranslate2 or the reader's weights
change). CTranslate2 holds the whole model in memory, the word embeddings included (~0.5 GB
in float32, a quarter of it in int8).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..embed.ct2_e5 import ENCODER, fingerprint, last_hidden, load_encoder, write_model
from ..embed.export import bundled_model_path, cached_files, raw_tokenizer, read_packed_model
from .read import WEIGHTS, Reader, reader_state, weights_sha256

HEAD = "head.safetensors"


def ensure_reader_ct2(out_dir: Path, weights: Path = WEIGHTS, log=lambda msg: None) -> Path:
    """``out_dir`` holding the reader's encoder (``ENCODER``), its head (``HEAD``) and the
    tokenizer for the current bundled model and reader weights."""
    from safetensors.numpy import save_file

    def write(folder: Path) -> None:
        packed = read_packed_model(bundled_model_path())
        state, _config = reader_state(weights, packed)
        write_model(folder, state, packed)
        save_file({"weight": state["qa.weight"], "bias": state["qa.bias"]}, str(folder / HEAD))

    return cached_files(out_dir, {**fingerprint(), "reader_sha256": weights_sha256(weights)}, write, log)


class CT2Reader(Reader):
    """``Reader`` on CTranslate2. ``model_dir`` is ``QA_MODEL_CACHE``: the reader's files go in
    its ``reader-ct2`` folder. ``int8``: the matrices and their inputs in int8, quantized as the
    model loads (the files stay float32)."""

    def __init__(self, model_dir: Path, weights: Path = WEIGHTS, threads: int | None = None,
                 int8: bool = False, log=lambda msg: None) -> None:
        super().__init__(model_dir, weights, threads, "float32", log)
        self._int8 = int8

    def _load(self) -> None:
        from safetensors.numpy import load_file

        folder = ensure_reader_ct2(self._export_dir / "reader-ct2", self._weights, log=self._log)
        head = load_file(str(folder / HEAD))
        self._head_weight, self._head_bias = head["weight"].T.copy(), head["bias"]
        self._tokenizer = raw_tokenizer(folder)
        self.dtype = "int8" if self._int8 else "float32"
        self._model = load_encoder(folder / ENCODER, self._threads, self.dtype)

    def _logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return last_hidden(self._model, ids, mask) @ self._head_weight + self._head_bias
