"""The library API that the CLI and the chat app share: build the index, ask questions."""
from __future__ import annotations

import unicodedata
from datetime import date

from .answer.across import per_meeting, summary
from .answer.extractive import Answer, answer_from_index
from .answer.records import from_records, listed_in_records
from .answer.followup import Turn, resolve
from .answer.generate import add_generated, make_chat_model
from .answer.read import Reader
from .answer.readers import make_reader
from .answer.retrieve import Hit, Retriever
from .answer.tuning import PASSAGES
from .config import Settings
from .embed import TextEmbedder, make_embedder
from .errors import EmptyQuestion, IndexNotFound
from .index.store import open_index
from .meetings.query import find_meetings
from .meetings.record import MeetingRecord


MAX_QUESTION_CHARS = 500
TRUNCATED_NOTICE = f"Câu hỏi quá dài: chỉ {MAX_QUESTION_CHARS} ký tự đầu được dùng để tìm kiếm."


def clean_question(question: str) -> tuple[str, list[str]]:
    """The question without control characters, cut to a length search handles quickly (with
    a notice saying so); raises ``EmptyQuestion`` when nothing is left."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in question)
    text = " ".join(text.split())
    if not text:
        raise EmptyQuestion("The question is empty.")
    if len(text) > MAX_QUESTION_CHARS:
        return text[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0], [TRUNCATED_NOTICE]
    return text, []


class Assistant:
    """A loaded index with its embedder, ready to answer questions."""

    def __init__(self, settings: Settings, embedder: TextEmbedder | None = None,
                 reader: Reader | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        self.index = open_index(settings.index)
        built_with = self.index.manifest["embedding"]["model_id"]
        if built_with != self.embedder.model_id:
            raise IndexNotFound(f"The index in {settings.index} was built with {built_with}, not "
                                f"{self.embedder.model_id}. Rebuild it with: qa index")
        self.reader = reader or make_reader(settings)
        self.retriever = Retriever(self.index, self.embedder, settings, reader=self.reader)
        self.chat_model = make_chat_model(settings) if settings.llm_base_url else None

    def ask(self, question: str, k: int | None = None, docs: set[str] | None = None,
            history: list[Turn] | None = None, since: date | None = None,
            until: date | None = None) -> Answer:
        """Answer from the best passages, optionally only from the documents in ``docs`` and
        dated within [``since``, ``until``]; ``history`` (earlier question/answer pairs)
        resolves follow-up questions."""
        question, notices = clean_question(question)
        if since is not None or until is not None:
            dated = self.index.documents_dated(since, until)
            docs = dated if docs is None else docs & dated
        searched = resolve(question, history or [])
        hits = self.retriever.search(searched, k or self.settings.k, docs=docs)
        answer = (from_records(searched, self.index, hits, docs)
                  or listed_in_records(self._answer(searched, hits), self.index, docs))
        answer.question = question
        answer.resolved_question = searched if searched != question else None
        answer.notices.extend(notices)
        if self.chat_model is not None:
            answer = add_generated(answer, self.chat_model)
        return answer

    def _answer(self, question: str, hits: list[Hit]) -> Answer:
        """The answer from ``hits``; when several meetings answer the question differently and
        it does not say which, each meeting's answer (``Answer.meetings``)."""
        query_vector = self.retriever.query_vector(question)

        def answer_with(passages: list[Hit]) -> Answer:
            return answer_from_index(question, passages, self.index, query_vector, self.settings.min_coverage,
                                     self.reader, self.settings.min_answerability)

        def answer_in(doc: str) -> Answer:
            return answer_with(self.retriever.search(question, PASSAGES, docs={doc}))

        answer = answer_with(hits)
        answer.meetings = per_meeting(question, answer, self.index, answer_in)
        if answer.meetings:
            answer.text = summary(answer.meetings)
        return answer

    def meetings(self, since: date | None = None, until: date | None = None, chair: str | None = None,
                 doc: str | None = None, docs: set[str] | None = None) -> list[MeetingRecord]:
        """The meeting records of the index dated within [``since``, ``until``], chaired by
        ``chair`` (a name, with or without marks), of document ``doc``, among ``docs`` (the
        documents the user may read; None: all), by date then document."""
        return find_meetings(self.index.records.values(), since, until, chair, doc, docs)
