"""Read: how likely each token of a passage is to start or end the answer to a question, and
how likely the passage is to hold no answer at all.

The reading model is the bundled multilingual-e5-small (exported by ``qa.export``) whose top
eight layers were fine-tuned for extractive question answering with a start/end head on top,
SQuAD 2.0 style: a window without the answer points at <s>, so <s>'s start + end logit is the
score of "no answer here". ``scripts/train_reader.py`` trained it on nine public Vietnamese QA
sets (README: the reading model and its data) with unanswerable questions, passages labelled as
not answering, and other passages of the same set that BM25 ranks high for the question. Only
what training changed ships with the package (``reader.safetensors``: those layers and the head,
matrices in 8 bits); the lower layers are the export's. The answer step uses the token scores to
choose the sentence and cut the span, ``answerability`` (best answer less "no answer") to rerank
the search's best passages and to refuse.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..runtime import LoadsOnce, available_cores, check_dtype, resolve_dtype
from ..embed.windows import length_batches
from ..embed.export import (PackedModel, bert_config, bert_state_dict, bundled_model_path, ensure_exported, raw_tokenizer,
                            read_packed_model)

WEIGHTS = Path(__file__).parent / "reader.safetensors"
MAX_TOKENS = 384  # per window: question + passage piece
STRIDE = 128  # tokens shared by consecutive windows of a long passage
MAX_QUESTION_TOKENS = 64
READ_BATCH = 3  # windows per model call (``Reader._rows_logits``)
QUESTION_PREFIX = "query: "  # the embedder's query prompt, which the model was tuned with
_BOS, _EOS, _PAD = 0, 2, 1


@dataclass
class Window:
    """One model input: <s> question </s></s> piece of the passage </s>."""

    ids: list[int]
    first: int  # position of the passage's first token in ``ids``
    offsets: list[tuple[int, int]]  # character span in the passage of each passage token


@dataclass
class TokenScores:
    """A passage's tokens with their start and end logits, and the score of "no answer here"."""

    offsets: np.ndarray  # (n, 2) character spans in the passage
    start: np.ndarray  # (n,)
    end: np.ndarray  # (n,)
    null: float = 0.0  # start + end logit of <s>, the lowest of the passage's windows (SQuAD 2.0)


def windows(tokenizer, question: str, passage: str) -> list[Window]:
    """The passage cut into overlapping windows that fit the model beside the question."""
    question_ids = tokenizer.encode(QUESTION_PREFIX + question, add_special_tokens=False).ids
    question_ids = question_ids[:MAX_QUESTION_TOKENS]
    encoded = tokenizer.encode(passage, add_special_tokens=False)
    room = MAX_TOKENS - len(question_ids) - 4
    first = len(question_ids) + 3
    found: list[Window] = []
    start = 0
    while True:
        end = min(start + room, len(encoded.ids))
        ids = [_BOS, *question_ids, _EOS, _EOS, *encoded.ids[start:end], _EOS]
        found.append(Window(ids, first, list(encoded.offsets[start:end])))
        if end >= len(encoded.ids):
            return found
        start += room - STRIDE


def _inside(scores: TokenScores, start: int, end: int) -> np.ndarray:
    """Positions of the tokens that lie within characters [start, end) of the passage."""
    return np.nonzero((scores.offsets[:, 0] >= start) & (scores.offsets[:, 1] <= end))[0]


def best_span(scores: TokenScores, start: int, end: int, max_tokens: int) -> tuple[int, int] | None:
    """Character span of the highest-scoring answer (start + end logit, at most ``max_tokens``
    tokens) within characters [start, end) of the passage; None when no token lies there."""
    inside = _inside(scores, start, end)
    if inside.size == 0:
        return None
    pair = scores.start[inside][:, None] + scores.end[inside][None, :]
    first, last = np.indices(pair.shape)
    pair[(last < first) | (last - first >= max_tokens)] = -np.inf
    a, b = np.unravel_index(int(np.argmax(pair)), pair.shape)
    return int(scores.offsets[inside[a], 0]), int(scores.offsets[inside[b], 1])


