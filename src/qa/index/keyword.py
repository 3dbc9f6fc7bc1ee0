"""BM25 keyword search that knows Vietnamese.

Vietnamese words are often several syllables ("phát biểu", "kết luận"), so splitting on spaces
matches the wrong things; pyvi's word segmenter joins them ("phát_biểu"). Questions typed
without diacritics ("ai phat bieu ket luan") match nothing in that stream, so every text also
gets a second stream of diacritic-free syllables and syllable pairs ("~phat", "~phat_bieu").
Document codes ("35-KL/TW") and numbers are kept whole in the first stream.

The index keeps raw term counts (a sparse matrix saved as .npz plus a JSON vocabulary, no
pickle) so an incremental build reuses the rows of unchanged documents, and the BM25 weights
computed from them at build time, which is what a search loads.
"""
from __future__ import annotations

import json
import re
import struct
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..ingest.normalize import fold_diacritics, normalize

TF_FILE = "keyword_tf.npz"
VOCAB_FILE = "keyword_vocab.json"
WEIGHTS_FILE = "keyword_bm25.npz"
IDF_FILE = "keyword_idf.npy"
FOLDED = "~"  # prefix of the diacritic-free stream

# Question words and function words that only add noise to a keyword query.
QUERY_STOPWORDS = frozenset(
    "ai gì nào đâu sao bao_nhiêu bao_giờ mấy khi_nào thế_nào như_thế_nào vì_sao tại_sao "
    "là có không được những các cái ở tại của và với thì mà hay hoặc nào_đó ra_sao "
    "người_nào đồng_chí_nào ngày_nào năm_nào tháng_nào lúc_nào".split()
)
_FOLDED_STOPWORDS = frozenset(fold_diacritics(w) for w in QUERY_STOPWORDS if "_" not in w)
DOCUMENT_CODE = re.compile(r"\b\d+[\w.]*(?:[-/][\w.]+)+\b")
_SYLLABLE = re.compile(r"[^\W_]+")


def _segment(text: str) -> list[str]:
    from pyvi import ViTokenizer

    return [t for t in ViTokenizer.tokenize(text).split() if any(c.isalnum() for c in t)]


