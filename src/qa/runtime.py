"""The runtimes on this CPU: which precision torch runs in, how many cores to use, and models
that load on first use.

The embedders (``qa.embed``) and the reading model (``qa.answer.read``) share these helpers;
neither depends on the other.
"""
from __future__ import annotations

import os
import threading

from .config import TORCH_DTYPES


def cpu_has_bf16() -> bool:
    """True when the CPU multiplies bfloat16 natively (AMX or AVX512-BF16): there torch runs the
    model ~1.7x faster in bfloat16, and its vectors stay within cosine 0.9998 of the engine's."""
    import torch

    probes = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(getattr(torch.cpu, name, lambda: False)() for name in probes)


def check_dtype(dtype: str) -> str:
    """``dtype`` if it is a setting we know (checked before torch is imported)."""
    if dtype not in TORCH_DTYPES:
        raise ValueError(f"unknown torch dtype {dtype!r} (expected one of {', '.join(TORCH_DTYPES)})")
    return dtype


def resolve_dtype(dtype: str) -> str:
    """The torch dtype a setting asks for: "auto" is bfloat16 where the CPU has it natively."""
    if check_dtype(dtype) == "auto":
        return "bfloat16" if cpu_has_bf16() else "float32"
    return dtype


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class LoadsOnce:
    """A model loaded on first use: ``load()`` runs ``_load()`` once, whichever thread asks first
    (the others wait for it)."""

    _loaded = False

    def _load(self) -> None:
        raise NotImplementedError

    def load(self) -> None:
        with self.__dict__.setdefault("_load_lock", threading.Lock()):
            if not self._loaded:
                self._load()
                self._loaded = True
