"""Vietnam's provinces and centrally run cities, to spot one named in a question typed in
lower case or without tone marks ("ai chu tri hoi nghi cua tinh uy can tho"), where capitals
cannot tell a name from other words."""
from __future__ import annotations

import re

from ..ingest.normalize import fold_diacritics
from .tones import folded_pattern

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang", "Hồ Chí Minh", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
# Only after the word for a province or city: many names are also common words ("hòa bình").
_NAMED = folded_pattern(
    r"\b(?:tỉnh ủy|thành ủy|tỉnh|thành phố|tp\.?|ubnd|hđnd|ủy ban nhân dân|hội đồng nhân dân)\s+("
    + "|".join(sorted((re.escape(p.lower()) for p in PROVINCES), key=len, reverse=True))
    + r")\b")


def provinces_named(text: str) -> list[str]:
    """Province names (folded, lower case) that ``text`` names after "tỉnh", "thành phố", …"""
    return [m.group(1) for m in _NAMED.finditer(fold_diacritics(text.lower()))]
