"""Answers drawn from the meeting records, across documents.

Some questions are about meetings as such: "Những cuộc họp nào do đồng chí Nguyễn Hữu Thắng
chủ trì?", "Tháng 3/2024 có những cuộc họp nào về tinh giản biên chế?", "Ai chủ trì cuộc họp
ngày 14/3/2024?". Their answer is spread over documents (or sits in a line that shares few
words with the question), but the records made at index time (``qa.meetings``) know each
meeting's date, chair, place and signer. Such a question is answered from them; each item
cites the passage that holds the record's text, so it can be checked like any other answer.

``ASKS`` is the table of what a question may ask of a record; ``_period``, ``_CHAIRED_BY`` and
``_ATTENDED_BY`` read the filters the question gives. A question none of them fits goes to the
passages.

A list question about one meeting ("Những ai dự cuộc họp …?", "Những ai phát biểu thảo luận?",
"UBND Hà Nội giao Sở Nội vụ những nhiệm vụ gì?") is answered from the passages first; where it
asks for a list a record holds (``LISTS``: attendees, speakers by what they did, tasks, their
assignees or deadlines, proposals, conclusions), the answering document's record gives the
items (``listed_in_records``), or every meeting's record where the question asks about a body
or all meetings ("Sở Nội vụ tỉnh Hà Tĩnh được giao những nhiệm vụ gì?").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from ..index.keyword import DOCUMENT_CODE
from ..ingest.normalize import fold_diacritics
from ..index.store import Index
from ..meetings.query import find_meetings, folded
from ..meetings.record import MeetingRecord, Span
from .extractive import NOT_FOUND, Answer, Evidence
from .enumerations import split_enumeration
from .lists import Item, asks_for_list, of_asked_kind
from .retrieve import Hit
from .vocabulary import QUESTION_WORDS, TITLE_STARTS

# "Những/các cuộc họp nào …", "có những hội nghị nào …", "liệt kê các cuộc họp …" (diacritic-free).
_MEETINGS = re.compile(r"\b(?:(?:nhung|cac) (?:cuoc hop|hoi nghi|buoi hop|phien hop)|"
                       r"(?:cuoc hop|hoi nghi|buoi hop|phien hop) nao)\b")
_CHAIRED_BY = re.compile(r"\bdo (?:dong chi |ong |ba )?(.+?) chu tri\b")
_TOPIC = re.compile(r"\bve (.+?)\s*\??$")
_TOPIC_PARTS = re.compile(r",|\b(?:va|hoac)\b")
# "Đồng chí Kiều Văn Sáng tham gia những cuộc họp nào?"
_ATTENDED_BY = re.compile(r"^(?:dong chi |ong |ba )?(.+?) (?:da )?"
                          r"(?:tham gia|du|tham du|co mat (?:tai|o)|phat bieu (?:tai|o)) "
                          r"(?:nhung|cac) (?:cuoc hop|hoi nghi|buoi hop|phien hop)\b")
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


def _document_words(index: Index, doc: str) -> set[str]:
    """The words of a document (its file name, title and text), diacritic-free."""
    title = index.manifest["documents"].get(doc, {}).get("title") or ""
    text = " ".join([doc.replace("-", " "), title] + [index.chunks[i].text for i in index.document_chunks(doc)])
    return set(re.findall(r"\w+", folded(text)))


def _holds_topic(index: Index, record: MeetingRecord, topic: str) -> bool:
    """Whether the record's document speaks of ``topic`` (diacritic-free): of every word of one
    of its parts ("tinh giản biên chế, vị trí việc làm": either)."""
    words = _document_words(index, record.doc)
    return any(set(re.findall(r"\w+", part)) <= words for part in _TOPIC_PARTS.split(topic) if part.strip())


def _attended(record: MeetingRecord, name: str) -> bool:
    """Whether ``name`` (folded) chaired, attended or spoke at the record's meeting."""
    people = [*record.chair, *record.attendees, *(s.name for s in record.speakers)]
    return any(name in folded(person.text) for person in people)


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
    """The meetings the question's filters select (chair, person present, period, topic), each
    citing its title; a refusal where none is found."""
    chair, present = _CHAIRED_BY.search(text), _ATTENDED_BY.search(text)
    period = _period(text)
    topic = _TOPIC.search(text)
    if not (chair or present or period or topic):
        return None
    since, until = period if period else (None, None)
    found = find_meetings(index.records.values(), since=since, until=until,
                          chair=chair.group(1) if chair else None, docs=docs)
    if present:
        found = [r for r in found if _attended(r, present.group(1))]
    if topic:
        found = [r for r in found if _holds_topic(index, r, _topic_words(topic.group(1)))]
    cited = [(r.title, _citation(index, r.doc, r.title)) for r in found if r.title is not None]
    found_answer = _answer(question, [(span, hit) for span, hit in cited if hit is not None], hits, listed=True)
    return found_answer or Answer(question=question, text=NOT_FOUND, hits=hits)


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


