"""Pattern pieces the span rules share: Vietnamese letters, capitalized words and names, numbers
and document codes."""
from __future__ import annotations

import re

from ...ingest.letters import CAPITALIZED, HONORIFIC, LOWER, NAME, NAME_UNIT, PROPER_NAME
from ..tones import TonePattern
from ..vocabulary import NUMBER_WORDS as _NUMBER_WORD_LIST

NUMBER_WORDS = "|".join(_NUMBER_WORD_LIST)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
YEAR_ONLY = re.compile(r"^(?:năm )?(?:19|20)\d\d$")
# A document's number ("45-GM/BTCQU", "35-KL/TW").
CODE = re.compile(r"\b\d+(?:/\d+)*[-/](?:[^\W_]+[-/])*[A-ZĐ][^\W_]*(?:[-/][^\W_]+)*")
# "số mấy", "số hiệu": the question asks for a document's number.
CODE_QUESTION = TonePattern(r"\b(?:số mấy|số hiệu|số bao nhiêu|mã số|ký hiệu)\b")
