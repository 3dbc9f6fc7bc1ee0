"""From retrieved passages to an answer: the sentence that answers, and the span it asks for.

Offline and extractive: every answer is a span of a cited passage, so it can be checked. When
no sentence of the top passages shares enough of the question's rare words, the assistant
says it did not find the information instead of guessing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ..config import Settings
from ..index.store import Index
from ..ingest.chunk import split_sentences
from ..ingest.normalize import fold_diacritics, normalize, normalize_with_offsets, unmarked
from .given import Stated, unstated
from .kinds import CONTACT, HOW, ROLE, WHAT, WHEN, WHERE, WHO, WHY, classify
from .lists import Item, asks_for_list, find_items
from .official import about_other_document, asked_fact, read_fact
from .provinces import provinces_named
from .read import Reader, TokenScores, answerability, best_span, span_logit
from .retrieve import Hit, read_as
from .spans import Span, extract, reads_as
from .spans.how_many import DURATION_QUESTION
from .spans.patterns import CAPITALIZED
from .tuning import (BIGRAM_WEIGHT, CONTEXT_CREDIT, COSINE_WEIGHT, FUZZY_LENGTH, KIND_MARGIN, LABEL_BONUS, PASSAGES,
                     PASSAGE_OVERRIDE, RANK_PENALTY, READ_MAX_TOKENS, READ_OVERRIDE, READ_WEIGHT, SURE_COVERAGE,
                     TYPE_BONUS)
from .vocabulary import FOLDED_SURNAMES, QUESTION_WORDS, SENTENCE_CASED

NOT_FOUND = "Không tìm thấy thông tin này trong tài liệu."
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Evidence:
    """The answering sentence: where it is, and the answer span inside it."""

    hit_index: int  # position in the hit list (citation n - 1)
    start: int  # offsets of the sentence in the document's original text
    end: int
    text: str
    score: float
    coverage: float  # share of the question's rare words found in the sentence
    span_start: int  # offsets of the short answer in the document's original text
    span_end: int
    kind: str


@dataclass
class MeetingAnswer:
    """One meeting's answer to a question that does not say which meeting it means."""

    doc: str
    title: str
    date: str | None  # ISO date of the document, when known
    text: str  # the short answer, as its document states it
    n: int  # citation: the number of the passage that holds it
    start: int  # offsets of the short answer in the document's text
    end: int


@dataclass
class Answer:
    question: str
    text: str
    hits: list[Hit]
    evidence: Evidence | None = None
    answered: bool = False
    resolved_question: str | None = None  # the question as searched, after follow-up resolution
    notices: list[str] = field(default_factory=list)
    # Set by the optional generative mode (generate.py): ``text`` was written by a chat model
    # from the passages, citing them as [n]; ``evidence`` stays the extractive one.
    generated: bool = False
    generated_citations: list[int] = field(default_factory=list)
    # Set when several meetings answer the question differently and it does not say which
    # (across.py): each meeting's answer, the cited one first; ``text`` lists them.
    meetings: list[MeetingAnswer] = field(default_factory=list)
    # A question asking for several things (lists.asks_for_list): the items its document lists,
    # each with its citation; ``text`` then joins them with "; ". Empty for a single answer.
    items: list[Item] = field(default_factory=list)


def content_words(text: str, marks: bool = False) -> list[tuple[str, int]]:
    """Lower-case syllables of ``text`` with their positions, without question words:
    diacritic-free, or with their marks kept (``marks``) to compare with a question typed with
    them, where folding would match unrelated words ("danh" is not "đánh")."""
    folded_input = unmarked(text)
    stop = QUESTION_WORDS.folded if folded_input else QUESTION_WORDS.marked
    words = [(m.group(0).lower(), m.start()) for m in _WORD.finditer(text)]
    return [(w if marks else fold_diacritics(w), pos) for w, pos in words
            if (fold_diacritics(w) if folded_input else w) not in stop]