def _answer(question: str, cited: list[tuple[Span, Hit]], hits: list[Hit], listed: bool = False) -> Answer | None:
    """An answer listing ``cited`` spans (a single span: a single answer unless ``listed``),
    each citing its passage; the passages are those cited, then the search's."""
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
                  evidence=evidence, answered=True, items=items if listed or len(items) > 1 else [])


# ---------------------------------------------------------------- lists from one meeting's record

# What a speaker did, read from the line that names them up to just after the name.
_PRESENTED = re.compile(r"\b(?:trinh bay|bao cao)\b")
_CONCLUDED = re.compile(r"\b(?:ket luan|be mac|tong ket)\b")
# The first of these after "ai" says what the speakers asked for did.
_SPEAKER_VERB = re.compile(r"\bai\b.*?\b(phat bieu ket luan|ket luan|trinh bay|bao cao|phat bieu|tham luan|"
                           r"thao luan)\b")
SPEAKER_WINDOW = 60  # characters after the name (or what they said) where their verb is looked for
_HONORIFIC = re.compile(r"(?:đồng chí|đ/c|ông|bà)\s+", re.IGNORECASE)
# A person item longer than this (name and first title) is the name alone: a list stays readable.
MAX_PERSON_WORDS = 9
# A passage item and a record item are the same when they share this much of the longer one.
SAME_ITEM = 0.5
# A question asking for bodies ("những cơ quan nào dự") gets each body a listed attendee names.
_BODIES = re.compile(r"\b(?:nhung|cac) (?:co quan|don vi)\b")
# A kind of body whose name starts with the word ("Cục Đào tạo", "Sở Tài chính"), asked for
# among those present ("Liệt kê các cục của Bộ Công an dự …").
_KIND_PRESENT = re.compile(r"\b(?:nhung|cac) (cuc|so|bo|vu|phong|bao|dai|vien|hoi|tinh|huyen|xa|phuong)\b"
                           r"(?: nao)?\b.*\b(?:du|tham du|co mat)\b")
_NEXT_BODY = re.compile(r",(?=\s+[A-ZĐ])")
# A body named right after these words gives the task, it does not receive it ("theo phân
# công của Tổ công tác", "cuộc họp do Sở Nội vụ chủ trì").
_GIVER_BEFORE = re.compile(r"\b(?:cua|do|theo)\s*$")
_GIVES = re.compile(r"\b(?:giao|phan cong|yeu cau)\b")
_RECEIVES = re.compile(r"(?:\s+\w+){0,4}?\s+(?:duoc giao|duoc phan cong|chu tri|phoi hop)\b")
_ALL_MEETINGS = re.compile(r"\b(?:cac|moi|nhung) (?:hoi nghi|cuoc hop|buoi hop|phien hop)\b")
_LIST_CUE_WORDS = _TASK_CUE_WORDS | frozenset("nhiem vu phan cong yeu cau khi gi".split())
# A task question about a body across meetings: "… các địa phương được giao …", or "X được giao"
# without naming a document.
_TASK_ACROSS = re.compile(r"\b(?:cac|moi) (?:dia phuong|hoi nghi|cuoc hop|van ban|thong bao)\b")
_RECEIVED = re.compile(r"\bduoc giao\b")


