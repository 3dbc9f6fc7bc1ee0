"""Logging in to the chat app: who may (the access file's users, or the one ``QA_AUTH`` user),
how often one may fail (lockouts that double, per user name and per address), and sessions that
end when the user's password changes.

Gradio calls ``Login.check`` with what was typed in its login page, then keeps a token per
login in ``App.tokens`` and looks every request's token up there with ``tokens.get``:
``Sessions``, put in its place, answers only while the user's password is still the one the
session logged in with. ``ClientAddress`` (an ASGI middleware) tells ``check`` the address.
"""
from __future__ import annotations

import asyncio
import contextvars
import hmac
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from ..access import Access
from ..audit import AuditLog, Caller, audit_log
from ..config import Settings
from ..errors import AccessFileError

log = logging.getLogger(__name__)

CLIENT_ADDRESS: contextvars.ContextVar[str | None] = contextvars.ContextVar("qa_client_address", default=None)
# (user, password stamp) of the login being answered, for the session Gradio opens right after.
LOGIN_STAMP: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("qa_login_stamp",
                                                                                     default=None)


@dataclass(frozen=True)
class Limit:
    """Failed logins allowed before a lockout of ``first_s``, doubled by each further failure up
    to ``longest_s``; failures are forgotten ``forget_s`` after the last one."""

    free: int
    first_s: float
    longest_s: float
    forget_s: float


LIMITS: dict[str, Limit] = {
    "user": Limit(free=5, first_s=2.0, longest_s=900.0, forget_s=3600.0),
    "address": Limit(free=20, first_s=2.0, longest_s=900.0, forget_s=3600.0),
}
MAX_TRACKED = 10_000  # keys kept per throttle before forgotten ones are dropped


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


@dataclass
class Throttle:
    """Failed logins per key (a user name or an address) and the lockouts they earn."""

    limit: Limit
    failures: dict[str, _Failures] = field(default_factory=dict)

    def _current(self, key: str, now: float) -> _Failures:
        entry = self.failures.get(key)
        if entry is None or now - entry.last > self.limit.forget_s:
            entry = self.failures[key] = _Failures()
        return entry

    def locked(self, key: str, now: float) -> bool:
        return key in self.failures and now < self.failures[key].locked_until

    def failed(self, key: str, now: float) -> None:
        entry = self._current(key, now)
        entry.count, entry.last = entry.count + 1, now
        excess = entry.count - self.limit.free
        if excess >= 0:
            entry.locked_until = now + min(self.limit.longest_s, self.limit.first_s * 2 ** excess)
        if len(self.failures) > MAX_TRACKED:
            self.failures = {k: v for k, v in self.failures.items() if now - v.last <= self.limit.forget_s}

    def succeeded(self, key: str) -> None:
        self.failures.pop(key, None)

    def forgive(self, key: str) -> None:
        """Take back one counted failure: an attempt that turned out right."""
        entry = self.failures.get(key)
        if entry is not None:
            entry.count -= 1
            if entry.count < self.limit.free:
                entry.locked_until = 0.0


class Credentials(Protocol):
    def verify(self, name: str, password: str) -> str | None:
        """The user's password stamp when the password is right, else None."""

    def stamp(self, name: str) -> str | None:
        """The user's password stamp now; None when there is no such user."""


@dataclass(frozen=True)
class SingleUser:
    """The one ``QA_AUTH`` login (its stamp never changes: the password is the setting's)."""

    name: str
    password: str

    def verify(self, name: str, password: str) -> str | None:
        same_name = hmac.compare_digest(name.encode(), self.name.encode())
        return "" if hmac.compare_digest(password.encode(), self.password.encode()) and same_name else None

    def stamp(self, name: str) -> str | None:
        return "" if name == self.name else None


