"""A page whose script never pauses (an endless loop in the app) fails its step with the
reason and the run goes on, instead of waiting forever on a page that answers nothing: the
page's own script (stopped over CDP) and a cross-site frame's (in the headless shell the frame
shares the page's process; in full Chromium it has its own, and is taken out of the page)."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

import pytest

import engine
from engine.spec import BrowserOptions, Case, Check, Expect, Step, SuiteSpec
from tests.e2e.conftest import request_for

pytestmark = pytest.mark.browser

FULL_CHROMIUM = Path("/usr/bin/chromium")


def _suite(base_url: str, freeze: str) -> SuiteSpec:
    saved = Expect(
        id="a1", assertion="saved", check=Check(kind="visible_text", contains="Saved")
    )
    return SuiteSpec(
        name="hang",
        id="hang",
        base_url=base_url,
        cases=(
            Case(
                id="frozen",
                title="frozen",
                steps=(
                    Step(id="s1", do="Open /hang.html"),
                    Step(id="s2", do=f"Click '{freeze}'"),
                    Step(id="s3", do="Click 'Save'"),
                    Step(id="s4", do="Click 'Save'"),
                ),
                expects=(saved,),
            ),
            Case(
                id="after",
                title="after",
                steps=(
                    Step(id="s1", do="Open /hang.html"),
                    Step(id="s2", do="Click 'Save'"),
                ),
                expects=(saved,),
            ),
        ),
    )


def _browser(name: str) -> BrowserOptions:
    """The headless shell (the default), or full Chromium, where a cross-site frame runs in a
    process of its own."""
    if name == "headless shell":
        return BrowserOptions()
    if not FULL_CHROMIUM.exists():
        pytest.skip(f"{FULL_CHROMIUM} is not installed")
    return BrowserOptions(executable_path=str(FULL_CHROMIUM))


def _run(
    request: engine.spec.RunRequest, keeper: engine.BrowserKeeper | None = None
) -> engine.RunReport:
    """`execute(request)` on a thread of its own, given two minutes: a hang fails the test
    instead of holding up the suite."""
    done: dict[str, Any] = {}
    thread = threading.Thread(
        target=lambda: done.setdefault(
            "report", engine.execute(request, browsers=keeper)
        ),
        daemon=True,
    )
    thread.start()
    thread.join(timeout=120)
    assert "report" in done, "the run did not end within two minutes"
    report: engine.RunReport = done["report"]
    return report


@pytest.mark.parametrize("browser", ["headless shell", "full Chromium"])
@pytest.mark.parametrize("freeze", ["Freeze the page", "Freeze the ad"])
def test_a_script_that_never_pauses_fails_its_step_and_the_run_goes_on(
    freeze: str, browser: str, site_url: str, tmp_path: Path
) -> None:
    report = _run(
        request_for(
            _suite(site_url, freeze),
            tmp_path,
            browser=_browser(browser),
            step_timeout_ms=3000,
        )
    )
    frozen, after = report.cases
    assert frozen.status == "failed", frozen
    statuses = [s.status for s in frozen.steps]
    hung_at = 1
    if freeze == "Freeze the ad" and statuses[1] == "passed":
        # The page's click only posts the frame a message: the frame's loop may start after
        # the click's step has ended (its screenshot taken), and then the next step is the
        # one that finds the page busy. Which step that is, is the app's timing.
        hung_at = 2
    assert statuses == ["passed"] * hung_at + ["failed"] + ["skipped"] * (3 - hung_at)
    reason = frozen.steps[hung_at].reason or ""
    if freeze == "Freeze the ad" and browser == "full Chromium":
        # A process of its own: the frame is taken out, the page never stopped answering.
        assert "a frame stopped responding" in reason and "removed the frame" in reason
        assert "/hang-frame.html" in reason
    else:
        assert (
            "the page stopped responding" in reason and "Tripwire stopped it" in reason
        )
    # The run went on: the next case, on a fresh page, passes.
    assert after.status == "passed", after


def test_a_cross_site_frame_found_busy_only_at_the_end_of_its_case_is_taken_out_first(
    site_url: str, tmp_path: Path
) -> None:
    """Full Chromium, the frame in a process of its own, and nothing asks it after it froze
    (screenshots only at failures, the page's own words checked, the page answering all
    along): the frames are asked before the trace is written, which Playwright would
    otherwise hold up forever. The case fails saying so, and the trace is there. (In the
    headless shell the frame shares the page's process: the step that froze it fails, as
    above.)"""
    suite = _suite(site_url, "Freeze the ad")
    heading = Expect(
        id="a1",
        assertion="heading",
        check=Check(kind="visible_text", contains="Freezer"),
    )
    frozen_case = dataclasses.replace(
        suite.cases[0], steps=suite.cases[0].steps[:2], expects=(heading,)
    )
    suite = dataclasses.replace(suite, cases=(frozen_case, suite.cases[1]))
    report = _run(
        request_for(
            suite,
            tmp_path,
            browser=_browser("full Chromium"),
            screenshots="failures",
        )
    )
    frozen, after = report.cases
    assert [s.status for s in frozen.steps] == ["passed", "passed"]
    assert frozen.status == "failed" and "removed the frame" in (frozen.reason or "")
    assert frozen.trace is not None
    assert (tmp_path / "artifacts" / frozen.trace).is_file()
    assert after.status == "passed", after


def test_a_queue_workers_kept_browser_is_guarded_as_well(
    site_url: str, tmp_path: Path
) -> None:
    """A worker runs on its browser keeper's thread: the guard watches that thread, and the
    kept browser serves the next run."""
    keeper = engine.BrowserKeeper()
    try:
        suite = _suite(site_url, "Freeze the page")
        first = _run(
            request_for(suite, tmp_path / "1", step_timeout_ms=3000), keeper=keeper
        )
        assert "the page stopped responding" in (first.cases[0].reason or "")
        second = _run(
            request_for(suite, tmp_path / "2", case_ids=("after",)), keeper=keeper
        )
        assert [c.status for c in second.cases] == ["passed"]
    finally:
        keeper.close()
