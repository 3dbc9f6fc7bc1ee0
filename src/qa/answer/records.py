"""Answers drawn from the meeting records, across documents.

Some questions are about meetings as such: "Những cuộc họp nào do đồng chí Nguyễn Hữu Thắng
chủ trì?", "Tháng 3/2024 có những cuộc họp nào về tinh giản biên chế?", "Ai chủ trì cuộc họp
ngày 14/3/2024?". Their answer is spread over documents (or sits in a line that shares few
words with the question), but the records made at index time (``qa.meetings``) know each
meeting's date, chair, place and signer. Such a question is answered from them; each item
cites the passage that holds the record's text, so it can be checked like any other answer.

``ASKS`` is the table of what a question may ask of a record; ``_period`` and ``_chair_named``
read the filters the question gives. A question none of them fits goes to the passages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from ..index.store import Index
from ..meetings.query import find_meetings, folded
from ..meetings.record import MeetingRecord, Span
from .extractive import Answer, Evidence
from .lists import Item
from .retrieve import Hit
from .vocabulary import QUESTION_WORDS

# "Những/các cuộc họp nào …", "có những hội nghị nào …", "liệt kê các cuộc họp …" (diacritic-free).
_MEETINGS = re.compile(r"\b(?:(?:nhung|cac) (?:cuoc hop|hoi nghi|buoi hop|phien hop)|"
                       r"(?:cuoc hop|hoi nghi|buoi hop|phien hop) nao)\b")
_CHAIRED_BY = re.compile(r"\bdo (?:dong chi |ong |ba )?(.+?) chu tri\b")
_TOPIC = re.compile(r"\bve (.+?)\s*\??$")
_DAY = re.compile(r"\b(?:ngay )?(\d{1,2})\s*(?:/|-|\.| thang )\s*(\d{1,2})\s*(?:/|-|\.| nam )\s*(\d{4})\b")
_MONTH = re.compile(r"\bthang (\d{1,2})\s*(?:/| nam )\s*(\d{4})\b")
_QUARTER = re.compile(r"\bquy (i{1,3}|iv|[1-4])(?:\s*(?:/| nam )\s*(\d{4}))?\b")
_YEAR = re.compile(r"\bnam (\d{4})\b")
# A task's assignee or deadline asked for ("Việc … giao cho ai, hạn khi nào?").
_TASK_WHO = re.compile(r"\bgiao cho (?:ai|don vi nao|co quan nao)\b|"
                       r"\b(?:ai|don vi nao|co quan nao) (?:chiu trach nhiem|chu tri thuc hien|thuc hien)\b")
_TASK_WHEN = re.compile(r"\bhan (?:khi nao|chot|ngay nao|den khi nao)\b|\bthoi han\b|"
                        r"\bhoan thanh (?:khi nao|truoc ngay nao|vao ngay nao)\b")
_TASK_CUE_WORDS = frozenset("giao cho han chot thoi hoan thanh truoc chiu trach nhiem thuc hien don vi co quan viec".split())
# A task answers when it holds at least this share of the question's other words, and more
# of them than any other task.
TASK_MIN_SHARE = 0.6
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Ask:
    """What a question asks of one meeting's record: the cue, and the record's field."""

    cue: re.Pattern[str]
    field: Callable[[MeetingRecord], Span | None]


# One row per field a question about a dated meeting may ask for (diacritic-free cues).
ASKS: tuple[Ask, ...] = (
    Ask(re.compile(r"\b(?:ai|nguoi nao|dong chi nao) chu tri\b|\bchu tri la ai\b"),
        lambda r: r.chair[0] if r.chair else None),
    Ask(re.compile(r"\bai ky\b|\bnguoi ky\b|\bky boi ai\b"), lambda r: r.signer),
    Ask(re.compile(r"\b(?:o dau|tai dau|dia diem|noi nao)\b"), lambda r: r.place),
    Ask(re.compile(r"\b(?:may gio|luc nao|gio nao|thoi gian nao)\b"), lambda r: r.time),
)


def _period(text: str) -> tuple[date, date] | None:
    """The day, month, quarter or year a (folded) question names, as a date range."""
    if m := _DAY.search(text):
        day, month, year = map(int, m.groups())
        try:
            when = date(year, month, day)
        except ValueError:
            return None
        return when, when
    if m := _MONTH.search(text):
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return date(year, month, 1), _month_end(year, month)
        return None
    if (m := _QUARTER.search(text)) and (m.group(2) or _YEAR.search(text)):
        quarter = _QUARTERS[m.group(1)]
        year = int(m.group(2) or _YEAR.search(text).group(1))
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    if m := _YEAR.search(text):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _citation(index: Index, doc: str, span: Span) -> Hit | None:
    """The passage of ``doc`` holding ``span`` (the first one that holds all of it)."""
    for chunk_id in index.document_chunks(doc):
        chunk = index.chunks[chunk_id]
        if chunk.start <= span.start and span.end <= chunk.end:
            return Hit(chunk_id, chunk, 0.0)
    return None


def _holds_topic(index: Index, record: MeetingRecord, topic: str) -> bool:
    """Whether the record's document speaks of ``topic`` (every word of it, diacritic-free)."""
    words = set(topic.split())
    text = " ".join(index.chunks[i].text for i in index.document_chunks(record.doc))
    return words <= set(folded(text).split())


