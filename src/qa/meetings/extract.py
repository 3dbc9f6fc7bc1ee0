"""A document's loaded text read into its meeting record (``extract_record``).

One small extractor per field (``_FIELDS``), each reading what the document states by rules
kept in tables: document-type headings, labels ("Thời gian:", "Chủ trì:", "Địa điểm:"), the
contexts that make a date the meeting's ("sáng 12/4/2024", "…, tại"), speech verbs, the cues of
attendee lists and task tables. Labels and cues are matched without diacritics (and in any
case) where that cannot confuse words; names and bodies by their capitals. A field the text
does not state stays empty. Every value is a span of the loaded text (``Span``).
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Callable

from ..ingest.normalize import fold_diacritics
from .letterhead import ISSUED, SIGNER, read_fact
from .record import MeetingRecord, Span, Speaker, Task
from .text import Text


# Upper-case letters that begin a name in a pattern ("[A-ZĐ…]").
_CAPITAL = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ"


def _folded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern written with its marks, compiled for the diacritic-free lower-case view."""
    return re.compile(fold_diacritics(pattern), flags)


# ---------------------------------------------------------------- kind and title

HEAD_LINES = 15  # the document-type heading is among the first lines
# Document-type headings (a line in capitals, or a Markdown heading): the heading, what the
# next line must start with (None: anything), the kind.
DOC_TYPES: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...] = tuple(
    (_folded(heading), _folded(after) if after else None, kind) for heading, after, kind in (
        (r"biên bản\b", None, "minutes"),
        (r"thông báo kết luận\b", None, "conclusion"),
        (r"thông báo$", r"kết luận\b", "conclusion"),
        (r"giấy mời\b", None, "invitation"),
        (r"báo cáo\b", None, "report"),
        (r"(?:tờ trình|thông báo|quyết định|kế hoạch|công văn|nghị quyết|chương trình|hướng dẫn)\b", None, "other"),
    ))
# A text without such a heading that speaks of a meeting in its title or opening is news of it.
NEWS_CUES = _folded(r"\b(?:hội nghị|cuộc họp|phiên họp|kỳ họp|buổi họp|họp báo|hội thảo|tọa đàm|giao ban|"
                    r"tập huấn|đại hội|buổi làm việc|lễ ký kết)\b")
NEWS_OPENING = 600
# Where the body begins after a heading's subject lines.
BODY_START = _folded(r"(?:sáng|chiều|tối|trưa|hôm nay|ngày|vào|thực hiện|căn cứ|kính gửi|thời gian|địa điểm|"
                     r"thành phần|chủ trì|số|[ivx]+\.|\d+\.|\(|-)(?!\w)")
SUBJECT_LINES = 3
SUBJECT_MAX_CHARS = 300
_MARKUP = " \t#*_|"


def _heading(t: Text) -> tuple[int, str] | None:
    """The document-type heading among the first lines: its line number and the kind."""
    lines = [i for i, (a, b) in enumerate(t.lines) if t.norm[a:b].strip()][:HEAD_LINES]
    for n, i in enumerate(lines):
        a, b = t.lines[i]
        raw = t.norm[a:b].strip()
        line = t.folded[a:b].strip().strip(_MARKUP)
        if not (raw.startswith("#") or t.is_heading(a, b)) or len(line) > SUBJECT_MAX_CHARS:
            continue
        following = t.folded[slice(*t.lines[lines[n + 1]])].strip(_MARKUP) if n + 1 < len(lines) else ""
        for heading, after, kind in DOC_TYPES:
            if heading.match(line) and (after is None or after.match(following)):
                return i, kind
    return None


def _kind(t: Text, title: str) -> str:
    found = _heading(t)
    if found:
        return found[1]
    opening = fold_diacritics(title.lower()) + "\n" + t.folded[:NEWS_OPENING]
    return "news" if NEWS_CUES.search(opening) else "other"


def _title(t: Text, title: str) -> Span | None:
    """The subject lines under the document-type heading (or the heading itself), else the
    loader's title where the text states it, else the first line."""
    found = _heading(t)
    if found:
        i, _ = found
        end = i
        for j in range(i + 1, min(len(t.lines), i + 1 + SUBJECT_LINES)):
            a, b = t.lines[j]
            line = t.folded[a:b].strip().strip(_MARKUP)
            if not line or t.is_heading(a, b) or BODY_START.match(line) or b - a > SUBJECT_MAX_CHARS \
                    or line.endswith(":") or (j > i + 1 and t.paragraph_starts(a)):
                break
            end = j
        first = i + 1 if end > i else i
        return t.span(t.lines[first][0], t.lines[end][1])
    head = t.norm[:NEWS_OPENING]
    at = head.find(title.strip()) if title.strip() else -1
    if at >= 0:
        return t.span(at, at + len(title.strip()))
    for a, b in t.lines:
        if t.norm[a:b].strip(_MARKUP):
            return t.span(a, min(b, a + SUBJECT_MAX_CHARS))
    return None


# ---------------------------------------------------------------- date, time, place

# A date: "12/4/2024", "12-4-2024", "ngày 14 tháng 3 năm 2024", or the first day of
# "23 và 24/5/2024" (diacritic-free).
DATE = re.compile(r"(?<![\d/.-])(?:(?P<d1>\d{1,2})\s*(?:va|-|–|den)\s*\d{1,2}\s*/\s*(?P<m1>\d{1,2})\s*/\s*"
                  r"(?P<y1>(?:19|20)\d\d)|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>(?:19|20)\d\d)|"
                  r"ngay\s+(?P<d3>\d{1,2})\s+thang\s+(?P<m3>\d{1,2})\s+nam\s+(?P<y3>(?:19|20)\d\d))(?!\d)")
