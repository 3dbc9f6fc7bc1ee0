"""Answers on real sentences of the shipped corpus, through the library API."""
import pytest

from qa.answer.extractive import NOT_FOUND, answer_question, content_words
from qa.assistant import Assistant
from qa.ingest.chunk import Chunk
from qa.answer.kinds import CONTACT, HOW_MANY, ROLE, WHAT, WHEN, WHERE, WHO, WHY, classify
from qa.answer.spans import extract, reads_as
from qa.answer.followup import resolve
from qa.ingest.normalize import normalize
from qa.answer.retrieve import Hit

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
    ("Sân bay nào có số lượng chuyến bay nhiều nhất?", WHAT), ("Số lượng đại biểu dự họp là bao nhiêu?", HOW_MANY),
    ("Đồng chí Mai Văn Chính giữ những chức vụ gì?", ROLE), ("ong huynh van tam giu chuc gi", ROLE),
    ("Ông Tạ Quang Vinh ký giấy mời với cương vị nào?", ROLE),
    ("Ai là người đảm nhiệm chức vụ Bí thư Tỉnh ủy?", WHO), ("Ông giữ bao nhiêu chức vụ?", HOW_MANY),
    ("Tổ chức nào chủ trì hội nghị?", WHO), ("Hội nghị được tổ chức vào ngày nào?", WHEN),
])
def test_question_kinds(question, kind):
    assert classify(question) == kind


def _assert_cited(answer):
    """The answer is a span of its evidence sentence, inside the cited passage, at the offsets given."""
    hit = answer.hits[answer.evidence.hit_index]
    ev = answer.evidence
    assert hit.chunk.start <= ev.start <= ev.span_start < ev.span_end <= ev.end <= hit.chunk.end
    assert hit.chunk.text[ev.span_start - hit.chunk.start:ev.span_end - hit.chunk.start] == answer.text
    assert answer.text in ev.text


@pytest.mark.parametrize("question,expected", [
    ("Ai phát biểu kết luận?", "Mai Văn Chính, Ủy viên Trung ương Đảng, Phó Trưởng ban Thường trực Ban Tổ chức Trung ương"),
    ("Kết luận 35-KL/TW ban hành ngày nào?", "5-5-2022"),
    ("Có bao nhiêu ý kiến phát biểu tại hội nghị?", "16 ý kiến"),
    ("Công tác tổ chức xây dựng Đảng ở Trung ương gồm bao nhiêu tổ chức?", "trên 70 tổ chức"),
    ("Ai báo cáo tình hình công tác tổ chức xây dựng Đảng?", "Phạm Quang Hưng, Vụ trưởng Vụ V"),
    ("Kết luận 35-KL/TW của Bộ Chính trị ban hành ngày nào?", "5-5-2022"),
    # About a document itself: its letterhead and signature block.
    ("Thông báo kết luận về sắp xếp đơn vị hành chính của UBND Hà Nội do ai ký?", "Lê Thị Hồng Nhung"),
    ("Người ký báo cáo sơ kết của Đảng ủy Khối Bình Định giữ chức vụ gì?", "PHÓ BÍ THƯ THƯỜNG TRỰC"),
    ("Biên bản họp của Sở Nội vụ Thanh Hóa có số hiệu là gì?", "27/BB-SNV"),
    ("Giấy mời họp giao ban của Quận ủy Cầu Giấy được ký ngày nào?", "ngày 28 tháng 6 năm 2024"),
    # How long: on the invitation's "Thời gian:" line, not a deadline "trước 16 giờ 00".
    ("Cuộc họp giao ban ở Quận ủy Cầu Giấy dự kiến kéo dài mấy tiếng?", "3 giờ"),
])
def test_short_answers_from_the_client_document(assistant, question, expected):
    answer = assistant.ask(question)
    assert answer.answered
    assert expected in normalize(answer.text)  # the Windows-1258 file decodes to combining marks
    _assert_cited(answer)


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

    from qa.answer.retrieve import LangChainRetriever

    retriever = LangChainRetriever(retriever=assistant.retriever, k=3)
    documents = retriever.invoke("Kết luận 35-KL/TW ban hành ngày nào?")
    assert len(documents) == 3 and all(isinstance(d, Document) for d in documents)
    assert "35-KL/TW" in documents[0].page_content
    meta = documents[0].metadata
    assert {"doc", "title", "start", "end", "page", "score", "chunk_id"} <= set(meta)


