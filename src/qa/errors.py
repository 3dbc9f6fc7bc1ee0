"""The errors qa raises on purpose: each says in English what went wrong (the CLI prints it)
and has a type, or for ``LoadError`` a ``reason`` code, that the chat app turns into Vietnamese."""
from __future__ import annotations

from enum import StrEnum


class QaError(Exception):
    """Base of every error qa raises for a user to act on (not a bug)."""


class EmptyQuestion(QaError, ValueError):
    """The question has no text once control characters and spaces are removed."""


class IndexNotFound(QaError):
    """There is no usable index; the message says how to build one."""


class StoreUnavailable(QaError):
    """The vector store the settings name (a Milvus server or file) cannot be used; the message
    says why."""


class NoDocumentsSelected(QaError):
    """The search was restricted to an empty list of documents."""


class UnknownDocuments(QaError):
    """The search was restricted to documents none of which is in the index."""


class AccessFileError(QaError):
    """The access file (users, groups, read rules) is malformed; the message names the line or
    the entry."""


class UnknownUser(QaError):
    """A user name that the access file does not list."""


class WeakPassword(QaError, ValueError):
    """A password too short to be set."""


class AccessDenied(QaError):
    """The user may not read this document."""


class NothingReadable(QaError):
    """The user may read none of the indexed documents."""


class LoadReason(StrEnum):
    """Why a document cannot be read: one code per kind of failure."""

    UNSUPPORTED = "unsupported"
    NOT_FOUND = "not_found"
    PERMISSION = "permission"
    NOT_REGULAR = "not_regular"
    OUTSIDE_CORPUS = "outside_corpus"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    ENCODING = "encoding"
    INVALID_UTF8 = "invalid_utf8"
    NO_TEXT = "no_text"
    BAD_DOCX = "bad_docx"
    BAD_PDF = "bad_pdf"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_NO_TEXT = "pdf_no_text"
    PARSER_FAILED = "parser_failed"
    TIMEOUT = "timeout"
    CRASHED = "crashed"


class LoadError(QaError):
    """A document that cannot be read: ``reason`` says why as a code, the message in English."""

    def __init__(self, reason: LoadReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[LoadReason, str]]:
        """Pickled whole: documents are read in a separate process that raises these."""
        return type(self), (self.reason, str(self))