def sentence_similarity(index: Index, query_vector: np.ndarray) -> Similarity:
    """Cosines of a chunk's sentences to the query, from the index's sentence vectors."""
    query = query_vector.astype(np.float32)
    return lambda chunk_id: index.vectors.sentence_similarities(chunk_id, query)


@dataclass
class _Candidate:
    hit_index: int
    norm: str  # normalized sentence
    origin: int  # offset of the sentence in the document's original text
    offsets: list[int]  # normalized index -> offset from ``origin``
    score: float
    coverage: float
    span: Span | None
    read_bonus: float = 0.0  # what the reading model adds to the score, within the passage


# Each sentence's cosine to the question, by chunk id (the index's sentence vectors).
Similarity = Callable[[int], Sequence[float]]
# Invitations and minutes state time and place as labelled lines ("Thời gian: 14 giờ 00 phút,
# thứ Sáu, ngày 5/7/2024"), which share few words with the question but answer it.
_LABELS = {
    WHEN: re.compile(r"[-•*\s\d.]*(?:thời gian|ngày họp|thời điểm)\s*:", re.IGNORECASE),
    WHERE: re.compile(r"[-•*\s\d.]*(?:địa điểm|nơi họp|nơi tổ chức)\s*:", re.IGNORECASE),
}
# Names in the question ("Cần Thơ", "Quảng Nam") must appear with the answer: a passage about
# another province does not answer it.
# Two or more capitalized words, also at the start of the question ("Hà Nội tinh giản…"), where
# one alone is only sentence case ("Ai chủ trì…").
_NAME_RUN = re.compile(rf"(?<![.?!] )\b({CAPITALIZED}(?: {CAPITALIZED})+)")


def _score_sentence(q_words: list[str], q_pairs: set[tuple[str, str]], sentence: str, context: set[str],
                    idf: Callable[[str], float], context_credit: float = CONTEXT_CREDIT,
                    marks: bool = False) -> tuple[float, float, dict[int, float]]:
    """(score, idf-weighted coverage, positions of shared words with their idf) of one sentence."""
    words = content_words(sentence, marks)
    present = {w for w, _ in words}
    unique = set(q_words)
    total = sum(idf(w) for w in unique) or 1.0
    coverage = sum(idf(w) * (1.0 if w in present else context_credit if w in context else 0.0)
                   for w in unique) / total
    pairs = set(zip([w for w, _ in words], [w for w, _ in words][1:]))
    bigram = len(q_pairs & pairs) / len(q_pairs) if q_pairs else 0.0
    anchors = {pos: idf(w) for w, pos in words if w in unique}
    return coverage + BIGRAM_WEIGHT * bigram, coverage, anchors


