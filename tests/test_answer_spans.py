"""The span rules of ``qa.answer.spans``, a class per question kind (a rule of ``RULES`` each), on
real sentences: of the shipped corpus (normalized as the assistant reads them) and of ViQuAD."""
import pytest

from qa.answer.extractive import content_words
from qa.answer.kinds import CONTACT, HOW, HOW_MANY, ROLE, WHAT, WHEN, WHERE, WHO, WHY
from qa.answer.spans import RULES, extract, reads_as

SEED_CONCLUSION = ("Đồng chí Mai Văn Chính, Ủy viên Trung ương Đảng, Phó Trưởng ban Thường trực Ban Tổ chức "
                   "Trung ương phát biểu kết luận tại Hội nghị.")
BINH_DINH_REPORT = ("Báo cáo do đồng chí Huỳnh Văn Tâm, Phó Bí thư Thường trực Đảng ủy Khối trình bày tại Hội "
                    "nghị sơ kết tổ chức sáng 12/7/2024 tại Hội trường Đảng ủy Khối (số 8 đường Lê Lợi, thành phố "
                    "Quy Nhơn).")
BINH_DINH_OPENING = ("Thực hiện Chương trình công tác năm 2024 và Hướng dẫn số 15-HD/BTCTU ngày 20/6/2024 của Ban "
                     "Tổ chức Tỉnh ủy, Ban Thường vụ Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh báo cáo sơ kết "
                     "công tác tổ chức xây dựng Đảng 6 tháng đầu năm 2024 như sau.")
DA_NANG_TOPIC = ("Chuyên đề 1: Quán triệt Quy định số 58-QĐ/TW của Bộ Chính trị về một số vấn đề bảo vệ chính "
                 "trị nội bộ Đảng, do đồng chí Ngô Thị Phương Thảo, Phó Vụ trưởng Vụ Bảo vệ chính trị nội bộ "
                 "trình bày;")
DA_NANG_PILOT = ("Đồng chí cho biết, Vụ Bảo vệ chính trị nội bộ sẽ hoàn thiện sổ tay nghiệp vụ, phát hành trước "
                 "tháng 9/2024, và thí điểm phần mềm quản lý hồ sơ bảo vệ chính trị nội bộ tại 3 địa phương Đà "
                 "Nẵng, Quảng Nam, Đắk Lắk từ quý III/2024, nhằm rút ngắn thời gian xác minh xuống dưới 10 ngày.")
CAU_GIAY_CHAIR = ("Chủ trì: đồng chí Nguyễn Hữu Thắng, Ủy viên Ban Thường vụ Quận ủy, Trưởng Ban Tổ chức "
                  "Quận ủy.")
CAU_GIAY_REPORTS = ("Đề nghị các đơn vị gửi báo cáo về Ban Tổ chức Quận ủy trước 16 giờ 00 ngày 2/7/2024 qua hệ "
                    "thống quản lý văn bản điều hành, để tổng hợp báo cáo tại cuộc họp.")
SEVENTY = ("Công tác tổ chức xây dựng Đảng ở các ban, bộ, ngành, đoàn thể ở Trung ương đặt dưới sự lãnh đạo "
           "của Bộ Chính trị, Ban Bí thư và trực tiếp là đảng đoàn, ban cán sự đảng, đảng ủy, tập thể lãnh đạo "
           "với trên 70 tổ chức, cơ quan, đơn vị.")
THANH_HOA_BUDGET = ("Đồng chí Vũ Thị Ngọc, Phó Giám đốc Sở Tài chính, cho biết nguồn ngân sách tỉnh bố trí cho "
                    "tinh giản biên chế năm 2024 mới đáp ứng khoảng 80% nhu cầu; đề nghị các đơn vị gửi dự toán "
                    "kinh phí về Sở Tài chính trước ngày 31/3/2024.")
THANH_HOA_TIME = "Thời gian: 8 giờ 30 phút, ngày 14 tháng 3 năm 2024, tại phòng họp số 2 Sở Nội vụ."
THANH_HOA_CONTACT = ("Mọi chi tiết xin liên hệ Văn phòng Sở, điện thoại 0237.3852.123, email "
                     "vanphong@snv.thanhhoa.gov.vn.")
