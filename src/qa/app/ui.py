"""The chat app: a Gradio Blocks UI over the library API in ``qa.assistant``.

Everything here is presentation. ``ChatApp`` holds the loaded ``Assistant`` and does the
work the UI needs (ask, render citation cards and the document view, add an uploaded file,
record feedback); ``create_app`` lays out the page and wires the events; ``launch`` starts
the server with the page's CSS, theme and limits.

Safety: every piece of document text is HTML-escaped before it is put in a page (cards,
document view, chat messages), so a document holding ``<script>`` or ``<img onerror=…>``
shows as text. Uploaded files are written only inside the corpus folder, under a cleaned
name, and kept only when ``load_document`` can read them.

API (``gradio_client``): ``/ask`` takes a question (and optionally a list of document ids to
search) and returns the answer with its citations as JSON; ``/upload`` adds a document.
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import gradio as gr

from ..answer.extractive import Answer
from ..assistant import Assistant
from ..index.store import build_index
from ..config import Settings
from ..answer.read import make_reader
from ..embed import TextEmbedder, make_embedder
from ..index.store import IndexNotFound
from ..ingest.load import SUPPORTED_SUFFIXES, Document, LoadError, document_date, load_document

TITLE = "Hỏi đáp tài liệu cuộc họp"
EXAMPLES = ("Ai phát biểu kết luận?", "Kết luận 35-KL/TW ban hành ngày nào?", "Hội nghị đề xuất những gì?")
FEEDBACK_FILE = "feedback.jsonl"
STREAM_DELAY = 0.02  # seconds between streamed words

MSG_ERROR = "Đã xảy ra lỗi khi xử lý yêu cầu. Vui lòng thử lại."
MSG_NO_INDEX = "Chưa có chỉ mục tài liệu. Hãy thêm tài liệu vào thư mục corpus hoặc tải lên một tệp."
MSG_EMPTY_QUESTION = "Hãy nhập câu hỏi."
MSG_NO_DOCS_SELECTED = "Hãy chọn ít nhất một tài liệu để tìm kiếm."
MSG_THINKING = "⏳ Đang tìm câu trả lời…"
CARDS_PLACEHOLDER = '<div class="qa-empty">Các đoạn trích dẫn sẽ hiện ở đây.</div>'
VIEWER_PLACEHOLDER = '<div class="qa-empty">Bấm vào một trích dẫn để xem toàn văn tài liệu.</div>'


# ---------------------------------------------------------------- text helpers

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


def sanitize_filename(name: str) -> str:
    """A safe file name for the corpus folder: the last path component of ``name`` only,
    letters (any script), digits, ``. - _`` and spaces; no leading dots; at most 120 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c if (c.isalnum() or c in "._- ") else "_" for c in name)
    name = re.sub(r"[\s_]+", lambda m: "_" if "_" in m.group() else " ", name).strip(" ._-")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem.strip(" ._-") or "tai-lieu"
    suffix = suffix.lower()
    stem = stem[:120 - len(suffix) - 1]
    return f"{stem}.{suffix}" if suffix else stem


def format_time(stamp: str | None) -> str:
    """An index manifest's ``created`` time as local dd/mm/yyyy HH:MM."""
    if not stamp:
        return "không rõ"
    try:
        when = _dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z")
        return when.astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return stamp


_LOAD_REASONS = (  # LoadError messages (English, from qa.load) -> Vietnamese
    ("unsupported file type", "định dạng tệp không được hỗ trợ"),
    ("empty file", "tệp rỗng"),
    ("no text in the file", "tệp không có nội dung văn bản"),
    ("binary content", "tệp chứa dữ liệu nhị phân, không phải văn bản"),
    ("unknown text encoding", "không nhận ra bảng mã văn bản"),
    ("invalid UTF-8", "văn bản UTF-8 không hợp lệ"),
    ("not a readable DOCX", "tệp DOCX bị hỏng hoặc không đọc được"),
    ("not a readable PDF", "tệp PDF bị hỏng hoặc không đọc được"),
    ("the PDF is encrypted", "tệp PDF được mã hóa"),
    ("the PDF has no text layer", "tệp PDF không có lớp văn bản (bản quét?), cần OCR trước"),
    ("permission denied", "không có quyền đọc tệp"),
    ("over the", "tệp vượt quá giới hạn dung lượng"),
)


