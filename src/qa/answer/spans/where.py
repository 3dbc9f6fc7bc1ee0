"""Where: the place after "tại/ở" (or after the question's "vào/đến…"), a labelled "Địa điểm:"
line, or a name of the sentence that is no person or body ("nhập từ Liên Xô")."""
from __future__ import annotations

import re
from collections.abc import Mapping

from ...ingest.normalize import fold_diacritics
from ..vocabulary import BODIES, NOT_PLACES, PREPOSITIONS, TITLE_STARTS
from .names import merge_lists, names, persons
from .patterns import CAPITALIZED, NAME_UNIT
from .text import Found, not_in_question

_PLACE_TAIL = r" ((?:[^\W_]+(?:[ -]|(?=[,.;:]|$))){1,12}?)(?=[,.;:(]|$| (?:vào|ngày|do|với|để|nhằm|từ)\b)"
_PLACE = re.compile(rf"\b(?:tại|ở){_PLACE_TAIL}", re.IGNORECASE)
# "vào đâu", "đến đâu": the place follows that word in the sentence too ("cập nhật … vào Cơ sở dữ liệu").
_WHERE_TO = re.compile(r"\b(vào|đến|tới|về|từ|sang|ra) (?:đâu|nơi nào)\b")
_PLACE_LABEL = re.compile(r"(?:^|\b)(?:[Đđ]ịa điểm|[Nn]ơi (?:họp|tổ chức))\s*:\s*([^.;]+)")
# Address parts that continue a place after a comma: "Phòng họp số 2, tầng 4, trụ sở Quận ủy".
_ADDRESS_PART = re.compile(r", ?(?:số \d|tầng|trụ sở|phường|quận|huyện|thị xã|thành phố|tỉnh|đường|xã|phòng)[^,.;]*",
                           re.IGNORECASE)
# More places listed after the first ("tại Koumac, Nandaï, Tontouta, Plum, và Nouméa").
# A list ends with "và"/"hoặc": a comma alone may start the next clause ("ở Paris, Mitterrand…").
_PLACE_NAME = rf"(?={CAPITALIZED})(?:{NAME_UNIT})(?: {NAME_UNIT})*"
_NAMED_PLACE_LIST = re.compile(rf"(?:, {_PLACE_NAME})*,? (?:và|hoặc) {_PLACE_NAME}")
# A place is a noun phrase: it ends where a clause starts ("tại Hội nghị hôm nay đều là…",
# "Paris mặc dù…", a name then "nơi họ hy vọng…").
_CLAUSE_START = re.compile(r"\s(?:là|đã|được|sẽ|đang|đều|mặc dù)\b|(?<=\w)\snơi\b")


def find_where(question: str, sentence: str, anchors: Mapping[int, float]) -> Found:
    """The places of the sentence the question does not name, each cut to a noun phrase."""
    labelled = [m.span(1) for m in _PLACE_LABEL.finditer(sentence)]
    to = _WHERE_TO.search(question.lower())
    place = re.compile(rf"\b{to.group(1)}{_PLACE_TAIL}", re.IGNORECASE) if to else _PLACE
    found = labelled or [(a, _extend_place(sentence, b)) for a, b in (m.span(1) for m in place.finditer(sentence))]
    cut = [(a, _place_end(sentence, a, b)) for a, b in found]
    spans = [s for s in not_in_question(cut, sentence, question)
             if s[1] > s[0] and not sentence[s[0]:s[1]].lower().startswith(NOT_PLACES)]
    if not spans and not labelled:
        # No "tại/ở …": a name of the sentence may still be the place ("nhập từ Liên Xô").
        return Found(merge_lists(sentence, not_in_question(
            _named_places(sentence, persons(sentence)), sentence, question)), False)
    return Found(spans)


def _place_end(sentence: str, start: int, end: int) -> int:
    """Where a place found between ``start`` and ``end`` stops being a noun phrase."""
    for clause in _CLAUSE_START.finditer(sentence, start, end):
        if "nơi" not in clause.group(0) or sentence[:clause.start()].split()[-1][:1].isupper():
            return clause.start()
    return end


def _named_places(sentence: str, people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names of ``sentence`` that may be places: not a person (of ``people``), a body or a title."""
    places = []
    for m in names(sentence):
        first = m.group(0).split()[0]
        if m.group(0) in BODIES or first in TITLE_STARTS or fold_diacritics(first.lower()) in PREPOSITIONS:
            continue
        if not any(a < m.end() and m.start() < b for a, b in people):
            places.append(m.span())
    return places


_PARENTHESIS = re.compile(r" ?\([^)]*\)")


def _extend_place(sentence: str, end: int) -> int:
    """Extend a place over the address parts and the parenthesis that follow it."""
    while True:
        m = _ADDRESS_PART.match(sentence, end) or _PARENTHESIS.match(sentence, end) or \
            _NAMED_PLACE_LIST.match(sentence, end)
        if not m:
            return end
        end = m.end()
