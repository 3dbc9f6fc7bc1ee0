"""The on-disk index: FAISS vectors, a JSON-lines chunk store and a manifest.

Layout of the index folder::

    index/CURRENT            name of the live generation (replaced atomically)
    index/gen-<id>/          manifest.json, chunks.jsonl, records.jsonl, vectors.faiss, sentence_*, keyword_*
    index/.lock              held by the one build that may run at a time

A build writes a new generation beside the live one and only then points CURRENT at it, so
a build that fails or is killed leaves the previous index answering. Builds are incremental:
a document whose bytes did not change keeps its chunks and vectors, and its meeting record
(``qa.meetings``) unless a new ``RECORDS_VERSION`` reads records differently: then records are
read again from the documents' text, and nothing is embedded.

Besides one vector per chunk, every sentence of a chunk gets its own vector: a question is
usually answered by one sentence, and a chunk's dense score is its own similarity mixed with
that of its best sentence (on ViQuAD this lifts hybrid recall@1 from 0.78 to 0.83).
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator

import numpy as np
import scipy.sparse as sp
from tqdm import tqdm

from ..ingest.chunk import CHUNKER_VERSION, Chunk, chunk_document, split_sentences
from ..config import LOCAL_STORE, Settings
from ..errors import IndexNotFound, LoadError, LoadReason
from ..embed import TextEmbedder, make_embedder
from .keyword import (IDF_FILE, TF_FILE, VOCAB_FILE, WEIGHTS_FILE, BM25, count_terms, load_counts,
                      load_vocab, save_counts, stack_rows, tokenize)
from ..ingest.load import IsolatedReader, check_file, document_date, list_corpus
from ..ingest.normalize import normalize
from ..meetings.extract import extract_record
from ..meetings.record import RECORDS, RECORDS_VERSION, MeetingRecord
from .live import CURRENT, FORMAT_VERSION, MANIFEST, read_live, read_manifest, read_records
from .vectors import DenseVectors, read_all, read_vectors, write_vectors

# Bumped when normalize() or a loader changes what it produces: vectors and offsets of the old
# text would not match.
NORMALIZATION_VERSION = 2
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.faiss"
SENTENCE_VECTORS = "sentence_vectors.faiss"
SENTENCE_CHUNKS = "sentence_chunks.npy"


# ---------------------------------------------------------------- files

def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder; a second one waits for the first to finish."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another build of {index_dir} is running; waiting for it to finish…", file=sys.stderr)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def chunk_sentences(chunk: Chunk) -> list[str]:
    """The normalized sentences of a chunk, each embedded alone."""
    norm = normalize(chunk.text)
    return [norm[a:b] for a, b in split_sentences(norm)]


def passage_text(chunk: Chunk) -> str:
    """What gets embedded: the chunk with its document title as context, normalized."""
    if chunk.text.startswith(chunk.title):
        return normalize(chunk.text)
    return normalize(f"{chunk.title}\n{chunk.text}")


# ---------------------------------------------------------------- reading

@dataclass
class Index:
    """A loaded generation: manifest, chunks (in vector id order), dense vectors and BM25."""

    path: Path
    manifest: dict
    chunks: list[Chunk]
    vectors: DenseVectors
    bm25: BM25
    records: dict[str, MeetingRecord] = field(default_factory=dict)  # by document
    _by_doc: dict[str, list[int]] | None = field(default=None, init=False, repr=False)

    @property
    def remote(self) -> bool:
        """Whether the vectors and BM25 weights are searched in Milvus (``qa.index.milvus``)."""
        return in_store(self.manifest)

    @property
    def vocab(self) -> dict[str, int]:
        return self.bm25.vocab

    @property
    def sentence_chunks(self) -> np.ndarray:
        return self.vectors.sentence_chunks

    def all_vectors(self) -> np.ndarray:
        """Every chunk vector, exact (builds copy those of unchanged documents)."""
        return read_all(self.path / VECTORS)

    def all_sentence_vectors(self) -> np.ndarray:
        """Every sentence vector, exact, in ``sentence_chunks`` order."""
        return read_all(self.path / SENTENCE_VECTORS)

    def term_counts(self) -> sp.csr_matrix:
        """Raw keyword counts, one row per chunk (read only by builds)."""
        return load_counts(self.path)

    def document_chunks(self, doc: str) -> list[int]:
        """Ids of a document's chunks, in text order."""
        if self._by_doc is None:
            self._by_doc = {}
            for i, chunk in enumerate(self.chunks):
                self._by_doc.setdefault(chunk.doc, []).append(i)
        return self._by_doc.get(doc, [])

    def documents_dated(self, since: date | None = None, until: date | None = None) -> set[str]:
        """Documents whose date (from the file name or heading) is within [since, until];
        documents without a known date are left out."""
        return {doc for doc, meta in self.manifest["documents"].items()
                if meta.get("date") and (since is None or date.fromisoformat(meta["date"]) >= since)
                and (until is None or date.fromisoformat(meta["date"]) <= until)}


