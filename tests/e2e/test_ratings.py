"""Star ratings: "Rate it 4 stars", "Give the product 2 stars", "Leave a 5-star rating", "Rate it 3 out of 5" — the
choice called so (a radio hidden under a label that says its value only in its title, an ARIA
radio named "4 stars"), else the nth of nameless star buttons. Before: the model's; and a
choice named "5 stars" was taken for "2 stars" by the fuzzy tier (another number is now
another thing). In a run, replayed, and in the cold export."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (
    assert_exported_claims,
    assert_grammar_then_cache,
    one_case,
)

pytestmark = pytest.mark.browser

WIDGETS = ("css", "aria", "icons")
STEPS = [
    "Rate it 4 stars",
    "I should see 'rated 4'",
    "Give the product 2 stars",
    "I should see 'rated 2'",
    "Leave a 5-star rating",
    "I should see 'rated 5'",
    "Rate it 3 out of 5",
    "I should see 'rated 3'",
]


@pytest.mark.parametrize("widget", WIDGETS)
def test_each_rating_widget_takes_the_stars_said(
    widget: str, site_url: str, tmp_path: Path
) -> None:
    steps = [f"Open /ratings.html?w={widget}", *STEPS]
    assert_grammar_then_cache(one_case(site_url, steps), tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("widget", WIDGETS)
def test_the_cold_export_rates_the_same_way(
    widget: str, site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(
        site_url, f"Open /ratings.html?w={widget}", [], STEPS, [], tmp_path
    )
