"""The chat app in a real browser: Debian's chromium driven by Playwright (sync API).

Run ``bash scripts/install_chromium.sh`` once to get /usr/bin/chromium; without it these tests
are skipped. ``QA_SCREENSHOT=docs/screenshot.png`` also saves the screenshot there.
"""
from __future__ import annotations

import json
import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from app_helpers import (FOLLOW_UP, OWN_TEXT, PASSWORDS, QUESTION, SECRET_ANSWER, SECRET_DOC, SECRET_LINES,
                         SECRET_QUESTION, SPEAKER, XSS_DOC, XSS_QUESTION, XSS_TEXT, A, B, Served, leaks, serve_app,
                         serve_secured)

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(),
                                 reason="no /usr/bin/chromium (run: bash scripts/install_chromium.sh)")]
TIMEOUT = 30_000  # ms


@pytest.fixture(scope="module")
def served(tmp_path_factory, shipped_index, embedder, free_port) -> Iterator[Served]:
    with serve_app(tmp_path_factory.mktemp("browser"), shipped_index, embedder, free_port(),
                   {XSS_DOC: XSS_TEXT}) as s:
        yield s


@pytest.fixture(scope="module")
def plain(tmp_path_factory, shipped_index, embedder, free_port) -> Iterator[Served]:
    """The app over the shipped corpus only (for the screenshot in docs/)."""
    with serve_app(tmp_path_factory.mktemp("plain"), shipped_index, embedder, free_port()) as s:
        yield s


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                  "--disable-gpu"])
        yield browser
        browser.close()