@dataclass(frozen=True)
class Listed:
    """What a list question may ask of a meeting's record: the cue (diacritic-free), the items
    of one record, and whether the items of every candidate meeting answer (``across``)."""

    cue: re.Pattern[str]
    items: Callable[[str, Index, MeetingRecord], list[Span]]
    across: Callable[[str], bool] = lambda _text: False
    least: int = 2  # fewer items than this: the passages answer
    merge: bool = True  # the passages' other items follow where both read one list


def _parts(span: Span) -> list[Span]:
    """A span naming several bodies ("Sở Tài chính; các sở, ngành") as one span per body."""
    parts, start = [], span.start
    for piece in span.text.split(";"):
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            parts.append(Span(piece.strip(), start + lead, start + lead + len(piece.strip())))
        start += len(piece) + 1
    return parts


def _receivers(text: str, record: MeetingRecord) -> set[str]:
    """The assignees (folded) of the record's tasks that the (folded) question names as the one
    a task went to: after the verb that gives it ("giao Sở Nội vụ"), or before the one that
    receives it ("Sở Nội vụ tỉnh Hà Tĩnh được giao"); not as the one that gave it ("theo phân
    công của Tổ công tác")."""
    named = set()
    for task in record.tasks:
        for part in _parts(task.assignee) if task.assignee else []:
            body = folded(part.text)
            at = text.find(body) if len(body.split()) >= 2 else -1
            if at < 0 or _GIVER_BEFORE.search(text[:at]):
                continue
            if _GIVES.search(text[:at]) or _RECEIVES.match(text[at + len(body):]):
                named.add(body)
    return named


def _tasks(text: str, index: Index, record: MeetingRecord) -> list[Span]:
    """The record's tasks, only those of the bodies the question names as receiving them."""
    wanted = _receivers(text, record)
    if not wanted and _named_receiver(text):
        return []  # a body's tasks asked for across meetings: this one gave it none
    return [t.task for t in record.tasks
            if not wanted or (t.assignee and {folded(p.text) for p in _parts(t.assignee)} & wanted)]


def _unique(spans: list[Span]) -> list[Span]:
    """The spans without repeats (the same text, in any case and marks), first kept."""
    seen: dict[str, Span] = {}
    for span in spans:
        seen.setdefault(folded(span.text), span)
    return list(seen.values())


def _assignees(text: str, index: Index, record: MeetingRecord) -> list[Span]:
    """Each body the record's tasks went to, once."""
    return _unique([p for t in record.tasks if t.assignee for p in _parts(t.assignee)])


def _deadlines(text: str, index: Index, record: MeetingRecord) -> list[Span]:
    """Each deadline of the record's tasks, once."""
    return _unique([t.deadline for t in record.tasks if t.deadline])


def _line_before(index: Index, record: MeetingRecord, span: Span, end: int) -> str:
    """The (folded) text of the line holding ``span``, from its start to ``end``."""
    hit = _citation(index, record.doc, span)
    if hit is None:
        return ""
    text = hit.chunk.text
    start = text.rfind("\n", 0, span.start - hit.chunk.start) + 1
    line_end = text.find("\n", span.start - hit.chunk.start)
    stop = min(end - hit.chunk.start, len(text) if line_end < 0 else line_end)
    return folded(text[start:stop])


def _speakers(text: str, index: Index, record: MeetingRecord) -> list[Span]:
    """The names of the speakers who did what the question asks: presented ("trình bày", "báo
    cáo"), concluded ("kết luận"), or else spoke in the discussion (neither, nor chairing)."""
    verb = _SPEAKER_VERB.search(text)
    asked = next((p for p in (_CONCLUDED, _PRESENTED) if verb and p.search(verb.group(1))), None)
    chairs = {folded(c.text).split(",")[0] for c in record.chair}
    found = []
    for speaker in record.speakers:
        end = max(speaker.name.end, speaker.said.start if speaker.said else 0) + SPEAKER_WINDOW
        line = _line_before(index, record, speaker.name, end)
        if asked is not None:
            keep = bool(asked.search(line))
        else:
            keep = not (_PRESENTED.search(line) or _CONCLUDED.search(line)
                        or folded(speaker.name.text).split(",")[0] in chairs)
        if keep:
            found.append(_name(speaker.name))
    return found


