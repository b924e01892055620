"""Whether a notice is shown: "A toast should appear", "Wait for the toast to disappear", "There
should be no notification", "An alert saying 'Link copied' should appear" (the model's before,
or a count of things called "toast"). A notice is what engine.notices finds (alert boxes, toasts,
snackbars, flash messages, banners) whether or not it has a close control; a status line is
none. That none is shown holds only after a moment's look for one still coming. True and false
claims on toasts that come late and go, Django's messages, a Material snackbar and a browser
alert; in the cold export too."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.grammar import parse
from engine.grammar_checks import parse_claim
from tests.e2e.conftest import (
    assert_claims_fail,
    assert_exported_claims,
    run_case,
)

pytestmark = pytest.mark.browser

STEPS = [
    # A banner stays on the page: no notification all the same; the status line is none.
    "No notification should be shown",
    "The banner should be visible",
    "Click 'Save'",
    # The toast comes 300 ms after the click, stays 1.2 s, fades out and is removed.
    "A toast should appear",
    "I should see a toast saying 'Search saved'",
    "The toast should not say 'Could not'",
    "Wait for the toast to disappear",
    "There should be no toast",
    "Click 'Delete'",
    "An error toast appears",
    "The error toast should disappear",
    "Click 'Copy link'",
    "An alert saying 'Link copied' should appear",
]


def test_every_phrasing_is_a_claim_about_notices() -> None:
    for text in STEPS:
        if not text.startswith("Click"):
            intent = parse(text)
            assert intent is not None and intent.kind == "assert_state", text
            claim = parse_claim(str(intent.value))
            assert claim is not None and claim.kind == "notice", text


def test_notice_claims_hold_as_steps(site_url: str, tmp_path: Path) -> None:
    case = run_case(site_url, ["Open /toasts.html", *STEPS], tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_a_toast_still_coming_is_not_none(site_url: str, tmp_path: Path) -> None:
    # Pin's toast comes 300 ms after the click and stays: "disappear" does not hold at once.
    steps = ["Open /toasts.html", "Click 'Pin'", "The toast should disappear"]
    case = run_case(site_url, steps, tmp_path, assert_timeout_ms=1500)
    assert case.status == "failed"
    reason = case.reason or ""
    assert "expected no toast is shown" in reason and "'Pinned to the top'" in reason, (
        reason
    )


def test_false_notice_claims_fail_saying_what_they_saw(
    site_url: str, tmp_path: Path
) -> None:
    assert_claims_fail(
        site_url,
        "Open /toasts.html",
        {
            "A toast should appear": (
                "a toast is shown",
                "shown: 'Maintenance tonight from 22:00.'",
            ),
            "An alert should be shown": ("an alert is shown", "Maintenance"),
            "There should be a banner saying 'Sale'": (
                "a banner saying 'Sale' is shown",
                "Maintenance",
            ),
        },
        tmp_path / "toasts",
    )
    assert_claims_fail(
        site_url,
        "Open /messages.html",
        {
            "No notification should be shown": (
                "no notification is shown",
                "'Could not sync your calendar.'",
            ),
        },
        tmp_path / "messages",
    )


def test_notices_of_other_markups(site_url: str, tmp_path: Path) -> None:
    # Django's messages and a toast library's toast after a save; a Material snackbar.
    steps = [
        "Open /messages.html",
        "An alert should be shown",
        "Click 'Save'",
        "A toast saying 'Settings updated' should appear",
        "A notification saying 'Profile saved' should appear",
        "Open /notices.html",
        "Click 'Archive'",
        "A snackbar saying 'Conversation archived' should appear",
        "Close the snackbar",
        "The snackbar should be gone",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason


@pytest.mark.slow
def test_the_cold_export_judges_the_same(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url,
        "Open /toasts.html",
        ["No notification should be shown", "The banner should be visible"],
        STEPS,
        ["A toast should appear", "There should be a banner saying 'Sale'"],
        tmp_path,
    )