def in_store(manifest: dict) -> bool:
    """Whether a generation's vectors and BM25 weights are in a Milvus store."""
    return manifest.get("store", {}).get("uri", LOCAL_STORE) != LOCAL_STORE


def _read_generation(gen: Path) -> Index:
    manifest = read_manifest(gen)
    for name, digest in manifest.get("files", {}).items():
        if in_store(manifest) and name not in (CHUNKS, VOCAB_FILE, IDF_FILE):
            continue  # the search reads the vectors and weights from the store
        if sha256_file(gen / name) != digest:
            raise ValueError(f"{name} does not match its checksum")
    chunks = _read_chunks(gen / CHUNKS)
    if in_store(manifest):
        from .milvus import open_remote

        vectors, bm25 = open_remote(manifest, len(chunks), gen / SENTENCE_CHUNKS,
                                    np.load(gen / IDF_FILE, allow_pickle=False), load_vocab(gen))
        return Index(path=gen, manifest=manifest, chunks=chunks, vectors=vectors, bm25=bm25,
                     records=read_records(gen))
    vectors = read_vectors(gen / VECTORS)
    sentence_vectors = read_vectors(gen / SENTENCE_VECTORS)
    sentence_chunks = np.load(gen / SENTENCE_CHUNKS, allow_pickle=False)
    vocab = load_vocab(gen)
    # Generations written before the weights were saved: compute them from the counts.
    bm25 = BM25.load(gen, vocab) if (gen / WEIGHTS_FILE).exists() else \
        BM25.from_counts(load_counts(gen), vocab, **manifest.get("keyword", {}))
    if not vectors.ntotal == bm25.n_chunks == len(chunks):
        raise ValueError(f"{vectors.ntotal} vectors and {bm25.n_chunks} keyword rows "
                         f"for {len(chunks)} chunks")
    if sentence_vectors.ntotal != len(sentence_chunks):
        raise ValueError(f"{sentence_vectors.ntotal} sentence vectors for {len(sentence_chunks)} sentences")
    return Index(path=gen, manifest=manifest, chunks=chunks,
                 vectors=DenseVectors(vectors, sentence_vectors, sentence_chunks), bm25=bm25,
                 records=read_records(gen))


def _read_chunks(path: Path) -> list[Chunk]:
    """The chunks of a generation, a document's chunks sharing one copy of its id and title."""
    shared: dict[str, str] = {}
    chunks = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                obj["doc"], obj["title"] = (shared.setdefault(obj[key], obj[key]) for key in ("doc", "title"))
                chunks.append(Chunk.from_json(obj))
    return chunks


def open_index(index_dir: Path) -> Index:
    """The live index in ``index_dir``; raises ``IndexNotFound`` with what to do."""
    return read_live(index_dir, _read_generation)


# ---------------------------------------------------------------- building

@dataclass
class BuildReport:
    documents: int = 0
    chunks: int = 0
    embedded_documents: list[str] = field(default_factory=list)
    embedded_chunks: int = 0
    reused_documents: int = 0
    removed_documents: list[str] = field(default_factory=list)
    skipped: list[tuple[str, LoadError]] = field(default_factory=list)  # document, why (a reason code)
    full_rebuild_reason: str | None = None
    remade_records: int = 0  # meeting records read again from unchanged documents (a new RECORDS_VERSION)
    seconds: float = 0.0
    changed: bool = False

    def notes(self) -> list[str]:
        """What a person should know about the build: a whole rebuild and why, each skipped file."""
        rebuilt = [f"Rebuilding the whole index: {self.full_rebuild_reason}."] if self.full_rebuild_reason else []
        return rebuilt + [f"Skipped {path}: {reason}" for path, reason in self.skipped]


