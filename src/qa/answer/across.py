"""Questions that several meetings answer differently, and the question does not say which.

"Ai phát biểu kết luận?" is asked about one meeting without naming it, and several documents
of a corpus each name another speaker. The best-ranked one alone would be a silent guess, so
the answer gives each meeting's own answer, labelled by its date and title and cited, most
relevant first, and asks which meeting is meant. A follow-up naming the meeting narrows it
(``followup.resolve`` joins it to the question).

Whether the question says which: its topic words are its content words other than those of
the relation asked ("chủ trì", "phát biểu kết luận", "đề xuất", "hội nghị" …: ``TOPICLESS_WORDS``
and ``MEETING_WORDS``). A meeting document is a candidate only if the way it presents its
meeting (its heading and title, the letterhead's first ``HEAD_CHARS`` characters, its record's
title) holds every topic word. A question that names its meeting ("… giao ban của Quận ủy Cầu
Giấy", "… ở Thanh Hóa") leaves one candidate, whose answer stands alone; "Ai phát biểu kết
luận?" has no topic words and leaves every meeting the search found. A question about a
document itself (its number, date of issue or signer) or naming a document code is never
split by meeting. Among candidates, a meeting's answer counts when its own
passages answer the question (the same rules as any answer) and it says something else.
"""
from __future__ import annotations

import re
from typing import Callable

from ..index.keyword import DOCUMENT_CODE
from ..index.store import Index
from ..meetings.letterhead import HEAD_CHARS
from ..ingest.normalize import fold_diacritics
from .extractive import Answer, MeetingAnswer
from .retrieve import Hit
from ..ingest.letters import CAPITALIZED
from .kinds import HOW_MANY, WHEN, WHERE, WHO, classify
from .official import asked_fact
from .vocabulary import MEETING_WORDS, QUESTION_WORDS, TOPICLESS_WORDS

# At most this many meetings are listed; the search's documents are looked at in rank order.
MAX_MEETINGS = 4
# Two answers are the same when this share of the shorter one's words is in the other.
SAME_ANSWER = 0.5
MEETINGS_LEAD = "Mỗi cuộc họp có câu trả lời riêng:"
WHICH_MEETING = "Bạn hỏi về cuộc họp nào?"
_WORD = re.compile(r"[^\W_]+")
# What another meeting's answer must hold to be listed beside the best one, by question kind:
# a person or body is named, a date or count has a number (a loose match is fine for the best
# answer, which the question's own words chose, not for one read from any other meeting).
_SHAPE: dict[str, re.Pattern[str]] = {
    WHO: re.compile(CAPITALIZED), WHERE: re.compile(rf"{CAPITALIZED}|\d"),
    WHEN: re.compile(r"\d"), HOW_MANY: re.compile(r"\d"),
}


def _words(text: str) -> set[str]:
    return set(_WORD.findall(fold_diacritics(text.lower())))


def _topic_words(question: str) -> set[str]:
    """The question's words that name what it is about, diacritic-free."""
    return _words(question) - QUESTION_WORDS.folded - TOPICLESS_WORDS.folded - MEETING_WORDS.folded


def _presentation(index: Index, doc: str) -> set[str]:
    """The words a document presents its meeting with: file name, title, heading, record title."""
    title = index.manifest["documents"].get(doc, {}).get("title") or ""
    record = index.records.get(doc)
    chunks = index.document_chunks(doc)
    head = index.chunks[chunks[0]].text[:HEAD_CHARS] if chunks else ""
    return _words(" ".join([doc.replace("-", " "), title, head, record.title.text if record and record.title else ""]))


def _same(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    shorter = min(len(wa), len(wb)) or 1
    return len(wa & wb) / shorter >= SAME_ANSWER


def _about_a_meeting(index: Index, doc: str) -> bool:
    """Whether the document's record says it is about a meeting (unknown without records)."""
    record = index.records.get(doc)
    return record is None or record.kind != "other"


def candidate_documents(question: str, hits: list[Hit], index: Index) -> list[str]:
    """Meeting documents of the search, in rank order, that present their meeting with every
    topic word of the question."""
    words = _topic_words(question)
    docs = [doc for doc in dict.fromkeys(h.chunk.doc for h in hits) if _about_a_meeting(index, doc)]
    return [doc for doc in docs if words <= _presentation(index, doc)][:MAX_MEETINGS]


def per_meeting(question: str, answer: Answer, index: Index,
                answer_in: Callable[[str], Answer]) -> list[MeetingAnswer]:
    """Each candidate meeting's answer when at least two meetings answer ``question``
    differently (the cited one first), else an empty list. ``answer`` is the answer from the
    search's passages (``answer.hits``, to which a passage another meeting's answer cites is
    added); ``answer_in`` answers from one document's passages alone."""
    if (not answer.answered or answer.evidence is None or DOCUMENT_CODE.search(question.lower())
            or asked_fact(question, classify(question)) is not None):
        return []
    hits = answer.hits
    cited = hits[answer.evidence.hit_index].chunk.doc
    docs = candidate_documents(question, hits, index)
    if len(docs) < 2 or cited not in docs:
        return []
    found = [_meeting_answer(answer, hits, answer.evidence.hit_index, index)]
    for doc in (d for d in docs if d != cited):
        other = answer_in(doc)
        shape = _SHAPE.get(other.evidence.kind if other.evidence is not None else "")
        if (other.answered and other.evidence is not None and (shape is None or shape.search(other.text))
                and not any(_same(other.text, m.text) for m in found)):
            found.append(_meeting_answer(other, hits, _cited_position(other, hits), index))
    return found if len(found) > 1 else []


def _cited_position(answer: Answer, hits: list[Hit]) -> int:
    """Where the passage ``answer`` cites is in ``hits`` (appended when it is not there)."""
    cited = answer.hits[answer.evidence.hit_index]
    for i, hit in enumerate(hits):
        if hit.chunk_id == cited.chunk_id:
            return i
    hits.append(cited)
    return len(hits) - 1


def _meeting_answer(answer: Answer, hits: list[Hit], hit_index: int, index: Index) -> MeetingAnswer:
    """``answer``, citing ``hits[hit_index]``, labelled with its document."""
    evidence = answer.evidence
    doc = hits[hit_index].chunk.doc
    meta = index.manifest["documents"].get(doc, {})
    record = index.records.get(doc)
    title = record.title.text if record and record.title else meta.get("title") or hits[hit_index].chunk.title
    return MeetingAnswer(doc=doc, title=title, date=(record.iso_date if record else None) or meta.get("date"),
                         text=answer.text, n=hit_index + 1,
                         start=evidence.span_start, end=evidence.span_end)


def meeting_label(title: str, iso_date: str | None) -> str:
    """"<title> (d/m/yyyy)", the way an answer names a meeting."""
    title = " ".join(title.split())
    if not iso_date:
        return title
    year, month, day = iso_date.split("-")
    return f"{title} ({int(day)}/{int(month)}/{year})"


def summary(meetings: list[MeetingAnswer]) -> str:
    """The answer text listing each meeting's answer with its citation, then asking which."""
    lines = [f"- {meeting_label(m.title, m.date)}: {m.text} [{m.n}]" for m in meetings]
    return "\n".join([MEETINGS_LEAD, *lines, WHICH_MEETING])
