"""The chat app's meetings tab and meeting record card, driven in-process through the handlers
of the real app (a real index of the shipped corpus plus the XSS test document; the access
checks over the three users of ``app_helpers.serve_secured``).

What the card and the table show is checked against the documents' own text: each value's
offsets must hold exactly the text shown, and the fields are those each document states."""
from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import gradio as gr
import pytest
from app_helpers import (OWN_DOC, SECRET_ANSWER, SECRET_DOC, XSS_DOC, XSS_TEXT, A, B, Served, leaks, serve_app,
                         serve_secured)

from qa.app import messages
from qa.app.meetings import MeetingHandlers, record_card_html
from qa.audit import Caller, read_audit
from qa.errors import AccessDenied
from qa.ingest.load import load_document

MINUTES = "bien-ban-hop-so-noi-vu-thanh-hoa-vi-tri-viec-lam-tinh-gian-bien-che-2024.docx"
CHAIR = "Nguyễn Hữu Thắng"


@pytest.fixture(scope="module")
def served(tmp_path_factory, shipped_index, embedder, free_port) -> Iterator[Served]:
    with serve_app(tmp_path_factory.mktemp("meetings"), shipped_index, embedder, free_port(),
                   {XSS_DOC: XSS_TEXT}) as s:
        yield s


@pytest.fixture(scope="module")
def handlers(served: Served) -> MeetingHandlers:
    return MeetingHandlers(served.chat)


def request(user: str | None = None) -> SimpleNamespace:
    """What the handlers read of a ``gr.Request``: the logged-in user and the address."""
    return SimpleNamespace(username=user, client=SimpleNamespace(host="127.0.0.1"))


def event(**data: object) -> gr.EventData:
    return gr.EventData(None, data)


class Parsed(HTMLParser):
    """A card's or table's HTML read back: the text of each source link with its offsets, each
    row's label and text, each table row's document, and every tag seen."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.sources: list[tuple[int, int, str]] = []
        self.rows: dict[str, str] = {}
        self.docs: list[str] = []
        self.tags: set[str] = set()
        self._open: list[str] = []  # the open tags, a source link as "source"
        self._label = ""
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if "qa-src" in (a.get("class") or "").split():
            self.sources.append((int(a["data-start"] or 0), int(a["data-end"] or 0), ""))
            tag = "source"
        if tag == "tr" and a.get("data-doc"):
            self.docs.append(a["data-doc"] or "")
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "source":
            start, end, text = self.sources[-1]
            self.sources[-1] = (start, end, text + data)
        if self._open and self._open[-1] == "dt":
            self._label = data
            self.rows[data] = ""
        elif "dd" in self._open:
            self.rows[self._label] += data


def one_line(text: str) -> str:
    return " ".join(text.split())


def document_text(served: Served, doc: str) -> str:
    return load_document(served.settings.corpus / doc, doc).text


def search(handlers: MeetingHandlers, since: str = "", until: str = "", chair: str = "", doc: str = "",
           user: str | None = None) -> tuple[str, list[str], str]:
    return handlers.search(since, until, chair, doc, request(user))


# ---------------------------------------------------------------- the card

def test_every_value_on_a_card_is_the_document_text_at_its_offsets(served: Served) -> None:
    docs = sorted(served.chat.manifest["documents"])
    assert len(docs) >= 14
    for doc in docs:
        text, card = document_text(served, doc), Parsed(record_card_html(served.chat.record(doc)))
        assert card.sources, doc  # every meeting document states at least its title or date
        for start, end, shown in card.sources:
            source = one_line(text[start:end])
            if shown.endswith(" …"):  # what a speaker presented, shortened
                assert source.startswith(shown[:-2]) and len(shown) < len(source), (doc, shown)
            else:
                assert shown == source, (doc, shown)


MINUTES_CHAIR = "Lê Văn Quang, Giám đốc Sở Nội vụ"


def test_the_card_holds_the_fields_the_minutes_state(served: Served) -> None:
    """The Thanh Hóa minutes, read by hand: when, where, who chaired, who signed."""
    card = Parsed(record_card_html(served.chat.record(MINUTES)))
    assert "Biên bản họp" in record_card_html(served.chat.record(MINUTES))
    assert card.rows["Thời gian"] == "8 giờ 30 phút, ngày 14 tháng 3 năm 2024"
    assert card.rows["Địa điểm"].startswith("Phòng họp tầng 3, trụ sở Sở Nội vụ tỉnh Thanh Hóa")
    assert card.rows["Chủ trì"] == MINUTES_CHAIR  # "Chủ trì: đồng chí Lê Văn Quang, Giám đốc Sở Nội vụ."
    assert "Lê Văn Quang" in card.rows["Người ký"]
    assert "Nguyễn Thị Lan Anh" in card.rows["Phát biểu"]
    assert "trước ngày 30/4/2024" in card.rows["Kết luận"]
    assert "Vũ Thị Ngọc, Phó Giám đốc Sở Tài chính" in card.rows["Thành phần"]


def test_a_card_escapes_the_document_and_leaves_out_what_it_does_not_state(served: Served,
                                                                          handlers: MeetingHandlers) -> None:
    markup = record_card_html(served.chat.record(XSS_DOC))
    card = Parsed(markup)
    assert card.tags <= {"div", "span", "dl", "dt", "dd", "ul", "li"}
    assert "&lt;b&gt;an toàn&lt;/b&gt;" in markup and "<b>" not in markup
    assert any(shown == XSS_TEXT.splitlines()[0] for _, _, shown in card.sources)  # the title, as written
    # The document states its date and its chair, nothing else a card shows.
    assert card.rows == {"Thời gian": "ngày 12 tháng 3 năm 2024", "Chủ trì": "Lê Văn Kiểm"}

    table, rows, _ = search(handlers, doc=XSS_DOC)
    assert rows == [XSS_DOC] and "&lt;b&gt;an toàn&lt;/b&gt;" in table and "<b>" not in table
    card_html, viewer, shown = handlers.open_meeting(rows, event(n=1), request())
    assert shown == XSS_DOC and card_html == markup
    for raw in ("<script>", "<img", "<b>"):
        assert raw not in viewer
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in viewer


def target_text(viewer: str) -> str:
    """The text of the viewer's highlighted target, tags removed."""
    inner = re.search(r'<span id="qa-target" class="qa-target">(.*?)</span>', viewer, re.S)
    assert inner, "no target in the viewer"
    return html.unescape(re.sub(r"<[^>]+>", "", inner.group(1)))


