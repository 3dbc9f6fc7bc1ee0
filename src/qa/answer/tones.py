"""Matching questions typed with or without tone marks.

Staff type "Ai phát biểu kết luận?" or "ai phat bieu ket luan". A rule is written once, with its
marks; ``TonePattern`` keeps it as written and with its marks folded away, and matches a text
with the form it is typed in: with marks as written ("câu nói nào" is not "nơi nào"), without
them folded. ``ToneWords`` does the same for a word list. ``with_marks`` writes a question typed
without marks with those of the passages found for it (its question phrases as they are
written), for the embedding and reading models.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from ..ingest.normalize import fold_diacritics, unmarked


def folded_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` written with its marks, compiled without them: for text already folded."""
    return re.compile(fold_diacritics(pattern), flags)


def fold_words(words: Iterable[str]) -> frozenset[str]:
    """``words`` without their marks, to look up words of folded text."""
    return frozenset(fold_diacritics(w) for w in words)


class TonePattern:
    """A pattern written with tone marks (``marked``) and the same with them folded (``folded``);
    ``unmarked_form`` replaces the folded one where folding merges words the rule must tell apart."""

    __slots__ = ("marked", "folded")

    def __init__(self, pattern: str, flags: int = 0, unmarked_form: str | None = None) -> None:
        self.marked = re.compile(pattern, flags)
        self.folded = re.compile(fold_diacritics(pattern) if unmarked_form is None else unmarked_form, flags)

    def form(self, plain: bool) -> re.Pattern[str]:
        """The form for a text typed without marks (``plain``) or with them."""
        return self.folded if plain else self.marked

    def search(self, text: str) -> re.Match[str] | None:
        """Search ``text`` with the form it is typed in."""
        return self.form(unmarked(text)).search(text)

    def search_either(self, text: str) -> bool:
        """Whether either form is in ``text`` (a text may mix marked and unmarked words)."""
        return self.marked.search(text) is not None or self.folded.search(text) is not None


class ToneWords:
    """A word list as written (``marked``) and folded (``folded``), for texts typed either way."""

    __slots__ = ("marked", "folded")

    def __init__(self, words: Iterable[str]) -> None:
        self.marked = frozenset(words)
        self.folded = fold_words(self.marked)

    def for_text(self, text: str) -> frozenset[str]:
        """The list in the form ``text`` is typed in: folding merges words ("báo"/"bao"), so the
        folded list only for a text typed without marks."""
        return self.folded if unmarked(text) else self.marked


_LETTERS = re.compile(r"[^\W\d_]+")


def unique_marks(words: Iterable[str]) -> dict[str, str]:
    """Each folded form of ``words`` that only one of them folds to, with that word ("gi": "gì";
    not "hay", which is "hay" and "hãy")."""
    found: dict[str, set[str]] = {}
    for word in words:
        found.setdefault(fold_diacritics(word), set()).add(word)
    return {folded: next(iter(marked)) for folded, marked in found.items() if len(marked) == 1}


def _phrase_words(question: str, phrases: Iterable[str]) -> dict[int, str]:
    """The words of ``question`` (typed without marks) that spell one of ``phrases`` folded,
    by their offset, as the phrase writes them; a longer phrase first."""
    lower, found = question.lower(), {}
    for phrase in sorted(phrases, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(fold_diacritics(phrase))}\b", lower):
            for typed, word in zip(_LETTERS.finditer(lower, m.start(), m.end()), phrase.split()):
                found.setdefault(typed.start(), word)
    return found


def with_marks(question: str, texts: Iterable[str], known: Mapping[str, str] | None = None,
               phrases: Iterable[str] = ()) -> str:
    """A question typed without tone marks, each word of one of ``phrases`` (question phrases:
    "bao nhieu" is "bao nhiêu", though news write "nhiều" far more often) written as the phrase,
    each other word as ``texts`` (the passages found for it) most often write it, else as
    ``known`` (``unique_marks``) writes it; a question typed with marks as it is. The reading
    model was tuned on questions with their marks: "ai chu tri hoi nghi" reads as "ai chủ trì
    hội nghị"."""
    if not unmarked(question):
        return question
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for word in _LETTERS.findall(text.lower()):
            forms.setdefault(fold_diacritics(word), Counter())[word] += 1
    known = known or {}
    fixed = _phrase_words(question, phrases)

    def marked(m: re.Match[str]) -> str:
        typed = m.group(0)
        seen = forms.get(typed.lower())
        word = fixed.get(m.start()) or (max(seen.items(), key=lambda item: (item[1], item[0]))[0] if seen
                                        else known.get(typed.lower(), typed.lower()))
        if typed.isupper() and len(typed) > 1:
            return word.upper()
        return word[0].upper() + word[1:] if typed[0].isupper() else word
    return _LETTERS.sub(marked, question)
