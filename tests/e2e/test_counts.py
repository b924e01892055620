"""Counts a claim states ("The cart has 2 items", "There are no invoices", "4 results are
shown"), an item's words ("The first row contains 'Ada'"), a column's cells ("The Email column
contains 'x'") and the value beside a label ("The cart total is '$52.00'"), decided by code in real Chromium: the collection the words name (a list, a table, an
ARIA grid, a run of like cards) with its visible items, else the page's words that state the
count; words that name nothing counted go to the model, never to a guess."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from benchmarks.grounding_bench import serve_site
from demo.server import start_demo
from engine.spec import Expect
from tests.e2e.conftest import (
    assert_claims_fail,
    assert_claims_hold,
    assert_exported_claims,
    one_case,
    request_for,
)

pytestmark = pytest.mark.browser

OPEN = "Open /counts.html"
TRUE = [
    "The cart has 2 items",  # two rows; the header's "Bag: 3 items" counts quantities
    "The shopping cart should contain 2 items",
    "There are 3 users",
    "The users table has 3 rows",
    "The invoices table has no rows",  # "No invoices yet" across the table is no row
    "There are no invoices",
    "The todo list has 2 todos",  # the third is hidden
    "2 todos are shown",
    "4 results are shown",
    "At least 3 results are shown",
    "There are fewer than 5 results",
    "The wishlist is empty",
    "The orders grid has 2 rows",
    "There are 2 orders",
    # "There should be a … with …" (before: the model's).
    "There should be a users table with 3 rows",
    "There should be a cart with 2 items",
    "The cart does not have 3 items",
    # An item of a collection: its words, not the page's.
    "The first row of the users table contains 'Ada'",
    "The last user is 'Linus'",
    "The second result is 'Mug two'",
    "The first item in the cart contains 'Tote Bag'",
    "The last order contains '#1002'",
    "The first todo is 'Buy milk'",
    # A column's cells.
    "The Email column contains 'grace@example.org'",
    "The Name column is 'Linus'",
    "The Name column does not contain 'Bob'",
    "The Status column is 'Paid'",
    # The value beside a label, where no field is called so.
    "The cart total is '$52.00'",
    "The status is 'Unpaid'",
    "The order number is 'A-1042'",
    "The subtotal is '$48.00'",
    "The shipping is '$4.00'",
]
FALSE = {
    "The cart has 3 items": ("3 items in 'cart'", "shows 2 items"),
    "There are 4 users": ("4 users", "shows 3 rows"),
    "There should be a users table with 4 rows": (
        "4 rows in 'users table'",
        "shows 3 rows",
    ),
    "The todo list has 3 todos": ("3 todos in 'todo list'", "shows 2 items"),
    "No results are shown": ("0 results", "shows 4 items"),
    "The wishlist has 2 items": ("2 items in 'wishlist'", 'says "wishlist is empty"'),
    "The invoices table has 1 row": ("1 row in 'invoices table'", "shows 0 rows"),
    # Before, each passed: the words are on the page, in another row.
    "The first row contains 'Linus'": (
        "row #1 contains 'Linus'",
        "that one says 'Ada ada@example.org'",
    ),
    "The last user is 'Ada'": ("user last contains 'Ada'", "that one says 'Linus"),
    "The Email column contains 'Mug'": (
        "a cell of the Email column contains 'Mug'",
        "'ada@example.org', 'grace@example.org', 'linus@example.org'",
    ),
    "The Status column does not contain 'Paid'": (
        "no cell of the Status column contains 'Paid'",
        "'Paid', 'Open'",
    ),
    # Before, both passed: "Tote Bag" and "Paid" are on the page, beside other labels.
    "The cart total is 'Tote Bag'": (
        "the value beside 'cart total' is 'Tote Bag'",
        "beside 'total': '$52.00'",
    ),
    "The status is 'Paid'": ("the value beside 'status' is 'Paid'", "'Unpaid'"),
    "The second result is 'Mug one'": (
        "result #2 contains 'Mug one'",
        "that one says 'Mug two'",
    ),
}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_site() as url:
        yield url


def test_true_counts_pass_as_assertions_and_as_steps(site: str, tmp_path: Path) -> None:
    assert_claims_hold(site, OPEN, TRUE, tmp_path)


def test_false_counts_fail_saying_what_was_counted(site: str, tmp_path: Path) -> None:
    assert_claims_fail(site, OPEN, FALSE, tmp_path)


def test_a_count_waits_for_the_page_to_change(site: str, tmp_path: Path) -> None:
    """The cap's row arrives 300 ms after the click: the count is looked at until it holds."""
    steps = [OPEN, "Click 'Add a cap'", "Verify the cart has 3 items"]
    report = engine.execute(
        request_for(
            one_case(site, steps, [Expect("a", "There are 3 items in the cart")]),
            tmp_path,
        )
    )
    assert report.status == "passed", report.cases[0].reason


