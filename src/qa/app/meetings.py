"""The meetings tab and the meeting record card (``qa.meetings``) in the chat app.

The card shows what a document states about its meeting, beside the document's text in the
viewer: its kind, title, time and date, place, chair, attendees, speakers and what each
presented, conclusions, proposals, tasks and signer; a field the document does not state is
left out. Each value is a link: a click (or Enter) shows its source text in the viewer,
highlighted and scrolled into view (``document_html`` with the value's span as its target).

The tab lists the meetings (date, kind, title, chair) with the filters of ``qa meetings``; a row
opens its document in the viewer with the card. Only documents the logged-in user may read are
listed or shown (``ChatApp.meetings``, ``ChatApp.record``, ``ChatApp.load``). Every piece of
document text is HTML-escaped.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import gradio as gr

from . import messages
from .assets import MEETINGS_JS, RECORD_JS
from .render import _day, document_error_html, document_html, error_html, esc, md_escape
from .service import ChatApp, LoadedDocument, Record, caller
from ..audit import Caller
from ..errors import LoadError
from ..meetings.query import parse_date
from ..meetings.record import KINDS, MeetingRecord, Span, Speaker, Task

SAID_CHARS = 160  # what a speaker presented, as long as the card shows it
Outputs = tuple[Any, ...]


def short(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def kind_label(record: MeetingRecord) -> str:
    return KINDS.get(record.kind, KINDS["other"])


# ---------------------------------------------------------------- the card

def source_link(span: Span, limit: int | None = None) -> str:
    """A value as the document states it (shortened to ``limit``), a link to its source."""
    text = short(span.text, limit) if limit else " ".join(span.text.split())
    return (f'<span class="qa-src" role="button" tabindex="0" data-start="{int(span.start)}" '
            f'data-end="{int(span.end)}" title="{esc(messages.SHOW_SOURCE)}">{esc(text)}</span>')


def _speaker(speaker: Speaker) -> str:
    said = f" – {source_link(speaker.said, SAID_CHARS)}" if speaker.said else ""
    return source_link(speaker.name) + said


def _task(task: Task) -> str:
    """Assignee – task – deadline, those the document states."""
    return " – ".join(source_link(s) for s in (task.assignee, task.task, task.deadline) if s is not None)


def _when(record: MeetingRecord) -> list[str]:
    parts = [source_link(s) for s in (record.time, record.date) if s is not None]
    return [", ".join(parts)] if parts else []


# Each row of the card: the items a record shows for it, in order (empty: the row is left out).
CARD_ROWS: dict[str, Callable[[MeetingRecord], list[str]]] = {
    "when": _when,
    "place": lambda r: [source_link(r.place)] if r.place else [],
    "chair": lambda r: [source_link(s) for s in r.chair],
    "attendees": lambda r: [source_link(s) for s in r.attendees],
    "speakers": lambda r: [_speaker(s) for s in r.speakers],
    "conclusions": lambda r: [source_link(s) for s in r.conclusions],
    "proposals": lambda r: [source_link(s) for s in r.proposals],
    "tasks": lambda r: [_task(t) for t in r.tasks],
    "signer": lambda r: [source_link(r.signer)] if r.signer else [],
}


def _row(label: str, items: list[str]) -> str:
    value = items[0] if len(items) == 1 else "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    return f"<dt>{esc(label)}</dt><dd>{value}</dd>"


def record_card_html(record: MeetingRecord | None) -> str:
    """The card of a document's meeting record ("" without a record)."""
    if record is None:
        return ""
    title = source_link(record.title) if record.title else ""
    rows = "".join(_row(messages.RECORD_FIELDS[name], items) for name, show in CARD_ROWS.items()
                   if (items := show(record)))
    body = f'<dl class="qa-record-fields">{rows}</dl>' if rows else \
        f'<div class="qa-empty">{esc(messages.RECORD_EMPTY)}</div>'
    return (f'<div class="qa-record"><div class="qa-record-head"><span class="qa-kind">'
            f'{esc(kind_label(record))}</span> {title}</div>{body}</div>')


def record_spans(record: MeetingRecord) -> Iterator[Span]:
    """Every span of the record: the sources its card links to."""
    yield from (s for s in (record.title, record.date, record.time, record.place, record.signer) if s)
    yield from (*record.chair, *record.attendees, *record.conclusions, *record.proposals)
    for speaker in record.speakers:
        yield from (s for s in (speaker.name, speaker.said) if s)
    for task in record.tasks:
        yield from (s for s in (task.assignee, task.task, task.deadline) if s)