def _start_probabilities(reading: list[TokenScores]) -> list[np.ndarray]:
    """Each passage's token probabilities of starting the answer, normalized per passage: the
    model picks the sentence within a passage, retrieval's ranking still weighs the passages
    (normalized over all of them, "Ai phát biểu kết luận?" took another meeting's speaker)."""
    out = []
    for r in reading:
        top = float(r.start.max(initial=0.0))
        e = np.exp(r.start - top)
        out.append(e / (float(e.sum()) or 1.0))
    return out


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A span widened to whole words, without the spaces at its ends: the model's tokens may
    split a syllable ("H'Nhung")."""
    start += len(text[start:end]) - len(text[start:end].lstrip())
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, start + len(text[start:end].rstrip())


def _candidates(question: str, hits: list[Hit], idf: Callable[[str], float], kind: str,
                passages: int, similarity: Similarity | None,
                reading: list[TokenScores] | None = None) -> list[_Candidate]:
    marks = not unmarked(question)
    q_words = [w for w, _ in content_words(question, marks)]
    q_pairs = set(zip(q_words, q_words[1:]))
    if marks:  # rarity is counted on diacritic-free syllables
        folded_idf = idf
        idf = lambda word: folded_idf(fold_diacritics(word))  # noqa: E731
    # How long a meeting lasts is also on its "Thời gian:" line.
    label = _LABELS[WHEN] if DURATION_QUESTION.search(question.lower()) else _LABELS.get(kind)
    found: list[_Candidate] = []
    starts = _start_probabilities(reading[:passages]) if reading else []
    for rank, hit in enumerate(hits[:passages]):
        norm, offsets = normalize_with_offsets(hit.chunk.text)
        context = {w for w, _ in content_words(f"{hit.chunk.title}\n{norm}", marks)}
        bounds = split_sentences(norm)
        cosines = similarity(hit.chunk_id) if similarity is not None else []
        for n, (a, b) in enumerate(bounds):
            sentence = norm[a:b]
            # A labelled line is about the passage's event: its words count in full.
            labelled = label is not None and label.match(sentence) is not None
            score, coverage, anchors = _score_sentence(q_words, q_pairs, sentence, context, idf,
                                                       1.0 if labelled else CONTEXT_CREDIT, marks)
            if len(cosines) == len(bounds):
                score += COSINE_WEIGHT * float(cosines[n])
            span = extract(question, sentence, anchors, kind)
            if span is not None and span.strong and kind not in (WHAT, HOW):
                score += TYPE_BONUS
            if labelled:
                score += LABEL_BONUS
            bonus = 0.0
            if rank < len(starts):
                tokens = reading[rank].offsets[:, 0]
                bonus = READ_WEIGHT * float(starts[rank][(tokens >= offsets[a]) & (tokens < offsets[b])].sum())
            found.append(_Candidate(rank, sentence, hit.chunk.start, offsets[a:b + 1],
                                    score - RANK_PENALTY * rank, coverage, span, bonus))
    return found


def _missing_names(question: str, hit: Hit, document: Passages | None = None) -> list[str]:
    """Capitalized names of the question that the cited passage, its title and file name lack
    (word for word: "Thanh Oai … văn hóa" does not name Thanh Hóa). A person the question names
    as the speaker ("Theo ông Mai Văn Chính, …") may be named anywhere in the passage's
    document (when given): what he said follows his introduction; so may any name of a list
    question, whose items come from the whole document."""
    listed = asks_for_list(question)
    passage = _word_string(f"{hit.chunk.title} {hit.chunk.doc} {hit.chunk.text}")
    whole_document: str | None = None
    missing = []
    for m in _NAME_RUN.finditer(question):
        words = _WORD.findall(fold_diacritics(m.group(1)))
        # At the question's start the first word may only be sentence case ("Ông Phạm Quang
        # Hưng", "Ngoài Mỹ", "Tỉnh Ontario"): the name without it counts too.
        names = [words, words[1:]] if m.start() == 0 and words[0].lower() in SENTENCE_CASED else [words]
        if _named_in(names, passage):
            continue
        if document is not None and (listed or _SPEAKER.search(question, 0, m.start())):
            if whole_document is None:
                whole_document = _word_string(_document_text(document(hit.chunk.doc)))
            if _named_in(names, whole_document):
                continue
        missing.append(m.group(1))
    # Typed in lower case or without tone marks, a province is found by name.
    return missing + [p for p in provinces_named(question) if f" {_spelled(p)} " not in passage]


def _unstated_facts(question: str, hit: Hit, document: Passages | None = None) -> list[str]:
    """The dates, years, document numbers and periods of the question (``given``) that neither
    the cited passage (with its title and file name) nor, when given, its document states."""
    facts = unstated(question, Stated(f"{hit.chunk.title} {hit.chunk.doc} {hit.chunk.text}"))
    if facts and document is not None:
        whole = _document_text(document(hit.chunk.doc))
        facts = unstated(question, Stated(f"{hit.chunk.title} {hit.chunk.doc} {whole}"))
    return facts


def _named_in(names: list[list[str]], text: str) -> bool:
    """Whether one of the names (as words) is in ``text`` (a ``_word_string``), word for word
    around its acronyms ("UBND" is written out in many ways); a long word may differ by one
    letter ("Fraklin", "Peurto Rico": typed in haste)."""
    return any(_found(words, text) or _found_apart(words, text) for words in names)


def _found(words: list[str], text: str) -> bool:
    """Whether the name ``words`` is in ``text``, around its acronyms; a name of acronyms
    alone ("UBND HĐND") has nothing to compare."""
    parts = [_spelled(p.strip().lower()) for p in re.split(r"\b[A-Z]{2,}\b", " ".join(words)) if p.strip()]
    return all(f" {p} " in text or _near_in(p.split(), text) for p in parts)


PERSON_WORDS = 3  # a Vietnamese person's full name: surname, middle and given name


def _found_apart(words: list[str], text: str) -> bool:
    """Whether ``text`` holds the body and the person a run of names joins (``_body_and_person``)."""
    parts = _body_and_person(words)
    return bool(parts) and all(_found(part, text) for part in parts)


def _body_and_person(words: list[str]) -> list[list[str]]:
    """A run of capitalized words that joins a body and its person ("VietinBank Lê Đức Thọ",
    diacritic-free) as its two names, where a full name of ``PERSON_WORDS`` or more words
    starting with a surname ends it; else none."""
    return next(([words[:i], words[i:]] for i in range(1, len(words) - PERSON_WORDS + 1)
                 if words[i] in FOLDED_SURNAMES), [])


def _spelled(words: str) -> str:
    """Diacritic-free words with a final "y" after a consonant as "i": "Hoa Kỳ" and "Hoa Kì",
    "lý" and "lí" are one word spelled two ways."""
    return re.sub(r"(?<=[bcdghklmnpqrstvx])y\b", "i", words)


def _near_in(name: list[str], text: str) -> bool:
    """Whether ``name`` occurs in ``text`` (a ``_word_string``) with each word equal or, when
    long, one edit away."""
    words, n = text.split(), len(name)
    return any(all(a == b or (len(a) >= FUZZY_LENGTH and _one_edit(a, b)) for a, b in zip(name, words[i:i + n]))
               for i in range(len(words) - n + 1))


def _one_edit(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _word_string(text: str) -> str:
    """Diacritic-free lower-case words of ``text`` joined by single spaces, with a space at each
    end, "y" after a consonant spelled "i"."""
    return _spelled(" " + " ".join(_WORD.findall(fold_diacritics(text.lower()))) + " ")


_SPEAKER = re.compile(r"\b(?:[Tt]heo|[Ôô]ng|[Bb]à|[Đđ]ồng chí)\s+(?:(?:ông|bà|đồng chí)\s+)?$")


# A document's passages in text order, by document name.
Passages = Callable[[str], list[Hit]]


def answer_from_index(question: str, hits: list[Hit], index: Index, query_vector: np.ndarray,
                      min_coverage: float, reader: Reader | None = None,
                      min_answerability: float = Settings.min_answerability) -> Answer:
    """``answer_question`` with everything it uses from the index: word rarity, sentence vectors,
    and each document's passages; and the reading of the passages when a ``reader`` is given."""
    def document(doc: str) -> list[Hit]:
        return [Hit(i, index.chunks[i], 0.0) for i in index.document_chunks(doc)]

    reading = None
    if reader is not None and hits:
        unread = [h for h in hits[:PASSAGES] if h.reading is None]  # a reranked search read the rest
        for hit, scores in zip(unread, reader.read(read_as(question, hits), [h.chunk.text for h in unread])):
            hit.reading = scores
        reading = [h.reading for h in hits[:PASSAGES]]
    return answer_question(question, hits, idf=index.bm25.syllable_idf, min_coverage=min_coverage,
                           similarity=sentence_similarity(index, query_vector), document=document,
                           reading=reading, min_answerability=min_answerability)