# What makes a date the meeting's: a "Thời gian:" line, a time of day or a verb of meeting
# just before it, or a place ("…, tại") just after it.
TIME_LABEL = _folded(r"\W*(?:\d+\.\s*)?thời gian[^:\n]{0,20}:")
DATE_AFTER = _folded(r"(?:\b(?:sáng|chiều|tối|trưa)(?: hôm nay| nay| qua)?(?: thứ \w+)?,?(?: ngày)?|"
                     r"\btrong (?:\d+|hai|ba) ngày|\b(?:diễn ra|tổ chức|khai mạc|họp|bắt đầu)(?: vào)?"
                     r"(?: lúc[^,\n]{0,25},?)?(?: ngày)?)\s*\(?\s*$")
DATE_CONTEXT_CHARS = 40
DATE_BEFORE = _folded(r"\s*\)?\s*,?\s+tại\b")
# A place of issue and a date opening news ("Đà Nẵng, ngày 24/5/2024 - Tin: …").
DATELINE = re.compile(r"[^\W\d_][^\n,|*]{0,40}, (?:ngay )?$")
DATELINE_CHARS = 300
TIME = _folded(r"(?<!\d)(?P<h>\d{1,2})\s*(?:giờ|h|g)\s*(?:(?P<m>\d{1,2})(?!\d)\s*(?:phút)?)?(?!\w)")
PLACE_LABEL = _folded(r"\W*(?:\d+\.\s*)?địa điểm[^:\n]{0,15}:")
PLACE_CUE = _folded(r"\btại\s+(?!(?:hội nghị|đại hội|cuộc họp|buổi|phiên|kỳ họp|đây|chỗ)\b)")
PLACE_MAX_CHARS = 160


def _iso(m: re.Match[str]) -> str | None:
    for n in "123":
        if m.group(f"d{n}"):
            try:
                return _dt.date(int(m.group(f"y{n}")), int(m.group(f"m{n}")), int(m.group(f"d{n}"))).isoformat()
            except ValueError:
                return None
    return None


def _after_time_label(t: Text, m: re.Match[str]) -> bool:
    return TIME_LABEL.match(t.folded, t.line_at(m.start())[0]) is not None


def _after_meeting_words(t: Text, m: re.Match[str]) -> bool:
    return DATE_AFTER.search(t.folded, max(0, m.start() - DATE_CONTEXT_CHARS), m.start()) is not None


def _before_place(t: Text, m: re.Match[str]) -> bool:
    return DATE_BEFORE.match(t.folded, m.end()) is not None


MEETING_DATE: tuple[Callable[[Text, re.Match[str]], bool], ...] = (_after_time_label, _after_meeting_words,
                                                                   _before_place)


def _meeting_date(t: Text) -> re.Match[str] | None:
    """The first date the text gives as the meeting's."""
    for m in DATE.finditer(t.folded):
        if _iso(m) and any(rule(t, m) for rule in MEETING_DATE):
            return m
    return None


def _scope(t: Text, m: re.Match[str]) -> tuple[int, int]:
    """Where the meeting's time and place are read: the date's line when it is a "Thời gian:"
    line, else its sentence."""
    return t.line_at(m.start()) if _after_time_label(t, m) else t.sentence_at(m.start())


def _date(t: Text, title: str) -> Span | None:
    """The meeting's date when stated, else, for a meeting document (not a plan or a
    submission), its date of issue (letterhead, or a news dateline)."""
    m = _meeting_date(t)
    if m:
        return t.span(m.start(), m.end(), _iso(m))
    if _kind(t, title) == "other":
        return None
    fact = read_fact(t.raw, ISSUED)
    if fact:
        issued = DATE.search(fold_diacritics(t.raw[fact.start:fact.end].lower()))
        return t.raw_span(fact.start, fact.end, _iso(issued) if issued else None)
    for m in DATE.finditer(t.folded, 0, DATELINE_CHARS):
        if _iso(m) and DATELINE.search(t.folded, t.line_at(m.start())[0], m.start()):
            return t.span(m.start(), m.end(), _iso(m))
    return None


def _time(t: Text, title: str) -> Span | None:
    m = _meeting_date(t)
    if m is None:
        return None
    for found in TIME.finditer(t.folded, *_scope(t, m)):
        hour, minute = int(found.group("h")), int(found.group("m") or 0)
        if hour < 24 and minute < 60:
            return t.span(found.start(), found.end(), f"{hour:02d}:{minute:02d}")
    return None


def _clause_end(t: Text, start: int, limit: int, stops: str = ",.;\n") -> int:
    """Where the clause from ``start`` ends: at a stop character outside parentheses."""
    depth = 0
    for i in range(start, min(limit, len(t.norm))):
        c = t.norm[i]
        depth += (c == "(") - (c == ")")
        if depth <= 0 and c in stops and not (c in ".," and t.norm[i - 1:i].isdigit() and t.norm[i + 1:i + 2].isdigit()):
            return i
    return min(limit, len(t.norm))


def _place(t: Text, title: str) -> Span | None:
    """The "Địa điểm:" line, else what follows "tại" in the meeting date's sentence."""
    for a, b in t.lines:
        m = PLACE_LABEL.match(t.folded, a, b)
        if m:
            return t.span(m.end(), b)
    date = _meeting_date(t)
    if date is None:
        return None
    a, b = t.sentence_at(date.start())
    m = PLACE_CUE.search(t.folded, a, b)
    if m is None:
        return None
    return t.span(m.end(), _clause_end(t, m.end(), min(b, m.end() + PLACE_MAX_CHARS)))


# ---------------------------------------------------------------- people

