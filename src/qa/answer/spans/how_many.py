"""How many: a count with its unit ("16 ý kiến"), a share ("khoảng 80%"), a sum of money, a
duration ("tối đa 5 năm"), an ordinal ("khóa XIII") or a document's number ("45-GM/BTCQU")."""
from __future__ import annotations

import re
from collections.abc import Mapping

from ..tuning import UNIT_REACH
from ..vocabulary import LIGHT_WORDS, NOT_ORDINAL, PERSON_UNITS, PHRASE_STOP
from .patterns import CODE, CODE_QUESTION, LOWER, NUMBER, NUMBER_WORDS, YEAR_ONLY
from .text import Found, not_in_question

_QUANTITY = re.compile(
    rf"(?:(?:trên|hơn|gần|khoảng|dưới|tới|đến|chỉ) )?"
    rf"(?:(?<!ngày )(?<![\d/.,])\d+(?:[.,]\d+)*(?:/\d+(?![/.\-]?\d))?(?: ?%)?|\b(?:{NUMBER_WORDS})\b(?: (?:{NUMBER_WORDS})\b)*)"
    rf"(?: (?:triệu|tỷ|tỉ|nghìn|ngàn|trăm)\b)?"
    rf"(?: (?!(?:năm|tháng|ngày)\b){LOWER}){{0,3}}",
)
_MONEY = re.compile(r"\b(?:đồng|tỷ|tỉ|triệu|nghìn|usd)\b|\$", re.IGNORECASE)
_MONEY_QUESTION = re.compile(r"\b(?:tiền|kinh phí|chi phí|ngân sách|giá|vốn|lương)\b")
_PERCENT_QUESTION = re.compile(r"\b(?:phần trăm|tỷ lệ|tỉ lệ)\b")
_DURATION = re.compile(r"(?:(?:tối đa|tối thiểu|khoảng|trong|hơn|gần|trên|dưới|ít nhất) )*"
                       r"\d+(?:[.,]\d+)? (?:năm|tháng|tuần|ngày|giờ|tiếng|phút)\b", re.IGNORECASE)
# "mấy tiếng", "bao nhiêu phút": a duration, which the sentence may give in other units ("3 giờ").
DURATION_QUESTION = re.compile(r"\b(?:bao lâu|bao lau|(?:bao nhiêu|mấy) (tiếng|phút|tuần))\b")
_DURATION_UNITS = {"tiếng": ("giờ", "tiếng"), "phút": ("phút",), "tuần": ("tuần",)}
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
# "khóa mấy", "thế kỷ thứ mấy", "lần thứ mấy": the noun is followed by its number in the text.
_ORDINAL_QUESTION = re.compile(r"(?:([^\W\d_]+) )?([^\W\d_]+) (?:thứ (?:mấy|bao nhiêu)|mấy)\b")
# "3. Thành viên tham dự:", "2) …": the number of an item in a list, no count.
_ENUMERATOR = re.compile(r"\s*[-•*]?\s*\d{1,2}[.)](?!\d)")


def find_how_many(question: str, sentence: str, anchors: Mapping[int, float]) -> Found:
    """The asked noun with its ordinal, else the sentence's quantities (strong when of the unit,
    share, sum or duration asked)."""
    return Found(*(_ordinals(sentence, question) or _quantities(sentence, question)))


