"""The index's vectors and BM25 weights in Milvus (``QA_STORE``: a server's URL, or a Milvus
Lite ``.db`` file), for archives larger than one machine's memory and app servers that share
one store. Chunk texts, the manifest, the keyword vocabulary and idf stay in the index folder.

Two collections per index, named in its manifest's ``store`` entry:

- ``…_chunks``: a row per chunk: ``pk`` (``<key>:<seq>``), ``doc`` (a hash of the document's
  path), ``key`` (the document's version: a hash of its path and content), ``seq`` (the chunk's
  number in the document), ``vector`` (inner product) and ``keyword``: BM25's term-frequency
  part of each of the chunk's terms, as a sparse vector over the index's own term ids
  (``qa.index.keyword``: pyvi words, document codes, the diacritic-free stream). A question's
  sparse vector holds its terms' idf, so the inner product is the chunk's BM25 score.
- ``…_sentences``: a row per sentence: ``pk``, ``doc``, ``key``, ``seq``, ``n`` (its number in the
  chunk) and ``vector``.

**Search.** Milvus runs the chunk, sentence and keyword searches, each restricted to the
searched documents by a filter expression, and returns the ``candidates`` best of each. The
scores are then put together per chunk and fused in Python with the local index's formulas
(``qa.answer.retrieve``): a chunk's cosine mixed with its best sentence's, then z-scores of the
dense and BM25 scores weighted by the question. Milvus' own rankers (RRF, a weighted sum of
normalized distances) rank differently, and cannot take a chunk's best sentence. Chunks beyond
the candidates score as the last one returned (dense), as in the local IVF search, or 0
(keyword); a corpus within the candidates is ranked as by the local index.

**Builds.** A document's rows are written under its version ``key``, so the rows the served
generation reads stay as they are while a build writes: a build writes only new and changed
documents (first deleting, with one filter for them all, any other version of those documents
but the live one, e.g. left by an interrupted build; a delete by filter reads every row) and
deletes the versions it replaced at the next build, when the index folder also retires the
generation that read them. BM25 compares a chunk's length to an average recorded with the store;
while the corpus' average stays within ``AVERAGE_DRIFT`` of it, and the BM25 settings stay, only
new and changed documents are written; otherwise every row is rewritten from the index folder's
copy of the vectors (nothing is re-embedded). A model or chunking change writes new
collections; the ones no kept generation names are dropped.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import scipy.sparse as sp

from ..errors import StoreUnavailable
from .keyword import BM25, row_lengths, saturated_counts

AVERAGE_DRIFT = 0.02
# A sparse vector needs a nonzero weight: a chunk without terms gets this id, which no question has.
NO_TERM = 2**31 - 1
BATCH = 256  # rows per insert call
KINDS = ("chunks", "sentences")


def _hash(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()[:20]


def document_key(doc: str, sha256: str) -> str:
    """The key of a document's rows: one per version of its content."""
    return _hash(doc, sha256)


def _strings(values: list[str]) -> str:
    """A filter expression's list of (hexadecimal) strings."""
    return json.dumps(sorted(values))


@lru_cache(maxsize=None)
def connect(uri: str) -> Any:
    """One ``MilvusClient`` per store and process (gRPC clients are thread-safe)."""
    try:
        from pymilvus import MilvusClient
    except ImportError:
        raise StoreUnavailable(f"QA_STORE is {uri}, but pymilvus is not installed: "
                               "pip install -e '.[milvus]'") from None
    with store_errors(uri):
        return MilvusClient(uri=uri, timeout=60)


@contextmanager
def store_errors(uri: str) -> Iterator[None]:
    """Milvus' errors as ``StoreUnavailable`` naming the store."""
    from pymilvus.exceptions import MilvusException

    try:
        yield
    except MilvusException as exc:
        raise StoreUnavailable(f"The Milvus store {uri} failed: {exc.message}") from None