# "Chủ trì: đồng chí X", "do đồng chí X, … chủ trì", "đồng chí X, … (đã) chủ trì cuộc họp".
CHAIR_LABEL = _folded(r"\W*(?:\d+\.\s*)?chủ trì(?: hội nghị| cuộc họp)?\s*:\s*")
CHAIRS = _folded(r"^[^.;:\n]{0,200}?(?P<verb>(?:đã |sẽ )?chủ trì)\b(?! và)")
PERSON_REACH = 220  # characters from a name to the verb that says what the person did
# A person's title as the document states it after the name (", Giám đốc Sở Nội vụ, …"):
# an appositive without a sentence's stops, up to the verb or the clause end.
TITLE_STOPS = ".;:(\n"
TITLE_MAX_CHARS = 160


def _titled(t: Text, start: int, end: int, verb: int | None = None) -> Span | None:
    """The name at ``start:end`` with the title after it, up to ``verb`` (where the person's
    verb begins) or, without one, to the clause end."""
    limit = min(len(t.norm), end + TITLE_MAX_CHARS)
    stop = verb if verb is not None else _clause_end(t, end, limit, stops=TITLE_STOPS)
    title = t.norm[end:stop]
    if title.lstrip().startswith(",") and stop <= limit and not any(c in TITLE_STOPS for c in title):
        return t.span(start, stop)
    return t.span(start, end)


def _chair(t: Text, title: str) -> list[Span]:
    found: dict[str, Span] = {}
    for cue, start, end in t.people:
        line_start = t.line_at(cue)[0]
        labelled = CHAIR_LABEL.match(t.folded, line_start)
        by_label = labelled is not None and labelled.end() == cue
        after = t.folded[end:min(t.sentence_at(cue)[1], end + PERSON_REACH)]
        chairs = CHAIRS.match(_before_next_person(t, end, after))
        if by_label or chairs:
            span = _titled(t, start, end, None if by_label else end + chairs.start("verb"))
            if span is not None:
                found.setdefault(t.lower[start:end], span)
    return list(found.values())


def _before_next_person(t: Text, end: int, after: str) -> str:
    """``after`` (the text following a name) cut where the next person is named."""
    later = [cue for cue, _, _ in t.people if end < cue < end + len(after)]
    return after[:later[0] - end] if later else after


# Verbs of speech after a person's name and title; what follows is what they said. After a
# verb that presents something ("báo cáo tình hình …", "đề xuất …") the verb belongs to what
# was said; after one that introduces a clause ("cho biết …", "nhấn mạnh …") it does not.
SPEECH = re.compile(r"(?<!nghe )(?:(?:đã|cũng|tiếp tục)\s+)?\b(?P<verb>(?P<presents>phát biểu|báo cáo|trình bày|đề nghị|"
                    r"kiến nghị|đề xuất|phản ánh|chia sẻ|giới thiệu|quán triệt|tham luận|thống nhất|giải trình|"
                    r"ghi nhận|yêu cầu|chỉ đạo|kết luận|thông báo|đánh giá)|cho biết|nhấn mạnh|khẳng định|thông tin|nêu|"
                    r"lưu ý)\b[\s:,]*")
# "Chuyên đề 1: …, do đồng chí X, … trình bày": what was presented comes before "do".
PRESENTED_BY = re.compile(r"([^.;:\n]{3,240}?),?\s+do\s*$")
PRESENTING = re.compile(r"(?:(?:đã|cũng)\s+)?(?:trình bày|báo cáo)\s*(?:[,.;:\n]|tại\b|$)")
SAID_STOPS = ";:\n"  # one statement: what was said ends at a semicolon or a colon
SAID_MIN_WORDS = 4  # fewer words are a heading or a fragment, not a statement
SAID_FULL_WORDS = 6  # a speaker's first statement of fewer words gives way to a later, fuller one


def _speakers(t: Text, title: str) -> list[Speaker]:
    """People named with a speech verb right after their name and title, and what they said."""
    found: dict[str, Speaker] = {}
    for cue, start, end in t.people:
        s_end = t.sentence_at(cue)[1]
        after = _before_next_person(t, end, t.norm[end:min(s_end, end + PERSON_REACH)])
        verb = SPEECH.search(after)
        if verb is None or (after[:verb.start()].strip() and not after.lstrip().startswith(",")):
            continue  # "giao đồng chí X tiếp thu …, hoàn thiện báo cáo": X is given a task, not speaking
        name = _titled(t, start, end, end + verb.start())
        before = PRESENTED_BY.search(t.lower, t.line_at(cue)[0], cue)
        if name is None or (before and not PRESENTING.match(after, verb.start())):
            continue  # "do đồng chí X phụ trách, …": X does not present what comes before "do"
        said = t.span(*before.span(1)) if before else _said(t, end, verb, s_end)
        key = t.lower[start:end]
        if key not in found or (_words(said) >= SAID_FULL_WORDS and _words(found[key].said) < SAID_FULL_WORDS):
            found[key] = Speaker(name, said)
    return list(found.values())


def _said(t: Text, end: int, verb: re.Match[str], s_end: int) -> Span | None:
    """What a speech verb at ``end + verb`` introduces: one statement, with the verb when it
    presents what follows and no colon comes after it."""
    presents = verb.group("presents") and ":" not in verb.group(0)
    start = end + (verb.start("verb") if presents else verb.end())
    return t.span(start, _clause_end(t, end + verb.end(), s_end, stops=SAID_STOPS))


def _words(span: Span | None) -> int:
    return len(span.text.split()) if span else 0


# ---------------------------------------------------------------- attendees

