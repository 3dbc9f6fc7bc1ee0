"""Pattern pieces the span rules share: Vietnamese letters, capitalized words and names, numbers
and document codes."""
from __future__ import annotations

import re
import unicodedata

from ..tones import TonePattern
from ..vocabulary import NUMBER_WORDS as _NUMBER_WORD_LIST


def _vietnamese_letters() -> str:
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    return "".join(sorted(letters | set("bcdđfghjklmnpqrstvwxz")))


_LOWER_LETTERS = _vietnamese_letters()
_UPPER_LETTERS = _LOWER_LETTERS.upper()
CAPITALIZED = rf"[{_UPPER_LETTERS}][^\W\d_]*(?:'[^\W\d_]+)?"  # a capitalized word (also "H'Nhung")
LOWER = rf"[{_LOWER_LETTERS}][^\W\d_]*"  # a lower-case word
HONORIFIC = r"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|GS\.|PGS\.|TS\.|ThS\.|Thiếu tướng|Trung tướng|Đại tá|Thượng tá)"
NAME = rf"{CAPITALIZED}(?: {CAPITALIZED}){{1,4}}"  # two to five capitalized words
# A proper name: capitalized words, each with at most one lower-case syllable of the same word
# ("Ban Tổ chức Trung ương", "Bộ Chính trị"), or joined by a hyphen or a particle ("Honoré de Balzac").
_LINK_WORDS = r"(?:bởi|của|do|và|với|tại|ở|cho|từ|đến|là|trong|theo|như|hay|hoặc)\b"
# "Trung ương" (central) ends many names of bodies ("Ban Tổ chức Trung ương").
NAME_UNIT = rf"(?:Trung ương|{CAPITALIZED}(?:-{CAPITALIZED})*(?: (?!{_LINK_WORDS}){LOWER}(?= {CAPITALIZED}|[,.;:)]|$| và | hoặc ))?)"
PROPER_NAME = re.compile(rf"{NAME_UNIT}(?:(?: | (?:de|du|la|van|von|der|di|da) ){NAME_UNIT})*")

NUMBER_WORDS = "|".join(_NUMBER_WORD_LIST)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
YEAR_ONLY = re.compile(r"^(?:năm )?(?:19|20)\d\d$")
# A document's number ("45-GM/BTCQU", "35-KL/TW").
CODE = re.compile(r"\b\d+(?:/\d+)*[-/](?:[^\W_]+[-/])*[A-ZĐ][^\W_]*(?:[-/][^\W_]+)*")
# "số mấy", "số hiệu": the question asks for a document's number.
CODE_QUESTION = TonePattern(r"\b(?:số mấy|số hiệu|số bao nhiêu|mã số|ký hiệu)\b")
