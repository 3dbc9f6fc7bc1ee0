"""Pattern pieces the span rules share: Vietnamese letters, capitalized words and names, numbers
and document codes."""
from __future__ import annotations

import re

from ...ingest.letters import CAPITALIZED, LOWER, NAME
from ..tones import TonePattern
from ..vocabulary import NUMBER_WORDS as _NUMBER_WORD_LIST

HONORIFIC = r"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|GS\.|PGS\.|TS\.|ThS\.|Thiếu tướng|Trung tướng|Đại tá|Thượng tá)"
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
