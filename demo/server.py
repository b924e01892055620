"""The HTTP server around DemoApp: a thread per request, for tests or from the command line."""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from typing import TextIO

from demo.app import DemoApp
from demo.applog import AppLog, parse_traceparent
from demo.state import Store
from demo.variants import get_variant
from demo.web import Response

MAX_BODY_BYTES = 10 * 1024 * 1024


class _DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: DemoApp) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.app = app
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _DemoServer
    server_version = "TripwireDemo/1.0"

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        started = time.perf_counter()
        app = self.server.app
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            length = int(headers.get("content-length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            response = Response(
                status=413, body=b"Request body too large\n", content_type="text/plain"
            )
        else:
            body = self.rfile.read(length) if length else b""
            method = "GET" if self.command == "HEAD" else self.command
            response = app.dispatch(
                method=method, target=self.path, headers=headers, body=body
            )
        # Logged before the response goes out, so a client that saw the response can
        # already find the line (the root-cause lookup reads the log right after a failure).
        trace_id = parse_traceparent(headers.get("traceparent"))
        if trace_id is None:
            trace_id = next(
                (
                    parse_traceparent(v)
                    for k, v in response.headers
                    if k == "traceparent"
                ),
                None,
            )
        elapsed_ms = (time.perf_counter() - started) * 1000
        app.log.line(
            "INFO",
            f'{self.client_address[0]} "{self.command} {self.path}" {response.status} '
            f"{len(response.body)}B {elapsed_ms:.1f}ms",
            trace_id=trace_id,
        )
        self._send(response)

    def _send(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away; nothing left to tell it

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # _handle logs one richer line per request instead

    def log_message(self, format: str, *args: object) -> None:
        # Only reached for malformed requests that never got to _handle.
        self.server.app.log.line("WARN", f"{self.client_address[0]} {format % args}")


def _make_server(
    *, variant: str, port: int, host: str, log_file: Path | None, stream: TextIO | None
) -> _DemoServer:
    app = DemoApp(get_variant(variant), Store(), AppLog(log_file, stream=stream))
    return _DemoServer((host, port), app)


def _url(host: str, port: int) -> str:
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class DemoHandle:
    """A demo shop serving in a background thread; stop() (or leaving `with`) shuts it down."""

    def __init__(
        self, server: _DemoServer, thread: threading.Thread, host: str
    ) -> None:
        self._server = server
        self._thread = thread
        self.port: int = server.server_address[1]
        self.url = _url(host, self.port)
        self.variant = server.app.variant.name
        self.store = server.app.store
        self.log_file = server.app.log.log_file
        self._stopped = False

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoHandle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<DemoHandle {self.variant} {self.url}>"


def start_demo(
    *,
    variant: str = "original",
    port: int = 0,
    host: str = "127.0.0.1",
    log_file: Path | None = None,
    stream: TextIO | None = None,
) -> DemoHandle:
    """Serve the demo in a daemon thread; port 0 lets the OS pick a free port.

    `stream` receives the per-request log lines (default: stderr).
    """
    server = _make_server(
        variant=variant, port=port, host=host, log_file=log_file, stream=stream
    )
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name=f"demo-{variant}",
        daemon=True,
    )
    thread.start()
    return DemoHandle(server, thread, host)


def serve(*, variant: str, port: int, host: str, log_file: Path | None) -> None:
    """Serve in the foreground until Ctrl-C or SIGTERM."""
    server = _make_server(
        variant=variant, port=port, host=host, log_file=log_file, stream=None
    )
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        # Ask the loop to end from another thread: shutdown() waits for serve_forever, and an
        # exception raised from a handler could land anywhere, even inside the server's locks.
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    # SIGINT too: a shell starts background jobs with SIGINT ignored, and Ctrl-C must still work.
    previous = {
        sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)
    }
    url = _url(host, server.server_address[1])
    print(
        f"Tripwire demo shop ({variant}) serving on {url}", file=sys.stderr, flush=True
    )
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.server_close()
        print("Tripwire demo shop stopped", file=sys.stderr, flush=True)