def load_reason_vi(reason: str) -> str:
    for prefix, vietnamese in _LOAD_REASONS:
        if prefix.lower() in reason.lower():
            return vietnamese
    return reason


# ---------------------------------------------------------------- rendering

def _clip(lo: int, hi: int, start: int, end: int) -> tuple[int, int] | None:
    a, b = max(lo, start), min(hi, end)
    return (a, b) if a < b else None


def render_spans(text: str, marks: list[tuple[int, int, str, str]]) -> str:
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


@dataclass
class _Loaded:
    key: tuple[float, int]
    document: Document
    date: str | None


class ChatApp:
    """The loaded assistant and everything the UI does with it; safe to share between threads."""

    def __init__(self, settings: Settings, embedder: TextEmbedder | None = None) -> None:
        self.settings = settings
        self.corpus = Path(settings.corpus).resolve()
        self.embedder = embedder or make_embedder(settings)
        # One reading model for every reload of the index, loaded in the background at start.
        self.reader = make_reader(settings)
        if self.reader is not None:
            threading.Thread(target=self.reader.load, daemon=True).start()
        self.assistant: Assistant | None = None
        self._ask_lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._docs: dict[str, _Loaded] = {}
        self.reload()

    # ------------------------------------------------------------ index

    def reload(self) -> None:
        """Open the live index again (after a build)."""
        with self._ask_lock:
            try:
                self.assistant = Assistant(self.settings, embedder=self.embedder, reader=self.reader)
            except IndexNotFound:
                self.assistant = None

    @property
    def manifest(self) -> dict:
        return self.assistant.index.manifest if self.assistant else {}

    def documents(self) -> list[tuple[str, str]]:
        """(title, document id) of every indexed document, by title."""
        docs = self.manifest.get("documents", {})
        return sorted(((meta.get("title") or doc_id, doc_id) for doc_id, meta in docs.items()),
                      key=lambda pair: (pair[0].lower(), pair[1]))

    def status_markdown(self) -> str:
        manifest = self.manifest
        if not manifest:
            return MSG_NO_INDEX
        counts = manifest.get("counts", {})
        return (f"**{counts.get('documents', 0)}** tài liệu, **{counts.get('chunks', 0)}** đoạn  \n"
                f"Cập nhật chỉ mục: {md_escape(format_time(manifest.get('created')))}")

    def document_choices(self) -> list[tuple[str, str]]:
        """(label, document id) for the document filter: the title, shortened; the file name
        too when two documents share a title."""
        def short(title: str) -> str:
            return title if len(title) <= 50 else title[:50].rsplit(" ", 1)[0] + "…"
        docs = self.documents()
        labels = [short(title) for title, _ in docs]
        return [(label if labels.count(label) == 1 else f"{label} ({doc_id})", doc_id)
                for label, (_, doc_id) in zip(labels, docs)]

    def docs_filter(self, selected: list[str] | None) -> set[str] | None:
        """``docs=`` for ``Assistant.ask``: None when every document is selected."""
        if selected is None:
            return None
        known = {doc_id for _, doc_id in self.documents()}
        chosen = set(selected) & known
        return None if chosen == known else chosen

    # ------------------------------------------------------------ documents

    def _doc_path(self, doc_id: str) -> Path:
        path = (self.corpus / doc_id).resolve()
        if not path.is_relative_to(self.corpus):
            raise LoadError("outside the corpus folder")
        return path

    def load(self, doc_id: str) -> _Loaded:
        """A corpus document, read once per version of the file."""
        path = self._doc_path(doc_id)
        try:
            stat = path.stat()
        except OSError:
            raise LoadError("file not found") from None
        key = (stat.st_mtime, stat.st_size)
        cached = self._docs.get(doc_id)
        if cached is None or cached.key != key:
            document = load_document(path, doc_id, max_bytes=int(self.settings.max_file_mb * 1e6))
            when = document_date(doc_id, document.text)
            cached = _Loaded(key, document, when.strftime("%d/%m/%Y") if when else None)
            self._docs[doc_id] = cached
        return cached

    def date_of(self, doc_id: str) -> str | None:
        try:
            return self.load(doc_id).date
        except LoadError:
            return None

    # ------------------------------------------------------------ asking

    def ask(self, question: str, docs: set[str] | None = None,
            history: list[tuple[str, str]] | None = None) -> Answer:
        """``history``: earlier (question, answer) pairs, for follow-up questions."""
        if self.assistant is None:
            raise IndexNotFound(MSG_NO_INDEX)
        with self._ask_lock:
            if history:
                return self.assistant.ask(question, docs=docs, history=history)
            return self.assistant.ask(question, docs=docs)

    def payload(self, answer: Answer) -> dict[str, Any]:
        """The answer as JSON-able data: what the UI renders and what ``/ask`` returns."""
        evidence = answer.evidence
        answered = bool(getattr(answer, "answered", evidence is not None))
        if not answered:
            evidence = None
        span = None
        if evidence is not None:
            s, e = getattr(evidence, "span_start", None), getattr(evidence, "span_end", None)
            if isinstance(s, int) and isinstance(e, int) and evidence.start <= s < e <= evidence.end:
                span = (s, e)
        cited_doc = answer.hits[evidence.hit_index].chunk.doc if evidence is not None else None
        citations = []
        for n, hit in enumerate(answer.hits, start=1):
            chunk = hit.chunk
            highlight = answer_span = None
            if evidence is not None and chunk.doc == cited_doc:
                highlight = _clip(chunk.start, chunk.end, evidence.start, evidence.end)
                if span is not None:
                    answer_span = _clip(chunk.start, chunk.end, *span)
            citations.append({
                "n": n, "doc": chunk.doc, "title": chunk.title,
                "date": getattr(chunk, "date", None) or self.date_of(chunk.doc),
                "page": chunk.page, "start": chunk.start, "end": chunk.end,
                "score": round(float(hit.score), 4), "text": chunk.text,
                "highlight": list(highlight) if highlight else None,
                "answer_span": list(answer_span) if answer_span else None,
            })
        return {
            "question": answer.question,
            "resolved_question": getattr(answer, "resolved_question", None),
            "notices": list(getattr(answer, "notices", [])),
            "answer": answer.text,
            "answered": answered,
            "generated": bool(getattr(answer, "generated", False)),
            "generated_citations": list(getattr(answer, "generated_citations", [])),
            "cited": evidence.hit_index + 1 if evidence is not None else None,
            "evidence": ({"n": evidence.hit_index + 1, "start": evidence.start, "end": evidence.end,
                          "text": evidence.text} if evidence is not None else None),
            "citations": citations,
        }

    # ------------------------------------------------------------ HTML

    @staticmethod
    def _meta_line(c: dict[str, Any]) -> str:
        parts = [f'<span class="qa-doc">{esc(c["doc"])}</span>']
        if c.get("date"):
            parts.append(f"Ngày {esc(c['date'])}")
        if c.get("page"):
            parts.append(f"Trang {int(c['page'])}")
        return " · ".join(parts)

    def cards_html(self, payload: dict[str, Any] | None) -> str:
        """Numbered citation cards, the answer span highlighted with ``<mark>``."""
        if not payload or not payload.get("citations"):
            return CARDS_PLACEHOLDER
        heading = "Nguồn trích dẫn" if payload.get("answered") else "Các đoạn liên quan nhất"
        cards = []
        for c in payload["citations"]:
            text, base = c["text"], c["start"]
            hl = c.get("highlight")
            focus = (hl[0] - base, hl[1] - base) if hl else None
            lo, hi = _excerpt_window(text, focus)
            marks = []
            if hl:
                marks.append((hl[0] - base - lo, hl[1] - base - lo, "<mark>", "</mark>"))
                if c.get("answer_span"):
                    a, b = c["answer_span"]
                    marks.append((a - base - lo, b - base - lo, '<strong class="qa-answer">', "</strong>"))
            body = ("… " if lo > 0 else "") + render_spans(text[lo:hi], marks) + (" …" if hi < len(text) else "")
            cited = " qa-cited" if c["n"] == payload.get("cited") else ""
            cards.append(
                f'<div class="qa-card{cited}" role="button" tabindex="0" data-n="{int(c["n"])}" '
                f'title="Bấm để xem toàn văn tài liệu">'
                f'<div class="qa-card-head"><span class="qa-num">[{int(c["n"])}]</span> '
                f'<span class="qa-title">{esc(c["title"])}</span></div>'
                f'<div class="qa-meta">{self._meta_line(c)}</div>'
                f'<div class="qa-text">{body}</div></div>')
        return f'<div class="qa-cards"><div class="qa-cards-head">{heading}</div>{"".join(cards)}</div>'

    def document_html(self, citation: dict[str, Any]) -> str:
        """The whole document, the cited passage in ``#qa-target`` (scrolled into view by the
        viewer's script) with the evidence in ``<mark>``; PDF page breaks are shown."""
        doc_id = citation["doc"]
        try:
            loaded = self.load(doc_id)
        except LoadError as exc:
            return (f'<div class="qa-error">Không mở được tài liệu {esc(doc_id)}: '
                    f'{esc(load_reason_vi(str(exc)))}.</div>')
        document = loaded.document
        text = document.text
        start, end = citation["start"], citation["end"]
        notice = ""
        if text[start:end] != citation["text"]:
            found = text.find(citation["text"])
            if found < 0:
                start = end = -1
                notice = '<div class="qa-notice">Tài liệu đã thay đổi kể từ khi lập chỉ mục; không định vị được đoạn trích.</div>'
            else:
                shift = found - start
                start, end = found, found + len(citation["text"])
                citation = {**citation,
                            "highlight": [h + shift for h in citation["highlight"]] if citation.get("highlight") else None,
                            "answer_span": [h + shift for h in citation["answer_span"]] if citation.get("answer_span") else None}
        marks = []
        if start >= 0:
            marks.append((start, end, '<span id="qa-target" class="qa-target">', "</span>"))
            if citation.get("highlight"):
                marks.append((*citation["highlight"], "<mark>", "</mark>"))
                if citation.get("answer_span"):
                    marks.append((*citation["answer_span"], '<strong class="qa-answer">', "</strong>"))
        for page, offset in enumerate(document.page_starts[1:], start=2):
            marks.append((offset, offset, f'<span class="qa-page">— Trang {page} —</span>', ""))
        meta = [f'<span class="qa-doc">{esc(doc_id)}</span>']
        if loaded.date:
            meta.append(f"Ngày {esc(loaded.date)}")
        if citation.get("page"):
            meta.append(f"Đoạn trích ở trang {int(citation['page'])}")
        return (f'<div class="qa-viewer"><div class="qa-viewer-head">[{int(citation["n"])}] '
                f'{esc(document.title)}</div><div class="qa-meta">{" · ".join(meta)}</div>{notice}'
                f'<div class="qa-doc-text">{render_spans(text, marks)}</div></div>')

    # ------------------------------------------------------------ upload

    def add_document(self, path: str | os.PathLike | None, name: str | None = None) -> tuple[bool, str]:
        """Copy an uploaded file into the corpus (under a cleaned ``name``), check that it can
        be read, then update the index. Returns (ok, Vietnamese message); on failure nothing
        in the corpus or index changes."""
        if not path:
            return False, "Chưa chọn tệp."
        source = Path(path)
        original = name or source.name
        safe = sanitize_filename(original)
        suffix = Path(safe).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            return False, (f"Không hỗ trợ định dạng «{Path(original).suffix or '(không có)'}». "
                           f"Chỉ nhận các tệp: {', '.join(SUPPORTED_SUFFIXES)}.")
        try:
            size = source.stat().st_size
        except OSError:
            return False, "Không đọc được tệp tải lên."
        limit = self.settings.max_upload_mb
        if size > limit * 1e6:
            return False, f"Tệp quá lớn ({size / 1e6:.1f} MB); giới hạn là {limit:g} MB."
        if size == 0:
            return False, "Tệp rỗng."
        with self._write_lock:
            self.corpus.mkdir(parents=True, exist_ok=True)
            # A hidden temporary name: the index build ignores it while it is checked.
            fd, tmp_name = tempfile.mkstemp(prefix=".upload-", suffix=suffix, dir=self.corpus)
            os.close(fd)
            tmp = Path(tmp_name)
            try:
                shutil.copyfile(source, tmp)
                try:
                    load_document(tmp, safe, max_bytes=int(limit * 1e6))
                except LoadError as exc:
                    return False, f"Không đọc được tệp «{safe}»: {load_reason_vi(str(exc))}. Tệp không được thêm."
                target = self._free_name(safe, tmp)
                if target is None:
                    return True, f"Tài liệu «{safe}» đã có trong kho (nội dung giống hệt)."
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
            doc_id = target.relative_to(self.corpus).as_posix()
            try:
                with self._ask_lock:
                    report = build_index(self.settings, embedder=self.embedder, progress=False)
                    self.reload()
            except Exception:
                traceback.print_exc(file=sys.stderr)
                target.unlink(missing_ok=True)
                return False, "Lỗi khi cập nhật chỉ mục; tệp không được thêm."
            skipped = dict(report.skipped)
            if doc_id in skipped:
                target.unlink(missing_ok=True)
                with self._ask_lock:
                    build_index(self.settings, embedder=self.embedder, progress=False)
                    self.reload()
                return False, f"Không lập chỉ mục được «{doc_id}»: {load_reason_vi(skipped[doc_id])}."
            chunks = self.manifest.get("documents", {}).get(doc_id, {}).get("chunks", 0)
            return True, f"Đã thêm «{doc_id}» ({chunks} đoạn) và cập nhật chỉ mục."

    def _free_name(self, safe: str, content: Path) -> Path | None:
        """Where to put the upload: ``safe`` or ``stem-2.ext``…; None when a file with that
        name and the same bytes is already there."""
        stem, suffix = Path(safe).stem, Path(safe).suffix
        data = content.read_bytes()
        for i in range(1, 1000):
            candidate = self.corpus / (safe if i == 1 else f"{stem}-{i}{suffix}")
            if candidate.parent != self.corpus:  # cannot happen with a sanitized name
                raise ValueError("unsafe file name")
            if not candidate.exists():
                return candidate
            if candidate.is_file() and candidate.read_bytes() == data:
                return None
        raise ValueError("too many files with the same name")

    # ------------------------------------------------------------ feedback

    def record_feedback(self, payload: dict[str, Any] | None, vote: str, answer_text: str = "") -> Path:
        """Append one vote as a JSON line to ``<data>/feedback.jsonl``."""
        payload = payload or {}
        record = {
            "time": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "vote": vote,
            "question": payload.get("question"),
            "answer": payload.get("answer", answer_text),
            "answered": payload.get("answered"),
            "cited": payload.get("cited"),
            "citations": [{k: c.get(k) for k in ("n", "doc", "title", "page", "start", "end", "score")}
                          for c in payload.get("citations", [])],
        }
        data = Path(self.settings.data)
        data.mkdir(parents=True, exist_ok=True)
        path = data / FEEDBACK_FILE
        with self._write_lock, path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path


