"""List answers: a question that asks for several things ("Hội nghị đề xuất những gì?",
"Những cơ quan nào dự họp?", "liệt kê các nhiệm vụ") is answered with the items its document
lists, each a span of the document's text.

``LIST_CUES`` says which questions ask for a list, ``asked_noun`` the noun it asks a list of
("Những **hạn chế** … gồm những gì?"). The items come from the sentence that names that noun
and introduces them, from the structure around a line of the document that names what is
asked ("Thành viên tham dự:", "- Nội dung: …"), from a count of it ("6 phường A, B, …"), or
else around the answering sentence, read by the first extractor of ``EXTRACTORS`` that finds
at least two: the rows of a table (one cell of each row), a block of listed lines (bulleted,
numbered, "Thứ nhất, …", "Chuyên đề 1: …") under a line ending in ":", the consecutive
sentences of one kind ("đề nghị …", "kiến nghị …"), or an enumeration (split by
``enumerations``). The plan is in ``find_items``; the rules in words: docs/answer-rules.md,
"List answers".
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from ..ingest.chunk import split_sentences
from ..ingest.normalize import fold_diacritics, normalize_with_offsets, unmarked
from .enumerations import INTRODUCER, PERSON, Spans, separators, split_at, split_enumeration, trim
from .kinds import WHEN, WHO, classify
from .tones import TonePattern, ToneWords
from .vocabulary import LIGHT_WORDS, NUMBER_WORDS, QUESTION_WORDS, TITLE_STARTS

# Questions that ask for several things.
# "những/các" + the noun asked about + "gì/nào" ("những đề xuất gì", "các cơ quan nào"); not a
# plural subject followed by its verb ("các đơn vị kiến nghị gì"), nor a plural after a
# preposition before "là gì" ("mục tiêu đặt ra cho các cơ quan là gì").
_VERB = r"(?:đề xuất|đề nghị|kiến nghị|hướng dẫn|yêu cầu|muốn|được|là|có|cần|phải|làm|giao)\b"
_PLURAL = r"(?:những|các|mọi)(?: [^\W\d_]+(?:(?: (?!" + _VERB + r")|, )[^\W\d_]+){0,5})?"
_AFTER_PREPOSITION = "".join(rf"(?<!\b{p})" for p in ("cho", "của", "với", "tại", "về", "từ", "trong"))
LIST_CUES: list[TonePattern] = [
    TonePattern(_PLURAL + r" (?:gì|nào)\b"),
    TonePattern(rf"(?:^|{_AFTER_PREPOSITION} )" + _PLURAL + r" là gì\b"),
    TonePattern(r"^(?:những|các) .* là gì\b"),  # "Các nhiệm vụ trọng tâm … của Đảng ủy Khối là gì?"
    TonePattern(r"\b(?:liệt kê|kể tên|bao gồm|gồm những|gồm các|gồm ai|gồm gì|những ai|những việc|"
                r"những nội dung|những nhiệm vụ|thành phần)\b"),
]


def asks_for_list(question: str) -> bool:
    """Whether ``question`` asks for several things (typed with or without tone marks)."""
    text = question.lower()
    return any(cue.search(text) for cue in LIST_CUES)


@dataclass(frozen=True)
class Item:
    """One item of a list answer: its text, the number of the passage that cites it, and its
    offsets in the document's text."""

    text: str
    n: int
    start: int
    end: int




@dataclass
class _Text:
    """A document's normalized text, its lines, and the way back to the original offsets."""

    norm: str
    offsets: list[int]  # normalized index -> original offset (one extra entry at the end)
    lines: Spans  # normalized spans of the lines, without their line break

    @classmethod
    def of(cls, text: str) -> "_Text":
        norm, offsets = normalize_with_offsets(text)
        lines, pos = [], 0
        for line in norm.split("\n"):
            lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        return cls(norm, offsets, lines)

    def line_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right([a for a, _ in self.lines], pos) - 1)

    def line(self, i: int) -> str:
        return self.norm[slice(*self.lines[i])]

    @cached_property
    def folded(self) -> str:
        """``norm`` in lower case without marks, offset for offset."""
        return fold_diacritics(self.norm.lower())

    def to_norm(self, original: int) -> int:
        return min(bisect.bisect_left(self.offsets, original), len(self.norm))


# ---------------------------------------------------------------- extractors