# Sentences of the shipped corpus (normalized as the assistant reads them).
BINH_DINH_REPORT = ("Báo cáo do đồng chí Huỳnh Văn Tâm, Phó Bí thư Thường trực Đảng ủy Khối trình bày tại Hội "
                    "nghị sơ kết tổ chức sáng 12/7/2024 tại Hội trường Đảng ủy Khối (số 8 đường Lê Lợi, thành phố "
                    "Quy Nhơn).")
DA_NANG_TOPIC = ("Chuyên đề 1: Quán triệt Quy định số 58-QĐ/TW của Bộ Chính trị về một số vấn đề bảo vệ chính "
                 "trị nội bộ Đảng, do đồng chí Ngô Thị Phương Thảo, Phó Vụ trưởng Vụ Bảo vệ chính trị nội bộ "
                 "trình bày;")
DA_NANG_PILOT = ("Đồng chí cho biết, Vụ Bảo vệ chính trị nội bộ sẽ hoàn thiện sổ tay nghiệp vụ, phát hành trước "
                 "tháng 9/2024, và thí điểm phần mềm quản lý hồ sơ bảo vệ chính trị nội bộ tại 3 địa phương Đà "
                 "Nẵng, Quảng Nam, Đắk Lắk từ quý III/2024, nhằm rút ngắn thời gian xác minh xuống dưới 10 ngày.")
CAU_GIAY_CHAIR = ("Chủ trì: đồng chí Nguyễn Hữu Thắng, Ủy viên Ban Thường vụ Quận ủy, Trưởng Ban Tổ chức "
                  "Quận ủy.")
SEVENTY = ("Công tác tổ chức xây dựng Đảng ở các ban, bộ, ngành, đoàn thể ở Trung ương đặt dưới sự lãnh đạo "
           "của Bộ Chính trị, Ban Bí thư và trực tiếp là đảng đoàn, ban cán sự đảng, đảng ủy, tập thể lãnh đạo "
           "với trên 70 tổ chức, cơ quan, đơn vị.")
THANH_HOA_BUDGET = ("Đồng chí Vũ Thị Ngọc, Phó Giám đốc Sở Tài chính, cho biết nguồn ngân sách tỉnh bố trí cho "
                    "tinh giản biên chế năm 2024 mới đáp ứng khoảng 80% nhu cầu; đề nghị các đơn vị gửi dự toán "
                    "kinh phí về Sở Tài chính trước ngày 31/3/2024.")
WANTED_GUIDANCE = ("Một số ý kiến đề xuất Ban Tổ chức Trung ương có hướng dẫn cụ thể về mô tả vị trí việc làm; "
                   "mở rộng tiêu chuẩn, đối tượng đào tạo lý luận chính trị.")


def _span(question: str, sentence: str, kind: str | None = None):
    """The span ``extract`` finds, with the anchors the assistant would give it."""
    shared = {w for w, _ in content_words(question)}
    anchors = {pos: 1.0 for w, pos in content_words(sentence) if w in shared}
    span = extract(question, sentence, anchors, kind)
    return (sentence[span.start:span.end], span.strong) if span else (None, False)


def test_a_cue_is_matched_with_its_tone_marks():
    # "nói nào" folds to "noi nao" ("nơi nào", where), but it asks which words were said.
    assert classify("Ông Mai Văn Chính nhắc lại câu nói nào của Trưởng Ban?") == WHAT
    assert classify("hoi nghi to chuc o noi nao") == WHERE


def test_a_street_named_after_a_person_is_no_person_and_a_title_ends_at_the_verb():
    assert _span("Ai trình bày báo cáo sơ kết?", BINH_DINH_REPORT) == (
        "đồng chí Huỳnh Văn Tâm, Phó Bí thư Thường trực Đảng ủy Khối", True)
    assert _span("Đồng chí Ngô Thị Phương Thảo giữ chức vụ gì?", DA_NANG_TOPIC)[0] == \
        "Phó Vụ trưởng Vụ Bảo vệ chính trị nội bộ"


def test_who_asks_about_a_deed_the_sentence_must_name():
    assert _span("Ai chủ trì cuộc họp?", CAU_GIAY_CHAIR)[1]
    assert _span("Ai là thư ký cuộc họp?", CAU_GIAY_CHAIR)[1] is False