def test_a_value_shows_its_source_highlighted_in_the_viewer(served: Served, handlers: MeetingHandlers) -> None:
    _, rows, _ = search(handlers, doc=MINUTES)
    card, viewer, shown = handlers.open_meeting(rows, event(n=1), request())
    text = document_text(served, MINUTES)
    for start, end, label in Parsed(card).sources:
        if label == MINUTES_CHAIR:
            break
    else:
        pytest.fail("no chair on the card")
    viewer = handlers.show_source(shown, event(start=start, end=end), request())
    assert target_text(viewer) == text[start:end] == MINUTES_CHAIR
    assert text[:start].endswith("Chủ trì: đồng chí ")  # the chair, where the minutes name it
    assert f"<mark>{MINUTES_CHAIR}</mark>" in viewer
    # Offsets the card does not hold highlight nothing.
    assert "<mark>" not in handlers.show_source(shown, event(start=0, end=200), request())


def test_a_cited_document_shows_its_card(served: Served, handlers: MeetingHandlers) -> None:
    payload = {"citations": [{"n": 1, "doc": XSS_DOC}, {"n": 2, "doc": MINUTES}]}
    card, shown = handlers.card_for_citation(payload, event(n=2), request())
    assert shown == MINUTES and card == record_card_html(served.chat.record(MINUTES))


# ---------------------------------------------------------------- the filters

def chaired_by_text(served: Served, name: str) -> set[str]:
    """The shipped documents whose text says "Chủ trì: đồng chí <name>"."""
    wanted = f"chủ trì: đồng chí {name}".casefold()
    return {doc for doc in served.chat.manifest["documents"]
            if wanted in unicodedata.normalize("NFC", document_text(served, doc)).casefold()}