# A "Thành phần" section or label, or an invitation's "kính mời:": its list items follow.
ATTENDEE_LIST = _folded(r"\W*(?:[ivx]+\.|\d+\.)?\s*(?:(?:thành phần|thành viên|đại biểu)(?: tham dự| dự họp| dự| mời| được mời)?|"
                        r"(?:[^\n:]{0,80} )?kính mời)\s*:?\s*$")
# A label line inside such a list ("1. Chủ trì: …", "Tổng số đại biểu có mặt: …"): not an item.
LABEL_LINE = re.compile(r"^\W*(?:\d+\.\s*)?[^\W\d][^:\n]{0,40}:")
LIST_MARK = re.compile(r"[-+•*]\s")
# A line that ends such a list: who was present or absent, or what follows.
LIST_END = _folded(r"\W*(?:có mặt|vắng|tổng số|nội dung)\b")
# "Dự Hội nghị có …", "Tham dự cuộc họp có: …": an enumeration of people and bodies.
# Matched with marks: without them "dự" (attend) is "dù" (although).
ATTENDEE_CUE = re.compile(r"(?:^|(?<=[.;]\s)|(?<=\n))\W*(?:cùng )?(?:tham dự|dự|tham gia|đến dự|dự và chỉ đạo)"
                          r"(?: (?:hội nghị|cuộc họp|buổi làm việc|tập huấn|lễ|hội thảo|phiên họp)[^.:;\n]{0,40}?)?"
                          r"(?: có| gồm)\s*:?\s*")
ENUMERATION_CHARS = 2000


def _attendees(t: Text, title: str) -> list[Span]:
    items = _listed_attendees(t) + _enumerated_attendees(t)
    seen: set[str] = set()
    return [s for s in items if not (s.text.lower() in seen or seen.add(s.text.lower()))]


def _listed_attendees(t: Text) -> list[Span]:
    """The items of a "Thành phần" / "kính mời:" list: its lines (or marked items), split where
    they enumerate several; label lines before the items ("1. Chủ trì: …") left out, and the list
    ends at a heading, a lead-in ("Nội dung:") or a label line after the items."""
    items: list[Span] = []
    in_list = False
    for a, b in t.lines:
        line = t.norm[a:b].strip()
        if ATTENDEE_LIST.match(t.folded, a, b):
            in_list = True
            continue
        if not in_list or not line:
            continue
        label = LABEL_LINE.match(line) is not None
        if t.is_heading(a, b) or line.endswith(":") or LIST_END.match(t.folded, a, b) or \
                (label and items and not LIST_MARK.match(line)):
            in_list = False
        elif LIST_MARK.match(line) or not label:
            items += _enumeration(t, a, b)
    return items


def _enumeration(t: Text, a: int, b: int) -> list[Span]:
    """The items of ``a:b``, split at semicolons (and within each part, see below)."""
    items, pos = [], a
    while pos < b:
        stop = _clause_end(t, pos, b, stops=";")
        items += _enumeration_part(t, pos, stop)
        pos = stop + 1
    return items


def _enumerated_attendees(t: Text) -> list[Span]:
    """The items of "Dự Hội nghị có A, B; đồng chí X, …; đại diện C, D"."""
    items: list[Span] = []
    for m in ATTENDEE_CUE.finditer(t.lower):
        items += _enumeration(t, m.end(), _clause_end(t, m.end(), m.end() + ENUMERATION_CHARS, stops="."))
    return items


# What begins an attendee group: a delegation of bodies ("đại diện lãnh đạo Công an Thành
# phố, Sở Tư pháp" is one group), or a role ("Chủ tịch UBND 13 huyện"), diacritic-free.
GROUP = _folded(r"[\W]*(?:đại\s+diện|lãnh\s+đạo)\b")
_HEADS = (r"(?:đại diện|lãnh đạo|các đồng chí|đồng chí|chủ tịch|phó chủ tịch|bí thư|phó bí thư|giám đốc|phó giám đốc|"
          r"trưởng phòng|trưởng ban|thủ trưởng|người đứng đầu)\b").replace(" ", r"\s+")
GROUP_HEAD = _folded(r"[\W]*" + _HEADS)
AND_HEAD = _folded(r"\s(?:và|cùng)\s+(?=" + _HEADS + ")")


def _enumeration_part(t: Text, a: int, b: int) -> list[Span]:
    """One part of an enumeration: after its label ("đơn vị: A, B"); a person with their title,
    without the honorific ("đồng chí X, Giám đốc Sở Y" is "X, Giám đốc Sở Y"); else its groups
    (see ``_groups``)."""
    colon = _clause_end(t, a, b, stops=":")
    labelled = colon < b
    if labelled:
        a = colon + 1
    person = next(((cue, start) for cue, start, _ in t.people if a <= start < b), None)
    if person:
        span = t.span(person[1] if not t.norm[a:person[0]].strip(" -+•*") else a, b)
        return [span] if span else []
    return [s for s in (t.span(p, q) for p, q in _groups(t, a, b, labelled)) if s]


def _groups(t: Text, a: int, b: int, labelled: bool) -> list[tuple[int, int]]:
    """``a:b`` split at commas (and at "và" before a role): a piece joins the one before unless
    it begins a group or a role, or, outside a delegation, every piece after the first begins
    with a capital ("Công an Thành phố, Sở Tư pháp") or the part has a label."""
    pieces, pos = [], a
    while pos < b:
        stop = _clause_end(t, pos, b, stops=",")
        joined = AND_HEAD.search(t.folded, pos, stop)
        stop = joined.start() if joined else stop
        pieces.append((pos, stop))
        pos = stop + (len(joined.group(0)) if joined else 1)
    split = labelled or all(t.norm[p:q].strip()[:1].isupper() for p, q in pieces[1:])
    out: list[tuple[int, int]] = []
    for p, q in pieces:
        head = GROUP_HEAD.match(t.folded, p, q) is not None
        in_group = bool(out) and GROUP.match(t.folded, out[-1][0], out[-1][1]) is not None
        if out and not head and (in_group or not split):
            out[-1] = (out[-1][0], q)
        else:
            out.append((p, q))
    return out


