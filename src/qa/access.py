"""Who may read what: users (scrypt password hashes and groups), groups, and the rules that say
which groups read which documents, in one TOML file (``Settings.access_file()``; docs/access.md).

- A document is read by the groups of the rule with the longest path that covers it (the file
  itself, or a folder above it); when no rule covers it, by the ``default`` groups (nobody when
  ``default`` is not given). ``"*"`` stands for every user.
- ``Access`` reads the file again whenever it changes on disk, so an edit (``qa users passwd``)
  takes effect at the next request. No file: no per-user access (``policy()`` is None).
- ``documents_to_search`` turns what a user may read and the documents they picked into
  ``Assistant.ask``'s ``docs=``: the search scores nothing else.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import tempfile
import threading
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Mapping, NoReturn

import tomlkit

from .errors import (AccessFileError, NoDocumentsSelected, NothingReadable, UnknownDocuments, UnknownUser,
                     WeakPassword)

EVERYONE = "*"
NAME = re.compile(r"[\w.@-]+")  # user and group names
MIN_PASSWORD_CHARS = 8
# scrypt (hashlib): 32 MiB and ~0.1 s a check; the parameters are stored with each hash.
SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES = 2**15, 8, 1, 32
SCRYPT_MAXMEM = 128 * 1024 * 1024
NEW_FILE_HEADER = """\
# Who may read what (docs/access.md). Paths are under the corpus folder.
# default: the groups that read a document no [read] rule covers ("*": every user; []: nobody).
# [groups.NAME] declares a group; uploads = "FOLDER" is where its members' uploads go.
# [read] "PATH" = ["GROUP", ...]: who reads a file, or a folder and everything in it; the rule
# with the longest path that covers a document decides.
# [users.NAME]: password (an scrypt hash: set it with qa users passwd NAME) and groups.
"""


# ---------------------------------------------------------------- passwords

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, size: int = KEY_BYTES) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=size,
                          maxmem=SCRYPT_MAXMEM)


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$key`` (base64), with a new random salt."""
    salt = secrets.token_bytes(16)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)])


