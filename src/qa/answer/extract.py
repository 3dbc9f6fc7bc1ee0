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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..ingest.normalize import fold_diacritics

WHO, ROLE, WHEN, HOW_MANY, WHERE, WHY, HOW, WHAT, CONTACT = (
    "who", "role", "when", "how_many", "where", "why", "how", "what", "contact")

# Question cues. A question typed with tone marks is matched as written ("câu nói nào" is not
# "nơi nào"); one typed without them against the cues with their marks folded ("ai phat bieu").
# Order matters: "ngày nào" is a date question even though "nào" alone is not.
_CUES: list[tuple[str, str]] = [
    (CONTACT, r"\b(số điện thoại|số máy|đường dây nóng|hotline|số fax|email|e-mail|thư điện tử)\b"),
    # A post asked for ("giữ chức vụ gì", "với cương vị nào"); "Ai đảm nhiệm chức vụ thủ tướng?"
    # asks for a person, "giữ bao nhiêu chức vụ" for a number.
    (ROLE, r"\b(chức vụ|chức danh|giữ chức|cương vị)(?: [^\W\d_]+){0,2} (gì|nào)\b"),
    (WHY, r"\b(vì sao|tại sao|lý do|nguyên nhân|để làm gì|mục đích|vì đâu)\b"),
    (WHEN, r"\b(khi nào|bao giờ|ngày nào|năm nào|tháng nào|thời gian nào|lúc nào|hôm nào|"
           r"thời điểm nào|ngày bao nhiêu|ngày mấy|năm bao nhiêu|thời hạn|hạn chót|mấy giờ|"
           r"lúc mấy giờ|vào ngày|ban hành ngày|diễn ra ngày|năm mấy)\b"),
    (HOW_MANY, r"\b(bao nhiêu|mấy|số lượng|tỷ lệ|bao lâu)\b"),
    (WHERE, r"\b(ở đâu|tại đâu|nơi nào|địa điểm nào|địa điểm|phòng nào|phòng họp nào|hội trường nào|đâu\W*$)"),
    (WHO, r"(^|\s)(ai|người nào|đồng chí nào|ông nào|bà nào|ai là|cơ quan nào|đơn vị nào|"
          r"chủ trì|thư ký)(\s|\?|$)"),
    (HOW, r"\b(như thế nào|thế nào|bằng cách nào|ra sao|cách nào)\b"),
]
_CUES_FOLDED = [(kind, fold_diacritics(pattern)) for kind, pattern in _CUES]


def classify(question: str) -> str:
    """What kind of answer the question asks for."""
    text = question.lower()
    cues = _CUES_FOLDED if fold_diacritics(text) == text else _CUES
    for kind, pattern in cues:
        if re.search(pattern, text):
            if kind == HOW_MANY and not re.search(r"\b(?:bao nhi[eê]u|m[aấ]y|bao l[aâ]u)\b", text) and \
                    re.search(r"\b[^\W\d_]+ n[aà]o\b", text):
                return WHAT  # "Sân bay nào có số lượng phi cơ nhiều nhất?" asks which one
            return kind
    return WHAT


# What marks a span as a time ("khi quần đảo tách ra", "năm 36 tuổi", "dưới thời…") or a count.
_TIME_WORDS = re.compile(r"\b(?:khi|lúc|năm|tháng|ngày|tuần|giờ|thế kỷ|thế kỉ|thời|tuổi|sau|trước|trong|từ|"
                         r"dưới|giai đoạn|mùa|buổi|sáng|chiều|tối|đêm|hôm|đầu|cuối|\d+)\b", re.IGNORECASE)


def reads_as(kind: str, text: str, question: str) -> bool:
    """Whether a span the reading model marked is of the kind asked when the rules found none in
    its sentence: a time for "khi nào", a number for "bao nhiêu" (other kinds: not checked here),
    not one the question already gives ("6 tháng đầu năm 2023 … tổ chức ngày nào?")."""
    if fold_diacritics(text.lower()) in fold_diacritics(question.lower()):
        return False
    if kind == WHEN:
        return _TIME_WORDS.search(text) is not None
    if kind == HOW_MANY:  # a sum of money, a share, or of what is counted, as the question asks
        lowered = question.lower()
        if _QUANTITY.search(text) is None:
            return False
        if _MONEY_QUESTION.search(lowered):
            return _MONEY.search(text) is not None
        if _PERCENT_QUESTION.search(lowered):
            return re.search(r"%|phần trăm", text) is not None
        unit = _asked_unit(question)  # "bao nhiêu trận chiến": "bốn cuộc chiến", not "14 tỉnh"
        return not unit or any(re.search(rf"\b{re.escape(w)}\b", text.lower()) for w in unit.split())
    return False


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
CAPITALIZED = _CAP = rf"[{_UPPER_LETTERS}][^\W\d_]*(?:'[^\W\d_]+)?"  # a capitalized word (also "H'Nhung")
_LOW = rf"[{_LOWER_LETTERS}][^\W\d_]*"
_HONORIFIC = r"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|GS\.|PGS\.|TS\.|ThS\.|Thiếu tướng|Trung tướng|Đại tá|Thượng tá)"
_NAME = rf"{_CAP}(?: {_CAP}){{1,4}}"
_PERSON = re.compile(rf"(?:{_HONORIFIC}(?:\.| )\s*)?{_NAME}")
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
_NUMBER_WORDS = "một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|triệu|tỷ|tỉ"
_QUANTITY = re.compile(
    rf"(?:(?:trên|hơn|gần|khoảng|dưới|tới|đến|chỉ) )?"
    rf"(?:(?<!ngày )(?<![\d/.,])\d+(?:[.,]\d+)*(?:/\d+(?![/.\-]?\d))?(?: ?%)?|\b(?:{_NUMBER_WORDS})\b(?: (?:{_NUMBER_WORDS})\b)*)"
    rf"(?: (?:triệu|tỷ|tỉ|nghìn|ngàn|trăm)\b)?"
    rf"(?: (?!(?:năm|tháng|ngày)\b){_LOW}){{0,3}}",
)
_PLACE_TAIL = r" ((?:[^\W_]+(?:[ -]|(?=[,.;:]|$))){1,12}?)(?=[,.;:(]|$| (?:vào|ngày|do|với|để|nhằm|từ)\b)"
_PLACE = re.compile(rf"\b(?:tại|ở){_PLACE_TAIL}", re.IGNORECASE)
# "vào đâu", "đến đâu": the place follows that word in the sentence too ("cập nhật … vào Cơ sở dữ liệu").
_WHERE_TO = re.compile(r"\b(vào|đến|tới|về|từ|sang|ra) (?:đâu|nơi nào)\b")
# "Do vậy", "vì thế" tell a consequence, not a reason.
_REASON = re.compile(r"\b(?:do|vì|bởi vì|bởi|nhằm|để|nguyên nhân là|lý do là)\b (?!(?:vậy|đó|thế)\b)", re.IGNORECASE)
# A proper name: capitalized words, each with at most one lower-case syllable of the same word
# ("Ban Tổ chức Trung ương", "Bộ Chính trị"), or joined by a hyphen or a particle ("Honoré de Balzac").
_LINK_WORDS = r"(?:bởi|của|do|và|với|tại|ở|cho|từ|đến|là|trong|theo|như|hay|hoặc)\b"
# "Trung ương" (central) ends many names of bodies ("Ban Tổ chức Trung ương").
_NAME_UNIT = rf"(?:Trung ương|{_CAP}(?:-{_CAP})*(?: (?!{_LINK_WORDS}){_LOW}(?= {_CAP}|[,.;:)]|$| và | hoặc ))?)"
_PROPER_NAME = re.compile(rf"{_NAME_UNIT}(?:(?: | (?:de|du|la|van|von|der|di|da) ){_NAME_UNIT})*")


