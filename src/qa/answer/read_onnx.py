"""The reading model (``qa.answer.read``) on ONNX Runtime: the same weights and logits, no torch.

The graph is the embedder's encoder (``qa.embed.onnx_e5.encoder_graph``) with the fine-tuned top
layers of ``reader.safetensors`` in place of the bundled model's and the start/end head on top,
in float32. It is written at first use under ``QA_MODEL_CACHE/reader-onnx`` (redone when the
bundled model or the reader's weights change); the word embeddings are the embedder's memory-mapped
file, shared with it.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..embed.export import cached_files, raw_tokenizer
from ..embed.onnx_e5 import encoder_graph, ensure_onnx, fingerprint, session
from .read import WEIGHTS, Reader, reader_state, weights_sha256

READER_GRAPH = "reader.onnx"


def ensure_reader_onnx(out_dir: Path, weights: Path = WEIGHTS, log=lambda msg: None) -> Path:
    """``out_dir`` holding ``reader.onnx`` for the current bundled model and reader weights."""
    import onnx

    def write(folder: Path) -> None:
        state, config = reader_state(weights)
        onnx.save(encoder_graph(state, config, head=state["qa.weight"], head_bias=state["qa.bias"]),
                  str(folder / READER_GRAPH))

    return cached_files(out_dir, {**fingerprint(), "reader_sha256": weights_sha256(weights)}, write, log)


class OnnxReader(Reader):
    """``Reader`` on ONNX Runtime. ``model_dir`` is the parent of the embedder's ONNX files
    (``QA_MODEL_CACHE``): the reader's graph goes beside them."""

    def _load(self) -> None:

        encoder_dir = ensure_onnx(self._export_dir / "e5-small-onnx", log=self._log)
        folder = ensure_reader_onnx(self._export_dir / "reader-onnx", self._weights, log=self._log)
        self._words = np.load(encoder_dir / "word_embeddings.npy", mmap_mode="r")
        self._tokenizer = raw_tokenizer(encoder_dir)
        self.dtype = "float32"
        self._model = session(folder / READER_GRAPH, self._threads)

    def _logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        embeds = np.asarray(self._words[ids], dtype=np.float32)
        return self._model.run(["logits"], {"embeds": embeds, "mask": mask})[0]
