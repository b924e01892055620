"""Settling after an action: the next step starts on the page the action led to."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import engine
from tests.e2e.conftest import one_case, request_for

pytestmark = pytest.mark.browser

FORM = b"""<!doctype html><title>Form</title><form action="/slow" method="get">
<label for="q">Query</label><input id="q" name="q"></form>"""
RESULT = b"""<!doctype html><title>Result</title><h1>Got it</h1>
<a href="/other">Continue</a>"""
OTHER = b"""<!doctype html><title>Other</title><h1>Other page</h1>"""


class _SlowFormHandler(http.server.BaseHTTPRequestHandler):
    """A form whose answer takes 300 ms, as a real back end's often does."""

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_GET(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(0.3)
            body = RESULT
        elif self.path.startswith("/other"):
            body = OTHER
        else:
            body = FORM
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def slow_form() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowFormHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("press", ["Press Enter", "Press Enter in 'Query'"])
def test_the_step_after_a_submitting_key_press_starts_on_the_new_page(
    slow_form: str, press: str, tmp_path: Path
) -> None:
    cache = engine.MemoryActionCache()
    steps = ["Open /form", "Enter 'hello' into 'Query'", press, "Click 'Continue'"]

    report = engine.execute(
        request_for(one_case(slow_form, steps), tmp_path), cache=cache
    )

    assert report.status == "passed", report.cases[0].reason
    # Cached under the page it ran on: a replay looks for 'Continue' on /slow, not /form.
    keys = {key.step_id: key for key, _ in cache.entries()}
    assert keys["s4"].url_path == "/slow"
    assert report.final_page is not None
    assert report.final_page["url"] == f"{slow_form}/other"
