"""The Gradio page: its components, and the events wired to ``ChatApp`` (``qa.app.service``)
and rendered with ``qa.app.render``. The page speaks Vietnamese.

API (``gradio_client``, schema in docs/api.md): ``/ask`` answers a question with
``answer_to_json``'s object; ``/upload`` adds a document.

The page has two tabs, the chat and the meetings (``qa.app.meetings``); beside them, the
viewer shows a document with its meeting record card.

Every handler passes its request's user and address (``gr.Request``) to ``ChatApp``, which
decides what that user may read; the document list and the index status are filled per user
when the page loads, so the page's own configuration names no document.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import gradio as gr

from . import messages
from .assets import CARDS_JS, VIEWER_JS
from .meetings import MeetingHandlers, MeetingsTab, meetings_tab, record_pane, wire_meetings
from .render import (CARDS_PLACEHOLDER, VIEWER_PLACEHOLDER, cards_html, chat_message, document_error_html,
                     document_html, error_html, md_escape, status_markdown)
from .service import ChatApp, Record, caller, find_record, follow_up_history
from ..assistant import clean_question
from ..config import Settings
from ..errors import EmptyQuestion, LoadError
from ..ingest.load import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

TITLE = "Hỏi đáp tài liệu cuộc họp"
EXAMPLES = ("Ai phát biểu kết luận?", "Kết luận 35-KL/TW ban hành ngày nào?", "Hội nghị đề xuất những gì?")
STREAM_DELAY = 0.02  # seconds between streamed words


def _bubble(content: str) -> dict[str, str]:
    return {"role": "assistant", "content": content}


class Handlers:
    """The page's event handlers over one ``ChatApp``; errors become Vietnamese messages
    through ``messages.error_message``."""

    def __init__(self, app: ChatApp) -> None:
        self.app = app

    def respond(self, question: str, history: list | None, selected: list[str] | None,
                records: list[Record] | None, request: gr.Request | None = None) -> Iterator[tuple]:
        """Chat: the question's bubble, then the answer streamed in, then its citation cards.
        Outputs: chat, cards, current answer, answers so far, question box."""
        history, records = list(history or []), list(records or [])
        try:
            clean_question(question or "")
        except EmptyQuestion as exc:
            gr.Warning(messages.error_message(exc), title="Chú ý")
            yield history, gr.skip(), gr.skip(), records, ""
            return
        history += [{"role": "user", "content": md_escape(question.strip())}, _bubble(messages.MSG_THINKING)]
        yield history, CARDS_PLACEHOLDER, gr.skip(), records, ""
        try:
            payload = self.app.ask(question, selected, follow_up_history(records), caller(request))
        except Exception as exc:
            history[-1] = _bubble(messages.error_message(exc))
            yield history, CARDS_PLACEHOLDER, None, records, ""
            return
        words = payload["answer"].split(" ")
        for i in range(1, len(words)):
            history[-1] = _bubble(chat_message(payload, " ".join(words[:i]) + " …"))
            yield history, gr.skip(), gr.skip(), records, ""
            time.sleep(STREAM_DELAY)
        records.append({**payload, "message_index": len(history) - 1})
        history[-1] = _bubble(chat_message(payload))
        yield history, cards_html(payload), payload, records, ""

    def api_ask(self, request: gr.Request, question: str, documents: list[str] | None = None,
                history: list[list[str]] | None = None) -> dict:
        """Answer a question from the indexed documents. `documents`: optional list of document
        ids to search (default: all); `history`: optional earlier [question, answer] pairs, for a
        follow-up question. Returns the answer as JSON: {question, resolved_question, notices,
        answer, answered, generated, generated_citations, cited, evidence, evidence_span,
        answer_span, items: [{text, n, start, end}], citations: [{n, doc, title, date, page, start, end, score, text, highlight,
        answer_span}]} (docs/api.md); offsets are characters of the document's text."""
        turns = [(str(t[0]), str(t[1])) for t in history or [] if len(t) >= 2]
        try:
            return self.app.ask(question or "", list(documents) if documents else None, turns,
                                caller(request, "api"))
        except Exception as exc:
            raise gr.Error(messages.error_message(exc), title="Lỗi", print_exception=False) from None

    def open_citation(self, current: Record | None, evt: gr.EventData, request: gr.Request | None = None) -> Any:
        """The whole document of the citation card that was clicked."""
        n = int(getattr(evt, "n", 0) or 0)
        citations = (current or {}).get("citations", [])
        if not 1 <= n <= len(citations):
            return gr.skip()
        citation = citations[n - 1]
        try:
            return document_html(self.app.load(citation["doc"], caller(request)), citation)
        except LoadError as exc:
            return document_error_html(citation["doc"], exc)
        except Exception as exc:
            return error_html(messages.error_message(exc))

    def select_message(self, records: list[Record] | None, evt: gr.SelectData) -> tuple:
        """The cards of the answer (or of the question) clicked in the chat."""
        index = evt.index if isinstance(evt.index, int) else (evt.index or [None])[0]
        payload = find_record(records, index) or find_record(records, (index or 0) + 1)
        if payload is None:
            return gr.skip(), gr.skip()
        return cards_html(payload), payload

    def on_like(self, records: list[Record] | None, evt: gr.LikeData) -> None:
        """Record a 👍/👎 on an answer."""
        vote = {True: "up", False: "down"}.get(evt.liked, str(evt.liked)) if evt.liked is not None else "none"
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        value = evt.value if isinstance(evt.value, str) else json.dumps(evt.value, ensure_ascii=False)
        try:
            self.app.record_feedback(find_record(records, index), vote, answer_text=value)
            gr.Info(messages.MSG_THANKS, duration=3, title="Đã ghi nhận")
        except Exception:
            log.exception("Saving feedback failed")
            gr.Warning(messages.MSG_FEEDBACK_FAILED, title="Lỗi")

    def upload(self, request: gr.Request, file: str | None, selected: list[str] | None = None) -> tuple:
        """Add an uploaded file. Outputs: upload status, index status, document filter (new
        documents selected), the upload button (emptied)."""
        if not file:
            return gr.skip(), gr.skip(), gr.skip(), None
        who = caller(request)
        try:
            before = {doc_id for _, doc_id in self.app.documents(who.user)}
            ok, message = self.app.add_document(file, caller=who)
            choices = self.app.document_choices(who.user)
        except Exception:
            log.exception("Adding an uploaded file failed")
            return "❌ " + md_escape(messages.MSG_UPLOAD_FAILED), gr.skip(), gr.skip(), None
        finally:
            remove_upload(file)
        known = {doc_id for _, doc_id in choices}
        keep = [doc_id for doc_id in selected or [] if doc_id in known]
        return (("✅ " if ok else "❌ ") + md_escape(message), status_markdown(self.app.summary(who.user)),
                gr.update(choices=choices, value=keep + sorted(known - before)), None)

    def on_load(self, request: gr.Request) -> tuple:
        """The page of one user: their documents (all selected), the index status as they see
        it, and who is logged in. Outputs: document filter, index status, user line."""
        who = caller(request)
        user_line = messages.signed_in(md_escape(who.user)) if who.user else ""
        try:
            choices = self.app.document_choices(who.user)
            status = status_markdown(self.app.summary(who.user))
        except Exception as exc:
            return gr.update(choices=[], value=[]), md_escape(messages.error_message(exc)), user_line
        return gr.update(choices=choices, value=[d for _, d in choices]), status, user_line


