"""Several worker processes of the chat app behind one address: ``qa serve --workers N``.

Each worker is ``qa serve --no-build`` on a free port of 127.0.0.1 and loads the index and the
models itself; it serves the index generation it loaded until it is restarted, as a single
``qa serve`` does. Gradio keeps a client's queue, its session state and its login in the
process that serves it, so the front (an HTTP proxy in this process, on the public address)
sends every request of one client to the same worker, chosen by, in this order:

1. the ``qa-worker`` cookie the front sets on its first response to a client (browsers and
   ``gradio_client`` send it back);
2. Gradio's session hash (the ``session_hash`` query parameter, ``…/heartbeat/<hash>``, or the
   ``session_hash`` of a JSON body), for clients that keep no cookies;
3. else the next worker in turn.

The workers' output goes to this process' stderr, each line marked ``[worker N]``. A worker that
exits is reported there and its clients move to the others; the front stops when none is left.
Ctrl+C or SIGTERM stops the front, then the workers.
"""
from __future__ import annotations

import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import uvicorn
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from ..processes import free_port, stop

if TYPE_CHECKING:
    from ..config import Settings

COOKIE = "qa-worker"
SESSION_IN_PATH = re.compile(r"/heartbeat/([^/]+)$")
CALL_PATH = re.compile(r"/queue/join$|/call/[^/]+$")  # each POST here runs one of the app's functions
# Headers about one connection rather than the request: never passed on (RFC 9110, 7.6.1).
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"proxy-connection", b"te", b"trailer",
                        b"transfer-encoding", b"upgrade"})
MAX_JSON_BYTES = 1_000_000  # a larger JSON body is passed on unread
STARTUP_TIMEOUT_S = 900.0  # loading the models and a large index
STOP_TIMEOUT_S = 20.0
GRACE_S = 5  # open event streams (heartbeats) get this long to end when the front stops


@dataclass
class Worker:
    """One app process: its number (1…N), its loopback port, and what the front sent it."""

    number: int
    port: int
    process: subprocess.Popen
    requests: int = 0
    calls: int = 0  # queue joins: an ask, an upload, a click

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def __str__(self) -> str:
        return f"worker {self.number} (pid {self.process.pid})"


class Router:
    """Which worker serves a request: by cookie, else by session hash, else in turn."""

    def __init__(self, workers: list[Worker]) -> None:
        self.workers = workers
        self._turn = itertools.count()

    def pick(self, cookie: str | None, session: str | None) -> Worker | None:
        live = [w for w in self.workers if w.alive]
        if not live:
            return None
        for worker in live:
            if cookie == str(worker.number):
                return worker
        if session:
            key = zlib.crc32(session.encode())
            home = self.workers[key % len(self.workers)]
            return home if home.alive else live[key % len(live)]
        return live[next(self._turn) % len(live)]


def session_of(request: Request, body: bytes | None) -> str | None:
    """Gradio's session hash in a request: in its query, its path (heartbeats) or its JSON body."""
    if "session_hash" in request.query_params:
        return request.query_params["session_hash"]
    match = SESSION_IN_PATH.search(request.url.path)
    if match:
        return match.group(1)
    try:
        data = json.loads(body) if body else None
    except ValueError:
        return None
    value = data.get("session_hash") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


async def _small_json(request: Request) -> bytes | None:
    """The body of a JSON request of at most ``MAX_JSON_BYTES`` (None for any other: streamed)."""
    size = request.headers.get("content-length", "")
    if request.headers.get("content-type", "").startswith("application/json") and size.isdigit() \
            and int(size) <= MAX_JSON_BYTES:
        return await request.body()
    return None


def _request_headers(request: Request) -> list[tuple[bytes, bytes]]:
    """The client's headers (its Host kept: the app builds its links from it) and who it is."""
    client = request.client.host if request.client else ""
    skip = HOP_BY_HOP | {b"x-forwarded-for", b"x-forwarded-proto"}
    return [*((k, v) for k, v in request.headers.raw if k.lower() not in skip),
            (b"x-forwarded-for", client.encode()), (b"x-forwarded-proto", request.url.scheme.encode())]


@dataclass
class Front:
    """The ASGI app of the front: each request passed on to its worker, the answer streamed back."""

    router: Router
    client: httpx.AsyncClient | None = field(default=None)  # made at startup, in the server's loop
    heartbeats: set[httpx.Response] = field(default_factory=set)  # open: each as long as a client's page

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] != "http":  # the app's page uses HTTP and event streams only
            await send({"type": "websocket.close", "code": 1003})
        else:
            response, reply = await self.forward(Request(scope, receive))
            try:
                await response(scope, receive, send)
            except (ClientDisconnect, OSError):
                pass  # the client left
            except httpx.HTTPError:  # the worker's answer broke off: it stopped, or the front stops
                await _finish(send)
            finally:
                if reply is not None:
                    self.heartbeats.discard(reply)
                    await reply.aclose()

    async def end_heartbeats(self) -> None:
        """End the open heartbeat streams (clients reconnect): stopping need not wait for them."""
        for reply in list(self.heartbeats):
            await reply.aclose()

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # No timeouts but connecting: event streams stay open as long as the client's page.
                self.client = httpx.AsyncClient(timeout=httpx.Timeout(None, connect=10.0),
                                                limits=httpx.Limits(max_connections=None))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def forward(self, request: Request) -> tuple[Response, httpx.Response | None]:
        """The worker's response to ``request`` (and its open reply, to close), or the front's 502/503."""
        body = await _small_json(request)
        cookie = request.cookies.get(COOKIE)
        worker = self.router.pick(cookie, session_of(request, body))
        if worker is None:
            return PlainTextResponse("No worker of the app is running.", status_code=503), None
        worker.requests += 1
        if request.method == "POST" and CALL_PATH.search(request.url.path):
            worker.calls += 1
        target = worker.url + request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        query = request.scope.get("query_string", b"").decode("latin-1")
        has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
        content = request.stream() if body is None and has_body else body  # the stream: passed on as it comes
        outgoing = self.client.build_request(request.method, target + (f"?{query}" if query else ""),
                                             headers=_request_headers(request), content=content)
        try:
            reply = await self.client.send(outgoing, stream=True)
        except httpx.HTTPError as exc:
            return PlainTextResponse(f"The app's {worker} did not answer: {exc}", status_code=502), None
        if SESSION_IN_PATH.search(request.url.path):
            self.heartbeats.add(reply)
        response = StreamingResponse(reply.aiter_raw(), status_code=reply.status_code)
        response.raw_headers = [(k, v) for k, v in reply.headers.raw if k.lower() not in HOP_BY_HOP]
        if cookie != str(worker.number):
            response.set_cookie(COOKIE, str(worker.number), httponly=True, samesite="lax")
        return response, reply