def test_which_question_is_answered_by_the_listed_names():
    assert _span("Phần mềm quản lý hồ sơ sẽ thí điểm ở những địa phương nào?", DA_NANG_PILOT)[0] == \
        "Đà Nẵng, Quảng Nam, Đắk Lắk"


def test_which_noun_inside_a_longer_name():
    sentence = ("Đối với đề xuất của UBND huyện Thanh Oai về việc giữ nguyên tên gọi của 2 xã sau sắp xếp, giao "
                "UBND huyện tổ chức lấy thêm ý kiến Nhân dân.")
    assert _span("Huyện nào muốn giữ nguyên tên gọi 2 xã sau sắp xếp?", sentence)[0] == "huyện Thanh Oai"


def test_a_framed_what_question_takes_the_words_between_its_frames():
    text, _ = _span("Các cơ quan muốn Ban Tổ chức Trung ương hướng dẫn gì về vị trí việc làm?", WANTED_GUIDANCE)
    assert "mô tả" in text and "Một số ý kiến" not in text and "đào tạo" not in text


@pytest.mark.parametrize("question,sentence,expected", [
    ("Giấy mời họp giao ban số mấy?", "Số: 45-GM/BTCQU Cầu Giấy, ngày 28 tháng 6 năm 2024", "45-GM/BTCQU"),
    ("Ngân sách đáp ứng được bao nhiêu phần trăm nhu cầu?", THANH_HOA_BUDGET, "khoảng 80%"),
    ("Công tác tổ chức xây dựng Đảng bao quát bao nhiêu cơ quan, đơn vị?", SEVENTY, "trên 70 tổ chức"),
])
def test_quantities_of_the_kind_asked(question, sentence, expected):
    assert _span(question, sentence) == (expected, True)


BINH_DINH_OPENING = ("Thực hiện Chương trình công tác năm 2024 và Hướng dẫn số 15-HD/BTCTU ngày 20/6/2024 của Ban "
                     "Tổ chức Tỉnh ủy, Ban Thường vụ Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh báo cáo sơ kết "
                     "công tác tổ chức xây dựng Đảng 6 tháng đầu năm 2024 như sau.")


def test_the_date_of_a_cited_document_answers_only_for_that_document():
    assert _span("Hướng dẫn số 15-HD/BTCTU ban hành ngày nào?", BINH_DINH_OPENING) == ("ngày 20/6/2024", True)
    text, strong = _span("Hội nghị sơ kết họp hôm nào?", BINH_DINH_OPENING)
    assert "20/6/2024" not in (text or "") and not strong


@pytest.mark.parametrize("question,sentence,expected", [
    # The number the question gives (a year, "70 năm") is not the one it asks for.
    ("Năm 2024 có bao nhiêu đảng viên nhận Huy hiệu 70 năm tuổi Đảng?",
     "Năm 2024, 4 đảng viên nhận Huy hiệu 70 năm tuổi Đảng.", "4 đảng viên"),
    ("Năm 2023 khu vực thẩm định tiêu chuẩn chính trị cho bao nhiêu trường hợp?",
     "Theo số liệu tổng hợp, năm 2023, 14 tỉnh, thành phố trong khu vực đã thẩm định tiêu chuẩn chính trị cho "
     "12.540 trường hợp.", "12.540 trường hợp"),
    # "khóa mấy": the noun with its number after it.
    ("Nhiệm kỳ còn lại là của khóa mấy?",
     "Các đảng đoàn đề ra những chủ trương để thực hiện nửa cuối nhiệm kỳ còn lại của khóa XIII.", "khóa XIII"),
    # "bao lâu": a duration, with its unit.
    ("Số cán bộ dôi dư được giải quyết trong bao lâu?",
     "Lộ trình giải quyết số dôi dư thực hiện trong thời hạn tối đa 5 năm kể từ ngày nghị quyết có hiệu lực.",
     "tối đa 5 năm"),
    # "mấy tiếng" asks hours, which the sentence gives in "giờ"; "14 giờ 00 phút" is a time of day.
    ("Cuộc họp kéo dài mấy tiếng?",
     "Thời gian: 14 giờ 00 phút, thứ Sáu, ngày 5/7/2024 (thời gian dự kiến 3 giờ).", "3 giờ"),
])
def test_counts_ordinals_and_durations(question, sentence, expected):
    assert _span(question, sentence) == (expected, True)


