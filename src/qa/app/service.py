"""What the chat app does, without Gradio: answer questions (``/ask`` and the chat share
``ChatApp.ask``), read a cited document for the viewer, list the meetings and show a document's
meeting record, add an uploaded file to the corpus and the index, record feedback, and the
per-session state helpers.

Each request names its ``Caller``: with an access file (``qa.access``), the search, the document
list, the viewer, the meetings and their records and uploads only see the documents that user
may read, and each question, document view, meetings listing and upload goes to the audit log
(``qa.audit``).

Uploaded files are written only inside the corpus folder (with an access file, in the upload
folder of the uploader's group), under a cleaned name, and kept only when ``load_document`` can
read them and the index build takes them.
"""
from __future__ import annotations

import datetime as _dt
import filecmp
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import messages
from ..access import Access, documents_to_search
from ..answer.readers import make_reader
from ..answer.show import answer_to_json
from ..assistant import Assistant, clean_question
from ..audit import Caller, audit_log
from ..config import Settings
from ..embed import TextEmbedder, make_embedder
from ..errors import AccessDenied, IndexNotFound, LoadError, LoadReason
from ..index.store import build_index
from ..ingest.load import SUPPORTED_SUFFIXES, Document, load_document
from ..meetings.record import MeetingRecord

log = logging.getLogger(__name__)

FEEDBACK_FILE = "feedback.jsonl"
HISTORY_TURNS = 3  # earlier question/answer pairs a chat follow-up is resolved with
Record = dict[str, Any]  # an answer's JSON (``answer_to_json``) plus its chat ``message_index``


def sanitize_filename(name: str) -> str:
    """A safe file name for the corpus folder: the last path component of ``name`` only,
    letters (any script), digits, ``. - _`` and spaces; no leading dots; at most 120 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c if (c.isalnum() or c in "._- ") else "_" for c in name)
    name = re.sub(r"[\s_]+", lambda m: "_" if "_" in m.group() else " ", name).strip(" ._-")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem.strip(" ._-") or "tai-lieu"
    suffix = suffix.lower()
    stem = stem[:120 - len(suffix) - 1]
    return f"{stem}.{suffix}" if suffix else stem


def caller(request: Any, via: str = "app") -> Caller:
    """Who sent ``request`` (a ``gr.Request``): the logged-in user and the client's address."""
    client = getattr(request, "client", None)
    return Caller(getattr(request, "username", None), getattr(client, "host", None), via)


def find_record(records: list[Record] | None, message_index: int | None) -> Record | None:
    """The answer shown as chat message ``message_index``."""
    return next((r for r in records or [] if r.get("message_index") == message_index), None)


def follow_up_history(records: list[Record] | None) -> list[tuple[str, str]]:
    """The last answers of a chat as (question, answer) pairs; an unanswered one as ''."""
    turns = [(r["question"], r["answer"] if r.get("answered") else "") for r in records or []]
    return turns[-HISTORY_TURNS:]


@dataclass
class LoadedDocument:
    key: tuple[float, int]  # the file's (mtime, size) when it was read
    document: Document