def _person(span: Span) -> Span:
    """A person without an honorific, as their name and first title where that is short
    ("Kiều Văn Sáng, chuyên viên chính"), else the name alone ("Lò Văn Sơn" of "Lò Văn Sơn, Phó
    Trưởng phòng Tổ chức cán bộ, Ban Tổ chức Tỉnh ủy"); any other span as it is."""
    honorific = _HONORIFIC.match(span.text)
    start = honorific.end() if honorific else 0
    text = span.text[start:]
    name = text.split(",")[0]
    if not name[:1].isupper() or name.split()[0] in TITLE_STARTS:
        return span
    cuts = [i for i, c in enumerate(text) if c == ","] + [len(text)]
    titled = text[:cuts[1]] if len(cuts) > 1 else text
    end = len(titled) if len(titled.split()) <= MAX_PERSON_WORDS else len(name)
    return Span(text[:end].rstrip(), span.start + start, span.start + start + len(text[:end].rstrip()))


def _name(span: Span) -> Span:
    """A person's name alone."""
    person = _person(span)
    name = person.text.split(",")[0]
    return Span(name, person.start, person.start + len(name))


def _attendees(text: str, index: Index, record: MeetingRecord) -> list[Span]:
    """The attendees, persons by name and short title; asked for bodies, each body of an
    attendee naming several ("lãnh đạo Ban Tổ chức Tỉnh ủy, Sở Tài chính, Sở Kế hoạch và Đầu
    tư")."""
    if not _BODIES.search(text):
        return [_person(s) for s in record.attendees]
    return [piece for s in record.attendees for piece in _bodies(s)]


def _bodies(span: Span) -> list[Span]:
    """A span split before each comma that a capitalized name follows."""
    cuts = [m.start() for m in _NEXT_BODY.finditer(span.text)]
    bounds = zip([0, *(c + 1 for c in cuts)], [*cuts, len(span.text)])
    pieces = [(a + len(span.text[a:b]) - len(span.text[a:b].lstrip()), b) for a, b in bounds]
    return [Span(span.text[a:b], span.start + a, span.start + b) for a, b in pieces if a < b]


def _of_kind(text: str, index: Index, record: MeetingRecord) -> list[Span]:
    """The attending bodies of the kind the question asks for ("các cục … dự": each "Cục …"
    an attendee names)."""
    kind = _KIND_PRESENT.search(text)
    if kind is None:
        return []
    named = re.compile(rf"\b{kind.group(1).capitalize()}\b")
    return [piece for s in record.attendees for piece in _bodies(s) if named.search(fold_diacritics(piece.text))]


def _named_receiver(text: str) -> bool:
    """Whether a task question names who received the tasks rather than the meeting: then
    every candidate meeting's tasks for that body answer."""
    return bool(_TASK_ACROSS.search(text) or (_RECEIVED.search(text) and not DOCUMENT_CODE.search(text)))