def test_a_year_is_not_a_count():
    sentence = "Với 27.400 euro thu nhập trung bình cho mỗi người vào 2001, các gia đình ở mức sung túc nhất."
    text, _ = _span("Thu nhập trung bình mỗi người là bao nhiêu?", sentence)
    assert text.startswith("27.400 euro")


def test_two_day_event_and_the_quoted_saying():
    text, _ = _span("Hội nghị tập huấn diễn ra khi nào?",
                    "Trong 2 ngày 23 và 24/5/2024, tại Trung tâm Hành chính thành phố Đà Nẵng, Ban Tổ chức Trung "
                    "ương tổ chức Hội nghị tập huấn nghiệp vụ năm 2024.")
    assert "23 và 24/5/2024" in text
    said = ("Nhắc lại lời đồng chí Trưởng Ban Tổ chức Trung ương: “không nói không, không nói khó”, đồng chí Mai "
            "Văn Chính ghi nhận các kiến nghị.")
    assert _span("Ông Mai Văn Chính nhắc lại lời nào của Trưởng Ban?", said)[0] == "không nói không, không nói khó"


def test_role_of_the_person_the_question_names():
    sentence = ("Dự và chỉ đạo hội nghị có đồng chí Hoàng Đăng Khoa, Vụ trưởng Vụ Bảo vệ chính trị nội bộ, Ban Tổ "
                "chức Trung ương; đồng chí Phan Thị Bích Ngọc, Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Tổ chức "
                "Thành ủy Đà Nẵng.")
    assert _span("Bà Phan Thị Bích Ngọc giữ chức vụ gì?", sentence)[0].startswith("Ủy viên Ban Thường vụ Thành ủy")
    assert _span("Ông Hoàng Đăng Khoa giữ chức vụ gì?", sentence)[0].startswith("Vụ trưởng Vụ Bảo vệ")


def test_a_framed_slot_is_not_the_link_between_its_frames():
    sentence = "3. Trao đổi vướng mắc trong kết nạp đảng viên là chủ doanh nghiệp tư nhân."
    text, _ = _span("Cuộc họp trao đổi vướng mắc gì trong kết nạp đảng viên?", sentence)
    assert text and "chủ doanh nghiệp" in text


def test_a_cited_document_is_not_the_citing_one(assistant):
    # 35-KL/TW is cited in a report: its date is the one the sentence gives, not the report's.
    answer = assistant.ask("Kết luận 35-KL/TW được ký ban hành ngày nào?")
    assert answer.answered and "5-5-2022" in answer.text


def test_a_deed_is_not_read_from_a_name():
    # "Thu Hà" folds to "thu", as "thư ký" does: chairing is not keeping the minutes.
    sentence = "Đồng chí Nguyễn Thị Thu Hà, Phó Chủ tịch UBND Thành phố đã chủ trì cuộc họp."
    assert _span("Ai là thư ký cuộc họp?", sentence)[1] is False
    assert _span("Ai chủ trì cuộc họp?", sentence)[1] is True


def test_a_count_of_another_unit_is_weak():
    sentence = "- Đồng chí Bí thư hoặc Phó Bí thư Thường trực của 42 tổ chức cơ sở đảng trực thuộc Quận ủy;"
    assert _span("Đảng bộ quận có bao nhiêu đảng viên?", sentence)[1] is False
    assert _span("Quận ủy có bao nhiêu tổ chức cơ sở đảng?", sentence) == ("42 tổ chức cơ sở đảng", True)


def test_a_place_the_question_names_must_be_in_the_passage(assistant):
    # Thanh Hóa's minutes count the posts it cut; Hà Nội's notice does not.
    answer = assistant.ask("Hà Nội đã tinh giản bao nhiêu biên chế trong năm 2023?")
    assert not answer.answered
    assert assistant.ask("Thanh Hóa đã tinh giản bao nhiêu biên chế trong năm 2023?").answered


def test_labelled_time_line_answers_when(assistant):
    answer = assistant.ask("Cuộc họp giao ban của Ban Tổ chức Quận ủy Cầu Giấy bắt đầu lúc mấy giờ?")
    # The invitation is a cp1258 file with combining tone marks: compare normalized text.
    assert answer.answered and "14 giờ" in normalize(answer.text)


