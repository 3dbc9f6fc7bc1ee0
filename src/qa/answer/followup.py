"""Follow-up questions: rewrite a question that leans on the conversation into one that stands
alone, before retrieval ("Ông ấy giữ chức vụ gì?" after "Ai phát biểu kết luận?").

Rules, not a model, so it works offline: a pronoun for a person is replaced by the person the
previous answer named; "Còn X thì sao?" asks the previous question again about X; a question
too short to carry its own topic ("Ai chủ trì?") borrows the topic of the previous question;
after an answer that asked which meeting was meant, the reply naming it ("Cuộc họp ở Sở Nội vụ
Thanh Hóa") is joined to the question it narrows.
"""
from __future__ import annotations

import re

from .across import WHICH_MEETING
from .kinds import WHAT, classify
from .vocabulary import TOPICLESS_WORDS

Turn = tuple[str, str]  # (question, answer)

_PERSON_PRONOUN = re.compile(
    r"\b(?:ông|bà|anh|chị|đồng chí|vị|người)\s+(?:ấy|đó|này|ta)\b", re.IGNORECASE)
_THING_REFERENCE = re.compile(
    r"\b(?:hội nghị|cuộc họp|văn bản|kết luận|thông báo|buổi làm việc|cuộc|việc|nội dung|vấn đề)\s+(?:đó|này|ấy|trên)\b",
    re.IGNORECASE)
_WHAT_ABOUT = re.compile(r"^\s*(?:còn|vậy còn|thế còn)\s+(.+?)\s*(?:thì sao|thế nào|ra sao)?\s*\??\s*$",
                         re.IGNORECASE)
_NAME_AT_START = re.compile(r"^(?:đồng chí|ông|bà|anh|chị)?\s*([^,;(]+)", re.IGNORECASE)


def _topic_words(question: str) -> list[str]:
    """The words of ``question`` that name its topic (not question words)."""
    stop = TOPICLESS_WORDS.for_text(question)
    return [w for w in re.findall(r"[^\W_]+", question.lower()) if w not in stop]


def _strip_question(question: str) -> str:
    return question.strip().rstrip("?").strip()


def _names_only(reply: str) -> bool:
    """Whether a reply names something without asking anything ("Cuộc họp ở Thanh Hóa")."""
    return not reply.rstrip().endswith("?") and classify(reply) == WHAT


def resolve(question: str, history: list[Turn]) -> str:
    """``question`` made to stand alone using the last turn of ``history``."""
    if not history:
        return question
    previous_question, previous_answer = history[-1]
    if previous_answer.rstrip().endswith(WHICH_MEETING) and _names_only(question):
        return f"{_strip_question(previous_question)} — {_strip_question(question)}?"
    what_about = _WHAT_ABOUT.match(question)
    if what_about:
        return f"{_strip_question(previous_question)} — {what_about.group(1)}?"
    if _PERSON_PRONOUN.search(question) and previous_answer:
        name = _NAME_AT_START.match(previous_answer.strip())
        if name:
            return _PERSON_PRONOUN.sub(name.group(1).strip(), question, count=1)
    if _THING_REFERENCE.search(question) or len(_topic_words(question)) <= 1:
        topic = " ".join(_topic_words(previous_question))
        if topic:
            return f"{_strip_question(question)} ({topic})?"
    return question