def _parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, key = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    ok = n > 1 and n & (n - 1) == 0 and 128 * r * n <= SCRYPT_MAXMEM // 2 and r > 0 and p > 0
    return (n, r, p, salt, key) if ok and salt and key else None


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` (``hash_password``'s) was made from."""
    parsed = _parse_hash(stored)
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(key)), key)


@cache
def _decoy_hash() -> str:
    """A hash to check unknown user names against, so they take as long as known ones."""
    return hash_password(secrets.token_urlsafe(16))


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPassword(f"The password must have at least {MIN_PASSWORD_CHARS} characters.")


# ---------------------------------------------------------------- the rules

def canonical_path(path: str) -> str:
    """A path under the corpus as document ids are written: NFC, ``/``-separated, without
    ``.`` parts or a trailing ``/``; ``""`` is the corpus itself. ValueError for ``..`` or an
    absolute path."""
    text = unicodedata.normalize("NFC", path.strip())
    parts = [part for part in text.split("/") if part not in ("", ".")]
    if text.startswith("/") or ".." in parts:
        raise ValueError("expected a path under the corpus folder, without a leading / or '..'")
    return "/".join(parts)


@dataclass(frozen=True)
class User:
    name: str
    password: str  # hash_password's
    groups: tuple[str, ...]

    @property
    def stamp(self) -> str:
        """A fingerprint of the password hash: a session logged in with an older password has
        another one."""
        return hashlib.sha256(self.password.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Policy:
    """The access file, checked: users, each group's upload folder, the read rules."""

    users: Mapping[str, User]
    uploads: Mapping[str, str]           # group -> the folder its members' uploads go to
    rules: Mapping[str, frozenset[str]]  # canonical path ("" = the corpus) -> groups reading it
    default: frozenset[str]              # groups reading what no rule covers

    def user(self, name: str) -> User:
        if name not in self.users:
            raise UnknownUser(f"No user {name!r} in the access file.")
        return self.users[name]

    def readers(self, path: str) -> frozenset[str]:
        """The groups that read ``path``: those of the longest rule covering it, else the default."""
        try:
            parts = canonical_path(path).split("/")
        except ValueError:
            return frozenset()
        for end in range(len(parts), -1, -1):
            groups = self.rules.get("/".join(parts[:end]))
            if groups is not None:
                return groups
        return self.default

    def may_read(self, name: str | None, path: str) -> bool:
        user = self.users.get(name) if name is not None else None
        if user is None:
            return False
        readers = self.readers(path)
        return EVERYONE in readers or not readers.isdisjoint(user.groups)

    def upload_folder(self, name: str | None) -> str | None:
        """Where ``name``'s uploads go: the folder of their first group that has one."""
        user = self.users.get(name) if name is not None else None
        return next((self.uploads[g] for g in user.groups if g in self.uploads), None) if user else None


def _fail(source: str, where: str, problem: str) -> NoReturn:
    raise AccessFileError(f"{source}: {where}: {problem}")


def _table(value: Any, source: str, where: str, keys: Collection[str] | None = None) -> dict[str, Any]:
    """``value`` as a table whose keys are among ``keys`` (any key when None)."""
    if not isinstance(value, dict):
        _fail(source, where, "expected a table")
    unknown = sorted(set(value) - set(keys)) if keys is not None else []
    if unknown:
        _fail(source, where, f"unknown key {unknown[0]!r} (expected {', '.join(keys or ())})")
    return value


def _name(name: str, source: str, kind: str) -> str:
    if not NAME.fullmatch(name):
        _fail(source, f"{kind} {name!r}", "a name has letters, digits and . @ - _ only")
    return name


def _groups_of(value: Any, known: Collection[str], source: str, where: str) -> tuple[str, ...]:
    """A list of declared group names (``"*"`` among them when ``known`` has it)."""
    if not isinstance(value, list) or not all(isinstance(g, str) for g in value):
        _fail(source, where, 'expected a list of group names, e.g. ["to-chuc"]')
    for group in value:
        if group not in known:
            _fail(source, where, f"unknown group {group!r} (declare it as [groups.{group}])")
    return tuple(value)


def _path(text: str, source: str, where: str) -> str:
    try:
        return canonical_path(text)
    except ValueError as exc:
        _fail(source, where, str(exc))


def _groups(data: Any, source: str) -> dict[str, str | None]:
    """Declared groups -> their upload folder, if any."""
    groups: dict[str, str | None] = {}
    for name, entry in _table(data, source, "[groups]").items():
        where = f"group {_name(name, source, 'group')!r}"
        uploads = _table(entry, source, where, ("uploads",)).get("uploads")
        if uploads is not None and not isinstance(uploads, str):
            _fail(source, where, "uploads: expected a folder under the corpus")
        groups[name] = None if uploads is None else _path(uploads, source, where)
    return groups


def _users(data: Any, groups: Collection[str], source: str) -> dict[str, User]:
    users: dict[str, User] = {}
    for name, entry in _table(data, source, "[users]").items():
        where = f"user {_name(name, source, 'user')!r}"
        entry = _table(entry, source, where, ("password", "groups"))
        password = entry.get("password")
        if not isinstance(password, str) or _parse_hash(password) is None:
            _fail(source, where, f"no password hash (set one with: qa users passwd {name})")
        users[name] = User(name, password, _groups_of(entry.get("groups", []), groups, source, where))
    return users


def _rules(data: Any, known: Collection[str], source: str) -> dict[str, frozenset[str]]:
    rules: dict[str, frozenset[str]] = {}
    for text, groups in _table(data, source, "[read]").items():
        where = f"[read] {text!r}"
        path = _path(text, source, where)
        if path in rules:
            _fail(source, where, "the same path as another rule")
        rules[path] = frozenset(_groups_of(groups, known, source, where))
    return rules


SECTIONS = ("default", "groups", "read", "users")


def parse_policy(text: str, source: str) -> Policy:
    """The access file's text, checked; ``AccessFileError`` names the line of a syntax error
    and the entry of any other mistake."""
    try:
        data = _table(tomllib.loads(text), source, "top level", SECTIONS)
    except tomllib.TOMLDecodeError as exc:
        raise AccessFileError(f"{source}: {exc}") from None
    groups = _groups(data.get("groups", {}), source)
    known = {*groups, EVERYONE}
    policy = Policy(users=_users(data.get("users", {}), groups, source),
                    uploads={g: folder for g, folder in groups.items() if folder is not None},
                    rules=_rules(data.get("read", {}), known, source),
                    default=frozenset(_groups_of(data.get("default", []), known, source, "default")))
    for group, folder in policy.uploads.items():
        readers = policy.readers(folder)
        if group not in readers and EVERYONE not in readers:
            _fail(source, f"group {group!r}", f"its uploads folder {folder!r} is not readable by the group "
                                              f"(add \"{folder}\" = [\"{group}\"] under [read])")
    return policy


# ---------------------------------------------------------------- the live file

class Access:
    """The access file at ``path``, parsed again whenever it changes on disk (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._parsed: Policy | str | None = None  # the policy, or what is wrong with the file

    def policy(self) -> Policy | None:
        """The rules in force; None when there is no file. Raises ``AccessFileError``."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise AccessFileError(f"{self.path}: cannot read it ({exc.strerror})") from None
        with self._lock:
            if (stat.st_mtime_ns, stat.st_size, stat.st_ino) != self._seen:
                self._parsed = self._read()
                self._seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            parsed = self._parsed
        if isinstance(parsed, str):
            raise AccessFileError(parsed)
        return parsed

    def _read(self) -> Policy | str | None:
        try:
            return parse_policy(self.path.read_text(encoding="utf-8"), str(self.path))
        except FileNotFoundError:
            return None
        except AccessFileError as exc:
            return str(exc)
        except (OSError, UnicodeDecodeError) as exc:
            return f"{self.path}: cannot read it ({exc})"

    def readable(self, user: str | None, doc_ids: Iterable[str]) -> set[str] | None:
        """Of ``doc_ids``, those ``user`` may read; None when there is no access file (everyone
        reads everything)."""
        policy = self.policy()
        return None if policy is None else {doc for doc in doc_ids if policy.may_read(user, doc)}

    def verify(self, name: str, password: str) -> str | None:
        """The user's password stamp when ``password`` is theirs, else None (an unknown name
        costs the same time)."""
        policy = self.policy()
        user = policy.users.get(name) if policy is not None else None
        matches = verify_password(password, user.password if user else _decoy_hash())
        return user.stamp if matches and user is not None else None

    def stamp(self, name: str) -> str | None:
        """The user's password stamp now; None when there is no such user."""
        policy = self.policy()
        user = policy.users.get(name) if policy is not None else None
        return user.stamp if user is not None else None


def documents_to_search(indexed: Collection[str], selected: Iterable[str] | None,
                        readable: set[str] | None) -> set[str] | None:
    """``docs=`` for ``Assistant.ask``: the ``selected`` documents (None: all) that are indexed
    and ``readable`` (None: all); None when that is every indexed document. Raises
    ``NoDocumentsSelected`` for an empty selection, ``NothingReadable`` when the user reads no
    indexed document, ``UnknownDocuments`` when none of the selection is left (whether a
    document is missing or not readable: the message does not tell)."""
    chosen = None if selected is None else set(selected)
    if chosen is not None and not chosen:
        raise NoDocumentsSelected("no documents selected")
    scope = set(indexed) if readable is None else set(indexed) & readable
    if readable is not None and not scope:
        raise NothingReadable("the user may read none of the indexed documents")
    if chosen is not None:
        scope &= chosen
        if not scope:
            readable_too = "" if readable is None else " or readable by this user"
            raise UnknownDocuments(f"none of these documents is in the index{readable_too}: {sorted(chosen)}")
    return None if scope == set(indexed) else scope


# ---------------------------------------------------------------- editing the file

def _toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The access file's text and its TOML, only the syntax checked."""
    text = path.read_text(encoding="utf-8")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccessFileError(f"{path}: {exc}") from None


def check_user_listed(path: Path, name: str) -> None:
    """``UnknownUser`` unless the access file lists ``name`` (its other entries unchecked)."""
    users = _toml(path)[1].get("users") if path.exists() else None
    if not isinstance(users, dict) or name not in users:
        raise UnknownUser(f"No user {name!r} in {path}.")


def _edit(path: Path, change: Callable[[Any], None]) -> None:
    """Apply ``change`` to the access file's TOML document (comments and layout kept) and
    replace the file atomically, only when the result is a valid access file (so a change can
    mend a mistake, e.g. a user without a password)."""
    if path.exists():
        document = tomlkit.parse(_toml(path)[0])
    else:
        document = tomlkit.parse(NEW_FILE_HEADER + 'default = ["*"]\n')
    change(document)
    text = tomlkit.dumps(document)
    parse_policy(text, str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _section(document: Any, key: str) -> Any:
    if key not in document:
        document[key] = tomlkit.table(is_super_table=True)
    return document[key]


def add_user(path: Path, name: str, groups: list[str], password: str) -> list[str]:
    """Add a user to the access file (made when missing); returns the groups it had to declare."""
    source = str(path)
    _name(name, source, "user")
    for group in groups:
        _name(group, source, "group")
    check_password(password)
    declared: list[str] = []

    def change(document: Any) -> None:
        known, users = _section(document, "groups"), _section(document, "users")
        if name in users:
            _fail(source, f"user {name!r}", f"already there (a new password: qa users passwd {name})")
        for group in groups:
            if group not in known:
                known[group] = tomlkit.table()
                known[group].add(tomlkit.nl())
                declared.append(group)
        entry = tomlkit.table()
        entry.update({"password": hash_password(password), "groups": list(dict.fromkeys(groups))})
        users[name] = entry

    _edit(path, change)
    return declared


def set_password(path: Path, name: str, password: str) -> None:
    """Replace a user's password hash (their open sessions end at their next request)."""
    check_user_listed(path, name)
    check_password(password)

    def change(document: Any) -> None:
        document["users"][name]["password"] = hash_password(password)

    _edit(path, change)