def from_records(question: str, index: Index, hits: list[Hit], docs: set[str] | None) -> Answer | None:
    """The answer from the meeting records when the question asks about meetings as such
    (a list of meetings, or what one dated meeting's record holds), else None. ``hits`` (the
    search's passages) follow the passages the answer cites; ``docs`` limits the records."""
    if not index.records:
        return None
    text = folded(question)
    who, when = _TASK_WHO.search(text), _TASK_WHEN.search(text)
    if who or when:
        return _task_answer(question, text, bool(who), bool(when), index, hits, docs)
    if _MEETINGS.search(text):
        return _meeting_list(question, text, index, hits, docs)
    period = _period(text)
    if period is not None and period[0] == period[1]:
        return _dated_field(question, text, period[0], index, hits, docs)
    return None


def _meeting_list(question: str, text: str, index: Index, hits: list[Hit], docs: set[str] | None) -> Answer | None:
    """The meetings the question's filters select (chair, period, topic), each citing its title."""
    chair = _CHAIRED_BY.search(text)
    period = _period(text)
    topic = _TOPIC.search(text)
    if not (chair or period or topic):
        return None
    since, until = period if period else (None, None)
    found = find_meetings(index.records.values(), since=since, until=until,
                          chair=chair.group(1) if chair else None, docs=docs)
    if topic:
        found = [r for r in found if _holds_topic(index, r, _topic_words(topic.group(1)))]
    cited = [(r.title, _citation(index, r.doc, r.title)) for r in found if r.title is not None]
    return _answer(question, [(span, hit) for span, hit in cited if hit is not None], hits)


def _topic_words(topic: str) -> str:
    """The topic's words without a trailing period ("… trong tháng 3/2024")."""
    return re.split(r"\b(?:trong|vao|nam|thang|quy|do|tai)\b", topic)[0].strip()


def _dated_field(question: str, text: str, day: date, index: Index, hits: list[Hit],
                 docs: set[str] | None) -> Answer | None:
    """What the question asks of the meeting held on ``day`` (one meeting: its field)."""
    ask = next((a for a in ASKS if a.cue.search(text)), None)
    if ask is None:
        return None
    meetings = find_meetings(index.records.values(), since=day, until=day, docs=docs)
    if len(meetings) != 1 or (span := ask.field(meetings[0])) is None:
        return None
    hit = _citation(index, meetings[0].doc, span)
    if hit is None:
        return None
    return _answer(question, [(span, hit)], hits)


def _task_answer(question: str, text: str, who: bool, when: bool, index: Index, hits: list[Hit],
                 docs: set[str] | None) -> Answer | None:
    """The assignee and/or deadline of the one task the question describes."""
    words = set(text.split()) - QUESTION_WORDS.folded - _TASK_CUE_WORDS
    scored = sorted(((len(words & set(folded(t.task.text).split())) / (len(words) or 1), r.doc, t)
                     for r in index.records.values() if docs is None or r.doc in docs for t in r.tasks),
                    key=lambda x: -x[0])
    if not scored or scored[0][0] < TASK_MIN_SHARE or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    _, doc, task = scored[0]
    asked = [s for s, wanted in ((task.assignee, who), (task.deadline, when)) if wanted and s is not None]
    cited = [(span, hit) for span in asked if (hit := _citation(index, doc, span)) is not None]
    return _answer(question, cited, hits)


def _answer(question: str, cited: list[tuple[Span, Hit]], hits: list[Hit]) -> Answer | None:
    """An answer listing ``cited`` spans (a single span: a single answer), each citing its
    passage; the passages are those cited, then the search's."""
    if not cited:
        return None
    passages: list[Hit] = []
    for _, hit in cited:
        if all(p.chunk_id != hit.chunk_id for p in passages):
            passages.append(hit)
    position = {p.chunk_id: i for i, p in enumerate(passages)}
    passages += [h for h in hits if h.chunk_id not in position]
    items = [Item(" ".join(span.text.split()), position[hit.chunk_id] + 1, span.start, span.end)
             for span, hit in cited]
    first, hit = cited[0]
    line_start = hit.chunk.text.rfind("\n", 0, first.start - hit.chunk.start) + 1
    line_end = hit.chunk.text.find("\n", first.end - hit.chunk.start)
    line_end = len(hit.chunk.text) if line_end < 0 else line_end
    line = hit.chunk.text[line_start:line_end]
    line_start += len(line) - len(line.lstrip())
    evidence = Evidence(hit_index=0, start=hit.chunk.start + line_start, end=hit.chunk.start + line_end,
                        text=hit.chunk.text[line_start:line_end].rstrip(), score=1.0, coverage=1.0,
                        span_start=first.start, span_end=first.end, kind="record")
    return Answer(question=question, text="; ".join(item.text for item in items), hits=passages,
                  evidence=evidence, answered=True, items=items if len(items) > 1 else [])
