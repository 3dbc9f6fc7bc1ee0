"""Open answers ("what", "how", "why" without a marked span): the words of the sentence that stand
where the question has its question word, or the rest of the clause after the words it shares."""
from __future__ import annotations

import re
from collections.abc import Mapping

from ...ingest.normalize import fold_diacritics
from ..tones import TonePattern
from ..tuning import SLOT_DECAY, SLOT_LENGTH_BONUS, SLOT_WINDOW
from ..vocabulary import LIGHT_WORDS
from .text import TOKEN, clause_after

# Tense and voice words before an open answer carry nothing of it.
_AUXILIARY = re.compile(r"(?:(?:đã|đang|sẽ|được|bị|đều|cũng|vẫn)\s+)*")
_WH = TonePattern(r"\b(?:gì|nào|sao|thế nào|ra sao|đâu|ai|bao nhiêu|mấy|bao giờ)\b")
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)|[()|]")
# Links at the edges of a slot that belong to neither the question nor the answer.
_SLOT_LEAD = re.compile(r"(?:(?:là|được|của|đã|sẽ|thì|rằng|cần|phải|bằng|vào|nhằm|để|với|như sau)\s+)+")
_SLOT_TAIL = re.compile(r"(?:\s+(?:và|là|của|thì|được|đã|sẽ))+$")


def framed_slot(question: str, sentence: str, anchors: Mapping[int, float]) -> tuple[int, int] | None:
    """A slot framed on both sides ("xử lý tình trạng gì của cán bộ") is found between its
    frames; an open-ended one is the rest of the clause after the question's words."""
    left, right = _question_sides(question)
    if right:
        return _slot(left, right, sentence, anchors)
    return rest_of_clause(question, sentence, anchors)


def rest_of_clause(question: str, sentence: str, anchors: Mapping[int, float]) -> tuple[int, int] | None:
    """What follows the last word the sentence shares with the question, to the clause end: a
    manner or a reason is told after the action it qualifies. A quotation's speaker, named
    after it ("… để cùng nhau tháo gỡ" - đồng chí Mai Văn Chính nhấn mạnh), is left out."""
    quote_end = max(sentence.rfind("”"), sentence.rfind('"'))
    words = [p for p in anchors if not (sentence[p].isupper() and p > quote_end >= 0)]
    last = max(words or anchors)
    found = clause_after(sentence, last + len(TOKEN.match(sentence, last).group(0)))
    return found if found and found[1] - found[0] >= 3 else None


def skip_auxiliary(question: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """An open answer without the tense and voice words it starts with ("đã được thực hiện rất
    nhịp nhàng" -> "thực hiện rất nhịp nhàng")."""
    return _AUXILIARY.match(sentence, start).end(), end


def _question_sides(question: str) -> tuple[dict[str, float], dict[str, float]]:
    """Folded words of the question before and after its question word ("gì", "nào"…), each
    weighted by its closeness to the question word: those next to it frame the answer."""
    text = question.lower()
    wh = _WH.search(text)
    cut = wh.start() if wh else len(text)
    before = [fold_diacritics(w) for w in TOKEN.findall(text[:cut])][::-1]
    after = [fold_diacritics(w) for w in TOKEN.findall(text[cut:])[1:]]
    return _closeness(before), _closeness(after)


def _closeness(words: list[str]) -> dict[str, float]:
    """Each word's weight by its place in ``words`` (nearest the question word first)."""
    weights: dict[str, float] = {}
    for k, w in enumerate(words):
        weights.setdefault(w, 1 / (1 + k / SLOT_DECAY))
    return weights


def _frame(words: list[re.Match], weight: Mapping[int, float], side: Mapping[str, float]) -> float:
    """How strongly ``words`` (nearest to the slot first) hold the question's words of one side."""
    return sum(weight[w.start()] * side.get(fold_diacritics(w.group(0).lower()), 0.0) / (1 + d / SLOT_DECAY)
               for d, w in enumerate(words) if w.start() in weight)


def _gaps(words: list[re.Match], weight: Mapping[int, float], clause: list[int]) -> list[tuple[int, int]]:
    """First and last index of each run of words that are not the question's, within a clause."""
    runs: list[tuple[int, int]] = []
    for k, w in enumerate(words):
        if w.start() in weight:
            continue
        if runs and runs[-1][1] == k - 1 and clause[k] == clause[k - 1]:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    return runs


def _slot(left: dict[str, float], right: dict[str, float], sentence: str,
          anchors: Mapping[int, float]) -> tuple[int, int] | None:
    """The run of words in ``sentence`` that stands where the question has its question word:
    after the words the question puts before it, before those it puts after it, within one
    clause ("xử lý tình trạng gì của cán bộ" -> "một số cán bộ… e dè, đùn đẩy"); ``left`` and
    ``right`` are the question's words before and after its question word (``_question_sides``)."""
    words = list(TOKEN.finditer(sentence))
    weight = {w.start(): anchors[w.start()] for w in words
              if w.start() in anchors and w.group(0).lower() not in LIGHT_WORDS}
    clause = [0] * len(words)
    for i in range(1, len(words)):
        clause[i] = clause[i - 1] + bool(_CLAUSE_END.search(sentence, words[i - 1].end(), words[i].start()))
    best, best_score = None, 0.0
    for i, j in _gaps(words, weight, clause):
        if all(w.group(0).lower() in LIGHT_WORDS for w in words[i:j + 1]):
            continue  # "trong", "một số": links between the frames, not what they frame
        before = [w for k, w in enumerate(words[:i]) if clause[k] == clause[i]][::-1][:SLOT_WINDOW]
        after = [w for k, w in enumerate(words[j + 1:], j + 1) if clause[k] == clause[j]][:SLOT_WINDOW]
        score = (_frame(before, weight, left) + _frame(after, weight, right)) * \
            (1 + SLOT_LENGTH_BONUS * min(j + 1 - i, 10))
        if score > best_score:
            best, best_score = (words[i].start(), words[j].end()), score
    if best is None:
        return None
    start, end = best
    lead = _SLOT_LEAD.match(sentence, start, end)
    tail = _SLOT_TAIL.search(sentence, start, end)
    start, end = (lead.end() if lead else start), (tail.start() if tail else end)
    return (start, end) if end > start else None