def _incompatibility(old: dict, wanted: dict) -> str | None:
    """Why an existing index cannot be extended, or None when it can."""
    if old.get("format_version") != wanted["format_version"]:
        return f"index format {old.get('format_version')} -> {wanted['format_version']}"
    if old.get("normalization") != wanted["normalization"]:
        return "the text normalization changed"
    old_model = old.get("embedding", {}).get("model_id")
    if old_model != wanted["embedding"]["model_id"]:
        return f"embedding model {old_model} -> {wanted['embedding']['model_id']}"
    if old.get("chunker") != wanted["chunker"]:
        return "the chunker changed"
    if old.get("chunking") != wanted["chunking"]:
        return f"chunking settings {old.get('chunking')} -> {wanted['chunking']}"
    return None


def _retire_old_generations(index_dir: Path, keep: set[str]) -> None:
    """Delete generations no reader can still be opening, and leftovers of killed builds."""
    for path in index_dir.iterdir():
        if path.name in keep:
            continue
        if path.is_dir() and path.name.startswith(("gen-", "tmp-")):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f"{CURRENT}.tmp-"):
            path.unlink(missing_ok=True)


# A file that vanished, cannot be read or is a folder, found while the corpus is read.
_OS_REASONS: dict[type[OSError], LoadReason] = {FileNotFoundError: LoadReason.NOT_FOUND,
                                                PermissionError: LoadReason.PERMISSION,
                                                IsADirectoryError: LoadReason.NOT_REGULAR}


@dataclass
class _Documents:
    """What a build assembles per document: kept from the old index or newly embedded."""

    meta: dict[str, dict] = field(default_factory=dict)  # manifest entry per document
    chunks: dict[str, list[Chunk]] = field(default_factory=dict)
    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    terms: dict[str, sp.csr_matrix] = field(default_factory=dict)
    sentences: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # vectors, chunk no.
    records: dict[str, MeetingRecord] = field(default_factory=dict)


def _wanted(settings: Settings, embedder: TextEmbedder) -> dict:
    """What the manifest of a generation built now says it was made with."""
    return {
        "format_version": FORMAT_VERSION,
        "normalization": NORMALIZATION_VERSION,
        "embedding": {"backend": embedder.backend, "model_id": embedder.model_id, "dim": embedder.dim},
        "chunker": CHUNKER_VERSION,
        "chunking": settings.chunking(),
        "keyword": settings.keyword(),
        "records": RECORDS_VERSION,
        "store": {"uri": settings.store_uri()},
    }


def build_index(settings: Settings, embedder: TextEmbedder | None = None, corpus: Path | None = None,
                index_dir: Path | None = None, progress: bool = True) -> BuildReport:
    """Build or update the index of ``corpus`` (default: the settings') in ``index_dir``,
    embedding only new or changed documents; a progress bar on stderr with ``progress``."""
    corpus = corpus or settings.corpus
    index_dir = index_dir or settings.index
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus} does not exist")
    embedder = embedder or make_embedder(settings)
    if settings.store != LOCAL_STORE:
        from .milvus import connect

        connect(settings.store_uri())  # an unreachable store fails the build before anything is embedded
    started = time.perf_counter()
    report = BuildReport()
    wanted = _wanted(settings, embedder)
    with build_lock(index_dir):
        old: Index | None
        try:
            old = open_index(index_dir)
        except IndexNotFound:
            old = None
        live = old.manifest if old is not None else None
        if old is not None:
            report.full_rebuild_reason = _incompatibility(old.manifest, wanted)
            if report.full_rebuild_reason:
                old = None
        docs = _collect(settings, corpus, old, report)
        old_docs: dict = old.manifest["documents"] if old else {}
        report.removed_documents = sorted(set(old_docs) - set(docs.meta))
        report.changed = bool(old is None or report.embedded_documents or report.removed_documents
                              or old.manifest.get("keyword") != wanted["keyword"] or report.remade_records
                              or old.manifest.get("records") != RECORDS_VERSION
                              or old.manifest.get("store", {}).get("uri", LOCAL_STORE) != settings.store_uri())
        report.documents = len(docs.meta)
        report.chunks = sum(len(c) for c in docs.chunks.values())
        if report.changed:
            vocab: dict[str, int] = dict(old.vocab) if old else {}
            _embed_new(docs, report.embedded_documents, embedder, vocab, settings.embed_batch, progress)
            report.embedded_chunks = sum(len(docs.chunks[d]) for d in report.embedded_documents)
            if settings.store != LOCAL_STORE:
                from .milvus import write_store

                wanted["store"] = write_store(settings.store_uri(), index_dir, live, old.manifest if old else None,
                                              docs.meta, docs.vectors, docs.sentences, docs.terms,
                                              wanted["keyword"], embedder.dim)
            # With a store, the folder's vectors are the builds' copy: no IVF index for searches.
            ann_min_vectors = settings.ann_min_vectors if settings.store == LOCAL_STORE else sys.maxsize
            gen_name = _write_documents(index_dir, docs, vocab, embedder.dim, ann_min_vectors,
                                        wanted, report.skipped)
            previous_gen = old.path.name if old else None
            _retire_old_generations(index_dir, keep={gen_name} | ({previous_gen} if previous_gen else set()))
    report.seconds = time.perf_counter() - started
    return report


