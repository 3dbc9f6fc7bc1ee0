"""Meeting records looked up: by date, chair, document and the documents a user may read."""
from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime
from functools import lru_cache

from ..ingest.normalize import fold_diacritics, normalize
from .record import KINDS, MeetingRecord


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")  # how a date filter is typed: 2024-03-14, 14/03/2024


def parse_date(text: str) -> date:
    """A date typed as YYYY-MM-DD or DD/MM/YYYY; ``ValueError`` otherwise."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


@lru_cache(maxsize=1 << 16)
def folded(text: str) -> str:
    """``text`` for matching names typed with or without marks, in any case and spacing."""
    return " ".join(fold_diacritics(normalize(text).lower()).split())


def chaired_by(record: MeetingRecord, name: str) -> bool:
    """Whether one of the record's chairs is named ``name`` (a part of the name will do:
    "nguyen huu thang", "Hữu Thắng")."""
    wanted = folded(name)
    return bool(wanted) and any(wanted in folded(chair.text) for chair in record.chair)


def find_meetings(records: Iterable[MeetingRecord], since: date | None = None, until: date | None = None,
                  chair: str | None = None, doc: str | None = None,
                  docs: Collection[str] | None = None) -> list[MeetingRecord]:
    """The records dated within [``since``, ``until``] (a record without a date is left out when
    either is given), chaired by ``chair``, of document ``doc`` and among ``docs`` (None: all);
    by date (undated last), then document."""
    found = []
    for record in records:
        when = date.fromisoformat(record.iso_date) if record.iso_date else None
        if (since or until) and when is None:
            continue
        if (since and when < since) or (until and when > until):
            continue
        if (chair is not None and not chaired_by(record, chair)) or (doc is not None and record.doc != doc):
            continue
        if docs is None or record.doc in docs:
            found.append(record)
    return sorted(found, key=lambda r: (r.iso_date is None, r.iso_date or "", r.doc))


def meeting_json(record: MeetingRecord) -> dict:
    """A record as JSON, with the label of its kind."""
    return {**record.to_json(), "kind_label": KINDS.get(record.kind, KINDS["other"])}


def meeting_line(record: MeetingRecord) -> str:
    """One line: date | kind | title | chair."""
    title = " ".join(record.title.text.split()) if record.title else "-"
    chairs = ", ".join(c.text for c in record.chair) or "-"
    return " | ".join((record.iso_date or "-", KINDS.get(record.kind, KINDS["other"]), title, chairs))