class ChatApp:
    """The loaded assistant and everything the app does with it; safe to share between threads."""

    def __init__(self, settings: Settings, embedder: TextEmbedder | None = None) -> None:
        self.settings = settings
        self.corpus = Path(settings.corpus).resolve()
        self.embedder = embedder or make_embedder(settings)
        # One reading model for every reload of the index, loaded in the background at start.
        self.reader = make_reader(settings)
        if self.reader is not None:
            threading.Thread(target=self.reader.load, daemon=True).start()
        self.assistant: Assistant | None = None
        self._ask_lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._docs: dict[str, LoadedDocument] = {}
        self.access = Access(settings.access_file())
        self.audit = audit_log(settings)
        self.reload()

    # ------------------------------------------------------------ index

    def reload(self) -> None:
        """Open the live index again (after a build)."""
        with self._ask_lock:
            try:
                self.assistant = Assistant(self.settings, embedder=self.embedder, reader=self.reader)
            except IndexNotFound:
                self.assistant = None

    @property
    def manifest(self) -> dict[str, Any]:
        return self.assistant.index.manifest if self.assistant else {}

    @property
    def _doc_meta(self) -> dict[str, dict[str, Any]]:
        """The manifest's entry of each indexed document, by document id."""
        return self.manifest.get("documents", {})

    def _visible(self, user: str | None) -> dict[str, dict[str, Any]]:
        """The manifest entries of the indexed documents ``user`` may read."""
        readable = self.access.readable(user, self._doc_meta)
        return {doc_id: meta for doc_id, meta in self._doc_meta.items() if readable is None or doc_id in readable}

    def may_read(self, user: str | None, doc_id: str) -> bool:
        """Whether ``user`` may read the corpus file ``doc_id`` (indexed or not)."""
        readable = self.access.readable(user, [doc_id])
        return readable is None or doc_id in readable

    def documents(self, user: str | None = None) -> list[tuple[str, str]]:
        """(title, document id) of every indexed document ``user`` may read, by title."""
        return sorted(((meta.get("title") or doc_id, doc_id) for doc_id, meta in self._visible(user).items()),
                      key=lambda pair: (pair[0].lower(), pair[1]))

    def document_choices(self, user: str | None = None) -> list[tuple[str, str]]:
        """(label, document id) for the document filter: the title, shortened; the file name
        too when two documents share a title."""
        def short(title: str) -> str:
            return title if len(title) <= 50 else title[:50].rsplit(" ", 1)[0] + "…"
        docs = self.documents(user)
        labels = [short(title) for title, _ in docs]
        return [(label if labels.count(label) == 1 else f"{label} ({doc_id})", doc_id)
                for label, (_, doc_id) in zip(labels, docs)]

    def summary(self, user: str | None = None) -> dict[str, Any]:
        """The index's age and size in what ``user`` may read, shaped as the manifest (for
        ``render.status_markdown``); empty without an index."""
        if not self.manifest:
            return {}
        visible = self._visible(user)
        counts = {"documents": len(visible), "chunks": sum(m.get("chunks", 0) for m in visible.values())}
        return {"created": self.manifest.get("created"), "counts": counts}

    # ------------------------------------------------------------ asking

    def ask(self, question: str, documents: list[str] | None = None,
            history: list[tuple[str, str]] | None = None, caller: Caller = Caller()) -> Record:
        """The answer as ``answer_to_json``'s object, searching the ``documents`` (None: all)
        that ``caller`` may read, with ``history`` (earlier question/answer pairs) for a
        follow-up. Raises ``EmptyQuestion``, ``IndexNotFound``, ``NoDocumentsSelected``,
        ``UnknownDocuments``, ``NothingReadable`` or ``AccessFileError``."""
        clean_question(question)
        with self._ask_lock:
            if self.assistant is None:
                raise IndexNotFound(f"No index in {self.settings.index} yet: add documents to "
                                    f"{self.corpus} or upload one.")
            readable = self.access.readable(caller.user, self._doc_meta)
            docs = documents_to_search(self._doc_meta, documents, readable)
            answer = self.assistant.ask(question, docs=docs, history=history or None)
            record = answer_to_json(answer, self._doc_meta)
        self.audit.write("ask", caller, docs=[c["doc"] for c in record["citations"]],
                         question=record["question"], resolved_question=record["resolved_question"],
                         answered=record["answered"])
        return record

    # ------------------------------------------------------------ documents

    def load(self, doc_id: str, caller: Caller = Caller()) -> LoadedDocument:
        """A corpus document ``caller`` may read (judged by where the path leads), read once per
        version of the file; raises ``LoadError`` or ``AccessDenied``."""
        path = (self.corpus / doc_id).resolve()
        if not path.is_relative_to(self.corpus):
            raise LoadError(LoadReason.OUTSIDE_CORPUS, f"{doc_id} is outside the corpus folder")
        doc_id = path.relative_to(self.corpus).as_posix()
        if not self.may_read(caller.user, doc_id):
            self.audit.write("open_refused", caller, docs=[doc_id])
            raise AccessDenied(f"{caller.user} may not read {doc_id}")
        self.audit.write("open", caller, docs=[doc_id])
        try:
            stat = path.stat()
        except OSError:
            raise LoadError(LoadReason.NOT_FOUND, f"file not found: {doc_id}") from None
        key = (stat.st_mtime, stat.st_size)
        cached = self._docs.get(doc_id)
        if cached is None or cached.key != key:
            document = load_document(path, doc_id, max_bytes=int(self.settings.max_file_mb * 1e6))
            cached = LoadedDocument(key, document)
            self._docs[doc_id] = cached
        return cached

    # ------------------------------------------------------------ meetings

    def meetings(self, since: date | None = None, until: date | None = None, chair: str | None = None,
                 doc: str | None = None, caller: Caller = Caller()) -> list[MeetingRecord]:
        """The meeting records of the documents ``caller`` may read, dated within [``since``,
        ``until``], chaired by ``chair`` (a name, with or without marks), of document ``doc``
        (``Assistant.meetings``); the listing goes to the audit log. Raises ``IndexNotFound``."""
        with self._ask_lock:
            if self.assistant is None:
                raise IndexNotFound(f"No index in {self.settings.index} yet.")
            readable = self.access.readable(caller.user, self._doc_meta)
            found = self.assistant.meetings(since, until, chair, doc, readable)
        self.audit.write("meetings", caller, docs=[r.doc for r in found])
        return found

    def record(self, doc_id: str, user: str | None = None) -> MeetingRecord | None:
        """The meeting record of the indexed document ``doc_id`` (None when it has none); raises
        ``AccessDenied`` when ``user`` may not read it."""
        if not self.may_read(user, doc_id):
            raise AccessDenied(f"{user} may not read {doc_id}")
        return self.assistant.index.records.get(doc_id) if self.assistant else None

    # ------------------------------------------------------------ upload

    def add_document(self, path: str | os.PathLike | None, name: str | None = None,
                     caller: Caller = Caller()) -> tuple[bool, str]:
        """Copy an uploaded file into ``caller``'s upload folder (under a cleaned ``name``),
        check that it can be read, then update the index. Returns (ok, Vietnamese message); on
        failure nothing in the corpus or index changes."""
        if not path:
            return False, messages.MSG_NO_FILE
        folder = self._upload_folder(caller.user)
        if folder is None:
            return False, messages.MSG_UPLOAD_NOT_ALLOWED
        source = Path(path)
        safe = sanitize_filename(name or source.name)
        problem = self._upload_problem(source, Path(name or source.name).suffix, safe)
        if problem:
            return False, problem
        with self._write_lock:
            try:
                target = self._store_upload(source, folder / safe, caller.user)
            except LoadError as exc:
                return False, messages.unreadable(safe, exc)
            if target is None:
                return True, messages.duplicate(safe)
            ok, message = self._index_upload(target)
        self.audit.write("upload", caller, docs=[target.relative_to(self.corpus).as_posix()], ok=ok)
        return ok, message

    def _upload_folder(self, user: str | None) -> Path | None:
        """Where ``user``'s uploads go: the corpus without an access file, else the upload
        folder of their group (None when they have none)."""
        policy = self.access.policy()
        if policy is None:
            return self.corpus
        folder = policy.upload_folder(user)
        return None if folder is None else self.corpus / folder

    def _upload_problem(self, source: Path, suffix: str, safe: str) -> str | None:
        """Why the upload is refused before it is copied: its type, size or absence."""
        if Path(safe).suffix.lower() not in SUPPORTED_SUFFIXES:
            return messages.unsupported(suffix)
        try:
            size = source.stat().st_size
        except OSError:
            return messages.MSG_UPLOAD_UNREADABLE
        if size > self.settings.max_upload_mb * 1e6:
            return messages.too_large(size / 1e6, self.settings.max_upload_mb)
        return messages.MSG_UPLOAD_EMPTY if size == 0 else None

    def _store_upload(self, source: Path, wanted: Path, user: str | None) -> Path | None:
        """Copy ``source`` to ``wanted`` (or ``stem-2.ext``…) once it reads as a document (else
        ``LoadError``); None when the same file is already there."""
        wanted.parent.mkdir(parents=True, exist_ok=True)
        # A hidden temporary name: the index build ignores it while it is checked.
        fd, tmp_name = tempfile.mkstemp(prefix=".upload-", suffix=wanted.suffix, dir=wanted.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            shutil.copyfile(source, tmp)
            load_document(tmp, wanted.name, max_bytes=int(self.settings.max_upload_mb * 1e6))
            target = self._free_name(wanted, tmp, user)
            if target is not None:
                os.replace(tmp, target)
            return target
        finally:
            tmp.unlink(missing_ok=True)

    def _index_upload(self, target: Path) -> tuple[bool, str]:
        """Update the index with the new file ``target``; it is removed again when that fails."""
        doc_id = target.relative_to(self.corpus).as_posix()
        try:
            with self._ask_lock:
                report = build_index(self.settings, embedder=self.embedder, progress=False)
                self.reload()
        except Exception:
            log.exception("Updating the index after uploading %s failed", doc_id)
            target.unlink(missing_ok=True)
            return False, messages.MSG_INDEX_FAILED
        skipped = dict(report.skipped).get(doc_id)
        if skipped is not None:
            log.warning("The index build skipped the upload %s: %s", doc_id, skipped)
            target.unlink(missing_ok=True)  # a skipped file never entered the index
            return False, messages.not_indexed(doc_id, skipped)
        chunks = self._doc_meta.get(doc_id, {}).get("chunks", 0)
        return True, messages.added(doc_id, chunks)

    def _free_name(self, wanted: Path, content: Path, user: str | None) -> Path | None:
        """Where to put the upload: ``wanted`` or ``stem-2.ext``…, a name ``user`` may read;
        None when a file with that name and the same bytes is already there."""
        for i in range(1, 1000):
            candidate = wanted.with_name(wanted.name if i == 1 else f"{wanted.stem}-{i}{wanted.suffix}")
            if not self.may_read(user, candidate.relative_to(self.corpus).as_posix()):
                continue  # a rule gives that name to others: neither compared nor replaced
            if not candidate.exists():
                return candidate
            if candidate.is_file() and filecmp.cmp(candidate, content, shallow=False):
                return None
        raise ValueError("too many files with the same name")

    # ------------------------------------------------------------ feedback

    def record_feedback(self, record: Record | None, vote: str, answer_text: str = "") -> Path:
        """Append one vote on an answer as a JSON line to ``<data>/feedback.jsonl``."""
        record = record or {}
        line = {
            "time": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "vote": vote,
            "question": record.get("question"),
            "answer": record.get("answer", answer_text),
            "answered": record.get("answered"),
            "cited": record.get("cited"),
            "citations": [{k: c.get(k) for k in ("n", "doc", "title", "page", "start", "end", "score")}
                          for c in record.get("citations", [])],
        }
        data = Path(self.settings.data)
        data.mkdir(parents=True, exist_ok=True)
        path = data / FEEDBACK_FILE
        with self._write_lock, path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        return path