def _collect(settings: Settings, corpus: Path, old: Index | None, report: BuildReport) -> _Documents:
    """Each document of the corpus: its chunks, vectors and counts reused from ``old`` when its
    bytes did not change, else read and chunked (and listed in ``report.embedded_documents``)."""
    docs = _Documents()
    old_docs: dict = old.manifest["documents"] if old else {}
    if old is not None:
        old_vectors, old_sentence_vectors = old.all_vectors(), old.all_sentence_vectors()
        old_terms = old.term_counts()
    max_bytes = int(settings.max_file_mb * 1e6)
    with IsolatedReader(settings.load_timeout_s) as reader:
        for doc_id, path in list_corpus(corpus):
            try:
                check_file(path, max_bytes)
                digest = sha256_file(path)
                previous = old_docs.get(doc_id)
                if old is not None and previous and previous["sha256"] == digest:
                    record = _kept_record(old, doc_id) or _remade_record(reader, path, doc_id, max_bytes, report)
                    first, count = previous["first_chunk"], previous["chunks"]
                    docs.chunks[doc_id] = old.chunks[first:first + count]
                    docs.vectors[doc_id] = old_vectors[first:first + count]
                    docs.terms[doc_id] = old_terms[first:first + count]
                    lo, hi = np.searchsorted(old.sentence_chunks, [first, first + count])
                    docs.sentences[doc_id] = (old_sentence_vectors[lo:hi], old.sentence_chunks[lo:hi] - first)
                    docs.meta[doc_id] = {"sha256": digest, "title": previous["title"],
                                         "date": previous.get("date")}
                    docs.records[doc_id] = record
                    report.reused_documents += 1
                    continue
                document = reader.read(path, doc_id, max_bytes=max_bytes)
            except LoadError as exc:
                report.skipped.append((doc_id, exc))
                continue
            except tuple(_OS_REASONS) as exc:
                reason = _OS_REASONS[type(exc)]
                report.skipped.append((doc_id, LoadError(reason, exc.strerror or type(exc).__name__)))
                continue
            chunks = chunk_document(document, **settings.chunking())
            if not chunks:
                report.skipped.append((doc_id, LoadError(LoadReason.NO_TEXT, "no text in the file")))
                continue
            when = document_date(doc_id, document.text)
            docs.meta[doc_id] = {"sha256": digest, "title": document.title,
                                 "date": when.isoformat() if when else None}
            docs.chunks[doc_id] = chunks
            docs.records[doc_id] = extract_record(doc_id, document.text, document.title)
            report.embedded_documents.append(doc_id)
    return docs


def _kept_record(old: Index, doc_id: str) -> MeetingRecord | None:
    """An unchanged document's record from ``old``, when the same ``RECORDS_VERSION`` made it."""
    return old.records.get(doc_id) if old.manifest.get("records") == RECORDS_VERSION else None


def _remade_record(reader: IsolatedReader, path: Path, doc_id: str, max_bytes: int,
                   report: BuildReport) -> MeetingRecord:
    """An unchanged document's record read again from its text (nothing is embedded)."""
    document = reader.read(path, doc_id, max_bytes=max_bytes)
    report.remade_records += 1
    return extract_record(doc_id, document.text, document.title)


def _embed_new(docs: _Documents, new_docs: list[str], embedder: TextEmbedder, vocab: dict[str, int],
               batch: int, progress: bool) -> None:
    """Embed the chunks of ``new_docs``, then their sentences, in batches with a progress bar,
    and count their terms (growing ``vocab``); the results go to each document in order."""
    pending = [c for doc_id in new_docs for c in docs.chunks[doc_id]]
    sentences = [chunk_sentences(c) for c in pending]
    sentence_owner = np.array([i for i, group in enumerate(sentences) for _ in group], dtype=np.int64)
    passages = [passage_text(c) for c in pending]
    texts = passages + [t for group in sentences for t in group]
    with tqdm(total=len(texts), unit="text", desc="Embedding", file=sys.stderr,
              disable=not progress or not texts) as bar:
        vectors = embedder.encode_many(texts, batch, bar.update)
    new_vectors, new_sentence_vectors = vectors[:len(pending)], vectors[len(pending):]
    new_terms = count_terms([tokenize(p) for p in passages], vocab)
    position = 0
    for doc_id in new_docs:
        n = len(docs.chunks[doc_id])
        docs.vectors[doc_id] = new_vectors[position:position + n]
        docs.terms[doc_id] = new_terms[position:position + n]
        mine = (sentence_owner >= position) & (sentence_owner < position + n)
        docs.sentences[doc_id] = (new_sentence_vectors[mine], sentence_owner[mine] - position)
        position += n


