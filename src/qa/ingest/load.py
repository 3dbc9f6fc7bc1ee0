"""Reading documents: .txt, .md, .docx, .pdf, .html into plain text with a title.

Each loader returns the document's own text (not normalized: citations show it as written)
and, for PDFs, where each page starts. A file that cannot be read raises ``LoadError`` with a
reason a person can act on; the index build reports it and goes on.
"""
from __future__ import annotations

import codecs
import datetime as _dt
import multiprocessing
import os
import re
import stat
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import LoadError, LoadReason

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")


@dataclass
class Document:
    path: str  # relative to the corpus folder, with "/" separators: the document's id
    title: str
    text: str
    page_starts: list[int] = field(default_factory=list)  # PDF: offset where page i+1 begins

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset``, or None when the document has no pages."""
        if not self.page_starts:
            return None
        page = 1
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i + 1
        return page


# ---------------------------------------------------------------- text encodings

def _looks_like_text(text: str) -> bool:
    """Few control characters: what a human-written text file has."""
    if not text:
        return True
    bad = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return bad / len(text) < 0.001


def decode_text(data: bytes) -> str:
    """Bytes of a text file in UTF-8 (with or without BOM), UTF-16 or Windows-1258."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data:
        # UTF-16 without BOM: every other byte of ASCII-heavy text is zero.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
        raise LoadError(LoadReason.BINARY, "binary content (not a text file)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise LoadError(LoadReason.ENCODING, "unknown text encoding (not UTF-8, UTF-16 or Windows-1258)") from None
    if not _looks_like_text(text):
        raise LoadError(LoadReason.ENCODING, "unknown text encoding (not UTF-8, UTF-16 or Windows-1258)")
    return text


# ---------------------------------------------------------------- per format

_DATE_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_DATE_IN_TEXT = re.compile(
    r"ngày\s+(\d{1,2})\s*(?:tháng\s+|[/.-])\s*(\d{1,2})\s*(?:năm\s+|[/.-])\s*(\d{4})", re.IGNORECASE)


def document_date(doc_id: str, text: str) -> _dt.date | None:
    """The document's date when it is known: a date in the file name, or a
    "ngày … tháng … năm …" in the heading of the document (its first 400 characters)."""
    candidates = []
    m = _DATE_IN_NAME.search(Path(doc_id).name)
    if m:
        candidates.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
    m = _DATE_IN_TEXT.search(unicodedata.normalize("NFC", text[:400]))
    if m:
        candidates.append((int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for year, month, day in candidates:
        try:
            return _dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def _load_txt(path: Path) -> tuple[str, str, list[int]]:
    text = decode_text(path.read_bytes())
    return _first_line(text), text, []


def _load_md(path: Path) -> tuple[str, str, list[int]]:
    text = decode_text(path.read_bytes())
    heading = re.search(r"^#\s+(.+)$", text, flags=re.MULTILINE)
    return (heading.group(1).strip() if heading else _first_line(text)), text, []


def _load_html(path: Path) -> tuple[str, str, list[int]]:
    from bs4 import BeautifulSoup

    raw = path.read_bytes()
    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title_tag = soup.find("title")
    h1 = soup.find("h1")
    body = soup.body or soup
    lines = [line.strip() for line in body.get_text("\n").splitlines()]
    text = "\n".join(line for line in lines if line)
    title = (title_tag.get_text(strip=True) if title_tag else "") or (h1.get_text(strip=True) if h1 else "")
    return title or _first_line(text), text, []


def _load_docx(path: Path) -> tuple[str, str, list[int]]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise LoadError(LoadReason.BAD_DOCX, f"not a readable DOCX file ({type(exc).__name__})") from None
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    blocks.append(" | ".join(cells))
        elif item.text.strip():
            blocks.append(item.text.strip())
    text = "\n".join(blocks)
    title = (document.core_properties.title or "").strip()
    return title or _first_line(text), text, []


# A page's number printed as a line of its own ("Trang 1/2", "- 3 -"): the page is known
# from its offset, and the line would fall in the middle of a sentence that runs on.
_PAGE_MARK = re.compile(r"\s*(?:(?:trang|page)\s+\d+(?:\s*/\s*\d+)?|-\s*\d+\s*-)\s*", re.IGNORECASE)
_ENDS_SENTENCE = ".!?:;…"


def _reflow(page: str) -> str:
    """Join the lines a PDF wrapped inside a paragraph, so sentences are not cut by a line end:
    a line that does not end a sentence continues when the next starts in lower case or the
    line is about as long as the page's longest (it was wrapped, not ended). Page-number lines
    are left out."""
    lines = [line.rstrip() for line in page.split("\n") if not _PAGE_MARK.fullmatch(line)]
    widest = max((len(line) for line in lines), default=0)
    out = lines[0] if lines else ""
    for prev, line in zip(lines, lines[1:]):
        head = line.lstrip()
        wrapped = (prev and head and prev[-1] not in _ENDS_SENTENCE and
                   (head[0].islower() or len(prev) >= 0.75 * widest))
        out += (" " if wrapped else "\n") + line
    return out


def _load_pdf(path: Path) -> tuple[str, str, list[int]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoadError(LoadReason.PDF_ENCRYPTED, "the PDF is encrypted")
        pages = [_reflow((page.extract_text() or "").strip()) for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(LoadReason.BAD_PDF, f"not a readable PDF file ({type(exc).__name__})") from None
    if not any(pages):
        raise LoadError(LoadReason.PDF_NO_TEXT, "the PDF has no text layer (a scan?); it needs OCR first")
    starts: list[int] = []
    text = ""
    for page_text in pages:
        if starts:  # a sentence that runs on to the next page goes on, else a paragraph ends
            runs_on = text and page_text and text[-1] not in _ENDS_SENTENCE and page_text[0].islower()
            text += "  " if runs_on else "\n\n"
        starts.append(len(text))
        text += page_text
    return str(meta_title).strip() or _first_line(text), text, starts


_LOADERS: dict[str, Callable[[Path], tuple[str, str, list[int]]]] = {
    ".txt": _load_txt,
    ".md": _load_md,
    ".html": _load_html,
    ".htm": _load_html,
    ".docx": _load_docx,
    ".pdf": _load_pdf,
}


def check_file(path: Path, max_bytes: int | None = None) -> None:
    """Raise ``LoadError`` for what must not even be opened: missing, not a regular file (a
    FIFO or device would block), empty, or over the size limit."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LoadError(LoadReason.NOT_FOUND, "file not found (a broken link?)") from None
    except PermissionError:
        raise LoadError(LoadReason.PERMISSION, "permission denied") from None
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(LoadReason.NOT_REGULAR, "not a regular file")
    if st.st_size == 0:
        raise LoadError(LoadReason.EMPTY, "empty file")
    if max_bytes is not None and st.st_size > max_bytes:
        raise LoadError(LoadReason.TOO_LARGE, f"file is {st.st_size / 1e6:.3g} MB, over the {max_bytes / 1e6:.3g} MB limit")


def load_document(path: Path, doc_id: str, max_bytes: int | None = None) -> Document:
    """Read one file; raises ``LoadError`` with the reason when it cannot be used."""
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        raise LoadError(LoadReason.UNSUPPORTED, f"unsupported file type '{suffix or '(none)'}'")
    check_file(path, max_bytes)
    try:
        title, text, page_starts = loader(path)
    except PermissionError:
        raise LoadError(LoadReason.PERMISSION, "permission denied") from None
    except UnicodeDecodeError:
        raise LoadError(LoadReason.INVALID_UTF8, "invalid UTF-8 text") from None
    if not text.strip():
        raise LoadError(LoadReason.NO_TEXT, "no text in the file")
    return Document(path=doc_id, title=title or Path(doc_id).stem, text=text, page_starts=page_starts)


def list_corpus(corpus: Path) -> list[tuple[str, Path]]:
    """Every visible file under ``corpus`` as (document id, path), sorted by id."""
    found: list[tuple[str, Path]] = []
    for path in sorted(corpus.rglob("*")):
        rel = path.relative_to(corpus)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_dir():
            continue
        found.append((rel.as_posix(), path))
    return found


def _die_with_parent(parent: int) -> None:
    """Reader process initializer: end when the build that started it is killed (Linux), also
    when that happened while this process was still starting (before the signal was asked for)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass
    if os.getppid() != parent:
        os._exit(1)


def _load_in_worker(path: Path, doc_id: str, max_bytes: int | None) -> Document:
    """Runs in the reader process: any failure of a parser becomes a LoadError with its type."""
    try:
        return load_document(path, doc_id, max_bytes)
    except LoadError:
        raise
    except Exception as exc:  # a parser bug on a malformed file must not stop the build
        raise LoadError(LoadReason.PARSER_FAILED, f"could not be read ({type(exc).__name__}: {str(exc)[:120]})") from None


def _import_parsers() -> None:
    """Runs first in a new reader process: starting it and importing the parsers takes seconds
    on a cold or busy machine, and that is no file's reading time."""
    import bs4  # noqa: F401
    import docx  # noqa: F401
    import pypdf  # noqa: F401


class IsolatedReader:
    """Reads documents in a separate process with a time limit per file, so that a file that
    makes a parser hang or crash is skipped instead of stopping the build."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "IsolatedReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._pool is not None:
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.kill()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def read(self, path: Path, doc_id: str, max_bytes: int | None = None) -> Document:
        try:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_die_with_parent, initargs=(os.getpid(),))
                self._pool.submit(_import_parsers).result()
            return self._pool.submit(_load_in_worker, path, doc_id, max_bytes).result(timeout=self.timeout_s)
        except FuturesTimeout:
            self._stop()
            raise LoadError(LoadReason.TIMEOUT, f"reading took more than {self.timeout_s:g} s (damaged file?)") from None
        except BrokenProcessPool:
            self._stop()
            raise LoadError(LoadReason.CRASHED, "the reader crashed on this file (damaged file?)") from None
