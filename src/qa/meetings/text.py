"""A document's text as the meeting extractors read it: normalized, with a lower-case view, a
diacritic-free view (``folded``: same length, so a match in one is a match in the others), its
lines and sentences, and the way back to the loaded text's offsets (``span``)."""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from ..ingest.chunk import split_sentences
from ..ingest.letters import NAME
from ..ingest.normalize import fold_diacritics, normalize_with_offsets
from .record import Span

# Characters a span does not begin or end with (list marks, markup, separators).
_TRIM = frozenset(" \t\n\r,;:.-–*#_|•+")
# A heading line: Markdown "#", a Roman-numbered section ("II. THÀNH PHẦN") or a line in capitals.
_ROMAN = re.compile(r"^[IVX]{1,5}\.\s+\S")
_NAME = re.compile(NAME)
# Who a name follows (lower case, marked): honorifics and the titles news put before a name.
_PERSON_CUE = re.compile(
    r"(?<!\w)(?:đồng chí|ông|bà|gs\.|pgs\.|ts\.|ths\.|thủ tướng|phó thủ tướng|chủ tịch|phó chủ tịch|"
    r"bộ trưởng|thứ trưởng|bí thư|phó bí thư|tổng bí thư|giám đốc|phó giám đốc|chủ nhiệm|trưởng ban|"
    r"phó trưởng ban|vụ trưởng|phó vụ trưởng)\s+")
# Words a personal name does not begin with: titles and bodies ("Phó Trưởng ban", "Sở Nội vụ").
_NOT_A_FIRST_NAME = frozenset(
    "phó trưởng chủ bí giám ủy vụ bộ sở ban cục tổng thủ chánh hội đảng ubnd hđnd tỉnh quận huyện xã "
    "phường công đoàn trung văn viện tòa nhà báo đài thường thành chi đại học trường".split())


@dataclass
class Text:
    """``raw`` (the loaded text) normalized, with its views; offsets of the views are the same."""

    raw: str
    norm: str = field(init=False)
    lower: str = field(init=False)
    folded: str = field(init=False)
    _offsets: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.norm, self._offsets = normalize_with_offsets(self.raw)
        self.lower = _view(self.norm, str.lower)
        self.folded = _view(self.lower, fold_diacritics)

    def span(self, start: int, end: int, value: str | None = None) -> Span | None:
        """``norm[start:end]`` without list marks and punctuation at its ends, as a span of the
        loaded text; None when nothing is left."""
        while start < end and self.norm[start] in _TRIM:
            start += 1
        while end > start and self.norm[end - 1] in _TRIM:
            end -= 1
        if start >= end:
            return None
        return self.raw_span(self._offsets[start], self._offsets[end - 1] + 1, value)

    def raw_span(self, start: int, end: int, value: str | None = None) -> Span:
        """``raw[start:end]`` as a span, with the combining marks of its last letter (text that
        was not in NFC)."""
        while end < len(self.raw) and unicodedata.combining(self.raw[end]):
            end += 1
        return Span(self.raw[start:end], start, end, value)

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """(start, end) of every line."""
        out, pos = [], 0
        for line in self.norm.split("\n"):
            out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of every sentence (a line break ends one)."""
        return split_sentences(self.norm)

    def paragraph_starts(self, start: int) -> bool:
        """Whether the line at ``start`` begins a paragraph: a blank line before it in the loaded
        text (normalizing drops blank lines)."""
        return start < 2 or self.raw.count("\n", self._offsets[start - 2] + 1, self._offsets[start]) >= 2

    def line_at(self, pos: int) -> tuple[int, int]:
        return self.lines[bisect.bisect_right([a for a, _ in self.lines], pos) - 1]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        starts = self._sentence_starts
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.norm))

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    def is_heading(self, start: int, end: int) -> bool:
        """Whether the line at ``start:end`` is a section heading."""
        line = self.norm[start:end].strip()
        letters = [c for c in line if c.isalpha()]
        return bool(line) and (line.startswith("#") or _ROMAN.match(line) is not None or
                               (len(letters) >= 4 and all(c.isupper() for c in letters)))

    @cached_property
    def people(self) -> list[tuple[int, int, int]]:
        """Named people: (where the cue "đồng chí", "ông", a title… starts, name start, name end)."""
        found = []
        for m in _PERSON_CUE.finditer(self.lower):
            name = _NAME.match(self.norm, m.end())
            if name and self.lower[name.start():name.end()].split()[0] not in _NOT_A_FIRST_NAME:
                found.append((m.start(), name.start(), name.end()))
        return found


def _view(text: str, mapping: Callable[[str], str]) -> str:
    """``mapping(text)``, character by character where it would change the length."""
    view = mapping(text)
    if len(view) == len(text):
        return view
    return "".join(m if len(m) == 1 else c for c, m in ((c, mapping(c)) for c in text))
