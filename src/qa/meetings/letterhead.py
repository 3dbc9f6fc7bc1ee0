"""What an official document states in fixed places, not in sentences: its number and date of
issue in the letterhead, its signer in the signature block.

A notice, an invitation or a report carries its number ("Số: 125/TB-UBND") and its place and
date of issue ("Hà Nội, ngày 22 tháng 4 năm 2024") in the letterhead, and its signer's title
and name ("KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG / (Đã ký) / Lê Thị Hồng Nhung") in the
signature block at the end. They are read by their layout: the meeting record's date of issue
and signer, and the answers to "Ai ký thông báo?", "Giấy mời số mấy?" (``qa.answer.official``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest.letters import NAME
from ..ingest.normalize import normalize_with_offsets

NUMBER, ISSUED, SIGNER, SIGNER_TITLE = "number", "issued", "signer", "signer_title"

# The letterhead is within the first characters of a document.
HEAD_CHARS = 800
# The signature block within the last.
TAIL_CHARS = 700
# Normalizing collapses runs of spaces: this many times as many raw characters are read to
# fill those windows (letterheads laid out in columns of spaces).
RAW_MARGIN = 4

_NUMBER = re.compile(r"(?m)^[\s*_|]*Số\s*:\s*(\d[\w./-]*[-/][\w./-]*\w)")
_ISSUED = re.compile(r"(?m)[^\W\d_][^\n,|*]{0,40}, (ngày \d{1,2} tháng \d{1,2} năm \d{4})")
_SIGNED = re.compile(r"\((?:Đã ký|đã ký)(?:[^)]*)\)")
# A title line of the signature block: upper-case words, with "KT." / "TM." / "T/M" marks.
_TITLE_LINE = re.compile(r"((?:[KT][/]?[MTL]?\.?\s+)?(?:[^\W\d_a-z]{1,}[ ./]*){1,8})\s*$")
# A line of names: one signer, or several in table cells ("Trịnh Thị Mai Hương | Lê Văn Quang").
_NAME_LINE = re.compile(rf"^[\s*_|]*({NAME}(?:[\s*_]*\|[\s*_]*{NAME})*)[\s*_|]*$")


@dataclass
class Fact:
    """A fact with its offsets in the text it was read from."""

    name: str
    start: int
    end: int
    line_start: int  # the line that states it (for a signer, the signature block): the evidence shown
    line_end: int


def read_fact(text: str, name: str) -> Fact | None:
    """``name`` as a document's ``text`` states it (offsets into ``text``): the letterhead is
    looked for only near the start, the signature only near the end (and only those parts are
    normalized)."""
    at_end = name in (SIGNER, SIGNER_TITLE)
    base = max(0, len(text) - RAW_MARGIN * TAIL_CHARS) if at_end else 0
    part = text[base:] if at_end else text[:RAW_MARGIN * HEAD_CHARS]
    norm, offsets = normalize_with_offsets(part)
    offsets = [base + o for o in offsets]
    span: tuple[int, int] | None = None
    block: tuple[int, int] | None = None  # what states it: its line, or the signature block
    if name == NUMBER and (m := _NUMBER.search(norm[:HEAD_CHARS])):
        span = m.span(1)
    elif name == ISSUED and (m := _ISSUED.search(norm[:HEAD_CHARS])):
        span = m.span(1)
    elif at_end and (found := _signature(norm, max(0, len(norm) - TAIL_CHARS), name)):
        span, block = found
    if span is None:
        return None
    if block is None:
        line_end = norm.find("\n", span[1])
        block = norm.rfind("\n", 0, span[0]) + 1, len(norm) if line_end < 0 else line_end
    # An end maps to just after its last character (not to where the next one came from).
    return Fact(name, offsets[span[0]], offsets[span[1] - 1] + 1, offsets[block[0]], offsets[block[1] - 1] + 1)


def _signature(text: str, tail_from: int, name: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The signer's name (the last name line after the title lines) or title (the last title
    line above the name) in ``text[tail_from:]``, and the block from that title to the name."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text[tail_from:])]
    for i in range(len(lines) - 1, -1, -1):
        pos, line = lines[i]
        found = _NAME_LINE.match(line)
        if not found:
            continue
        above = [(p, l) for p, l in lines[max(0, i - 4):i] if l.strip() and not _SIGNED.fullmatch(l.strip())]
        titles = [(p, m) for p, l in above if (m := _TITLE_LINE.search(l)) and _is_title(m.group(1))]
        if not titles:
            continue
        p, m = titles[-1]
        title = (tail_from + p + m.start(1), tail_from + p + m.start(1) + len(m.group(1).rstrip()))
        signer = (tail_from + pos + found.start(1), tail_from + pos + found.end(1))
        return (signer if name == SIGNER else title), (title[0], signer[1])
    return None


def _is_title(words: str) -> bool:
    """Upper-case words of a title ("PHÓ CHÁNH VĂN PHÒNG"), not an acronym alone ("UBND")."""
    letters = [c for c in words if c.isalpha()]
    return len(words.split()) >= 2 and len(letters) >= 6 and all(c.isupper() for c in letters)