@pytest.mark.parametrize("question,sentence,expected", [
    # Who, without a Vietnamese name: the doer ("bởi", a role before the name), not an owner.
    ("Ai đã mở nhà hàng La Taverne Anglaise?",
     "Một nhà hàng sang trọng, La Taverne Anglaise, được khai trương vào năm 1786 trong khu vườn của "
     "Palais-Royal bởi Antoine Beauvilliers.", "Antoine Beauvilliers"),
    ("Công viên La Villette do ai thiết kế?",
     "Theo thiết kế của kiến trúc sư Bernard Tschumi, một khu lò mổ cũ đã trở thành công viên La Villette.",
     "Bernard Tschumi"),
    # By what means: after "qua"/"bằng"; a quotation's manner, not its speaker.
    ("Các đơn vị gửi báo cáo bằng cách nào?",
     "Đề nghị các đơn vị gửi báo cáo về Ban Tổ chức Quận ủy trước 16 giờ 00 ngày 2/7/2024 qua hệ thống "
     "quản lý văn bản điều hành, để tổng hợp báo cáo tại cuộc họp.", "hệ thống quản lý văn bản điều hành"),
    ("Ông Mai Văn Chính muốn khó khăn, vướng mắc được xử lý thế nào?",
     '"Những khó khăn, vướng mắc phải được trao đổi, thảo luận thường xuyên để cùng nhau tháo gỡ" - '
     'đồng chí Mai Văn Chính nhấn mạnh.', "phải được trao đổi, thảo luận thường xuyên để cùng nhau tháo gỡ"),
])
def test_doers_means_and_manners(question, sentence, expected):
    assert _span(question, sentence)[0] == expected


def test_a_number_word_is_a_whole_word():
    # "tỉ" (billion) is not the start of "tỉnh" (province).
    sentence = "Hội nghị tập huấn cho cán bộ của 14 tỉnh, thành phố khu vực miền Trung."
    assert _span("Hội nghị dành cho cán bộ của bao nhiêu tỉnh?", sentence) == ("14 tỉnh", True)


def test_which_phrase_is_not_any_nearby_name():
    # "môn thể thao nào" is answered by a phrase; a country's name nearby is not the answer.
    sentence = "Các môn thể thao quốc gia chính thức của Canada là khúc côn cầu trên băng và bóng vợt."
    text, _ = _span("Những môn thể thao nào là môn thể thao quốc gia chính thức?", sentence)
    assert text != "Canada"
    assert _span("Nước nào có môn thể thao quốc gia là bóng vợt?", sentence)[0] == "Canada"


def test_money_is_not_a_province():
    # "tỉ" (billion) inside "tỉnh" is no sum of money: a count of provinces does not answer it.
    sentence = "Hội nghị tập huấn cho cán bộ của 14 tỉnh, thành phố khu vực miền Trung."
    assert _span("Kinh phí tổ chức hội nghị là bao nhiêu?", sentence)[1] is False


def test_a_count_of_people_named_otherwise():
    # "bao nhiêu người" is answered by "trường hợp", "đồng chí"…, not by the count of provinces.
    sentence = ("Theo số liệu tổng hợp, năm 2023, 14 tỉnh, thành phố trong khu vực đã thẩm định tiêu chuẩn chính trị "
                "cho 12.540 trường hợp.")
    assert _span("Năm 2023 khu vực thẩm định tiêu chuẩn chính trị cho bao nhiêu người?", sentence) == \
        ("12.540 trường hợp", True)
    assert _span("Năm 2023 khu vực có bao nhiêu tỉnh thẩm định tiêu chuẩn chính trị?", sentence)[0] == "14 tỉnh"


def test_a_title_after_an_honorific_is_no_name():
    sentence = ("Nhắc lại lời đồng chí Trưởng Ban Tổ chức Trung ương, đồng chí Mai Văn Chính thay mặt lãnh đạo Ban "
                "ghi nhận các kiến nghị.")
    text, _ = _span("Ai thay mặt lãnh đạo Ban ghi nhận các kiến nghị?", sentence)
    assert "Mai Văn Chính" in text


@pytest.mark.parametrize("question,sentence,expected", [
    # A long place name, up to where the clause goes on.
    ("Công an cập nhật thông tin vào đâu?",
     "Chỉ đạo Công an các quận cập nhật thông tin đơn vị hành chính mới vào Cơ sở dữ liệu quốc gia về dân cư; "
     "hỗ trợ người dân.", "Cơ sở dữ liệu quốc gia về dân cư"),
    ("Mật vụ lục soát một căn hộ tại đâu?",
     "Mật vụ lục soát một căn hộ tại Vichy nơi họ hy vọng bắt giữ được François Morland.", "Vichy"),
])
def test_places_are_noun_phrases(question, sentence, expected):
    assert _span(question, sentence)[0] == expected