def _document_text(passages: list[Hit]) -> str:
    """A document's text put back together from its overlapping passages (in text order)."""
    parts: list[str] = []
    end = 0
    for hit in passages:
        chunk = hit.chunk
        if chunk.end <= end:
            continue
        parts.append(" " * max(0, chunk.start - end) + chunk.text[max(0, end - chunk.start):])
        end = chunk.end
    return "".join(parts)


def _official_answer(question: str, kind: str, fact: str, hits: list[Hit], document: Passages,
                     passages: int) -> Answer | None:
    """The asked letterhead or signature fact of the best passages' document, citing a passage
    that states it (added to the list when the search did not return one)."""
    for doc in dict.fromkeys(h.chunk.doc for h in hits[:passages]):
        parts = document(doc)
        text = _document_text(parts)
        stated = None if about_other_document(question, text) else read_fact(text, fact)
        if stated is None:
            continue
        line = text[stated.line_start:stated.line_end]
        line_start = stated.line_start + len(line) - len(line.lstrip())
        line_end = stated.line_start + len(line.rstrip())
        hits, at = _cite(hits, parts, [(line_start, line_end), (stated.start, stated.end)])
        cited = hits[at]
        line_start, line_end = max(line_start, cited.chunk.start), min(line_end, cited.chunk.end)
        evidence = Evidence(hit_index=at, start=line_start,
                            end=line_end, text=text[line_start:line_end], score=1.0, coverage=1.0,
                            span_start=stated.start, span_end=stated.end, kind=kind)
        return Answer(question=question, text=text[stated.start:stated.end], hits=hits,
                      evidence=evidence, answered=True)
    return None