def extend_count(question: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Extend a count over as much of the question's noun phrase as the sentence repeats after
    its unit ("bao nhiêu đơn vị hành chính cấp xã thuộc diện…" -> "40 đơn vị hành chính cấp xã")."""
    words = _asked_phrase(question)
    if len(words) < 2:
        return start, end
    at = sentence.lower().find(words[0], start, end)
    if at < 0:
        return start, end
    tail = sentence[at:].lower()
    for n in range(len(words), 1, -1):
        if re.match(re.escape(" ".join(words[:n])) + r"\b", tail):
            return start, max(end, at + len(" ".join(words[:n])))
    return start, end


def reads_as_count(text: str, question: str) -> bool:
    """Whether a span the reading model marked is a quantity of what the question counts: a sum
    of money, a share, or of its unit ("bao nhiêu trận chiến": "bốn cuộc chiến", not "14 tỉnh")."""
    lowered = question.lower()
    if _QUANTITY.search(text) is None:
        return False
    if _MONEY_QUESTION.search(lowered):
        return _MONEY.search(text) is not None
    if _PERCENT_QUESTION.search(lowered):
        return re.search(r"%|phần trăm", text) is not None
    unit = _asked_unit(question)
    return not unit or any(re.search(rf"\b{re.escape(w)}\b", text.lower()) for w in unit.split())


def _ordinals(sentence: str, question: str) -> tuple[list[tuple[int, int]], bool] | None:
    """"khóa mấy" -> "khóa XIII", "thế kỷ thứ mấy" -> "thế kỷ 20": the asked noun with the number
    after it in the sentence; None when the question does not ask so or the sentence lacks it."""
    m = _ORDINAL_QUESTION.search(question.lower())
    if m is None or m.group(2) in NOT_ORDINAL | LIGHT_WORDS:
        return None
    first = m.group(1) if m.group(1) and m.group(1) not in LIGHT_WORDS | NOT_ORDINAL else None
    noun = rf"(?:{re.escape(first)} )?{re.escape(m.group(2))}" if first else re.escape(m.group(2))
    found = [f.span() for f in re.finditer(
        rf"(?i:\b{noun})(?: thứ)? (?:\d+(?![.,]?\d)|[IVXLC]+\b|(?i:{NUMBER_WORDS})\b)", sentence)]
    found = not_in_question(found, sentence, question)
    return (found, True) if found else None


def _is_year(quantity: str) -> bool:
    """Vietnamese writes thousands with a dot ("2.000"): a bare 4-digit number is a year."""
    number = NUMBER.search(quantity)
    return number is not None and _YEAR.fullmatch(number.group(0)) is not None


def _quantities(sentence: str, question: str) -> tuple[list[tuple[int, int]], bool]:
    """Number-with-unit spans, and whether they are of the unit the question counts."""
    asked = question.lower()
    if CODE_QUESTION.marked.search(asked) and (codes := [m.span() for m in CODE.finditer(sentence)]):
        return codes, True
    spans = [m.span() for m in _QUANTITY.finditer(sentence) if any(c.isdigit() for c in m.group(0))] or \
            [m.span() for m in _QUANTITY.finditer(sentence)]
    item = _ENUMERATOR.match(sentence)
    spans = [(a, b) for a, b in spans if sentence[a:b].strip() and not (item and a < item.end())]
    # A number the question already holds ("năm 2001", "Huy hiệu 70 năm") is not the answer.
    given = set(NUMBER.findall(asked))
    spans = [(a, b) for a, b in spans if not set(NUMBER.findall(sentence[a:b])) & given] or spans
    spans = [(a, b) for a, b in spans if not _is_year(sentence[a:b])] or spans
    if duration := DURATION_QUESTION.search(asked):
        # "16 giờ 00", "14 giờ 30 phút" are times of day, not lengths; "mấy tiếng" asks hours.
        units = _DURATION_UNITS.get(duration.group(1) or "", ())
        durations = [m.span() for m in _DURATION.finditer(sentence) if not re.match(r"\s*\d", sentence[m.end():])
                     and (not units or m.group(0).split()[-1].lower() in units)]
        return (durations, True) if durations else (spans, False)
    if _PERCENT_QUESTION.search(asked):
        percent = [(a, a + sentence[a:b].index("%") + 1) for a, b in spans if "%" in sentence[a:b]]
        return (percent, True) if percent else (spans, False)
    if _MONEY_QUESTION.search(asked):
        money = [(a, b) for a, b in spans if _MONEY.search(sentence[a:b])]
        return money or spans, bool(money)
    return _counts(sentence, question, spans)


def _counts(sentence: str, question: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], bool]:
    """Counts cut after the unit the question names, those of that unit first: the whole unit
    anywhere in reach ("70 tổ chức, cơ quan"), or its first word right after the number ("bao
    nhiêu người có mặt" -> "61/65 người"), not further ("42 tổ chức cơ sở đảng" does not count
    "đảng viên")."""
    unit = _asked_unit(question)
    units = [unit] + list(PERSON_UNITS) if unit and unit.split()[0] == "người" else [unit] if unit else []
    with_unit = [(a, b) for a, b in spans if any(u in _reach(sentence, a, b).lower() for u in units)] or \
                [(a, b) for a, b in spans if any(u.split()[0] in _after_number(sentence, a, b, 2) for u in units)]
    cut = [_cut_unit(sentence, a, b, unit) for a, b in (with_unit or spans)]
    if unit:
        return cut, bool(with_unit)
    return cut, any(not YEAR_ONLY.match(sentence[a:b].strip()) for a, b in cut)


def _after_number(sentence: str, start: int, end: int, words: int) -> list[str]:
    """The first ``words`` words after the number of a quantity span, lower case."""
    number = NUMBER.search(sentence, start, end)
    tail = sentence[number.end() if number else start:]
    return [w.lower() for w in re.findall(r"[^\W\d_]+", tail)[:words]]


def _reach(sentence: str, start: int, end: int, words: int = UNIT_REACH) -> str:
    """A quantity with the words after it in its clause, where its unit may be named."""
    tail = re.match(rf"(?:[ ,]+[^\W_]+){{0,{words}}}", sentence[end:])
    return sentence[start:end + (tail.end() if tail else 0)]


def _asked_phrase(question: str) -> list[str]:
    """The noun phrase after "bao nhiêu"/"mấy" (lower case), up to a function word, a verb of
    the list or a name."""
    m = re.search(r"(?:bao nhiêu|mấy|Bao nhiêu|Mấy)((?:\s+[^\W\d_]+){1,6})", question)
    words: list[str] = []
    for word in m.group(1).split() if m else []:
        if word.lower() in PHRASE_STOP or word[0].isupper():
            break
        words.append(word.lower())
    return words


def _asked_unit(question: str) -> str | None:
    """The words after "bao nhiêu"/"mấy": what is being counted ("ý kiến", "đảng viên")."""
    m = re.search(r"(?:bao nhiêu|mấy)\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)", question.lower())
    if m is None or m.group(1).split()[0] in PHRASE_STOP:
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

