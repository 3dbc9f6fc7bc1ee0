"""The word lists of the answer step, each with what it is for.

Lists of words as Vietnamese writes them (lower case unless said otherwise); a list that is
looked up in diacritic-free text is folded here, once.
"""
from __future__ import annotations

from .tones import ToneWords, fold_words

# Question words and particles: they carry no content to match in the passages (extractive).
QUESTION_WORDS = ToneWords(
    "ai gì nào đâu sao bao nhiêu mấy khi bao giờ thế nào như thế nào vì sao tại sao là của có "
    "được những các không hay hoặc và với cho thì mà ạ nhỉ vậy ấy đó này hãy cho biết "
    "người đồng chí ông bà".split())

# Question phrases, as a question typed without marks means them whatever its passages write
# more often: "bao nhieu" is "bao nhiêu", not "bảo nhiều"; "nhu the nao" is not "như thể não"
# (``tones.with_marks``).
QUESTION_PHRASES = ("như thế nào", "thế nào", "ra sao", "bao nhiêu", "bao giờ", "bao lâu", "vì sao",
                    "tại sao", "vì đâu", "ở đâu", "tại đâu", "khi nào", "lúc nào", "nơi nào", "là gì",
                    "làm gì", "cái gì", "điều gì", "những gì")

# Words a question may consist of without naming its topic ("Ai chủ trì?"): a follow-up made
# only of them borrows the previous question's topic (followup).
TOPICLESS_WORDS = ToneWords(
    "ai gì nào đâu sao bao nhiêu mấy khi bao giờ thế như là có được không thì ở tại vào lúc ngày "
    "năm tháng chủ trì dự phát biểu kết luận đề xuất hỏi vậy ạ nhỉ những các của".split())

# Words naming a meeting itself, which do not tell one meeting from another (across).
MEETING_WORDS = ToneWords("hội nghị cuộc họp buổi phiên kỳ tại trong".split())

# Words that start a question in sentence case before a name, diacritic-free ("Ông Phạm Quang
# Hưng", "Tỉnh Ontario"): the name without them counts too (extractive).
SENTENCE_CASED = frozenset("ong ba anh chi co chu dong theo tai o voi cua khi trong truoc sau ngoai tinh "
                           "tu giua nho vi do neu cac nhung moi mot nguoi nuoc vua quan".split())

# Function words the question shares with nearly every sentence: they do not place an open
# answer's slot, nor name what "thứ mấy" counts.
LIGHT_WORDS = frozenset("về các có của cho và với được là những trong tại theo đã sẽ từ đến này đó một số "
                        "việc cần phải để làm đang nhiều vào".split())

# Words that end the noun phrase a question counts ("bao nhiêu đơn vị hành chính cấp xã | thuộc…").
PHRASE_STOP = frozenset("thuộc trực trong của do đã được bị là với tại ở nhận có theo để cho và dôi cần phải đang "
                        "sẽ từ đến vào năm ngày tháng như này đó đạt chiếm tham dự về mà tính".split())

# Words before "mấy" that are no noun with an ordinal ("là mấy", "gồm mấy": a count).
NOT_ORDINAL = frozenset("là có được gồm còn đạt nhận với và chiếm mất tốn khoảng trong số".split())

# Words written without tone marks that start sentences; capitalized there, they are no names.
PLAIN_STARTERS = frozenset("trong theo sau khi do tuy giao hai ba nha qua sang cho ca".split())

# Vietnamese surnames (capitalized): a capitalized run without an honorific is a person only
# when it starts with one.
SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Mai Đinh Trương Lương "
    "Đào Đoàn Lâm Hà Tô Tạ Cao Châu Chu Quách Thái Triệu Vương Kiều Lưu Tăng Phùng Nông Lò Hứa Giang "
    "Khúc Lại Mạc Quan Tôn Trịnh Thân Nghiêm Đàm Lã La Tống Từ Bạch Diệp Hầu Kim Lục Ninh Tiêu Bế "
    "Doãn Khuất Khổng Ông Âu Văn Thạch Vi Y Hồng Tòng Mẫn Cù Đậu Hoàng".split()
)

FOLDED_SURNAMES = fold_words(SURNAMES)

# Capitalized words that start a title, never a name nor a place.
TITLE_STARTS = frozenset("Trưởng Phó Chủ Bí Giám Vụ Ban Bộ Thủ Tổng Ủy Uỷ Chánh Thứ Cục Viện Phòng".split())

