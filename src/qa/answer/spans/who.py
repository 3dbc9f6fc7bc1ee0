"""Who: the person (with the titles the sentence gives), body or doer a question asks for; and
role: the post a person holds."""
from __future__ import annotations

import re
from collections.abc import Mapping

from ...ingest.normalize import fold_diacritics
from ..kinds import ROLE
from ..tones import TonePattern, folded_pattern
from ..tuning import DEED_WORDS
from ..vocabulary import DEED_LINKS, POSTS
from .names import PLACE_BEFORE, merge_lists, name_of, name_or_clause, names, persons, title_of
from .text import TOKEN, Found, clause_after, not_in_question

_AI = TonePattern(r"\b(?:ai|người nào|đồng chí nào)\b")
# "X là ai?": who X is (folded question).
_WHO_IS = folded_pattern(r"\blà ai\W*$")
# "Ai là thư ký…?", "ai làm chủ tọa": the sentence must name that post (folded question).
_ROLE_HOLDER = folded_pattern(
    r"\b(?:ai|người nào|đồng chí nào) (?:là|làm|giữ|đảm nhận) (" + "|".join(POSTS) + r")\b")
# A name after these is who did something (passive "bởi", "do"; a role).
_AGENT_BEFORE = re.compile(r"(?:\b(?:bởi|do|tác giả|kiến trúc sư|nhà văn|nhà thơ|đạo diễn|nhạc sĩ|họa sĩ|"
                           r"vua|hoàng đế|tướng|đô đốc|tổng thống|thủ tướng|chủ tịch))\s+$", re.IGNORECASE)


def find_who(question: str, sentence: str, anchors: Mapping[int, float]) -> Found | None:
    """The people of the sentence the question does not name, strong when the sentence names the
    deed asked about; for "X là ai?" X's post or description; else what follows the question's
    last words, or the sentence's other names (a doer first). None when the question asks who
    holds a post the sentence does not name."""
    folded_question = fold_diacritics(question.lower())
    people = persons(sentence)
    who_is = _WHO_IS.search(folded_question) is not None
    if who_is and any(name_of(sentence, p) in folded_question and title_of(sentence, p) for p in people):
        # "Mai Xuân Trường là ai?": his post, as the sentence names him with it.
        return Found(_titles(sentence, people, folded_question), kind=ROLE)
    holder = _ROLE_HOLDER.search(folded_question)
    if holder and holder.group(1) not in fold_diacritics(sentence.lower()):
        return None  # the chair does not answer who the secretary was
    spans = not_in_question(people, sentence, question)
    if who_is and (described := _description(sentence, folded_question)):
        return Found([described])  # "Georges Dayan là ai?" -> "một người Do Thái…"
    if not spans and (after := _after_question_end(sentence, question)):
        return Found([after], False)  # "lên án hoạt động của ai?" -> "của tổng thống đương nhiệm"
    if not spans:
        return Found(_other_names(sentence, question), False)
    return Found(spans, _tells_deed(question, sentence))


def find_role(question: str, sentence: str, anchors: Mapping[int, float]) -> Found:
    """The titles of the person the question names (of every person when it names none)."""
    return Found(_titles(sentence, persons(sentence), fold_diacritics(question.lower())))


def _titles(sentence: str, people: list[tuple[int, int]], folded_question: str) -> list[tuple[int, int]]:
    """The titles of those of ``people`` the question names, or of all when it names none."""
    named = [p for p in people if name_of(sentence, p) in folded_question]
    return [title for person in (named or people) if (title := title_of(sentence, person))]


def _other_names(sentence: str, question: str) -> list[tuple[int, int]]:
    """Names of the sentence that are not in the question, a street or a parenthesis: "bởi Antoine
    Beauvilliers", "kiến trúc sư Ieoh Ming Pei" (the doer) first, then "của X" (an author or only
    an owner), then any."""
    found = not_in_question(merge_lists(sentence, [
        m.span() for m in names(sentence) if not PLACE_BEFORE.search(sentence, 0, m.start())
        and not sentence[:m.start()].endswith("(")]), sentence, question)
    doers = [(a, b) for a, b in found if _AGENT_BEFORE.search(sentence, 0, a)]
    owners = [(a, b) for a, b in found if re.search(r"\bcủa\s+$", sentence[:a])]
    return doers or owners or found


def _description(sentence: str, folded_question: str) -> tuple[int, int] | None:
    """What the sentence says the person of "X là ai?" is: the apposition after X's name
    ("Georges Dayan, một người Do Thái…") or what follows "là" ("FDR (…) là Tổng thống…")."""
    name = _WHO_IS.split(folded_question)[0].strip(" ,")
    if not name:
        return None
    at = fold_diacritics(sentence.lower()).find(name)
    if at < 0:
        return None
    rest = re.match(r"(?:\s*\([^)]*\))*\s*(?:,\s*|là\s+)", sentence[at + len(name):])
    if rest is None:
        return None
    return name_or_clause(sentence, clause_after(sentence, at + len(name) + rest.end(), r"[,.;:(]"))


def _after_question_end(sentence: str, question: str) -> tuple[int, int] | None:
    """For a question ending in "… <words> ai?", what follows those words in the sentence, up to
    the end of its clause: the doer or the person the words point at, named or not."""
    folded = fold_diacritics(question.lower())
    m = re.search(r"((?:[^\W\d_]+ ){1,2})ai\W*$", folded)
    if m is None or m.group(1).split()[-1] in ("la", "nhung", "cac"):
        return None
    lead = m.group(1).strip()
    at = fold_diacritics(sentence.lower()).find(f" {lead} ")
    if at < 0:
        return None
    return name_or_clause(sentence, clause_after(sentence, at + len(lead) + 2, r"[,.;:(”\"]"))


def _tells_deed(question: str, sentence: str) -> bool:
    """Whether ``sentence`` names the deed a who-question asks about (the words next to "ai"):
    the person who chaired is not the answer to who was the secretary."""
    text = question.lower()
    ai = _AI.search(text)
    if ai is None:
        return True
    after = [fold_diacritics(w) for w in TOKEN.findall(text[ai.end():])]
    before = [fold_diacritics(w) for w in TOKEN.findall(text[:ai.start()])][::-1]
    deed = [w for w in after if w not in DEED_LINKS][:DEED_WORDS] or \
        [w for w in before if w not in DEED_LINKS][:DEED_WORDS]
    present = {fold_diacritics(w.lower()) for w in TOKEN.findall(sentence) if not w[0].isupper()}
    return not deed or any(w in present for w in deed)
