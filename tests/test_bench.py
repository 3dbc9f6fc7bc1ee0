"""``qa bench``'s scale corpus: the documents its questions ask about come first."""
from __future__ import annotations

from pathlib import Path

from qa.config import Settings
from qa.dev.bench import scale_corpus

from conftest import CORPUS, ROOT


def _files(docs: Path) -> list[str]:
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())


def test_the_scale_corpus_holds_the_asked_documents_first(tmp_path: Path) -> None:
    source = ROOT / "eval" / "meeting" / "corpus"
    articles = sorted(p.relative_to(source).as_posix() for p in source.rglob("*.txt"))
    asked = sorted(p.name for p in CORPUS.iterdir() if p.is_file())
    folder = tmp_path / "corpus-1k"
    docs, chunks = scale_corpus(source, 1, folder, Settings(), asked=CORPUS)
    assert _files(docs) == [f"asked/{asked[0]}"] and chunks >= 1  # one document makes the target
    docs, _ = scale_corpus(source, 10**6, folder, Settings(), asked=CORPUS)
    assert _files(docs) == [f"asked/{asked[0]}"]  # the same selection is reused as it is
    docs, chunks = scale_corpus(source, 10**6, folder, Settings())
    assert _files(docs) == articles and chunks > len(articles)  # another selection is made anew
    docs, _ = scale_corpus(source, 10**6, folder, Settings(), asked=CORPUS)
    assert _files(docs) == sorted([f"asked/{name}" for name in asked] + articles)
