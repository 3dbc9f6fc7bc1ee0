"""The span of a sentence that answers a question: a person, a date, a number, a place, a clause.

Staff want "đồng chí Mai Văn Chính, Phó Trưởng ban Thường trực…", "5-5-2022", "16 ý kiến", not a
paragraph. The question's wording says what kind of span it wants (``classify``); patterns
for Vietnamese names with titles, dates and quantities find candidates in the evidence
sentence, and the candidate nearest to the words the question shares with the sentence wins.
Spans are offsets into the sentence as given, so the caller can map them to the document.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .normalize import fold_diacritics

WHO, ROLE, WHEN, HOW_MANY, WHERE, WHY, HOW, WHAT = (
    "who", "role", "when", "how_many", "where", "why", "how", "what")

# Question cues, matched on diacritic-free lower-case text so that "ai phat bieu" works too.
# Order matters: "ngày nào" is a date question even though "nào" alone is not.
_CUES: list[tuple[str, str]] = [
    (ROLE, r"\b(chuc vu|chuc danh|giu chuc|cuong vi|dam nhiem chuc)\b"),
    (WHY, r"\b(vi sao|tai sao|ly do|nguyen nhan|de lam gi|muc dich|vi dau)\b"),
    (WHEN, r"\b(khi nao|bao gio|ngay nao|nam nao|thang nao|thoi gian nao|luc nao|hom nao|"
           r"thoi diem nao|ngay bao nhieu|ngay may|nam bao nhieu|thoi han|han chot|may gio|"
           r"luc may gio|vao ngay|ban hanh ngay|dien ra ngay|nam may)\b"),
    (HOW_MANY, r"\b(bao nhieu|may|so luong|ty le)\b"),
    (WHERE, r"\b(o dau|tai dau|noi nao|dia diem nao|dia diem|dau\W*$)"),
    (WHO, r"(^|\s)(ai|nguoi nao|dong chi nao|ong nao|ba nao|ai la|co quan nao|don vi nao|"
          r"chu tri|thu ky)(\s|\?|$)"),
    (HOW, r"\b(nhu the nao|the nao|bang cach nao|ra sao|cach nao)\b"),
]


def classify(question: str) -> str:
    """What kind of answer the question asks for."""
    folded = fold_diacritics(question.lower())
    for kind, pattern in _CUES:
        if re.search(pattern, folded):
            return kind
    return WHAT


@dataclass
class Span:
    start: int
    end: int
    kind: str
    strong: bool = True  # of the kind asked (a person, a date with a day…), not a fallback



def _vietnamese_letters() -> str:
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    return "".join(sorted(letters | set("bcdđfghjklmnpqrstvwxz")))


_LOWER_LETTERS = _vietnamese_letters()
_UPPER_LETTERS = _LOWER_LETTERS.upper()
CAPITALIZED = _CAP = rf"[{_UPPER_LETTERS}][^\W\d_]*"  # a capitalized Vietnamese word
_LOW = rf"[{_LOWER_LETTERS}][^\W\d_]*"
_HONORIFIC = r"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|GS\.|PGS\.|TS\.|ThS\.|Thiếu tướng|Trung tướng|Đại tá|Thượng tá)"
_NAME = rf"{_CAP}(?: {_CAP}){{1,4}}"
_PERSON = re.compile(rf"(?:{_HONORIFIC}(?:\.| )\s*)?{_NAME}")
# Lower-case syllables that belong to titles and office names ("Phó Chủ tịch UBND thành phố").
_TITLE_WORDS = frozenset(
    "thành phố tỉnh huyện xã quận phường thị trấn ban thường trực vụ viên chủ tịch nhân dân "
    "phó trưởng bí thư giám đốc ủy kiêm tổng cục sở bộ văn phòng hội đồng đảng đoàn cán sự "
    "trung ương chính phủ quốc hội".split()
)
_DATE = re.compile(
    r"(?:(?:sáng|chiều|tối|trưa|đêm|rạng sáng) (?:ngày )?|ngày )?\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?"
    r"|(?:(?:sáng|chiều|tối|trưa) )?ngày \d{1,2} tháng \d{1,2}(?: năm \d{4})?"
    r"|\d+ tháng (?:đầu|cuối) năm \d{4}"
    r"|(?:quý [IV1-4]+|tháng \d{1,2})(?:/| năm )\d{4}"
    r"|(?:giữa |cuối |đầu )?năm \d{4}"
    r"|\d{1,2} giờ(?: \d{1,2}(?: phút)?)?(?: (?:sáng|chiều|tối))?(?:,? ngày \d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?)?",
    re.IGNORECASE,
)
_NUMBER_WORDS = "một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|triệu|tỷ|tỉ"
_QUANTITY = re.compile(
    rf"(?:(?:trên|hơn|gần|khoảng|dưới|tổng cộng|tổng số|tới|đến|chỉ|gồm|có) )?"
    rf"(?:\d[\d.,]*(?: ?%)?|(?:{_NUMBER_WORDS})(?: (?:{_NUMBER_WORDS}))*)"
    rf"(?: (?:triệu|tỷ|tỉ|nghìn|ngàn|trăm))?"
    rf"(?: (?!(?:năm|tháng|ngày)\b){_LOW}){{0,3}}",
)
_PLACE = re.compile(r"\b(?:tại|ở) ((?:[^\W_]+(?:[ -]|(?=[,.;:]|$))){1,8}?)(?=[,.;:(]|$| (?:vào|ngày|do|với|để|nhằm|từ)\b)",
                    re.IGNORECASE)
_REASON = re.compile(r"\b(?:do|vì|bởi vì|bởi|nhằm|để|nguyên nhân là|lý do là)\b ", re.IGNORECASE)
_CAPITALIZED_RUN = re.compile(rf"{_CAP}(?: (?:{_CAP}|(?:{_LOW})))*")


def _extend_title(sentence: str, end: int) -> int:
    """Extend a name over the titles that follow it: ", Ủy viên Trung ương Đảng, Phó Trưởng ban…"."""
    while True:
        m = re.match(r", ?", sentence[end:])
        if not m:
            return end
        pos = end + m.end()
        words = list(re.finditer(r"[^\W_]+(?:/[^\W_]+)?", sentence[pos:]))
        if not words or not words[0].group(0)[0].isupper():
            return end
        seg_end = pos
        prev_upper = False
        for w in words:
            text = w.group(0)
            gap = sentence[seg_end:pos + w.start()]
            if seg_end > pos and gap.strip():
                break  # punctuation ends the title
            if text[0].isupper() or prev_upper or text.lower() in _TITLE_WORDS:
                seg_end = pos + w.end()
                prev_upper = text[0].isupper()
            else:
                break
        if seg_end == pos:
            return end
        end = seg_end


def _nearest(candidates: list[tuple[int, int]], anchors: list[int]) -> tuple[int, int] | None:
    if not candidates:
        return None
    if not anchors:
        return candidates[0]
    return min(candidates, key=lambda c: min(abs((c[0] + c[1]) / 2 - a) for a in anchors))


def _not_in_question(spans: list[tuple[int, int]], sentence: str, question: str) -> list[tuple[int, int]]:
    folded_q = fold_diacritics(question.lower())
    return [s for s in spans if fold_diacritics(sentence[s[0]:s[1]].lower()) not in folded_q]


_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Mai Đinh Trương Lương "
    "Đào Đoàn Lâm Hà Tô Tạ Cao Châu Chu Quách Thái Triệu Vương Kiều Lưu Tăng Phùng Nông Lò Hứa Giang "
    "Khúc Lại Mạc Quan Tôn Trịnh Thân Nghiêm Đàm Lã La Tống Từ Bạch Diệp Hầu Kim Lục Ninh Tiêu Bế "
    "Doãn Khuất Khổng Ông Âu Văn Thạch Vi Y Hồng Tòng Mẫn Cù Đậu Hoàng".split()
)


def _persons(sentence: str) -> list[tuple[int, int]]:
    """People named with an honorific ("đồng chí …", "ông …") or a Vietnamese surname, each
    with the titles that follow the name."""
    spans: list[tuple[int, int]] = []
    for m in _PERSON.finditer(sentence):
        if spans and m.start() < spans[-1][1]:
            continue  # a capitalized run inside the previous person's title
        has_honorific = not m.group(0)[0].isupper() or re.match(_HONORIFIC, m.group(0)) is not None
        first_name_word = re.sub(rf"^{_HONORIFIC}\.?\s*", "", m.group(0)).split()[0]
        if not has_honorific and first_name_word not in _SURNAMES:
            continue
        spans.append((m.start(), _extend_title(sentence, m.end())))
    return spans


def _title_of(sentence: str, person: tuple[int, int]) -> tuple[int, int] | None:
    """The titles part of a person span ("Ủy viên Trung ương Đảng, Phó Trưởng ban…")."""
    comma = sentence.find(",", person[0], person[1])
    if comma < 0:
        return None
    start = comma + 1 + (len(sentence[comma + 1:]) - len(sentence[comma + 1:].lstrip()))
    return (start, person[1]) if person[1] > start else None


def _clause_after(sentence: str, pos: int) -> tuple[int, int] | None:
    """From ``pos`` to the end of its clause, skipping a leading "là", colon or comma."""
    m = re.match(r"[\s,:]*(?:là\s+|gồm\s+|như\s+sau\s*:\s*)?", sentence[pos:])
    start = pos + (m.end() if m else 0)
    end_m = re.search(r"[.;!?](?:\s|$)", sentence[start:])
    end = start + end_m.start() if end_m else len(sentence.rstrip(" ."))
    return (start, end) if len(sentence[start:end].split()) >= 1 else None


_ORG_QUESTION = re.compile(r"\b(co quan|don vi|ban|bo|so|to chuc|nganh|cuc|vu) nao\b")
_DAY_QUESTION = re.compile(r"\b(ngay nao|ngay bao nhieu|ngay may|vao ngay|hom nao)\b")
_HAS_DAY = re.compile(r"\d{1,2}[/.\-]\d{1,2}|ngày \d", re.IGNORECASE)
_PLACE_LABEL = re.compile(r"(?:^|\b)(?:[Đđ]ịa điểm|[Nn]ơi (?:họp|tổ chức))\s*:\s*([^.;]+)")
# Address parts that continue a place after a comma: "Phòng họp số 2, tầng 4, trụ sở Quận ủy".
_ADDRESS_PART = re.compile(r", ?(?:số \d|tầng|trụ sở|phường|quận|huyện|thị xã|thành phố|tỉnh|đường|xã|phòng)[^,.;]*",
                           re.IGNORECASE)


def _extend_place(sentence: str, end: int) -> int:
    """Extend a place over the address parts and the parenthesis that follow it."""
    while True:
        m = _ADDRESS_PART.match(sentence, end) or re.compile(r" ?\([^)]*\)").match(sentence, end)
        if not m:
            return end
        end = m.end()


_NOT_PLACES = frozenset({"hội nghị", "cuộc họp", "buổi họp", "đây", "đó", "buổi làm việc"})
_MONEY = re.compile(r"đồng|tỷ|tỉ|triệu|nghìn|usd|\$", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"^(?:năm )?(?:19|20)\d\d$")


def _quantities(sentence: str, question: str) -> tuple[list[tuple[int, int]], bool]:
    """Number-with-unit spans, and whether they are of the unit the question counts."""
    spans = [m.span() for m in _QUANTITY.finditer(sentence) if any(c.isdigit() for c in m.group(0))] or \
            [m.span() for m in _QUANTITY.finditer(sentence)]
    spans = [(a, b) for a, b in spans if sentence[a:b].strip()]
    unit = _asked_unit(question)
    if unit and unit.split()[0] == "tiền":
        money = [(a, b) for a, b in spans if _MONEY.search(sentence[a:b])]
        return money or spans, bool(money)
    with_unit = [(a, b) for a, b in spans if unit and unit.split()[0] in sentence[a:b].lower()]
    cut = [_cut_unit(sentence, a, b, unit) for a, b in (with_unit or spans)]
    if unit:
        return cut, bool(with_unit)
    return cut, any(not _YEAR_ONLY.match(sentence[a:b].strip()) for a, b in cut)


def extract(question: str, sentence: str, anchors: list[int], kind: str | None = None) -> Span | None:
    """The answer span in ``sentence`` for ``question``, or None when none of the kind is there.

    ``anchors`` are positions in the sentence of words it shares with the question; the
    candidate nearest them is chosen, and for open questions the answer is what follows them.
    """
    kind = kind or classify(question)
    folded_question = fold_diacritics(question.lower())
    spans: list[tuple[int, int]] = []
    strong = True
    if kind == WHO:
        spans = _not_in_question(_persons(sentence), sentence, question)
        if not spans:
            spans = _not_in_question([m.span() for m in _CAPITALIZED_RUN.finditer(sentence)
                                      if len(m.group(0).split()) >= 2], sentence, question)
            strong = bool(_ORG_QUESTION.search(folded_question))
    elif kind == ROLE:
        spans = [title for person in _persons(sentence) if (title := _title_of(sentence, person))]
    elif kind == WHEN:
        spans = [m.span() for m in _DATE.finditer(sentence)]
        if _DAY_QUESTION.search(folded_question):
            with_day = [(a, b) for a, b in spans if _HAS_DAY.search(sentence[a:b])]
            spans, strong = (with_day, True) if with_day else (spans, False)
    elif kind == HOW_MANY:
        spans, strong = _quantities(sentence, question)
    elif kind == WHERE:
        labelled = [m.span(1) for m in _PLACE_LABEL.finditer(sentence)]
        found = labelled or [(a, _extend_place(sentence, b)) for a, b in (m.span(1) for m in _PLACE.finditer(sentence))]
        spans = [s for s in _not_in_question(found, sentence, question)
                 if sentence[s[0]:s[1]].lower() not in _NOT_PLACES]
    elif kind == WHY:
        reason = [m.end() for m in _REASON.finditer(sentence)]
        found = _nearest([(p, p) for p in reason], anchors)
        if found:
            clause = _clause_after(sentence, found[0])
            spans = [clause] if clause else []
    chosen = _nearest(spans, anchors)
    if chosen is None and kind in (WHAT, HOW, WHY) and anchors:
        strong = kind != WHY
        chosen = _clause_after(sentence, _word_end(sentence, max(anchors)))
        if chosen and chosen[1] - chosen[0] < 3:
            chosen = None
    if chosen is None:
        return None
    start, end = chosen
    text = sentence[start:end]
    end = start + len(text.rstrip(" ,;:.")) if kind != WHEN else start + len(text.rstrip(" ,;:"))
    return Span(start, end, kind, strong) if end > start else None


def _word_end(sentence: str, pos: int) -> int:
    m = re.match(r"[^\W_]*", sentence[pos:])
    return pos + (m.end() if m else 0)


def _asked_unit(question: str) -> str | None:
    """The words after "bao nhiêu"/"mấy": what is being counted ("ý kiến", "đảng viên")."""
    m = re.search(r"(?:bao nhiêu|mấy)\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)", question.lower())
    return m.group(1) if m else None


def _cut_unit(sentence: str, start: int, end: int, unit: str | None) -> tuple[int, int]:
    """End a quantity after its unit ("bao nhiêu ý kiến" -> "16 ý kiến"), else at most two
    words after the number."""
    text = sentence[start:end]
    if unit:
        for unit in (unit, unit.split()[0]):
            pos = text.lower().find(unit)
            if pos > 0:
                return start, start + pos + len(unit)
    number = re.search(r"\d[\d.,]*(?: ?%)?", text)
    after = number.end() if number else 0
    words = list(re.finditer(r"\S+", text[after:]))
    if len(words) > 2:
        return start, start + after + words[1].end()
    return start, end
