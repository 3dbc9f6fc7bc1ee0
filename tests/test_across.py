"""Questions several meetings of the shipped corpus answer differently (``qa.answer.across``):
each meeting's answer, cited and labelled, and a follow-up naming the meeting narrows it."""
import pytest

from qa.answer.across import WHICH_MEETING
from qa.assistant import Assistant
from qa.ingest.load import load_document

pytestmark = pytest.mark.slow

THANH_HOA = "bien-ban-hop-so-noi-vu-thanh-hoa-vi-tri-viec-lam-tinh-gian-bien-che-2024.docx"  # dated 14/3/2024
CONFERENCE = "hoi-nghi-giao-ban-cong-tac-to-chuc-xay-dung-dang-6-thang-dau-2023.txt"
# Who gave the concluding speech, as each document's own text says it.
CONCLUDED_BY = {
    CONFERENCE: "Mai Văn Chính",
    THANH_HOA: "Lê Văn Quang",
    "thong-bao-ket-luan-ubnd-ha-noi-sap-xep-don-vi-hanh-chinh-cap-xa-2024.pdf": "Nguyễn Thị Thu Hà",
}


@pytest.fixture(scope="module")
def assistant(shipped_index, embedder):
    return Assistant(shipped_index, embedder)


# Typed without marks, the search ranks the meetings in another order (its keyword stream is
# diacritic-free): the conference is among them, not necessarily first.
@pytest.mark.parametrize("question,meetings,first", [("Ai phát biểu kết luận?", 3, CONFERENCE),
                                                     ("ai phat bieu ket luan", 2, None)])
def test_each_meeting_answers_for_itself(assistant, shipped_index, question, meetings, first):
    answer = assistant.ask(question)
    by_doc = {m.doc: m for m in answer.meetings}
    assert len(by_doc) == len(answer.meetings) >= meetings
    for doc, speaker in CONCLUDED_BY.items():
        if doc in by_doc:
            assert speaker in by_doc[doc].text
    assert CONFERENCE in by_doc
    if first is not None:
        assert answer.meetings[0].doc == first
    for meeting in answer.meetings:
        passage = answer.hits[meeting.n - 1].chunk
        assert passage.doc == meeting.doc and passage.start <= meeting.start < meeting.end <= passage.end
        text = load_document(shipped_index.corpus / meeting.doc, meeting.doc).text
        assert text[meeting.start:meeting.end] == meeting.text
        assert f"{meeting.text} [{meeting.n}]" in answer.text
    assert answer.text.endswith(WHICH_MEETING)


def test_a_reply_naming_the_meeting_narrows_it(assistant):
    first = assistant.ask("Ai phát biểu kết luận?")
    second = assistant.ask("Cuộc họp của Sở Nội vụ Thanh Hóa", history=[(first.question, first.text)])
    assert second.answered and not second.meetings
    assert "Lê Văn Quang" in second.text
    assert "Sở Nội vụ Thanh Hóa" in second.resolved_question
    # A new question after it is not joined to the old one.
    third = assistant.ask("Ông Phạm Quang Hưng giữ chức vụ gì?", history=[(first.question, first.text)])
    assert third.resolved_question is None


def test_a_question_naming_its_meeting_gets_one_answer(assistant):
    answer = assistant.ask("Ai phát biểu kết luận tại hội nghị giao ban công tác tổ chức xây dựng Đảng năm 2023?")
    assert answer.answered and not answer.meetings and "Mai Văn Chính" in answer.text


# The meetings whose documents name Nguyễn Hữu Thắng as chair ("Chủ trì: đồng chí Nguyễn Hữu Thắng").
CHAIRED_BY_THANG = {
    "bien-ban-hop-doan-kiem-tra-so-2-quan-uy-cau-giay-dang-uy-phuong-dich-vong-hau-2023.txt",
    "bien-ban-hop-to-cong-tac-vi-tri-viec-lam-co-quan-dang-doan-the-quan-cau-giay-2024.docx",
    "giay-moi-hop-giao-ban-to-chuc-xay-dung-dang-quan-uy-cau-giay-cp1258.txt",
}


@pytest.mark.parametrize("question", ["Những cuộc họp nào do đồng chí Nguyễn Hữu Thắng chủ trì?",
                                      "nhung cuoc hop nao do nguyen huu thang chu tri"])
def test_the_meetings_a_person_chaired(assistant, shipped_index, question):
    answer = assistant.ask(question)
    assert answer.answered and {answer.hits[item.n - 1].chunk.doc for item in answer.items} == CHAIRED_BY_THANG
    for item in answer.items:
        passage = answer.hits[item.n - 1].chunk
        assert passage.start <= item.start < item.end <= passage.end
        text = load_document(shipped_index.corpus / passage.doc, passage.doc).text
        assert " ".join(text[item.start:item.end].split()) == item.text


def test_the_chair_of_a_meeting_named_by_its_date(assistant):
    answer = assistant.ask("Ai chủ trì cuộc họp ngày 14/3/2024?")
    assert answer.answered and "Lê Văn Quang" in answer.text
    assert answer.hits[answer.evidence.hit_index].chunk.doc == THANH_HOA


def test_to_whom_a_task_went_and_by_when(assistant):
    # The Hà Tĩnh concluding notice: "Giao Sở Nội vụ … thẩm định danh mục vị trí việc làm … trước ngày 30/6/2024".
    answer = assistant.ask("Việc thẩm định danh mục vị trí việc làm của các đơn vị sự nghiệp công lập "
                           "giao cho ai, hạn khi nào?")
    assert [item.text for item in answer.items] == ["Sở Nội vụ", "trước ngày 30/6/2024"]
    assert {answer.hits[item.n - 1].chunk.doc for item in answer.items} == {
        "thong-bao-ket-luan-chu-tich-ubnd-tinh-ha-tinh-tinh-gian-bien-che-2024.docx"}
