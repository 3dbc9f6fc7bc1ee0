"""Vietnamese letters as regular-expression pieces: capitalized and lower-case words, personal
names (two to five capitalized words) with the honorifics before them, and proper names of
bodies; shared by the letterhead reading, the meeting records and the span rules."""
from __future__ import annotations

import re
import unicodedata


def _vietnamese_letters() -> str:
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    return "".join(sorted(letters | set("bcdđfghjklmnpqrstvwxz")))


LOWER_LETTERS = _vietnamese_letters()
UPPER_LETTERS = LOWER_LETTERS.upper()
CAPITALIZED = rf"[{UPPER_LETTERS}][^\W\d_]*(?:'[^\W\d_]+)?"  # a capitalized word (also "H'Nhung")
LOWER = rf"[{LOWER_LETTERS}][^\W\d_]*"  # a lower-case word
NAME = rf"{CAPITALIZED}(?: {CAPITALIZED}){{1,4}}"  # two to five capitalized words
HONORIFIC = r"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|GS\.|PGS\.|TS\.|ThS\.|Thiếu tướng|Trung tướng|Đại tá|Thượng tá)"
# A proper name: capitalized words, each with at most one lower-case syllable of the same word
# ("Ban Tổ chức Trung ương", "Bộ Chính trị"), or joined by a hyphen or a particle ("Honoré de Balzac").
_LINK_WORDS = r"(?:bởi|của|do|và|với|tại|ở|cho|từ|đến|là|trong|theo|như|hay|hoặc)\b"
# "Trung ương" (central) ends many names of bodies ("Ban Tổ chức Trung ương").
NAME_UNIT = rf"(?:Trung ương|{CAPITALIZED}(?:-{CAPITALIZED})*(?: (?!{_LINK_WORDS}){LOWER}(?= {CAPITALIZED}|[,.;:)]|$| và | hoặc ))?)"
PROPER_NAME = re.compile(rf"{NAME_UNIT}(?:(?: | (?:de|du|la|van|von|der|di|da) ){NAME_UNIT})*")