# ---------------------------------------------------------------- page

CSS = """
.qa-cards { display: flex; flex-direction: column; gap: 8px; }
.qa-cards-head { font-weight: 600; margin: 4px 0; }
.qa-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
  cursor: pointer; background: var(--background-fill-primary); }
.qa-card:hover, .qa-card:focus { border-color: var(--color-accent); outline: none;
  box-shadow: 0 0 0 2px var(--color-accent-soft); }
.qa-card.qa-cited { border-left: 4px solid var(--color-accent); }
.qa-card-head { font-weight: 600; }
.qa-num { color: var(--color-accent); }
.qa-meta { font-size: 0.85em; opacity: 0.75; margin: 2px 0 4px; }
.qa-text { white-space: pre-wrap; font-size: 0.92em; line-height: 1.45; }
.qa-viewer-head { font-weight: 600; font-size: 1.05em; }
.qa-doc-text { white-space: pre-wrap; line-height: 1.5; font-size: 0.93em; }
.qa-target { background: #fff6d0; border-radius: 3px; }
.qa-examples-label { font-size: 0.9em; opacity: 0.8; }
.qa-page { display: block; text-align: center; opacity: 0.6; margin: 8px 0; font-size: 0.85em; }
mark { background: #ffe066; color: inherit; padding: 0 1px; }
.qa-answer { text-decoration: underline; }
.qa-empty, .qa-notice { opacity: 0.7; font-style: italic; }
.qa-error { color: #b00020; }
#qa-docs .wrap { max-height: 300px; overflow-y: auto; }
#qa-docs label { font-size: 0.9em; }
#qa-viewer { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px; }
"""

