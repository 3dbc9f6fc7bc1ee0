"""Splitting an enumeration into its items: "gồm A, B và C", clauses separated by ";", a list
of names or of short phrases at its commas, pieces counted by numbers ("9 vị trí …, 35 vị trí
…"), the clauses of a request led by verbs. Used by the list answers (``lists``) and the
answers from meeting records (``records``); the rules in words: docs/answer-rules.md, "List
answers", 4.
"""
from __future__ import annotations

import re

from .vocabulary import BODY_STARTS

Spans = list[tuple[int, int]]

# What introduces an enumeration inside a sentence: a colon runs it to the end of the sentence,
# "gồm" to the next ";".
INTRODUCER = re.compile(r"(?<!\d):(?!\d)|\b(?:bao gồm|gồm có|gồm)\b")

_OPEN, _CLOSE = "([“\"", ")]”\""
# Words that end an enumeration: what follows is the purpose, reason, circumstance or time of the
# whole (", nhằm …", ", với 9 chức danh", "VinDS - sẽ triển khai …", "… Đắk Lắk từ quý III/2024").
_TAIL = re.compile(r",\s*(?:nhằm|để|vì|do|với|bảo đảm|góp phần)\s|\s[-–]\s+(?:sẽ|đã|đang|là|được|cũng|đều)\s|"
                   r"\stừ (?:ngày|tháng|quý|năm)\b", re.IGNORECASE)
# What narrows an enumeration to its parts: "gồm 54 vị trí, trong đó có 9 vị trí …, 35 vị trí …".
_PARTS = re.compile(r",?\s*trong đó(?: có| gồm)?\s+", re.IGNORECASE)
# Before a number, where pieces counted by numbers split ("9 vị trí lãnh đạo, quản lý, 35 vị
# trí chuyên môn, nghiệp vụ và 10 vị trí hỗ trợ").
_BEFORE_COUNT = re.compile(r"(?:,| và) (?=\d)")
_APPROXIMATELY = re.compile(r"(?:(?:khoảng|gần|hơn|trên|có|gồm) )?\d", re.IGNORECASE)  # a counted piece's start
_CONJUNCTION = re.compile(r"(?:và|hoặc|cùng|cũng như)\s+", re.IGNORECASE)
_TRIM = " \t\n.;,:–-"
MAX_COMMA_WORDS = 12  # a comma-separated piece longer than this is a clause, not a list item
# A person with the titles after the name ("đồng chí Lò Văn Sơn, Phó Trưởng phòng …, Ban Tổ chức
# Tỉnh ủy") is one item, whatever its commas.
PERSON = re.compile(r"(?:đồng chí|đ/c|ông|bà)\s", re.IGNORECASE)


def separators(text: str, a: int, b: int, mark: str) -> list[int]:
    """Positions of ``mark`` in text[a:b] outside brackets and quotes, not between digits
    ("92,7 tỷ")."""
    found, depth = [], 0
    for i in range(a, b):
        c = text[i]
        if c in _OPEN and not (c == '"' and depth):
            depth += 1
        elif c in _CLOSE and depth:
            depth -= 1
        elif c == mark and not depth and not (0 < i < len(text) - 1 and text[i - 1].isdigit()
                                              and text[i + 1].isdigit()):
            found.append(i)
    return found


def _pieces(a: int, b: int, cuts: list[int]) -> Spans:
    bounds = [a, *cuts, b]
    return [(bounds[i] + (i > 0), bounds[i + 1]) for i in range(len(bounds) - 1)]


def split_at(text: str, a: int, b: int, mark: str) -> Spans:
    """text[a:b] cut at each ``mark`` outside brackets and quotes (``separators``), the pieces
    trimmed (``trim``), empty ones left out."""
    return [p for p in (trim(text, *s) for s in _pieces(a, b, separators(text, a, b, mark))) if p]


def trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    """A piece without surrounding spaces, punctuation and a leading conjunction; None when
    nothing with a letter or digit is left."""
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    m = _CONJUNCTION.match(text, a, b)
    if m:
        a = m.end()
    return (a, b) if any(c.isalnum() for c in text[a:b]) else None


def capitalized(text: str, span: tuple[int, int]) -> bool:
    return text[span[0]:span[1]][:1].isupper()


def _comma_items(text: str, a: int, b: int) -> Spans:
    """text[a:b] split at its commas when it reads as a list of short names or phrases, or of
    pieces that start alike ("người …, người … và người …"), a piece also at "và" when what
    follows is written like the first piece; pieces counted by numbers split before each
    number only (``_counted``); else whole."""
    counted = _counted(text, a, b)
    if counted:
        return counted
    pieces = _commas(text, a, b)
    words = [len(text[s:e].split()) for s, e in pieces]
    if len(pieces) < 2 or (max(words) > MAX_COMMA_WORDS and not _alike(text, pieces)):
        return [p for p in [trim(text, a, b)] if p]
    return [part for i, piece in enumerate(pieces) for part in _at_and(text, piece, pieces[0], i == len(pieces) - 1)]


def _commas(text: str, a: int, b: int) -> Spans:
    """The pieces of text[a:b] between its commas (outside brackets, not in numbers), trimmed."""
    return split_at(text, a, b, ",")


CLAUSE_WORDS = 6  # a piece this long that starts with a verb is a clause of its own
_ADVERBS = frozenset({"A", "R"})  # pyvi tags a clause may start with before its verb ("tuyệt đối không thu mua")


