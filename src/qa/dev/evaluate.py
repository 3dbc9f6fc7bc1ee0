"""Measuring retrieval and answers: recall@k, MRR@10 and nDCG@10 of the retriever, F1, EM and
refusals of the answers on a question set; list answers' item precision and recall and the
meeting records' field accuracy (``qa.dev.lists``) where the set has them.

Retrieval changes (chunking, models, BM25/hybrid) must be judged on numbers from real
questions, not on a few hand-picked ones. A dataset is either a SQuAD v1.1/v2.0 JSON file
(each paragraph is a document) or a folder with ``questions.jsonl`` and its documents in
``corpus/``, ``distractors.json`` or both (see ``load_dataset``). The eval builds its own index, cached under ``settings.data/eval/<key>``
so a rerun on the same data embeds nothing, and never touches the user's index.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import shutil
import sys
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from tqdm import tqdm

from ..answer.extractive import Answer
from ..answer.read import answerability
from ..answer.retrieve import Hit
from ..answer.tuning import READ_MAX_TOKENS
from ..assistant import Assistant
from ..config import MODES, Settings
from ..embed import TextEmbedder, make_embedder
from ..index.store import BuildReport, Index, build_index, sha256_file
from ..ingest.chunk import Chunk
from ..ingest.load import SUPPORTED_SUFFIXES, list_corpus, load_document
from ..ingest.normalize import normalize, normalize_with_offsets
from ..meetings.record import RECORDS
from .lists import RECORD_KEYS, ListTally, answer_tokens, record_accuracy, reference_value, word_f1

# Bumped when the way documents are materialized changes: older caches are then not reused.
EVAL_FORMAT = 2
RECALL_DEPTHS = (1, 5, 10, 20)
PASSAGE_CHARS = 300  # of each top passage written to --out
LETTERS_MIN = 12  # letters and digits an evidence needs to be matched on those alone


@dataclass
class Question:
    id: str
    question: str
    doc: str | None  # id of the gold document in the eval corpus
    answers: list[str]
    evidence: str | None
    answerable: bool
    where: str  # "file:line" or "file: article a, paragraph p", for error messages
    title: str = ""  # of its article (SQuAD): ``--only`` keeps the questions of some articles
    items: list[str] | None = None  # a list question's reference items; None: a single answer
    docs: list[str] = field(default_factory=list)  # a list question's documents (``doc`` the first)


@dataclass
class Dataset:
    path: Path
    kind: str  # "squad" or "folder"
    documents: list[tuple[str, Path | str]]  # (document id, source file or the text itself)
    questions: list[Question]
    fingerprint: str  # sha256 of the documents' content: what the cached index depends on
    records: list[dict] | None = None  # hand-labelled meeting records (``records.jsonl``), if any


# ---------------------------------------------------------------- metrics (pure)

def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Fraction of questions whose first relevant chunk is within the top ``k`` (1-based ranks)."""
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def mrr_at(ranks: Sequence[int | None], k: int) -> float:
    """Mean reciprocal rank of the first relevant chunk, 0 for a question with none in the top ``k``."""
    return sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def ndcg_at(relevance: Sequence[bool], n_relevant: int, k: int) -> float:
    """Binary nDCG@k of one ranked list; the ideal list has ``n_relevant`` hits (those that exist
    in the index), so retrieving one of several relevant chunks is not a perfect score."""
    dcg = sum(1.0 / math.log2(i + 2) for i, rel in enumerate(relevance[:k]) if rel)
    ideal_hits = min(max(n_relevant, sum(1 for rel in relevance[:k] if rel)), k)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(ideal_hits))
    return dcg / ideal if ideal else 0.0


def first_rank(relevance: Sequence[bool]) -> int | None:
    """1-based rank of the first relevant item, None when there is none."""
    return next((i + 1 for i, rel in enumerate(relevance) if rel), None)


# ---------------------------------------------------------------- answers (pure)

def answer_f1(prediction: str, references: Sequence[str]) -> float:
    """Token-overlap F1 against the best-matching reference."""
    return max((word_f1(prediction, ref) for ref in references), default=0.0)


