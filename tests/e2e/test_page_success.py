"""The page's messages of success, no element named: "A success message should be shown", "The
success message should say 'Added Tote Bag'", "There should be no success message" — boxes
marked success or confirmation, and live regions, alerts and message boxes whose words say
something was done; not green words, buttons or rows, a status line that only counts, or an
alert that failed. Both demo variants (the redesign's toast has hashed classes and a role),
a settings page of other markups, DataTables' status line; in a run and in the cold export.
Before: the model's."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.server import start_demo
from tests.e2e.conftest import (
    assert_exported_claims,
    assert_steps_pass_and_claims_fail,
)

pytestmark = pytest.mark.browser

SHOP = [
    "Open /products",
    "There should be no success message",
    "Add 'Tote Bag' to the cart",
    "A success message should be shown",
    "The success message should say 'Added Tote Bag'",
    "I should see a confirmation message saying 'to your cart'",
    "The success message should not say 'Wool Scarf'",
]
NOTHING_DONE = {"A success message should be shown": "no success message is shown"}

SETTINGS = [
    "Open /messages.html",
    "No success message should be shown",
    "Click 'Save'",
    "A success message should appear",
    "The success message should say 'Profile saved'",
    "I should see a success toast saying 'Settings updated'",
]


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_the_shops_messages_of_success_are_read(variant: str, tmp_path: Path) -> None:
    with start_demo(variant=variant, port=0) as shop:
        assert_steps_pass_and_claims_fail(
            shop.url, SHOP, "Open /login", NOTHING_DONE, tmp_path
        )


def test_green_words_rows_and_counts_are_no_message_of_success(
    site_url: str, tmp_path: Path
) -> None:
    assert_steps_pass_and_claims_fail(
        site_url, SETTINGS, "Open /messages.html", NOTHING_DONE, tmp_path
    )


def test_a_tables_status_line_is_no_message_of_success(
    libraries_url: str, tmp_path: Path
) -> None:
    opening = "Open /libraries/tables.html"
    assert_steps_pass_and_claims_fail(
        libraries_url,
        [opening, "Click 'Next'", "There should be no success message"],
        opening,
        NOTHING_DONE,
        tmp_path,
    )


@pytest.mark.slow
def test_exported_messages_of_success_decide_as_the_run_does(
    site_url: str, tmp_path: Path
) -> None:
    with start_demo(port=0) as shop:
        assert_exported_claims(
            shop.url, "Open /login", [], SHOP, NOTHING_DONE, tmp_path / "shop"
        )
    assert_exported_claims(
        site_url,
        "Open /messages.html",
        [],
        SETTINGS[1:],
        NOTHING_DONE,
        tmp_path / "settings",
    )