def test_words_that_name_nothing_counted_need_the_model(
    site: str, tmp_path: Path
) -> None:
    """No basket on the page, and "3 items" only in the header's bag: no count to read, so no
    verdict without a model (a guess would pass on the header's words)."""
    claim = "The basket has 3 items"
    report = engine.execute(
        request_for(
            one_case(site, [OPEN], [Expect("a", claim)]),
            tmp_path / "a",
            assert_timeout_ms=300,
        )
    )
    [judged] = report.cases[0].asserts
    assert judged.verdict == "broken" and "needs a language model" in (
        judged.reason or ""
    )
    report = engine.execute(
        request_for(
            one_case(site, [OPEN, f"Verify {claim[0].lower()}{claim[1:]}"], []),
            tmp_path / "s",
            assert_timeout_ms=300,
        )
    )
    step = report.cases[0].steps[1]
    assert step.status == "broken"
    assert "nothing on the page shows such a count" in (step.reason or "")
    assert "needs a language model" in (step.reason or "")


@pytest.mark.slow
def test_exported_counts_count_as_the_engine_does(site: str, tmp_path: Path) -> None:
    """The cold export of the same counts, under @playwright/test: the true ones pass as
    assertions and as steps, each false one fails its own test."""
    steps = [
        "Click 'Add a cap'",
        "Verify the cart has 3 items",
        "Verify there are no invoices",
    ]
    assert_exported_claims(site, OPEN, TRUE, steps, FALSE, tmp_path)


def test_a_region_said_to_be_empty_is_counted_not_searched(
    site: str, tmp_path: Path
) -> None:
    """ "Verify the cart is empty" names no field: it once passed on any page (the empty
    value's words are in every text); now the cart's rows are counted."""
    report = engine.execute(
        request_for(
            one_case(site, [OPEN, "Verify the cart is empty"], []),
            tmp_path,
            assert_timeout_ms=300,
        )
    )
    step = report.cases[0].steps[1]
    assert step.status == "failed", step
    assert "shows 2 items" in (step.reason or ""), step.reason


PAGED = "Open /libraries/tables.html"
PAGED_TRUE = [
    # DataTables shows 5 of its 12 rows and says so beside the table.
    "There are 12 entries",
    "There are 12 staff",  # the table called so; its pager says the total
    "The staff table has 5 rows",  # rows are what a table shows
    "The table shows 5 rows",
]
PAGED_FALSE = {
    # Before, each passed: the page-size list reads "10 25 50 100 entries per page", and a
    # layout of rows around the table hid the table named "staff".
    "There are 100 entries": ("100 entries", '"Showing 1 to 5 of 12 entries"'),
    "There are 25 entries": ("25 entries", "shows 5 rows"),
    "There are 7 staff": ("7 staff", 'the table "staff" shows 5 rows'),
    "The staff table has 12 rows": ("12 rows in 'staff table'", "shows 5 rows"),
}


def test_a_paged_table_counts_its_shown_rows_and_its_stated_total(
    libraries_url: str, tmp_path: Path
) -> None:
    """A DataTables table (a page we did not write): "rows" are those it shows, other nouns
    also its pager's total; the page-size list's options are no count."""
    assert_claims_hold(libraries_url, PAGED, PAGED_TRUE, tmp_path / "true")
    assert_claims_fail(libraries_url, PAGED, PAGED_FALSE, tmp_path / "false")


@pytest.mark.slow
def test_exported_paged_counts_count_as_the_engine_does(
    libraries_url: str, tmp_path: Path
) -> None:
    steps = ["Show 25 entries per page", "Verify the table shows 12 rows"]
    assert_exported_claims(
        libraries_url, PAGED, PAGED_TRUE, steps, PAGED_FALSE, tmp_path
    )


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_a_wait_for_things_listed_waits_until_one_is_shown(
    variant: str, tmp_path: Path
) -> None:
    """ "Wait for the products to load": at least one of them shown, counted as a count claim
    counts them (the shop draws its list about 1.2 s after load). Things the page never lists
    are no wait that passes: without a model, the step says it cannot tell."""
    # "Wait for the products" says the same (before: the model's).
    waits = ["Open /products", "Wait for the products", "Wait for the products to load"]
    never = ["Open /products", "Wait up to 2 seconds for the invoices to load"]
    with start_demo(variant=variant, port=0) as shop:
        report = engine.execute(request_for(one_case(shop.url, waits), tmp_path / "a"))
        missing = engine.execute(request_for(one_case(shop.url, never), tmp_path / "b"))
    case = report.cases[0]
    assert case.status == "passed", case.reason
    assert {step.tier for step in case.steps} == {"grammar"}
    assert case.steps[1].duration_ms >= 800, case.steps[1].duration_ms
    step = missing.cases[0].steps[1]
    assert step.status == "broken", step.reason
    assert "nothing on the page shows such a count" in (step.reason or "")
    assert step.duration_ms >= 1800, step.duration_ms


@pytest.mark.slow
def test_an_exported_wait_for_things_listed_waits_for_them(tmp_path: Path) -> None:
    with start_demo(port=0) as shop:
        assert_exported_claims(
            shop.url,
            "Open /products",
            [],
            ["Wait for the products to load", "There should be 6 products"],
            [],
            tmp_path,
        )