THU_HA_CHAIR = "Đồng chí Nguyễn Thị Thu Hà, Phó Chủ tịch UBND Thành phố đã chủ trì cuộc họp."
WANTED_GUIDANCE = ("Một số ý kiến đề xuất Ban Tổ chức Trung ương có hướng dẫn cụ thể về mô tả vị trí việc làm; "
                   "mở rộng tiêu chuẩn, đối tượng đào tạo lý luận chính trị.")
FOURTEEN_PROVINCES = "Hội nghị tập huấn cho cán bộ của 14 tỉnh, thành phố khu vực miền Trung."
VETTED = ("Theo số liệu tổng hợp, năm 2023, 14 tỉnh, thành phố trong khu vực đã thẩm định tiêu chuẩn chính trị cho "
          "12.540 trường hợp.")
CANADA_SPORTS = "Các môn thể thao quốc gia chính thức của Canada là khúc côn cầu trên băng và bóng vợt."


def _span(question: str, sentence: str, kind: str | None = None):
    """The span ``extract`` finds, with the anchors the assistant would give it."""
    shared = {w for w, _ in content_words(question)}
    anchors = {pos: 1.0 for w, pos in content_words(sentence) if w in shared}
    span = extract(question, sentence, anchors, kind)
    return (sentence[span.start:span.end], span.strong) if span else (None, False)


class TestWho:
    kind = WHO

    def test_a_person_with_the_titles_the_sentence_gives(self):
        expected = ("Đồng chí Mai Văn Chính, Ủy viên Trung ương Đảng, Phó Trưởng ban Thường trực Ban Tổ chức "
                    "Trung ương", True)
        assert _span("Ai phát biểu kết luận?", SEED_CONCLUSION) == expected
        assert _span("ai phat bieu ket luan", SEED_CONCLUSION) == expected

    def test_a_street_named_after_a_person_is_no_person_and_a_title_ends_at_the_verb(self):
        assert _span("Ai trình bày báo cáo sơ kết?", BINH_DINH_REPORT) == (
            "đồng chí Huỳnh Văn Tâm, Phó Bí thư Thường trực Đảng ủy Khối", True)

    def test_the_sentence_must_name_the_deed_asked_about(self):
        assert _span("Ai chủ trì cuộc họp?", CAU_GIAY_CHAIR)[1]
        assert _span("Ai là thư ký cuộc họp?", CAU_GIAY_CHAIR)[1] is False

    def test_a_deed_is_not_read_from_a_name(self):
        # "Thu Hà" folds to "thu", as "thư ký" does: chairing is not keeping the minutes.
        assert _span("Ai là thư ký cuộc họp?", THU_HA_CHAIR)[1] is False
        assert _span("Ai chủ trì cuộc họp?", THU_HA_CHAIR)[1] is True

    def test_who_holds_a_post_needs_the_post_in_the_sentence(self):
        sentence = "Đồng chí Nguyễn Thị Thu Hà, Phó Chủ tịch UBND Thành phố chủ trì cuộc họp."
        assert extract("Ai là thư ký cuộc họp?", sentence, {}, WHO) is None
        assert "Nguyễn Thị Thu Hà" in _span("Ai chủ trì cuộc họp?", sentence)[0]

    def test_a_title_after_an_honorific_is_no_name(self):
        sentence = ("Nhắc lại lời đồng chí Trưởng Ban Tổ chức Trung ương, đồng chí Mai Văn Chính thay mặt lãnh đạo "
                    "Ban ghi nhận các kiến nghị.")
        text, _ = _span("Ai thay mặt lãnh đạo Ban ghi nhận các kiến nghị?", sentence)
        assert "Mai Văn Chính" in text

    @pytest.mark.parametrize("question,sentence,expected", [
        # "X là ai?" about a person the sentence names with a post: the post.
        ("mai xuan truong la ai",
         "Ông Mai Xuân Trường, Trưởng phòng Nội vụ huyện Nga Sơn, phản ánh khó khăn trong xây dựng vị trí việc làm.",
         "Trưởng phòng Nội vụ huyện Nga Sơn"),
        # "X là ai?" about someone named without a post: the apposition after the name.
        ("Anna Keller là ai?",
         "Năm 1990, bà gặp Anna Keller, một nhà báo người Thụy Sĩ, tại Geneva.", "một nhà báo người Thụy Sĩ"),
        # Bodies listed together answer together.
        ("Công tác tổ chức xây dựng Đảng chịu sự lãnh đạo của ai?",
         "Công tác tổ chức xây dựng Đảng đặt dưới sự lãnh đạo của Bộ Chính trị, Ban Bí thư và trực tiếp là các "
         "đảng đoàn.", "Bộ Chính trị, Ban Bí thư"),
        # "… bởi ai?", "… của ai?": what the sentence puts after the same words, a name if it is one.
        ("Bức tượng bị đánh cắp bởi ai?",
         "Bức tượng bị đánh cắp bởi Pierre Dubois tại bảo tàng Louvre năm 1911.", "Pierre Dubois"),
        ("Hội đồng phê phán quyết định của ai?",
         "Hội đồng phê phán quyết định của ủy ban nhân dân xã.", "ủy ban nhân dân xã"),
        # Without a Vietnamese name: the doer ("bởi", a role before the name), not an owner.
        ("Ai đã mở nhà hàng La Taverne Anglaise?",
         "Một nhà hàng sang trọng, La Taverne Anglaise, được khai trương vào năm 1786 trong khu vườn của "
         "Palais-Royal bởi Antoine Beauvilliers.", "Antoine Beauvilliers"),
        ("Công viên La Villette do ai thiết kế?",
         "Theo thiết kế của kiến trúc sư Bernard Tschumi, một khu lò mổ cũ đã trở thành công viên La Villette.",
         "Bernard Tschumi"),
    ])
    def test_who_is_told_by_the_words_around_the_question(self, question, sentence, expected):
        assert _span(question, sentence)[0] == expected


