"""Sentence-aware chunking with offsets into the original text.

Chunks are whole sentences (never cut inside one), roughly 100–250 words, preferring to end at
a paragraph, and each repeats the last sentence of the previous chunk so that a fact stated
across a boundary is still found whole. Boundaries are found on the normalized text and
mapped back, so ``document.text[chunk.start:chunk.end]`` is exactly what the chunk shows.
A line that is only a web page's navigation ("Phản hồi", "Các tin khác", "Xem nhiều nhất": a
news site's page saved as text) is not text of the document: it is left out of the chunks, so
it is neither searched nor shown in a citation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .load import Document
from .normalize import normalize_with_offsets


@dataclass(slots=True)
class Chunk:
    doc: str
    title: str
    start: int  # offsets in the document's original text
    end: int
    page: int | None
    text: str  # the original text of the span

    def to_json(self) -> dict[str, object]:
        return {"doc": self.doc, "title": self.title, "start": self.start, "end": self.end,
                "page": self.page, "text": self.text}

    @classmethod
    def from_json(cls, obj: dict) -> "Chunk":
        return cls(doc=obj["doc"], title=obj["title"], start=obj["start"], end=obj["end"],
                   page=obj["page"], text=obj["text"])


# Bumped when the same text and settings give other chunks: an index built before is rebuilt.
CHUNKER_VERSION = 2
# Lines a news site puts around its article (links to comments, related and latest news),
# lower case; alone on a line, with or without a colon, they are navigation.
NAVIGATION_LINES = frozenset({
    "phản hồi", "bình luận", "gửi bình luận", "ý kiến bạn đọc", "các tin khác", "tin khác",
    "tin liên quan", "bài viết liên quan", "tin cùng chuyên mục", "mới nhất", "tin mới nhất",
    "xem nhiều nhất", "đọc nhiều nhất", "tin đọc nhiều", "xem thêm", "chia sẻ", "in bài",
    "gửi bài", "quay lại", "về đầu trang", "lên đầu trang", "trang chủ",
})


def is_navigation(line: str) -> bool:
    """Whether a (normalized) line is only a web page's navigation label."""
    return line.strip().rstrip(":").strip().lower() in NAVIGATION_LINES


# A period that does not end a sentence when it follows one of these (titles, place prefixes).
_ABBREVIATIONS = frozenset({
    "tp", "tt", "ths", "ts", "pgs", "gs", "bs", "ks", "cn", "q", "p", "h", "tx", "st", "nxb",
    "tr", "ubnd", "hđnd", "mr", "mrs", "dr", "no", "vs", "ctv", "đ/c", "đc",
})
_END = re.compile(r"[.!?…]+[\"”’')\]]*(?= )")
_NEXT_STARTS_SENTENCE = re.compile(r" [\"“‘'(\[–—-]?\s*[0-9A-ZÀ-ỸĐ]")
_ENUMERATOR = re.compile(r"^(?:[0-9]{1,3}|[IVXLC]{1,6}|[a-zđ])(?:\.[0-9]{1,3})*[.)]$", re.IGNORECASE)


def _is_boundary(line: str, end: int, sentence_start: int) -> bool:
    if not _NEXT_STARTS_SENTENCE.match(line, end):
        return False
    before = line[sentence_start:end].rstrip("\"”’')]")
    if _ENUMERATOR.match(before.strip()):
        return False  # "1." or "II." opening a numbered item
    if before.endswith("."):
        word = before[:-1].rsplit(" ", 1)[-1].lower()
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in ``text``; a line break always ends a sentence."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = 0
        for m in _END.finditer(line):
            if _is_boundary(line, m.end(), start):
                if line[start:m.end()].strip():
                    spans.append((pos + start, pos + m.end()))
                start = m.end() + 1
        if line[start:].strip():
            spans.append((pos + start, pos + len(line)))
        pos += len(line) + 1
    return spans


def _group(sentence_words: list[int], paragraph_ends: list[bool], min_words: int,
           target_words: int, max_words: int, overlap: int) -> list[tuple[int, int]]:
    """Ranges of sentence indices, one per chunk. Each chunk adds at least one sentence the
    previous one did not have; a long sentence (over a quarter of the maximum) is not repeated."""
    groups: list[tuple[int, int]] = []
    n = len(sentence_words)
    i, covered = 0, 0
    while i < n:
        j, words = i, 0
        while j < n:
            if j > covered and words + sentence_words[j] > max_words:
                break
            words += sentence_words[j]
            j += 1
            if j > covered and (words >= target_words or (paragraph_ends[j - 1] and words >= min_words)):
                break
        groups.append((i, j))
        if j >= n:
            break
        covered = j
        i = j
        while i > j - overlap and i > groups[-1][0] + 1 and sentence_words[i - 1] <= max_words // 4:
            i -= 1
    return groups


def _navigation_line(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is a whole line of navigation."""
    whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
    return whole_line and is_navigation(text[start:end])


def content_sentences(norm: str) -> list[tuple[int, int]]:
    """The sentences of a normalized text that chunks are made of: all but navigation lines."""
    return [(a, b) for a, b in split_sentences(norm) if not _navigation_line(norm, a, b)]


def chunk_document(doc: Document, min_words: int = 100, target_words: int = 180,
                   max_words: int = 250, overlap_sentences: int = 1) -> list[Chunk]:
    """Split a document into overlapping sentence-aligned chunks."""
    norm, offsets = normalize_with_offsets(doc.text)
    sentences = content_sentences(norm)
    if not sentences:
        return []
    words = [len(norm[a:b].split()) for a, b in sentences]
    paragraph_ends = [b >= len(norm) or norm[b] == "\n" for _, b in sentences]
    chunks: list[Chunk] = []
    for i, j in _group(words, paragraph_ends, min_words, target_words, max_words, overlap_sentences):
        start = offsets[sentences[i][0]]
        end = offsets[sentences[j - 1][1]]
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        chunks.append(Chunk(doc=doc.path, title=doc.title, start=start, end=end,
                            page=doc.page_at(start), text=doc.text[start:end]))
    return chunks