def _create(client: Any, prefix: str, dim: int) -> dict[str, str]:
    """New chunk and sentence collections (strong consistency: a search sees every write)."""
    from pymilvus import DataType

    names = {kind: f"{prefix}_{uuid.uuid4().hex[:8]}_{kind}" for kind in KINDS}
    for kind, name in names.items():
        schema = client.create_schema(auto_id=False)
        schema.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=64)
        for field in ("doc", "key"):
            schema.add_field(field, DataType.VARCHAR, max_length=32)
        schema.add_field("seq", DataType.INT32)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        index = client.prepare_index_params()
        index.add_index("vector", index_type="FLAT", metric_type="IP")
        if kind == "chunks":
            schema.add_field("keyword", DataType.SPARSE_FLOAT_VECTOR)
            index.add_index("keyword", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        else:
            schema.add_field("n", DataType.INT32)
        client.create_collection(name, schema=schema, index_params=index, consistency_level="Strong")
    return names


def _sparse_rows(weights: sp.csr_matrix) -> list[dict[int, float]]:
    rows = []
    for r in range(weights.shape[0]):
        lo, hi = weights.indptr[r], weights.indptr[r + 1]
        row = dict(zip(weights.indices[lo:hi].tolist(), weights.data[lo:hi].tolist()))
        rows.append(row or {NO_TERM: 1.0})
    return rows


def _upsert(client: Any, name: str, rows: list[dict]) -> None:
    for i in range(0, len(rows), BATCH):
        client.upsert(name, rows[i:i + BATCH])


def _write_document(client: Any, names: dict[str, str], doc: str, key: str, vectors: np.ndarray,
                    sentences: tuple[np.ndarray, np.ndarray], weights: sp.csr_matrix) -> None:
    """A document's chunk and sentence rows under ``key``."""
    base = {"doc": _hash(doc), "key": key}
    _upsert(client, names["chunks"], [
        {**base, "pk": f"{key}:{seq}", "seq": seq, "vector": vector.tolist(), "keyword": keyword}
        for seq, (vector, keyword) in enumerate(zip(vectors, _sparse_rows(weights)))])
    sentence_vectors, owners = sentences
    numbers = np.zeros(len(owners), dtype=np.int64)
    for i in range(1, len(owners)):
        numbers[i] = numbers[i - 1] + 1 if owners[i] == owners[i - 1] else 0
    _upsert(client, names["sentences"], [
        {**base, "pk": f"{key}:{seq}:{n}", "seq": int(seq), "n": int(n), "vector": vector.tolist()}
        for vector, seq, n in zip(sentence_vectors, owners, numbers)])


def _delete(client: Any, names: dict[str, str], expression: str) -> None:
    for name in names.values():
        client.delete(name, filter=expression)


def store_prefix(index_dir: Path) -> str:
    """The start of the names of an index folder's collections."""
    return f"qa_{_hash(str(index_dir.resolve()))[:12]}"


def write_store(uri: str, index_dir: Path, live: dict | None, previous: dict | None,
                documents: dict[str, dict], vectors: dict[str, np.ndarray],
                sentences: dict[str, tuple[np.ndarray, np.ndarray]], terms: dict[str, sp.csr_matrix],
                keyword: dict[str, float], dim: int) -> dict:
    """Bring the store up to date with a build's documents (``documents``: manifest entries with
    ``sha256``; per document its chunk vectors, sentence vectors with their chunk numbers and
    term counts). ``live`` is the manifest being served, ``previous`` the same when the build
    extends it (None for a whole rebuild). Returns the manifest's ``store`` entry."""
    client = connect(uri)
    with store_errors(uri):
        old = (previous or {}).get("store", {})
        existing = set(client.list_collections())
        extend = old.get("uri") == uri and set(old.get("collections", {}).values()) <= existing
        names = old["collections"] if extend else _create(client, store_prefix(index_dir), dim)
        kept = set(names.values()) | set((live or {}).get("store", {}).get("collections", {}).values())
        for name in existing:
            if name.startswith(store_prefix(index_dir)) and name not in kept:
                client.drop_collection(name)
        average = float(np.concatenate([row_lengths(terms[d]) for d in sorted(documents)] or
                                       [np.ones(1, np.float32)]).mean())
        recorded = old.get("average_length") if extend and old.get("keyword") == keyword else None
        rewrite_all = recorded is None or abs(average / recorded - 1) > AVERAGE_DRIFT
        average = average if rewrite_all else recorded
        old_keys = {d: document_key(d, m["sha256"]) for d, m in previous["documents"].items()} if extend else {}
        keys = {d: document_key(d, m["sha256"]) for d, m in documents.items()}
        if extend and old.get("retire"):
            _delete(client, names, f"key in {_strings(old['retire'])}")
        written = [d for d in sorted(documents) if rewrite_all or old_keys.get(d) != keys[d]]
        if extend and written:  # one filter for all: Milvus Lite scans every row per delete
            versions = {k for d in written for k in (old_keys.get(d), keys[d]) if k}
            _delete(client, names, f"doc in {_strings([_hash(d) for d in written])} "
                                   f"and key not in {_strings(list(versions))}")
        for doc in written:
            _write_document(client, names, doc, keys[doc], vectors[doc], sentences[doc],
                            saturated_counts(terms[doc], keyword["k1"], keyword["b"], average))
    return {"uri": uri, "collections": names, "keyword": keyword, "average_length": average,
            "written": written, "retire": sorted({k for d, k in old_keys.items() if keys.get(d) != k})}


class _Remote:
    """A generation's rows in the store: which document version each chunk id is."""

    def __init__(self, entry: dict, documents: dict[str, dict]) -> None:
        self.uri = entry["uri"]
        self.client = connect(self.uri)
        self.names: dict[str, str] = entry["collections"]
        ordered = sorted(documents.items(), key=lambda item: item[1]["first_chunk"])
        self.key_of_doc = {d: document_key(d, m["sha256"]) for d, m in ordered}
        self.first = {self.key_of_doc[d]: m["first_chunk"] for d, m in ordered}
        self.starts = np.array([m["first_chunk"] for _, m in ordered], dtype=np.int64)
        self.keys = [self.key_of_doc[d] for d, _ in ordered]
        self.params: dict[str, int] = {}

    def locate(self, chunk_id: int) -> tuple[str, int]:
        """The document version and number in it of a chunk."""
        i = int(np.searchsorted(self.starts, chunk_id, side="right")) - 1
        return self.keys[i], chunk_id - int(self.starts[i])

    def search(self, kind: str, field: str, data: Any, docs: set[str] | None,
               candidates: int) -> tuple[list[tuple[int, float, int]], bool]:
        """(chunk id, score, sentence number or 0) of the best rows of this generation, and
        whether the search stopped at ``candidates`` (rows beyond it were not returned)."""
        expression = ""
        if docs is not None:
            keys = [self.key_of_doc[d] for d in docs if d in self.key_of_doc]
            if not keys:
                return [], False
            expression = f"key in {_strings(keys)}"
        output = ["key", "seq"] + (["n"] if kind == "sentences" else [])
        with store_errors(self.uri):
            found = self.client.search(self.names[kind], [data], anns_field=field, limit=candidates,
                                       filter=expression, output_fields=output,
                                       search_params={"metric_type": "IP", "params": self.params})[0]
        hits = [(self.first[e["key"]] + e["seq"], float(h["distance"]), e.get("n", 0))
                for h in found if (e := h["entity"])["key"] in self.first]
        return hits, len(found) >= candidates


class MilvusVectors:
    """The dense side of a generation whose vectors are in Milvus (what ``DenseVectors`` is
    for a local one): every chunk's score for a question, a chunk's sentence cosines."""

    def __init__(self, remote: _Remote, n_chunks: int, dim: int, sentence_chunks_file: Path) -> None:
        self.remote = remote
        self.n_chunks = n_chunks
        self.dim = dim
        self._sentence_chunks_file = sentence_chunks_file
        self._sentence_chunks: np.ndarray | None = None

    @property
    def sentence_chunks(self) -> np.ndarray:
        """The chunk of each sentence (from the index folder; read by builds)."""
        if self._sentence_chunks is None:
            self._sentence_chunks = np.load(self._sentence_chunks_file, allow_pickle=False)
        return self._sentence_chunks

    def set_nprobe(self, nprobe: int) -> None:
        """Lists an IVF index of the collections reads per query (a server's choice of index)."""
        self.remote.params = {"nprobe": max(1, nprobe)}

    def scores(self, query: np.ndarray, chunk_weight: float = 0.5, docs: set[str] | None = None,
               candidates: int = 2000) -> np.ndarray:
        """Every chunk's dense score (those of ``docs`` when given; the others' are meaningless)."""
        vector = np.asarray(query, dtype=np.float32).tolist()
        chunk_hits, _ = self.remote.search("chunks", "vector", vector, docs, candidates)
        chunk = np.full(self.n_chunks, min((s for _, s, _ in chunk_hits), default=0.0), dtype=np.float32)
        for chunk_id, score, _ in chunk_hits:
            chunk[chunk_id] = score
        sentence_hits, cut = self.remote.search("sentences", "vector", vector, docs, candidates)
        best = np.full(self.n_chunks, -np.inf, dtype=np.float32)
        for chunk_id, score, _ in sentence_hits:
            best[chunk_id] = max(best[chunk_id], score)
        # As DenseVectors.scores: a chunk with no sentence found counts its own cosine (at most
        # the lowest sentence found, when the search stopped at ``candidates``).
        fallback = np.minimum(chunk, min(s for _, s, _ in sentence_hits)) if cut else chunk
        best = np.where(np.isfinite(best), best, fallback)
        return chunk_weight * chunk + (1 - chunk_weight) * best

    def sentence_similarities(self, chunk_id: int, query: np.ndarray) -> np.ndarray:
        """Cosine of each sentence of one chunk to the query, in order."""
        key, seq = self.remote.locate(chunk_id)
        with store_errors(self.remote.uri):
            rows = self.remote.client.query(self.remote.names["sentences"],
                                            filter=f'key == "{key}" and seq == {seq}',
                                            output_fields=["n", "vector"])
        rows.sort(key=lambda row: row["n"])
        matrix = np.asarray([row["vector"] for row in rows], dtype=np.float32).reshape(-1, self.dim)
        return matrix @ np.asarray(query, dtype=np.float32)


class MilvusKeywords(BM25):
    """BM25 whose weights are in Milvus: the idf and vocabulary are the index folder's."""

    def __init__(self, remote: _Remote, idf: np.ndarray, vocab: dict[str, int], n_chunks: int) -> None:
        super().__init__(sp.csc_matrix((n_chunks, len(idf)), dtype=np.float32), idf, vocab)
        self.remote = remote

    def scores(self, query_terms: list[str], docs: set[str] | None = None,
               candidates: int = 2000) -> np.ndarray:
        """BM25 score of every chunk (of ``docs`` when given) for the query terms."""
        result = np.zeros(self.n_chunks, dtype=np.float32)
        ids = sorted({self.vocab[t] for t in query_terms if t in self.vocab})
        if not ids:
            return result
        query = {i: float(self._idf[i]) for i in ids}
        hits, _ = self.remote.search("chunks", "keyword", query, docs, candidates)
        for chunk_id, score, _ in hits:
            result[chunk_id] = score
        return result


def open_remote(manifest: dict, n_chunks: int, sentence_chunks_file: Path, idf: np.ndarray,
                vocab: dict[str, int]) -> tuple[MilvusVectors, MilvusKeywords]:
    """The dense and keyword search of a generation whose vectors are in Milvus."""
    remote = _Remote(manifest["store"], manifest["documents"])
    with store_errors(remote.uri):
        missing = sorted(set(remote.names.values()) - set(remote.client.list_collections()))
        if missing:
            raise StoreUnavailable(f"The Milvus store {remote.uri} has no collection {missing[0]}: "
                                   "rebuild the index with: qa index")
        for name in remote.names.values():
            remote.client.load_collection(name)  # searchable (a restarted server loads nothing)
    return (MilvusVectors(remote, n_chunks, manifest["embedding"]["dim"], sentence_chunks_file),
            MilvusKeywords(remote, idf, vocab, n_chunks))