# Words that end a title: the verb or link that follows it ("…, Bí thư Đảng ủy Khối chủ trì").
_TITLE_END = re.compile(
    r"(?:chủ trì|trình bày|phát biểu|báo cáo|cho biết|đề nghị|kiến nghị|đề xuất|ghi nhận|nhấn mạnh|"
    r"khẳng định|phụ trách|tiếp thu|yêu cầu|chỉ đạo|tham dự|dự|ký|đã|đang|sẽ|và|với|tại|có|là|được|"
    r"làm|về|cho|do|thay mặt|nhận|giao|đồng thời|cùng)\b")


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


def _nearest(candidates: list[tuple[int, int]], anchors: Iterable[int]) -> tuple[int, int] | None:
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


# Words that start a title, never a name.
_TITLE_STARTS = frozenset("Trưởng Phó Chủ Bí Giám Vụ Ban Bộ Thủ Tổng Ủy Uỷ Chánh Thứ Cục Viện Phòng".split())


# A name after these is who did something (passive "bởi", "do"; a role).
_AGENT_BEFORE = re.compile(r"(?:\b(?:bởi|do|tác giả|kiến trúc sư|nhà văn|nhà thơ|đạo diễn|nhạc sĩ|họa sĩ|"
                           r"vua|hoàng đế|tướng|đô đốc|tổng thống|thủ tướng|chủ tịch))\s+$", re.IGNORECASE)
# A capitalized run after these is a street or a place named after a person ("số 8 đường Lê Lợi").
_PLACE_BEFORE = re.compile(r"(?:đường|phố|số \d+\w?|quận|huyện|tỉnh|xã|phường|thành phố|thị xã)\s+$", re.IGNORECASE)


def _persons(sentence: str) -> list[tuple[int, int]]:
    """People named with an honorific ("đồng chí …", "ông …") or a Vietnamese surname, each
    with the titles that follow the name; when some have an honorific, only those."""
    spans: list[tuple[int, int, bool]] = []
    for m in _PERSON.finditer(sentence):
        if spans and m.start() < spans[-1][1]:
            continue  # a capitalized run inside the previous person's title
        has_honorific = not m.group(0)[0].isupper() or re.match(_HONORIFIC, m.group(0)) is not None
        first_name_word = re.sub(rf"^{_HONORIFIC}\.?\s*", "", m.group(0)).split()[0]
        if first_name_word in _TITLE_STARTS:
            continue  # "đồng chí Trưởng Ban Tổ chức": a title, the name is elsewhere
        if not has_honorific and (first_name_word not in _SURNAMES
                                  or _PLACE_BEFORE.search(sentence, 0, m.start())):
            continue
        spans.append((m.start(), _extend_title(sentence, m.end()), has_honorific))
    honored = [(a, b) for a, b, h in spans if h]
    return honored or [(a, b) for a, b, _ in spans]


# "thành phố nào", "tên gì": the question asks which one, and a proper name answers it.
_WHICH = re.compile(r"(?<!thế )(?<!như thế )\b[^\W\d_]+ nào\b|\btên (?:là )?gì\b|\bgọi là gì\b")
# Nouns whose "nào" a proper name answers even when the sentence does not repeat the noun.
_NAMED_HEADS = frozenset(fold_diacritics(w) for w in (
    "nước quốc gia thành phố tỉnh huyện xã quận phường sông núi đảo hồ biển vùng miền châu lục địa "
    "tổ chức cơ quan đơn vị công ty tập đoàn đảng trường viện bộ ban sở báo tạp chí đội câu lạc bộ "
    "người ông bà vua tướng nhân vật tác giả ai tên hãng sân bay cảng ga nhà thờ đền chùa cung điện "
    "lâu đài bảo tàng thư viện tác phẩm cuốn phim bài hát tiểu thuyết dân tộc ngôn ngữ tiếng").split())
_LIST_JOIN = re.compile(r",? (?:và|hoặc) |, ")


