"""What a question gives that the document answering it must state: a date ("ngày 7/3/2024",
"14 tháng 3"), a year, a document's number ("35-KL/TW"), a reporting period ("6 tháng cuối
năm"). A meeting of another day or year, another notice of the same body, the other half-year
read like the one asked about; a document that does not state them is about another meeting,
and the answer is refused rather than taken from it.

Measured (``qa eval … --json``): the meeting benchmark's last answered unanswerable question
("… 6 tháng cuối năm 2023 …", the corpus holds the first half) is refused; on ViNewsQA's
held-out fifth one answerable question more is refused (it asks about "10/12", its article
says "10/2"), on ViQuAD 1.0's held-out half five: three had been answered from another
paragraph, two ask with a day or year one digit off ("11 tháng 2" for "11 tháng 12").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ..ingest.normalize import fold_diacritics
from .spans.patterns import CODE

# Day and month, and the year when written with them: "7/3/2024", "7-3", "ngày 14 tháng 3 năm 2024".
_DATES = (re.compile(r"(?<![\d/.\-])(\d{1,2})[/.\-](\d{1,2})(?:[/.\-]((?:19|20)\d\d))?(?![\d/.\-]*\d)"),
          re.compile(r"\bngày (\d{1,2}) tháng (\d{1,2})(?: năm ((?:19|20)\d\d))?", re.IGNORECASE))
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_YEARS = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*(\d{4}|\d{2})\b")
MAX_RANGE = 50  # years a range may span: "1920-30" holds 1925; "1900-2000" is two numbers, not a period
# A reporting period, diacritic-free: "6 tháng đầu năm" is not "6 tháng cuối năm", "quý II" not "quý III".
_PERIOD = re.compile(r"\b(?:\d+ thang (?:dau|cuoi)|quy [ivx\d]+)\b")


def _dates(text: str) -> list[tuple[int, int, str | None, tuple[int, int]]]:
    """(day, month, year or None, where) of each plausible date of ``text``."""
    found = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            day, month = int(m.group(1)), int(m.group(2))
            if 1 <= day <= 31 and 1 <= month <= 12:
                found.append((day, month, m.group(3), m.span()))
    return found


def _squeezed(text: str) -> str:
    """Lower case, diacritic-free, without spaces: "35-KL/TW" as typed or as printed."""
    return re.sub(r"\s+", "", fold_diacritics(text.lower()))


@dataclass
class Stated:
    """What a text states: its days (day, month), its years, its squeezed text for numbers."""

    text: str

    @cached_property
    def days(self) -> set[tuple[int, int]]:
        return {(d, m) for d, m, _, _ in _dates(self.text)}

    @cached_property
    def years(self) -> set[str]:
        """Its years, and those of its year ranges ("1920-30", "1933–1937")."""
        years = set(_YEAR.findall(self.text))
        for m in _YEARS.finditer(self.text):
            first, last = int(m.group(1)), m.group(2)
            last = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
            years.update(str(y) for y in range(first, last + 1) if last - first <= MAX_RANGE)
        return years

    @cached_property
    def squeezed(self) -> str:
        return _squeezed(self.text)


class Given(NamedTuple):
    """One thing a question gives: as typed, its day (day, month) and year where it has them;
    with neither, it is found as written (a number, a period)."""

    typed: str
    day: tuple[int, int] | None = None
    year: str | None = None

    def stated_in(self, text: Stated) -> bool:
        if self.day is None and self.year is None:
            return _squeezed(self.typed) in text.squeezed
        return (self.day is None or self.day in text.days) and (self.year is None or self.year in text.years)


def given(question: str) -> list[Given]:
    """The dates, years (outside dates), document numbers and periods of the question."""
    dates = _dates(question)
    found = [Given(question[a:b], (day, month), year) for day, month, year, (a, b) in dates]
    found += [Given(m.group(0), year=m.group(0)) for m in _YEAR.finditer(question)
              if not any(a <= m.start() < b for *_, (a, b) in dates)]
    found += [Given(m.group(0)) for m in CODE.finditer(question)]
    return found + [Given(m.group(0)) for m in _PERIOD.finditer(fold_diacritics(question.lower()))]


def unstated(question: str, text: Stated) -> list[str]:
    """What the question gives (``given``) that ``text`` does not state, as typed."""
    return [g.typed for g in given(question) if not g.stated_in(text)]
