"""Numbers compared: "The total should be more than $1,000", "The price of 'Mug' should be under
$20", "The rating should be at least 4" (the model's before). The first number beside the label,
in the row's part or in the field is compared with the claim's, thousands separators and all; a
number compared is never borne out by its words elsewhere on the page (the page says "Orders
over $10 ship free"). True and false claims, each false one saying what it saw; in the cold
export too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (
    assert_claims_fail,
    assert_claims_hold,
    assert_exported_claims,
)

pytestmark = pytest.mark.browser

OPENING = "Open /amounts.html"
TRUE = [
    "The total should be more than $1,000",
    "The total should be greater than $10",
    "The total should be at most $1,149",
    "The total should not be less than $1,149",
    "The subtotal is above $1,150",
    "The price of 'Mug' should be under $20",
    "The price of 'Trail Boots' should be at least $1,000",
    "The rating should be at least 4",
    "The discount should be less than $0",
]
FALSE = {
    "The total should be more than $1,149": (
        "the value beside 'total' is more than '$1,149'",
        "'$1,149.00'",
    ),
    "The price of 'Mug' should be over $20": (
        "the row of 'Mug': its price is more than '$20'",
        "its price '$12.50'",
    ),
    # No discount is more than $10 ("-$5.00"), though "$10" is on the page.
    "The discount should be more than $10": (
        "the value beside 'discount' is more than '$10'",
        "'-$5.00'",
    ),
}


def test_numbers_compared_hold(site_url: str, tmp_path: Path) -> None:
    assert_claims_hold(site_url, OPENING, TRUE, tmp_path)


def test_numbers_compared_fail_saying_what_they_saw(
    site_url: str, tmp_path: Path
) -> None:
    assert_claims_fail(site_url, OPENING, FALSE, tmp_path)


def test_a_number_with_nothing_to_compare_it_with_fails(
    site_url: str, tmp_path: Path
) -> None:
    # Before the check knew numbers, "$10" on the page would have been the words looked for.
    from tests.e2e.conftest import judged_claims

    seen, _ = judged_claims(
        site_url, OPENING, ["The shipping should be more than $10"], tmp_path
    )
    verdict, _expected, _observed = seen["The shipping should be more than $10"]
    assert verdict == "failed"


@pytest.mark.slow
def test_the_cold_export_compares_the_same(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(site_url, OPENING, TRUE, [], list(FALSE), tmp_path)
