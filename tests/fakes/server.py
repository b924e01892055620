"""`FakeServer`: a real HTTP server on 127.0.0.1 (OS-chosen port) that records every request and
answers from routes (regex on the path) or from scripted replies that override them."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

_UNSET: Any = object()


@dataclass(frozen=True)
class Recorded:
    """One request as the fake received it."""

    method: str
    path: str  # raw path, without the query string (percent-encoding kept)
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    at: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def json(self) -> Any:
        """The body decoded as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    def param(self, name: str) -> str | None:
        """The first value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Reply:
    """An answer: JSON (`json=`), text (`text=`) or nothing; `delay` seconds before answering."""

    status: int = 200
    json: Any = _UNSET
    text: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def encoded(self) -> tuple[bytes, str]:
        if self.json is not _UNSET:
            return json.dumps(self.json).encode("utf-8"), "application/json"
        if self.text is not None:
            return self.text.encode("utf-8"), "text/plain; charset=utf-8"
        return b"", "text/plain; charset=utf-8"


Handler = Callable[[Recorded, "re.Match[str]"], Reply]


@dataclass
class _Script:
    method: str
    pattern: re.Pattern[str]
    reply: Reply | Handler
    times: int | None  # None: every time


class _RequestHandler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # tests read `requests`, not stderr

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        recorded = Recorded(
            method=self.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            at=time.time(),
        )
        reply = self.server.fake.dispatch(recorded)
        if reply.delay and self.server.fake.stopping.wait(reply.delay):
            return  # shutting down: drop the connection
        payload, content_type = reply.encoded()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeServer


class FakeServer:
    """Start with `with FakeServer() as fake:` (or `.start()`/`.stop()`); `fake.url` is its base."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._scripts: list[_Script] = []
        self._lock = threading.Lock()
        self._requests: list[Recorded] = []
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.stopping = threading.Event()

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> Self:
        httpd = _HTTPServer(("127.0.0.1", 0), _RequestHandler)
        httpd.fake = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "start the fake first"
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- behaviour -------------------------------------------------------------------------------

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        """Answer `method` requests whose path fully matches `pattern` with `handler`."""
        self._routes.append((method.upper(), re.compile(pattern), handler))

    def script(
        self,
        reply: Reply | Handler,
        *,
        method: str = ".*",
        path: str = ".*",
        times: int | None = None,
    ) -> None:
        """Override the routes: answer matching requests with `reply` (`times` times, or always).

        The newest script wins, so a test can make a fake fail, then recover.
        """
        with self._lock:
            self._scripts.insert(
                0, _Script(method.upper(), re.compile(path), reply, times)
            )

    def fail(
        self,
        status: int = 500,
        *,
        method: str = ".*",
        path: str = ".*",
        times: int | None = None,
    ) -> None:
        self.script(
            Reply(status, json={"message": f"fake failure {status}"}),
            method=method,
            path=path,
            times=times,
        )

    def hang(
        self,
        seconds: float,
        *,
        method: str = ".*",
        path: str = ".*",
        times: int | None = None,
    ) -> None:
        """Answer only after `seconds` (longer than the client's timeout: a timeout test)."""
        self.script(
            Reply(200, json={}, delay=seconds), method=method, path=path, times=times
        )

    def clear_scripts(self) -> None:
        with self._lock:
            self._scripts.clear()

    def dispatch(self, recorded: Recorded) -> Reply:
        with self._lock:
            self._requests.append(recorded)
            for script in self._scripts:
                if re.fullmatch(script.method, recorded.method) and (
                    match := script.pattern.fullmatch(recorded.path)
                ):
                    if script.times is not None:
                        script.times -= 1
                        if script.times <= 0:
                            self._scripts.remove(script)
                    reply = script.reply
                    break
            else:
                reply = None
                match = None
        if reply is not None and match is not None:
            return reply if isinstance(reply, Reply) else reply(recorded, match)
        for method, pattern, handler in self._routes:
            if method == recorded.method and (
                found := pattern.fullmatch(recorded.path)
            ):
                try:
                    return handler(recorded, found)
                except Exception as exc:  # a bug in a fake must show up, not hang
                    return Reply(500, json={"message": f"fake crashed: {exc!r}"})
        return Reply(
            404,
            json={"message": f"no fake route for {recorded.method} {recorded.path}"},
        )

    # --- what was received -----------------------------------------------------------------------

    @property
    def requests(self) -> list[Recorded]:
        with self._lock:
            return list(self._requests)

    def received(
        self, method: str | None = None, path: str | None = None
    ) -> list[Recorded]:
        """Requests filtered by method and by a regex that must fully match the path."""
        return [
            r
            for r in self.requests
            if (method is None or r.method == method.upper())
            and (path is None or re.fullmatch(path, r.path))
        ]

    def forget(self) -> None:
        """Drop the recorded requests (state such as created issues is kept)."""
        with self._lock:
            self._requests.clear()


@contextmanager
def serving(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """A plain threading HTTP server for `handler` on 127.0.0.1 (OS-chosen port): its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
