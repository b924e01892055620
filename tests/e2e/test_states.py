"""What is selected, pressed or open, decided by code in real Chromium: "The Billing tab is
selected", "'Germany' is selected", "The Bold button is pressed", "The Shipping options
section is expanded". Before, a tab or an option "is selected" failed though true (only boxes
could be checked: "nothing on the page matches 'Billing'"), and pressed, expanded or collapsed
needed a model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from benchmarks.grounding_bench import serve_site
from demo.server import start_demo
from tests.e2e.conftest import (
    assert_claims_fail,
    assert_claims_hold,
    assert_exported_claims,
    assert_steps_pass_and_claims_fail,
    judged_claims,
    one_case,
    request_for,
)

pytestmark = pytest.mark.browser

OPEN = "Open /states.html"
TRUE = [
    "The Billing tab is selected",
    "The Profile tab is not selected",
    "'Germany' is selected",
    "'France' is not selected",
    "The Bold button is pressed",
    "The Italic button is not pressed",
    "'Send me news' is not checked",  # a native box: as before
    "The Shipping options section is collapsed",
    "The Advanced section is collapsed",
    "The Advanced section is not expanded",
]
FALSE = {
    "The Profile tab is selected": (
        "'Profile' is selected",
        "'Profile' is not selected",
    ),
    "'France' is selected": ("'France' is selected", "'France' is not selected"),
    "The Italic button is pressed": (
        "'Italic' is selected",
        "'Italic' is not selected",
    ),
    "The Shipping options section is expanded": (
        "'Shipping options' is expanded",
        'button "Shipping options" is collapsed',
    ),
    "'Send me news' is checked": ("'Send me news' is checked", "is unchecked"),
}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_site() as url:
        yield url


def test_true_states_pass_as_assertions_and_as_steps(site: str, tmp_path: Path) -> None:
    assert_claims_hold(site, OPEN, TRUE, tmp_path)


def test_false_states_fail_saying_what_was_read(site: str, tmp_path: Path) -> None:
    assert_claims_fail(site, OPEN, FALSE, tmp_path)


def test_a_state_that_changes_is_waited_for(site: str, tmp_path: Path) -> None:
    steps = [
        OPEN,
        "Click the Profile tab",
        "Verify the Profile tab is selected",
        "Verify the Billing tab is not selected",
        "Click 'Shipping options'",
        "Verify the Shipping options section is expanded",
    ]
    report = engine.execute(request_for(one_case(site, steps, []), tmp_path))
    assert report.status == "passed", report.cases[0].reason


@pytest.mark.slow
def test_exported_states_read_as_the_engine_does(site: str, tmp_path: Path) -> None:
    steps = [
        "Click the Profile tab",
        "Verify the Profile tab is selected",
        "Click 'Shipping options'",
        "Verify the Shipping options section is expanded",
    ]
    assert_exported_claims(site, OPEN, TRUE, steps, FALSE, tmp_path)


FOCUS_STEPS = [
    "Open /login",
    "Click the email field",
    "The email field should be focused",
    "The password field should not have focus",
    "Press Tab",
    "The password field should have focus",
    "Verify the email field is not focused",
]
FOCUS_FALSE = {
    "The password field is focused": "is unfocused",
    "The Sign in button has focus": "is unfocused",
}


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_which_control_has_the_keyboards_focus(variant: str, tmp_path: Path) -> None:
    """ "The email field should be focused", "The password field should have focus": the
    control called so is the document's active element (or holds it); the model's before."""
    with start_demo(variant=variant, port=0) as shop:
        assert_steps_pass_and_claims_fail(
            shop.url, FOCUS_STEPS, "Open /login", FOCUS_FALSE, tmp_path
        )


@pytest.mark.slow
def test_exported_focus_claims_decide_as_the_run_does(tmp_path: Path) -> None:
    with start_demo(port=0) as shop:
        assert_exported_claims(
            shop.url, "Open /login", [], FOCUS_STEPS[1:], FOCUS_FALSE, tmp_path
        )


# A box or switch not named: the one the page shows (before: the model's).
LONE_OPEN = "Open /lone-boxes.html"
LONE_TRUE = [
    "The checkbox should be unchecked",
    "The check box is not ticked",
    "The switch should be on",
    # A switch "enabled" is one turned on (before: any usable switch, on or off, passed).
    "The toggle is enabled",
    "Dark mode should be enabled",
    "'Use defaults' should be enabled",
]
LONE_STEPS = [
    "Click 'Use defaults'",
    "The checkbox should be checked",
    "The switch should be off",
    "Verify the toggle is off",
    "Dark mode should be disabled",
]
LONE_FALSE = {
    "The checkbox is checked": 'checkbox "Remember this device" is unchecked',
    "The switch should be off": 'switch "Dark mode" is checked',
    "Dark mode should be disabled": 'switch "Dark mode" is on',
}


def test_a_box_not_named_is_the_one_the_page_shows(
    site_url: str, tmp_path: Path
) -> None:
    assert_claims_hold(site_url, LONE_OPEN, LONE_TRUE, tmp_path / "true")
    assert_steps_pass_and_claims_fail(
        site_url, [LONE_OPEN, *LONE_STEPS], LONE_OPEN, LONE_FALSE, tmp_path / "false"
    )


def test_several_boxes_not_named_are_no_answer(site_url: str, tmp_path: Path) -> None:
    seen, _ = judged_claims(
        site_url, "Open /everyday.html", ["The checkbox is checked"], tmp_path
    )
    verdict, _expected, observed = seen["The checkbox is checked"]
    # Named, not guessed: "Select all" and "Two-factor authentication" (the switch aside).
    assert verdict == "failed"
    assert "Select all" in (observed or "") and "Two-factor" in (observed or "")
    assert "Notifications" not in (observed or "")


@pytest.mark.slow
def test_exported_boxes_not_named_read_as_the_engine_does(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(
        site_url, LONE_OPEN, LONE_TRUE, LONE_STEPS, LONE_FALSE, tmp_path
    )


# Where the user is, marked by a class alone (before: "active" was the model's; "is selected"
# failed: "cannot be checked").
NAV_OPEN = "Open /nav-active.html"
NAV_TRUE = [
    "The 'Home' link should be active",
    "The 'Reports' link should be inactive",
    "The 'Dashboard' menu item should be highlighted",
    "'Settings' should not be active",
    "The 'Overview' tab should be active",
    "The 'Activity' tab is not selected",
]
NAV_STEPS = [
    "Click 'Settings'",
    "The 'Settings' link should be active",
    "The 'Dashboard' link should be inactive",
    "Click the 'Activity' tab",
    "The 'Activity' tab should be active",
    "The 'Overview' tab should not be active",
]
NAV_FALSE = {
    "The 'Reports' link should be active": "'Reports' is not selected",
    "The 'Activity' tab should be active": "'Activity' is not selected",
}


def test_the_item_marked_active_by_its_class_is_selected(
    site_url: str, tmp_path: Path
) -> None:
    assert_claims_hold(site_url, NAV_OPEN, NAV_TRUE, tmp_path / "true")
    assert_steps_pass_and_claims_fail(
        site_url, [NAV_OPEN, *NAV_STEPS], NAV_OPEN, NAV_FALSE, tmp_path / "false"
    )


@pytest.mark.slow
def test_exported_active_items_read_as_the_engine_does(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(site_url, NAV_OPEN, NAV_TRUE, NAV_STEPS, NAV_FALSE, tmp_path)


# Said with "exist" and "have the title" (before: the model's).
EXIST_TRUE = [
    "The page should have the title 'Preferences'",
    "The 'Use defaults' button should exist",
    "The 'Delete' button should not exist",
]
EXIST_FALSE = {
    "The page should have the title 'Home'": "Preferences",
    "The 'Use defaults' button does not exist": 'button "Use defaults"',
}


def test_a_control_that_exists_and_a_pages_title(site_url: str, tmp_path: Path) -> None:
    assert_claims_hold(site_url, LONE_OPEN, EXIST_TRUE, tmp_path / "true")
    assert_claims_fail(
        site_url,
        LONE_OPEN,
        {
            text: (expected, seen)
            for (text, seen), expected in zip(
                EXIST_FALSE.items(),
                ["the title is 'Home'", "'Use defaults' is hidden"],
                strict=True,
            )
        },
        tmp_path / "false",
    )


@pytest.mark.slow
def test_exported_existence_and_titles_read_as_the_engine_does(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(site_url, LONE_OPEN, EXIST_TRUE, [], EXIST_FALSE, tmp_path)


# The option a list holds (before: "The selected option in 'Size' should be 'Large'" passed on
# the words "Large" anywhere, the list's own options among them).
CHOSEN_STEPS = [
    "Choose size 'Large'",
    "The selected option in 'Size' should be 'Large'",
    "The selected size should be 'Large'",
    "'Large' should be selected in 'Size'",
    "The 'Size' select should have 'Large' selected",
    "'Small' should not be selected in 'Size'",
]
CHOSEN_FALSE = {
    "The selected option in 'Size' should be 'Large'": "Choose a size",
    "'Large' should be selected in 'Size'": "'Large' is not selected",
}


def test_the_option_a_list_holds(site_url: str, tmp_path: Path) -> None:
    assert_steps_pass_and_claims_fail(
        site_url,
        ["Open /variants.html", *CHOSEN_STEPS],
        "Open /variants.html",
        CHOSEN_FALSE,
        tmp_path,
    )


@pytest.mark.slow
def test_exported_chosen_options_read_as_the_engine_does(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(
        site_url, "Open /variants.html", [], CHOSEN_STEPS, CHOSEN_FALSE, tmp_path
    )


# A radio group's value is its chosen radio's words (before: the words beside its legend, the
# first radio's: "The color should be 'Red'" held with nothing chosen).
GROUP_TRUE = ["The shipping method should be 'Standard'"]
GROUP_STEPS = [
    "Choose 'Express' shipping",
    "Pick the 'Blue' color",
    "The shipping method should be 'Express'",
    "The color should be 'Blue'",
]
GROUP_FALSE = {
    "The color should be 'Red'": "(none chosen)",
    "The shipping method should be 'Express'": "'Standard'",
}


def test_a_radio_groups_value_is_the_chosen_radio(
    site_url: str, tmp_path: Path
) -> None:
    assert_claims_hold(site_url, "Open /variants.html", GROUP_TRUE, tmp_path / "true")
    assert_steps_pass_and_claims_fail(
        site_url,
        ["Open /variants.html", *GROUP_STEPS],
        "Open /variants.html",
        GROUP_FALSE,
        tmp_path / "false",
    )


@pytest.mark.slow
def test_exported_radio_group_values_read_as_the_engine_does(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(
        site_url, "Open /variants.html", GROUP_TRUE, GROUP_STEPS, GROUP_FALSE, tmp_path
    )