class TestRole:
    kind = ROLE

    def test_the_titles_after_the_name(self):
        assert _span("Đồng chí Mai Văn Chính giữ những chức vụ gì?", SEED_CONCLUSION) == (
            "Ủy viên Trung ương Đảng, Phó Trưởng ban Thường trực Ban Tổ chức Trung ương", True)
        assert _span("Đồng chí Ngô Thị Phương Thảo giữ chức vụ gì?", DA_NANG_TOPIC)[0] == \
            "Phó Vụ trưởng Vụ Bảo vệ chính trị nội bộ"

    def test_the_person_the_question_names(self):
        sentence = ("Dự và chỉ đạo hội nghị có đồng chí Hoàng Đăng Khoa, Vụ trưởng Vụ Bảo vệ chính trị nội bộ, Ban "
                    "Tổ chức Trung ương; đồng chí Phan Thị Bích Ngọc, Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Tổ "
                    "chức Thành ủy Đà Nẵng.")
        assert _span("Bà Phan Thị Bích Ngọc giữ chức vụ gì?", sentence)[0].startswith("Ủy viên Ban Thường vụ Thành ủy")
        assert _span("Ông Hoàng Đăng Khoa giữ chức vụ gì?", sentence)[0].startswith("Vụ trưởng Vụ Bảo vệ")


class TestWhen:
    kind = WHEN

    def test_a_time_of_day(self):
        when = extract("Cuộc họp bắt đầu lúc mấy giờ?", THANH_HOA_TIME, {})
        assert THANH_HOA_TIME[when.start:when.end].startswith("8 giờ 30 phút")

    def test_the_date_of_a_cited_document_answers_only_for_that_document(self):
        assert _span("Hướng dẫn số 15-HD/BTCTU ban hành ngày nào?", BINH_DINH_OPENING) == ("ngày 20/6/2024", True)
        text, strong = _span("Hội nghị sơ kết họp hôm nào?", BINH_DINH_OPENING)
        assert "20/6/2024" not in (text or "") and not strong

    def test_a_two_day_event(self):
        text, _ = _span("Hội nghị tập huấn diễn ra khi nào?",
                        "Trong 2 ngày 23 và 24/5/2024, tại Trung tâm Hành chính thành phố Đà Nẵng, Ban Tổ chức Trung "
                        "ương tổ chức Hội nghị tập huấn nghiệp vụ năm 2024.")
        assert "23 và 24/5/2024" in text

    @pytest.mark.parametrize("question,sentence,expected", [
        # A period from one date to another is one answer.
        ("Hà Nội lấy ý kiến cử tri trong thời gian nào?",
         "Việc lấy ý kiến cử tri được tổ chức từ ngày 2/4 đến ngày 7/4/2024, với tỷ lệ đồng ý đạt 98,6%.",
         "từ ngày 2/4 đến ngày 7/4/2024"),
        ("Người Viking tấn công thành phố lần đầu vào lúc nào?",
         "Người Viking tấn công thành phố lần đầu vào năm 845 và nhiều lần sau đó.", "năm 845"),
        ("Dân số tăng nhanh từ khi nào?", "Dân số tăng nhanh từ thế kỷ 19, khi nông nghiệp phát triển.", "thế kỷ 19"),
        ("Loại nhạc này ra đời khi nào?", "Loại nhạc này ra đời trong thập niên 1980 tại các bộ lạc.",
         "thập niên 1980"),
        # A decimal or a number range is no date.
        ("Giá cổ phiếu tăng khi nào?", "Giá cổ phiếu tăng lên 55.00 điểm vào tháng 6/2023.", "tháng 6/2023"),
    ])
    def test_time_expressions(self, question, sentence, expected):
        assert _span(question, sentence)[0] == expected