@dataclass
class _Asked:
    """What the extractors read: the question, its document, the answering sentence and the
    single answer's span (normalized offsets)."""

    question: str
    doc: _Text
    evidence: tuple[int, int]
    span: tuple[int, int]
    heading: bool = False  # ``evidence`` is a heading that names what is asked (``_heading``)

    @cached_property
    def words(self) -> frozenset[str]:
        """The question's content syllables but its names (capitalized after its first word),
        diacritic-free when it is typed without marks."""
        first, *rest = self.question.split() or [""]
        common = " ".join([first, *(w for w in rest if not w[:1].isupper())])
        plain = unmarked(self.question)
        same = [w for cue, words in SAME_LIST for w in (words.folded if plain else words.marked)
                if cue.search(self.question.lower())]
        return frozenset([*_content(common, plain), *same])

    @cached_property
    def head(self) -> str:
        """The noun the question asks a list of, diacritic-free (``asked_noun``)."""
        return asked_noun(self.question)

    @cached_property
    def count(self) -> re.Pattern[str] | None:
        """A count of what is asked, diacritic-free: the asked noun, its first or its last word
        after a number ("6 phường", "hai ngân hàng"); None where the question names no noun."""
        words = [fold_diacritics(w) for w in asked_words(self.question)]
        if not words:
            return None
        nouns = "|".join(re.escape(n) for n in dict.fromkeys([" ".join(words), words[0], words[-1]]))
        return re.compile(rf"\b(\d+|{'|'.join(COUNTS)}) (?:{nouns})\b")

    @cached_property
    def nearest(self) -> Spans:
        """The document's sentences, nearest the answering one first."""
        return sorted(split_sentences(self.doc.norm), key=lambda s: abs(s[0] - self.evidence[0]))


# The noun a list question asks for: the words after "những/các" up to the word that asks
# ("nào", "gì", "là") or starts what qualifies it ("Những hạn chế trong …"), diacritic-free.
_ASKED = re.compile(r"\b(?:nhung|cac) ((?:(?!nhung |cac )[a-z]+ ){1,4}?)(?:nao|gi|la|trong|cua|o|tai|duoc|do|da|ma|cho|ve|"
                    r"voi|du|tham|gom|can|phai|chua|dang|se|thuoc)\b")
HEAD_WORDS = 2  # syllables of the asked noun that a heading must hold ("hạn chế", "nơi nhận")


def asked_words(question: str) -> list[str]:
    """The words (as typed, lower case) of the noun ``question`` asks a list of: after
    "những/các", up to the word that asks or qualifies (``_ASKED``), question words left out."""
    lower = unicodedata.normalize("NFC", question.lower())
    found = list(_ASKED.finditer(fold_diacritics(lower)))
    words = lower[slice(*found[-1].span(1))].split() if found else []
    return [w for w in words if fold_diacritics(w) not in _ASKING]


_ASKING = frozenset({"ai", "gi", "nao"})
# "<the noun> … gồm những gì?": the noun is what the question starts with.
_CONSISTS = re.compile(r"\b(?:gom|bao gom)\b")


def asked_noun(question: str) -> str:
    """The first ``HEAD_WORDS`` syllables of the noun ``question`` asks a list of, diacritic-free
    ("gửi những nơi nhận nào" -> "noi nhan"; "Nguyên nhân của hạn chế … gồm những gì?" -> "nguyen
    nhan", its first words), or "" where it names none that long ("Những ai …?", "đề xuất những gì?")."""
    words = asked_words(question)
    folded = fold_diacritics(question.lower())
    if len(words) < HEAD_WORDS and _CONSISTS.search(folded):
        words = re.findall(r"[^\W\d_]+", folded)
        words = words[words[0] in ("nhung", "cac"):] if words else []
    return fold_diacritics(" ".join(words[:HEAD_WORDS])) if len(words) >= HEAD_WORDS else ""


# Words a question and a document use for the same list: a question about who attends ("Những
# ai dự họp?") is answered by "Thành phần:", "Thành viên tham dự:", "Tham dự cuộc họp có:", "…
# trân trọng kính mời:".
SAME_LIST: list[tuple[TonePattern, ToneWords]] = [
    (TonePattern(r"\b(?:dự(?! thảo| án| toán| kiến| báo| trữ)|tham dự|có mặt|thành phần|(?<!giấy )mời)\b"),
     ToneWords("thành phần tham dự viên đại biểu kính mời có mặt".split())),
]


