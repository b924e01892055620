"""Rows named by their place: "Remove the first item from the cart", "Delete the last note",
"Edit the second person", "Click 'Remove' in the first row", "Add the first product to the
cart" — the control of the nth row that holds one (a row with two Remove controls is one row;
rows that say the noun when some do; a row whose Delete shows only on hover counts, and the
last row is meant however the mouse rests). Before: the model's, or a control called "Delete
the first user" word for word. A place is grounded afresh each run: a run with more rows
removes the last of its own rows, not the row a recorded path points at. In the cold export
too."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from benchmarks.grounding_bench import run_suite
from demo.server import start_demo
from tests.e2e.conftest import assert_exported_claims, one_case, run_case

pytestmark = pytest.mark.browser

STEPS = [
    "Remove the second person",
    "Edit the last row",
    "Click 'Remove' in the first row",
    "Hover over 'Note 1'",
    "Delete the last note",
    "Delete the second note",
]
SAID = "removed Person 2; editing Person 4; removed Person 1; deleted Note 4; deleted Note 2"


def test_each_step_acts_on_the_row_its_place_names(
    site_url: str, tmp_path: Path
) -> None:
    steps = ["Open /rows.html?n=4", *STEPS, f"I should see '{SAID}'"]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_a_run_with_more_rows_removes_its_own_last_row(
    site_url: str, tmp_path: Path
) -> None:
    cache = engine.MemoryActionCache()
    for n in (3, 5):
        steps = [
            f"Open /rows.html?n={n}",
            "Remove the last person",
            f"I should see 'removed Person {n}'",
        ]
        case = run_suite(one_case(site_url, steps), tmp_path, cache, tag=str(n)).cases[
            0
        ]
        assert case.status == "passed", (n, case.reason)
        assert case.steps[1].tier == "grammar"


def test_the_demo_shops_cart_by_place(tmp_path: Path) -> None:
    for variant in ("original", "redesigned"):
        with start_demo(port=0, variant=variant) as shop:
            steps = [
                "Open /products",
                "Add 'Trail Boots' to the cart",
                "Add the first product to the cart",
                "Open the cart",
                "Remove the first item from the cart",
                "I should not see 'Trail Boots' in the cart",
                "I should see 'Canvas Sneakers' in the cart",
                "Remove the last item",
                "The cart should be empty",
            ]
            case = run_case(shop.url, steps, tmp_path / variant)
        assert case.status == "passed", (variant, case.reason)


@pytest.mark.slow
def test_the_cold_export_acts_on_the_same_rows(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url,
        "Open /rows.html?n=4",
        [],
        [*STEPS, f"I should see '{SAID}'"],
        [],
        tmp_path,
    )


NOUN_STEPS = [
    "Open the details for 'A-1002'",
    "Edit the order 'A-1001'",
    "Delete the row for 'A-1003'",
    "View the details of order 'A-1001'",
    "I should see 'Log: details A-1002; edit A-1001; deleted A-1003; details A-1001'",
]


def test_a_row_named_by_a_noun_before_its_words(site_url: str, tmp_path: Path) -> None:
    # Before: "a row mentions 'row for A-1003'" (none does), the model's, or a link called
    # "details for A-1002".
    case = run_case(site_url, ["Open /row-details.html", *NOUN_STEPS], tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


@pytest.mark.slow
def test_the_cold_export_acts_in_the_same_rows(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url, "Open /row-details.html", [], NOUN_STEPS, [], tmp_path
    )


SELECT_ROW_STEPS = [
    "Select the row with 'A-1002'",
    "Select the record for 'A-1003'",
    "I should see 'Log: selected A-1002; selected A-1003'",
]
HEADER_STEPS = [
    "Click the 'Name' column header",
    "I should see 'sorted name ascending'",
]


def test_a_row_selected_is_its_box_and_a_column_header_is_its_name(
    site_url: str, tmp_path: Path
) -> None:
    # Before: an option called "row with A-1002", and a control called "Name column header".
    case = run_case(site_url, ["Open /row-details.html", *SELECT_ROW_STEPS], tmp_path)
    assert case.status == "passed", case.reason
    steps = ["Open /zoo/lists.html?m=plain", *HEADER_STEPS]
    case = run_case(site_url, steps, tmp_path / "header")
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


@pytest.mark.slow
def test_the_cold_export_selects_the_same_row(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url, "Open /row-details.html", [], SELECT_ROW_STEPS, [], tmp_path / "rows"
    )
    assert_exported_claims(
        site_url,
        "Open /zoo/lists.html?m=plain",
        [],
        HEADER_STEPS,
        [],
        tmp_path / "head",
    )