async def _finish(send: Any) -> None:
    """End a response whose body broke off (nothing to do when none had started)."""
    try:
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    except (OSError, RuntimeError):
        pass


class FrontServer(uvicorn.Server):
    """uvicorn's server for the front: when it stops, it ends the heartbeat streams first, then
    gives the answers under way ``GRACE_S`` to finish."""

    def __init__(self, front: Front) -> None:
        super().__init__(uvicorn.Config(front, log_level="warning", timeout_graceful_shutdown=GRACE_S,
                                        server_header=False, date_header=False))  # the worker's are passed on
        self.front = front

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await self.front.end_heartbeats()
        await super().shutdown(sockets)


class StartError(Exception):
    """A worker exited, or did not listen in time, while the app was starting."""


@dataclass
class Pool:
    """The worker processes and the front's server: the watchers' shared view."""

    workers: list[Worker]
    stopping: threading.Event = field(default_factory=threading.Event)
    failed: threading.Event = field(default_factory=threading.Event)  # every worker exited by itself
    server: FrontServer | None = None

    def watch(self, worker: Worker) -> None:
        """Copy the worker's output to stderr, each line marked, and report its exit (unless
        the front is stopping); stop the front when no worker is left."""
        for line in worker.process.stdout:
            sys.stderr.write(f"[worker {worker.number}] {line}")
        code = worker.process.wait()
        if self.stopping.is_set() or not getattr(self.server, "started", False):
            return  # stopped by the front, or exited while starting (``wait_ready`` says so)
        left = any(w.alive for w in self.workers)
        print(f"Error: the app's {worker} exited with code {code}; " + (
            "its clients move to the other workers." if left else "no worker is left: stopping."), file=sys.stderr)
        if not left:
            self.failed.set()
            if self.server is not None:
                self.server.should_exit = True

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        """Until every worker listens on its port (``StartError`` if one exits or is late)."""
        deadline, pending = time.monotonic() + timeout, list(self.workers)
        while pending:
            for worker in list(pending):
                if not worker.alive:
                    raise StartError(f"the app's {worker} exited with code {worker.process.returncode} "
                                     "while starting (its output is above)")
                if _listening(worker.port):
                    pending.remove(worker)
            if pending and time.monotonic() > deadline:
                raise StartError(f"the app's {pending[0]} did not start within {timeout:.0f} s")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop every worker (SIGTERM, then SIGKILL after ``STOP_TIMEOUT_S``) and say what each served."""
        self.stopping.set()
        for worker in self.workers:
            stop(worker.process, STOP_TIMEOUT_S)
        print("Stopped; " + "; ".join(f"{w}: {w.requests} requests, {w.calls} calls" for w in self.workers)
              + ".", file=sys.stderr)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def start_worker(number: int) -> Worker:
    """``qa serve --no-build`` on a free loopback port, in its own session (Ctrl+C reaches the
    front, which stops it), its output piped to the front."""
    port = free_port()
    command = [sys.executable, "-m", "qa.app.serve", "--no-build", "--workers", "1",
               "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return Worker(number, port, process)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the app as Ctrl+C does


def serve_workers(settings: Settings, login: bool) -> bool:
    """The front on ``settings.host``/``port`` and ``settings.workers`` workers behind it, until
    Ctrl+C or SIGTERM; False when it could not start or lost every worker."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    try:
        listener = socket.create_server((settings.host, settings.port), family=family, backlog=2048)
    except OSError as exc:  # e.g. the port is taken
        print(f"Error: cannot start the server: {exc}", file=sys.stderr)
        return False
    signal.signal(signal.SIGTERM, _interrupt)
    pool = Pool([start_worker(number) for number in range(1, settings.workers + 1)])
    for worker in pool.workers:
        threading.Thread(target=pool.watch, args=(worker,), daemon=True).start()
    pool.server = FrontServer(Front(Router(pool.workers)))
    try:
        pool.wait_ready()
        for worker in pool.workers:
            print(f"The app's {worker} listens on {worker.url}.", file=sys.stderr)
        print(f"Starting the app on http://{settings.host}:{settings.port} with {settings.workers} workers"
              f"{' (login required)' if login else ''} — Ctrl+C to stop.", file=sys.stderr)
        pool.server.run(sockets=[listener])
    except KeyboardInterrupt:
        pass
    except StartError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        pool.failed.set()
    finally:
        pool.stop()
        listener.close()
    return not pool.failed.is_set()
