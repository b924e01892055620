"""The page's warnings and notes, and notices closed by their own cross: "Close the success alert", "Dismiss the warning", "Close
the notification about the invites", "Close the snackbar" — Bootstrap's dismissible alert,
Bulma's notification, Django's messages, a Tailwind UI notification and a Material UI snackbar
that fades in late, each chosen by the kind, tone and words the step gives; never the menu's or
the account's "Close" beside them. Several that fit break the step (it has to say which); a
cross that does nothing fails it; a notice with no cross is named in the failure. "Dismiss the
alert" still answers the browser's alert first. Before: the first control called "Close" on
the page was clicked, whatever the step named. "There should be no warning" and "An info
message should be shown" read the boxes marked so (before, a warning was read as an error, so a
Bulma warning went unseen and an error counted as one). In a run and in the cold export."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.server import start_demo
from tests.e2e.conftest import (
    assert_exported_claims,
    assert_passes_and_exports,
    assert_steps_pass_and_claims_fail,
    run_case,
)

pytestmark = pytest.mark.browser

OPENING = "Open /notices.html"
NOTICES = (
    "Profile saved",
    "trial ends",
    "new invites",
    "Could not sync",
    "Successfully uploaded",
    "Conversation archived",
)
# Clicks on the controls that close other things are written to the page's log.
UNTOUCHED = ["I should not see 'menu closed'", "I should not see 'account closed'"]
EACH = [
    OPENING,
    "Close the success alert",
    "I should not see 'Profile saved'",
    "I should see 'trial ends'",
    "Dismiss the warning",
    "I should not see 'trial ends'",
    "Close the notification about the invites",
    "I should see 'Could not sync'",
    "Close the error",
    "Close the notification saying 'Successfully uploaded'",
    "Click 'Archive'",
    "Close the snackbar",
    *(f"I should not see '{text}'" for text in NOTICES),
    *UNTOUCHED,
]


TONES = [
    OPENING,
    "A warning should be shown",
    "The warning should say 'trial ends'",
    "An info message should be shown",
    "The info message should say 'new invites'",
    "Dismiss the warning",
    "There should be no warning",
    "Close the info message",
    "There should be no info message",
]
TONES_FALSE = {
    "There should be no warning": "trial ends",
    "The warning should say 'calendar'": "trial ends",
    "There should be no info message": "new invites",
    "The info message should say 'Profile saved'": "new invites",
}


def test_each_notice_is_closed_by_its_own_cross(site_url: str, tmp_path: Path) -> None:
    case = run_case(site_url, EACH, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_all_notices_are_closed_one_by_one(site_url: str, tmp_path: Path) -> None:
    steps = [
        OPENING,
        "Close all notifications",
        *(f"I should not see '{text}'" for text in NOTICES),
        *UNTOUCHED,
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason


def test_several_notices_that_fit_break_the_step_saying_which(
    site_url: str, tmp_path: Path
) -> None:
    case = run_case(site_url, [OPENING, "Dismiss the notification"], tmp_path)
    assert case.status == "broken", case.reason
    assert "5 notices could be meant" in (case.reason or ""), case.reason
    assert "'Profile saved.'" in (case.reason or ""), case.reason
    # A toast floats: the alert boxes and messages that do not are no toast.
    case = run_case(site_url, [OPENING, "Close the toast"], tmp_path / "toast")
    assert case.status == "failed", case.reason
    assert "no toast with a control to close it" in (case.reason or ""), case.reason


def test_a_cross_that_does_nothing_fails_the_step(
    site_url: str, tmp_path: Path
) -> None:
    case = run_case(
        site_url, [OPENING, "Click 'Show outage'", "Close the banner"], tmp_path
    )
    assert case.status == "failed", case.reason
    assert "the banner 'Maintenance tonight" in (case.reason or ""), case.reason
    assert "still shown" in (case.reason or ""), case.reason


def test_a_notice_without_a_cross_is_named_in_the_failure(tmp_path: Path) -> None:
    with start_demo(port=0) as shop:
        steps = [
            "Open /products",
            "Add 'Tote Bag' to the cart",
            "Dismiss the notification",
        ]
        case = run_case(shop.url, steps, tmp_path)
    assert case.status == "failed", case.reason
    assert "shown without one: 'Added Tote Bag to your cart'" in (case.reason or "")


def test_dismiss_the_alert_answers_the_browsers_alert_before_the_pages(
    site_url: str, tmp_path: Path
) -> None:
    """The browser's alert the click raised is the one meant; the page's alert boxes stay. With
    no browser alert, the page's one alert box is closed (the Bootstrap case of the libraries
    suite)."""
    steps = [
        OPENING,
        "Click 'Ping'",
        "Dismiss the alert",
        "Check that the alert said 'Pong'",
        "I should see 'Profile saved'",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason


def test_warnings_and_notes_are_the_boxes_marked_so(
    site_url: str, tmp_path: Path
) -> None:
    """Not an error, a success alert, a word coloured as a warning, a badge or a tag."""
    assert_steps_pass_and_claims_fail(site_url, TONES, OPENING, TONES_FALSE, tmp_path)


@pytest.mark.slow
def test_exported_warnings_and_notes_decide_as_the_run_does(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(site_url, OPENING, [], TONES[1:], TONES_FALSE, tmp_path)


@pytest.mark.slow
def test_exported_notice_steps_close_what_the_run_closes(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(site_url, OPENING, [], EACH[1:], [], tmp_path)


def test_a_cross_on_a_notice_named_by_its_words(site_url: str, tmp_path: Path) -> None:
    # "the X on the '…' message": the close control in that notice (before: a control called
    # "X on the … message"); in a to-do's row, its cross deletes it (a Remove icon).
    steps = [
        OPENING,
        "Click the X on the 'You have 2 new invites' message",
        "I should not see 'new invites'",
        "I should see 'Could not sync'",
        "Click 'Dismiss' on the 'Could not sync' message",
        "I should not see 'Could not sync'",
        "Click the X on the 'Profile saved' alert",
        "I should not see 'Profile saved'",
        *UNTOUCHED,
    ]
    assert_passes_and_exports(site_url, steps, tmp_path / "notices")
    todos = [
        "Open /zoo/todo.html?m=plain",
        "Type 'Buy milk' into 'What needs to be done?' and press Enter",
        "Type 'Walk dog' into 'What needs to be done?' and press Enter",
        "Click the X next to 'Buy milk'",
        "I should not see 'Buy milk'",
        "I should see 'Walk dog'",
    ]
    assert_passes_and_exports(site_url, todos, tmp_path / "todos")