def answer_em(prediction: str, references: Sequence[str]) -> float:
    """1.0 when the prediction equals a reference, token for token."""
    pred = answer_tokens(prediction)
    return float(any(pred == answer_tokens(ref) for ref in references))


def answer_in(evidence: str, references: Sequence[str]) -> float:
    """1.0 when a reference answer occurs in the evidence sentence."""
    text = " ".join(answer_tokens(evidence))
    return float(any((ref_text := " ".join(answer_tokens(ref))) and f" {ref_text} " in f" {text} "
                     for ref in references))


# ---------------------------------------------------------------- relevance (pure)

def _fold(text: str) -> str:
    """For containment tests: normalized, line breaks as spaces, lower case."""
    return normalize(text).replace("\n", " ").lower()


def _letters(norm: str, offsets: list[int]) -> tuple[str, list[tuple[int, int]]]:
    """The letters and digits of a normalized text (``normalize_with_offsets``) in lower case,
    and the span of the original text each came from."""
    kept = [i for i, c in enumerate(norm) if c.isalnum()]
    return "".join(norm[i] for i in kept).lower(), [(offsets[i], offsets[i + 1]) for i in kept]


def locate(needle: str, text: str) -> tuple[int, int] | None:
    """Span of ``needle`` in ``text``: verbatim, else after normalize() on both sides (tone marks,
    Unicode form and spacing often differ between a dataset and a file), else on letters and
    digits alone (a PDF's line-end hyphen, a table's cell separators, other quote marks), mapped
    back to offsets in ``text``."""
    if not needle.strip():
        return None
    at = text.find(needle)
    if at >= 0:
        return at, at + len(needle)
    norm, offsets = normalize_with_offsets(text)
    target = normalize(needle).replace("\n", " ")
    at = norm.replace("\n", " ").find(target)
    if at >= 0:
        return offsets[at], offsets[at + len(target)]
    letters, sources = _letters(norm, offsets)
    target = _letters(*normalize_with_offsets(needle))[0]
    # A short run of letters could match across words by chance.
    at = letters.find(target) if len(target) >= LETTERS_MIN else -1
    if at < 0:
        return None
    return sources[at][0], sources[at + len(target) - 1][1]


def relevant_chunks(chunks: Sequence[Chunk], text: str, evidence: str | None,
                    answers: Sequence[str]) -> tuple[list[int], str]:
    """Positions in ``chunks`` (the gold document's, offsets into ``text``) that answer the
    question, and the rule used: "evidence" (overlaps the evidence span), "answer" (contains a
    reference answer), "answer-span" (overlaps an answer that no single chunk holds whole),
    "document" (any chunk: nothing more precise given) or "document-fallback" (the answers
    are not in the document). Evidence that is not in ``text`` is ignored (the caller warns:
    one mistyped evidence should not cost the whole run)."""
    span = locate(evidence, text) if evidence else None
    if span is not None:
        return [i for i, c in enumerate(chunks) if c.start < span[1] and span[0] < c.end], "evidence"
    refs = [r for r in (_fold(a) for a in answers) if r.strip()]
    if refs:
        found = [i for i, c in enumerate(chunks) if any(r in _fold(c.text) for r in refs)]
        if found:
            return found, "answer"
        spans = [s for s in (locate(a, text) for a in answers) if s]
        found = [i for i, c in enumerate(chunks) if any(c.start < e and s < c.end for s, e in spans)]
        if found:
            return found, "answer-span"
        return list(range(len(chunks))), "document-fallback"
    return list(range(len(chunks))), "document"


# ---------------------------------------------------------------- datasets

def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a valid JSON file ({exc})") from None


def _squad_page(title: str, context: str) -> str:
    """A paragraph as a web page: its article's title as the page title, the context as the
    body. Search sees a document's title with each of its passages (``index.passage_text``),
    as it does for any file; the text that is chunked and scored stays the context alone."""
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">{head}</head>\n'
            f"<body><p>{html.escape(context)}</p></body></html>\n")