@pytest.mark.parametrize("typed", [CHAIR, "nguyen huu thang", "HỮU THẮNG", "Huu  Thang"])
def test_the_chair_filter_with_or_without_diacritics(served: Served, handlers: MeetingHandlers,
                                                     typed: str) -> None:
    table, rows, message = search(handlers, chair=typed)
    expected = chaired_by_text(served, CHAIR)
    assert len(expected) == 3 and set(rows) == expected
    assert Parsed(table).docs == rows and message == messages.meetings_found(3)


def row_dates(table: str) -> list[str]:
    return re.findall(r"<td>(\d\d/\d\d/\d{4})</td>", table)


@pytest.mark.parametrize("since, until", [("01/03/2024", "2024-03-31"), ("2024-03-01", "31/3/2024")])
def test_the_date_filters(handlers: MeetingHandlers, since: str, until: str) -> None:
    every, all_rows, _ = search(handlers)
    table, rows, _ = search(handlers, since, until)
    assert MINUTES in rows and len(rows) < len(all_rows)
    assert all(d.endswith("/03/2024") for d in row_dates(table)) and len(row_dates(table)) == len(rows)
    in_march = [doc for doc, day in zip(Parsed(every).docs, re.findall(r"<td>([\d/]*)</td><td>", every))
                if day.endswith("/03/2024")]
    assert rows == in_march


def test_the_document_filter(handlers: MeetingHandlers) -> None:
    table, rows, _ = search(handlers, doc=MINUTES)
    assert rows == [MINUTES] and Parsed(table).docs == [MINUTES]
    table, rows, message = search(handlers, chair="Không Ai Cả")
    assert rows == [] and messages.NO_MEETINGS in table and message == messages.meetings_found(0)


@pytest.mark.parametrize("since, until, message", [
    ("32/1/2024", "", messages.bad_date("32/1/2024")),
    ("", "hôm qua", messages.bad_date("hôm qua")),
    ("2024-02-30", "", messages.bad_date("2024-02-30")),
    ("01/04/2024", "01/03/2024", messages.DATES_REVERSED),
])
def test_a_bad_date_gets_a_vietnamese_message(handlers: MeetingHandlers, since: str, until: str,
                                             message: str) -> None:
    table, rows, shown = search(handlers, since, until)
    assert message in shown
    assert table == gr.skip() and rows == gr.skip()  # the table stays as it was


# ---------------------------------------------------------------- access

@pytest.fixture(scope="module")
def secured(tmp_path_factory, small_index, embedder, free_port) -> Iterator[Served]:
    with serve_secured(tmp_path_factory.mktemp("meetings-access"), small_index, embedder, free_port()) as s:
        yield s


def test_a_user_sees_only_the_meetings_of_documents_they_read(secured: Served) -> None:
    handlers, chat = MeetingHandlers(secured.chat), secured.chat
    dropdown, table, rows, _ = handlers.on_load(request(A))
    assert OWN_DOC in rows and SECRET_DOC not in rows
    assert not leaks(table) and not leaks(dropdown)
    for forged in (search(handlers, doc=SECRET_DOC, user=A), search(handlers, chair=SECRET_ANSWER, user=A)):
        assert forged[1] == [] and not leaks(forged)
    with pytest.raises(AccessDenied):
        chat.record(SECRET_DOC, A)
    # A forged row, card click or citation reaches nothing of the secret.
    opened = handlers.open_meeting([SECRET_DOC], event(n=1), request(A))
    assert opened[0] == "" and messages.MSG_FORBIDDEN in opened[1] and not leaks(opened)
    assert not leaks(handlers.show_source(SECRET_DOC, event(start=0, end=40), request(A)))
    forged_citation = {"citations": [{"n": 1, "doc": SECRET_DOC}]}
    assert handlers.card_for_citation(forged_citation, event(n=1), request(A)) == ("", None)
    entries = [e for e in read_audit(secured.settings.data) if e.get("event") == "meetings" and e.get("user") == A]
    assert entries and all(SECRET_DOC not in e.get("docs", []) for e in entries)

    # B reads it: the same steps reach it.
    _, rows, _ = search(handlers, chair="luong the bao mat", user=B)
    assert rows == [SECRET_DOC]
    card, viewer, shown = handlers.open_meeting(rows, event(n=1), request(B))
    assert SECRET_ANSWER in card and SECRET_DOC in viewer and shown == SECRET_DOC
    assert chat.record(SECRET_DOC, B) is not None and chat.meetings(caller=Caller(B))