def test_a_clause_is_no_place():
    sentence = "Các ý kiến phát biểu tại Hội nghị hôm nay đều là những ý kiến tâm huyết."
    assert extract("Hội nghị diễn ra ở đâu?", sentence, {}, WHERE) is None


def test_a_name_with_an_apostrophe_is_found_in_the_passage(assistant):
    answer = assistant.ask("Ksor H'Nhung giữ chức vụ gì?")
    assert answer.answered and answer.text == "Phó Trưởng Ban Tổ chức Tỉnh ủy Gia Lai"


def test_who_holds_a_post_needs_the_post_in_the_sentence():
    sentence = "Đồng chí Nguyễn Thị Thu Hà, Phó Chủ tịch UBND Thành phố chủ trì cuộc họp."
    assert extract("Ai là thư ký cuộc họp?", sentence, {}, WHO) is None
    assert "Nguyễn Thị Thu Hà" in _span("Ai chủ trì cuộc họp?", sentence)[0]


def test_a_contact_question_wants_a_number_or_address():
    assert classify("Số điện thoại liên hệ của Văn phòng Sở là gì?") == CONTACT
    assert classify("so dien thoai lien he cua van phong la gi") == CONTACT
    assert classify("Ai nghe lén điện thoại?") == WHO
    sentence = "Mọi chi tiết xin liên hệ Văn phòng Sở, điện thoại 0237.3852.123, email vanphong@snv.thanhhoa.gov.vn."
    assert _span("Số điện thoại của Văn phòng Sở là gì?", sentence) == ("0237.3852.123", True)
    assert _span("Email của Văn phòng Sở là gì?", sentence)[0] == "vanphong@snv.thanhhoa.gov.vn"
    assert extract("Số điện thoại của Văn phòng Sở là gì?", "Địa điểm: Phòng họp tầng 3, số 23 đường Hạc Thành.",
                   {}, CONTACT) is None


def test_contact_question_the_documents_do_not_answer_is_refused(assistant):
    assert not assistant.ask("Số điện thoại liên hệ của Văn phòng Sở Nội vụ Thanh Hóa là gì?").answered


def test_a_province_typed_without_marks_must_be_in_the_passage(assistant):
    # No minutes of Cần Thơ are in the corpus; Bình Định's are.
    assert not assistant.ask("ai chu tri hoi nghi so ket cong tac to chuc xay dung dang cua tinh uy can tho").answered
    assert assistant.ask("ai chu tri hoi nghi so ket cong tac to chuc xay dung dang cua dang uy khoi tinh binh dinh").answered


def test_a_reason_opening_the_sentence_ends_at_its_comma():
    sentence = ("Do tính chất quan trọng của cuộc họp, đề nghị các đồng chí được mời dự đúng thành phần, "
                "không cử người dự thay.")
    assert _span("Tại sao không được cử người dự thay?", sentence)[0] == "tính chất quan trọng của cuộc họp"
    # "Do vậy" tells a consequence: what follows is no reason.
    consequence = "Gà tây hiền lành. Do vậy, người nuôi thường chăn thả chúng trên những bãi cỏ."
    text, strong = _span("Vì sao người nuôi chăn thả gà tây?", consequence)
    assert not strong and not (text or "").startswith("vậy")


@pytest.mark.parametrize("question,sentence,expected", [
    # A period from one date to another is one answer.
    ("Hà Nội lấy ý kiến cử tri trong thời gian nào?",
     "Việc lấy ý kiến cử tri được tổ chức từ ngày 2/4 đến ngày 7/4/2024, với tỷ lệ đồng ý đạt 98,6%.",
     "từ ngày 2/4 đến ngày 7/4/2024"),
    # "X là ai?" about a person the sentence names with a post: the post.
    ("mai xuan truong la ai",
     "Ông Mai Xuân Trường, Trưởng phòng Nội vụ huyện Nga Sơn, phản ánh khó khăn trong xây dựng vị trí việc làm.",
     "Trưởng phòng Nội vụ huyện Nga Sơn"),
    # Bodies listed together answer together.
    ("Công tác tổ chức xây dựng Đảng chịu sự lãnh đạo của ai?",
     "Công tác tổ chức xây dựng Đảng đặt dưới sự lãnh đạo của Bộ Chính trị, Ban Bí thư và trực tiếp là các đảng đoàn.",
     "Bộ Chính trị, Ban Bí thư"),
    # Tense and voice words are not part of an open answer.
    ("Công tác phối hợp được đánh giá ra sao?",
     "Các ý kiến đều khẳng định, công tác phối hợp đã được thực hiện rất nhịp nhàng, hiệu quả.",
     "thực hiện rất nhịp nhàng, hiệu quả"),
])
def test_periods_posts_lists_and_open_answers(question, sentence, expected):
    assert _span(question, sentence)[0] == expected