class TestHowMany:
    kind = HOW_MANY

    @pytest.mark.parametrize("question,sentence,expected", [
        ("Giấy mời họp giao ban số mấy?", "Số: 45-GM/BTCQU Cầu Giấy, ngày 28 tháng 6 năm 2024", "45-GM/BTCQU"),
        ("Ngân sách đáp ứng được bao nhiêu phần trăm nhu cầu?", THANH_HOA_BUDGET, "khoảng 80%"),
        ("Công tác tổ chức xây dựng Đảng bao quát bao nhiêu cơ quan, đơn vị?", SEVENTY, "trên 70 tổ chức"),
        # The number the question gives (a year, "70 năm") is not the one it asks for.
        ("Năm 2024 có bao nhiêu đảng viên nhận Huy hiệu 70 năm tuổi Đảng?",
         "Năm 2024, 4 đảng viên nhận Huy hiệu 70 năm tuổi Đảng.", "4 đảng viên"),
        ("Năm 2023 khu vực thẩm định tiêu chuẩn chính trị cho bao nhiêu trường hợp?", VETTED, "12.540 trường hợp"),
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
        # "tỉ" (billion) is not the start of "tỉnh" (province).
        ("Hội nghị dành cho cán bộ của bao nhiêu tỉnh?", FOURTEEN_PROVINCES, "14 tỉnh"),
        # "bao nhiêu người" is answered by "trường hợp", "đồng chí"…, not by the count of provinces.
        ("Năm 2023 khu vực thẩm định tiêu chuẩn chính trị cho bao nhiêu người?", VETTED, "12.540 trường hợp"),
    ])
    def test_quantities_of_the_kind_asked(self, question, sentence, expected):
        assert _span(question, sentence) == (expected, True)

    def test_a_year_is_not_a_count(self):
        sentence = "Với 27.400 euro thu nhập trung bình cho mỗi người vào 2001, các gia đình ở mức sung túc nhất."
        text, _ = _span("Thu nhập trung bình mỗi người là bao nhiêu?", sentence)
        assert text.startswith("27.400 euro")

    def test_a_count_of_another_unit_is_weak(self):
        sentence = "- Đồng chí Bí thư hoặc Phó Bí thư Thường trực của 42 tổ chức cơ sở đảng trực thuộc Quận ủy;"
        assert _span("Đảng bộ quận có bao nhiêu đảng viên?", sentence)[1] is False
        assert _span("Quận ủy có bao nhiêu tổ chức cơ sở đảng?", sentence) == ("42 tổ chức cơ sở đảng", True)
        assert _span("Năm 2023 khu vực có bao nhiêu tỉnh thẩm định tiêu chuẩn chính trị?", VETTED)[0] == "14 tỉnh"

    def test_money_is_not_a_province(self):
        # "tỉ" (billion) inside "tỉnh" is no sum of money: a count of provinces does not answer it.
        assert _span("Kinh phí tổ chức hội nghị là bao nhiêu?", FOURTEEN_PROVINCES)[1] is False

    def test_a_count_out_of_a_total_and_no_count_in_a_date(self):
        sentence = "Tổng số đại biểu có mặt: 61/65 người được triệu tập; vắng 4 người (có lý do)."
        assert _span("Bao nhiêu người có mặt?", sentence)[0] == "61/65 người"
        dated = "Ngày 14/3/2024, Sở Nội vụ họp với 5 phòng chuyên môn."
        assert _span("Sở Nội vụ họp với bao nhiêu phòng?", dated)[0] == "5 phòng"

    def test_the_number_of_a_list_item_is_no_count(self):
        assert _span("Có bao nhiêu thành viên tham dự?", "3. Thành viên tham dự:") == (None, False)
        assert _span("Chỉ tiêu kết nạp bao nhiêu đảng viên?",
                     "1. Hoàn thành chỉ tiêu kết nạp 400 đảng viên mới.")[0] == "400 đảng viên"


