"""Vietnamese letters as regular-expression pieces: capitalized and lower-case words, and
personal names (two to five capitalized words), shared by the letterhead reading, the meeting
records and the span rules."""
from __future__ import annotations

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