# ---------------------------------------------------------------- conclusions and proposals

# Where the conclusions begin: a heading that names them ("KẾT LUẬN", "Ý KIẾN CHỈ ĐẠO"), a
# lead-in ("… kết luận như sau:", "Kết luận:") — what follows are its statements — or a
# sentence that reports them ("Phát biểu kết luận, đồng chí X …") — then only what the
# concluding person is reported to say.
CONCLUSION_HEADING = _folded(r"[^\n]{0,30}\b(?:kết luận|ý kiến chỉ đạo)\b(?!\s+(?:số\s+)?\d)")
CONCLUSION_SENTENCE = _folded(r"\b(?:phát biểu (?:kết luận|chỉ đạo)|kết luận như sau|kết luận\s*:|"
                              r"kết luận (?:hội nghị|cuộc họp|phiên họp)|thay mặt [^.]{0,60} kết luận)")
# Where they end: the close of a document or of a news page, or a notice's closing formula
# ("Văn phòng UBND tỉnh thông báo để các sở, ngành … biết, thực hiện").
CLOSING = _folded(r"\W*(?:nơi nhận|(?:cuộc|buổi|phiên) (?:họp|làm việc) kết thúc|hội nghị kết thúc|kết thúc hội nghị|"
                  r"biên bản (?:đã )?(?:được|kết thúc)|"
                  r"phản hồi$|các tin khác|tin liên quan|t/m|tm\.|kt\.|tl\.|thư ký\b|[^\n]{0,80}\bthông báo để\b)")
LEAD_IN = re.compile(r":\s*$")
ITEM_HEADING_WORDS = 25
# Who a statement is attributed to; the first speech verb after it says what they said.
HONORIFIC = re.compile(r"(?<!\w)(?:đồng chí|ông|bà)(?!\w)")  # matched with marks: "bà" is not "ba"
# A statement reported from elsewhere ("Theo báo cáo, …"), or one that only announces the
# conclusion ("phát biểu kết luận tại Hội nghị"): not a conclusion.
REPORTED = _folded(r"\W*theo (?:báo cáo|tờ trình)\b")
ANNOUNCING = _folded(r"\W*(?:phát biểu )?(?:kết luận|chỉ đạo)\b[^,;:]*$")
ORDINAL = _folded(r"\W*(?:thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|(?:một|hai|ba|bốn|năm) là)\s*,\s*")


def _conclusion_block(t: Text) -> tuple[int, int, bool] | None:
    """Where the conclusions are, and whether every statement there is one (after a heading
    or a lead-in) or only those attributed to a person."""
    start, every = None, True
    for a, b in t.lines:
        if t.is_heading(a, b) and CONCLUSION_HEADING.match(t.folded, a, b):
            start = b + 1
            break
    if start is None:
        m = CONCLUSION_SENTENCE.search(t.folded)
        if m is None:
            return None
        start, end = t.sentence_at(m.start())
        every = LEAD_IN.search(t.norm, start, end) is not None
    end = len(t.norm)
    for a, b in t.lines:
        if a > start and (CLOSING.match(t.folded, a, b) or (t.is_heading(a, b) and not t.norm[a:b].strip()[:1].isdigit())
                          or " | " in t.norm[a:b]):
            end = a
            break
    return start, end, every


def _conclusions(t: Text, title: str) -> list[Span]:
    """The statements of the conclusions, one per clause between semicolons: what a person is
    reported to conclude (after the speech verb), or the block's sentences; lead-ins, item
    headings, ordinals and tasks left out."""
    block = _conclusion_block(t)
    if block is None:
        return []
    tasks = [region for _, region in _assigned_tasks(t)]
    out = []
    for a, b in t.sentences:
        if not block[0] <= a < block[1] or LEAD_IN.search(t.norm[a:b]) or t.is_heading(a, b) or \
                _item_heading(t, a, b) or REPORTED.match(t.folded, a, b):
            continue
        start = _attributed(t, a, b)
        if start is None and not block[2]:
            continue
        pos = start if start is not None else a
        pos = ORDINAL.match(t.folded, pos, b).end() if ORDINAL.match(t.folded, pos, b) else pos
        while pos < b:
            stop = _clause_end(t, pos, b, stops=";")
            span = t.span(pos, stop)
            if span and _words(span) >= SAID_MIN_WORDS and not ANNOUNCING.match(t.folded, pos, stop) and \
                    not any(2 * (min(e, stop) - max(s, pos)) >= stop - pos for s, e in tasks):
                out.append(span)  # a clause that mostly states a task is one
            pos = stop + 1
    return out


def _attributed(t: Text, a: int, b: int) -> int | None:
    """Where what a person is reported to say in the sentence ``a:b`` begins ("Đồng chí yêu
    cầu không tăng …": at "yêu cầu"), or None."""
    person = HONORIFIC.search(t.lower, a, b)
    if person is None:
        return None
    verb = SPEECH.search(t.norm, person.end(), min(b, person.end() + PERSON_REACH))
    if verb is None:
        return None
    return verb.start("verb") if verb.group("presents") and ":" not in verb.group(0) else verb.end()