# Syllables that name no content: question and function words, the meeting itself.
_LIGHT = ToneWords([*LIGHT_WORDS, *QUESTION_WORDS.marked, "như", "sau", "gồm", "đây", "cuộc", "họp",
                    "hội", "nghị", "buổi"])
_LEADER = re.compile(r"[#*\s]*(?:(?:[IVXLC]+|\d{1,2}|[a-zđ])[.)]\s*)?")


def _content(text: str, plain: bool) -> list[str]:
    """The lower-case content syllables of ``text`` (not ``_LIGHT``), diacritic-free when ``plain``."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    light = _LIGHT.folded if plain else _LIGHT.marked
    return [w for w in (fold_diacritics(w) if plain else w for w in words) if w not in light]


def _named(asked: _Asked, text: str, label: bool = False) -> int:
    """How many of the content syllables of ``text`` (a heading, a table header, a line's
    ``label``) the question holds, when they name what it asks: at least two, and the last two
    before a final ":" or (but for a label) half of them; else 0."""
    words = _content(text, unmarked(asked.question))
    found = sum(w in asked.words for w in words)
    last = text.rstrip(" *").endswith(":") and all(w in asked.words for w in words[-2:])
    return found if found >= 2 and (last or (not label and 2 * found >= len(words))) else 0



_LABEL_LINE = re.compile(r"[#*\s\-•+–]*((?:[^\W\d_]+ ){0,5}[^\W\d_]+\s*:)")


def _heading(asked: _Asked) -> tuple[int, int] | None:
    """The line of the document that best names what the question asks (a heading, a line
    ending with ":" or a table's header row), nearest the answering sentence among the best."""
    doc, here = asked.doc, asked.doc.line_at(asked.evidence[0])
    best: tuple[int, int, int] | None = None  # (score, -distance, line)
    for i in range(len(doc.lines)):
        parts, label = _naming_parts(doc, i)
        score = max((_named(asked, part, label) + _head_bonus(asked, part) for part in parts), default=0)
        if score and (best is None or (score, -abs(i - here)) > best[:2]):
            best = (score, -abs(i - here), i)
    return doc.lines[best[2]] if best else None


def _naming_parts(doc: _Text, i: int) -> tuple[list[str], bool]:
    """The texts of line ``i`` that may name a list, and whether they are a line's label: the
    cells of a table's header row, a heading without its number, or the label of a labelled
    line ("Tham dự cuộc họp có: đồng chí …", "Nơi nhận: …")."""
    a, b = doc.lines[i]
    line = doc.norm[a:_first_column(doc, a, b)]  # a letterhead's or signature's line: its left column
    if _ROW in line:
        header = i == 0 or not (_ROW in doc.line(i - 1) or _RULE_ROW.match(doc.line(i - 1)))
        return ([doc.norm[a:b] for a, b in _cells(doc, i)] if header else []), False
    if _ends_heading(line):
        return [line[_LEADER.match(line).end():]], False
    label = _LABEL_LINE.match(line)
    return ([label.group(1)] if label else []), True


HEAD_BONUS = 10  # a heading that is the asked noun beats any that only shares words with the question


def _head_bonus(asked: _Asked, part: str) -> float:
    """``HEAD_BONUS`` for a heading that holds the asked noun, by the share of its words the
    noun is ("Nội dung:" over "II. Nội dung, đối tượng kiểm tra")."""
    if not _holds(part, asked.head):
        return 0.0
    return HEAD_BONUS * len(asked.head.split()) / max(len(_content(part, True)), len(asked.head.split()))


def _holds(text: str, noun: str) -> bool:
    """Whether ``text`` holds the diacritic-free ``noun`` as whole words (never for "")."""
    return bool(noun) and re.search(rf"\b{noun}\b", fold_diacritics(text.lower())) is not None


def _ends_heading(line: str) -> bool:
    """A line that introduces a list: it ends with ":", or is a short title without a full stop
    ("V. Đề xuất, kiến nghị")."""
    line = line.strip().rstrip("*# ")
    return line.endswith(":") or (0 < len(line.split()) <= 10 and not line.endswith((".", ";", ",")))


# Markers of listed lines, by style. (Unmarked lines ending in ";", as a "Thành phần" list of
# people one a line, are an enumeration: ``enumeration``.)
MARKERS: dict[str, re.Pattern[str]] = {
    "bullet": re.compile(r"[-•*+–]\s+"),
    "number": re.compile(r"(?:\d{1,2}\.)*(\d{1,2})[.)]\s+"),  # "2.", "2.1."
    "letter": re.compile(r"[a-zđ][.)]\s+"),
    "ordinal": re.compile(r"Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]\s*"),
    "label": re.compile(r"[A-ZĐ][^\W\d_]*(?: [^\W\d_]+)? \d{1,2}\s*:\s*"),
}
CONTINUATION_LINES = 4  # unmarked lines a numbered item may run on before its next number


def _marker(line: str) -> tuple[str, re.Match[str]] | None:
    text = line.lstrip()
    for style, pattern in MARKERS.items():
        m = pattern.match(text)
        if m:
            return style, m
    return None


def _style(line: str) -> str | None:
    found = _marker(line)
    return found[0] if found else None


def _line_item(doc: _Text, i: int) -> tuple[int, int] | None:
    """A listed line without its marker and final punctuation."""
    a, b = doc.lines[i]
    line = doc.line(i)
    found = _marker(line)
    start = a + len(line) - len(line.lstrip()) + (found[1].end() if found else 0)
    label = _LABEL.match(doc.norm, start, b)
    item = trim(doc.norm, label.end() if label else start, b)
    return trim(doc.norm, *_clip(doc, *item)) if item else None


COLUMN_GAP = 4  # spaces in the source text between two columns of one line ("- Lưu: VT.      PHÓ TRƯỞNG BAN")
LEAD_WORDS = 4  # a listed line "<at least this many words>: details" is its lead sentence


def _first_column(doc: _Text, a: int, b: int) -> int:
    """The end of the first column of text[a:b]: a gap of ``COLUMN_GAP`` spaces or more in the
    source ("Nơi nhận:" beside "KT. GIÁM ĐỐC"), else ``b``."""
    return next((j for j in range(a, b) if doc.norm[j] == " " and doc.offsets[j + 1] - doc.offsets[j] >= COLUMN_GAP), b)


def _clip(doc: _Text, a: int, b: int) -> tuple[int, int]:
    """A listed line's item without what is not it: the next column of a two-column line (a
    wide gap of spaces in the source, or a table's " | "), the details after a lead sentence
    and its ":" ("Kết nạp đảng viên … đạt thấp: chỉ 11 …"), and an elaboration after ";" that
    is more than twice as long as the item ("…, không cắt giảm cơ học; riêng ngành y tế …")."""
    b = _first_column(doc, a, b)
    b = min(b, doc.norm.find(_ROW, a, b) % (b + 1) or b)
    colon = separators(doc.norm, a, b, ":")
    if colon and len(doc.norm[a:colon[0]].split()) >= LEAD_WORDS:
        b = colon[0]
    semicolon = separators(doc.norm, a, b, ";")
    if semicolon and len(doc.norm[semicolon[0]:b].split()) > 2 * len(doc.norm[a:semicolon[0]].split()):
        b = semicolon[0]
    return a, b


# A short label before the listed thing ("Chủ trì: đồng chí …", "Thư ký: …").
_LABEL = re.compile(r"[^\W\d_]+(?: [^\W\d_]+){0,2}\s*:\s*(?=\S)")


def _block(doc: _Text, first: int) -> list[int]:
    """The listed lines from line ``first`` on, all of its style; a numbered list runs on
    over a few unmarked lines up to its next number."""
    style = _style(doc.line(first))
    if style is None:
        return []
    taken, i, gap = [first], first + 1, 0
    number = _number(doc.line(first))
    while i < len(doc.lines) and gap <= CONTINUATION_LINES:
        line = doc.line(i)
        here = _style(line)
        if here == style and (number is None or _number(line) == number + 1):
            taken, gap, number = [*taken, i], 0, _number(line)
        elif style != "number" or here is not None:
            break
        else:
            gap += 1
        i += 1
    return taken


def _number(line: str) -> int | None:
    found = _marker(line)
    return int(found[1].group(1)) if found and found[0] == "number" else None


def listed_lines(asked: _Asked) -> Spans:
    """The lines listed under the answering line (when it ends with ":"), or the block of
    listed lines the answering line belongs to."""
    doc = asked.doc
    here = doc.line_at(asked.evidence[0])
    inline = _inline(doc, here)
    if len(inline) >= 2 or (asked.heading and not _ends_heading(doc.line(here))):
        return inline  # a labelled line lists what it names on the line, or not at all
    if _ends_heading(doc.line(here)) and here + 1 < len(doc.lines):
        lines = _block(doc, here + 1)
    else:
        style = _style(doc.line(here))
        first = here
        while style is not None and first > 0 and _style(doc.line(first - 1)) == style:
            first -= 1
        lines = _block(doc, first) if here in _block(doc, first) else []
    items: Spans = []
    for i in lines:
        # A listed line that ends with ":" stands for the enumeration under it ("3. Thành viên
        # tham dự:" and the members, one a line).
        under = [p for r in _under(doc, doc.lines[i][1]) for p in split_enumeration(doc.norm, *r)]
        if doc.line(i).rstrip().endswith(":") and i + 1 not in lines and len(under) >= 2:
            items.extend(under)
        else:
            items.extend(s for s in [_line_item(doc, i)] if s)
    return items


def _inline(doc: _Text, i: int) -> Spans:
    """The clauses separated by ";" after the label of listed line ``i`` ("- Đoàn kiểm tra: đồng
    chí A, …; đồng chí B, …; đồng chí C"): the answering line is itself the list asked for."""
    a, b = doc.lines[i]
    colon = doc.norm.find(":", a, b)
    if _marker(doc.line(i)) is None or colon < 0:
        return []
    clauses = split_at(doc.norm, colon + 1, b, ";")
    return clauses if len(clauses) >= 2 else []


_ROW = " | "
_RULE_CELL = re.compile(r"^:?-{2,}:?$")
_RULE_ROW = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*(?::?-{2,}:?\s*)?$")  # "|---|---|" under a Markdown header
# Which column of a table answers: the first column whose header matches the question's kind,
# else the one named like a task or a subject, else the one with the longest cells.
COLUMNS: dict[str, re.Pattern[str]] = {
    WHO: re.compile(r"đơn vị|cơ quan|người|chủ trì|phụ trách|thực hiện|thành phần|họ và tên|họ tên",
                    re.IGNORECASE),
    WHEN: re.compile(r"thời hạn|thời gian|ngày|hạn", re.IGNORECASE),
    "": re.compile(r"nội dung|nhiệm vụ|công việc|chỉ tiêu|tên|vấn đề", re.IGNORECASE),
}


def _cells(doc: _Text, i: int) -> Spans:
    """The cells of table row ``i`` (" | " between cells; a Markdown row's outer bars dropped)."""
    a, b = doc.lines[i]
    line = doc.norm[a:b]
    inner = (a + line.index("|") + 1, a + line.rindex("|")) if line.strip().startswith("|") else (a, b)
    cuts = [j for j in range(*inner) if doc.norm[j] == "|"]
    return [(x + 1, y) for x, y in zip([inner[0] - 1, *cuts], [*cuts, inner[1]])]


def _table(doc: _Text, here: int) -> list[int]:
    """The rows of the table that line ``here`` is in or introduces."""
    start = here + 1  # the line introducing the table
    if _ROW in doc.line(here):
        start = here
        while start > 0 and _ROW in doc.line(start - 1):
            start -= 1
    rows = []
    for i in range(start, len(doc.lines)):
        if _ROW not in doc.line(i):
            break
        rows.append(i)
    return rows


def _column(asked: _Asked, header: list[str], rows: list[list[str]]) -> int:
    named = [_named(asked, h) for h in header]
    if max(named) > 0:
        return named.index(max(named))
    kind = {WHO: WHO, WHEN: WHEN}.get(classify(asked.question.lower()), "")
    for cue in (COLUMNS[kind], COLUMNS[""]):
        named = [j for j, h in enumerate(header) if cue.search(h)]
        if named:
            return named[0]
    return max(range(len(header)), key=lambda j: sum(len(r[j]) for r in rows if j < len(r)))


def table_rows(asked: _Asked) -> Spans:
    """One cell of each row of the table the answering line is in or introduces, from the
    column the question asks about."""
    doc = asked.doc
    rows = _table(doc, doc.line_at(asked.evidence[0]))
    cells = [c for c in (_cells(doc, i) for i in rows)
             if not all(_RULE_CELL.match(doc.norm[a:b].strip()) for a, b in c)]
    if len(cells) < 3:
        return []
    width = len(cells[0])
    body = [c for c in cells[1:] if len(c) == width]
    text = [[doc.norm[a:b].strip() for a, b in c] for c in body]
    column = _column(asked, [doc.norm[a:b] for a, b in cells[0]], text)
    # A cell naming several bodies or dates separates them with ";".
    return [s for c in body for s in split_at(doc.norm, *c[column], ";")]


# Verbs of one kind: a question using one of them asks for the sentences that use any.
KINDS_OF_SENTENCE: list[TonePattern] = [
    TonePattern(r"\b(?:đề xuất|kiến nghị|đề nghị)\b"),
    TonePattern(r"\b(?:yêu cầu|chỉ đạo|giao)\b"),
]
# Before the verb, a word that makes it a noun ("các kiến nghị", "ghi nhận đề xuất").
_NOUN_BEFORE = re.compile(r"(?:các|những|mọi|nhận|tiếp thu|về|của)\s*$", re.IGNORECASE)


def _verb_in(pattern: TonePattern, text: str, a: int, b: int) -> int | None:
    """The end of the first use of ``pattern`` as a verb in text[a:b]."""
    form = pattern.form(False)
    for m in form.finditer(text, a, b):
        if not _NOUN_BEFORE.search(text, a, m.start()):
            return m.end()
    return None


# A sentence that starts a new part of a meeting (its conclusion): a run of sentences of one
# kind does not cross it ("kiến nghị" of the participants, "đề nghị" of the chair concluding).
_PART_START = re.compile(r"(?:Phát biểu (?:kết luận|bế mạc|tổng kết)|Kết luận|Kết thúc|Tổng kết)", re.IGNORECASE)


def _run(text: str, sentences: Spans, here: int, holds: Callable[[int, int], bool]) -> list[int]:
    """The consecutive sentences around sentence ``here`` that ``holds``, in order, not
    crossing the start of a part (``_PART_START``: the part starts a run, never continues one)."""
    first = last = here
    while first > 0 and holds(*sentences[first - 1]) and not _PART_START.match(text, sentences[first][0]):
        first -= 1
    while (last + 1 < len(sentences) and holds(*sentences[last + 1])
           and not _PART_START.match(text, sentences[last + 1][0])):
        last += 1
    return list(range(first, last + 1))


def same_kind_sentences(asked: _Asked) -> Spans:
    """The clauses after the verb of the consecutive sentences (the answering one among them)
    that use a verb of the kind the question uses."""
    doc, question = asked.doc, fold_diacritics(asked.question.lower())
    kind = next((k for k in KINDS_OF_SENTENCE if k.folded.search(question)), None)
    if kind is None:
        return []
    sentences = split_sentences(doc.norm)
    here = next((i for i, (a, b) in enumerate(sentences) if a <= asked.evidence[0] < b), None)
    if here is not None and doc.norm[slice(*sentences[here])].rstrip().endswith(":"):
        here += 1  # a sentence introducing the ones that follow

    def holds(a: int, b: int) -> bool:
        return _verb_in(kind, doc.norm, a, b) is not None

    # The answering sentence, else the nearest that uses such a verb.
    found = [i for i, sentence in enumerate(sentences) if holds(*sentence)]
    if here is None or not found:
        return []
    here = min(found, key=lambda i: (abs(i - here), i))
    items: Spans = []
    run = _run(doc.norm, sentences, here, holds)
    for i in run:  # one request of several sentences each, or the clauses of one sentence
        a, b = sentences[i]
        items.extend(split_enumeration(doc.norm, _verb_in(kind, doc.norm, a, b) or a, b, actions=len(run) == 1))
    return items


def _unit(doc: _Text, evidence: tuple[int, int]) -> tuple[int, int]:
    """The answering sentence, run on over the next line's first sentence while it ends
    with ";"."""
    end = evidence[1]
    while doc.norm[:end].rstrip().endswith(";"):
        i = doc.line_at(end) + 1
        if i >= len(doc.lines):
            break
        a, b = doc.lines[i]
        sentences = split_sentences(doc.norm[a:b])
        end = a + sentences[0][1] if sentences else b
    return evidence[0], end




def _regions(asked: _Asked) -> list[tuple[int, int, bool]]:
    """Where the enumeration may be, and whether it is introduced: the lines under an answering
    line that ends with ":", after the sentence's ":" or "gồm", the single answer's span and
    what follows, or the span alone."""
    doc = asked.doc
    a, b = _unit(doc, asked.evidence)
    intro = INTRODUCER.search(doc.norm, a, b)
    # The span and the rest of its sentence when they list things, else the reading's span of a
    # list question as an enumeration, but for a person ("Lê Khánh Hải, Thứ trưởng Bộ …").
    spans = [(asked.span[0], b, False), (*asked.span, classify(asked.question.lower()) != WHO)]
    if intro is None:
        return [] if asked.heading else spans
    if not doc.norm[intro.end():b].strip(" *_"):  # a heading: its list follows, or it is one
        return [*_under(doc, b), *([] if asked.heading else spans)]
    end = b if intro.group(0) == ":" else (doc.norm.find(";", intro.end(), b) % (b + 1) or b)
    return [(intro.end(), end, True), *spans]


def _under(doc: _Text, end: int) -> list[tuple[int, int, bool]]:
    """The enumeration on the lines after a line ending with ":" at ``end``."""
    line = doc.line_at(end) + 1
    return [(*_unit(doc, doc.lines[line]), True)] if line < len(doc.lines) else []


def enumeration(asked: _Asked) -> Spans:
    """The enumeration of the answering sentence (see ``_regions``)."""
    for region in _regions(asked):
        items = split_enumeration(asked.doc.norm, *region)
        if len(items) >= 2:
            return items
    return []


# What introduces the items after the asked noun in a sentence: "Nguyên nhân chủ yếu là A; B",
# "còn một số hạn chế: A, B", "Đối tượng ưu tiên xem xét là A, B và C".
_AFTER_NOUN = re.compile(r"(?<!\d):(?!\d)|\b(?:bao gồm|gồm có|gồm|là|như)\b")


def _named_in(asked: _Asked, a: int, b: int) -> Spans:
    """The enumeration that sentence text[a:b] introduces after the asked noun (``_AFTER_NOUN``),
    run on over the lines after it while they end with ";"."""
    doc = asked.doc
    found = re.compile(rf"\b{asked.head}\b").search(doc.folded, a, b) if asked.head else None
    intro = _AFTER_NOUN.search(doc.norm, found.end(), b) if found else None
    if intro is None:
        return _count_listed(asked, a, b)
    end = _unit(doc, (a, b))[1]
    if intro.group(0) not in (":", "là"):  # "gồm", "như": up to the next ";"
        end = doc.norm.find(";", intro.end(), end) % (end + 1) or end
    return split_enumeration(doc.norm, intro.end(), end, introduced=True)


def _count_listed(asked: _Asked, a: int, b: int) -> Spans:
    """The items after a count of what is asked in sentence text[a:b], when there are as many
    as it says: "6 phường Dịch Vọng, Mai Dịch, …, Yên Hòa và Trung Hòa" for "những phường nào",
    "3 môn bắt buộc Toán, Văn, Ngoại ngữ", "hai ngân hàng A và B" (the noun asked for, its first
    or its last word after the count)."""
    if asked.count is None:
        return []
    for m in asked.count.finditer(asked.doc.folded, a, b):
        end = asked.doc.norm.find(";", m.end(), b) % (b + 1) or b
        items = split_enumeration(asked.doc.norm, m.end(), end, introduced=True)
        if len(items) == (int(m.group(1)) if m.group(1).isdigit() else COUNTS[m.group(1)]):
            return items
    return []


# Counts written in words, diacritic-free ("hai ngân hàng", "ba nhiệm vụ").
COUNTS = {fold_diacritics(w): n for n, w in enumerate(NUMBER_WORDS[1:10], start=2)}


def named_here(asked: _Asked) -> Spans:
    """The enumeration the answering sentence introduces after the asked noun."""
    return _named_in(asked, *asked.evidence)


def counted_anywhere(asked: _Asked) -> Spans:
    """The items after a count of what is asked (``_count_listed``) in the sentence nearest the
    answering one that has them."""
    return next((items for items in (_count_listed(asked, *s) for s in asked.nearest) if items), [])


def named_anywhere(asked: _Asked) -> Spans:
    """The enumeration that the sentence nearest the answering one among those naming the
    asked noun introduces after it ("Nguyên nhân chủ yếu là …" where the answer is elsewhere)."""
    return next((items for items in (_named_in(asked, *s) for s in asked.nearest) if len(items) >= 2), [])


Extractor = Callable[[_Asked], Spans]
EXTRACTORS: list[tuple[str, Extractor]] = [
    ("table", table_rows),
    ("lines", listed_lines),
    ("sentences", same_kind_sentences),
    ("enumeration", enumeration),
]


def find_items(question: str, text: str, evidence: tuple[int, int], span: tuple[int, int]
               ) -> list[tuple[int, int]]:
    """Offsets in ``text`` (a document's text) of the items that answer ``question``, read
    from the structure around the answering sentence at ``evidence`` whose short answer is at
    ``span``; empty when no extractor finds two items."""
    doc = _Text.of(text)
    asked = _Asked(question, doc, (doc.to_norm(evidence[0]), doc.to_norm(evidence[1])),
                   (doc.to_norm(span[0]), doc.to_norm(span[1])))
    heading = _heading(asked)
    plan = [(asked, [named_here])]
    if heading:
        plan.append((_Asked(question, doc, heading, heading, heading=True), [e for _, e in EXTRACTORS]))
    plan += [(asked, [counted_anywhere, *(e for _, e in EXTRACTORS)]), (asked, [named_anywhere])]
    for anchor, extractors in plan:
        for extract in extractors:
            items = list(dict.fromkeys(s for s in (_person(doc.norm, *item) for item in extract(anchor)) if s))
            if len(items) >= 2:
                kept = of_asked_kind(question, [doc.norm[a:b] for a, b in items])
                return [_original(doc, text, *items[i]) for i in kept]
    return []


# Kinds of bodies a question may ask for among the listed ones ("Những cơ quan báo chí nào dự?",
# "những sở nào"): the diacritic-free words before "nào/gì", and where such an item names one.
KINDS_OF_BODY: dict[str, re.Pattern[str]] = {
    "bao chi": re.compile(r"\b(?:Báo|Tạp chí|Đài|Thông tấn xã|Truyền hình|Cổng thông tin)\b"),
    "tu phap": re.compile(r"\b(?:Bộ Tư pháp|Sở Tư pháp|Phòng Tư pháp|Tòa án|Toà án|Viện [Kk]iểm sát|Cơ quan điều tra)"),
    "so": re.compile(r"\bSở\b"),
    "bo": re.compile(r"\bBộ\b"),
}


def of_asked_kind(question: str, texts: list[str]) -> list[int]:
    """The positions of the items of ``texts`` that name a body of the kind the question asks
    for (``KINDS_OF_BODY``); all of them where it asks for none, or where none or all do."""
    words = [fold_diacritics(w) for w in asked_words(question)]
    kind = next((KINDS_OF_BODY[k] for k in (" ".join(words[-2:]), " ".join(words[-1:])) if k in KINDS_OF_BODY), None)
    kept = [i for i, t in enumerate(texts) if kind is not None and kind.search(t)]
    return kept if 0 < len(kept) < len(texts) else list(range(len(texts)))


def _person(text: str, a: int, b: int) -> tuple[int, int] | None:
    """An item naming a person (an honorific, then a name, not a title) as a short span: the name and the
    first title after it, without the honorific ("đồng chí Lò Văn Sơn, Phó Trưởng phòng Tổ chức cán bộ, Ban Tổ chức Tỉnh ủy"
    -> "Lò Văn Sơn, Phó Trưởng phòng Tổ chức cán bộ"); any other item as it is."""
    honorific = PERSON.match(text, a, b)
    name = text[honorific.end():b].split(" ", 1)[0] if honorific else ""
    if not name[:1].isupper() or name in TITLE_STARTS:
        return a, b
    cuts = separators(text, honorific.end(), b, ",")
    return trim(text, honorific.end(), cuts[1] if len(cuts) > 1 else b)


def _original(doc: _Text, text: str, a: int, b: int) -> tuple[int, int]:
    """Normalized span [a, b) as offsets in the original text, trailing spaces left out."""
    start, end = doc.offsets[a], doc.offsets[b]
    return start, start + len(text[start:end].rstrip())
