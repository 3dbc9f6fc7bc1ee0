"""The span of a sentence that answers a question: a person, a date, a number, a place, a clause.

Staff want "đồng chí Mai Văn Chính, Phó Trưởng ban Thường trực…", "5-5-2022", "16 ý kiến", not a
paragraph. The question's kind (``qa.answer.kinds``) picks its rule in ``RULES``: the rule finds
candidates of that kind in the evidence sentence (a module per kind), and the candidate nearest
to the words the question shares with the sentence wins. Spans are offsets into the sentence as
given, so the caller can map them to the document.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ...ingest.normalize import fold_diacritics
from ..kinds import CONTACT, HOW, HOW_MANY, ROLE, WHAT, WHEN, WHERE, WHO, WHY, classify
from .contact import find_contact
from .how import find_how
from .how_many import extend_count, find_how_many, reads_as_count
from .slot import framed_slot, rest_of_clause, skip_auxiliary
from .text import Found, nearest
from .what import find_what
from .when import find_when, reads_as_time
from .where import find_where
from .who import find_role, find_who
from .why import find_why

Anchors = Mapping[int, float]
# (question, sentence, anchors) -> the candidates of the kind; None: the sentence cannot answer.
Finder = Callable[[str, str, Anchors], Found | None]
# (question, sentence, anchors) -> the open answer when the finder found none.
OpenFinder = Callable[[str, str, Anchors], tuple[int, int] | None]
# (question, sentence, start, end) -> the chosen span adjusted.
Finish = Callable[[str, str, int, int], tuple[int, int]]


@dataclass
class Span:
    """An answer span: offsets into the sentence, the kind it answers, and whether it is of the kind asked."""

    start: int
    end: int
    kind: str
    strong: bool = True  # of the kind asked (a person, a date with a day…), not a fallback


@dataclass(frozen=True)
class Rule:
    """How a kind's span is found in a sentence."""

    find: Finder  # candidates of the kind
    open: OpenFinder | None = None  # when there are none: the open answer the question's words frame
    open_strong: bool = True  # whether that open answer is of the kind asked
    finish: Finish | None = None  # adjusts the chosen candidate
    trailing: str = " ,;:."  # stripped from the span's end


RULES: dict[str, Rule] = {
    WHO: Rule(find_who),
    ROLE: Rule(find_role),
    WHEN: Rule(find_when, trailing=" ,;:"),  # a date keeps a final dot
    HOW_MANY: Rule(find_how_many, finish=extend_count),
    WHERE: Rule(find_where),
    WHY: Rule(find_why, open=rest_of_clause, open_strong=False),
    HOW: Rule(find_how, open=rest_of_clause, finish=skip_auxiliary),
    WHAT: Rule(find_what, open=framed_slot, finish=skip_auxiliary),
    CONTACT: Rule(find_contact),
}

# Kinds whose span the reading model marks is checked against the kind (others: not checked).
READS: dict[str, Callable[[str, str], bool]] = {WHEN: reads_as_time, HOW_MANY: reads_as_count}


def extract(question: str, sentence: str, anchors: Anchors, kind: str | None = None) -> Span | None:
    """The answer span in ``sentence`` for ``question``, or None when none of the kind is there.

    ``anchors`` are positions in the sentence of words it shares with the question, with their
    weight (idf); the candidate nearest them is chosen, and for open questions the answer is
    what the question's words frame or what follows them.
    """
    kind = kind or classify(question)
    found = RULES[kind].find(question, sentence, anchors)
    if found is None:
        return None
    kind = found.kind or kind
    rule = RULES[kind]
    chosen, strong = nearest(found.spans, anchors), found.strong
    if chosen is None and rule.open is not None and anchors:
        chosen, strong = rule.open(question, sentence, anchors), rule.open_strong
    if chosen is None:
        return None
    start, end = rule.finish(question, sentence, *chosen) if rule.finish else chosen
    end = start + len(sentence[start:end].rstrip(rule.trailing))
    return Span(start, end, kind, strong) if end > start else None


def reads_as(kind: str, text: str, question: str) -> bool:
    """Whether a span the reading model marked is of the kind asked when the rules found none in
    its sentence: a time for "khi nào", a number for "bao nhiêu" (other kinds: not checked here),
    not one the question already gives ("6 tháng đầu năm 2023 … tổ chức ngày nào?")."""
    check = READS.get(kind)
    if check is None or fold_diacritics(text.lower()) in fold_diacritics(question.lower()):
        return False
    return check(text, question)
