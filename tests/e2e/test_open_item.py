"""Items named by their place: "Open the first product", "Click the second search result",
"Open the second order", "Open the second product in the 'Recently viewed' section" — the nth
item of the collection the words name (the one "There are 3 products" counts, else a list in
the region named, else one whose items all link to pages of the thing), opened through the item
itself when it takes clicks (a table row with a listener), else its first link with words.
Before, "the first product" was the first control called "product" — the header's "Products"
link — and "the second order" a link called "Second hit": both passed while opening the wrong
page. Where no collection is called so, a control called the noun word for word ("Click the
third Remove"). In the cold export too."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.server import start_demo
from engine.grammar import parse
from tests.e2e.conftest import assert_exported_claims, run_case

pytestmark = pytest.mark.browser

STEPS = [
    "Click the first product",
    "I should see 'opened p=tote-bag'",
    "Open the last product",
    "I should see 'opened p=wool-scarf'",
    "Open the second product in the 'Recently viewed' section",
    "I should see 'opened p=kettle'",
    "Open the second order",
    "I should see 'opened order 1002'",
    "Click the second search result",
    "I should see 'opened r=second-hit'",
    "Click the third Remove",
    "I should see 'removed 3'",
]


def test_each_step_opens_the_item_its_place_names(
    site_url: str, tmp_path: Path
) -> None:
    # ?slow: the product grid shows up after the page has loaded.
    case = run_case(site_url, ["Open /items.html?slow", *STEPS], tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_an_item_with_nothing_to_open_breaks_the_step_and_clicks_nothing(
    site_url: str, tmp_path: Path
) -> None:
    steps = ["Open /items.html", "Click the first todo", "I should see 'opened'"]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "broken"
    assert "holds no link to open" in (case.reason or ""), case.reason


def test_a_noun_no_list_or_control_is_called_opens_nothing(
    site_url: str, tmp_path: Path
) -> None:
    # The header's "Help" link only resembles "helper": no list of helpers, nothing opened.
    steps = ["Open /items.html", "Click the first helper"]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "broken"
    assert "no control is called 'helper'" in (case.reason or ""), case.reason


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_the_demo_shops_products_by_place(variant: str, tmp_path: Path) -> None:
    steps = [
        "Open /products",
        "Click the first product",
        "I should be on the Canvas Sneakers page",
        "Open /",
        # The home page's list names no product: its links lead to /products/….
        "Open the last product",
        "I should be on the Leather Backpack page",
    ]
    with start_demo(port=0, variant=variant) as shop:
        case = run_case(shop.url, steps, tmp_path)
    assert case.status == "passed", case.reason


@pytest.mark.parametrize(
    "text",
    [
        "Click the first name field",
        "Click the last link",
        "Click the second Delete button",
        "Go to the first page",
        "Choose the first class fare",
    ],
)
def test_a_role_word_a_page_or_a_name_is_no_item(text: str) -> None:
    intent = parse(text)
    assert intent is not None and intent.kind != "open_item"


@pytest.mark.slow
def test_the_cold_export_opens_the_same_items(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(site_url, "Open /items.html?slow", [], STEPS, [], tmp_path)