# Nouns whose "nào" a proper name answers even when the sentence does not repeat the noun (folded).
NAMED_HEADS = fold_words((
    "nước quốc gia thành phố tỉnh huyện xã quận phường sông núi đảo hồ biển vùng miền châu lục địa "
    "tổ chức cơ quan đơn vị công ty tập đoàn đảng trường viện bộ ban sở báo tạp chí đội câu lạc bộ "
    "người ông bà vua tướng nhân vật tác giả ai tên hãng sân bay cảng ga nhà thờ đền chùa cung điện "
    "lâu đài bảo tàng thư viện tác phẩm cuốn phim bài hát tiểu thuyết dân tộc ngôn ngữ tiếng").split())

# Words between "ai" and the deed it asks about ("ai đã chủ trì", "do ai thủ vai", "giao cho ai") (folded).
DEED_LINKS = fold_words("là đã sẽ được đang từng cũng bởi cho của với do và thì".split())

# Posts a "who holds it" question names ("Ai là thư ký…?"): the sentence must name the post too.
POSTS = ("thư ký", "chủ tọa", "phó chủ tịch", "chủ tịch", "phó giám đốc", "giám đốc", "tổng bí thư", "phó bí thư",
         "bí thư", "phó trưởng ban", "trưởng ban", "chủ nhiệm", "tổng thống", "thủ tướng", "bộ trưởng",
         "thứ trưởng", "vụ trưởng", "cục trưởng", "chánh văn phòng", "người dẫn chương trình")

# Capitalized words of official writing that name bodies, never places.
BODIES = frozenset({"Đảng", "Nhà nước", "Chính phủ", "Quốc hội", "Trung ương", "Hội nghị", "Ban", "Bộ",
                    "Thành phố", "Tỉnh", "Báo cáo", "Kết luận", "Nghị quyết", "Đồng chí"})

# How the name of a body starts (capitalized): after "và" in a list, such a name is an item of
# its own ("Ban Thi đua - Khen thưởng và Chi cục Văn thư - Lưu trữ"), while "và" inside a name
# is followed by none ("Sở Thông tin và Truyền thông", "Sở Giáo dục và Đào tạo").
BODY_STARTS = ("Sở ", "Bộ ", "Ban ", "Cục ", "Vụ ", "Phòng ", "UBND ", "HĐND ", "Hội ", "Đài ", "Báo ", "Viện ",
               "Trường ", "Văn phòng ", "Ủy ban ", "Uỷ ban ", "Chi cục ", "Tạp chí ", "Tòa án ", "Toà án ",
               "Công an ", "Thanh tra ", "Kiểm toán ", "Trung tâm ", "Liên đoàn ", "Thông tấn ", "Nhà xuất bản ",
               "Học viện ", "Bệnh viện ", "Mặt trận ", "Tổng cục ", "Công ty ", "Đảng ủy ", "Đảng bộ ",
               "Quận ủy ", "Huyện ủy ", "Tỉnh ủy ", "Thành ủy ", "Hội đồng ", "Quận đoàn", "Tỉnh đoàn")

# Prepositions (diacritic-free): a capitalized run starting with one is sentence case ("Tại Hội
# nghị"), no place.
PREPOSITIONS = frozenset("tai o trong theo tu den ve voi sau truoc cua cho".split())

# What the words "tại/ở" may point at that is no place: the meeting itself.
NOT_PLACES = ("hội nghị", "cuộc họp", "buổi họp", "đây", "đó", "buổi làm việc")

# Numbers written in words ("mười hai", "ba trăm").
NUMBER_WORDS = ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "mươi", "trăm", "nghìn",
                "ngàn", "triệu", "tỷ", "tỉ")

# Units that count people: "bao nhiêu người" is answered by "12.540 trường hợp".
PERSON_UNITS = ("trường hợp", "đồng chí", "đảng viên", "cán bộ", "đại biểu", "thành viên", "công chức",
                "viên chức", "học viên", "học sinh", "sinh viên", "cử tri", "lao động", "hộ", "lượt")

# Kinds of official documents, which a question about a letterhead fact names.
DOCUMENT_TYPES = ("thông báo", "giấy mời", "báo cáo", "biên bản", "kết luận", "quyết định", "công văn",
                  "nghị quyết", "kế hoạch", "tờ trình", "văn bản", "hướng dẫn", "chỉ thị", "quy định")

# Syllables after an unmarked "ky" that make it "kỳ", "kỷ" or "kỹ" (kỳ họp, kỷ niệm, kỹ thuật), not
# signing (diacritic-free).
NOT_SIGNING = ("hop", "thi", "niem", "luat", "nang", "thuat", "vong", "han", "cuu", "tich", "uc", "luc", "su",
               "gia", "dieu", "lan")
