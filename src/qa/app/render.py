"""The chat app's HTML and Markdown: citation cards, the document view, chat messages and the
index status, from the answer's JSON (``qa.answer.show.answer_to_json``).

Safety: every piece of document text is HTML-escaped before it is put in a page (cards,
document view, chat messages), so a document holding ``<script>`` or ``<img onerror=…>``
shows as text.
"""
from __future__ import annotations

import datetime as _dt
import html
import re
from typing import TYPE_CHECKING, Any

from . import messages
from ..answer.across import MEETINGS_LEAD, WHICH_MEETING, meeting_label
from ..errors import LoadError

if TYPE_CHECKING:
    from .service import LoadedDocument

CARDS_PLACEHOLDER = '<div class="qa-empty">Các đoạn trích dẫn sẽ hiện ở đây.</div>'
VIEWER_PLACEHOLDER = '<div class="qa-empty">Bấm vào một trích dẫn để xem toàn văn tài liệu.</div>'
MOVED_NOTICE = ('<div class="qa-notice">Tài liệu đã thay đổi kể từ khi lập chỉ mục; '
                'không định vị được đoạn trích.</div>')
Mark = tuple[int, int, str, str]  # (start, end, open tag, close tag)


def esc(text: str) -> str:
    """HTML-escape document text (quotes too: it may end up in attributes)."""
    return html.escape(text, quote=True)


_MD_INLINE = re.compile(r"([\\`*_\[\]|~$])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text for a Markdown chat message that shows exactly as written: HTML-escaped (no raw
    HTML), and the Markdown that could format it backslash-escaped (emphasis, links, code,
    tables; headings, quotes and lists at a line start)."""
    text = _MD_INLINE.sub(r"\\\1", html.escape(text, quote=False))
    return _MD_LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else
                                                      f"{m.group(3)}\\{m.group(4)}"), text)


def format_time(stamp: str | None) -> str:
    """An index manifest's ``created`` time as local dd/mm/yyyy HH:MM."""
    if not stamp:
        return "không rõ"
    try:
        when = _dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z")
        return when.astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return stamp


def status_markdown(manifest: dict[str, Any]) -> str:
    """The index's size and age for the sidebar."""
    if not manifest:
        return messages.MSG_NO_INDEX
    counts = manifest.get("counts", {})
    return (f"**{counts.get('documents', 0)}** tài liệu, **{counts.get('chunks', 0)}** đoạn  \n"
            f"Cập nhật chỉ mục: {md_escape(format_time(manifest.get('created')))}")


def chat_message(payload: dict[str, Any], text: str | None = None) -> str:
    """The assistant's chat message: notices and the question as understood (each its own
    paragraph), then the answer (``text`` while it streams) and the sentence it came from."""
    lead = [f"_{md_escape(notice)}_" for notice in payload.get("notices", [])]
    if payload.get("resolved_question"):
        lead.append(f"_Hiểu câu hỏi là: {md_escape(payload['resolved_question'])}_")
    return "\n\n".join([*lead, _answer_markdown(payload) if text is None else md_escape(text)])


def _answer_markdown(payload: dict[str, Any]) -> str:
    answer = md_escape(payload["answer"])
    if payload.get("generated"):
        return answer + "\n\n_Câu trả lời do mô hình ngôn ngữ viết từ các đoạn được đánh số bên dưới._"
    if payload.get("meetings"):  # several meetings answer differently: each one, then which is meant
        lines = [f"- **{md_escape(meeting_label(m['title'], m.get('date')))}**: {md_escape(' '.join(m['answer'].split()))} \\[{int(m['n'])}\\]"
                 for m in payload["meetings"]]
        return "\n".join([md_escape(MEETINGS_LEAD), "", *lines, "", md_escape(WHICH_MEETING)])
    if payload.get("items"):  # a list answer: one bullet per item, each with its citation
        return "\n".join(f"- {md_escape(' '.join(item['text'].split()))} \\[{int(item['n'])}\\]"
                         for item in payload["items"])
    if payload.get("evidence"):
        marker = f"\\[{payload['cited']}\\]"
        if payload["evidence"].strip() == payload["answer"].strip():
            return f"{answer} {marker}"
        short = md_escape(" ".join(payload["answer"].split()))  # bold within one line
        return f"**{short}**\n\n«{md_escape(payload['evidence'])}» {marker}"
    if payload.get("citations"):
        return answer + "\n\n_Các đoạn liên quan nhất được liệt kê bên dưới._"
    return answer


def render_spans(text: str, marks: list[Mark]) -> str:
    """``text`` HTML-escaped, with ``(start, end, open_tag, close_tag)`` wrapped around the
    given ranges. Ranges must nest (or be disjoint); outer ones first in ``marks``."""
    events: list[tuple[int, int, int, str]] = []
    for depth, (start, end, open_tag, close_tag) in enumerate(marks):
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        if start > end:
            continue
        events.append((start, 1, depth, open_tag))
        events.append((end, 0, -depth, close_tag))
    events.sort()
    out: list[str] = []
    pos = 0
    for at, _kind, _depth, tag in events:
        out.append(esc(text[pos:at]))
        out.append(tag)
        pos = at
    out.append(esc(text[pos:]))
    return "".join(out)


