"""BM25 keyword search that knows Vietnamese.

Vietnamese words are often several syllables ("phát biểu", "kết luận"), so splitting on spaces
matches the wrong things; pyvi's word segmenter joins them ("phát_biểu"). Questions typed
without diacritics ("ai phat bieu ket luan") match nothing in that stream, so every text also
gets a second stream of diacritic-free syllables and syllable pairs ("~phat", "~phat_bieu").
Document codes ("35-KL/TW") and numbers are kept whole in the first stream.

The index keeps raw term counts (a sparse matrix saved as .npz plus a JSON vocabulary, no
pickle) so an incremental build reuses the rows of unchanged documents; BM25 weights are
computed from the counts when the index is loaded.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from .normalize import fold_diacritics, normalize

TF_FILE = "keyword_tf.npz"
VOCAB_FILE = "keyword_vocab.json"
FOLDED = "~"  # prefix of the diacritic-free stream

# Question words and function words that only add noise to a keyword query.
QUERY_STOPWORDS = frozenset(
    "ai gì nào đâu sao bao_nhiêu bao_giờ mấy khi_nào thế_nào như_thế_nào vì_sao tại_sao "
    "là có không được những các cái ở tại của và với thì mà hay hoặc nào_đó ra_sao "
    "người_nào đồng_chí_nào ngày_nào năm_nào tháng_nào lúc_nào".split()
)
_FOLDED_STOPWORDS = frozenset(fold_diacritics(w) for w in QUERY_STOPWORDS if "_" not in w)
_CODE = re.compile(r"\b\d+[\w.]*(?:[-/][\w.]+)+\b")
_SYLLABLE = re.compile(r"[^\W_]+")


def _segment(text: str) -> list[str]:
    from pyvi import ViTokenizer

    return [t for t in ViTokenizer.tokenize(text).split() if any(c.isalnum() for c in t)]


def _folded_stream(text: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
    syllables = [s for s in _SYLLABLE.findall(fold_diacritics(text)) if s not in stopwords]
    pairs = [f"{a}_{b}" for a, b in zip(syllables, syllables[1:])]
    return [FOLDED + s for s in syllables + pairs]


def tokenize(text: str) -> list[str]:
    """Terms of a passage: segmented words, whole codes, diacritic-free syllables and pairs."""
    lower = normalize(text).lower()
    return _segment(lower) + _CODE.findall(lower) + _folded_stream(lower)


def tokenize_query(text: str) -> list[str]:
    """Terms of a question, without question words (they match everywhere or nowhere)."""
    lower = normalize(text).lower()
    words = [w for w in _segment(lower) if w not in QUERY_STOPWORDS]
    return words + _CODE.findall(lower) + _folded_stream(lower, _FOLDED_STOPWORDS)


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


def load_counts(directory: Path) -> tuple[sp.csr_matrix, dict[str, int]]:
    tf = sp.load_npz(directory / TF_FILE).tocsr()
    terms = json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8"))
    return tf, {term: i for i, term in enumerate(terms)}


class BM25:
    """Okapi BM25 over a term-count matrix; ``scores`` rates every chunk at once."""

    def __init__(self, tf: sp.csr_matrix, vocab: dict[str, int], k1: float = 1.2, b: float = 0.75) -> None:
        self.vocab = vocab
        n_docs = tf.shape[0]
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        avg = lengths.mean() if n_docs else 1.0
        df = np.bincount(tf.indices, minlength=tf.shape[1]).astype(np.float32)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        self._idf = idf
        self._unknown_idf = float(np.log1p(n_docs + 0.5)) / 2
        coo = tf.tocoo()
        norm = k1 * (1 - b + b * lengths[coo.row] / max(avg, 1e-9))
        weights = idf[coo.col] * coo.data * (k1 + 1) / (coo.data + norm)
        self._weights = sp.csc_matrix((weights.astype(np.float32), (coo.row, coo.col)), shape=tf.shape)

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
        ids = sorted({self.vocab[t] for t in query_terms if t in self.vocab})
        if not ids:
            return np.zeros(self._weights.shape[0], dtype=np.float32)
        return np.asarray(self._weights[:, ids].sum(axis=1), dtype=np.float32).ravel()
