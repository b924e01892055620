"""Sort checks on lists of cards: "The products should be sorted by price, low to high" where no
column is called price reads each card's price (the price now, not the one struck through;
past a thousand as a number), name, date (month names as dates) or rating (stars that say it
in their label), in the list the words name, else the page's longest list showing that part
(not the cart beside it). Before: the model's. In a run and in the cold export."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (
    assert_exported_claims,
    assert_steps_pass_and_claims_fail,
)

pytestmark = pytest.mark.browser

STEPS = [
    "Open /cards.html",
    "The articles should be sorted by date, newest first",
    "Sort by price, low to high",
    "The products should be sorted by price from cheapest to most expensive",
    "Sort by price, high to low",
    "The list should be sorted by price descending",
    "Sort by name Z to A",
    "The products should be sorted by name descending",
    "Sort by date added, newest first",
    "The products should be sorted by date, newest first",
    "Sort by rating, highest first",
    "The products should be sorted by rating descending",
]
# As the page opens: the products in their featured order (the cart beside them, two items,
# happens to run cheapest first), the articles newest first.
FALSE = {
    "The products are sorted by price": "$1,299.00, $25.00, $89.50, $9.99, $15.00",
    "The list is sorted by price": "$1,299.00, $25.00",
    "The products are sorted by name": "Desk Lamp, Tote Bag, Wool Scarf",
    "The articles are sorted by date ascending": "Mar 3, 2025, Feb 2, 2025",
    "The articles are sorted by title": "Packing for a long weekend, Ten desk upgrades",
    "The products are sorted by rating": "Rated 4.5 out of 5, Rated 4 out of 5",
}


def test_cards_are_sorted_by_their_parts(site_url: str, tmp_path: Path) -> None:
    assert_steps_pass_and_claims_fail(
        site_url, STEPS, "Open /cards.html", FALSE, tmp_path
    )


@pytest.mark.slow
def test_exported_card_sort_checks_decide_as_the_run_does(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(
        site_url,
        "Open /cards.html",
        ["The articles are sorted by date, newest first"],
        STEPS[1:],
        FALSE,
        tmp_path,
    )


# An order said without "by" (before: the model's): alphabetical is by name, "newest first" by
# date, "cheapest first" by price; "the prices" are the part so called.
PLAIN_STEPS = [
    "Open /cards.html",
    "The articles should be sorted newest first",
    "Sort by price, low to high",
    "The prices should be in ascending order",
    "The products should be sorted cheapest first",
    "Sort by name Z to A",
    "The products should be in reverse alphabetical order",
    "The names should be sorted Z-A",
]
PLAIN_FALSE = {
    "The products should be sorted alphabetically": "Desk Lamp, Tote Bag, Wool Scarf",
    "The prices should be in ascending order": "$1,299.00, $25.00",
    "The articles should be sorted oldest first": "Mar 3, 2025, Feb 2, 2025",
}


def test_an_order_said_without_by_reads_the_part_it_implies(
    site_url: str, tmp_path: Path
) -> None:
    assert_steps_pass_and_claims_fail(
        site_url, PLAIN_STEPS, "Open /cards.html", PLAIN_FALSE, tmp_path
    )


@pytest.mark.slow
def test_exported_plain_orders_decide_as_the_run_does(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(
        site_url,
        "Open /cards.html",
        ["The articles should be sorted newest first"],
        PLAIN_STEPS[1:],
        PLAIN_FALSE,
        tmp_path,
    )
