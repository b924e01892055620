"""Everyday phrasings that were read wrongly or not at all: "Enter the email 'ada@…'" (a field
named before its value: the model's before), "Press Escape to close the modal" and "Press Enter
to submit" (a control called "Escape to close the modal" before), "Search for 'boots' and press
Enter" (typed "boots and press Enter" before), "Mark all as read" (ticked the list's select-all
box before), "Expand all" (clicked a filter link "All" before) — those three passed while doing
the wrong thing — and "Enable notifications" (the switch called "Notifications" where no button
is called so; the model's before), "Close the newsletter popup" (the open dialog, by its "No
thanks"; a control called so before). The page says what each control did, so a look-alike taken
instead shows. In the cold export too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (
    assert_exported_claims,
    assert_passes_and_exports,
    judged_claims,
    run_case,
)

pytestmark = pytest.mark.browser

STEPS = [
    "Enter the email 'ada@example.com'",
    "Type the password 'secret'",
    "Enter the coupon code 'SAVE10'",
    "Press Enter to submit",
    "Search for 'boots' and press Enter",
    "Mark all as read",
    "Expand all",
    "Click 'Show details'",
    "Press Escape to close the modal",
    "Enable notifications",
    "Disable two-factor authentication",
    "Enable backups",
    "Click 'Subscribe'",
    "Close the newsletter popup",
    # Each control said what it did, in order: a look-alike would have said "selected all"
    # or "filter all" among them.
    'I should see \'signed in ada@example.com / 6 / SAVE10; searched "boots"; all read; '
    "expanded; closed; notifications on; 2fa off; backups enabled; no newsletter'",
]


def test_each_phrasing_does_what_it_says(site_url: str, tmp_path: Path) -> None:
    case = run_case(site_url, ["Open /everyday.html", *STEPS], tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


@pytest.mark.slow
def test_the_cold_export_does_the_same(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(site_url, "Open /everyday.html", [], STEPS, [], tmp_path)


def test_marking_all_as_not_done_clears_the_toggle_all_box(
    site_url: str, tmp_path: Path
) -> None:
    # Before: "Mark all as not done" ticked the box, which marks every item done.
    steps = [
        "Open /zoo/todo.html?m=plain",
        "Type 'Buy milk' into 'What needs to be done?' and press Enter",
        "Mark all as complete",
        "I should see '0 items left'",
        "Mark all as not done",
        "I should see '1 item left'",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason


MENU_STEPS = [
    "Open the user menu",
    "Click 'Sign out'",
    "Click the account menu",
    "Click 'Billing'",
    "I should see 'Log: user menu; signed out; account menu; billing'",
]


def test_a_menu_named_by_its_words_is_opened_not_a_link_like_them(
    site_url: str, tmp_path: Path
) -> None:
    # Before: "menu" was dropped, and "the user menu" clicked the nav's "Users" link.
    case = run_case(site_url, ["Open /user-menu.html", *MENU_STEPS], tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


@pytest.mark.slow
def test_the_cold_export_opens_the_same_menus(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url, "Open /user-menu.html", [], MENU_STEPS, [], tmp_path
    )


def test_an_item_picked_from_the_menu_that_opened(
    site_url: str, tmp_path: Path
) -> None:
    # Before: a list called "Your profile from the" (none: the step broke).
    steps = [
        "Open /user-menu.html",
        "Open the user menu",
        "Pick 'Your profile' from the menu",
        "I should see 'Log: user menu; profile'",
    ]
    assert_passes_and_exports(site_url, steps, tmp_path)


def test_an_item_of_a_menu_a_step_before_opened(site_url: str, tmp_path: Path) -> None:
    # Before: the menu opened by the step before was clicked again, which closed it (the step
    # broke), and "Click 'Export' in the 'Actions' menu" was a control called "Export in the
    # Actions".
    steps = [
        "Open /zoo/dropdown.html?m=aria",
        "Open the 'Actions' menu",
        "Choose 'Archive' from the 'Actions' menu",
        "I should see 'Archived'",
        "Click 'Export' in the 'Actions' menu",
        "I should see 'Exported'",
        "Open the 'Actions' menu",
        "Click 'Archive' in the 'Actions' menu",
        "I should see 'Archived'",
    ]
    assert_passes_and_exports(site_url, steps, tmp_path)


def test_rows_selected_by_their_place(site_url: str, tmp_path: Path) -> None:
    # Before: an option called "second row" (the step broke, four row boxes named alike).
    steps = [
        "Open /zoo/lists.html?m=plain",
        "Select the second row",
        "Select the last row in the table",
        "Click 'Delete selected'",
        "I should see 'did Delete selected Beta,Delta'",
    ]
    assert_passes_and_exports(site_url, steps, tmp_path)
    # The row's box said by its role, a row's button by its words (before: the page's second
    # box, a filter's; a row mentioning "last").
    said = [
        "Open /zoo/lists.html?m=plain",
        "Check the checkbox in the second row",
        "Tick the box in the last row",
        "Click 'Delete selected'",
        "I should see 'did Delete selected Beta,Delta'",
    ]
    assert_passes_and_exports(site_url, said, tmp_path / "said")
    edited = [
        "Open /zoo/which.html?m=plain",
        "Click the edit button in the last row",
        "I should see 'Editing Gamma'",
    ]
    assert_passes_and_exports(site_url, edited, tmp_path / "edited")


def test_a_tooltip_said_to_appear_is_its_words(site_url: str, tmp_path: Path) -> None:
    # Before: the model's.
    steps = [
        "Open /zoo/text.html?m=soup",
        "Hover over 'Annual summary'",
        "The tooltip 'Preview: Annual summary' should appear",
        "Hover over 'Quarterly report'",
        "The 'Preview: Quarterly report' tooltip should be visible",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}
    assert_passes_and_exports(site_url, steps, tmp_path / "export")


def test_signing_out_of_the_app_is_the_sign_out_control(
    site_url: str, tmp_path: Path
) -> None:
    # Before: only a control called "Sign out of the app" (none: the model's).
    steps = [
        "Open /user-menu.html",
        "Open the user menu",
        "Sign out of the app",
        "I should see 'Log: user menu; signed out'",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}
    assert_passes_and_exports(site_url, steps, tmp_path / "export")


@pytest.mark.parametrize("markup", ["plain", "aria", "soup"])
def test_several_fields_each_with_its_value(
    markup: str, site_url: str, tmp_path: Path
) -> None:
    # Before: "Ada and 'Last name' with Lovelace" was typed into First name, and the step
    # passed.
    steps = [
        f"Open /zoo/which.html?m={markup}",
        "Fill in 'First name' with 'Ada' and 'Last name' with 'Lovelace'",
        "Click 'Save'",
        "I should see 'Saved Ada Lovelace'",
        "Set 'Last name' to 'Byron' and 'First name' to 'Augusta'",
        "Click 'Save'",
        "I should see 'Saved Augusta Byron'",
    ]
    assert_passes_and_exports(site_url, steps, tmp_path)


NEW_TAB_STEPS = [
    "Open 'Open the report' in a new tab",
    "Verify 'Report for plain' is shown",
    "Click 'Approve'",
    "Switch back",
    "Verify 'Approved in plain' is shown",
]


def test_a_link_opened_in_a_new_tab_is_the_link(site_url: str, tmp_path: Path) -> None:
    # Before: a link called "Open the report in a new".
    case = run_case(site_url, ["Open /zoo/tabs.html?m=plain", *NEW_TAB_STEPS], tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


@pytest.mark.slow
def test_the_cold_export_opens_the_same_tab(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url, "Open /zoo/tabs.html?m=plain", [], NEW_TAB_STEPS, [], tmp_path
    )


NEW_TAB_CLAIMS = ["The 'Open the report' link should open in a new tab"]
SAME_TAB_CLAIMS = ["The 'Cart' link should not open in a new tab"]


def test_where_a_link_opens_is_a_claim(site_url: str, tmp_path: Path) -> None:
    # Before: the model's. The link's target, read without clicking it.
    seen, _ = judged_claims(
        site_url, "Open /zoo/tabs.html?m=plain", NEW_TAB_CLAIMS, tmp_path / "new"
    )
    assert seen[NEW_TAB_CLAIMS[0]][0] == "passed", seen
    seen, _ = judged_claims(
        site_url,
        "Open /pager.html",
        [*SAME_TAB_CLAIMS, "The 'Cart' link should open in a new tab"],
        tmp_path / "same",
    )
    assert seen[SAME_TAB_CLAIMS[0]][0] == "passed", seen
    assert seen["The 'Cart' link should open in a new tab"] == (
        "failed",
        "the 'Cart' link opens in a new tab",
        "no target: this tab",
    )


@pytest.mark.slow
def test_the_cold_export_reads_where_links_open(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url, "Open /zoo/tabs.html?m=plain", NEW_TAB_CLAIMS, [], [], tmp_path / "a"
    )
    assert_exported_claims(
        site_url,
        "Open /pager.html",
        SAME_TAB_CLAIMS,
        [],
        ["The 'Cart' link should open in a new tab"],
        tmp_path / "b",
    )


# A scenario's steps said of someone, as people write them in Given/When/Then: before, "I
# click 'X'" was the model's and "I press Enter" a click on a control called so.
SAID_OF_SOMEONE = [
    "Given I am on '/everyday.html'",
    "When I enter 'ada@example.com' in 'Email'",
    "And the user types 'secret' into 'Password'",
    "And I fill in 'Coupon code' with 'SAVE10'",
    "And I press Enter",
    "When the user searches for 'boots' and press Enter",
    "And I click 'Mark all as read'",
    "And the customer clicks on 'Expand all'",
    'Then the user sees \'signed in ada@example.com / 6 / SAVE10; searched "boots"; '
    "all read; expanded'",
    "And I don't see 'no newsletter'",
    "And I am on '/everyday.html'",
]


def test_steps_said_of_someone_are_the_orders_they_mean(
    site_url: str, tmp_path: Path
) -> None:
    case = run_case(site_url, SAID_OF_SOMEONE, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}
    assert_passes_and_exports(site_url, SAID_OF_SOMEONE, tmp_path / "again")


def test_a_fill_then_another_step_does_both(site_url: str, tmp_path: Path) -> None:
    # Before: "type secret" was typed into Password, and "Continue" into a field called
    # "then click".
    steps = [
        "Open /everyday.html",
        "Type 'ada@example.com' into 'Email' and then type 'secret' into 'Password'",
        "Enter 'SAVE10' in 'Coupon code', then click 'Continue'",
        "I should see 'signed in ada@example.com / 6 / SAVE10'",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_a_plans_button_a_toggle_to_and_a_named_search(
    site_url: str, tmp_path: Path
) -> None:
    # Before: a control called "Buy now on the Pro plan", one called "to yearly billing", and
    # "plans named Pro" typed into the search box.
    steps = [
        "Open /plans.html",
        "Toggle to yearly billing",
        "Click 'Buy now' on the 'Pro' plan",
        "Search for plans named 'Pro'",
        "I should see 'bought Pro (yearly); searched \"Pro\"'",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}
    assert_passes_and_exports(site_url, steps, tmp_path / "export")


def test_an_option_chosen_from_the_list_in_a_row(site_url: str, tmp_path: Path) -> None:
    # Rows of two unlabelled lists each. Before: a control called "Admin from the" (none: the
    # step broke); the option says which of the row's lists.
    steps = [
        "Open /team.html",
        "Select 'Admin' from the dropdown for 'Grace Hopper'",
        "I should see 'Grace Hopper: Admin'",
        "Choose 'Suspended' from the drop-down in the 'Linus Torvalds' row",
        "I should see 'Linus Torvalds: Suspended'",
    ]
    assert_passes_and_exports(site_url, steps, tmp_path)
    missing = run_case(
        site_url,
        ["Open /team.html", "Select 'Owner' from the list for 'Ada Lovelace'"],
        tmp_path / "missing",
        step_timeout_ms=1000,
    )
    assert missing.status == "broken"
    assert "no list in the row of 'Ada Lovelace' offers 'Owner'" in (
        missing.reason or ""
    )