CARDS_JS = """
const open = (card) => trigger('click', {n: Number(card.dataset.n)});
element.addEventListener('click', (e) => {
  const card = e.target.closest('.qa-card');
  if (card) open(card);
});
element.addEventListener('keydown', (e) => {
  const card = e.target.closest('.qa-card');
  if (card && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); open(card); }
});
"""

VIEWER_JS = """
// Scroll the viewer's own box to the cited passage; bring the viewer into the page's view
// only when it is off screen (narrow layouts stack it below the chat).
const show = () => {
  const target = element.querySelector('#qa-target');
  if (!target) return;
  let box = target.parentElement;
  while (box && box !== document.body) {
    const overflow = getComputedStyle(box).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && box.scrollHeight > box.clientHeight) break;
    box = box.parentElement;
  }
  if (box && box !== document.body) {
    const delta = target.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += delta - box.clientHeight / 5;
  } else {
    target.scrollIntoView({block: 'center'});
  }
  const r = element.getBoundingClientRect();
  if (r.bottom < 80 || r.top > window.innerHeight - 80) element.scrollIntoView({block: 'start'});
};
watch('value', () => setTimeout(show, 30));
"""


def _find_payload(records: list[dict] | None, message_index: int) -> dict | None:
    for record in records or []:
        if record.get("message_index") == message_index:
            return record
    return None