class TestWhere:
    kind = WHERE

    def test_a_labelled_or_introduced_place_with_its_address(self):
        where = extract("Cuộc họp ở đâu?", THANH_HOA_TIME, {})
        assert THANH_HOA_TIME[where.start:where.end] == "phòng họp số 2 Sở Nội vụ"

    @pytest.mark.parametrize("question,sentence,expected", [
        # A long place name, up to where the clause goes on.
        ("Công an cập nhật thông tin vào đâu?",
         "Chỉ đạo Công an các quận cập nhật thông tin đơn vị hành chính mới vào Cơ sở dữ liệu quốc gia về dân cư; "
         "hỗ trợ người dân.", "Cơ sở dữ liệu quốc gia về dân cư"),
        ("Mật vụ lục soát một căn hộ tại đâu?",
         "Mật vụ lục soát một căn hộ tại Vichy nơi họ hy vọng bắt giữ được François Morland.", "Vichy"),
        # Places listed with a closing "và" are one answer; a comma alone may start the next clause.
        ("Lực lượng vũ trang được triển khai tại những nơi nào?",
         "Lực lượng vũ trang chủ yếu được triển khai tại Koumac, Nandaï, Tontouta, Plum, và Nouméa.",
         "Koumac, Nandaï, Tontouta, Plum, và Nouméa"),
        ("Ông thoát khỏi vụ ám sát ở đâu?", "Trên một đại lộ ở Paris, Mitterrand thoát khỏi vụ ám sát.", "Paris"),
        # No "tại/ở": the place is the name the sentence gives, not a person or a body.
        ("Iran mua vũ khí ở đâu?",
         "Đồng chí Trần Văn Hải cho biết Đảng ghi nhận nguồn vũ khí chính của Iran là Liên Xô.", "Liên Xô"),
    ])
    def test_places_are_noun_phrases(self, question, sentence, expected):
        assert _span(question, sentence)[0] == expected

    def test_a_clause_is_no_place(self):
        sentence = "Các ý kiến phát biểu tại Hội nghị hôm nay đều là những ý kiến tâm huyết."
        assert extract("Hội nghị diễn ra ở đâu?", sentence, {}, WHERE) is None


class TestWhy:
    kind = WHY

    def test_the_clause_after_the_reason_word(self):
        sentence = "Do thực tiễn có nhiều bất cập, các ý kiến đề nghị ban hành hướng dẫn."
        why = extract("Vì sao đề nghị ban hành hướng dẫn?", sentence, {})
        assert (sentence[why.start:why.end], why.kind, why.strong) == ("thực tiễn có nhiều bất cập", WHY, True)
        assert _span("Vì sao các đơn vị gửi báo cáo qua hệ thống quản lý văn bản điều hành?", CAU_GIAY_REPORTS) == (
            "tổng hợp báo cáo tại cuộc họp", True)

    def test_a_reason_opening_the_sentence_ends_at_its_comma(self):
        sentence = ("Do tính chất quan trọng của cuộc họp, đề nghị các đồng chí được mời dự đúng thành phần, "
                    "không cử người dự thay.")
        assert _span("Tại sao không được cử người dự thay?", sentence)[0] == "tính chất quan trọng của cuộc họp"

    def test_a_consequence_is_no_reason(self):
        # "Do vậy" tells a consequence: what follows is no reason (the open answer is weak).
        consequence = "Gà tây hiền lành. Do vậy, người nuôi thường chăn thả chúng trên những bãi cỏ."
        text, strong = _span("Vì sao người nuôi chăn thả gà tây?", consequence)
        assert not strong and not (text or "").startswith("vậy")


