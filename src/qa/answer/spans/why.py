"""Why: the reason told after "do", "vì", "nhằm", "để" ("Do tính chất quan trọng của cuộc họp, …")."""
from __future__ import annotations

import re
from collections.abc import Mapping

from .text import Found, clause_after, nearest

# "Do vậy", "vì thế" tell a consequence, not a reason.
_REASON = re.compile(r"\b(?:do|vì|bởi vì|bởi|nhằm|để|nguyên nhân là|lý do là)\b (?!(?:vậy|đó|thế)\b)", re.IGNORECASE)


def find_why(question: str, sentence: str, anchors: Mapping[int, float]) -> Found:
    """The clause after the reason word nearest the question's words; a reason that opens the
    sentence ends at its comma, where the main clause starts."""
    reasons = list(_REASON.finditer(sentence))
    found = nearest([(m.end(), m.end()) for m in reasons], anchors)
    if not found:
        return Found([])
    opening = next(m for m in reasons if m.end() == found[0]).start() == len(sentence) - len(sentence.lstrip(" -•*"))
    clause = clause_after(sentence, found[0], r"[,.;!?](?:\s|$)") if opening else None
    if clause is None or sentence.count("“", *clause) > sentence.count("”", *clause):
        clause = clause_after(sentence, found[0])  # the comma was inside a quotation
    return Found([clause] if clause else [])