def _load_squad(path: Path) -> Dataset:
    """Each paragraph becomes document ``pNNNNN.html``: its article's title and its context,
    so answer texts are found in it as written; an ``is_impossible`` question is unanswerable."""
    data = _read_json(path)
    articles = data.get("data") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        raise ValueError(f"{path}: not a SQuAD file (no \"data\" list)")
    documents: list[tuple[str, Path | str]] = []
    questions: list[Question] = []
    for a, article in enumerate(articles, 1):
        paragraphs = article.get("paragraphs") if isinstance(article, dict) else None
        title = article.get("title") if isinstance(article, dict) else None
        title = title.strip() if isinstance(title, str) else ""
        if not isinstance(paragraphs, list):
            raise ValueError(f"{path}: article {a} has no \"paragraphs\" list")
        for p, para in enumerate(paragraphs, 1):
            where = f"{path}: article {a}, paragraph {p}"
            context = para.get("context") if isinstance(para, dict) else None
            qas = para.get("qas", []) if isinstance(para, dict) else None
            if not isinstance(context, str) or not context.strip() or not isinstance(qas, list):
                raise ValueError(f"{where}: needs a non-empty \"context\" and a \"qas\" list")
            doc_id = f"p{len(documents) + 1:05d}.html"
            documents.append((doc_id, _squad_page(title, context)))
            for n, qa in enumerate(qas, 1):
                text = qa.get("question") if isinstance(qa, dict) else None
                answers = (qa.get("answers") or []) if isinstance(qa, dict) else []
                if not isinstance(text, str) or not text.strip() or not isinstance(answers, list):
                    raise ValueError(f"{where}, question {n}: needs a \"question\" and an \"answers\" list")
                questions.append(Question(
                    id=str(qa.get("id", f"{a}.{p}.{n}")), question=text, doc=doc_id,
                    answers=[x["text"] for x in answers if isinstance(x, dict) and isinstance(x.get("text"), str)],
                    evidence=None, answerable=not qa.get("is_impossible", False),
                    where=f"{where}, question {n}", title=title))
    return Dataset(path=path, kind="squad", documents=documents, questions=questions,
                   fingerprint=sha256_file(path))


def _distractors(folder: Path) -> list[tuple[str, Path]]:
    """Extra documents from ``distractors.json`` (``paths`` relative to the dataset folder,
    ``glob``, ``limit`` per path), as ``distractors/<path relative to its folder>``. A folder
    that is missing is skipped with a warning: the data may not be on every machine."""
    spec_path = folder / "distractors.json"
    if not spec_path.exists():
        return []
    spec = _read_json(spec_path)
    paths = spec.get("paths") if isinstance(spec, dict) else None
    pattern = spec.get("glob", "**/*") if isinstance(spec, dict) else None
    limit = spec.get("limit") if isinstance(spec, dict) else None
    if (not isinstance(paths, list) or not all(isinstance(p, str) for p in paths)
            or not isinstance(pattern, str) or not pattern
            or not (limit is None or (isinstance(limit, int) and limit >= 0))):
        raise ValueError(f"{spec_path}: expected {{\"paths\": [folders], \"glob\": pattern, \"limit\": n}}")
    found: list[tuple[str, Path]] = []
    for name in paths:
        root = folder / name
        if not root.is_dir():
            print(f"Warning: distractor folder {root} not found; evaluating without it.", file=sys.stderr)
            continue
        try:
            matches = sorted(
                (f.relative_to(root).as_posix(), f) for f in root.glob(pattern)
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(root).parts))
        except (ValueError, NotImplementedError) as exc:  # e.g. an absolute pattern
            raise ValueError(f"{spec_path}: bad \"glob\" {pattern!r} ({exc})") from None
        found += [(f"distractors/{rel}", f) for rel, f in matches[:limit]]
    return found


def _doc_key(doc: str) -> str:
    """A document path as datasets write it, compared with the corpus files' ids: the same
    Unicode form (a file named on a Mac has decomposed tone marks), "/" for "\\", no leading
    "./" or "corpus/"."""
    key = unicodedata.normalize("NFC", doc.strip()).replace("\\", "/")
    while key.startswith(("./", "corpus/")):
        key = key.split("/", 1)[1]
    return key


