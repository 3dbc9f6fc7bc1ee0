"""What kind of answer a question asks for (``qa.answer.kinds``), a real question per cue, and
matching text typed with or without tone marks (``qa.answer.tones``)."""
import pytest

from qa.answer.kinds import CONTACT, CUES, HOW, HOW_MANY, ROLE, WHAT, WHEN, WHERE, WHO, WHY, classify
from qa.answer.tones import TonePattern, ToneWords, unique_marks, with_marks

EXAMPLES = [
    # Contact: a number or an address.
    ("Số điện thoại liên hệ của Văn phòng Sở là gì?", CONTACT), ("so dien thoai lien he cua van phong la gi", CONTACT),
    # Role: a post asked for; a person who holds one, or how many posts, are other kinds.
    ("Đồng chí Mai Văn Chính giữ những chức vụ gì?", ROLE), ("ong huynh van tam giu chuc gi", ROLE),
    ("Ông Tạ Quang Vinh ký giấy mời với cương vị nào?", ROLE),
    ("Ai là người đảm nhiệm chức vụ Bí thư Tỉnh ủy?", WHO), ("Ông giữ bao nhiêu chức vụ?", HOW_MANY),
    ("Vì sao cần hướng dẫn?", WHY),
    ("Kết luận 35-KL/TW ban hành ngày nào?", WHEN), ("Khi nào tổ chức hội nghị?", WHEN),
    ("Hội nghị được tổ chức vào ngày nào?", WHEN),
    ("Có bao nhiêu ý kiến phát biểu?", HOW_MANY), ("Số lượng đại biểu dự họp là bao nhiêu?", HOW_MANY),
    # "số lượng" with "<noun> nào" and no "bao nhiêu" asks which one.
    ("Sân bay nào có số lượng chuyến bay nhiều nhất?", WHAT),
    ("Hội nghị tổ chức ở đâu?", WHERE), ("hoi nghi to chuc o noi nao", WHERE),
    ("Ai phát biểu kết luận?", WHO), ("ai phat bieu ket luan", WHO), ("Đồng chí nào chủ trì?", WHO),
    ("Ai là những người đầu tiên?", WHO), ("Tổ chức nào chủ trì hội nghị?", WHO), ("Ai nghe lén điện thoại?", WHO),
    ("Công tác phối hợp được đánh giá ra sao?", HOW),
    ("Hội nghị đề xuất những gì?", WHAT),
    # "nói nào" folds to "noi nao" ("nơi nào", where), but it asks which words were said.
    ("Ông Mai Văn Chính nhắc lại câu nói nào của Trưởng Ban?", WHAT),
]


@pytest.mark.parametrize("question,kind", EXAMPLES)
def test_question_kinds(question, kind):
    assert classify(question) == kind


def test_every_cue_has_an_example():
    assert {kind for kind, _ in CUES} <= {kind for _, kind in EXAMPLES}


def test_a_pattern_matches_the_form_the_text_is_typed_in():
    where = TonePattern(r"\bnơi nào\b")
    assert where.search("hội nghị tổ chức ở nơi nào") and where.search("hoi nghi to chuc o noi nao")
    assert not where.search("câu nói nào")  # typed with marks: "nói" is not "nơi"
    assert where.search_either("tổ chức ở noi nào") is False and where.search_either("ở nơi nào và noi nao")


def test_a_word_list_in_the_form_the_text_is_typed_in():
    words = ToneWords(["bao", "hỏi"])
    assert words.for_text("hỏi gì") == {"bao", "hỏi"}
    assert words.for_text("hoi gi") == {"bao", "hoi"}


def test_a_question_without_marks_takes_the_marks_of_its_passages():
    texts = ["Đồng chí Nguyễn Văn An chủ trì hội nghị tại UBND Hà Nội.", "Bàn giao hồ sơ cho bạn; bàn bạc kế hoạch."]
    known = unique_marks(["gì", "hay", "hãy"])
    # The form the passages write most often ("bàn" twice, "bạn" once); names keep their case;
    # a question word the passages lack from the known words, unless two fold alike ("hay").
    assert (with_marks("Ai chu tri hoi nghi tai UBND ha noi, ban gi hay khong?", texts, known)
            == "Ai chủ trì hội nghị tại UBND hà nội, bàn gì hay khong?")
    assert with_marks("Ai chủ trì hội nghi?", texts, known) == "Ai chủ trì hội nghi?"  # typed with marks


def test_a_question_phrase_keeps_its_marks_whatever_the_passages_write():
    from qa.answer.vocabulary import QUESTION_PHRASES

    texts = ["Tổng số người bị bệnh nhiều hơn năm trước; như thể tổn thương não bộ.", "Thể trạng não bảo đảm."]
    # The passages write "nhiều", "thể", "não" and "bảo": the question phrases are "bao nhiêu"
    # and "như thế nào"; the other words take the passages' marks.
    assert (with_marks("Co bao nhieu nguoi bi benh, tinh trang nao bo nhu the nao?", texts, phrases=QUESTION_PHRASES)
            == "Co bao nhiêu người bị bệnh, tinh trạng não bộ như thế nào?")
    assert (with_marks("Co bao nhieu nguoi bi benh?", texts)
            == "Co bảo nhiều người bị bệnh?")  # without the phrases