def source_citation(loaded: LoadedDocument, record: MeetingRecord, span: Span | None) -> dict[str, Any]:
    """What ``document_html`` needs to show ``span`` (None: the document's start) highlighted."""
    start, end, text = (span.start, span.end, span.text) if span else (0, 0, "")
    return {"n": None, "doc": record.doc, "start": start, "end": end, "text": text,
            "highlight": [start, end] if span else None, "date": record.iso_date,
            "page": loaded.document.page_at(start) if span else None}


# ---------------------------------------------------------------- the table

def _meeting_row(n: int, record: MeetingRecord) -> str:
    title = " ".join(record.title.text.split()) if record.title else ""
    chairs = ", ".join(" ".join(c.text.split()) for c in record.chair)
    return (f'<tr class="qa-meeting" role="button" tabindex="0" data-n="{n}" data-doc="{esc(record.doc)}" '
            f'title="{esc(messages.OPEN_MEETING)}"><td>{esc(_day(record.iso_date) or "")}</td>'
            f'<td>{esc(kind_label(record))}</td><td><div class="qa-meeting-title">{esc(title)}</div>'
            f'<div class="qa-doc">{esc(record.doc)}</div></td><td>{esc(chairs)}</td></tr>')


def meetings_table_html(records: list[MeetingRecord]) -> str:
    """The meetings, one row each, numbered from 1 in ``data-n``."""
    if not records:
        return f'<div class="qa-empty">{esc(messages.NO_MEETINGS)}</div>'
    head = "".join(f"<th>{esc(column)}</th>" for column in messages.MEETING_COLUMNS)
    rows = "".join(_meeting_row(n, record) for n, record in enumerate(records, start=1))
    return f'<table class="qa-meetings"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def date_filters(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """The typed dates (blank: no bound); ``ValueError`` with the Vietnamese message."""
    bounds: list[date | None] = []
    for text in (since, until):
        text = (text or "").strip()
        try:
            bounds.append(parse_date(text) if text else None)
        except ValueError:
            raise ValueError(messages.bad_date(md_escape(text))) from None
    first, last = bounds
    if first and last and first > last:
        raise ValueError(messages.DATES_REVERSED)
    return first, last


# ---------------------------------------------------------------- the page

@dataclass
class MeetingsTab:
    """The tab's components and the documents of its rows (``data-n`` - 1)."""

    since: gr.Textbox
    until: gr.Textbox
    chair: gr.Textbox
    doc: gr.Dropdown
    search: gr.Button
    message: gr.Markdown
    table: gr.HTML
    rows: gr.State


def meetings_tab() -> MeetingsTab:
    """The filters and the table, inside the current tab (filled when the page loads)."""
    gr.Markdown(messages.MEETINGS_INTRO)
    with gr.Row(equal_height=True):
        since = gr.Textbox(label=messages.SINCE, placeholder=messages.DATE_PLACEHOLDER, elem_id="qa-since",
                           max_lines=1, min_width=120)
        until = gr.Textbox(label=messages.UNTIL, placeholder=messages.DATE_PLACEHOLDER, elem_id="qa-until",
                           max_lines=1, min_width=120)
        chair = gr.Textbox(label=messages.CHAIR, placeholder=messages.CHAIR_PLACEHOLDER, elem_id="qa-chair",
                           max_lines=1, scale=2)
    with gr.Row(equal_height=True):
        doc = gr.Dropdown(choices=[(messages.ALL_DOCUMENTS, "")], value="", label=messages.DOCUMENT,
                          elem_id="qa-meeting-doc", scale=4)
        search = gr.Button(messages.FILTER, variant="primary", scale=0, min_width=90, elem_id="qa-meetings-filter")
    message = gr.Markdown("", elem_id="qa-meetings-message")
    table = gr.HTML("", js_on_load=MEETINGS_JS, elem_id="qa-meetings", max_height=520)
    return MeetingsTab(since, until, chair, doc, search, message, table, gr.State([]))


def record_pane() -> gr.HTML:
    """Where the card of the document in the viewer goes (empty until one is shown)."""
    return gr.HTML("", js_on_load=RECORD_JS, elem_id="qa-record", max_height=320)


