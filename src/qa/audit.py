"""The audit log: who asked what and when, which documents the answer cited, who opened or
uploaded which document, and every login; one JSON object a line in ``<data>/audit.jsonl``,
rotated at ``QA_AUDIT_MAX_MB`` into ``audit.jsonl.1`` … ``.5`` (``.5`` the oldest).
Several processes may write it at once (the app's workers, ``qa ask --user``). ``read_audit``
reads them all back, oldest first (``qa audit``)."""
from __future__ import annotations

import datetime as _dt
import fcntl
import json
import logging
import os
import threading
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any, Iterable, Iterator

from .config import Settings

AUDIT_FILE = "audit.jsonl"
BACKUPS = 5


@dataclass(frozen=True)
class Caller:
    """Who makes a request: the logged-in user (None without a login), their address, and the
    way in (``app``: the chat page, ``api``, ``cli``, ``login``)."""

    user: str | None = None
    address: str | None = None
    via: str = "app"


class SharedRotatingFile(RotatingFileHandler):
    """A file rotated by size that several processes append to: each entry is written under an
    exclusive lock on ``<file>.lock`` into the file now at the path (another process may have
    rotated the one this one opened), and whoever finds that file full rotates it."""

    def emit(self, record: logging.LogRecord) -> None:
        with open(self.baseFilename + ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if self.stream is not None and not self._is_current():
                self.stream.close()
                self.stream = None  # the file at the path is opened again below
            super().emit(record)

    def _is_current(self) -> bool:
        """Whether the open file is the one at the path."""
        try:
            here = os.stat(self.baseFilename)
        except FileNotFoundError:
            return False
        opened = os.fstat(self.stream.fileno())
        return (here.st_dev, here.st_ino) == (opened.st_dev, opened.st_ino)


class AuditLog:
    """Appends entries to one audit file, rotating it by size."""

    def __init__(self, path: Path, max_bytes: int) -> None:
        self.path = path
        self._handler = SharedRotatingFile(path, maxBytes=max_bytes, backupCount=BACKUPS, encoding="utf-8",
                                           delay=True)

    def write(self, event: str, caller: Caller, docs: Iterable[str] = (), **fields: Any) -> None:
        """One entry: the time, ``event``, who, the documents it showed (each once), ``fields``."""
        entry = {"time": _dt.datetime.now().astimezone().isoformat(timespec="seconds"), "event": event,
                 "user": caller.user, "address": caller.address, "via": caller.via,
                 "docs": list(dict.fromkeys(docs)), **fields}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handler.handle(logging.makeLogRecord({"msg": json.dumps(entry, ensure_ascii=False)}))


_LOGS: dict[Path, AuditLog] = {}
_LOGS_LOCK = threading.Lock()


def audit_log(settings: Settings) -> AuditLog:
    """The audit log under ``settings.data``: one writer per file in a process."""
    path = (Path(settings.data) / AUDIT_FILE).resolve()
    with _LOGS_LOCK:
        if path not in _LOGS:
            _LOGS[path] = AuditLog(path, int(settings.audit_max_mb * 1e6))
        return _LOGS[path]


def read_audit(folder: Path) -> Iterator[dict[str, Any]]:
    """Every entry under ``folder``, oldest first (a line cut short by a crash is skipped)."""
    files = [folder / f"{AUDIT_FILE}.{i}" for i in range(BACKUPS, 0, -1)] + [folder / AUDIT_FILE]
    for path in files:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    continue


def matching(entries: Iterable[dict[str, Any]], doc: str | None = None,
             user: str | None = None) -> Iterator[dict[str, Any]]:
    """The entries that showed ``doc`` (None: any) to ``user`` (None: anyone)."""
    for entry in entries:
        if (doc is None or doc in entry.get("docs", [])) and (user is None or entry.get("user") == user):
            yield entry


def format_entry(entry: dict[str, Any]) -> str:
    """One line: time, user, address, event, the question or outcome, the documents."""
    detail = entry.get("question") or entry.get("reason") or ""
    docs = ", ".join(entry.get("docs", []))
    return "\t".join([entry.get("time", ""), entry.get("user") or "-", entry.get("address") or "-",
                      f"{entry.get('event', '')}/{entry.get('via', '')}", json.dumps(detail, ensure_ascii=False),
                      docs])