def _json_lines(path: Path) -> list[tuple[str, dict]]:
    """The JSON objects of a JSON-lines file, each with its "file:line"."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    found = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise ValueError(f"{where}: expected a JSON object")
        found.append((where, obj))
    return found


def _question(obj: dict, where: str, find: Callable[[object, str], str]) -> Question:
    """One line of ``questions.jsonl`` (``find`` gives a named document's id)."""
    text, doc = obj.get("question"), obj.get("doc")
    answers, evidence = obj.get("answers") or [], obj.get("evidence")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}: \"question\" must be a non-empty string")
    if "doc" not in obj:
        raise ValueError(f"{where}: missing \"doc\" (a document's id, or null)")
    listed = obj.get("type") == "list"
    docs = [find(d, where) for d in (doc if listed and isinstance(doc, list) else [doc] if doc is not None else [])]
    if not isinstance(answers, list) or not all(isinstance(x, str) for x in answers):
        raise ValueError(f"{where}: \"answers\" must be a list of strings")
    if evidence is not None and (not isinstance(evidence, str) or not evidence.strip()):
        raise ValueError(f"{where}: \"evidence\" must be a non-empty string or null")
    items = obj.get("items") if listed else None
    if listed and (not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items)
                   or bool(items) != bool(docs)):
        raise ValueError(f"{where}: a list question needs \"items\": non-empty strings of its documents "
                         "(none when \"doc\" is null)")
    return Question(id=str(obj.get("id", where.rsplit(":", 1)[1])), question=text,
                    doc=docs[0] if docs else None, answers=answers, evidence=evidence,
                    answerable=bool(docs), where=where, items=items, docs=docs)


def _records(path: Path, find: Callable[[object, str], str]) -> list[dict] | None:
    """The hand-labelled records of ``records.jsonl`` (None without the file), each with its
    document's id as ``doc``."""
    if not path.is_file():
        return None
    records = []
    for where, obj in _json_lines(path):
        unknown = sorted(set(obj) - {"doc", *RECORD_KEYS})
        if unknown:
            raise ValueError(f"{where}: unknown record keys {', '.join(unknown)} "
                             f"(known: doc, {', '.join(RECORD_KEYS)})")
        for name, value in obj.items():
            if name != "doc":
                try:
                    reference_value(name, value)
                except ValueError as exc:
                    raise ValueError(f"{where}: {exc}") from None
        records.append({**obj, "doc": find(obj.get("doc"), where)})
    return records


def _load_folder(folder: Path) -> Dataset:
    """``corpus/`` (documents keep their path as id) and/or ``distractors.json`` (at least one),
    ``questions.jsonl``: {"id", "question", "doc" (a path under corpus/, a distractor's id such
    as "distractors/Cluster_200/1319.txt", or null), "answers",
    "evidence" (verbatim text of the document, or null)} per line, a list question with
    "type": "list" and its "items" ("doc" may then list several documents), and optional
    ``records.jsonl`` (hand-labelled meeting records, see ``qa.meetings.record``)."""
    corpus, qfile = folder / "corpus", folder / "questions.jsonl"
    if not corpus.is_dir() and not (folder / "distractors.json").is_file():
        raise ValueError(f"{folder}: no corpus/ folder and no distractors.json")
    if not qfile.is_file():
        raise ValueError(f"{folder}: no questions.jsonl")
    own = [(doc_id, path) for doc_id, path in (list_corpus(corpus) if corpus.is_dir() else [])
           if path.suffix.lower() in SUPPORTED_SUFFIXES]
    documents: list[tuple[str, Path | str]] = [*own, *_distractors(folder)]
    ids = [doc_id for doc_id, _ in documents]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"{folder}: two documents have the id {dup!r} (corpus/ and distractors?)")
    known = set(ids)
    by_key = {_doc_key(doc_id): doc_id for doc_id in known}

    def find(doc: object, where: str) -> str:
        found = (doc if doc in known else by_key.get(_doc_key(doc))) if isinstance(doc, str) else None
        if found is None:
            raise ValueError(f"{where}: document {doc!r} is not in {corpus} or the distractors")
        return found

    questions = [_question(obj, where, find) for where, obj in _json_lines(qfile)]
    listing = json.dumps(sorted((doc_id, sha256_file(path)) for doc_id, path in documents))
    return Dataset(path=folder, kind="folder", documents=documents, questions=questions,
                   fingerprint=hashlib.sha256(listing.encode("utf-8")).hexdigest(),
                   records=_records(folder / RECORDS, find))