def _item_heading(t: Text, a: int, b: int) -> bool:
    """A numbered line that only names its item ("2. Giao Sở Nội vụ", "1. Đánh giá chung")."""
    line_start, line_end = t.line_at(a)
    line = t.norm[line_start:line_end].strip()
    return NUMBERED.match(line) is not None and len(line.split()) <= ITEM_HEADING_WORDS and line[-1:] not in ".;"


# "đề nghị", "kiến nghị", "đề xuất" used as verbs: what follows is the proposal; as nouns
# ("các kiến nghị", "kiến nghị, đề xuất", "đề xuất của …") they propose nothing.
PROPOSAL = re.compile(r"(?<!\w)(?:đề nghị|kiến nghị|đề xuất)(?!\w)")
NOUN_BEFORE = re.compile(r"(?:\b(?:các|những|mọi|tiếp thu|ghi nhận|giải quyết|tập hợp|đối với|về|nhiều)|"
                         r"(?:đề nghị|kiến nghị|đề xuất)(?:,| và| hoặc))\s*$")
# "đề xuất của UBND huyện Thanh Oai về việc …": a named body's proposal, stated as a noun.
PROPOSAL_OF = re.compile(rf"(?:[Kk]iến nghị|[Đđ]ề xuất) của (?=[{_CAPITAL}])")
NOUN_AFTER = re.compile(r"\s*(?:[.;:)]|$|,\s*(?:đề nghị|kiến nghị|đề xuất)|\s(?:và|hoặc)\s+(?:đề nghị|kiến nghị|đề xuất)"
                        r"|\s+(?:của|này|đó|trên|nêu|đã|được)\b)")


def _proposals(t: Text, title: str) -> list[Span]:
    """What is proposed after "đề nghị", "kiến nghị", "đề xuất" used as verbs; not in a task,
    and not the requests ("đề nghị") of an invitation or of the conclusions, which ask rather
    than propose."""
    out = []
    tasks = [region for _, region in _assigned_tasks(t)]
    block = _conclusion_block(t)
    asks = [(block[0], block[1])] if block else []
    asks += [(0, len(t.norm))] if _kind(t, title) == "invitation" else []
    for m in PROPOSAL.finditer(t.lower):
        a, b = t.sentence_at(m.start())
        if PROPOSAL_OF.match(t.norm, m.start()):
            span = t.span(m.start(), _clause_end(t, m.end(), b))
            out += [span] if span else []
            continue
        if NOUN_BEFORE.search(t.lower, max(a, m.start() - 20), m.start()) or NOUN_AFTER.match(t.lower, m.end()) or \
                any(p <= m.start() < q for p, q in tasks) or \
                (m.group(0) == "đề nghị" and any(p <= m.start() < q for p, q in asks)):
            continue
        span = t.span(m.end(), _clause_end(t, m.end(), b, stops=".;\n"))
        if span and len(span.text.split()) >= SAID_MIN_WORDS:
            out.append(span)
    return out


# ---------------------------------------------------------------- tasks

# A task table's header: which column holds what (diacritic-free, first match wins).
TASK_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, _folded(p)) for name, p in (
    ("task", r"nội dung|nhiệm vụ|công việc"),
    ("assignee", r"đơn vị|chủ trì|thực hiện|phụ trách|cơ quan"),
    ("deadline", r"thời hạn|hạn\b|thời gian|tiến độ"),
))
# Who is given a task: "Giao Sở Nội vụ …", "giao các vụ, đơn vị …", "giao đồng chí X …",
# "yêu cầu Sở Y …" (a named body), not "giao ban", "bàn giao", "được giao", "ngoại giao",
# "nút giao"; the assignee runs
# to the first verb of the task (or to the clause end).
ASSIGN = re.compile(rf"(?<![\w])(?<!được )(?<!bàn )(?<!chuyển )(?<!nút )(?<!ngoại )(?:[Gg]iao\s+(?=các\s|đồng chí\s|[^\W\d_]*[{_CAPITAL}])|"
                    rf"[Yy]êu cầu\s+(?=[^\W\d_]*[{_CAPITAL}]))")
# A request ("Đề nghị UBND các huyện gửi danh sách … trước ngày 24/4/2024") is a task when it
# sets a deadline, or when it is an item of the conclusions ("2.6. Đề nghị Ban Tổ chức …").
REQUEST = re.compile(rf"(?<![\w])[Đđ]ề nghị\s+(?=các\s|[^\W\d_]*[{_CAPITAL}])")
# A verb of a task; after "được", "việc", "đoàn" … the word is a noun ("đoàn kiểm tra").
TASK_VERB = re.compile(r"(?<!được)(?<!bị)(?<!việc)(?<!cuộc)(?<!đoàn)(?<!tổ)(?<!sự)\s(?:chủ trì|phối hợp|rà soát|hoàn thiện|"
                       r"hoàn thành|tổ chức|xây dựng|báo cáo|tham mưu|theo dõi|thực hiện|khẩn trương|nghiên cứu|tổng hợp|"
                       r"hướng dẫn|kiểm tra|cân đối|chỉ đạo|tiếp thu|lấy|gửi|trình|ban hành|cập nhật|triển khai|đôn đốc|"
                       r"xem xét|bố trí|chuẩn bị|giải quyết|soạn thảo|đề xuất|phụ trách|làm|có trách nhiệm|thẩm định|lập|"
                       r"phê duyệt|bảo đảm|quản lý|thông báo|ghi lại|chủ động|sửa đổi|bổ sung)\b")
