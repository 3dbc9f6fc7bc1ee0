"""qa: question answering over Vietnamese meeting documents, with cited passages.

The public API, which the command line, the chat app and the benchmarks all use::

    from qa import Assistant, Settings, build_index, load_settings

    settings = load_settings()            # defaults, overridden by QA_* environment variables
    build_index(settings)                 # build or update the index of settings.corpus
    answer = Assistant(settings).ask("Ai phát biểu kết luận?")
    print(answer.text)

Names are imported on first use, so ``import qa`` stays light.
"""
import os
from importlib import import_module

# Threads of the numeric libraries, set before they load. The bundled engine's OpenMP threads
# spin at every barrier: spinning long (libgomp's default) makes single queries several times
# slower on a busy machine, not spinning at all (OMP_WAIT_POLICY=PASSIVE) adds ~20 ms to each
# query on an idle one; a short spin does well in both (2 cores: 15 ms idle, 34 ms beside two
# busy processes). OpenBLAS's threads (numpy) spin after every product too and then slow the
# next query's embedding 3x; one thread scans 10k chunks in a few ms. With both, warm
# ask p50 at 10k chunks went from 131 ms to 42 ms.
os.environ.setdefault("GOMP_SPINCOUNT", "1000")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

_API = {
    "Assistant": "qa.assistant",
    "Answer": "qa.answer.extractive",
    "Settings": "qa.config",
    "load_settings": "qa.config",
    "build_index": "qa.index.store",
    "BuildReport": "qa.index.store",
}
__all__ = list(_API)


def __getattr__(name: str) -> object:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