def _chat_message(payload: dict[str, Any], text: str | None = None) -> str:
    """The assistant's chat message: the answer, then the sentence it came from with its citation."""
    message = md_escape(payload["answer"] if text is None else text)
    if payload.get("resolved_question"):
        message = f"_Hiểu câu hỏi là: {md_escape(payload['resolved_question'])}_\n\n" + message
    for notice in payload.get("notices", []):
        message = f"_{md_escape(notice)}_\n\n" + message
    if text is None and payload.get("generated"):
        message += "\n\n_Câu trả lời do mô hình ngôn ngữ viết từ các đoạn được đánh số bên dưới._"
    elif text is None and payload.get("evidence"):
        ev = payload["evidence"]
        if ev["text"].strip() != payload["answer"].strip():
            message = f"**{message}**\n\n«{md_escape(ev['text'])}» \\[{ev['n']}\\]"
        else:
            message += f" \\[{ev['n']}\\]"
    elif text is None and payload.get("citations"):
        message += "\n\n_Các đoạn liên quan nhất được liệt kê bên dưới._"
    return message


def create_app(settings: Settings, embedder: TextEmbedder | None = None,
               chat: ChatApp | None = None) -> gr.Blocks:
    """The Blocks app; ``demo.qa`` is its ``ChatApp``."""
    app = chat or ChatApp(settings, embedder)

    def respond(question: str, history: list, selected: list[str] | None, records: list | None
                ) -> Iterator[tuple]:
        history = list(history or [])
        records = list(records or [])
        question = (question or "").strip()
        if not question:
            gr.Warning(MSG_EMPTY_QUESTION, title="Chú ý")
            yield history, gr.skip(), gr.skip(), records, ""
            return
        history.append({"role": "user", "content": md_escape(question)})
        history.append({"role": "assistant", "content": MSG_THINKING})
        yield history, CARDS_PLACEHOLDER, gr.skip(), records, ""
        docs = app.docs_filter(selected)
        if docs is not None and not docs:
            history[-1] = {"role": "assistant", "content": MSG_NO_DOCS_SELECTED}
            yield history, CARDS_PLACEHOLDER, None, records, ""
            return
        try:
            turns = [(r["question"], r["answer"] if r.get("answered") else "") for r in records]
            payload = app.payload(app.ask(question, docs, history=turns[-3:]))
        except IndexNotFound:
            history[-1] = {"role": "assistant", "content": MSG_NO_INDEX}
            yield history, CARDS_PLACEHOLDER, None, records, ""
            return
        except Exception:
            traceback.print_exc(file=sys.stderr)
            history[-1] = {"role": "assistant", "content": MSG_ERROR}
            yield history, CARDS_PLACEHOLDER, None, records, ""
            return
        words = payload["answer"].split(" ")
        for i in range(1, len(words)):
            history[-1] = {"role": "assistant", "content": _chat_message(payload, " ".join(words[:i]) + " …")}
            yield history, gr.skip(), gr.skip(), records, ""
            time.sleep(STREAM_DELAY)
        payload["message_index"] = len(history) - 1
        records.append(payload)
        history[-1] = {"role": "assistant", "content": _chat_message(payload)}
        yield history, app.cards_html(payload), payload, records, ""

    def open_citation(current: dict | None, evt: gr.EventData) -> str:
        try:
            n = int(getattr(evt, "n", 0) or 0)
            citations = (current or {}).get("citations", [])
            if not 1 <= n <= len(citations):
                return gr.skip()
            return app.document_html(citations[n - 1])
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return f'<div class="qa-error">{MSG_ERROR}</div>'

    def select_message(records: list | None, evt: gr.SelectData) -> tuple:
        index = evt.index if isinstance(evt.index, int) else (evt.index or [None])[0]
        payload = _find_payload(records, index) or _find_payload(records, (index or 0) + 1)
        if payload is None:
            return gr.skip(), gr.skip()
        return app.cards_html(payload), payload

    def on_like(records: list | None, evt: gr.LikeData) -> None:
        vote = {True: "up", False: "down"}.get(evt.liked, str(evt.liked)) if evt.liked is not None else "none"
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        value = evt.value if isinstance(evt.value, str) else json.dumps(evt.value, ensure_ascii=False)
        try:
            app.record_feedback(_find_payload(records, index), vote, answer_text=value)
            gr.Info("Cảm ơn bạn đã góp ý!", duration=3, title="Đã ghi nhận")
        except Exception:
            traceback.print_exc(file=sys.stderr)
            gr.Warning("Không lưu được góp ý.", title="Lỗi")

    def clear() -> tuple:
        return [], [], CARDS_PLACEHOLDER, VIEWER_PLACEHOLDER, None, ""

    def upload(file: str | None, selected: list[str] | None) -> tuple:
        if not file:
            return gr.skip(), gr.skip(), gr.skip(), None
        before = {doc_id for _, doc_id in app.documents()}
        try:
            ok, message = app.add_document(file)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            ok, message = False, "Lỗi khi thêm tài liệu; kho tài liệu không thay đổi."
        finally:
            _remove_upload(file)
        choices = app.document_choices()
        added = {doc_id for _, doc_id in choices} - before
        known = {doc_id for _, doc_id in choices}
        keep = [doc_id for doc_id in (selected or []) if doc_id in known]
        status = ("✅ " if ok else "❌ ") + md_escape(message)
        return (status, app.status_markdown(),
                gr.update(choices=choices, value=keep + sorted(added)), None)

    def api_ask(question: str, documents: list[str] | None = None,
                history: list[list[str]] | None = None) -> dict:
        """Answer a question from the indexed documents. `documents`: optional list of document
        ids to search (default: all); `history`: optional earlier [question, answer] pairs, for a
        follow-up question. Returns {question, resolved_question, answer, answered, generated,
        generated_citations, cited, evidence, citations: [{n, doc, title, date, page, start, end, score, text, highlight,
        answer_span}]}; offsets are characters of the document's text."""
        question = (question or "").strip()
        if not question:
            raise gr.Error(MSG_EMPTY_QUESTION, title="Lỗi", print_exception=False)
        docs = app.docs_filter(list(documents)) if documents else None
        if docs is not None and not docs:
            raise gr.Error("Không có tài liệu nào trong danh sách đã chọn.", title="Lỗi", print_exception=False)
        try:
            turns = [(str(t[0]), str(t[1])) for t in (history or []) if len(t) >= 2]
            return app.payload(app.ask(question, docs, history=turns))
        except IndexNotFound:
            raise gr.Error(MSG_NO_INDEX, title="Lỗi", print_exception=False) from None
        except Exception:
            traceback.print_exc(file=sys.stderr)
            raise gr.Error(MSG_ERROR, title="Lỗi", print_exception=False) from None

    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        records = gr.State([])
        current = gr.State(None)
        with gr.Sidebar(label="Tài liệu", open=True, width=280):
            gr.Markdown("### Tài liệu đã lập chỉ mục")
            status = gr.Markdown(app.status_markdown(), label="Chỉ mục", elem_id="qa-status")
            choices = app.document_choices()
            selected = gr.CheckboxGroup(choices=choices, value=[d for _, d in choices],
                                        label="Chỉ tìm trong các tài liệu", elem_id="qa-docs")
            gr.Markdown(f"### Thêm tài liệu\nĐịnh dạng {', '.join(SUPPORTED_SUFFIXES)}; tối đa "
                        f"{settings.max_upload_mb:g} MB.")
            uploader = gr.UploadButton("Chọn tệp để thêm", file_count="single", type="filepath",
                                       variant="secondary", elem_id="qa-upload")
            upload_status = gr.Markdown("", label="Kết quả tải lên", elem_id="qa-upload-status")
        gr.Markdown(f"## {TITLE}\nĐặt câu hỏi bằng tiếng Việt; câu trả lời kèm các đoạn trích dẫn từ tài liệu.")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                chatbot = gr.Chatbot(label="Hội thoại", elem_id="qa-chat", height=330,
                                     latex_delimiters=[], feedback_options=("Like", "Dislike"),
                                     buttons=["copy"],
                                     placeholder="Hỏi về nội dung các tài liệu cuộc họp.")
                with gr.Row(equal_height=True):
                    question = gr.Textbox(placeholder="Nhập câu hỏi, ví dụ: Ai phát biểu kết luận?",
                                          show_label=False, scale=6, elem_id="qa-question", max_lines=4,
                                          container=False)
                    send = gr.Button("Gửi", variant="primary", scale=0, min_width=90, size="md", elem_id="qa-send")
                    clear_button = gr.Button("Xóa hội thoại", variant="secondary", scale=0, min_width=150, size="md",
                                             elem_id="qa-clear")
                gr.Markdown("Câu hỏi mẫu:", elem_classes="qa-examples-label")
                with gr.Row(elem_id="qa-examples"):
                    example_buttons = [gr.Button(q, size="sm", variant="secondary", scale=0,
                                                 elem_classes="qa-example") for q in EXAMPLES]
                cards = gr.HTML(CARDS_PLACEHOLDER, js_on_load=CARDS_JS, elem_id="qa-cards")
            with gr.Column(scale=2, min_width=320):
                gr.Markdown("### Văn bản gốc")
                viewer = gr.HTML(VIEWER_PLACEHOLDER, js_on_load=VIEWER_JS, elem_id="qa-viewer",
                                 max_height=600)

        chat_io = dict(inputs=[question, chatbot, selected, records],
                       outputs=[chatbot, cards, current, records, question])
        question.submit(respond, **chat_io, api_visibility="private")
        send.click(respond, **chat_io, api_visibility="private")
        for button, text in zip(example_buttons, EXAMPLES):
            button.click(lambda t=text: t, None, question, api_visibility="private", queue=False).then(
                respond, **chat_io, api_visibility="private")
        clear_button.click(clear, None, [chatbot, records, cards, viewer, current, question],
                           api_visibility="private", queue=False)
        chatbot.clear(clear, None, [chatbot, records, cards, viewer, current, question],
                      api_visibility="private", queue=False)
        cards.click(open_citation, [current], viewer, api_visibility="private")
        chatbot.select(select_message, [records], [cards, current], api_visibility="private")
        chatbot.like(on_like, [records], None, api_visibility="private")
        uploader.upload(upload, [uploader, selected], [upload_status, status, selected, uploader],
                        api_name="upload")
        gr.api(api_ask, api_name="ask")
    demo.qa = app  # type: ignore[attr-defined]
    return demo