def load_dataset(path: Path) -> Dataset:
    """A SQuAD JSON file or a dataset folder; ValueError naming the file and line when bad."""
    if path.is_dir():
        return _load_folder(path)
    if path.is_file():
        return _load_squad(path)
    raise ValueError(f"dataset not found: {path}")


# ---------------------------------------------------------------- index cache

def _cache_key(data: Dataset, settings: Settings, embedder: TextEmbedder) -> str:
    """Everything the eval index depends on; a change gives a fresh cache folder."""
    material = {"eval_format": EVAL_FORMAT, "kind": data.kind, "content": data.fingerprint,
                "backend": embedder.backend, "model": embedder.model_id,
                "chunking": settings.chunking()}
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode("utf-8")).hexdigest()


def _materialize(data: Dataset, cache: Path) -> Path:
    """The documents as files in ``<cache>/corpus`` (written once, published by a rename so
    two evals of the same data cannot leave a half-written corpus)."""
    corpus = cache / "corpus"
    if corpus.is_dir():
        return corpus
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "source.json").write_text(json.dumps({"dataset": str(data.path.resolve())}), encoding="utf-8")
    tmp = cache / f"corpus.tmp-{uuid.uuid4().hex[:8]}"
    for doc_id, source in data.documents:
        target = tmp / doc_id
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        else:
            target.write_bytes(source.encode("utf-8"))
    tmp.mkdir(exist_ok=True)  # a dataset without documents
    try:
        os.rename(tmp, corpus)
    except OSError:  # another eval published it first
        shutil.rmtree(tmp, ignore_errors=True)
    return corpus


def _warn_list(what: str, items: list[str], limit: int = 5) -> None:
    if items:
        more = f" and {len(items) - limit} more" if len(items) > limit else ""
        print(f"Warning: {what}: {', '.join(items[:limit])}{more}.", file=sys.stderr)


# ---------------------------------------------------------------- the run

@dataclass
class Tally:
    """What the run accumulates over the questions, turned into metrics by ``_metrics``."""

    ranks: list[int | None] = field(default_factory=list)  # answerable questions only
    ndcgs: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # retrieval, ms
    answer_ms: list[float] = field(default_factory=list)  # Assistant.ask, ms
    scores: dict[str, list[float]] = field(
        default_factory=lambda: {"f1": [], "em": [], "in_evidence": []})
    refused: list[tuple[bool, bool]] = field(default_factory=list)  # (refused, answerable)
    unindexed: list[str] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    lost_evidence: list[str] = field(default_factory=list)
    lost_items: list[str] = field(default_factory=list)  # list questions with an item not in their documents
    lists: ListTally = field(default_factory=ListTally)  # list questions only
    records: list[dict] | None = None  # per question, for ``--out``; None: not kept


def _open_assistant(data: Dataset, settings: Settings, mode: str, embedder: TextEmbedder,
                    progress: bool) -> tuple[Assistant, Path, BuildReport]:
    """An ``Assistant`` over the eval's own index (built or updated in the cache, with a
    progress bar on stderr when ``progress``), the materialized corpus and the build report."""
    cache = settings.data / "eval" / _cache_key(data, settings, embedder)
    corpus = _materialize(data, cache)
    report = build_index(settings, embedder, progress=progress, corpus=corpus, index_dir=cache / "index")
    _warn_list(f"{len(report.skipped)} documents could not be indexed",
               [f"{doc} ({reason})" for doc, reason in report.skipped])
    assistant = Assistant(settings.replace(index=cache / "index", mode=mode), embedder=embedder)
    return assistant, corpus, report


