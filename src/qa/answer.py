"""From retrieved passages to an answer: the sentence that best answers the question.

Offline and extractive: every answer is a span of a cited passage, so it can be checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .chunk import split_sentences
from .normalize import fold_diacritics, normalize_with_offsets
from .retrieve import Hit

# Question words carry no content to match in the passages.
QUESTION_WORDS = frozenset(
    "ai gì nào đâu sao bao nhiêu mấy khi nào bao giờ thế nào như thế nào vì sao tại sao "
    "là của có được những các những gì không hay hoặc và với cho thì mà".split()
)
_WORD = re.compile(r"[^\W_]+")


def content_words(text: str) -> list[str]:
    """Lower-case, diacritic-folded syllables of ``text`` without question words."""
    words = [w.lower() for w in _WORD.findall(text)]
    return [fold_diacritics(w) for w in words if w not in QUESTION_WORDS]


@dataclass
class Evidence:
    hit_index: int  # position in the hit list (citation n - 1)
    start: int  # offsets of the sentence in the document's original text
    end: int
    text: str
    score: float


@dataclass
class Answer:
    question: str
    text: str
    hits: list[Hit]
    evidence: Evidence | None = None
    notices: list[str] = field(default_factory=list)


def _overlap_score(question_words: list[str], sentence: str) -> float:
    words = content_words(sentence)
    if not words or not question_words:
        return 0.0
    present = set(words)
    unigram = sum(1 for w in set(question_words) if w in present) / len(set(question_words))
    q_pairs = set(zip(question_words, question_words[1:]))
    s_pairs = set(zip(words, words[1:]))
    bigram = len(q_pairs & s_pairs) / len(q_pairs) if q_pairs else 0.0
    return unigram + bigram


def best_sentence(question: str, hits: list[Hit], passages: int = 3) -> Evidence | None:
    """The sentence of the top passages that shares most words with the question, with the
    passage's rank as a tie-breaker (earlier passages are more likely to be on topic)."""
    q_words = content_words(question)
    best: Evidence | None = None
    for rank, hit in enumerate(hits[:passages]):
        norm, offsets = normalize_with_offsets(hit.chunk.text)
        for a, b in split_sentences(norm):
            score = _overlap_score(q_words, norm[a:b]) - 0.05 * rank
            if best is None or score > best.score:
                start = hit.chunk.start + offsets[a]
                end = hit.chunk.start + offsets[b] if b < len(norm) else hit.chunk.end
                text = hit.chunk.text[start - hit.chunk.start:end - hit.chunk.start].strip()
                best = Evidence(hit_index=rank, start=start, end=start + len(text), text=text, score=score)
    return best


def answer_question(question: str, hits: list[Hit]) -> Answer:
    """An answer sentence from the passages, or a refusal when nothing was retrieved."""
    evidence = best_sentence(question, hits)
    if evidence is None:
        return Answer(question=question, text=NOT_FOUND, hits=hits)
    return Answer(question=question, text=evidence.text, hits=hits, evidence=evidence)


NOT_FOUND = "Không tìm thấy thông tin này trong tài liệu."