def parse_auth(value: str) -> tuple[str, str] | None:
    """``"user:password"`` -> (user, password); "" -> None; anything else is an error."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("QA_AUTH must look like user:password")
    return user, password


class Sessions(dict):
    """Gradio's login tokens (token -> user name); a token counts only while its user's password
    stamp is the one it logged in with."""

    def __init__(self, stamp: Callable[[str], str | None]) -> None:
        super().__init__()
        self._stamp = stamp
        self._stamps: dict[str, str] = {}

    def _now(self, user: str) -> str | None:
        try:
            return self._stamp(user)
        except AccessFileError:
            return None  # a broken access file refuses everyone (logged where it is read)

    def __setitem__(self, token: str, user: str) -> None:
        login = LOGIN_STAMP.get()
        stamp = login[1] if login is not None and login[0] == user else self._now(user)
        super().__setitem__(token, user)
        if stamp is not None:
            self._stamps[token] = stamp

    def get(self, token: Any, default: Any = None) -> Any:
        user = super().get(token)
        if user is None:
            return default
        stamp = self._now(user)
        if stamp is None or stamp != self._stamps.get(token):
            self.pop(token, None)
            self._stamps.pop(token, None)
            return default
        return user

    def __delitem__(self, token: str) -> None:
        super().__delitem__(token)
        self._stamps.pop(token, None)


class Login:
    """Gradio's ``auth`` (``check``) with its lockouts, and the sessions it opens."""

    def __init__(self, credentials: Credentials, audit: AuditLog) -> None:
        self.credentials = credentials
        self.audit = audit
        self.throttles = {kind: Throttle(limit) for kind, limit in LIMITS.items()}
        self.sessions = Sessions(credentials.stamp)

    async def check(self, username: str, password: str) -> bool:
        """True when the password is right and neither the name nor the address is locked out.
        A locked-out login is refused unchecked and not counted; any other counts as a failure
        until it turns out right, so that logins sent all at once cannot pass the limits."""
        caller = Caller(username, CLIENT_ADDRESS.get(), "login")
        keys = {"user": username, "address": caller.address or "-"}
        now = time.monotonic()
        if any(self.throttles[kind].locked(key, now) for kind, key in keys.items()):
            self.audit.write("login_refused", caller, reason="locked out")
            return False
        for kind, key in keys.items():
            self.throttles[kind].failed(key, now)
        try:
            stamp = await asyncio.to_thread(self.credentials.verify, username, password)
        except AccessFileError as exc:
            log.error("Logins are refused: %s", exc)
            stamp = None
        if stamp is None:
            self.audit.write("login_failed", caller, reason="wrong name or password")
            return False
        self.throttles["user"].succeeded(username)
        self.throttles["address"].forgive(keys["address"])
        LOGIN_STAMP.set((username, stamp))
        self.audit.write("login", caller)
        return True


class ClientAddress:
    """ASGI middleware: the client's address in ``CLIENT_ADDRESS`` while a request is served."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        client = scope.get("client")
        token = CLIENT_ADDRESS.set(client[0] if client else None)
        try:
            await self.app(scope, receive, send)
        finally:
            CLIENT_ADDRESS.reset(token)


def make_login(settings: Settings) -> Login | None:
    """The login the settings ask for: the access file's users, else the ``QA_AUTH`` user, else
    none. Raises ``AccessFileError`` for a malformed file, a file without users, or a file and
    ``QA_AUTH`` both given; ``ValueError`` for a malformed ``QA_AUTH``."""
    access = Access(settings.access_file())
    policy = access.policy()
    single = parse_auth(settings.auth)
    if policy is None:
        return Login(SingleUser(*single), audit_log(settings)) if single else None
    if single:
        raise AccessFileError(f"QA_AUTH is set and so is the access file {access.path}: use one of them "
                              "(with the file, its users log in)")
    if not policy.users:
        raise AccessFileError(f"{access.path}: no users yet (add one with: qa users add NAME --group GROUP)")
    return Login(access, audit_log(settings))