def _relevant(q: Question, index: Index, corpus: Path, texts: dict[str, str],
              tally: Tally) -> set[tuple[str, int, int]]:
    """(doc, start, end) of the chunks that answer ``q``; notes the questions judged loosely."""
    if not q.answerable or q.doc is None:
        return set()
    ids = index.document_chunks(q.doc)
    if not ids:
        tally.unindexed.append(q.id)
        return set()
    if q.doc not in texts:
        texts[q.doc] = load_document(corpus / q.doc, q.doc).text
    gold = [index.chunks[i] for i in ids]
    found, rule = relevant_chunks(gold, texts[q.doc], q.evidence, q.answers)
    if q.evidence and rule != "evidence":
        tally.lost_evidence.append(q.where)
    if rule == "document-fallback":
        tally.fallbacks.append(q.id)
    return {(gold[i].doc, gold[i].start, gold[i].end) for i in found}


def _check_items(q: Question, corpus: Path, texts: dict[str, str], tally: Tally) -> None:
    """Notes a list question with a reference item that none of its documents holds."""
    for doc in q.docs:
        if doc not in texts:
            texts[doc] = load_document(corpus / doc, doc).text
    if any(all(locate(item, texts[doc]) is None for doc in q.docs) for item in q.items or []):
        tally.lost_items.append(q.where)


def _evaluate_list(q: Question, assistant: Assistant, k: int, tally: Tally) -> None:
    """Answer a list question as a user would and count its items against the references."""
    started = time.perf_counter()
    answer = assistant.ask(q.question, k=max(k, assistant.settings.k))
    tally.answer_ms.append((time.perf_counter() - started) * 1000)
    given = [item.text for item in answer.items]
    tally.lists.add(given, q.items or [])
    if tally.records is not None:
        tally.records.append({"id": q.id, "question": q.question, "type": "list", "docs": q.docs,
                              "items": q.items, "answer": answer.text, "answered": answer.answered,
                              "given": [{"text": i.text, "n": i.n, "start": i.start, "end": i.end,
                                         "doc": answer.hits[i.n - 1].chunk.doc} for i in answer.items]})


def _record(q: Question, answer: Answer, hits: list[Hit], flags: list[bool]) -> dict:
    """One line of ``--out``: the answer, its evidence, and the top passages (whether each is
    relevant, and the reading model's answerability where it read it)."""
    return {
        "id": q.id, "question": q.question, "doc": q.doc if q.answerable else None,
        "answers": q.answers, "rank": first_rank(flags), "answer": answer.text, "answered": answer.answered,
        "evidence": answer.evidence.text if answer.evidence else None,
        "span": _span(answer),
        "coverage": round(answer.evidence.coverage, 4) if answer.evidence else 0.0,
        "answerability": _read_score(answer.hits[answer.evidence.hit_index]) if answer.evidence else None,
        "passages": [{"doc": h.chunk.doc, "start": h.chunk.start, "end": h.chunk.end,
                      "score": round(float(h.score), 4), "relevant": relevant,
                      "answerability": _read_score(h),
                      "text": h.chunk.text[:PASSAGE_CHARS]}
                     for h, relevant in zip(hits, flags)]}


def _span(answer: Answer) -> str | None:
    """The short answer the evidence holds, also when the assistant refused to give it."""
    ev = answer.evidence
    return ev.text[ev.span_start - ev.start:ev.span_end - ev.start] if ev else None


def _read_score(hit: Hit) -> float | None:
    """The reading model's answerability of a passage, when it read it."""
    return None if hit.reading is None else round(answerability(hit.reading, READ_MAX_TOKENS), 3)


def _score_answer(q: Question, answer: Answer, tally: Tally) -> None:
    """Refusal counts, and F1/EM/evidence against the references of an answerable question."""
    tally.refused.append((not answer.answered, q.answerable))
    if q.answerable and q.answers:
        given = answer.text if answer.answered else ""
        tally.scores["f1"].append(answer_f1(given, q.answers))
        tally.scores["em"].append(answer_em(given, q.answers))
        tally.scores["in_evidence"].append(answer_in(answer.evidence.text, q.answers)
                                           if answer.answered and answer.evidence else 0.0)