class TestHow:
    kind = HOW

    @pytest.mark.parametrize("question,sentence,expected", [
        # By what means: after "qua"/"bằng".
        ("Các đơn vị gửi báo cáo bằng cách nào?", CAU_GIAY_REPORTS, "hệ thống quản lý văn bản điều hành"),
        # A manner is the rest of the clause: a quotation's manner, not its speaker.
        ("Ông Mai Văn Chính muốn khó khăn, vướng mắc được xử lý thế nào?",
         '"Những khó khăn, vướng mắc phải được trao đổi, thảo luận thường xuyên để cùng nhau tháo gỡ" - '
         'đồng chí Mai Văn Chính nhấn mạnh.', "phải được trao đổi, thảo luận thường xuyên để cùng nhau tháo gỡ"),
        # Tense and voice words are not part of an open answer.
        ("Công tác phối hợp được đánh giá ra sao?",
         "Các ý kiến đều khẳng định, công tác phối hợp đã được thực hiện rất nhịp nhàng, hiệu quả.",
         "thực hiện rất nhịp nhàng, hiệu quả"),
    ])
    def test_means_and_manners(self, question, sentence, expected):
        assert _span(question, sentence)[0] == expected


class TestWhat:
    kind = WHAT

    def test_a_quoted_saying(self):
        said = ("Nhắc lại lời đồng chí Trưởng Ban Tổ chức Trung ương: “không nói không, không nói khó”, đồng chí "
                "Mai Văn Chính ghi nhận các kiến nghị.")
        assert _span("Ông Mai Văn Chính nhắc lại lời nào của Trưởng Ban?", said)[0] == "không nói không, không nói khó"

    def test_which_question_is_answered_by_the_listed_names(self):
        assert _span("Phần mềm quản lý hồ sơ sẽ thí điểm ở những địa phương nào?", DA_NANG_PILOT)[0] == \
            "Đà Nẵng, Quảng Nam, Đắk Lắk"

    def test_which_noun_inside_a_longer_name(self):
        sentence = ("Đối với đề xuất của UBND huyện Thanh Oai về việc giữ nguyên tên gọi của 2 xã sau sắp xếp, giao "
                    "UBND huyện tổ chức lấy thêm ý kiến Nhân dân.")
        assert _span("Huyện nào muốn giữ nguyên tên gọi 2 xã sau sắp xếp?", sentence)[0] == "huyện Thanh Oai"

    def test_which_phrase_is_not_any_nearby_name(self):
        # "môn thể thao nào" is answered by a phrase; a country's name nearby is not the answer.
        text, _ = _span("Những môn thể thao nào là môn thể thao quốc gia chính thức?", CANADA_SPORTS)
        assert text != "Canada"
        assert _span("Nước nào có môn thể thao quốc gia là bóng vợt?", CANADA_SPORTS)[0] == "Canada"

    def test_a_framed_question_takes_the_words_between_its_frames(self):
        text, _ = _span("Các cơ quan muốn Ban Tổ chức Trung ương hướng dẫn gì về vị trí việc làm?", WANTED_GUIDANCE)
        assert "mô tả" in text and "Một số ý kiến" not in text and "đào tạo" not in text

    def test_a_framed_slot_is_not_the_link_between_its_frames(self):
        sentence = "3. Trao đổi vướng mắc trong kết nạp đảng viên là chủ doanh nghiệp tư nhân."
        text, _ = _span("Cuộc họp trao đổi vướng mắc gì trong kết nạp đảng viên?", sentence)
        assert text and "chủ doanh nghiệp" in text

    def test_an_open_ended_question_takes_the_rest_of_the_clause(self):
        assert _span("Một số ý kiến đề xuất Ban Tổ chức Trung ương điều gì?", WANTED_GUIDANCE) == (
            "có hướng dẫn cụ thể về mô tả vị trí việc làm", True)


class TestContact:
    kind = CONTACT

    def test_a_number_or_an_address_as_asked(self):
        assert _span("Số điện thoại của Văn phòng Sở là gì?", THANH_HOA_CONTACT) == ("0237.3852.123", True)
        assert _span("Email của Văn phòng Sở là gì?", THANH_HOA_CONTACT)[0] == "vanphong@snv.thanhhoa.gov.vn"
        assert extract("Số điện thoại của Văn phòng Sở là gì?", "Địa điểm: Phòng họp tầng 3, số 23 đường Hạc Thành.",
                       {}, CONTACT) is None


def test_every_rule_has_its_examples():
    assert {cls.kind for cls in (TestWho, TestRole, TestWhen, TestHowMany, TestWhere, TestWhy, TestHow, TestWhat,
                                 TestContact)} == set(RULES)


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
