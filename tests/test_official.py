"""Letterhead and signature facts read by their layout, on a made-up decision."""
from qa.answer.kinds import HOW_MANY, ROLE, WHAT, WHEN, WHO
from qa.answer.official import ISSUED, NUMBER, SIGNER, SIGNER_TITLE, about_other_document, asked_fact, read_fact

DECISION = """ỦY BAN NHÂN DÂN
TỈNH NAM ĐỊNH
Số: 1234/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Nam Định, ngày 3 tháng 10 năm 2025
QUYẾT ĐỊNH
Về việc thành lập Tổ công tác rà soát thủ tục hành chính
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Điều 1. Thành lập Tổ công tác gồm 7 thành viên.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Đã ký)
Trần Văn Bình
"""


def _read(name: str) -> str | None:
    fact = read_fact(DECISION, name)
    return DECISION[fact.start:fact.end] if fact else None


def test_facts_read_from_the_layout():
    assert _read(NUMBER) == "1234/QĐ-UBND"
    assert _read(ISSUED) == "ngày 3 tháng 10 năm 2025"
    assert _read(SIGNER) == "Trần Văn Bình"
    assert _read(SIGNER_TITLE) == "PHÓ CHỦ TỊCH"
    fact = read_fact(DECISION, ISSUED)
    assert DECISION[fact.line_start:fact.line_end] == "Nam Định, ngày 3 tháng 10 năm 2025"
    signed = read_fact(DECISION, SIGNER)
    assert DECISION[signed.line_start:signed.line_end] == "PHÓ CHỦ TỊCH\n(Đã ký)\nTrần Văn Bình"


def test_a_text_without_letterhead_or_signature_has_none():
    text = "Hội nghị diễn ra ngày 5 tháng 5 năm 2022 tại Hà Nội. Đồng chí Nguyễn Văn An phát biểu kết luận."
    assert all(read_fact(text, name) is None for name in (NUMBER, ISSUED, SIGNER, SIGNER_TITLE))


def test_which_fact_a_question_asks_for():
    assert asked_fact("Ai ký quyết định thành lập tổ công tác?", WHO) == SIGNER
    assert asked_fact("ai ky quyet dinh thanh lap to cong tac", WHO) == SIGNER
    assert asked_fact("Người ký quyết định giữ chức vụ gì?", ROLE) == SIGNER_TITLE
    assert asked_fact("Quyết định ban hành ngày nào?", WHEN) == ISSUED
    assert asked_fact("Quyết định thành lập tổ công tác số mấy?", HOW_MANY) == NUMBER
    # The secretary ("thư ký") signs nothing here; a period ("kỳ") is not a signature.
    assert asked_fact("Ai là thư ký cuộc họp?", WHO) is None
    assert asked_fact("Kỳ họp thứ mấy thông qua nghị quyết?", HOW_MANY) is None
    assert asked_fact("ai chu tri ky hop thu nam", WHO) is None
    assert asked_fact("Tổ công tác gồm những ai?", WHO) is None
    assert asked_fact("Hội nghị diễn ra khi nào?", WHEN) is None
    assert asked_fact("Báo cáo phải gửi trước ngày nào?", WHEN) is None
    assert asked_fact("Quyết định về việc gì?", WHAT) is None


def test_a_question_naming_another_documents_code():
    assert about_other_document("Kết luận 35-KL/TW ban hành ngày nào?", DECISION)
    assert not about_other_document("Quyết định 1234/QĐ-UBND do ai ký?", DECISION)
    assert not about_other_document("Quyết định do ai ký?", DECISION)