def _passage(text: str) -> list[Hit]:
    return [Hit(0, Chunk(doc="a.txt", title="Thông báo", start=0, end=len(text), page=None, text=text), 1.0)]


def test_a_sentence_nearly_as_good_that_holds_the_kind_answers():
    # The sentence sharing most words has a count of communes; the next one has the percentage.
    hits = _passage("Theo báo cáo, Thành phố có 40 đơn vị hành chính cấp xã thuộc diện phải sắp xếp. "
                    "Tỷ lệ cử tri tán thành đạt 98,6%.")
    answer = answer_question("Bao nhiêu phần trăm cử tri đồng ý với việc sắp xếp đơn vị hành chính cấp xã?", hits)
    assert answer.answered and answer.text == "98,6%"


def test_a_name_must_be_in_the_passage_word_for_word():
    # "Thanh Oai" and "văn hóa" are not Thanh Hóa.
    hits = _passage("Huyện Thanh Oai sắp xếp 2 xã, giữ gìn bản sắc văn hóa của địa phương.")
    assert not answer_question("Thanh Hóa có bao nhiêu xã phải sắp xếp?", hits).answered
    assert answer_question("Thanh Oai có bao nhiêu xã phải sắp xếp?", hits).answered


def test_a_count_out_of_a_total_and_no_count_in_a_date():
    sentence = "Tổng số đại biểu có mặt: 61/65 người được triệu tập; vắng 4 người (có lý do)."
    assert _span("Bao nhiêu người có mặt?", sentence)[0] == "61/65 người"
    dated = "Ngày 14/3/2024, Sở Nội vụ họp với 5 phòng chuyên môn."
    assert _span("Sở Nội vụ họp với bao nhiêu phòng?", dated)[0] == "5 phòng"


def test_a_question_typed_with_double_spaces():
    hits = _passage("Canada là một quốc gia phát triển, với thu nhập bình quân đầu người cao thứ tám toàn cầu.")
    answer = answer_question("Quốc gia  nào có  thu nhập bình quân đầu người cao thứ tám?", hits)
    assert answer.answered and answer.text == "Canada"


@pytest.mark.parametrize("question,sentence,expected", [
    # "… bởi ai?", "… của ai?": what the sentence puts after the same words, a name if it is one.
    ("Bức tượng bị đánh cắp bởi ai?",
     "Bức tượng bị đánh cắp bởi Pierre Dubois tại bảo tàng Louvre năm 1911.", "Pierre Dubois"),
    ("Hội đồng phê phán quyết định của ai?",
     "Hội đồng phê phán quyết định của ủy ban nhân dân xã.", "ủy ban nhân dân xã"),
    # "X là ai?" about someone named without a post: the apposition after the name.
    ("Anna Keller là ai?",
     "Năm 1990, bà gặp Anna Keller, một nhà báo người Thụy Sĩ, tại Geneva.", "một nhà báo người Thụy Sĩ"),
])
def test_who_is_told_by_the_words_after_the_question(question, sentence, expected):
    assert _span(question, sentence)[0] == expected


@pytest.mark.parametrize("question,sentence,expected", [
    # Places listed with a closing "và" are one answer; a comma alone may start the next clause.
    ("Lực lượng vũ trang được triển khai tại những nơi nào?",
     "Lực lượng vũ trang chủ yếu được triển khai tại Koumac, Nandaï, Tontouta, Plum, và Nouméa.",
     "Koumac, Nandaï, Tontouta, Plum, và Nouméa"),
    ("Ông thoát khỏi vụ ám sát ở đâu?", "Trên một đại lộ ở Paris, Mitterrand thoát khỏi vụ ám sát.", "Paris"),
    # No "tại/ở": the place is the name the sentence gives, not a person or a body.
    ("Iran mua vũ khí ở đâu?",
     "Đồng chí Trần Văn Hải cho biết Đảng ghi nhận nguồn vũ khí chính của Iran là Liên Xô.", "Liên Xô"),
])
def test_places_listed_or_named(question, sentence, expected):
    assert _span(question, sentence)[0] == expected