def _cite(hits: list[Hit], parts: list[Hit], wanted: list[tuple[int, int]]) -> tuple[list[Hit], int]:
    """The hit list and the position in it of the passage to cite for the ``wanted`` spans,
    preferred in their order: the best-ranked listed passage holding one whole, else the
    document's first passage (``parts``, in text order) holding one, added to the list; with
    none holding any, the passage where the first span starts."""
    listed = [h.chunk_id for h in hits]
    for start, end in wanted:
        holding = [h.chunk_id for h in parts if h.chunk.start <= start and end <= h.chunk.end]
        cited_id = min((c for c in holding if c in listed), key=listed.index, default=None)
        if cited_id is not None:
            return hits, listed.index(cited_id)
    start = wanted[0][0]
    holding = ([h for s, e in wanted for h in parts if h.chunk.start <= s and e <= h.chunk.end]
               or [h for h in parts if h.chunk.start <= start < h.chunk.end][:1] or parts[:1])
    cited = holding[0]
    if cited.chunk_id not in listed:
        hits, listed = [*hits, cited], [*listed, cited.chunk_id]
    return hits, listed.index(cited.chunk_id)


def _list_answer(answer: Answer, document: Passages | None, grounded: bool) -> Answer:
    """A list answer when the question asks for several things (``lists``): the items the
    answering document lists around the evidence, each citing the passage that holds it
    (added to the hits when the search did not return it), ``text`` joining them; the single
    span is the one item where the document lists nothing there. A ``grounded`` evidence
    (covering the question, names and all) that holds nothing of the kind asked ("những ai"
    before a list of bodies) answers when the document lists items there."""
    evidence = answer.evidence
    if not grounded or evidence is None or not asks_for_list(answer.question):
        return answer
    hit = answer.hits[evidence.hit_index]
    parts = document(hit.chunk.doc) if document is not None else [hit]
    text = _document_text(parts)
    spans = find_items(answer.question, text, (evidence.start, evidence.end),
                       (evidence.span_start, evidence.span_end))
    if not spans and not answer.answered:
        return answer
    answer.answered = True
    for start, end in spans or [(evidence.span_start, evidence.span_end)]:
        answer.hits, at = _cite(answer.hits, parts, [(start, end)])
        answer.items.append(Item(text[start:end], at + 1, start, end))
    answer.text = "; ".join(item.text for item in answer.items)
    return answer


def _of_kind(candidate: _Candidate, kind: str) -> bool:
    """Whether the sentence holds an answer of the kind asked; any name answers "ai" (a foreign
    person, an organization) and any place "ở đâu", though only a person or a place after
    "tại/ở" earns the bonus."""
    span = candidate.span
    return kind in (WHAT, HOW, WHY) or (span is not None and (span.strong or kind in (WHO, WHERE)))