# One row per list a question may ask of a meeting's record, first match wins (diacritic-free
# cues). Attendees only when the question asks for all of them, not a kind among them ("những
# cơ quan báo chí nào dự", "những ai của Đảng ủy phường").
LISTS: tuple[Listed, ...] = (
    Listed(re.compile(r"\bgiao (?:nhiem vu |viec )?cho (?:nhung|cac) (?:co quan|don vi)\b|"
                      r"\b(?:nhung|cac) (?:co quan|don vi) nao (?:duoc giao|chiu trach nhiem)\b"), _assignees),
    Listed(re.compile(r"\b(?:nhung|cac) (?:thoi han|moc thoi gian|han(?! che))\b"), _deadlines),
    Listed(re.compile(r"\b(?:nhung ai|ai)\b.*\b(?:phat bieu|trinh bay|tham luan|thao luan|bao cao|ket luan)\b"),
           _speakers, lambda text: bool(_ALL_MEETINGS.search(text))),
    Listed(re.compile(r"\b(?:nhung|cac) (?:ai|(?:co quan|don vi)(?: \w+){0,2}?|thanh phan|dai bieu|nguoi)(?: nao)? "
                      r"(?:da )?(?:du|tham du|duoc moi|co mat)\b|"
                      r"\bmoi (?:nhung|cac) (?:thanh phan|ai|co quan|don vi)\b|"
                      r"\bthanh phan (?:tham du|du hop|cuoc hop)\b"), _attendees),
    Listed(_KIND_PRESENT, _of_kind, least=1, merge=False),
    Listed(re.compile(r"\b(?:giao|phan cong)\b.*\b(?:nhiem vu|viec|cong viec)\b|"
                      r"\b(?:nhiem vu|viec|cong viec)\b.*\b(?:giao|phan cong)\b"), _tasks, _named_receiver, least=1),
    Listed(re.compile(r"\b(?:de xuat|kien nghi|de nghi)(?:,? (?:de xuat|kien nghi|de nghi))* "
                      r"(?:nhung |cac )?(?:gi|nao)\b|"
                      r"\b(?:nhung|cac) (?:de xuat|kien nghi|de nghi)\b"), lambda t, i, r: r.proposals),
    Listed(re.compile(r"\bket luan (?:nhung|cac) (?:gi|noi dung|van de)\b"), lambda t, i, r: r.conclusions),
)


def _meetings_named(question: str, text: str, index: Index) -> list[str]:
    """The documents of every meeting (a question about all of them), or of those whose text
    holds every content word of the question but the words that ask for the list."""
    if _ALL_MEETINGS.search(text):
        return list(index.records)
    words = set(re.findall(r"\w+", text)) - QUESTION_WORDS.folded - _LIST_CUE_WORDS
    return [doc for doc in index.records if words <= _document_words(index, doc)]


def listed_in_records(answer: Answer, index: Index, docs: set[str] | None = None) -> Answer:
    """A list question's answer from the meeting records where the question asks for a list a
    record holds (``LISTS``): the items of the answering document's record (or of every
    candidate meeting's, where the row says so), each citing its passage; where the passages'
    list shares an item with them, its other items follow. ``answer`` (from the passages)
    where it is refused, is per meeting, or the records hold fewer than two items."""
    if not answer.answered or answer.evidence is None or not asks_for_list(answer.question):
        return answer
    text = folded(answer.question)
    listed = next((row for row in LISTS if row.cue.search(text)), None)
    if listed is None:
        return answer
    meetings = [answer.hits[answer.evidence.hit_index].chunk.doc]
    across = listed.across(text)
    if across:
        meetings += [d for d in _meetings_named(answer.question, text, index) if d not in meetings]
    cited = [(span, hit) for d in meetings if d in index.records and (docs is None or d in docs)
             for span in listed.items(text, index, index.records[d])
             if (hit := _citation(index, d, span)) is not None]
    if len(cited) < listed.least:
        return answer
    extra = _passage_items(answer, cited) if listed.merge and not across else []
    both = cited + extra
    both = [both[i] for i in of_asked_kind(answer.question, [span.text for span, _ in both])]
    found = _answer(answer.question, both, answer.hits, listed=True)
    return found if found is not None else answer


def _passage_items(answer: Answer, cited: list[tuple[Span, Hit]]) -> list[tuple[Span, Hit]]:
    """The items of the passages' list that no record item overlaps, when one of them is a
    record item (the two read the same list); else none (the passages list something else)."""
    items = [(Span(i.text, i.start, i.end), answer.hits[i.n - 1]) for i in answer.items]

    def overlap(span: Span, hit: Hit) -> float:
        """The largest share of the longer of ``span`` and a record item that both hold."""
        return max((max(0, min(s.end, span.end) - max(s.start, span.start)) /
                    max(s.end - s.start, span.end - span.start, 1)
                    for s, h in cited if h.chunk.doc == hit.chunk.doc), default=0.0)

    shares = [overlap(*item) for item in items]
    if not any(share >= SAME_ITEM for share in shares):
        return []
    return [item for item, share in zip(items, shares) if share == 0]
