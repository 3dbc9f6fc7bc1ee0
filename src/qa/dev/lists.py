"""Scoring list answers and meeting records against hand-made references (``qa eval``).

One comparison underlies everything: the word-level F1 of two texts after normalization and
lower-casing (``word_f1``). Two items match when it is at least ``MATCH_F1``; items are
paired one to one (``matched``: the largest such pairing), so no reference item is matched
twice.

- **List answers**: ``list_item_precision`` is the matched answer items over all answer items
  of the set, ``list_item_recall`` the matched reference items over all reference items
  (micro-averaged). A question no document answers has no reference items: items given for it
  count against precision.
- **Records** (``records.jsonl``, see ``qa.meetings.record``): each field a reference record
  states is scored against the index's record of the same document. A scalar is right (1) when
  both are empty or their F1 is at least ``MATCH_F1``; a list scores its matched items over
  the longer of the two lists (1 when both are empty), speakers matched on their names, tasks
  on their task text. ``record_field_accuracy`` is the mean over all stated fields.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..ingest.normalize import normalize
from ..meetings.record import LIST_FIELDS, SCALAR_FIELDS, MeetingRecord, Span

MATCH_F1 = 0.5


def answer_tokens(text: str) -> list[str]:
    """SQuAD-style answer tokens after Vietnamese normalization: lower case, no punctuation."""
    return re.findall(r"[^\W_]+", normalize(text).lower())


def word_f1(prediction: str, reference: str) -> float:
    """Token-overlap F1 of two texts (``answer_tokens``); 0 when either has no words."""
    pred, gold = answer_tokens(prediction), answer_tokens(reference)
    common = sum((Counter(pred) & Counter(gold)).values())
    if not common:
        return 0.0
    p, r = common / len(pred), common / len(gold)
    return 2 * p * r / (p + r)


def matched(given: Sequence[str], reference: Sequence[str], threshold: float = MATCH_F1) -> int:
    """The most pairs of a given item and a reference item with ``word_f1`` at least
    ``threshold``, each item in one pair at most (a maximum bipartite matching)."""
    edges = [[j for j, ref in enumerate(reference) if word_f1(item, ref) >= threshold] for item in given]
    owner: dict[int, int] = {}  # reference item -> given item paired with it

    def pair(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or pair(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(pair(i, set()) for i in range(len(given)))


@dataclass
class ListTally:
    """Item counts of the list questions of a run."""

    given: int = 0  # answer items
    reference: int = 0  # reference items
    matched: int = 0  # pairs (each a matched answer item and a matched reference item)

    def add(self, given: Sequence[str], reference: Sequence[str]) -> None:
        self.given += len(given)
        self.reference += len(reference)
        self.matched += matched(given, reference)

    def metrics(self) -> dict[str, float | None]:
        """``list_item_precision`` and ``list_item_recall`` (None without any item to count)."""
        return {"list_item_precision": round(self.matched / self.given, 4) if self.given else None,
                "list_item_recall": round(self.matched / self.reference, 4) if self.reference else None}


# ---------------------------------------------------------------- records

# The keys of a reference record and how each is read from an index record: a scalar's text
# (a date or time by its normal form), a list's item texts. Speakers are matched on their
# names, tasks on their task text.
RECORD_KEYS = ("kind", *SCALAR_FIELDS, *LIST_FIELDS, "speakers", "tasks")
_NORMAL_FORM = ("date", "time")
_LIST_KEY = {"speakers": "name", "tasks": "task"}


def _span_text(span: Span | None, name: str) -> str:
    if span is None:
        return ""
    return (span.value or span.text) if name in _NORMAL_FORM else span.text


def predicted(record: MeetingRecord | None, name: str) -> str | list[str]:
    """Field ``name`` of an index record as plain text: a string, or a list of strings."""
    if record is None:
        return [] if name in LIST_FIELDS or name in _LIST_KEY else ""
    if name == "kind":
        return record.kind
    if name in SCALAR_FIELDS:
        return _span_text(getattr(record, name), name)
    if name in _LIST_KEY:
        return [getattr(entry, _LIST_KEY[name]).text for entry in getattr(record, name)]
    return [span.text for span in getattr(record, name)]


def reference_value(name: str, value: Any) -> str | list[str]:
    """A reference record's field as plain text (speakers by name, tasks by task text);
    ValueError when it is not of the field's shape."""
    if name in _LIST_KEY:
        key = _LIST_KEY[name]
        if not isinstance(value, list) or not all(isinstance(v, dict) and isinstance(v.get(key), str)
                                                  for v in value):
            raise ValueError(f'"{name}" must be a list of objects with a "{key}" string')
        return [v[key] for v in value]
    if name in LIST_FIELDS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f'"{name}" must be a list of strings')
        return list(value)
    if value is not None and not isinstance(value, str):
        raise ValueError(f'"{name}" must be a string or null')
    return value or ""


def field_score(gold: str | list[str], given: str | list[str]) -> float:
    """1/0 for a scalar (both empty, or F1 at least ``MATCH_F1``); for a list, matched items
    over the longer list, 1 when both are empty."""
    if isinstance(gold, str) and isinstance(given, str):
        if not gold.strip() or not given.strip():
            return float(not gold.strip() and not given.strip())
        return float(word_f1(given, gold) >= MATCH_F1)
    longer = max(len(gold), len(given))
    return matched(list(given), list(gold)) / longer if longer else 1.0


def record_accuracy(references: Sequence[dict[str, Any]],
                    records: Callable[[str], MeetingRecord | None]) -> float | None:
    """The mean ``field_score`` over every field the reference records state (each with its
    ``doc``), against ``records(doc)``; None without any stated field."""
    scores = [field_score(reference_value(name, value), predicted(records(ref["doc"]), name))
              for ref in references for name, value in ref.items() if name != "doc"]
    return round(sum(scores) / len(scores), 4) if scores else None
