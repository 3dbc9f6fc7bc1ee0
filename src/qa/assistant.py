"""The library API that the CLI and the chat app share: build the index, ask questions."""
from __future__ import annotations

from pathlib import Path

from .answer import Answer, answer_question
from .config import Settings
from .embed import TextEmbedder, make_embedder
from .followup import Turn, resolve
from .index import BuildReport, build_index, open_index
from .retrieve import Retriever


class Assistant:
    """A loaded index with its embedder, ready to answer questions."""

    def __init__(self, settings: Settings, embedder: TextEmbedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        self.index = open_index(settings.index)
        self.retriever = Retriever(self.index, self.embedder, settings)

    def ask(self, question: str, k: int | None = None, docs: set[str] | None = None,
            history: list[Turn] | None = None) -> Answer:
        """Answer from the best passages, optionally only from the documents in ``docs``;
        ``history`` (earlier question/answer pairs) resolves follow-up questions."""
        searched = resolve(question, history or [])
        hits = self.retriever.search(searched, k or self.settings.k, docs=docs)
        answer = answer_question(searched, hits, idf=self.index.bm25.syllable_idf,
                                 min_coverage=self.settings.min_coverage)
        answer.question = question
        answer.resolved_question = searched if searched != question else None
        return answer


def build(settings: Settings, embedder: TextEmbedder | None = None, progress: bool = True,
          corpus: Path | None = None, index_dir: Path | None = None) -> BuildReport:
    """Build or update the index for the settings' corpus."""
    return build_index(settings, embedder or make_embedder(settings), corpus=corpus,
                       index_dir=index_dir, progress=progress)