@contextmanager
def open_page(browser, url: str, user: str | None = None):
    """A fresh session on the app (logged in as ``user`` through the login page); fails the
    test if any JS dialog (alert) opens."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url)
        if user is not None:
            log_in(page, user)
        page.wait_for_selector("#qa-docs input")  # the user's documents, listed when the page loads
        yield page
        assert dialogs == [], f"a script ran: {dialogs}"
    finally:
        context.close()


@pytest.fixture
def page(browser, served: Served):
    with open_page(browser, served.url) as page:
        yield page


def log_in(page, user: str) -> None:
    page.fill("input[type=text]", user)
    page.fill("input[type=password]", PASSWORDS[user])
    page.click("button.primary")


def ask(page, question: str) -> None:
    """Type a question, send it, wait until the answer and its citation cards are shown."""
    before = len(bot_messages(page))
    page.fill("#qa-question textarea", question)
    page.press("#qa-question textarea", "Enter")
    wait_for_answer(page, before)


def wait_for_answer(page, before: int) -> None:
    """Until a new answer is there with its cards (the cards are emptied when a question is
    sent, in the same update that adds the answer's bubble, and filled when it is complete)."""
    page.wait_for_function(
        """n => document.querySelectorAll('#qa-chat [data-testid="bot"]').length > n
                && document.querySelector('#qa-cards .qa-card') !== null""", arg=before)


def bot_messages(page) -> list[str]:
    return page.locator('#qa-chat [data-testid="bot"]').all_inner_texts()


def save_small_png(path: Path, png: bytes) -> None:
    """The screenshot as a 256-colour PNG (a fraction of the size of the full-colour one)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)


def test_ask_see_cited_passage_and_open_document(browser, plain: Served, tmp_path: Path) -> None:
    with open_page(browser, plain.url) as page:
        check_ask_and_open_document(page, tmp_path)


def check_ask_and_open_document(page, tmp_path: Path) -> None:
    ask(page, QUESTION)
    assert SPEAKER in bot_messages(page)[-1]
    cited = page.locator("#qa-cards .qa-card.qa-cited")
    mark = cited.locator("mark")
    assert mark.first.is_visible() and SPEAKER in mark.first.inner_text()
    assert cited.locator(".qa-num").inner_text() == "[1]"

    cited.click()
    target = page.locator("#qa-viewer #qa-target")
    target.wait_for(state="visible")
    assert SPEAKER in target.locator("mark").inner_text()
    viewer_text = page.locator("#qa-viewer").inner_text()
    assert "Toàn cảnh Hội nghị" in viewer_text  # the whole document, not just the passage
    # The passage is scrolled into the viewer's visible area.
    page.wait_for_function("""() => {
        const t = document.querySelector('#qa-target mark').getBoundingClientRect();
        return t.top >= 0 && t.bottom <= window.innerHeight; }""")

    page.evaluate("window.scrollTo(0, 0)")
    time.sleep(0.3)
    png = page.screenshot()
    (tmp_path / "screenshot.png").write_bytes(png)
    if os.environ.get("QA_SCREENSHOT"):
        save_small_png(Path(os.environ["QA_SCREENSHOT"]), png)


def test_example_question_and_clear(page) -> None:
    page.get_by_role("button", name="Kết luận 35-KL/TW ban hành ngày nào?").click()
    wait_for_answer(page, 0)
    assert "5-5-2022" in bot_messages(page)[-1]
    ask(page, "Hội nghị đề xuất những gì?")
    assert len(bot_messages(page)) == 2  # the conversation is kept

    page.get_by_role("button", name="Xóa hội thoại").click()
    page.wait_for_function("() => !document.querySelector('#qa-chat [data-testid=\"bot\"]')")
    assert page.locator("#qa-cards .qa-card").count() == 0


def test_follow_up_shows_how_it_was_understood(page) -> None:
    ask(page, QUESTION)
    ask(page, FOLLOW_UP)
    message = page.locator('#qa-chat [data-testid="bot"]').last
    assert message.locator("em", has_text="Hiểu câu hỏi là").count() == 1
    assert message.locator("strong").count() == 1  # the short answer, in bold
    assert "**" not in message.inner_text()


def test_like_is_recorded(page, served: Served) -> None:
    feedback = served.settings.data / "feedback.jsonl"
    before = feedback.read_text(encoding="utf-8").splitlines() if feedback.exists() else []
    ask(page, QUESTION)
    page.locator("#qa-chat").get_by_role("button", name="Like", exact=True).last.click()
    deadline = time.monotonic() + 15
    while True:
        lines = feedback.read_text(encoding="utf-8").splitlines() if feedback.exists() else []
        if len(lines) > len(before):
            break
        assert time.monotonic() < deadline, "no feedback line written"
        time.sleep(0.2)
    record = json.loads(lines[-1])
    assert record["vote"] == "up" and record["question"] == QUESTION
    assert SPEAKER in record["answer"] and record["citations"]


def test_html_in_a_document_shows_as_text(page) -> None:
    ask(page, XSS_QUESTION)
    card = page.locator("#qa-cards .qa-card", has_text="kiem-thu-hien-thi.txt").first
    text = card.inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert "${alert(1)}" in text and "{{value}}" in text
    assert "Ngày 12/03/2024" in text  # the date from the document's heading
    card.click()
    page.locator("#qa-viewer #qa-target").wait_for(state="visible")
    assert "<b>an toàn</b>" in page.locator("#qa-viewer").inner_text()
    time.sleep(0.5)  # give an injected handler the chance to fire (the fixture checks dialogs)
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("#qa-cards script, #qa-viewer script, #qa-chat script").count() == 0


def test_search_only_the_chosen_documents(page) -> None:
    page.locator("#qa-docs label", has_text="Giao ban công tác tổ chức").locator("input").uncheck()
    ask(page, QUESTION)
    docs = page.locator("#qa-cards .qa-doc").all_inner_texts()
    assert docs and all(not d.startswith("hoi-nghi-giao-ban") for d in docs)
    assert SPEAKER not in bot_messages(page)[-1]


def test_upload_from_the_page(page, served: Served, tmp_path: Path) -> None:
    doc = tmp_path / "hop-ban-chim-canh-cut.txt"
    doc.write_text("Cuộc họp ban bảo tồn chim cánh cụt\n"
                   "Cuộc họp ban bảo tồn chim cánh cụt do đồng chí Vương Thị Băng chủ trì tại Nam Cực.\n",
                   encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(doc))
    status = page.locator("#qa-upload-status")
    status.filter(has_text=re.compile("Đã thêm|Không")).wait_for()
    assert "Đã thêm" in status.inner_text()
    assert (served.settings.corpus / doc.name).is_file()
    page.locator("#qa-docs label", has_text="Cuộc họp ban bảo tồn chim cánh cụt").wait_for()
    ask(page, "Ai chủ trì cuộc họp ban bảo tồn chim cánh cụt?")
    assert "Vương Thị Băng" in bot_messages(page)[-1]


def test_unsupported_upload_shows_a_vietnamese_error(page, served: Served, tmp_path: Path) -> None:
    bad = tmp_path / "chuong-trinh.exe"
    bad.write_bytes(b"MZ\x90\x00")
    before = sorted(p.name for p in served.settings.corpus.iterdir())
    page.locator("input[type=file]").set_input_files(str(bad))
    status = page.locator("#qa-upload-status")
    status.filter(has_text="Không hỗ trợ định dạng").wait_for()
    assert sorted(p.name for p in served.settings.corpus.iterdir()) == before


# ---------------------------------------------------------------- users

@pytest.fixture(scope="module")
def secured(tmp_path_factory, small_index, embedder, free_port) -> Iterator[Served]:
    with serve_secured(tmp_path_factory.mktemp("secured"), small_index, embedder, free_port()) as s:
        yield s


def generated(page, selector: str) -> str:
    """The text a stylesheet puts after an element (the login page's Vietnamese)."""
    return page.locator(selector).first.evaluate("e => getComputedStyle(e, '::after').content")


def test_the_login_page_speaks_vietnamese_and_refuses_a_wrong_password(browser, secured: Served) -> None:
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(secured.url)
        page.wait_for_selector("input[type=password]")
        assert "Đăng nhập để dùng trợ lý" in page.inner_text("body")
        assert generated(page, "h2") == '"Đăng nhập"' and generated(page, "button.primary") == '"Đăng nhập"'
        assert generated(page, "label:has(input[type=password]) [data-testid=block-info]") == '"Mật khẩu"'
        page.fill("input[type=text]", A)
        page.fill("input[type=password]", PASSWORDS[B])
        page.click("button.primary")
        page.wait_for_selector("p.creds")
        assert generated(page, "p.creds").startswith('"Sai tên đăng nhập')
        assert page.locator("#qa-question").count() == 0
    finally:
        context.close()


def test_each_user_reads_only_their_documents(browser, secured: Served) -> None:
    """A logs in, lists, asks about the secret, opens the cards, logs out; then B does."""
    with open_page(browser, secured.url, A) as page:
        assert page.locator("#qa-user").inner_text().strip() == f"Đang đăng nhập: {A}"
        page.locator("#qa-docs label").first.wait_for()
        assert OWN_TEXT.splitlines()[0] in page.locator("#qa-docs").inner_text()
        assert not leaks(page.inner_text("body"))  # the list, the status, the whole page
        for question in (SECRET_QUESTION, SECRET_LINES[3]):
            ask(page, question)
            assert not leaks(bot_messages(page)[-1])
            assert not leaks(page.locator("#qa-cards").inner_html())
            page.locator("#qa-cards .qa-card").first.click()
            page.locator("#qa-viewer .qa-viewer").wait_for()
            assert not leaks(page.locator("#qa-viewer").inner_html())
        page.locator("#qa-logout").click()
        page.wait_for_selector("input[type=password]")
    with open_page(browser, secured.url, B) as page:
        page.locator("#qa-docs label", has_text=SECRET_LINES[0]).wait_for()
        ask(page, SECRET_QUESTION)
        assert SECRET_ANSWER in bot_messages(page)[-1]
        page.locator("#qa-cards .qa-card.qa-cited").click()
        page.locator("#qa-viewer #qa-target").wait_for(state="visible")
        assert SECRET_DOC in page.locator("#qa-viewer").inner_text()
        assert OWN_TEXT.splitlines()[0] not in page.locator("#qa-docs").inner_text()


# ---------------------------------------------------------------- meetings

def test_meetings_tab_filters_by_chair_and_opens_a_record(page, served: Served) -> None:
    """The chair typed without diacritics lists the meetings the documents say he chaired; a
    row opens its document with its record card, and the card's chair shows its source."""
    from qa.ingest.load import load_document
    from qa.ingest.normalize import normalize

    said = "Chủ trì: đồng chí Nguyễn Hữu Thắng"
    expected = {p.name for p in served.settings.corpus.iterdir()
                if p.is_file() and said in normalize(load_document(p, p.name).text)}
    assert len(expected) == 3
    page.get_by_role("tab", name="Cuộc họp").click()
    rows = page.locator("#qa-meetings .qa-meeting")
    rows.first.wait_for()  # every meeting, listed when the page loads
    assert rows.count() > len(expected)
    page.locator("#qa-chair").get_by_role("textbox").fill("nguyen huu thang")
    page.locator("#qa-chair").get_by_role("textbox").press("Enter")
    page.wait_for_function("n => document.querySelectorAll('#qa-meetings .qa-meeting').length === n",
                           arg=len(expected))
    assert {row.get_attribute("data-doc") for row in rows.all()} == expected
    assert all("Nguyễn Hữu Thắng" in normalize(row.locator("td").nth(3).inner_text()) for row in rows.all())

    minutes = next(doc for doc in sorted(expected) if doc.startswith("bien-ban-hop-doan-kiem-tra"))
    page.locator(f"#qa-meetings .qa-meeting[data-doc='{minutes}']").click()
    card = page.locator("#qa-record .qa-record")
    card.wait_for()
    assert "Biên bản họp" in card.locator(".qa-kind").inner_text()
    assert minutes in page.locator("#qa-viewer .qa-meta").inner_text()
    chair = card.locator("dt", has_text="Chủ trì").locator("xpath=following-sibling::dd[1]")
    stated = "Nguyễn Hữu Thắng, Trưởng Đoàn kiểm tra số 2"  # "Chủ trì: đồng chí Nguyễn Hữu Thắng, Trưởng Đoàn …"
    assert chair.inner_text().strip() == stated
    chair.locator(".qa-src").click()
    page.wait_for_function("() => document.querySelector('#qa-viewer #qa-target mark')?.innerText"
                           f" === '{stated}'")
    page.wait_for_function("""() => {
        const t = document.querySelector('#qa-target mark').getBoundingClientRect();
        return t.top >= 0 && t.bottom <= window.innerHeight; }""")
