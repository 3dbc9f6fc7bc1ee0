"""What: a quotation for "câu nói nào", a proper name for "thành phố nào", "tên gì"; otherwise
an open answer (``slot``)."""
from __future__ import annotations

import re
from collections.abc import Mapping

from ...ingest.normalize import fold_diacritics
from ..vocabulary import NAMED_HEADS
from .names import merge_lists, names
from .patterns import CAPITALIZED, LOWER
from .text import TOKEN, Found, not_in_question

# "câu nói nào", "khẩu hiệu gì": a quotation answers.
_SAYING = re.compile(r"\b(?:câu|lời|nói|khẩu hiệu|phương châm|thông điệp|chủ đề|tinh thần|cau|loi|noi)\b")
_QUOTE = re.compile(r"[“\"]([^”\"]{3,}?)[”\"]")
# "thành phố nào", "tên gì": the question asks which one, and a proper name answers it.
_WHICH = re.compile(r"(?<!thế )(?<!như thế )\b[^\W\d_]+ nào\b|\btên (?:là )?gì\b|\bgọi là gì\b")


def find_what(question: str, sentence: str, anchors: Mapping[int, float]) -> Found:
    """The sentence's quotations for a question about words said, its proper names for a "which"
    question; none otherwise."""
    lowered = question.lower()
    if _SAYING.search(lowered) and (quotes := [m.span(1) for m in _QUOTE.finditer(sentence)]):
        return Found(not_in_question(quotes, sentence, question))
    if which := _WHICH.search(lowered):
        return Found(_which_names(sentence, question, which))
    return Found([])


def _which_names(sentence: str, question: str, which: re.Match) -> list[tuple[int, int]]:
    """Proper names the question does not hold, those listed together ("UGC, Gaumont", "Đà Nẵng,
    Quảng Nam và Đắk Lắk") as one span, each with the question's one-word noun just before it
    ("sông Seine" for "sông nào"); when the sentence has that noun, only the names right after it."""
    asked = question.lower()[:which.start()] + which.group(0).split()[0]
    head = [fold_diacritics(w) for w in TOKEN.findall(asked)[-2:]]
    merged = not_in_question(merge_lists(sentence, [m.span() for m in names(sentence)]), sentence, question)
    after_head = [(a, b) for a, b in merged if any(
        fold_diacritics(w.lower()) == head[-1] for w in TOKEN.findall(sentence[max(0, a - 30):a])[-3:])]
    # The noun inside a longer name: "huyện nào" -> "huyện Thanh Oai" of "UBND huyện Thanh Oai".
    inside = [(a + m.start(), b) for a, b in merged
              if (m := re.search(rf"(?<= ){LOWER}(?= {CAPITALIZED})", sentence[a:b]))
              and fold_diacritics(m.group(0).lower()) == head[-1]]
    if not (after_head or inside) and head[-1] not in NAMED_HEADS:
        return []  # "biện pháp nào", "môn thể thao nào": a phrase answers, not whatever name is near
    return [(_noun_before(sentence, a, head), b) for a, b in (after_head or inside or merged)]


def _noun_before(sentence: str, start: int, head: list[str]) -> int:
    """Start of the question's noun when it stands, a word alone, right before a name ("sông
    Seine"), not the end of a longer noun ("địa phương Đà Nẵng")."""
    m = re.search(r"(?:([^\W\d_]+) )?([^\W\d_]+) $", sentence[:start])
    if not m or fold_diacritics(m.group(2).lower()) != head[-1]:
        return start
    longer = len(head) > 1 and m.group(1) is not None and fold_diacritics(m.group(1).lower()) == head[0]
    return start if longer else m.start(2)