def span_logit(scores: TokenScores, start: int, end: int) -> float:
    """The model's score for characters [start, end) as an answer: the start logit of its first
    token plus the end logit of its last (-inf when no token lies there)."""
    inside = _inside(scores, start, end)
    if inside.size == 0:
        return float("-inf")
    return float(scores.start[inside[0]] + scores.end[inside[-1]])


def answerability(scores: TokenScores, max_tokens: int) -> float:
    """How much surer the model is of the passage's best answer (at most ``max_tokens`` tokens)
    than of "no answer here": positive when it reads an answer in the passage."""
    span = best_span(scores, 0, int(scores.offsets[-1, 1]) if len(scores.offsets) else 0, max_tokens)
    return (span_logit(scores, *span) if span else float("-inf")) - scores.null


def load_weights(path: Path) -> tuple[dict[str, "np.ndarray"], dict]:
    """The fine-tuned tensors (8-bit matrices put back to float32) and the file's metadata."""
    from safetensors.numpy import load_file
    from safetensors import safe_open

    with safe_open(str(path), framework="numpy") as fh:
        meta = dict(fh.metadata() or {})
    raw = load_file(str(path))
    tensors = {}
    for name, value in raw.items():
        if name.endswith(".scale"):
            continue
        if value.dtype == np.int8:
            value = value.astype(np.float32) * raw[name + ".scale"].astype(np.float32)[:, None]
        tensors[name] = value.astype(np.float32)
    return tensors, meta


def training_record(meta: dict) -> dict:
    """What ``scripts/train_reader.py`` wrote of a run in the file's metadata (``first_layer``…)."""
    return json.loads(meta.get("reader", "{}"))


def reader_state(weights: Path, packed: PackedModel | None = None) -> tuple[dict[str, np.ndarray], dict]:
    """The bundled model's tensors (``packed``, read if not given) with the reader's top layers
    and head in place, and its config."""
    packed = packed or read_packed_model(bundled_model_path())
    state, config = bert_state_dict(packed), bert_config(packed)
    tensors, meta = load_weights(weights)
    first_layer = int(training_record(meta).get("first_layer", 0))
    for name, value in tensors.items():
        if name.startswith("layers."):
            layer, rest = name.removeprefix("layers.").split(".", 1)
            state[f"encoder.layer.{first_layer + int(layer)}.{rest}"] = value
        else:
            state[name] = value
    return state, config


def weights_sha256(weights: Path) -> str:
    """What a runtime's copy of the reading model records it was made from."""
    return hashlib.sha256(Path(weights).read_bytes()).hexdigest()


