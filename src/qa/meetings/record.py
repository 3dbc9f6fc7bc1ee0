"""The meeting record of one document, and how it is stored and compared.

A record says what a meeting document states about its meeting: its kind, title, date and
time, place, chair, attendees, speakers and what each presented, conclusions, proposals,
tasks (assignee, task, deadline) and signer. Every value is a ``Span`` of the document's own
text with its offsets in the text the loader returns (``Document.text``, the offsets chunks
and citations use), so each field can be cited and highlighted. A field the document does not
state stays empty: nothing is guessed.

Stored as ``records.jsonl`` in an index generation (one record per document, in document
order); the manifest's ``records`` says which ``RECORDS_VERSION`` made them.

A hand-labelled record (``eval/meeting/records.jsonl``) has the same keys with plain strings
instead of spans: ``{"doc", "kind", "title", "date" (ISO), "time", "place", "chair": [..],
"attendees": [..], "speakers": [{"name", "said"}], "conclusions": [..], "proposals": [..],
"tasks": [{"assignee", "task", "deadline"}], "signer"}``; a key left out is not scored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Bumped when the extractor reads the same text into other records: records are remade
# (from the document text, without embedding anything again).
RECORDS_VERSION = 3
RECORDS = "records.jsonl"

# Kinds of meeting document, with the label the app shows.
KINDS: dict[str, str] = {
    "minutes": "Biên bản họp",
    "conclusion": "Thông báo kết luận",
    "invitation": "Giấy mời",
    "report": "Báo cáo",
    "news": "Tin về hội nghị, cuộc họp",
    "other": "Văn bản khác",
}

# Fields holding one value and fields holding a list of values, in display order.
SCALAR_FIELDS = ("title", "date", "time", "place", "signer")
LIST_FIELDS = ("chair", "attendees", "conclusions", "proposals")


@dataclass(frozen=True)
class Span:
    """Text as the document states it, at ``start:end`` of the document's text; ``value`` is a
    normal form where one exists (an ISO date for ``date``, "HH:MM" for ``time``)."""

    text: str
    start: int
    end: int
    value: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.value is not None:
            out["value"] = self.value
        return out

    @classmethod
    def from_json(cls, obj: dict[str, Any] | None) -> "Span | None":
        return None if obj is None else cls(obj["text"], obj["start"], obj["end"], obj.get("value"))


@dataclass(frozen=True)
class Speaker:
    """A person who spoke, with their title as stated and what they presented."""

    name: Span
    said: Span | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name.to_json(), "said": _span_json(self.said)}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "Speaker":
        name = Span.from_json(obj["name"])
        assert name is not None
        return cls(name, Span.from_json(obj.get("said")))


@dataclass(frozen=True)
class Task:
    """A task given at the meeting: to whom, what, by when (each as stated, or None)."""

    task: Span
    assignee: Span | None = None
    deadline: Span | None = None

    def to_json(self) -> dict[str, Any]:
        return {"task": self.task.to_json(), "assignee": _span_json(self.assignee),
                "deadline": _span_json(self.deadline)}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "Task":
        task = Span.from_json(obj["task"])
        assert task is not None
        return cls(task, Span.from_json(obj.get("assignee")), Span.from_json(obj.get("deadline")))


def _span_json(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else span.to_json()


@dataclass
class MeetingRecord:
    """What one document states about its meeting (see the module docstring)."""

    doc: str
    kind: str = "other"
    title: Span | None = None
    date: Span | None = None
    time: Span | None = None
    place: Span | None = None
    signer: Span | None = None
    chair: list[Span] = field(default_factory=list)
    attendees: list[Span] = field(default_factory=list)
    conclusions: list[Span] = field(default_factory=list)
    proposals: list[Span] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    @property
    def iso_date(self) -> str | None:
        return self.date.value if self.date is not None else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"doc": self.doc, "kind": self.kind}
        out.update({name: _span_json(getattr(self, name)) for name in SCALAR_FIELDS})
        out.update({name: [s.to_json() for s in getattr(self, name)] for name in LIST_FIELDS})
        out["speakers"] = [s.to_json() for s in self.speakers]
        out["tasks"] = [t.to_json() for t in self.tasks]
        return out

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "MeetingRecord":
        record = cls(doc=obj["doc"], kind=obj.get("kind", "other"))
        for name in SCALAR_FIELDS:
            setattr(record, name, Span.from_json(obj.get(name)))
        for name in LIST_FIELDS:
            setattr(record, name, [s for s in map(Span.from_json, obj.get(name, [])) if s is not None])
        record.speakers = [Speaker.from_json(s) for s in obj.get("speakers", [])]
        record.tasks = [Task.from_json(t) for t in obj.get("tasks", [])]
        return record
