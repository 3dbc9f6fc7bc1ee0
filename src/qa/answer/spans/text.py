"""What every span rule uses: the candidates a rule finds, the one nearest the question's words,
and the clause after a position."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...ingest.normalize import fold_diacritics

TOKEN = re.compile(r"\w+(?:[.,/-]\w+)*")  # a word, or a number or code kept whole ("024.3833.4567")


@dataclass
class Found:
    """The candidate spans a rule finds in a sentence (offsets), and whether they are of the kind
    asked (a person, a date with a day…) rather than a fallback."""

    spans: list[tuple[int, int]]
    strong: bool = True
    kind: str | None = None  # the kind they answer, when the rule answers as another ("X là ai?": a post)


def nearest(candidates: list[tuple[int, int]], anchors: Iterable[int]) -> tuple[int, int] | None:
    """The candidate whose middle is nearest to one of the ``anchors`` (the first without any)."""
    if not candidates:
        return None
    if not anchors:
        return candidates[0]
    return min(candidates, key=lambda c: min(abs((c[0] + c[1]) / 2 - a) for a in anchors))


def not_in_question(spans: list[tuple[int, int]], sentence: str, question: str) -> list[tuple[int, int]]:
    """The spans whose text the question does not already hold (compared without marks)."""
    folded_q = fold_diacritics(question.lower())
    return [s for s in spans if fold_diacritics(sentence[s[0]:s[1]].lower()) not in folded_q]


def clause_after(sentence: str, pos: int, end: str = r"[.;!?](?:\s|$)|[”\"](?=\s*[-–])") -> tuple[int, int] | None:
    """From ``pos`` to the end of its clause (or the ``end`` pattern), skipping a leading "là",
    colon or comma; a quotation ends where its speaker is named ("…" - đồng chí X nói)."""
    m = re.match(r"[\s,:]*(?:là\s+|gồm\s+|như\s+sau\s*:\s*)?", sentence[pos:])
    start = pos + (m.end() if m else 0)
    end_m = re.search(end, sentence[start:])
    end = start + end_m.start() if end_m else len(sentence.rstrip(" ."))
    return (start, end) if len(sentence[start:end].split()) >= 1 else None