def _excerpt_window(text: str, focus: tuple[int, int] | None, context: int = 260,
                    size: int = 480) -> tuple[int, int]:
    """A window of ``text`` around ``focus`` (or its beginning), cut at spaces."""
    if focus is None:
        lo, hi = 0, min(len(text), size)
    else:
        lo, hi = max(0, focus[0] - context), min(len(text), focus[1] + context)
    if lo > 0:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < (focus[0] if focus else hi) else lo
    if hi < len(text):
        space = text.rfind(" ", lo, hi)
        hi = space if space > (focus[1] if focus else lo) else hi
    return lo, hi


def _answer_marks(citation: dict[str, Any], shift: int) -> list[Mark]:
    """The evidence in ``<mark>`` and the short answer in it, at document offsets + ``shift``."""
    marks: list[Mark] = []
    if citation.get("highlight"):
        a, b = citation["highlight"]
        marks.append((a + shift, b + shift, "<mark>", "</mark>"))
        if citation.get("answer_span"):
            a, b = citation["answer_span"]
            marks.append((a + shift, b + shift, '<strong class="qa-answer">', "</strong>"))
    return marks


def _meta_line(doc_id: str, date: str | None, page: str | None) -> str:
    parts = [f'<span class="qa-doc">{esc(doc_id)}</span>']
    if date:
        parts.append(f"Ngày {esc(date)}")
    if page:
        parts.append(page)
    return " · ".join(parts)


def _day(iso: str | None) -> str | None:
    """A document's ISO date (``answer_to_json``'s ``date``) as Vietnamese write it."""
    return _dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else None


def _card(citation: dict[str, Any], cited: int | None) -> str:
    """One numbered citation card: an excerpt of the passage around its highlight."""
    text, base = citation["text"], citation["start"]
    highlight = citation.get("highlight")
    lo, hi = _excerpt_window(text, (highlight[0] - base, highlight[1] - base) if highlight else None)
    body = render_spans(text[lo:hi], _answer_marks(citation, -base - lo))
    body = ("… " if lo > 0 else "") + body + (" …" if hi < len(text) else "")
    date = _day(citation.get("date"))
    page = f"Trang {int(citation['page'])}" if citation.get("page") else None
    n = int(citation["n"])
    return (f'<div class="qa-card{" qa-cited" if n == cited else ""}" role="button" tabindex="0" '
            f'data-n="{n}" title="Bấm để xem toàn văn tài liệu">'
            f'<div class="qa-card-head"><span class="qa-num">[{n}]</span> '
            f'<span class="qa-title">{esc(citation["title"])}</span></div>'
            f'<div class="qa-meta">{_meta_line(citation["doc"], date, page)}</div>'
            f'<div class="qa-text">{body}</div></div>')


def cards_html(payload: dict[str, Any] | None) -> str:
    """Numbered citation cards, the evidence in ``<mark>``, the answer in it underlined."""
    if not payload or not payload.get("citations"):
        return CARDS_PLACEHOLDER
    heading = "Nguồn trích dẫn" if payload.get("answered") else "Các đoạn liên quan nhất"
    cards = "".join(_card(c, payload.get("cited")) for c in payload["citations"])
    return f'<div class="qa-cards"><div class="qa-cards-head">{heading}</div>{cards}</div>'


def document_html(loaded: LoadedDocument, citation: dict[str, Any]) -> str:
    """The whole document, the cited passage in ``#qa-target`` (scrolled into view by the
    viewer's script) with the evidence in ``<mark>``; PDF page breaks are shown. When the file
    changed since it was indexed, the passage is looked for by its text."""
    document = loaded.document
    start = citation["start"]
    if document.text[start:citation["end"]] != citation["text"]:
        start = document.text.find(citation["text"])
    marks: list[Mark] = []
    if start >= 0:
        marks.append((start, start + len(citation["text"]), '<span id="qa-target" class="qa-target">',
                      "</span>"))
        marks.extend(_answer_marks(citation, start - citation["start"]))
    for page, offset in enumerate(document.page_starts[1:], start=2):
        marks.append((offset, offset, f'<span class="qa-page">— Trang {page} —</span>', ""))
    date = _day(citation.get("date"))
    page = f"Đoạn trích ở trang {int(citation['page'])}" if citation.get("page") else None
    number = f'[{int(citation["n"])}] ' if citation.get("n") else ""  # none: a meeting record's source
    return (f'<div class="qa-viewer"><div class="qa-viewer-head">{number}'
            f'{esc(document.title)}</div><div class="qa-meta">{_meta_line(document.path, date, page)}</div>'
            f'{"" if start >= 0 else MOVED_NOTICE}'
            f'<div class="qa-doc-text">{render_spans(document.text, marks)}</div></div>')


def document_error_html(doc_id: str, exc: LoadError) -> str:
    """Why the document cannot be shown, in Vietnamese."""
    return error_html(messages.document_unreadable(doc_id, exc))


def error_html(message: str) -> str:
    return f'<div class="qa-error">{esc(message)}</div>'