def _evaluate_question(q: Question, assistant: Assistant, relevant: set[tuple[str, int, int]],
                       mode: str, k: int, depth: int, tally: Tally) -> None:
    """Rank the question's top ``depth`` passages and answer it as a user would (``Assistant.ask``)."""
    started = time.perf_counter()
    hits = assistant.retriever.search(q.question, depth, mode=mode)
    tally.latencies.append((time.perf_counter() - started) * 1000)
    flags = [(h.chunk.doc, h.chunk.start, h.chunk.end) in relevant for h in hits]
    started = time.perf_counter()
    answer = assistant.ask(q.question, k=max(k, assistant.settings.k))
    tally.answer_ms.append((time.perf_counter() - started) * 1000)
    _score_answer(q, answer, tally)
    if q.answerable:
        tally.ranks.append(first_rank(flags))
        tally.ndcgs.append(ndcg_at(flags, len(relevant), 10))
    if tally.records is not None:
        tally.records.append(_record(q, answer, hits[:k], flags[:k]))


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile to 0.01, 0.0 for no values."""
    return round(float(np.percentile(values, q)), 2) if values else 0.0


def _mean(values: list[float]) -> float | None:
    """The mean to 4 decimals, None for no values."""
    return round(sum(values) / len(values), 4) if values else None


def _metrics(tally: Tally) -> dict:
    """Retrieval, answer and refusal figures of a finished run."""
    ranks, refused = tally.ranks, tally.refused
    result: dict = {f"recall@{d}": round(recall_at(ranks, d), 4) for d in RECALL_DEPTHS}
    result["mrr@10"] = round(mrr_at(ranks, 10), 4)
    result["ndcg@10"] = _mean(tally.ndcgs) or 0.0
    result["latency_ms_p50"] = percentile(tally.latencies, 50)
    result["latency_ms_p95"] = percentile(tally.latencies, 95)
    for name, values in tally.scores.items():
        result[f"answer_{name}"] = _mean(values)
    true_refusals = sum(1 for r, a in refused if r and not a)
    result["refusal_precision"] = round(true_refusals / max(1, sum(r for r, _ in refused)), 4)
    result["refusal_recall"] = (round(true_refusals / sum(1 for _, a in refused if not a), 4)
                                if any(not a for _, a in refused) else None)
    result["answerable_refused"] = round(sum(1 for r, a in refused if r and a) / max(1, len(ranks)), 4)
    result["answer_ms_p50"] = percentile(tally.answer_ms, 50)
    result.update(tally.lists.metrics())
    return result


def _warn_loose(tally: Tally) -> None:
    """Name the questions that were scored as misses or judged by a looser rule."""
    _warn_list(f"{len(tally.unindexed)} questions have a gold document that is not in the index "
               "(counted as misses)", tally.unindexed)
    _warn_list(f"{len(tally.lost_evidence)} questions have an evidence that is not in their document "
               "(judged by their answers instead)", tally.lost_evidence)
    _warn_list(f"{len(tally.fallbacks)} questions have no reference answer in their document "
               "(any chunk of it counts)", tally.fallbacks)
    _warn_list(f"{len(tally.lost_items)} list questions have an item that is not in their documents",
               tally.lost_items)


def _fusion(settings: Settings, mode: str) -> str | None:
    """Hybrid results depend on the fusion settings: they are recorded with the figures."""
    if mode != "hybrid":
        return None
    if settings.fusion == "rrf":
        return f"rrf(k={settings.rrf_k})"
    return f"{settings.fusion}(dense_weight={settings.dense_weight})"


def only_titles(path: Path) -> set[str]:
    """The article titles listed under "titles" in a JSON file (``qa eval --only``)."""
    data = _read_json(path)
    titles = data.get("titles") if isinstance(data, dict) else None
    if not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
        raise ValueError(f"{path}: needs a \"titles\" list of article titles")
    return set(titles)


def run_eval(dataset: Path, settings: Settings, mode: str, k: int, out: Path | None = None,
             progress: bool = True, embedder: TextEmbedder | None = None,
             index_progress: bool = True, only: set[str] | None = None) -> dict:
    """Retrieve for every single-answer question and score the ranking, and answer it through
    ``Assistant.ask``; answer every list question and count its items; score the dataset's
    labelled records against the index's; returns the metrics (the retrieval and answer
    figures are the single-answer questions'). With ``out``, writes one JSON line per question
    (rank of the first relevant chunk within the top ``k``, the answer, the top ``k``
    passages) for reading the failures. ``only`` keeps the questions of the articles with
    those titles (the corpus stays whole): a split held out of training. ``progress`` shows a
    bar over the questions, ``index_progress`` one while the eval's index is built (both on
    stderr)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r} (expected one of: {', '.join(MODES)})")
    if k < 1:
        raise ValueError("k must be at least 1")
    data = load_dataset(dataset)
    if only is not None:
        data.questions = [q for q in data.questions if q.title in only]
        if not data.questions:
            raise ValueError(f"{dataset}: no question of the articles listed by --only")
    embedder = embedder or make_embedder(settings)
    assistant, corpus, report = _open_assistant(data, settings, mode, embedder, index_progress)
    depth = max(k, max(RECALL_DEPTHS))
    if data.questions:  # one-off costs (segmenter load, vector matrix) are not per-question latency
        assistant.retriever.search(data.questions[0].question, depth, mode=mode)
    tally, texts = Tally(records=[] if out is not None else None), {}
    lists = [q for q in data.questions if q.items is not None]
    for q in tqdm(data.questions, desc="Evaluating", unit="question", file=sys.stderr,
                  disable=not progress):
        if q.items is not None:
            _check_items(q, corpus, texts, tally)
            _evaluate_list(q, assistant, k, tally)
            continue
        relevant = _relevant(q, assistant.index, corpus, texts, tally)
        _evaluate_question(q, assistant, relevant, mode, k, depth, tally)
    _warn_loose(tally)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in tally.records or []),
                       encoding="utf-8")
    return {"dataset": str(dataset), "mode": mode, "k": k, "fusion": _fusion(settings, mode),
            "rerank": settings.rerank if assistant.reader is not None else 0,
            "questions": len(data.questions), "answerable": len(tally.ranks),
            "unanswerable": len(data.questions) - len(tally.ranks) - len(lists),
            "list_questions": len(lists), "documents": report.documents, "chunks": report.chunks,
            **_metrics(tally),
            "record_field_accuracy": (None if data.records is None else
                                      record_accuracy(data.records, assistant.index.records.get)),
            "embedded_chunks": report.embedded_chunks,
            "index": str(assistant.settings.index)}


