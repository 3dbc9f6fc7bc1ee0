"""Contact: a phone or fax number ("024.3833.4567", "(0237) 3852 123") or an email address."""
from __future__ import annotations

import re
from collections.abc import Mapping

from ...ingest.normalize import fold_diacritics
from ..tones import folded_pattern
from .text import Found

_CONTACT = re.compile(r"(?<![\w/])(?:\+84|\(?0\d{2,3}\)?)[ .\-]?\d{3,4}(?:[ .\-]?\d{2,4}){1,3}(?![\w/])"
                      r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_QUESTION = folded_pattern(r"\b(?:email|e-mail|thư điện tử)\b")


def find_contact(question: str, sentence: str, anchors: Mapping[int, float]) -> Found:
    """Email addresses when the question asks for one, else phone and fax numbers."""
    email = _EMAIL_QUESTION.search(fold_diacritics(question.lower())) is not None
    return Found([m.span() for m in _CONTACT.finditer(sentence) if ("@" in m.group(0)) == email])