def _clauses(text: str, pieces: Spans) -> Spans:
    """Comma-separated ``pieces`` joined into clauses: a piece of ``CLAUSE_WORDS`` or more words
    that starts with a verb (after adverbs, by pyvi's tagger) starts a clause ("tuyệt đối không
    thu mua cá chết …, chủ động lấy mẫu giám sát …"), any other piece goes on the one before
    ("tiến hành rà soát, đánh giá năng lực các đơn vị thi công, đơn vị giám sát" is one); two
    clauses or more, else none."""
    items: Spans = []
    for a, b in pieces:
        if not items or (len(text[a:b].split()) >= CLAUSE_WORDS and _verb_led(text[a:b])):
            items.append((a, b))
        else:
            items[-1] = (items[-1][0], b)
    return items if len(items) >= 2 else []


def _verb_led(text: str) -> bool:
    """Whether ``text`` starts with a verb, after adverbs (pyvi's word segmenter and tagger)."""
    from pyvi import ViPosTagger, ViTokenizer

    _words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(text))
    return next((tag for tag in tags if tag not in _ADVERBS), "") == "V"


def _at_and(text: str, piece: tuple[int, int], first: tuple[int, int], last: bool) -> Spans:
    """``piece`` split at its first "và" when what follows is written like the list's ``first``
    piece: the name of a body (``BODY_STARTS``), or in the ``last`` piece, both lower case ("y
    tế, giáo dục và đào tạo" are two) or both capitalized ("Yên Hòa và Trung Hòa"); a name that
    starts like the piece anywhere; never inside a body's name ("Sở Thông tin và Truyền thông")."""
    joint = text.find(" và ", *piece)
    if joint < 0:
        return [piece]
    after = (joint + 4, piece[1])
    if text.startswith(BODY_STARTS, after[0]):
        return [p for p in (trim(text, piece[0], joint), trim(text, *after)) if p]
    if capitalized(text, after) != capitalized(text, first) or not (last or capitalized(text, first)):
        return [piece]
    if capitalized(text, first) and (text.startswith(BODY_STARTS, piece[0]) or not last) and \
            text[after[0]:].split(" ", 1)[0] != text[piece[0]:].split(" ", 1)[0]:
        return [piece]  # a body's name goes on after "và", and a name but the last one does
    return [p for p in (trim(text, piece[0], joint), trim(text, *after)) if p]


def _alike(text: str, pieces: Spans) -> bool:
    """Whether three or more pieces all start with the same word ("người dôi dư …, người có …,
    người chưa đạt …"): parallel items, however long."""
    starts = {text[a:b].split(" ", 1)[0].lower() for a, b in pieces}
    return len(pieces) >= 3 and len(starts) == 1


def _counted(text: str, a: int, b: int) -> Spans:
    """text[a:b] split before each number that follows a comma or "và", when it starts with a
    number and at least two pieces do: "9 vị trí lãnh đạo, quản lý, 35 vị trí chuyên môn,
    nghiệp vụ và 10 vị trí hỗ trợ, phục vụ" has three items."""
    start = trim(text, a, b)
    if start is None or not _APPROXIMATELY.match(text, *start):
        return []
    cuts = [edge for m in _BEFORE_COUNT.finditer(text, *start) for edge in m.span()]
    bounds = [start[0], *cuts, start[1]]
    pieces = [p for p in (trim(text, bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)) if p]
    return pieces if len(pieces) >= 2 else []


def split_enumeration(text: str, a: int, b: int, introduced: bool = False, actions: bool = False) -> Spans:
    """The items of an enumeration in text[a:b]: its clauses separated by ";" (each split at
    its commas when they list things, ``_listing``), else its pieces separated by commas —
    when they list things or the enumeration is ``introduced`` (after ":" or "gồm") — or, in
    a list of ``actions`` (what is requested or proposed), its clauses (``_clauses``)."""
    end = _TAIL.search(text, a, b)
    b = end.start() if end else b
    intro = None if introduced else INTRODUCER.search(text, a, b)
    if intro and intro.group(0) == ":":
        a, introduced = intro.end(), True
    parts = _PARTS.search(text, a, b)
    if parts:
        a, introduced = parts.end(), True
    clauses = split_at(text, a, b, ";")
    if len(clauses) < 2:
        pieces = _comma_items(text, a, b)
        if introduced or _listing(text, pieces):
            return pieces
        return (_clauses(text, _commas(text, a, b)) if actions else []) or clauses
    items: Spans = []
    for clause in clauses:
        pieces = [] if PERSON.match(text, *clause) else _comma_items(text, *clause)
        items.extend(pieces if _listing(text, pieces) else [clause])
    return items


# The median words of the pieces of a clause that lists things: three pieces of up to 3 words
# ("y tế, giáo dục, văn hóa"), four or more of up to 5 ("quy hoạch cán bộ, bổ nhiệm, bổ nhiệm
# lại cán bộ, sắp xếp tổ chức bộ máy, tinh giản biên chế").
SHORT_ITEM_WORDS = {3: 3, 4: 5}


def _listing(text: str, pieces: Spans) -> bool:
    """Whether a clause's comma-separated pieces are items of their own: mostly names ("Sở Tài
    chính, Sở Xây dựng"), short ones (``SHORT_ITEM_WORDS``), pieces that start alike, or
    counted ones ("9 vị trí …, 35 vị trí …")."""
    if len(pieces) < 2:
        return False
    named = sum(capitalized(text, p) for p in pieces)
    words = sorted(len(text[a:b].split()) for a, b in pieces)
    short = SHORT_ITEM_WORDS[min(len(pieces), 4)] if len(pieces) >= 3 else 0
    return (3 * named >= 2 * len(pieces) or words[len(words) // 2] <= short or _alike(text, pieces)
            or all(text[a].isdigit() for a, _ in pieces))