ASSIGNEE_REACH = 120
ASSIGNEE_MAX_WORDS = 12
NUMBERED = re.compile(r"[ \t]*\d{1,2}(?:\.\d{1,2})*\.\s")
# An item of a list under a lead-in ("yêu cầu Đảng ủy phường:"): "a) …", "- …", "1. …".
LIST_ITEM = re.compile(r"[ \t]*(?:[a-zđ]\)|[-+•*]|\d{1,2}[.)])\s")
PAGE_NUMBER = re.compile(r"\s*trang \d+\s*/\s*\d+\s*$")
# A section of who does what ("IV. Tổ chức thực hiện", "Phân công thực hiện:"): its items and
# clauses read "Sở Nội vụ chủ trì …; Sở Tài chính thẩm định …".
TASK_SECTION = _folded(r"[\W]*(?:[ivx]+\.|\d+\.)?\s*(?:tổ chức thực hiện|phân công (?:thực hiện|nhiệm vụ))\s*:?\s*$")
# Deadlines, diacritic-free: "trước ngày 30/4/2024", "trước 16 giờ 00 ngày 2/7/2024", "trong
# tháng 5 năm 2024", "quý II/2024", "trong 30 ngày kể từ …", "trước ngày 25 hằng tháng",
# "trước năm học 2024 - 2025". ``STRICT`` ones ("trước", "chậm nhất") set a task of their own.
_BY = r"(?:trước|chậm nhất(?: là)?|hạn chót)"
DEADLINES = _folded(rf"\b(?:{_BY}|hoàn thành trong|từ|trong)\s+(?:\d{{1,2}}\s*giờ(?:\s*\d{{1,2}})?(?:\s*phút)?\s*,?\s*)?"
                    r"(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\b(?:trước|trong)\s+(?:tháng\s+\d{1,2}"
                    r"(?:\s+năm\s+\d{4}|/\d{4})|quý\s+[ivx]+(?:/\d{4}|\s+năm\s+\d{4})?|năm học \d{4}\s*-\s*\d{4})|"
                    r"\btrong\s+(?:thời hạn\s+)?\d+\s+ngày\b[^.;,\n]*|\btrước ngày \d{1,2} hằng tháng")
STRICT = _folded(rf"{_BY}\b")
# What is left of a task before its deadline: "…, hoàn thành" (trước ngày …).
TASK_TAIL = _folded(r"(?:,?\s*hoàn thành)?[\s,;]*$")


def _tasks(t: Text, title: str) -> list[Task]:
    """Task-table rows, then "giao …" / "yêu cầu …" / request tasks and the items of a
    "Tổ chức thực hiện" section, each task text read once."""
    tasks = _table_tasks(t)
    covered: list[tuple[int, int]] = []
    for task in [task for found, _ in _assigned_tasks(t) for task in found] + _section_tasks(t):
        if not any(a <= task.task.start < b for a, b in covered):
            tasks.append(task)
            covered.append((task.task.start, task.task.end))
    return tasks


def _cells(t: Text, a: int, b: int) -> list[tuple[int, int]]:
    """The cells of a table line ("a | b | c", Markdown pipes too)."""
    cells, pos = [], a
    while pos <= b:
        stop = t.norm.find("|", pos, b)
        stop = b if stop < 0 else stop
        if t.norm[pos:stop].strip() or pos > a:
            cells.append((pos, stop))
        pos = stop + 1
    return [c for c in cells if t.norm[c[0]:c[1]].strip()]


def _table_tasks(t: Text) -> list[Task]:
    tasks: list[Task] = []
    columns: dict[str, int] = {}
    for a, b in t.lines:
        if "|" not in t.norm[a:b]:
            columns = {}
            continue
        cells = _cells(t, a, b)
        header = _task_columns(t, cells)
        if "task" in header and "assignee" in header:
            columns = header
            continue
        if not columns or set(t.norm[a:b]) <= set("|-: "):
            continue
        spans = {name: t.span(*cells[i]) if i < len(cells) else None for name, i in columns.items()}
        if spans.get("task"):
            tasks.append(Task(spans["task"], spans.get("assignee"), spans.get("deadline")))
    return tasks