class MeetingHandlers:
    """The tab's and the card's event handlers over one ``ChatApp``; errors become Vietnamese
    messages through ``messages.error_message``."""

    def __init__(self, app: ChatApp) -> None:
        self.app = app

    def on_load(self, request: gr.Request) -> Outputs:
        """The user's documents in the filter and all their meetings. Outputs: document
        filter, table, rows, message."""
        choices = [(messages.ALL_DOCUMENTS, "")]
        try:
            choices += self.app.document_choices(caller(request).user)
        except Exception as exc:
            return gr.update(choices=choices, value=""), "", [], md_escape(messages.error_message(exc))
        return gr.update(choices=choices, value=""), *self.search("", "", "", "", request)

    def search(self, since: str | None, until: str | None, chair: str | None, doc: str | None,
               request: gr.Request | None = None) -> Outputs:
        """The meetings the filters select. Outputs: table, rows, message."""
        try:
            first, last = date_filters(since, until)
        except ValueError as exc:
            return gr.skip(), gr.skip(), f"⚠️ {exc}"
        try:
            found = self.app.meetings(first, last, (chair or "").strip() or None, doc or None, caller(request))
        except Exception as exc:
            return "", [], md_escape(messages.error_message(exc))
        return meetings_table_html(found), [r.doc for r in found], messages.meetings_found(len(found))

    def open_meeting(self, rows: list[str] | None, evt: gr.EventData, request: gr.Request | None = None) -> Outputs:
        """The document of the clicked row in the viewer, with its card. Outputs: card, viewer,
        the document shown."""
        n, rows = int(getattr(evt, "n", 0) or 0), rows or []
        if not 1 <= n <= len(rows):
            return gr.skip(), gr.skip(), gr.skip()
        return self.show(rows[n - 1], None, caller(request))

    def show_source(self, shown: str | None, evt: gr.EventData, request: gr.Request | None = None) -> Any:
        """The viewer with the source of the card's clicked value highlighted."""
        try:
            where = (int(getattr(evt, "start")), int(getattr(evt, "end")))
        except (AttributeError, TypeError, ValueError):
            return gr.skip()
        return self.show(shown, where, caller(request))[1] if shown else gr.skip()

    def card_for_citation(self, current: Record | None, evt: gr.EventData,
                          request: gr.Request | None = None) -> Outputs:
        """The card of the clicked citation's document. Outputs: card, the document shown."""
        n = int(getattr(evt, "n", 0) or 0)
        citations = (current or {}).get("citations", [])
        if not 1 <= n <= len(citations):
            return gr.skip(), gr.skip()
        doc = citations[n - 1]["doc"]
        try:
            return record_card_html(self.app.record(doc, caller(request).user)), doc
        except Exception:
            return "", None

    def show(self, doc: str, where: tuple[int, int] | None, who: Caller) -> Outputs:
        """Card, viewer and ``doc`` for document ``doc`` showing the record's span at ``where``
        (None: its title or date). Outputs as ``open_meeting``'s."""
        try:
            loaded = self.app.load(doc, who)
            record = self.app.record(doc, who.user)
        except LoadError as exc:
            return "", document_error_html(doc, exc), None
        except Exception as exc:
            return "", error_html(messages.error_message(exc)), None
        if record is None:
            return "", document_html(loaded, {"n": None, "start": 0, "end": 0, "text": ""}), doc
        spans = list(record_spans(record))
        target = next((s for s in spans if (s.start, s.end) == where), None) if where else \
            next(iter(spans), None)
        return record_card_html(record), document_html(loaded, source_citation(loaded, record, target)), doc


def wire_meetings(demo: gr.Blocks, handlers: MeetingHandlers, tab: MeetingsTab, card: gr.HTML,
                  shown: gr.State, viewer: gr.HTML) -> None:
    """The tab's events and the card's; none is an API endpoint."""
    private = dict(api_visibility="private")
    demo.load(handlers.on_load, None, [tab.doc, tab.table, tab.rows, tab.message], **private)
    filters = dict(inputs=[tab.since, tab.until, tab.chair, tab.doc], outputs=[tab.table, tab.rows, tab.message],
                   **private)
    for box in (tab.since, tab.until, tab.chair):
        box.submit(handlers.search, **filters)
    tab.search.click(handlers.search, **filters)
    tab.doc.input(handlers.search, **filters)
    tab.table.click(handlers.open_meeting, [tab.rows], [card, viewer, shown], **private)
    card.click(handlers.show_source, [shown], viewer, **private)