def clear() -> tuple:
    """An empty conversation: chat, answers, cards, document view, current answer, question,
    record card, the document shown."""
    return [], [], CARDS_PLACEHOLDER, VIEWER_PLACEHOLDER, None, "", "", None


def remove_upload(file: str) -> None:
    """Delete the web server's temporary copy of an upload (only inside Gradio's cache folder)."""
    try:
        path = Path(file).resolve()
        cache = Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio").resolve()
        if path.is_relative_to(cache):
            path.unlink(missing_ok=True)
    except OSError:
        pass


@dataclass
class Page:
    """The components the events use."""

    records: gr.State
    current: gr.State
    user_line: gr.Markdown
    status: gr.Markdown
    selected: gr.CheckboxGroup
    uploader: gr.UploadButton
    upload_status: gr.Markdown
    chatbot: gr.Chatbot
    question: gr.Textbox
    send: gr.Button
    clear: gr.Button
    examples: list[gr.Button]
    cards: gr.HTML
    viewer: gr.HTML
    meetings: MeetingsTab
    record: gr.HTML  # the meeting record card of the document in the viewer
    shown: gr.State  # that document's id


def _sidebar(settings: Settings, login: bool) -> dict[str, Any]:
    """Who is logged in, the indexed documents (a filter for the search; filled when the page
    loads) and the upload button."""
    with gr.Sidebar(label="Tài liệu", open=True, width=280):
        user_line = gr.Markdown("", elem_id="qa-user")
        if login:
            gr.Button(messages.LOGOUT, link="/logout", size="sm", variant="secondary", elem_id="qa-logout")
        gr.Markdown("### Tài liệu đã lập chỉ mục")
        status = gr.Markdown("", label="Chỉ mục", elem_id="qa-status")
        selected = gr.CheckboxGroup(choices=[], value=[], label="Chỉ tìm trong các tài liệu", elem_id="qa-docs")
        gr.Markdown(f"### Thêm tài liệu\nĐịnh dạng {', '.join(SUPPORTED_SUFFIXES)}; tối đa "
                    f"{settings.max_upload_mb:g} MB.")
        uploader = gr.UploadButton("Chọn tệp để thêm", file_count="single", type="filepath",
                                   variant="secondary", elem_id="qa-upload")
        upload_status = gr.Markdown("", label="Kết quả tải lên", elem_id="qa-upload-status")
    return dict(user_line=user_line, status=status, selected=selected, uploader=uploader,
                upload_status=upload_status)