def _write_documents(index_dir: Path, docs: _Documents, vocab: dict[str, int], dim: int,
                     ann_min_vectors: int, wanted: dict, skipped: list[tuple[str, LoadError]]) -> str:
    """Assemble the documents in name order and write them as a new generation; its name."""
    all_chunks: list[Chunk] = []
    parts: list[np.ndarray] = []
    sentence_parts: list[np.ndarray] = [np.zeros((0, dim), np.float32)]
    sentence_chunk_parts: list[np.ndarray] = [np.zeros(0, np.int64)]
    for doc_id in sorted(docs.meta):
        docs.meta[doc_id].update(first_chunk=len(all_chunks), chunks=len(docs.chunks[doc_id]))
        sentence_parts.append(docs.sentences[doc_id][0])
        sentence_chunk_parts.append(docs.sentences[doc_id][1] + len(all_chunks))
        all_chunks.extend(docs.chunks[doc_id])
        parts.append(docs.vectors[doc_id])
    matrix = np.vstack(parts).astype(np.float32) if parts else np.zeros((0, dim), np.float32)
    sentence_matrix = np.vstack(sentence_parts).astype(np.float32)
    sentence_chunks = np.concatenate(sentence_chunk_parts).astype(np.int64)
    term_counts = stack_rows([docs.terms[d] for d in sorted(docs.meta)], len(vocab))
    gen_name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    records = [docs.records[d] for d in sorted(docs.meta)]
    write_generation(index_dir, gen_name, all_chunks, matrix, sentence_matrix, sentence_chunks,
                     term_counts, vocab, ann_min_vectors, records, {
        **wanted,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "documents": docs.meta,
        "counts": {"documents": len(docs.meta), "chunks": len(all_chunks),
                   "sentences": int(len(sentence_chunks))},
        "skipped": [{"path": p, "reason": str(r)} for p, r in skipped],
    })
    return gen_name


def write_generation(index_dir: Path, gen_name: str, chunks: list[Chunk], matrix: np.ndarray,
                      sentence_matrix: np.ndarray, sentence_chunks: np.ndarray,
                      term_counts: sp.csr_matrix, vocab: dict[str, int], ann_min_vectors: int,
                      records: list[MeetingRecord], manifest: dict) -> None:
    """Write everything into a temporary folder, then publish it with two atomic renames."""
    tmp = index_dir / f"tmp-{gen_name}"
    tmp.mkdir(parents=True)
    for name, rows in ((CHUNKS, [c.to_json() for c in chunks]), (RECORDS, [r.to_json() for r in records])):
        _write_durably(tmp / name, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8"))
    written = [CHUNKS, RECORDS, SENTENCE_CHUNKS, TF_FILE, VOCAB_FILE, WEIGHTS_FILE, IDF_FILE]
    for name, vectors in ((VECTORS, matrix), (SENTENCE_VECTORS, sentence_matrix)):
        written += write_vectors(tmp / name, vectors, ann_min_vectors)
    np.save(tmp / SENTENCE_CHUNKS, sentence_chunks, allow_pickle=False)
    save_counts(tmp, term_counts, vocab)
    BM25.from_counts(term_counts, vocab, **manifest["keyword"]).save(tmp)
    for name in written[1:]:
        with (tmp / name).open("rb+") as fh:
            os.fsync(fh.fileno())
    manifest["files"] = {name: sha256_file(tmp / name) for name in written}
    _write_durably(tmp / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    _fsync_dir(tmp)
    os.replace(tmp, index_dir / gen_name)
    pointer = index_dir / f"{CURRENT}.tmp-{gen_name}"
    _write_durably(pointer, (gen_name + "\n").encode("utf-8"))
    os.replace(pointer, index_dir / CURRENT)
    _fsync_dir(index_dir)
