"""What kind of answer a question asks for: a person, a post, a date, a number, a place, a
reason, a manner, a contact, or something else ("what").

``CUES`` is the table: the first cue the question holds gives its kind. A question typed with
tone marks is matched as written ("câu nói nào" is not "nơi nào"); one typed without them
against the cues with their marks folded ("ai phat bieu").
"""
from __future__ import annotations

from ..ingest.normalize import unmarked
from .tones import TonePattern

WHO, ROLE, WHEN, HOW_MANY, WHERE, WHY, HOW, WHAT, CONTACT = (
    "who", "role", "when", "how_many", "where", "why", "how", "what", "contact")

# Order matters: "ngày nào" is a date question even though "nào" alone is not.
CUES: list[tuple[str, TonePattern]] = [
    (CONTACT, TonePattern(r"\b(số điện thoại|số máy|đường dây nóng|hotline|số fax|email|e-mail|thư điện tử)\b")),
    # A post asked for ("giữ chức vụ gì", "với cương vị nào"); "Ai đảm nhiệm chức vụ thủ tướng?"
    # asks for a person, "giữ bao nhiêu chức vụ" for a number.
    (ROLE, TonePattern(r"\b(chức vụ|chức danh|giữ chức|cương vị)(?: [^\W\d_]+){0,2} (gì|nào)\b")),
    (WHY, TonePattern(r"\b(vì sao|tại sao|lý do|nguyên nhân|để làm gì|mục đích|vì đâu)\b")),
    (WHEN, TonePattern(r"\b(khi nào|bao giờ|ngày nào|năm nào|tháng nào|thời gian nào|lúc nào|hôm nào|"
                       r"thời điểm nào|ngày bao nhiêu|ngày mấy|năm bao nhiêu|thời hạn|hạn chót|mấy giờ|"
                       r"lúc mấy giờ|vào ngày|ban hành ngày|diễn ra ngày|năm mấy)\b")),
    (HOW_MANY, TonePattern(r"\b(bao nhiêu|mấy|số lượng|tỷ lệ|bao lâu)\b")),
    (WHERE, TonePattern(r"\b(ở đâu|tại đâu|nơi nào|địa điểm nào|địa điểm|phòng nào|phòng họp nào|hội trường nào|"
                        r"đâu\W*$)")),
    (WHO, TonePattern(r"(^|\s)(ai|người nào|đồng chí nào|ông nào|bà nào|ai là|cơ quan nào|đơn vị nào|"
                      r"chủ trì|thư ký)(\s|\?|$)")),
    (HOW, TonePattern(r"\b(như thế nào|thế nào|bằng cách nào|ra sao|cách nào)\b")),
]

# "bao nhiêu", "mấy", "bao lâu" ask a count; "số lượng" with "<noun> nào" asks which one
# ("Sân bay nào có số lượng phi cơ nhiều nhất?").
_COUNT_WORDS = TonePattern(r"\b(?:bao nhiêu|mấy|bao lâu)\b")
_WHICH_ONE = TonePattern(r"\b[^\W\d_]+ nào\b")


def classify(question: str) -> str:
    """What kind of answer the question asks for."""
    text = question.lower()
    plain = unmarked(text)
    for kind, cue in CUES:
        if cue.form(plain).search(text):
            if kind == HOW_MANY and not _COUNT_WORDS.search_either(text) and _WHICH_ONE.search_either(text):
                return WHAT
            return kind
    return WHAT
