"""Settling after an action: the next step starts on the page the action led to."""

from __future__ import annotations

import contextlib
import http.server
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import engine
from tests.e2e.conftest import one_case, request_for
from tests.fakes.server import serving

pytestmark = pytest.mark.browser

FORM = b"""<!doctype html><title>Form</title><form action="/slow" method="get">
<label for="q">Query</label><input id="q" name="q"></form>"""
RESULT = b"""<!doctype html><title>Result</title><h1>Got it</h1>
<a href="/other">Continue</a>"""
OTHER = b"""<!doctype html><title>Other</title><h1>Other page</h1>"""


class _QuietHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None

    def answer(self, body: bytes, kind: str = "text/html") -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _SlowFormHandler(_QuietHandler):
    """A form whose answer takes 300 ms, as a real back end's often does."""

    def do_GET(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(0.3)
            body = RESULT
        elif self.path.startswith("/other"):
            body = OTHER
        else:
            body = FORM
        self.answer(body)


@pytest.fixture
def slow_form() -> Iterator[str]:
    with serving(_SlowFormHandler) as url:
        yield url


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


LATE = b"""<!doctype html><title>Late</title><p id="out">Working</p>
<script>setTimeout(() => { document.getElementById('out').textContent = 'Job done'; }, 1500);</script>"""


@pytest.fixture
def late_page(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "late.html").write_bytes(LATE)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path / "site"), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    with serving(Handler) as url:
        yield url


@pytest.mark.parametrize(
    ("wait", "status"),
    [
        # The step's own bound wins over the step timeout (here 1 s) in both directions.
        ("Wait up to 6 seconds for 'Job done'", "passed"),
        ("Wait for 'Job done' within 300 ms", "failed"),
    ],
)
def test_a_step_bounds_its_own_wait(
    late_page: str, wait: str, status: str, tmp_path: Path
) -> None:
    cache = engine.MemoryActionCache()
    suite = one_case(late_page, ["Open /late.html", wait])

    report = engine.execute(
        request_for(suite, tmp_path, step_timeout_ms=1000), cache=cache
    )

    assert report.cases[0].status == status, report.cases[0].reason
    if status == "passed":
        # The bound is part of the cached action: a replay waits as long.
        replay = engine.execute(
            request_for(suite, tmp_path / "again", step_timeout_ms=1000), cache=cache
        )
        assert replay.cases[0].status == "passed", replay.cases[0].reason
        assert [s.tier for s in replay.cases[0].steps] == ["cache", "cache"]


START = b"""<!doctype html><title>Start</title><a href="/report">Open the report</a>
<a href="/stuck">Open the stuck page</a>"""
STUCK = b"""<!doctype html><title>Stuck</title><h1>Stuck</h1><img src="/pixel.svg" alt="">"""
REPORT = b"""<!doctype html><title>Report</title><style>body{margin:0}</style>
<h1>Report</h1><img src="/chart.svg" alt="chart" width="1280" height="300">"""
# The chart arrives 400 ms after the page: the page's load event waits for it.
CHART = b"""<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="300">
<rect width="1280" height="300" fill="rgb(0,0,255)"/></svg>"""


class _SlowImageHandler(_QuietHandler):
    def do_GET(self) -> None:
        kind, body = "text/html", START
        if self.path.startswith("/report"):
            body = REPORT
        elif self.path.startswith("/chart.svg"):
            time.sleep(0.4)
            kind, body = "image/svg+xml", CHART
        elif self.path.startswith("/stuck"):
            body = STUCK
        elif self.path.startswith("/pixel.svg"):
            time.sleep(3)  # a tracker that never answers in time
            kind, body = "image/svg+xml", CHART
        self.answer(body, kind)


@pytest.fixture
def slow_image() -> Iterator[str]:
    with serving(_SlowImageHandler) as url:
        yield url


def test_a_click_that_opens_a_page_waits_for_that_page_to_load(
    slow_image: str, tmp_path: Path
) -> None:
    """Playwright's click returns once the new page has committed: the step ends when that
    page has loaded (its images too), so its screenshot and the next step see all of it."""
    from PIL import Image

    suite = one_case(slow_image, ["Open /start", "Click 'Open the report'"])
    report = engine.execute(request_for(suite, tmp_path))

    assert report.status == "passed", report.cases[0].reason
    shot = report.cases[0].steps[1].shot
    assert shot is not None
    image = Image.open(tmp_path / "artifacts" / shot).convert("RGB")
    # The chart is the blue band under the heading.
    assert any(
        image.getpixel((640, y)) == (0, 0, 255) for y in range(0, image.height, 20)
    )


def test_settling_gives_up_on_a_page_that_does_not_finish_loading(
    slow_image: str,
) -> None:
    """The wait after an action is bounded: a page whose load event is held up (an image that
    does not come) is left to the next step's own waits instead of breaking this one."""
    with _after_click(slow_image + "/start", "link", "Open the stuck page") as (
        page,
        watcher,
        before,
    ):
        watcher.settle(navigations_before=before, max_ms=500)

        assert page.url == slow_image + "/stuck"
        # It went on before the image came: the page had not loaded.
        assert page.evaluate("document.readyState") != "complete"


@contextlib.contextmanager
def _after_click(url: str, role: str, name: str) -> Iterator[tuple[Any, Any, int]]:
    """A page opened at `url`, watched, just after a click on the `role` named `name`: the
    page, its watcher and its navigation count before the click."""
    from playwright.sync_api import sync_playwright

    from engine.browser import launch
    from engine.spec import BrowserOptions
    from engine.watch import PageWatcher

    with sync_playwright() as pw:
        browser = launch(pw, BrowserOptions())
        try:
            page = browser.new_page()
            page.goto(url)
            watcher = PageWatcher(page)
            before = watcher.navigations
            page.get_by_role(role, name=name).click()  # type: ignore[arg-type]
            yield page, watcher, before
        finally:
            browser.close()


SAVE = b"""<!doctype html><title>Save</title><button id="save">Save</button><p id="out">Draft</p>
<script>
document.getElementById('save').onclick = async () => {
  await fetch('/api/ping');  // answered at once: done before the click returns, as a rule
  const answer = await fetch('/api/save');  // answered after 300 ms
  document.getElementById('out').textContent = (await answer.json()).status;
};
</script>"""


class _SaveHandler(_QuietHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/api/save"):
            time.sleep(0.3)
            self.answer(b'{"status": "Saved"}', "application/json")
        elif self.path.startswith("/api/ping"):
            self.answer(b'{"status": "ok"}', "application/json")
        else:
            self.answer(SAVE)


def test_settling_waits_for_the_requests_an_action_started() -> None:
    """The waits after an action start short (a request may have finished while the action
    returned) and still last as long as the requests it started."""
    with (
        serving(_SaveHandler) as url,
        _after_click(url + "/", "button", "Save") as (page, watcher, before),
    ):
        watcher.settle(navigations_before=before, max_ms=5000)

        assert not watcher.in_flight
        assert page.evaluate("document.getElementById('out').textContent") == "Saved"