def _folded_stream(text: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Diacritic-free syllables (without ``stopwords``) and pairs of adjacent syllables (all of
    them: a pair with a function word, "khong_khi", is still a specific phrase)."""
    syllables = _SYLLABLE.findall(fold_diacritics(text))
    pairs = [f"{a}_{b}" for a, b in zip(syllables, syllables[1:])]
    return [FOLDED + s for s in syllables if s not in stopwords] + [FOLDED + p for p in pairs]


def tokenize(text: str) -> list[str]:
    """Terms of a passage: segmented words, whole codes, diacritic-free syllables and pairs."""
    lower = normalize(text).lower()
    return _segment(lower) + DOCUMENT_CODE.findall(lower) + _folded_stream(lower)


def tokenize_query(text: str) -> list[str]:
    """Terms of a question, without question words (they match everywhere or nowhere)."""
    lower = normalize(text).lower()
    words = [w for w in _segment(lower) if w not in QUERY_STOPWORDS]
    return words + DOCUMENT_CODE.findall(lower) + _folded_stream(lower, _FOLDED_STOPWORDS)


def count_terms(token_lists: list[list[str]], vocab: dict[str, int]) -> sp.csr_matrix:
    """Term counts, one row per text; new terms are appended to ``vocab``."""
    rows, cols, vals = [], [], []
    for r, tokens in enumerate(token_lists):
        for term, count in Counter(tokens).items():
            col = vocab.setdefault(term, len(vocab))
            rows.append(r)
            cols.append(col)
            vals.append(count)
    return sp.csr_matrix((np.asarray(vals, np.float32), (rows, cols)),
                         shape=(len(token_lists), len(vocab)))


def stack_rows(parts: list[sp.csr_matrix], n_terms: int) -> sp.csr_matrix:
    """Row blocks counted against growing versions of one vocabulary, as one matrix."""
    resized = [sp.csr_matrix((p.data, p.indices, p.indptr), shape=(p.shape[0], n_terms)) for p in parts]
    return sp.vstack(resized, format="csr") if resized else sp.csr_matrix((0, n_terms), dtype=np.float32)


def save_counts(directory: Path, tf: sp.csr_matrix, vocab: dict[str, int]) -> None:
    sp.save_npz(directory / TF_FILE, tf.tocsr())
    terms = sorted(vocab, key=vocab.__getitem__)
    (directory / VOCAB_FILE).write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")


def load_vocab(directory: Path) -> dict[str, int]:
    terms = json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8"))
    return {term: i for i, term in enumerate(terms)}


def load_counts(directory: Path) -> sp.csr_matrix:
    return sp.load_npz(directory / TF_FILE).tocsr()


_NPY_HEADERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
_ZIP_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, fields not needed, name and extra lengths


def mapped_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an uncompressed ``.npz`` (``np.savez``, ``sp.save_npz(compressed=False)``)
    as read-only memory maps of the file: no copy in memory, the pages read when used."""
    arrays: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as archive, open(path, "rb") as fh:
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_STORED:
                raise ValueError(f"{path.name}: {info.filename} is compressed")
            fh.seek(info.header_offset)
            signature, name_length, extra_length = _ZIP_LOCAL_HEADER.unpack(fh.read(_ZIP_LOCAL_HEADER.size))
            if signature != b"PK\x03\x04":
                raise ValueError(f"{path.name}: {info.filename} has no local header")
            fh.seek(name_length + extra_length, 1)
            shape, fortran, dtype = _NPY_HEADERS[np.lib.format.read_magic(fh)](fh)
            arrays[info.filename.removesuffix(".npy")] = np.memmap(
                path, dtype=dtype, mode="r", offset=fh.tell(), shape=shape, order="F" if fortran else "C")
    return arrays


def document_idf(tf: sp.csr_matrix) -> np.ndarray:
    """Each term's BM25 idf among the rows of ``tf``."""
    df = np.bincount(tf.indices, minlength=tf.shape[1]).astype(np.float32)
    return np.log1p((tf.shape[0] - df + 0.5) / (df + 0.5)).astype(np.float32)


def row_lengths(tf: sp.csr_matrix) -> np.ndarray:
    """The number of terms each row holds."""
    return np.asarray(tf.sum(axis=1), dtype=np.float32).ravel()


def average_length(tf: sp.csr_matrix) -> float:
    """The mean number of terms a row holds (1 without rows)."""
    return float(row_lengths(tf).mean()) if tf.shape[0] else 1.0


def _length_norms(tf: sp.csr_matrix, k1: float, b: float, average: float) -> np.ndarray:
    """BM25's ``k1 (1 - b + b len / avg)`` of each stored count's row."""
    norm = (k1 * (1 - b + b * row_lengths(tf) / max(average, 1e-9))).astype(np.float32)
    return norm[np.repeat(np.arange(tf.shape[0], dtype=np.int32), np.diff(tf.indptr))]


def saturated_counts(tf: sp.csr_matrix, k1: float, b: float, average: float) -> sp.csr_matrix:
    """BM25's term-frequency part of every count, ``c (k1 + 1) / (c + k1 (1 - b + b len / avg))``
    with the rows' lengths compared to ``average``: times a term's idf, its weight."""
    tf = tf.tocsr()
    counts = tf.data.astype(np.float32)
    data = counts * (k1 + 1) / (counts + _length_norms(tf, k1, b, average))
    return sp.csr_matrix((data, tf.indices, tf.indptr), shape=tf.shape)


class BM25:
    """Okapi BM25 over precomputed term weights; ``scores`` rates every chunk at once.

    The weights (a sparse chunk x term matrix, by column) are computed once per build and saved
    beside the counts, so a server loads them instead of recomputing them from the counts.
    """

    def __init__(self, weights: sp.csc_matrix, idf: np.ndarray, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self._weights = weights
        self._idf = idf
        self._unknown_idf = float(np.log1p(weights.shape[0] + 0.5)) / 2

    @classmethod
    def from_counts(cls, tf: sp.csr_matrix, vocab: dict[str, int], k1: float = 0.4,
                    b: float = 0.75) -> "BM25":
        tf = tf.tocsr()
        idf = document_idf(tf)
        counts = tf.data.astype(np.float32)
        weights = idf[tf.indices] * counts * (k1 + 1) / (counts + _length_norms(tf, k1, b, average_length(tf)))
        matrix = sp.csr_matrix((weights, tf.indices, tf.indptr), shape=tf.shape).tocsc()
        return cls(matrix, idf, vocab)

    def save(self, directory: Path) -> None:
        sp.save_npz(directory / WEIGHTS_FILE, self._weights, compressed=False)
        np.save(directory / IDF_FILE, self._idf, allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, vocab: dict[str, int]) -> "BM25":
        """The saved weights, memory-mapped: a search reads only its terms' columns."""
        saved = mapped_npz(directory / WEIGHTS_FILE)
        if saved["format"].item() != b"csc":
            raise ValueError(f"{WEIGHTS_FILE} holds a {saved['format'].item()!r} matrix, not csc")
        weights = sp.csc_matrix((saved["data"], saved["indices"], saved["indptr"]),
                                shape=tuple(saved["shape"]), copy=False)
        return cls(weights, np.load(directory / IDF_FILE, allow_pickle=False), vocab)

    @property
    def n_chunks(self) -> int:
        return self._weights.shape[0]

    def idf(self, term: str) -> float:
        """How rare a term is among the chunks; an unknown term (a paraphrase, or
        a topic the corpus lacks) counts as moderately rare."""
        i = self.vocab.get(term)
        return float(self._idf[i]) if i is not None else self._unknown_idf

    def syllable_idf(self, syllable: str) -> float:
        """``idf`` of a diacritic-free syllable, the unit answer selection compares."""
        return self.idf(FOLDED + syllable)

    def scores(self, query_terms: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the query terms (zeros when none is known)."""
        total = np.zeros(self._weights.shape[0], dtype=np.float32)
        weights = self._weights
        for term in sorted({self.vocab[t] for t in query_terms if t in self.vocab}):
            # The term's column: only these entries of a memory-mapped matrix are read.
            start, end = weights.indptr[term], weights.indptr[term + 1]
            total[weights.indices[start:end]] += weights.data[start:end]
        return total
