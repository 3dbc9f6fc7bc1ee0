"""Questions about what an official document states in fixed places, not in sentences.

"Ai ký thông báo?", "Giấy mời số mấy?", "Thông báo ban hành ngày nào?" ask for the number,
the date of issue or the signer, which the letterhead and the signature block state
(``qa.meetings.letterhead`` reads them by their layout). Sentence matching cannot find them:
those lines share almost no words with the question. So ``asked_fact`` tells which fact a
question asks for, and ``extractive`` reads it from the document put back together from its
passages and cites the passage that holds it.
"""
from __future__ import annotations

from ..index.keyword import DOCUMENT_CODE
from ..ingest.normalize import fold_diacritics
from ..meetings.letterhead import ISSUED, NUMBER, SIGNER, SIGNER_TITLE, Fact, read_fact
from .kinds import ROLE, WHEN, WHO
from .spans.patterns import CODE_QUESTION
from .tones import TonePattern, folded_pattern
from .vocabulary import DOCUMENT_TYPES, NOT_SIGNING

# Which fact a question asks for (lower case; diacritic-free where named so). Typed without
# marks, "ky" is also "kỳ" (kỳ họp, a session) and "kỹ" (kỹ thuật): those words are not signing.
_SIGN = TonePattern(r"(?<!thư )\bký\b", unmarked_form=r"(?<!thu )\bky\b(?! (?:" + "|".join(NOT_SIGNING) + "))")
_ISSUE_VERB = folded_pattern(r"\b(?:ban hành|ký|lập|đề ngày|phát hành)\b")
_DOCUMENT_TYPE = folded_pattern(r"\b(?:" + "|".join(DOCUMENT_TYPES) + r")\b")

__all__ = ["ISSUED", "NUMBER", "SIGNER", "SIGNER_TITLE", "Fact", "about_other_document", "asked_fact", "read_fact"]


def asked_fact(question: str, kind: str) -> str | None:
    """The letterhead or signature fact the question asks for, if any."""
    text = question.lower()
    folded = fold_diacritics(text)
    signs = _SIGN.form(folded == text).search(text) is not None
    if CODE_QUESTION.folded.search(folded) and _DOCUMENT_TYPE.search(folded):
        return NUMBER
    if kind == WHO and signs:
        return SIGNER
    if kind == ROLE and signs:
        return SIGNER_TITLE
    if kind == WHEN and _ISSUE_VERB.search(folded) and _DOCUMENT_TYPE.search(folded):
        return ISSUED
    return None


def about_other_document(question: str, text: str) -> bool:
    """Whether the question names a document code ("Kết luận 35-KL/TW ban hành ngày nào?") that
    is not this document's own number: it asks about a document the text only cites."""
    codes = set(DOCUMENT_CODE.findall(question.lower()))
    if not codes:
        return False
    own = read_fact(text, NUMBER)
    return own is None or text[own.start:own.end].lower() not in codes
