"""Values stepped as a person steps them: "Increase the quantity of 'Tote Bag'", "Decrease the
quantity of 'Wool Scarf'", "Increase the number of adults by 2", "Increase the nights by 3" —
the plus or minus beside the field in the row named (a "+ Add gift card" link and the other
rows' buttons are not it), the arrow keys in a number field with no buttons (the demo shop's
product page) or an ARIA spinbutton, nameless icon buttons beside a count shown as words. A
value with no stepper and no number field breaks the step saying so. Before: the model's. Cold
from the grammar, warm from the cache, and in the cold export."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.server import start_demo
from tests.e2e.conftest import (
    assert_exported_claims,
    assert_grammar_then_cache,
    assert_passes_and_exports,
    one_case,
    run_case,
)

pytestmark = pytest.mark.browser

OPENING = "Open /steppers.html"
STEPPED = [
    OPENING,
    "Increase the quantity of 'Tote Bag'",
    "Decrease the quantity of 'Wool Scarf'",
    "Increase the number of adults by 2",
    "Increase the nights by 3",
    "Decrease the number of nights",
]
HOLDS = "I should see 'tote=2; scarf=1; adults=4; children=0; nights=3'"


def test_each_value_is_stepped_by_what_is_beside_it(
    site_url: str, tmp_path: Path
) -> None:
    steps = [*STEPPED, "Increase the number of children", HOLDS.replace("=0", "=1")]
    assert_grammar_then_cache(one_case(site_url, steps), tmp_path)


def test_a_number_field_without_buttons_steps_with_the_arrow_keys(
    tmp_path: Path,
) -> None:
    with start_demo(port=0) as shop:
        steps = [
            "Open /products/canvas-sneakers",
            "Increase the quantity by 2",
            "The quantity should be 3",
            "Decrease the quantity",
            "The quantity should be 2",
        ]
        case = run_case(shop.url, steps, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_a_value_with_nothing_to_step_it_breaks_the_step(tmp_path: Path) -> None:
    with start_demo(port=0) as shop:
        steps = [
            "Open /products/canvas-sneakers",
            "Click 'Add to cart'",
            "Go to the cart",
            "Increase the quantity of 'Canvas Sneakers'",
        ]
        case = run_case(shop.url, steps, tmp_path)
    assert case.status == "broken", case.reason
    assert "no control steps 'quantity' up" in (case.reason or ""), case.reason


@pytest.mark.slow
def test_the_cold_export_steps_what_the_run_steps(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(site_url, OPENING, [], [*STEPPED[1:], HOLDS], [], tmp_path)


def test_a_value_set_for_a_row_goes_into_that_rows_field(
    site_url: str, tmp_path: Path
) -> None:
    # Before: "Set the quantity to 3 for 'Wool Scarf'" typed "3 for Wool Scarf" into a field
    # called quantity.
    steps = [
        OPENING,
        "Set the quantity to 3 for 'Wool Scarf'",
        "Change quantity to 4 on the 'Tote Bag' row",
        "The quantity of 'Wool Scarf' should be 3",
        "The quantity of 'Tote Bag' should be 4",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_a_control_clicked_so_many_times(site_url: str, tmp_path: Path) -> None:
    # Before: a control called "Increase quantity for Tote Bag 3 times" (none: broken).
    steps = [
        OPENING,
        "Click 'Increase quantity for Tote Bag' 3 times",
        "Click 'Decrease quantity for Wool Scarf' twice",
        "The quantity of 'Tote Bag' should be 4",
        "The quantity of 'Wool Scarf' should be 0",
    ]
    specs = assert_passes_and_exports(site_url, steps, tmp_path)
    assert "for (let i = 0; i < 3; i++)" in specs["cold"].text
