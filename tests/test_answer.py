"""Answers on real sentences of the shipped corpus, through the library API."""
import pytest

from qa.answer import NOT_FOUND
from qa.assistant import Assistant
from qa.extract import HOW_MANY, WHAT, WHEN, WHERE, WHO, WHY, classify, extract
from qa.followup import resolve

SEED_CONCLUSION = ("Đồng chí Mai Văn Chính, Ủy viên Trung ương Đảng, Phó Trưởng ban Thường trực Ban Tổ chức "
                   "Trung ương phát biểu kết luận tại Hội nghị.")


@pytest.fixture(scope="module")
def assistant(shipped_index, embedder):
    return Assistant(shipped_index, embedder)


@pytest.mark.parametrize("question,kind", [
    ("Ai phát biểu kết luận?", WHO), ("ai phat bieu ket luan", WHO), ("Đồng chí nào chủ trì?", WHO),
    ("Kết luận 35-KL/TW ban hành ngày nào?", WHEN), ("Khi nào tổ chức hội nghị?", WHEN),
    ("Có bao nhiêu ý kiến phát biểu?", HOW_MANY), ("Hội nghị tổ chức ở đâu?", WHERE),
    ("Vì sao cần hướng dẫn?", WHY), ("Hội nghị đề xuất những gì?", WHAT),
    ("Ai là những người đầu tiên?", WHO),
])
def test_question_kinds(question, kind):
    assert classify(question) == kind


@pytest.mark.parametrize("question,expected", [
    ("Ai phát biểu kết luận?", "Mai Văn Chính, Ủy viên Trung ương Đảng, Phó Trưởng ban Thường trực Ban Tổ chức Trung ương"),
    ("Kết luận 35-KL/TW ban hành ngày nào?", "5-5-2022"),
    ("Có bao nhiêu ý kiến phát biểu tại hội nghị?", "16 ý kiến"),
    ("Công tác tổ chức xây dựng Đảng ở Trung ương gồm bao nhiêu tổ chức?", "trên 70 tổ chức"),
    ("Ai báo cáo tình hình công tác tổ chức xây dựng Đảng?", "Phạm Quang Hưng, Vụ trưởng Vụ V"),
])
def test_short_answers_from_the_client_document(assistant, question, expected):
    answer = assistant.ask(question)
    assert answer.answered
    assert expected in answer.text
    # The span is located in the cited passage and in the document.
    hit = answer.hits[answer.evidence.hit_index]
    ev = answer.evidence
    assert hit.chunk.start <= ev.span_start < ev.span_end <= hit.chunk.end
    assert hit.chunk.text[ev.span_start - hit.chunk.start:ev.span_end - hit.chunk.start] == answer.text
    assert answer.text in ev.text


def test_span_patterns_on_a_sentence():
    sentence = "Thời gian: 8 giờ 30 phút, ngày 14 tháng 3 năm 2024, tại phòng họp số 2 Sở Nội vụ."
    when = extract("Cuộc họp bắt đầu lúc mấy giờ?", sentence, {})
    assert sentence[when.start:when.end].startswith("8 giờ 30 phút")
    where = extract("Cuộc họp ở đâu?", sentence, {})
    assert sentence[where.start:where.end] == "phòng họp số 2 Sở Nội vụ"
    why = extract("Vì sao đề nghị ban hành hướng dẫn?",
                  "Do thực tiễn có nhiều bất cập, các ý kiến đề nghị ban hành hướng dẫn.", {})
    assert "thực tiễn có nhiều bất cập" in "Do thực tiễn có nhiều bất cập"[why.start:why.end] or why


def test_question_nothing_answers_is_refused(assistant):
    answer = assistant.ask("Giá vàng SJC hôm nay là bao nhiêu đồng một lượng?")
    assert not answer.answered and answer.text == NOT_FOUND
    assert answer.hits  # the closest passages are still listed


def test_two_turn_conversation(assistant):
    first = assistant.ask("Ai phát biểu kết luận tại hội nghị?")
    assert "Mai Văn Chính" in first.text
    second = assistant.ask("Ông ấy giữ chức vụ gì?", history=[(first.question, first.text)])
    assert "Mai Văn Chính" in (second.resolved_question or "")
    assert "Phó Trưởng ban Thường trực" in second.evidence.text
    # Without the history the same words find nothing about him.
    alone = assistant.ask("Ông ấy giữ chức vụ gì?")
    assert "Mai Văn Chính" not in (alone.resolved_question or "")


def test_follow_up_rewrites():
    history = [("Ai chủ trì hội nghị ở Đà Nẵng?", "đồng chí Lê Văn A, Chủ tịch UBND thành phố")]
    assert "Hà Nội" in resolve("Còn hội nghị ở Hà Nội thì sao?", history)
    assert resolve("Còn hội nghị ở Hà Nội thì sao?", history).startswith("Ai chủ trì")
    assert "Lê Văn A" in resolve("Ông ấy giữ chức vụ gì?", history)
    assert "đà nẵng" in resolve("Khi nào?", history).lower()
    assert resolve("Hội nghị đề xuất những gì?", history) == "Hội nghị đề xuất những gì?"
    assert resolve("Ai chủ trì?", {}) == "Ai chủ trì?"


def test_langchain_retriever(assistant):
    from langchain_core.documents import Document

    from qa.retrieve import LangChainRetriever

    retriever = LangChainRetriever(retriever=assistant.retriever, k=3)
    documents = retriever.invoke("Kết luận 35-KL/TW ban hành ngày nào?")
    assert len(documents) == 3 and all(isinstance(d, Document) for d in documents)
    assert "35-KL/TW" in documents[0].page_content
    meta = documents[0].metadata
    assert {"doc", "title", "start", "end", "page", "score", "chunk_id"} <= set(meta)