def _remove_upload(file: str) -> None:
    """Delete Gradio's temporary copy of an upload (only inside Gradio's cache)."""
    try:
        path = Path(file).resolve()
        cache = Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio").resolve()
        if path.is_relative_to(cache):
            path.unlink(missing_ok=True)
    except OSError:
        pass


def parse_auth(value: str) -> tuple[str, str] | None:
    """``"user:password"`` -> (user, password); "" -> None; anything else is an error."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("QA_AUTH must look like user:password")
    return user, password


def theme() -> gr.themes.Base:
    """The default look with system fonts (the default theme loads Google Fonts: offline here)."""
    return gr.themes.Default(font=["system-ui", "Segoe UI", "Roboto", "Noto Sans", "DejaVu Sans", "sans-serif"],
                             font_mono=["ui-monospace", "DejaVu Sans Mono", "monospace"])


def launch(demo: gr.Blocks, settings: Settings, *, host: str | None = None, port: int | None = None,
           block: bool = True, quiet: bool = False) -> None:
    """Start the server (``block=False`` returns once it is up, for tests)."""
    demo.queue(default_concurrency_limit=2, max_size=64)
    demo.launch(
        server_name=host or settings.host,
        server_port=port if port is not None else settings.port,
        auth=parse_auth(settings.auth),
        auth_message="Đăng nhập để dùng trợ lý hỏi đáp tài liệu." if settings.auth else None,
        # Gradio's own cap (English message) is a backstop; the upload handler checks
        # max_upload_mb itself with a Vietnamese message.
        max_file_size=f"{max(1.0, settings.max_upload_mb * 4):g}mb",
        prevent_thread_lock=not block,
        quiet=quiet,
        show_error=False,
        ssr_mode=False,
        footer_links=["api"],
        theme=theme(),
        css=CSS,
    )
