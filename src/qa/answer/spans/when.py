"""When: a date, a time of day, a period ("từ ngày 2/4 đến ngày 7/4/2024"), a year or a century."""
from __future__ import annotations

import re
from collections.abc import Mapping

from ...ingest.normalize import fold_diacritics
from ..tones import folded_pattern
from .patterns import CODE, YEAR_ONLY
from .text import Found, not_in_question

_DATE = re.compile(
    r"(?:(?:sáng|chiều|tối|trưa|đêm|rạng sáng) (?:ngày )?|(?:\d+ )?ngày )?(?:\d{1,2}(?:,| và| đến| -) ?)*"
    r"\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?"
    r"|(?:(?:sáng|chiều|tối|trưa) )?ngày \d{1,2} tháng \d{1,2}(?: năm \d{4})?"
    r"|\d+ tháng (?:đầu|cuối) năm \d{4}"
    r"|(?:quý [IV1-4]+|tháng \d{1,2})(?:/| năm )\d{4}"
    r"|(?:giữa |cuối |đầu )?năm \d{3,4}(?: TCN)?"
    r"|(?:(?:giữa|cuối|đầu|nửa đầu|nửa cuối) )?(?:thế kỷ|thế kỉ)(?: thứ)? (?:\d{1,2}|[IVXL]+)(?: TCN)?"
    r"|(?:(?:giữa|cuối|đầu) )?(?:thập niên|thập kỷ|thập kỉ|những năm) \d{2,4}"
    r"|\d{1,4} TCN"
    r"|\d{1,2} giờ(?: \d{1,2}(?: phút)?)?(?: (?:sáng|chiều|tối))?(?:,? ngày \d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?)?",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"\s*(?:đến|tới|-|–)\s*")
_CITED = re.compile(rf"({CODE.pattern})\s+$")  # a document number right before a date
# Questions for a day, and for a year or month (folded question).
_DAY_QUESTION = folded_pattern(r"\b(ngày nào|ngày bao nhiêu|ngày mấy|vào ngày|hôm nào)\b")
_HAS_DAY = re.compile(r"\d{1,2}[/.\-]\d{1,2}|ngày \d", re.IGNORECASE)
_YEAR_QUESTION = folded_pattern(r"\b(năm nào|năm mấy|năm bao nhiêu|tháng nào|tháng mấy)\b")
# What marks a span as a time ("khi quần đảo tách ra", "năm 36 tuổi", "dưới thời…").
_TIME_WORDS = re.compile(r"\b(?:khi|lúc|năm|tháng|ngày|tuần|giờ|thế kỷ|thế kỉ|thời|tuổi|sau|trước|trong|từ|"
                         r"dưới|giai đoạn|mùa|buổi|sáng|chiều|tối|đêm|hôm|đầu|cuối|\d+)\b", re.IGNORECASE)


def find_when(question: str, sentence: str, anchors: Mapping[int, float]) -> Found:
    """The sentence's dates the question does not give; for "ngày nào" only those with a day
    (weak when none has one), otherwise a bare year only when nothing else is there."""
    folded_question = fold_diacritics(question.lower())
    spans = not_in_question(_event_dates(sentence, question), sentence, question)
    if _DAY_QUESTION.search(folded_question):
        with_day = [(a, b) for a, b in spans if _HAS_DAY.search(sentence[a:b])]
        return Found(with_day, True) if with_day else Found(spans, False)
    if not _YEAR_QUESTION.search(folded_question):
        spans = [(a, b) for a, b in spans if not YEAR_ONLY.match(sentence[a:b])] or spans
    return Found(spans)


def reads_as_time(text: str, question: str) -> bool:
    """Whether a span the reading model marked is a time ("khi các khu định cư hình thành")."""
    return _TIME_WORDS.search(text) is not None


def _plausible_date(sentence: str, m: re.Match) -> bool:
    """A day and month within range, not part of a larger number ("55.00", "1.126", "92-18")."""
    if re.search(r"[\d.,]$", sentence[:m.start()]) or re.match(r"[.,]?\d", sentence[m.end():]):
        return False
    short = re.search(r"(\d{1,2})[/.\-](\d{1,2})(?!\d)", m.group(0))
    return short is None or (1 <= int(short.group(1)) <= 31 and 1 <= int(short.group(2)) <= 12)


def _event_dates(sentence: str, question: str) -> list[tuple[int, int]]:
    """Dates of the sentence, less those of a document it cites ("Hướng dẫn số 15-HD/BTCTU ngày
    20/6/2024") unless the question names that document; only cited dates when all are."""
    dates: list[tuple[int, int]] = []
    for m in _DATE.finditer(sentence):
        if not _plausible_date(sentence, m):
            continue
        if dates and _RANGE_JOIN.fullmatch(sentence[dates[-1][1]:m.start()]):
            # "từ ngày 2/4 đến ngày 7/4/2024": one period, with its "từ".
            since = re.search(r"\btừ\s+$", sentence[:dates[-1][0]], re.IGNORECASE)
            dates[-1] = (since.start() if since else dates[-1][0], m.end())
        else:
            dates.append(m.span())
    asked = question.lower()
    own = [(a, b) for a, b in dates
           if not ((code := _CITED.search(sentence, 0, a)) and code.group(1).lower() not in asked)]
    return own or dates
