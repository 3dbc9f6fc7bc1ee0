import unicodedata

from qa.ingest.normalize import fold_diacritics, normalize, normalize_with_offsets


def test_nfd_and_nfc_become_the_same_text():
    nfc = "Hội nghị tổng kết công tác tổ chức xây dựng Đảng"
    assert normalize(unicodedata.normalize("NFD", nfc)) == normalize(nfc) == nfc


def test_tone_mark_placement_is_unified():
    assert normalize("hoà bình") == normalize("hòa bình") == "hòa bình"
    assert normalize("thuỷ lợi") == normalize("thủy lợi") == "thủy lợi"
    assert normalize("khoẻ") == "khỏe"
    assert normalize("HOÀ") == "HÒA"


def test_tone_marks_that_are_already_right_are_kept():
    for word in ["quý", "hoàng", "thuyết", "huỳnh", "khuya", "người"]:
        assert normalize(word) == word


def test_whitespace_and_invisible_characters():
    assert normalize("  Hội\u00a0 nghị\u200b \t lần 2 \n\n\n Kết luận  ") == "Hội nghị lần 2\nKết luận"


def test_offsets_point_back_into_the_original():
    original = unicodedata.normalize("NFD", "  Đồng chí  Mai Văn Chính\n\nphát biểu kết luận. ")
    norm, offsets = normalize_with_offsets(original)
    start = norm.index("Mai Văn Chính")
    end = start + len("Mai Văn Chính")
    assert unicodedata.normalize("NFC", original[offsets[start]:offsets[end]]).strip() == "Mai Văn Chính"
    assert offsets[-1] == len(original)


def test_normalization_is_idempotent():
    text = unicodedata.normalize("NFD", "Thuỷ  điện hoà lưới,\n\n quý I")
    once = normalize(text)
    assert normalize(once) == once


def test_fold_diacritics():
    assert fold_diacritics("Ai phát biểu kết luận? Đồng chí") == "Ai phat bieu ket luan? Dong chi"