def format_table(result: dict) -> str:
    """The metrics as a short aligned table for the terminal."""
    rows = [
        ("dataset", str(result["dataset"])),
        ("mode", f"{result['mode']}{' ' + result['fusion'] if result.get('fusion') else ''} "
                 f"(k={result.get('k', '?')})"),
        ("questions", f"{result['questions']} ({result['answerable']} answerable, "
                      f"{result['unanswerable']} unanswerable, {result.get('list_questions', 0)} lists)"),
        ("index", f"{result['documents']} documents, {result['chunks']} chunks"),
    ]
    rows += [(f"recall@{d}", f"{result[f'recall@{d}']:.3f}") for d in RECALL_DEPTHS]
    rows += [("mrr@10", f"{result['mrr@10']:.3f}"), ("ndcg@10", f"{result['ndcg@10']:.3f}"),
             ("latency", f"p50 {result['latency_ms_p50']:.1f} ms, p95 {result['latency_ms_p95']:.1f} ms")]
    rows += [(name, "-" if result.get(name) is None else f"{result[name]:.3f}")
             for name in ("answer_f1", "answer_em", "answer_in_evidence", "refusal_precision",
                          "refusal_recall", "answerable_refused", "list_item_precision", "list_item_recall",
                          "record_field_accuracy")]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
