"""A click outside what is open: "Click outside the modal", "Close the dialog by clicking
outside", "Click outside the menu to close it" (a control called "outside the modal" before).
The spot is outside the open thing's panel (a Bootstrap-like wrapper's inner box, a native
<dialog>'s own box) where nothing takes clicks of its own: the page has a link in every corner,
and each control says what it did, so a link clicked instead shows. In the cold export too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (
    assert_exported_claims,
    run_case,
)

pytestmark = pytest.mark.browser

STEPS = [
    "Click 'Edit profile'",
    "Click outside the modal",
    "The modal should be closed",
    "Click 'Share'",
    "Close the dialog by clicking outside",
    "No dialog should be open",
    "Click 'Sort'",
    "Click outside the menu to close it",
    "I should see 'Log: profile closed; share closed; menu closed'",
]


def test_a_click_outside_closes_what_is_open_and_nothing_else(
    site_url: str, tmp_path: Path
) -> None:
    case = run_case(site_url, ["Open /outside.html", *STEPS], tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_with_nothing_open_the_step_fails_saying_so(
    site_url: str, tmp_path: Path
) -> None:
    steps = ["Open /outside.html", "Click outside the modal"]
    case = run_case(site_url, steps, tmp_path, step_timeout_ms=1000)
    assert case.status == "failed"
    assert case.steps[1].reason == "nothing to click outside of: nothing is open"


@pytest.mark.slow
def test_the_cold_export_clicks_the_same_spots(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(site_url, "Open /outside.html", [], STEPS, [], tmp_path)