def _task_columns(t: Text, cells: list[tuple[int, int]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, (a, b) in enumerate(cells):
        cell = t.folded[a:b]
        name = next((n for n, p in TASK_COLUMNS if n not in columns and p.search(cell)), None)
        if name:
            columns[name] = i
    return columns


def _assigned_tasks(t: Text) -> list[tuple[list[Task], tuple[int, int]]]:
    """Tasks given by "giao X …", "yêu cầu X …" or a request with a deadline, each cue's with
    the text that states them: a numbered item whose heading line is "N. Giao X" (its body the
    task), a lead-in "yêu cầu X:" (each item after it a task), or a clause "giao X làm …" (the
    rest of the sentence)."""
    tasks: list[tuple[list[Task], tuple[int, int]]] = []
    block = _conclusion_block(t)
    cues = sorted([(m, False) for m in ASSIGN.finditer(t.norm)] + [(m, True) for m in REQUEST.finditer(t.norm)],
                  key=lambda c: c[0].start())
    for m, request in cues:
        line_start, line_end = t.line_at(m.start())
        number = NUMBERED.match(t.norm, line_start)
        item = number is not None and not t.norm[number.end():m.start()].strip()
        heading = item and _item_heading(t, line_start, line_end)
        reach = min(line_end, m.end() + ASSIGNEE_REACH)
        verb = TASK_VERB.search(t.norm, m.end(), reach)
        clause_end = _clause_end(t, m.end(), reach, stops=".;:\n")
        who_end = verb.start() if verb and verb.start() < clause_end else (line_end if heading else clause_end)
        assignee = t.span(m.end(), who_end)
        if not heading and (assignee is None or _words(assignee) > ASSIGNEE_MAX_WORDS):
            continue  # no task verb near: not an assignment
        strict = request and not (block is not None and block[0] <= m.start() < block[1] and item)  # see REQUEST
        if heading:
            end = _item_end(t, line_end + 1)
            found = _body_tasks(t, line_end + 1, end, assignee, strict)
        elif t.norm[who_end:who_end + 1] == ":" and not t.norm[who_end + 1:line_end].strip():
            found, end = _listed_tasks(t, line_end + 1, assignee, strict)
        else:
            end = _clause_end(t, who_end, t.sentence_at(m.start())[1] + 1, stops=".\n")
            found = _body_tasks(t, who_end, end, assignee, strict)
        if found:
            tasks.append((found, (line_start if item else m.start(), end)))
    return tasks


def _listed_tasks(t: Text, start: int, assignee: Span | None, strict: bool = False) -> tuple[list[Task], int]:
    """The items of a list from ``start`` ("a) Bổ sung …;"), each a task of ``assignee``, and
    where the list ends."""
    tasks, end = [], start
    for a, b in t.lines:
        if a < start:
            continue
        if not LIST_ITEM.match(t.norm, a):
            break
        tasks += _body_tasks(t, LIST_ITEM.match(t.norm, a).end(), b, assignee, strict)
        end = b
    return tasks, end


def _body_tasks(t: Text, a: int, b: int, assignee: Span | None, strict: bool = False) -> list[Task]:
    """The task of ``assignee`` stated in ``a:b``: its first sentence's first clause, without
    its deadline; the deadline stated with it (or else later in the sentence); and each later
    clause with a deadline of its own ("…; gửi hồ sơ … trước ngày 31/5/2024") when the first
    has one too. ``strict``: only tasks with a deadline "trước …" (a request's)."""
    end = _clause_end(t, a, b, stops=".")
    clauses, pos = [], a
    while pos < end:
        stop = _clause_end(t, pos, end, stops=";")
        clauses.append((pos, stop))
        pos = stop + 1
    if not clauses:
        return []
    deadline = DEADLINES.search(t.folded, a, end)
    if strict and not (deadline and STRICT.match(t.folded, deadline.start())):
        return []
    first = _task_of(t, *clauses[0], assignee, deadline)
    tasks = [first] if first else []
    if first and deadline and deadline.start() < clauses[0][1]:
        for p, q in clauses[1:]:
            own = DEADLINES.search(t.folded, p, q)
            if own and STRICT.match(t.folded, own.start()) and not ASSIGN.search(t.norm, p, q):
                task = _task_of(t, p, q, assignee, own)
                tasks += [task] if task else []
    return tasks


def _task_of(t: Text, a: int, b: int, assignee: Span | None, deadline: re.Match[str] | None) -> Task | None:
    """A task from ``a:b``, cut before its deadline when the deadline is within it."""
    cut = deadline.start() if deadline and a <= deadline.start() < b else b
    cut = TASK_TAIL.search(t.folded, a, cut).start()
    task = t.span(a, cut)
    if task is None or _words(task) < 2:
        return None
    return Task(task, assignee, t.span(*deadline.span()) if deadline else None)


def _section_tasks(t: Text) -> list[Task]:
    """The items and clauses of a "Tổ chức thực hiện" section that read "<body> <task verb> …"."""
    tasks: list[Task] = []
    start = next((b + 1 for a, b in t.lines if TASK_SECTION.match(t.folded, a, b)), None)
    if start is None:
        return tasks
    for a, b in t.lines:
        if a < start:
            continue
        if t.is_heading(a, b) or CLOSING.match(t.folded, a, b) or (_item_heading(t, a, b) and a > start):
            break
        if "|" in t.norm[a:b]:
            continue  # a table's rows are read as a task table
        pos = NUMBERED.match(t.norm, a).end() if NUMBERED.match(t.norm, a) else a
        while pos < b:
            stop = _clause_end(t, pos, b, stops=";")
            tasks += _subject_task(t, pos, stop)
            pos = stop + 1
    return tasks


def _subject_task(t: Text, a: int, b: int) -> list[Task]:
    """"Sở Tài chính thẩm định kinh phí": a body (a capital, or "các …") and its task."""
    verb = TASK_VERB.search(t.norm, a, min(b, a + ASSIGNEE_REACH))
    assignee = t.span(a, verb.start()) if verb else None
    if assignee is None or not (assignee.text[:1].isupper() or assignee.text.lower().startswith("các ")) \
            or _words(assignee) > ASSIGNEE_MAX_WORDS:
        return []
    return _body_tasks(t, verb.start(), b, assignee)


def _item_end(t: Text, start: int) -> int:
    """Where a numbered item's body ends: at the next numbered line, heading, page number or close."""
    for a, b in t.lines:
        if a >= start and (NUMBERED.match(t.norm, a) or t.is_heading(a, b) or CLOSING.match(t.folded, a, b)
                           or PAGE_NUMBER.match(t.folded, a, b)):
            return a
    return len(t.norm)


# ---------------------------------------------------------------- the record

def _signer(t: Text, title: str) -> Span | None:
    fact = read_fact(t.raw, SIGNER)
    return t.raw_span(fact.start, fact.end) if fact else None


_FIELDS: dict[str, Callable[[Text, str], object]] = {
    "kind": _kind, "title": _title, "date": _date, "time": _time, "place": _place, "chair": _chair,
    "attendees": _attendees, "speakers": _speakers, "conclusions": _conclusions, "proposals": _proposals,
    "tasks": _tasks, "signer": _signer,
}


def extract_record(doc_id: str, text: str, title: str) -> MeetingRecord:
    """The meeting record of the document ``doc_id`` from its loaded ``text`` and ``title``."""
    t = Text(text)
    return MeetingRecord(doc=doc_id, **{name: read(t, title) for name, read in _FIELDS.items()})
