"""How: the means told after "qua", "bằng", "thông qua" when the question asks by what means
("bằng cách nào", "qua kênh nào"); other manners are open answers (``slot``)."""
from __future__ import annotations

import re
from collections.abc import Mapping

from ...ingest.normalize import fold_diacritics
from ..tones import TonePattern
from .text import Found, clause_after

_MEANS_QUESTION = TonePattern(
    r"\b(?:bằng cách nào|bằng gì|qua đâu|qua kênh nào|bằng hình thức nào|bằng phương thức nào)\b").folded
_MEANS = re.compile(r"\b(?:thông qua|qua|bằng)\s+")


def find_how(question: str, sentence: str, anchors: Mapping[int, float]) -> Found:
    """The clauses after "qua"/"bằng" for a question of means; none for other manners."""
    if not _MEANS_QUESTION.search(fold_diacritics(question.lower())):
        return Found([])
    return Found([clause for m in _MEANS.finditer(sentence) if (clause := clause_after(sentence, m.end(), r"[,.;:]"))])