def _reading_of(candidate: _Candidate, reading: list[TokenScores] | None) -> TokenScores | None:
    """The reading model's scores of the candidate's passage, when it read it."""
    return reading[candidate.hit_index] if reading and candidate.hit_index < len(reading) else None


def _model_span(candidate: _Candidate, reading: list[TokenScores] | None) -> tuple[int, int] | None:
    """The reading model's best span in the sentence (chunk offsets)."""
    scores = _reading_of(candidate, reading)
    if scores is None:
        return None
    return best_span(scores, candidate.offsets[0], candidate.offsets[-1], READ_MAX_TOKENS)


def _model_answers(candidate: _Candidate, kind: str, model: tuple[int, int], scores: TokenScores) -> bool:
    """Whether the model's span answers instead of the rules': where the rules found none, for
    "what" questions, for "why" and "how" when the rules found no marked span (a reason after
    "vì", a manner after "bằng": on the meeting benchmark those beat the model), and for a person
    or place the model is much surer of than of the rules' one."""
    span = candidate.span
    if span is None or kind == WHAT or (kind in (WHY, HOW) and not span.strong):
        return True
    if kind not in (WHO, WHERE):
        return False
    rule = candidate.offsets[span.start], candidate.offsets[span.end]
    apart = model[1] <= rule[0] or rule[1] <= model[0]
    return apart and span_logit(scores, *model) - span_logit(scores, *rule) >= READ_OVERRIDE


def _model_reading(question: str, kind: str, best: _Candidate, hit: Hit,
                   reading: list[TokenScores] | None) -> tuple[tuple[int, int] | None, bool]:
    """The reading model's span in the best sentence (chunk offsets, whole words, no trailing
    space) where it answers instead of the rules', and whether the answer is of the kind asked."""
    kind_found = _of_kind(best, kind)
    model = _model_span(best, reading)
    if model is None:
        return None, kind_found
    read = _whole_words(hit.chunk.text, *model)
    marked = hit.chunk.text[read[0]:read[1]]
    # Where the rules found no date or number, a time or count the model marks answers.
    fills_in = not kind_found and reads_as(kind, marked, question)
    kind_found = kind_found or fills_in
    if not (fills_in or _model_answers(best, kind, model, reading[best.hit_index])):
        return None, kind_found
    return read, kind_found


# Kinds whose answer the rules check by its form (a phone number or an address, a post): the
# model's span of the passage does not replace it.
CHECKED_KINDS = frozenset({CONTACT, ROLE})


def _model_overrides(evidence: Evidence, hit: Hit, scores: TokenScores | None,
                     sentences: list[_Candidate]) -> Evidence:
    """The evidence with the reading model's best span of the passage as the answer, and the
    sentences holding it as the evidence, where the model scores that span ``PASSAGE_OVERRIDE``
    logits above the answer the rules chose (another number of the sentence, a title for the
    person, a clause of the next sentence), it is not a part of that answer and the question
    is not of a ``CHECKED_KINDS`` kind; else the evidence as it is."""
    if evidence.kind in CHECKED_KINDS:
        return evidence
    base, text = hit.chunk.start, hit.chunk.text
    found = (best_span(scores, 0, int(scores.offsets[-1, 1]), READ_MAX_TOKENS)
             if scores is not None and len(scores.offsets) else None)
    rule = evidence.span_start - base, evidence.span_end - base
    if found is None or span_logit(scores, *found) - span_logit(scores, *rule) < PASSAGE_OVERRIDE:
        return evidence
    start, end = _whole_words(text, *found)
    if rule[0] <= start and end <= rule[1]:  # a part of the rules' answer: a name without its title
        return evidence
    holding = [c for c in sentences if c.offsets[0] < end and start < c.offsets[-1]]
    first = min((c.offsets[0] for c in holding), default=start)
    last = first + len(text[first:max((c.offsets[-1] for c in holding), default=end)].rstrip())
    return Evidence(hit_index=evidence.hit_index, start=base + first, end=base + last, text=text[first:last],
                    score=evidence.score, coverage=evidence.coverage, span_start=base + start,
                    span_end=base + end, kind=evidence.kind)


