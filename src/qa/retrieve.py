"""Finding the passages that answer a question.

``Retriever`` ranks the index's chunks for a question; ``LangChainRetriever`` exposes it as a
LangChain ``BaseRetriever`` for chains that expect one.
"""
from __future__ import annotations

from dataclasses import dataclass

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .chunk import Chunk
from .embed import TextEmbedder
from .index import Index
from .normalize import normalize


@dataclass
class Hit:
    chunk_id: int
    chunk: Chunk
    score: float


class Retriever:
    """Dense retrieval over a loaded index."""

    def __init__(self, index: Index, embedder: TextEmbedder) -> None:
        self.index = index
        self.embedder = embedder

    def search(self, question: str, k: int) -> list[Hit]:
        """The ``k`` best chunks for ``question``, best first."""
        query = self.embedder.encode_query(normalize(question))
        return [Hit(i, self.index.chunks[i], score) for i, score in self.index.search(query, k)]


class LangChainRetriever(BaseRetriever):
    """``Retriever`` as a LangChain retriever: chunk text as content, citation data as metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: Retriever
    k: int = 5

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [LCDocument(page_content=hit.chunk.text,
                           metadata={**{k: v for k, v in hit.chunk.to_json().items() if k != "text"},
                                     "score": hit.score, "chunk_id": hit.chunk_id})
                for hit in self.retriever.search(query, self.k)]