def quantize(tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Matrices as int8 rows with one float32 scale each (a quarter of the file)."""
    out: dict[str, np.ndarray] = {}
    for name, value in tensors.items():
        value = np.asarray(value, dtype=np.float32)
        if value.ndim == 2 and value.shape[0] > 2:
            scale = np.maximum(np.abs(value).max(axis=1), 1e-12) / 127.0
            out[name] = np.round(value / scale[:, None]).astype(np.int8)
            out[name + ".scale"] = scale.astype(np.float32)
        else:
            out[name] = value
    return out


class Reader(LoadsOnce):
    """Start/end logits of each passage token for a question; torch and the model load on the
    first question (~5 s), or at ``load()`` (a server loads it at start). In bfloat16 (``dtype``
    "auto" where the CPU has it natively) a question's four passages read in ~0.6x the time of
    float32."""

    def __init__(self, export_dir: Path, weights: Path = WEIGHTS, threads: int | None = None,
                 dtype: str = "auto", log=lambda msg: None) -> None:
        self._export_dir, self._weights, self._threads, self._log = Path(export_dir), Path(weights), threads, log
        self.dtype = check_dtype(dtype)  # resolved when torch loads

    def _load(self) -> None:
        import torch
        from transformers import BertModel
        from transformers.utils import logging as transformers_logging

        export_dir = ensure_exported(self._export_dir, log=self._log)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        torch.set_num_threads(max(1, self._threads or available_cores()))
        tensors, meta = load_weights(self._weights)
        transformers_logging.set_verbosity_error()  # no report on the export's unused pooler
        transformers_logging.disable_progress_bar()
        bert = BertModel.from_pretrained(str(export_dir), add_pooling_layer=False)
        head = torch.nn.Linear(bert.config.hidden_size, 2)
        first_layer = int(training_record(meta).get("first_layer", 0))
        state = {name: torch.from_numpy(value) for name, value in tensors.items()}
        head.load_state_dict({"weight": state.pop("qa.weight"), "bias": state.pop("qa.bias")})
        layers = torch.nn.ModuleList(bert.encoder.layer[first_layer:])
        layers.load_state_dict({name.removeprefix("layers."): value for name, value in state.items()})
        self.dtype = resolve_dtype(self.dtype)
        if self.dtype == "bfloat16":
            # The layers compute in bfloat16. The word embeddings, most of the weights, stay the
            # export's float32, read from the file only for the tokens met: a bfloat16 copy
            # would add ~0.2 GB to a server's memory, and ~0.6 GB while loading.
            bert.encoder.to(torch.bfloat16)
            bert.embeddings.register_forward_hook(lambda _module, _inputs, out: out.to(torch.bfloat16))
        self._model, self._head = bert.eval(), head.eval()
        self._tokenizer = raw_tokenizer(export_dir)

    def _logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(windows, width, 2) start and end logits of a batch of windows."""
        import torch

        with torch.inference_mode():
            hidden = self._model(input_ids=torch.from_numpy(ids),
                                 attention_mask=torch.from_numpy(mask)).last_hidden_state
            return self._head(hidden.float()).numpy()

    def _rows_logits(self, rows: list[list[int]]) -> list[np.ndarray]:
        """Each row's (len, 2) start and end logits, ``READ_BATCH`` rows of like length a call
        (``length_batches``): on ONNX Runtime a question's eight windows read in 0.81x the time
        of one batch padded to the longest (2 cores; torch and CTranslate2 within the noise)."""
        found: dict[int, np.ndarray] = {}
        for batch, ids, mask in length_batches(rows, READ_BATCH, _PAD):
            logits = self._logits(ids, mask)
            found.update((i, logits[row]) for row, i in enumerate(batch))
        return [found[i] for i in range(len(rows))]

    def read(self, question: str, passages: list[str]) -> list[TokenScores]:
        """Each passage's token logits; a token seen by two windows keeps its higher logits."""
        self.load()
        cut = [(n, w) for n, passage in enumerate(passages) for w in windows(self._tokenizer, question, passage)]
        if not cut:
            return []
        logits = self._rows_logits([w.ids for _, w in cut])
        scores: list[TokenScores] = []
        for n, _passage in enumerate(passages):
            spans: dict[tuple[int, int], tuple[float, float]] = {}
            null = float("inf")
            for row, (m, w) in enumerate(cut):
                if m != n:
                    continue
                null = min(null, float(logits[row][0, 0] + logits[row][0, 1]))
                for t, span in enumerate(w.offsets):
                    s, e = logits[row][w.first + t]
                    old = spans.get(span, (-np.inf, -np.inf))
                    spans[span] = (max(old[0], float(s)), max(old[1], float(e)))
            keys = sorted(spans)
            scores.append(TokenScores(np.array(keys, dtype=np.int64).reshape(-1, 2),
                                      np.array([spans[k][0] for k in keys], dtype=np.float32),
                                      np.array([spans[k][1] for k in keys], dtype=np.float32), null))
        return scores