def answer_question(question: str, hits: list[Hit], idf: Callable[[str], float] | None = None,
                    min_coverage: float = Settings.min_coverage, passages: int = PASSAGES,
                    similarity: Similarity | None = None, document: Passages | None = None,
                    reading: list[TokenScores] | None = None,
                    min_answerability: float = Settings.min_answerability) -> Answer:
    """The best answering sentence of the top passages and the span it holds, or a refusal
    (with the passages still listed) when the best sentence covers too little of the question
    or the reading model (when ``reading`` is given) reads no answer in its passage.
    ``similarity`` gives, for a chunk id, each sentence's cosine to the question; ``document``
    a document's passages, whose letterhead and signature answer questions about its number,
    date of issue and signer."""
    idf = idf or (lambda _word: 1.0)
    question = normalize(question)  # typed with double spaces, combining marks or legacy forms
    kind = classify(question)
    fact = asked_fact(question, kind)
    if fact is not None and document is not None:
        official = _official_answer(question, kind, fact, hits, document, passages)
        if official is not None:
            return official
    candidates = _candidates(question, hits, idf, kind, passages, similarity, reading)
    if not candidates:
        return Answer(question=question, text=NOT_FOUND, hits=hits)
    # The rules and retrieval choose the passage; the reading model, the sentence within it.
    passage = max(candidates, key=lambda c: c.score).hit_index
    best = max((c for c in candidates if c.hit_index == passage), key=lambda c: c.score + c.read_bonus)
    if not _of_kind(best, kind):
        # A sentence nearly as good that holds what is asked ("98,6%", "61/65 người") answers.
        close = [c for c in candidates if _of_kind(c, kind) and c.score >= best.score - KIND_MARGIN]
        best = max(close, key=lambda c: c.score, default=best)
    hit = hits[best.hit_index]
    # Map normalized sentence offsets to the document; strip trailing spaces of the original.
    doc_start = best.origin + best.offsets[0]
    doc_end = best.origin + best.offsets[-1]
    text = hit.chunk.text[doc_start - hit.chunk.start:doc_end - hit.chunk.start].rstrip()
    doc_end = doc_start + len(text)
    read, kind_found = _model_reading(question, kind, best, hit, reading[:passages] if reading else None)
    if read is not None:
        span_text = hit.chunk.text[read[0]:read[1]]
        span_start, span_end = best.origin + read[0], best.origin + read[1]
    elif best.span is not None:
        span_start = best.origin + best.offsets[best.span.start]
        span_end = best.origin + best.offsets[best.span.end]
        span_text = hit.chunk.text[span_start - hit.chunk.start:span_end - hit.chunk.start].rstrip()
        span_end = span_start + len(span_text)
    else:
        span_start, span_end, span_text = doc_start, doc_end, text
    evidence = Evidence(hit_index=best.hit_index, start=doc_start, end=doc_end, text=text,
                        score=best.score, coverage=best.coverage, span_start=span_start,
                        span_end=span_end, kind=kind)
    # A sentence that holds less than SURE_COVERAGE of the question answers only where the
    # reading model reads an answer in its passage.
    read_there = _reading_of(best, reading)
    sure = (read_there is None or best.coverage >= SURE_COVERAGE
            or answerability(read_there, READ_MAX_TOKENS) >= min_answerability)
    grounded = (best.coverage >= min_coverage and sure and not _missing_names(question, hit, document)
                and not _unstated_facts(question, hit, document))
    answered = grounded and kind_found
    if answered and not asks_for_list(question):
        evidence = _model_overrides(evidence, hit, read_there, [c for c in candidates if c.hit_index == best.hit_index])
        span_text = hit.chunk.text[evidence.span_start - hit.chunk.start:evidence.span_end - hit.chunk.start]
    return _list_answer(Answer(question=question, text=span_text if answered else NOT_FOUND, hits=hits,
                               evidence=evidence, answered=answered), document, grounded)
