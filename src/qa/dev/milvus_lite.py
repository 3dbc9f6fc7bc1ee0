"""A Milvus Lite gRPC server on a free loopback port, for the tests and ``qa bench``: the same
protocol and client code as a Milvus cluster (Milvus Lite is a pure-Python engine: it proves the
protocol and the answers, not a cluster's speed)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import StoreUnavailable
from ..processes import free_port, stop

START_TIMEOUT_S = 60.0


def _executable() -> str:
    beside = Path(sys.executable).with_name("milvus-lite")
    found = str(beside) if beside.exists() else shutil.which("milvus-lite")
    if not found:
        raise StoreUnavailable("milvus-lite is not installed: pip install -e '.[milvus]'")
    return found


def _answers(port: int) -> bool:
    """Whether the server on ``port`` answers a request."""
    from pymilvus import MilvusClient
    from pymilvus.exceptions import MilvusException

    try:
        MilvusClient(uri=f"http://127.0.0.1:{port}", timeout=2).list_collections()
        return True
    except MilvusException:
        return False


@contextmanager
def milvus_lite_server(data_dir: Path) -> Iterator[str]:
    """``milvus-lite server`` on 127.0.0.1 (never all interfaces) keeping its data in
    ``data_dir``; yields its URL once it answers, stops it on exit."""
    port = free_port()
    log = (data_dir.parent / f"{data_dir.name}.log").open("wb")
    server = subprocess.Popen([_executable(), "server", "--data-dir", str(data_dir),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise StoreUnavailable(f"milvus-lite server did not start (log: {log.name})")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server, 10)
        log.close()