def _merge_lists(sentence: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names listed together ("Bộ Chính trị, Ban Bí thư", "Pháp và Anh") as one span each list."""
    merged: list[tuple[int, int]] = []
    for a, b in names:
        if merged and _LIST_JOIN.fullmatch(sentence[merged[-1][1]:a]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _which_names(sentence: str, question: str, which: re.Match) -> list[tuple[int, int]]:
    """Proper names the question does not hold, those listed together ("UGC, Gaumont", "Đà Nẵng,
    Quảng Nam và Đắk Lắk") as one span, each with the question's one-word noun just before it
    ("sông Seine" for "sông nào"); when the sentence has that noun, only the names right after it."""
    asked = question.lower()[:which.start()] + which.group(0).split()[0]
    head = [fold_diacritics(w) for w in _TOKEN.findall(asked)[-2:]]
    names = [m.span() for m in _names(sentence)]
    merged = _not_in_question(_merge_lists(sentence, names), sentence, question)
    after_head = [(a, b) for a, b in merged if any(
        fold_diacritics(w.lower()) == head[-1] for w in _TOKEN.findall(sentence[max(0, a - 30):a])[-3:])]
    # The noun inside a longer name: "huyện nào" -> "huyện Thanh Oai" of "UBND huyện Thanh Oai".
    inside = [(a + m.start(), b) for a, b in merged
              if (m := re.search(rf"(?<= ){_LOW}(?= {_CAP})", sentence[a:b]))
              and fold_diacritics(m.group(0).lower()) == head[-1]]
    if not (after_head or inside) and head[-1] not in _NAMED_HEADS:
        return []  # "biện pháp nào", "môn thể thao nào": a phrase answers, not whatever name is near
    return [(_noun_before(sentence, a, head), b) for a, b in (after_head or inside or merged)]


# Words written without tone marks that start sentences; capitalized there, they are no names.
_PLAIN_STARTERS = frozenset("trong theo sau khi do tuy giao hai ba nha qua sang cho ca".split())


def _names(sentence: str) -> list[re.Match]:
    """Proper names of ``sentence``, less capitalized words that only start it."""
    return [m for m in _PROPER_NAME.finditer(sentence) if not _sentence_cased(sentence, m)]


def _sentence_cased(sentence: str, name: re.Match) -> bool:
    """A one-word "name" at the sentence start that is an ordinary word in sentence case: one
    with tone marks ("Nằm", "Để") or a common unmarked one ("Trong", "Giao")."""
    word = name.group(0)
    return name.start() == 0 and " " not in word and (
        fold_diacritics(word) != word or word.lower() in _PLAIN_STARTERS)


def _noun_before(sentence: str, start: int, head: list[str]) -> int:
    """Start of the question's noun when it stands, a word alone, right before a name ("sông
    Seine"), not the end of a longer noun ("địa phương Đà Nẵng")."""
    m = re.search(r"(?:([^\W\d_]+) )?([^\W\d_]+) $", sentence[:start])
    if not m or fold_diacritics(m.group(2).lower()) != head[-1]:
        return start
    longer = len(head) > 1 and m.group(1) is not None and fold_diacritics(m.group(1).lower()) == head[0]
    return start if longer else m.start(2)


_AI = re.compile(r"\b(?:ai|người nào|đồng chí nào)\b")
_AI_FOLDED = re.compile(fold_diacritics(_AI.pattern))
# Words between "ai" and the deed it asks about ("ai đã chủ trì", "do ai thủ vai", "giao cho ai").
_LINKS = frozenset(fold_diacritics(w) for w in "là đã sẽ được đang từng cũng bởi cho của với do và thì".split())
DEED_WORDS = 2  # syllables of the deed looked for in the sentence


_WHO_IS = re.compile(r"\bla ai\W*$")
# "Ai là thư ký…?", "ai làm chủ tọa": the sentence must name that post.
_ROLE_HOLDER = re.compile(r"\b(?:ai|nguoi nao|dong chi nao) (?:la|lam|giu|dam nhan) (" + "|".join(fold_diacritics(r) for r in (
    "thư ký", "chủ tọa", "phó chủ tịch", "chủ tịch", "phó giám đốc", "giám đốc", "tổng bí thư", "phó bí thư", "bí thư",
    "phó trưởng ban", "trưởng ban", "chủ nhiệm", "tổng thống", "thủ tướng", "bộ trưởng", "thứ trưởng",
    "vụ trưởng", "cục trưởng", "chánh văn phòng", "người dẫn chương trình")) + r")\b")


def _description(sentence: str, folded_question: str) -> tuple[int, int] | None:
    """What the sentence says the person of "X là ai?" is: the apposition after X's name
    ("Georges Dayan, một người Do Thái…") or what follows "là" ("FDR (…) là Tổng thống…")."""
    name = _WHO_IS.split(folded_question)[0].strip(" ,")
    if not name:
        return None
    at = fold_diacritics(sentence.lower()).find(name)
    if at < 0:
        return None
    rest = re.match(r"(?:\s*\([^)]*\))*\s*(?:,\s*|là\s+)", sentence[at + len(name):])
    if rest is None:
        return None
    return _name_or_clause(sentence, _clause_after(sentence, at + len(name) + rest.end(), r"[,.;:(]"))


def _after_question_end(sentence: str, question: str) -> tuple[int, int] | None:
    """For a question ending in "… <words> ai?", what follows those words in the sentence, up to
    the end of its clause: the doer or the person the words point at, named or not."""
    folded = fold_diacritics(question.lower())
    m = re.search(r"((?:[^\W\d_]+ ){1,2})ai\W*$", folded)
    if m is None or m.group(1).split()[-1] in ("la", "nhung", "cac"):
        return None
    lead = m.group(1).strip()
    at = fold_diacritics(sentence.lower()).find(f" {lead} ")
    if at < 0:
        return None
    return _name_or_clause(sentence, _clause_after(sentence, at + len(lead) + 2, r"[,.;:(”\"]"))


def _name_or_clause(sentence: str, clause: tuple[int, int] | None) -> tuple[int, int] | None:
    """The name a clause starts with, with those listed along ("Bộ Chính trị, Ban Bí thư"), or
    the clause when it starts with no name."""
    if clause is None:
        return None
    names = _merge_lists(sentence, [m.span() for m in _PROPER_NAME.finditer(sentence, clause[0])])
    return names[0] if names and names[0][0] == clause[0] else clause


def _tells_deed(question: str, sentence: str) -> bool:
    """Whether ``sentence`` names the deed a who-question asks about (the words next to "ai"):
    the person who chaired is not the answer to who was the secretary."""
    text = question.lower()
    ai = (_AI_FOLDED if fold_diacritics(text) == text else _AI).search(text)
    if ai is None:
        return True
    after = [fold_diacritics(w) for w in _TOKEN.findall(text[ai.end():])]
    before = [fold_diacritics(w) for w in _TOKEN.findall(text[:ai.start()])][::-1]
    deed = [w for w in after if w not in _LINKS][:DEED_WORDS] or [w for w in before if w not in _LINKS][:DEED_WORDS]
    present = {fold_diacritics(w.lower()) for w in _TOKEN.findall(sentence) if not w[0].isupper()}
    return not deed or any(w in present for w in deed)


def _name_of(sentence: str, person: tuple[int, int]) -> str:
    """A person span's name without honorific and titles, folded lower-case (to find it in a question)."""
    name = sentence[person[0]:person[1]].split(",")[0]
    return fold_diacritics(re.sub(rf"^{_HONORIFIC}\.?\s*", "", name).lower().strip())


def _title_of(sentence: str, person: tuple[int, int]) -> tuple[int, int] | None:
    """The titles part of a person span ("Ủy viên Trung ương Đảng, Phó Trưởng ban…")."""
    comma = sentence.find(",", person[0], person[1])
    if comma < 0:
        return None
    start = comma + 1 + (len(sentence[comma + 1:]) - len(sentence[comma + 1:].lstrip()))
    return (start, person[1]) if person[1] > start else None


def _clause_after(sentence: str, pos: int, end: str = r"[.;!?](?:\s|$)|[”\"](?=\s*[-–])") -> tuple[int, int] | None:
    """From ``pos`` to the end of its clause (or the ``end`` pattern), skipping a leading "là",
    colon or comma; a quotation ends where its speaker is named ("…" - đồng chí X nói)."""
    m = re.match(r"[\s,:]*(?:là\s+|gồm\s+|như\s+sau\s*:\s*)?", sentence[pos:])
    start = pos + (m.end() if m else 0)
    end_m = re.search(end, sentence[start:])
    end = start + end_m.start() if end_m else len(sentence.rstrip(" ."))
    return (start, end) if len(sentence[start:end].split()) >= 1 else None


# "bằng cách nào", "qua kênh nào": the means, told after "qua", "bằng", "thông qua".
_MEANS_QUESTION = re.compile(r"\b(?:bang cach nao|bang gi|qua dau|qua kenh nao|bang hinh thuc nao|bang phuong thuc nao)\b")
_MEANS = re.compile(r"\b(?:thông qua|qua|bằng)\s+")
_YEAR_QUESTION = re.compile(r"\b(nam nao|nam may|nam bao nhieu|thang nao|thang may)\b")
# "câu nói nào", "khẩu hiệu gì": a quotation answers.
_SAYING = re.compile(r"\b(?:câu|lời|nói|khẩu hiệu|phương châm|thông điệp|chủ đề|tinh thần|cau|loi|noi)\b")
_QUOTE = re.compile(r"[“\"]([^”\"]{3,}?)[”\"]")
# "khóa mấy", "thế kỷ thứ mấy", "lần thứ mấy": the noun is followed by its number in the text.
_ORDINAL_QUESTION = re.compile(r"(?:([^\W\d_]+) )?([^\W\d_]+) (?:thứ (?:mấy|bao nhiêu)|mấy)\b")
_NOT_ORDINAL = frozenset("là có được gồm còn đạt nhận với và chiếm mất tốn khoảng trong số".split())
_DAY_QUESTION = re.compile(r"\b(ngay nao|ngay bao nhieu|ngay may|vao ngay|hom nao)\b")
_HAS_DAY = re.compile(r"\d{1,2}[/.\-]\d{1,2}|ngày \d", re.IGNORECASE)
_PLACE_LABEL = re.compile(r"(?:^|\b)(?:[Đđ]ịa điểm|[Nn]ơi (?:họp|tổ chức))\s*:\s*([^.;]+)")
# Address parts that continue a place after a comma: "Phòng họp số 2, tầng 4, trụ sở Quận ủy".
_ADDRESS_PART = re.compile(r", ?(?:số \d|tầng|trụ sở|phường|quận|huyện|thị xã|thành phố|tỉnh|đường|xã|phòng)[^,.;]*",
                           re.IGNORECASE)


def _place_end(sentence: str, start: int, end: int) -> int:
    """Where a place found between ``start`` and ``end`` stops being a noun phrase."""
    for clause in _CLAUSE_START.finditer(sentence, start, end):
        if "nơi" not in clause.group(0) or sentence[:clause.start()].split()[-1][:1].isupper():
            return clause.start()
    return end


# More places listed after the first ("tại Koumac, Nandaï, Tontouta, Plum, và Nouméa").
# A list ends with "và"/"hoặc": a comma alone may start the next clause ("ở Paris, Mitterrand…").
_PLACE_NAME = rf"(?={_CAP})(?:{_NAME_UNIT})(?: {_NAME_UNIT})*"
_NAMED_PLACE_LIST = re.compile(rf"(?:, {_PLACE_NAME})*,? (?:và|hoặc) {_PLACE_NAME}")


# Capitalized words of official writing that name bodies, never places.
_BODIES = frozenset({"Đảng", "Nhà nước", "Chính phủ", "Quốc hội", "Trung ương", "Hội nghị", "Ban", "Bộ",
                     "Thành phố", "Tỉnh", "Báo cáo", "Kết luận", "Nghị quyết", "Đồng chí"})


# A capitalized run starting with one of these is sentence case ("Tại Hội nghị"), no place.
_PREPOSITIONS = frozenset("tai o trong theo tu den ve voi sau truoc cua cho".split())


def _named_places(sentence: str, persons: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names of ``sentence`` that may be places: not a person (of ``persons``), a body or a title."""
    places = []
    for m in _names(sentence):
        first = m.group(0).split()[0]
        if m.group(0) in _BODIES or first in _TITLE_STARTS or fold_diacritics(first.lower()) in _PREPOSITIONS:
            continue
        if not any(a < m.end() and m.start() < b for a, b in persons):
            places.append(m.span())
    return places


def _extend_place(sentence: str, end: int) -> int:
    """Extend a place over the address parts and the parenthesis that follow it."""
    while True:
        m = _ADDRESS_PART.match(sentence, end) or re.compile(r" ?\([^)]*\)").match(sentence, end) or \
            _NAMED_PLACE_LIST.match(sentence, end)
        if not m:
            return end
        end = m.end()


# A place is a noun phrase: it ends where a clause starts ("tại Hội nghị hôm nay đều là…",
# "Paris mặc dù…", a name then "nơi họ hy vọng…").
_CLAUSE_START = re.compile(r"\s(?:là|đã|được|sẽ|đang|đều|mặc dù)\b|(?<=\w)\snơi\b")
_NOT_PLACES = ("hội nghị", "cuộc họp", "buổi họp", "đây", "đó", "buổi làm việc")
_MONEY = re.compile(r"\b(?:đồng|tỷ|tỉ|triệu|nghìn|usd)\b|\$", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"^(?:năm )?(?:19|20)\d\d$")


# "số mấy", "số hiệu": the question asks for a document's number ("45-GM/BTCQU", "35-KL/TW").
CODE_QUESTION = re.compile(r"\b(?:số mấy|số hiệu|số bao nhiêu|mã số|ký hiệu)\b")
_CODE = re.compile(r"\b\d+(?:/\d+)*[-/](?:[^\W_]+[-/])*[A-ZĐ][^\W_]*(?:[-/][^\W_]+)*")
_CITED = re.compile(rf"({_CODE.pattern})\s+$")  # a document number right before a date
# A phone or fax number ("024.3833.4567", "(0237) 3852 123", "+84 912 345 678") or an email address.
_CONTACT = re.compile(r"(?<![\w/])(?:\+84|\(?0\d{2,3}\)?)[ .\-]?\d{3,4}(?:[ .\-]?\d{2,4}){1,3}(?![\w/])"
                      r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MONEY_QUESTION = re.compile(r"\b(?:tiền|kinh phí|chi phí|ngân sách|giá|vốn|lương)\b")
_PERCENT_QUESTION = re.compile(r"\b(?:phần trăm|tỷ lệ|tỉ lệ)\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DURATION = re.compile(r"(?:(?:tối đa|tối thiểu|khoảng|trong|hơn|gần|trên|dưới|ít nhất) )*"
                       r"\d+(?:[.,]\d+)? (?:năm|tháng|tuần|ngày|giờ|tiếng|phút)\b", re.IGNORECASE)
# "mấy tiếng", "bao nhiêu phút": a duration, which the sentence may give in other units ("3 giờ").
DURATION_QUESTION = re.compile(r"\b(?:bao lâu|bao lau|(?:bao nhiêu|mấy) (tiếng|phút|tuần))\b")
_DURATION_UNITS = {"tiếng": ("giờ", "tiếng"), "phút": ("phút",), "tuần": ("tuần",)}
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
# "bao nhiêu người" is answered by a count of people named otherwise ("12.540 trường hợp").
_PERSON_UNITS = ("trường hợp", "đồng chí", "đảng viên", "cán bộ", "đại biểu", "thành viên", "công chức",
                 "viên chức", "học viên", "học sinh", "sinh viên", "cử tri", "lao động", "hộ", "lượt")
UNIT_REACH = 6  # words after a number within which the counted unit may stand ("70 tổ chức, cơ quan")


def _ordinals(sentence: str, question: str) -> tuple[list[tuple[int, int]], bool] | None:
    """"khóa mấy" -> "khóa XIII", "thế kỷ thứ mấy" -> "thế kỷ 20": the asked noun with the number
    after it in the sentence; None when the question does not ask so or the sentence lacks it."""
    m = _ORDINAL_QUESTION.search(question.lower())
    if m is None or m.group(2) in _NOT_ORDINAL | _LIGHT:
        return None
    first = m.group(1) if m.group(1) and m.group(1) not in _LIGHT | _NOT_ORDINAL else None
    noun = rf"(?:{re.escape(first)} )?{re.escape(m.group(2))}" if first else re.escape(m.group(2))
    found = [f.span() for f in re.finditer(
        rf"(?i:\b{noun})(?: thứ)? (?:\d+(?![.,]?\d)|[IVXLC]+\b|(?i:{_NUMBER_WORDS})\b)", sentence)]
    found = _not_in_question(found, sentence, question)
    return (found, True) if found else None


def _is_year(quantity: str) -> bool:
    """Vietnamese writes thousands with a dot ("2.000"): a bare 4-digit number is a year."""
    number = _NUMBER.search(quantity)
    return number is not None and _YEAR.fullmatch(number.group(0)) is not None


# "3. Thành viên tham dự:", "2) …": the number of an item in a list, no count.
_ENUMERATOR = re.compile(r"\s*[-•*]?\s*\d{1,2}[.)](?!\d)")


def _quantities(sentence: str, question: str) -> tuple[list[tuple[int, int]], bool]:
    """Number-with-unit spans, and whether they are of the unit the question counts."""
    asked = question.lower()
    if CODE_QUESTION.search(asked) and (codes := [m.span() for m in _CODE.finditer(sentence)]):
        return codes, True
    spans = [m.span() for m in _QUANTITY.finditer(sentence) if any(c.isdigit() for c in m.group(0))] or \
            [m.span() for m in _QUANTITY.finditer(sentence)]
    item = _ENUMERATOR.match(sentence)
    spans = [(a, b) for a, b in spans if sentence[a:b].strip() and not (item and a < item.end())]
    # A number the question already holds ("năm 2001", "Huy hiệu 70 năm") is not the answer.
    given = set(_NUMBER.findall(asked))
    spans = [(a, b) for a, b in spans if not set(_NUMBER.findall(sentence[a:b])) & given] or spans
    spans = [(a, b) for a, b in spans if not _is_year(sentence[a:b])] or spans
    if duration := DURATION_QUESTION.search(asked):
        # "16 giờ 00", "14 giờ 30 phút" are times of day, not lengths; "mấy tiếng" asks hours.
        units = _DURATION_UNITS.get(duration.group(1) or "", ())
        durations = [m.span() for m in _DURATION.finditer(sentence) if not re.match(r"\s*\d", sentence[m.end():])
                     and (not units or m.group(0).split()[-1].lower() in units)]
        return (durations, True) if durations else (spans, False)
    unit = _asked_unit(question)
    units = [unit] + list(_PERSON_UNITS) if unit and unit.split()[0] == "người" else [unit] if unit else []
    if _PERCENT_QUESTION.search(asked):
        percent = [(a, a + sentence[a:b].index("%") + 1) for a, b in spans if "%" in sentence[a:b]]
        return (percent, True) if percent else (spans, False)
    if _MONEY_QUESTION.search(asked):
        money = [(a, b) for a, b in spans if _MONEY.search(sentence[a:b])]
        return money or spans, bool(money)
    # The whole unit anywhere in reach ("70 tổ chức, cơ quan"), or its first word right after the
    # number ("bao nhiêu người có mặt" -> "61/65 người"), not further ("42 tổ chức cơ sở đảng"
    # does not count "đảng viên").
    with_unit = [(a, b) for a, b in spans if any(u in _reach(sentence, a, b).lower() for u in units)] or \
                [(a, b) for a, b in spans if any(u.split()[0] in _after_number(sentence, a, b, 2) for u in units)]
    cut = [_cut_unit(sentence, a, b, unit) for a, b in (with_unit or spans)]
    if unit:
        return cut, bool(with_unit)
    return cut, any(not _YEAR_ONLY.match(sentence[a:b].strip()) for a, b in cut)


_RANGE_JOIN = re.compile(r"\s*(?:đến|tới|-|–)\s*")


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


def _after_number(sentence: str, start: int, end: int, words: int) -> list[str]:
    """The first ``words`` words after the number of a quantity span, lower case."""
    number = _NUMBER.search(sentence, start, end)
    tail = sentence[number.end() if number else start:]
    return [w.lower() for w in re.findall(r"[^\W\d_]+", tail)[:words]]


def _reach(sentence: str, start: int, end: int, words: int = UNIT_REACH) -> str:
    """A quantity with the words after it in its clause, where its unit may be named."""
    tail = re.match(rf"(?:[ ,]+[^\W_]+){{0,{words}}}", sentence[end:])
    return sentence[start:end + (tail.end() if tail else 0)]


def extract(question: str, sentence: str, anchors: Mapping[int, float], kind: str | None = None) -> Span | None:
    """The answer span in ``sentence`` for ``question``, or None when none of the kind is there.

    ``anchors`` are positions in the sentence of words it shares with the question, with their
    weight (idf); the candidate nearest them is chosen, and for open questions the answer is
    what the question's words frame or what follows them.
    """
    kind = kind or classify(question)
    folded_question = fold_diacritics(question.lower())
    spans: list[tuple[int, int]] = []
    strong = True
    persons = _persons(sentence) if kind in (WHO, ROLE) else []
    who_is = kind == WHO and _WHO_IS.search(folded_question) is not None
    if who_is and any(_name_of(sentence, p) in folded_question and _title_of(sentence, p) for p in persons):
        kind = ROLE  # "Mai Xuân Trường là ai?": his post, as the sentence names him with it
    if kind == WHO:
        holder = _ROLE_HOLDER.search(folded_question)
        if holder and holder.group(1) not in fold_diacritics(sentence.lower()):
            return None  # the chair does not answer who the secretary was
        spans = _not_in_question(persons, sentence, question)
        strong = _tells_deed(question, sentence)
        if who_is and (described := _description(sentence, folded_question)):
            spans, strong = [described], True  # "Georges Dayan là ai?" -> "một người Do Thái…"
        if not spans and (after := _after_question_end(sentence, question)):
            spans, strong = [after], False  # "lên án hoạt động của ai?" -> "của tổng thống đương nhiệm"
        if not spans:
            names = _not_in_question(_merge_lists(sentence, [
                m.span() for m in _names(sentence) if not _PLACE_BEFORE.search(sentence, 0, m.start())
                and not sentence[:m.start()].endswith("(")]), sentence, question)
            # "bởi Antoine Beauvilliers", "kiến trúc sư Ieoh Ming Pei": the doer; "của X" may be
            # an author or only an owner.
            doers = [(a, b) for a, b in names if _AGENT_BEFORE.search(sentence, 0, a)]
            owners = [(a, b) for a, b in names if re.search(r"\bcủa\s+$", sentence[:a])]
            spans, strong = doers or owners or names, False
    elif kind == CONTACT:
        email = re.search(r"\b(?:email|e-mail|thu dien tu)\b", folded_question) is not None
        spans = [m.span() for m in _CONTACT.finditer(sentence) if ("@" in m.group(0)) == email]
    elif kind == ROLE:
        named = [p for p in persons if _name_of(sentence, p) in folded_question]
        spans = [title for person in (named or persons) if (title := _title_of(sentence, person))]
    elif kind == WHEN:
        spans = _not_in_question(_event_dates(sentence, question), sentence, question)
        if _DAY_QUESTION.search(folded_question):
            with_day = [(a, b) for a, b in spans if _HAS_DAY.search(sentence[a:b])]
            spans, strong = (with_day, True) if with_day else (spans, False)
        elif not _YEAR_QUESTION.search(folded_question):
            spans = [(a, b) for a, b in spans if not _YEAR_ONLY.match(sentence[a:b])] or spans
    elif kind == HOW_MANY:
        spans, strong = _ordinals(sentence, question) or _quantities(sentence, question)
    elif kind == WHERE:
        labelled = [m.span(1) for m in _PLACE_LABEL.finditer(sentence)]
        to = _WHERE_TO.search(question.lower())
        place = re.compile(rf"\b{to.group(1)}{_PLACE_TAIL}", re.IGNORECASE) if to else _PLACE
        found = labelled or [(a, _extend_place(sentence, b)) for a, b in (m.span(1) for m in place.finditer(sentence))]
        cut = [(a, _place_end(sentence, a, b)) for a, b in found]
        spans = [s for s in _not_in_question(cut, sentence, question)
                 if s[1] > s[0] and not sentence[s[0]:s[1]].lower().startswith(_NOT_PLACES)]
        if not spans and not labelled:
            # No "tại/ở …": a name of the sentence may still be the place ("nhập từ Liên Xô").
            spans, strong = _merge_lists(sentence, _not_in_question(
                _named_places(sentence, _persons(sentence)), sentence, question)), False
    elif kind == WHY:
        reasons = list(_REASON.finditer(sentence))
        found = _nearest([(m.end(), m.end()) for m in reasons], anchors)
        if found:
            # "Do tính chất quan trọng của cuộc họp, đề nghị…": a reason that opens the sentence
            # ends at its comma, where the main clause starts.
            opening = next(m for m in reasons if m.end() == found[0]).start() == len(sentence) - len(sentence.lstrip(" -•*"))
            clause = _clause_after(sentence, found[0], r"[,.;!?](?:\s|$)") if opening else None
            if clause is None or sentence.count("“", *clause) > sentence.count("”", *clause):
                clause = _clause_after(sentence, found[0])  # the comma was inside a quotation
            spans = [clause] if clause else []
    elif kind == HOW and _MEANS_QUESTION.search(folded_question):
        spans = [clause for m in _MEANS.finditer(sentence) if (clause := _clause_after(sentence, m.end(), r"[,.;:]"))]
    elif kind == WHAT and _SAYING.search(question.lower()) and (quotes := [m.span(1) for m in _QUOTE.finditer(sentence)]):
        spans = _not_in_question(quotes, sentence, question)
    elif kind == WHAT and (which := _WHICH.search(question.lower())):
        spans = _which_names(sentence, question, which)
    chosen = _nearest(spans, anchors)
    if chosen is None and kind in (WHAT, HOW, WHY) and anchors:
        strong = kind != WHY
        # A slot framed on both sides ("xử lý tình trạng gì của cán bộ") is found between its
        # frames; an open-ended one is the rest of the clause after the question's words.
        framed = kind == WHAT and _question_sides(question)[1]
        chosen = _slot(question, sentence, anchors) if framed else _rest_of_clause(sentence, anchors)
    if chosen is None:
        return None
    start, end = chosen
    if kind == HOW_MANY:
        end = _extend_count(sentence, start, end, question)
    if kind in (WHAT, HOW):
        start += _AUXILIARY.match(sentence, start).end() - start  # "đã được thực hiện rất nhịp nhàng"
    text = sentence[start:end]
    end = start + len(text.rstrip(" ,;:.")) if kind != WHEN else start + len(text.rstrip(" ,;:"))
    return Span(start, end, kind, strong) if end > start else None


# Tense and voice words before an open answer carry nothing of it.
_AUXILIARY = re.compile(r"(?:(?:đã|đang|sẽ|được|bị|đều|cũng|vẫn)\s+)*")
_WH = re.compile(r"\b(?:gì|nào|sao|thế nào|ra sao|đâu|ai|bao nhiêu|mấy|bao giờ)\b")
_WH_FOLDED = re.compile(fold_diacritics(_WH.pattern))
_TOKEN = re.compile(r"\w+(?:[.,/-]\w+)*")  # a word, or a number or code kept whole ("024.3833.4567")
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)|[()|]")
# Function words the question shares with nearly every sentence: they do not place the slot.
_LIGHT = frozenset("về các có của cho và với được là những trong tại theo đã sẽ từ đến này đó một số "
                   "việc cần phải để làm đang nhiều vào".split())
# Links at the edges of a slot that belong to neither the question nor the answer.
_SLOT_LEAD = re.compile(r"(?:(?:là|được|của|đã|sẽ|thì|rằng|cần|phải|bằng|vào|nhằm|để|với|như sau)\s+)+")
_SLOT_TAIL = re.compile(r"(?:\s+(?:và|là|của|thì|được|đã|sẽ))+$")
SLOT_WINDOW = 6  # words either side of a slot that may be question words
SLOT_DECAY = 3.0  # a question word this many words further away counts half
SLOT_LENGTH_BONUS = 0.05  # per word: of two slots the question frames alike, the fuller


def _question_sides(question: str) -> tuple[dict[str, float], dict[str, float]]:
    """Folded words of the question before and after its question word ("gì", "nào"…), each
    weighted by its closeness to the question word: those next to it frame the answer."""
    text = question.lower()
    wh = (_WH_FOLDED if fold_diacritics(text) == text else _WH).search(text)
    cut = wh.start() if wh else len(text)
    before = [fold_diacritics(w) for w in _TOKEN.findall(text[:cut])][::-1]
    after = [fold_diacritics(w) for w in _TOKEN.findall(text[cut:])[1:]]
    return _closeness(before), _closeness(after)


def _closeness(words: list[str]) -> dict[str, float]:
    """Each word's weight by its place in ``words`` (nearest the question word first)."""
    weights: dict[str, float] = {}
    for k, w in enumerate(words):
        weights.setdefault(w, 1 / (1 + k / SLOT_DECAY))
    return weights


def _frame(words: list[re.Match], weight: Mapping[int, float], side: Mapping[str, float]) -> float:
    """How strongly ``words`` (nearest to the slot first) hold the question's words of one side."""
    return sum(weight[w.start()] * side.get(fold_diacritics(w.group(0).lower()), 0.0) / (1 + d / SLOT_DECAY)
               for d, w in enumerate(words) if w.start() in weight)


def _gaps(words: list[re.Match], weight: Mapping[int, float], clause: list[int]) -> list[tuple[int, int]]:
    """First and last index of each run of words that are not the question's, within a clause."""
    runs: list[tuple[int, int]] = []
    for k, w in enumerate(words):
        if w.start() in weight:
            continue
        if runs and runs[-1][1] == k - 1 and clause[k] == clause[k - 1]:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    return runs


def _slot(question: str, sentence: str, anchors: Mapping[int, float]) -> tuple[int, int] | None:
    """The run of words in ``sentence`` that stands where the question has its question word:
    after the words the question puts before it, before those it puts after it, within one
    clause ("xử lý tình trạng gì của cán bộ" -> "một số cán bộ… e dè, đùn đẩy")."""
    left, right = _question_sides(question)
    words = list(_TOKEN.finditer(sentence))
    weight = {w.start(): anchors[w.start()] for w in words
              if w.start() in anchors and w.group(0).lower() not in _LIGHT}
    clause = [0] * len(words)
    for i in range(1, len(words)):
        clause[i] = clause[i - 1] + bool(_CLAUSE_END.search(sentence, words[i - 1].end(), words[i].start()))
    best, best_score = None, 0.0
    for i, j in _gaps(words, weight, clause):
        if all(w.group(0).lower() in _LIGHT for w in words[i:j + 1]):
            continue  # "trong", "một số": links between the frames, not what they frame
        before = [w for k, w in enumerate(words[:i]) if clause[k] == clause[i]][::-1][:SLOT_WINDOW]
        after = [w for k, w in enumerate(words[j + 1:], j + 1) if clause[k] == clause[j]][:SLOT_WINDOW]
        score = (_frame(before, weight, left) + _frame(after, weight, right)) * \
            (1 + SLOT_LENGTH_BONUS * min(j + 1 - i, 10))
        if score > best_score:
            best, best_score = (words[i].start(), words[j].end()), score
    if best is None:
        return None
    start, end = best
    lead = _SLOT_LEAD.match(sentence, start, end)
    tail = _SLOT_TAIL.search(sentence, start, end)
    start, end = (lead.end() if lead else start), (tail.start() if tail else end)
    return (start, end) if end > start else None


def _rest_of_clause(sentence: str, anchors: Mapping[int, float]) -> tuple[int, int] | None:
    """What follows the last word the sentence shares with the question, to the clause end: a
    manner or a reason is told after the action it qualifies. A quotation's speaker, named
    after it ("… để cùng nhau tháo gỡ" - đồng chí Mai Văn Chính nhấn mạnh), is left out."""
    quote_end = max(sentence.rfind("”"), sentence.rfind('"'))
    words = [p for p in anchors if not (sentence[p].isupper() and p > quote_end >= 0)]
    last = max(words or anchors)
    found = _clause_after(sentence, last + len(_TOKEN.match(sentence, last).group(0)))
    return found if found and found[1] - found[0] >= 3 else None


# Words that end the noun phrase a question counts ("bao nhiêu đơn vị hành chính cấp xã | thuộc…").
_PHRASE_STOP = frozenset("thuộc trực trong của do đã được bị là với tại ở nhận có theo để cho và dôi cần phải đang "
                         "sẽ từ đến vào năm ngày tháng như này đó đạt chiếm tham dự về mà tính".split())


def _asked_phrase(question: str) -> list[str]:
    """The noun phrase after "bao nhiêu"/"mấy" (lower case), up to a function word, a verb of
    the list or a name."""
    m = re.search(r"(?:bao nhiêu|mấy|Bao nhiêu|Mấy)((?:\s+[^\W\d_]+){1,6})", question)
    words: list[str] = []
    for word in m.group(1).split() if m else []:
        if word.lower() in _PHRASE_STOP or word[0].isupper():
            break
        words.append(word.lower())
    return words


def _extend_count(sentence: str, start: int, end: int, question: str) -> int:
    """Extend a count over as much of the question's noun phrase as the sentence repeats after
    its unit ("bao nhiêu đơn vị hành chính cấp xã thuộc diện…" -> "40 đơn vị hành chính cấp xã")."""
    words = _asked_phrase(question)
    if len(words) < 2:
        return end
    at = sentence.lower().find(words[0], start, end)
    if at < 0:
        return end
    tail = sentence[at:].lower()
    for n in range(len(words), 1, -1):
        if re.match(re.escape(" ".join(words[:n])) + r"\b", tail):
            return max(end, at + len(" ".join(words[:n])))
    return end


def _asked_unit(question: str) -> str | None:
    """The words after "bao nhiêu"/"mấy": what is being counted ("ý kiến", "đảng viên")."""
    m = re.search(r"(?:bao nhiêu|mấy)\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)", question.lower())
    if m is None or m.group(1).split()[0] in _PHRASE_STOP:
        return None  # "là bao nhiêu vào năm 2014?": no unit named
    return m.group(1)


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