@pytest.mark.parametrize("question,sentence,expected", [
    ("Người Viking tấn công thành phố lần đầu vào lúc nào?",
     "Người Viking tấn công thành phố lần đầu vào năm 845 và nhiều lần sau đó.", "năm 845"),
    ("Dân số tăng nhanh từ khi nào?", "Dân số tăng nhanh từ thế kỷ 19, khi nông nghiệp phát triển.", "thế kỷ 19"),
    ("Loại nhạc này ra đời khi nào?", "Loại nhạc này ra đời trong thập niên 1980 tại các bộ lạc.", "thập niên 1980"),
    # A decimal or a number range is no date.
    ("Giá cổ phiếu tăng khi nào?", "Giá cổ phiếu tăng lên 55.00 điểm vào tháng 6/2023.", "tháng 6/2023"),
])
def test_time_expressions(question, sentence, expected):
    assert _span(question, sentence)[0] == expected


def test_the_number_of_a_list_item_is_no_count():
    assert _span("Có bao nhiêu thành viên tham dự?", "3. Thành viên tham dự:") == (None, False)
    assert _span("Chỉ tiêu kết nạp bao nhiêu đảng viên?", "1. Hoàn thành chỉ tiêu kết nạp 400 đảng viên mới.")[0] == \
        "400 đảng viên"


def test_a_name_of_acronyms_alone_is_not_missing():
    # "UBND HĐND" is written out in many ways ("Ủy ban nhân dân…"): it cannot be looked up.
    hits = _passage("Tại cuộc họp của Ủy ban nhân dân Thành phố, có 18 đại biểu phát biểu ý kiến.")
    answer = answer_question("Cuộc họp của UBND HĐND có bao nhiêu đại biểu?", hits)
    assert answer.answered and answer.text == "18 đại biểu"


@pytest.mark.parametrize("question, answered", [
    ("Năm 2010 Peurto Rico có bao nhiêu dân?", True),  # a long name typed with two letters swapped
    ("Năm 2010 Hoa Kì có bao nhiêu dân ở Puerto Rico?", True),  # "Kì" and "Kỳ": one word
    ("Năm 2010 Costa Rica có bao nhiêu dân?", False),  # another country: not in the passage
    ("Năm 2010 Hoa Kỳ có bao nhiêu dân ở Puerto Rica?", False),  # short words must match exactly
])
def test_names_of_the_question_are_found_despite_spelling(question, answered):
    sentence = "Năm 2010, vùng lãnh thổ Puerto Rico của Hoa Kỳ có khoảng 3,7 triệu dân."
    hit = Hit(0, Chunk(doc="puerto-rico.txt", title="", start=0, end=len(sentence), page=None, text=sentence), 1.0)
    answer = answer_question(question, [hit])
    assert answer.answered is answered
    if answered:
        assert "3,7 triệu" in answer.text


@pytest.mark.parametrize("kind, text, question, fits", [
    (WHEN, "khi các khu định cư hình thành", "Tiếng Pháp được truyền bá từ khi nào?", True),
    (WHEN, "tiếng Pháp", "Tiếng Pháp được truyền bá từ khi nào?", False),
    (WHEN, "6 tháng đầu năm 2023", "Hội nghị 6 tháng đầu năm 2023 tổ chức ngày nào?", False),  # given already
    (HOW_MANY, "bốn cuộc chiến", "Có bao nhiêu trận chiến?", True),
    (HOW_MANY, "14 tỉnh", "Có bao nhiêu đại biểu dự hội nghị?", False),  # counts something else
    (HOW_MANY, "1.870 trường hợp", "Đà Nẵng chi bao nhiêu tiền?", False),
    (HOW_MANY, "1,2 tỷ đồng", "Đà Nẵng chi bao nhiêu tiền?", True),
    (HOW_MANY, "25 đảng bộ", "Tỷ lệ hồ sơ được số hóa là bao nhiêu?", False),
    (WHO, "Donald Rumsfeld", "Ai được cử sang Iraq?", False),  # not checked by kind
])
def test_a_span_the_model_marks_is_checked_for_the_kind_asked(kind, text, question, fits):
    assert reads_as(kind, text, question) is fits