def _chat_column() -> dict[str, Any]:
    """The conversation, the question box with its buttons, example questions, citation cards."""
    chatbot = gr.Chatbot(label="Hội thoại", elem_id="qa-chat", height=330, latex_delimiters=[],
                         feedback_options=("Like", "Dislike"), buttons=["copy"],
                         placeholder="Hỏi về nội dung các tài liệu cuộc họp.")
    with gr.Row(equal_height=True):
        question = gr.Textbox(placeholder="Nhập câu hỏi, ví dụ: Ai phát biểu kết luận?", show_label=False,
                              scale=6, elem_id="qa-question", max_lines=4, container=False)
        send = gr.Button("Gửi", variant="primary", scale=0, min_width=90, size="md", elem_id="qa-send")
        clear_button = gr.Button("Xóa hội thoại", variant="secondary", scale=0, min_width=150, size="md",
                                 elem_id="qa-clear")
    gr.Markdown("Câu hỏi mẫu:", elem_classes="qa-examples-label")
    with gr.Row(elem_id="qa-examples"):
        examples = [gr.Button(q, size="sm", variant="secondary", scale=0, elem_classes="qa-example")
                    for q in EXAMPLES]
    cards = gr.HTML(CARDS_PLACEHOLDER, js_on_load=CARDS_JS, elem_id="qa-cards")
    return dict(chatbot=chatbot, question=question, send=send, clear=clear_button, examples=examples,
                cards=cards)


def _layout(settings: Settings, login: bool) -> Page:
    """The components, inside the current Blocks."""
    records, current, shown = gr.State([]), gr.State(None), gr.State(None)
    sidebar = _sidebar(settings, login)
    gr.Markdown(f"## {TITLE}\nĐặt câu hỏi bằng tiếng Việt; câu trả lời kèm các đoạn trích dẫn từ tài liệu.")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420), gr.Tabs():
            with gr.Tab(messages.TAB_CHAT, elem_id="qa-tab-chat"):
                chat = _chat_column()
            with gr.Tab(messages.TAB_MEETINGS, elem_id="qa-tab-meetings"):
                meetings = meetings_tab()
        with gr.Column(scale=2, min_width=320):
            gr.Markdown("### Văn bản gốc")
            record = record_pane()
            viewer = gr.HTML(VIEWER_PLACEHOLDER, js_on_load=VIEWER_JS, elem_id="qa-viewer", max_height=600)
    return Page(records=records, current=current, viewer=viewer, meetings=meetings, record=record, shown=shown,
                **sidebar, **chat)


def _wire(demo: gr.Blocks, handlers: Handlers, meetings: MeetingHandlers, page: Page) -> None:
    """The events; only ``/ask`` and ``/upload`` are API endpoints."""
    private = dict(api_visibility="private")
    demo.load(handlers.on_load, None, [page.selected, page.status, page.user_line], queue=False, **private)
    chat_io = dict(inputs=[page.question, page.chatbot, page.selected, page.records],
                   outputs=[page.chatbot, page.cards, page.current, page.records, page.question], **private)
    page.question.submit(handlers.respond, **chat_io)
    page.send.click(handlers.respond, **chat_io)
    for button, text in zip(page.examples, EXAMPLES):
        button.click(lambda t=text: t, None, page.question, queue=False, **private).then(
            handlers.respond, **chat_io)
    cleared = [page.chatbot, page.records, page.cards, page.viewer, page.current, page.question, page.record,
               page.shown]
    page.clear.click(clear, None, cleared, queue=False, **private)
    page.chatbot.clear(clear, None, cleared, queue=False, **private)
    page.cards.click(handlers.open_citation, [page.current], page.viewer, **private)
    page.cards.click(meetings.card_for_citation, [page.current], [page.record, page.shown], **private)
    wire_meetings(demo, meetings, page.meetings, page.record, page.shown, page.viewer)
    page.chatbot.select(handlers.select_message, [page.records], [page.cards, page.current], **private)
    page.chatbot.like(handlers.on_like, [page.records], None, **private)
    page.uploader.upload(handlers.upload, [page.uploader, page.selected],
                         [page.upload_status, page.status, page.selected, page.uploader], api_name="upload")
    gr.api(handlers.api_ask, api_name="ask")


def create_app(settings: Settings, chat: ChatApp) -> gr.Blocks:
    """The Blocks app over ``chat`` (with a logout button when there is a login)."""
    login = bool(settings.auth) or chat.access.path.exists()
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        _wire(demo, Handlers(chat), MeetingHandlers(chat), _layout(settings, login))
    return demo
