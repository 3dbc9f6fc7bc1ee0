"""People and proper names in a sentence: "đồng chí Mai Văn Chính, Phó Trưởng ban Thường trực…",
"Bộ Chính trị, Ban Bí thư", "Antoine Beauvilliers"."""
from __future__ import annotations

import re

from ...ingest.normalize import fold_diacritics, unmarked
from ..vocabulary import PLAIN_STARTERS, SURNAMES, TITLE_STARTS
from .patterns import HONORIFIC, NAME, PROPER_NAME

_PERSON = re.compile(rf"(?:{HONORIFIC}(?:\.| )\s*)?{NAME}")
# Words that end a title: the verb or link that follows it ("…, Bí thư Đảng ủy Khối chủ trì").
_TITLE_END = re.compile(
    r"(?:chủ trì|trình bày|phát biểu|báo cáo|cho biết|đề nghị|kiến nghị|đề xuất|ghi nhận|nhấn mạnh|"
    r"khẳng định|phụ trách|tiếp thu|yêu cầu|chỉ đạo|tham dự|dự|ký|đã|đang|sẽ|và|với|tại|có|là|được|"
    r"làm|về|cho|do|thay mặt|nhận|giao|đồng thời|cùng)\b")
# A capitalized run after these is a street or a place named after a person ("số 8 đường Lê Lợi").
PLACE_BEFORE = re.compile(r"(?:đường|phố|số \d+\w?|quận|huyện|tỉnh|xã|phường|thành phố|thị xã)\s+$", re.IGNORECASE)
_LIST_JOIN = re.compile(r",? (?:và|hoặc) |, ")


def _extend_title(sentence: str, end: int) -> int:
    """Extend a name over the titles that follow it: ", Ủy viên Trung ương Đảng, Phó Trưởng ban…";
    a title runs from a capitalized word over lower-case ones ("Vụ Bảo vệ chính trị nội bộ")
    up to punctuation or a verb."""
    while True:
        m = re.match(r", ?", sentence[end:])
        if not m:
            return end
        pos = end + m.end()
        words = list(re.finditer(r"[^\W_]+(?:/[^\W_]+)?", sentence[pos:]))
        if not words or not words[0].group(0)[0].isupper():
            return end
        seg_end = pos
        for w in words:
            gap = sentence[seg_end:pos + w.start()]
            if seg_end > pos and gap.strip():
                break  # punctuation ends the title
            if not w.group(0)[0].isupper() and _TITLE_END.match(sentence, pos + w.start()):
                break
            seg_end = pos + w.end()
        end = seg_end

_HONORIFIC = re.compile(HONORIFIC)
_HONORIFIC_PREFIX = re.compile(rf"^{HONORIFIC}\.?\s*")  # an honorific opening a name


def persons(sentence: str) -> list[tuple[int, int]]:
    """People named with an honorific ("đồng chí …", "ông …") or a Vietnamese surname, each
    with the titles that follow the name; when some have an honorific, only those."""
    spans: list[tuple[int, int, bool]] = []
    for m in _PERSON.finditer(sentence):
        if spans and m.start() < spans[-1][1]:
            continue  # a capitalized run inside the previous person's title
        has_honorific = not m.group(0)[0].isupper() or _HONORIFIC.match(m.group(0)) is not None
        first_name_word = _HONORIFIC_PREFIX.sub("", m.group(0)).split()[0]
        if first_name_word in TITLE_STARTS:
            continue  # "đồng chí Trưởng Ban Tổ chức": a title, the name is elsewhere
        if not has_honorific and (first_name_word not in SURNAMES
                                  or PLACE_BEFORE.search(sentence, 0, m.start())):
            continue
        spans.append((m.start(), _extend_title(sentence, m.end()), has_honorific))
    honored = [(a, b) for a, b, h in spans if h]
    return honored or [(a, b) for a, b, _ in spans]


def name_of(sentence: str, person: tuple[int, int]) -> str:
    """A person span's name without honorific and titles, folded lower-case (to find it in a question)."""
    name = sentence[person[0]:person[1]].split(",")[0]
    return fold_diacritics(_HONORIFIC_PREFIX.sub("", name).lower().strip())


def title_of(sentence: str, person: tuple[int, int]) -> tuple[int, int] | None:
    """The titles part of a person span ("Ủy viên Trung ương Đảng, Phó Trưởng ban…")."""
    comma = sentence.find(",", person[0], person[1])
    if comma < 0:
        return None
    start = comma + 1 + (len(sentence[comma + 1:]) - len(sentence[comma + 1:].lstrip()))
    return (start, person[1]) if person[1] > start else None


def merge_lists(sentence: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names listed together ("Bộ Chính trị, Ban Bí thư", "Pháp và Anh") as one span each list."""
    merged: list[tuple[int, int]] = []
    for a, b in names:
        if merged and _LIST_JOIN.fullmatch(sentence[merged[-1][1]:a]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def names(sentence: str) -> list[re.Match]:
    """Proper names of ``sentence``, less capitalized words that only start it."""
    return [m for m in PROPER_NAME.finditer(sentence) if not _sentence_cased(sentence, m)]


def _sentence_cased(sentence: str, name: re.Match) -> bool:
    """A one-word "name" at the sentence start that is an ordinary word in sentence case: one
    with tone marks ("Nằm", "Để") or a common unmarked one ("Trong", "Giao")."""
    word = name.group(0)
    return name.start() == 0 and " " not in word and (
        not unmarked(word) or word.lower() in PLAIN_STARTERS)


def name_or_clause(sentence: str, clause: tuple[int, int] | None) -> tuple[int, int] | None:
    """The name a clause starts with, with those listed along ("Bộ Chính trị, Ban Bí thư"), or
    the clause when it starts with no name."""
    if clause is None:
        return None
    found = merge_lists(sentence, [m.span() for m in PROPER_NAME.finditer(sentence, clause[0])])
    return found[0] if found and found[0][0] == clause[0] else clause
