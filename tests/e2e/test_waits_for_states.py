"""Waiting for a state: "Wait until the 'Submit' button is enabled", "Wait for the 'Submit'
button to become enabled", "Wait for the modal to close", "Wait until the URL contains
'step=done'" (the model's before; two of them were read as a control called "Wait for the modal
to close"). Each is the claim of the same words, read until it holds; the page reaches each state
a moment after the click that starts it. A state that never comes fails, saying what it saw. In
the cold export too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (
    assert_exported_claims,
    run_case,
)

pytestmark = pytest.mark.browser

STEPS = [
    "Click 'Start'",
    "Wait for the dialog to appear",
    "Wait for the modal to close",
    "Wait until the 'Submit' button is enabled",
    "Wait for the 'Submit' button to become enabled",
    "Wait until the URL contains 'step=done'",
    "Wait until the page title is 'Done'",
    "Click 'Submit'",
    "I should see 'Log: submitted'",
]


def test_each_wait_lasts_until_its_state_holds(site_url: str, tmp_path: Path) -> None:
    case = run_case(site_url, ["Open /late-states.html", *STEPS], tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_a_state_that_never_comes_fails_saying_what_it_saw(
    site_url: str, tmp_path: Path
) -> None:
    steps = ["Open /late-states.html", "Wait until the 'Never' button is enabled"]
    case = run_case(site_url, steps, tmp_path, assert_timeout_ms=800)
    assert case.status == "failed"
    reason = case.steps[1].reason or ""
    assert reason.startswith("expected 'Never' is enabled, saw "), reason
    assert "(disabled)" in reason or "disabled" in reason, reason


@pytest.mark.slow
def test_the_cold_export_waits_the_same(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(site_url, "Open /late-states.html", [], STEPS, [], tmp_path)
