"""Screenshots in real Chromium: taken while the run goes on, masked, and when the fast CDP
capture does not answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

import engine
from engine.artifacts import Artifacts
from engine.browser import launch
from engine.masking import Masker
from engine.spec import BrowserOptions, Check, Expect
from tests.e2e.conftest import one_case, request_for, traced_calls

pytestmark = pytest.mark.browser


class _HungSession:
    """Stands in for a CDP session whose capture never returns: the one part of this failure
    that cannot be provoked on demand. Playwright raises a timeout error in that case."""

    def __init__(self) -> None:
        self.timeouts: list[Any] = []
        self.detached = False

    def send(self, method: str, params: Any = None, *, timeout: Any = None) -> Any:
        self.timeouts.append(timeout)
        raise TimeoutError(f"{method}: Timeout {timeout}ms exceeded")

    def detach(self) -> None:
        self.detached = True


def test_a_capture_that_times_out_falls_back_to_a_normal_screenshot(
    site_url: str, tmp_path: Path
) -> None:
    with sync_playwright() as pw:
        browser = launch(pw, BrowserOptions())
        try:
            page = browser.new_page()
            page.goto(site_url + "/")
            artifacts = Artifacts(tmp_path, Masker())
            hung = _HungSession()
            artifacts._cdp, artifacts._cdp_page = hung, page  # type: ignore[assignment]

            shot = artifacts.screenshot(
                page, "c1", "after", "note", secret_fields=set()
            )

            assert shot is not None
            assert (tmp_path / shot.path).read_bytes().startswith(b"\x89PNG")
            # The capture was bounded, and the broken session was let go.
            assert hung.timeouts == [5000] and hung.detached
            assert artifacts._cdp is None
            # The next shot opens a fresh session and uses the fast path again.
            again = artifacts.screenshot(
                page, "c1", "again", "note", secret_fields=set()
            )
            assert again is not None and artifacts._cdp is not None
        finally:
            browser.close()


def test_each_shot_shows_its_own_step_masked_and_leaves_nothing_behind(
    site_url: str, tmp_path: Path
) -> None:
    """Screenshots are taken while the next step starts: each must still show the page as its
    step left it (green before the click, blue after), the password field covered, and the
    boxes that covered it gone before the app is touched again."""
    from PIL import Image

    suite = one_case(
        site_url,
        [
            "Open /evidence.html",
            "Enter 'hunter2-secret' into 'Password'",
            "Click 'Paint it blue'",
        ],
        [
            Expect(
                "a1", "clean", Check("visible_text", contains="mask layers at click: 0")
            )
        ],
    )
    report = engine.execute(request_for(suite, tmp_path))
    assert report.status == "passed", report.cases[0].reason
    steps = report.cases[0].steps
    shots = [tmp_path / "artifacts" / str(s.shot) for s in steps]
    assert all(s.shot for s in steps) and all(p.is_file() for p in shots)
    assert [s.path for s in report.cases[0].shots] == [s.shot for s in steps]
    # The trace was scrubbed on a thread and took its name only then.
    trace = report.cases[0].trace
    assert trace and (tmp_path / "artifacts" / trace).is_file()
    assert not list((tmp_path / "artifacts").rglob("*unscrubbed*"))

    def colour_of(shot: Path, x: int, y: int) -> object:
        return Image.open(shot).convert("RGB").getpixel((x, y))

    # Where the coloured paragraph and the password field are, at the engine's viewport.
    with sync_playwright() as pw:
        browser = launch(pw, BrowserOptions())
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(site_url + "/evidence.html")
        para = page.locator("#colour").bounding_box()
        field = page.locator("#pw").bounding_box()
        browser.close()
    assert para is not None and field is not None
    px, py = int(para["x"] + 20), int(para["y"] + para["height"] / 2)
    fx, fy = int(field["x"] + field["width"] / 2), int(field["y"] + field["height"] / 2)
    assert colour_of(shots[1], px, py) == (0, 128, 0)
    assert colour_of(shots[2], px, py) == (0, 0, 255)
    assert colour_of(shots[1], fx, fy) == (255, 0, 255)
    assert colour_of(shots[2], fx, fy) == (255, 0, 255)


def test_the_trace_holds_the_actions_not_the_engines_probes(
    site_url: str, tmp_path: Path
) -> None:
    """Grounding, settling and screenshots look at the page through dozens of evaluate calls a
    case; the trace records the case's actions (goto, fill, click) with their snapshots, and
    none of those probes, which would bury the actions and cost a snapshot each."""
    suite = one_case(
        site_url,
        [
            "Open /evidence.html",
            "Enter 'hunter2-secret' into 'Password'",
            "Click 'Paint it blue'",
        ],
        [Expect("a1", "painted", Check("visible_text", contains="mask layers"))],
    )
    report = engine.execute(request_for(suite, tmp_path))
    assert report.status == "passed", report.cases[0].reason
    trace = report.cases[0].trace
    assert trace is not None
    calls = traced_calls(tmp_path / "artifacts" / trace)
    assert {"goto", "fill", "click"} <= set(calls), calls
    # Nor the engine's own waits (a page's load after an action) or its capture session.
    probes = [
        c
        for c in calls
        if c.startswith(("evaluate", "evalOnSelector", "__waitInfo__", "newCDPSession"))
    ]
    assert probes == [], calls


CLOSING_START = b"""<!doctype html><title>Start</title><link rel="icon" href="data:,">
<a href="/popup" target="_blank">Open the popup</a><button onclick="this.textContent='Done!'">Done</button>"""
# The popup closes itself a moment after its button is clicked, as a payment window does: the
# screenshot of that step is still being taken when its page goes away.
CLOSING_POPUP = b"""<!doctype html><title>Popup</title><link rel="icon" href="data:,">
<button onclick="setTimeout(() => window.close(), 20)">Finish</button>"""


def test_a_shot_whose_page_went_away_is_not_in_the_report(tmp_path: Path) -> None:
    import http.server

    from tests.fakes.server import serving

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            body = CLOSING_POPUP if self.path.startswith("/popup") else CLOSING_START
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serving(Handler) as url:
        steps = [
            "Open /start",
            "Click 'Open the popup'",
            "Click 'Finish'",
            "Click 'Done'",
        ]
        report = engine.execute(request_for(one_case(url, steps), tmp_path))

    case = report.cases[0]
    assert case.status == "passed", case.reason
    # Every shot the report names exists; one that was lost is named nowhere.
    named = [s.path for s in case.shots] + [s.shot for s in case.steps if s.shot]
    assert named
    for path in named:
        assert (tmp_path / "artifacts" / path).is_file(), path


def test_a_screenshot_step_keeps_a_shot_when_only_failures_keep_theirs(
    site_url: str, tmp_path: Path
) -> None:
    """ "Take a screenshot named 'after'": a shot of the page as the steps before left it,
    named so, kept even when the run keeps only the failures' shots; no other step has one.
    The export attaches a shot to the test's report at the same point."""
    from PIL import Image

    steps = [
        "Open /evidence.html",
        "Click 'Paint it blue'",
        "Take a screenshot named 'after'",
        "Click 'Paint it blue'",
    ]
    report = engine.execute(
        request_for(one_case(site_url, steps), tmp_path, screenshots="failures")
    )
    case = report.cases[0]
    assert case.status == "passed", case.reason
    assert [s.tier for s in case.steps] == ["grammar"] * 4
    assert [bool(s.shot) for s in case.steps] == [False, False, True, False]
    assert [s.label for s in case.shots] == ["s3-after"]
    shot = tmp_path / "artifacts" / case.shots[0].path
    assert shot.name.endswith("-s3-after.png")
    with sync_playwright() as pw:
        browser = launch(pw, BrowserOptions())
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(site_url + "/evidence.html")
        para = page.locator("#colour").bounding_box()
        browser.close()
    assert para is not None
    x, y = int(para["x"] + 20), int(para["y"] + para["height"] / 2)
    assert Image.open(shot).convert("RGB").getpixel((x, y)) == (0, 0, 255)


@pytest.mark.slow
def test_an_exported_screenshot_step_attaches_a_shot(
    site_url: str, tmp_path: Path
) -> None:
    from benchmarks.playwright_runner import run_spec, runner_problem
    from engine import compile_suite

    problem = runner_problem()
    if problem:
        pytest.skip(problem)
    suite = one_case(
        site_url, ["Open /evidence.html", "Take a screenshot named 'page'"]
    )
    spec = compile_suite(suite)
    assert spec.todo == ()
    assert (
        "await test.info().attach('page', { body: await page.screenshot()" in spec.text
    )
    run = run_spec(spec, site_url, tmp_path)
    assert run.statuses.get("case") == "passed", run.output[-3000:]
