"""Which option a step's words choose: the one called so, else the one whose label goes on
with a qualifier only (a bracket, a dash, a price), never with more of a name."""

from __future__ import annotations

import pytest

from engine.options import option_for

SHIPPING = ("Standard (free)", "Express ($9.99)")
COUNTRIES = ("United States", "United Kingdom", "Germany - DE", "Georgia")


@pytest.mark.parametrize(
    ("options", "words", "chosen"),
    [
        (SHIPPING, "Express ($9.99)", "Express ($9.99)"),
        (SHIPPING, "express", "Express ($9.99)"),
        (SHIPPING, "Standard", "Standard (free)"),
        (COUNTRIES, "germany", "Germany - DE"),
        (COUNTRIES, "Georgia", "Georgia"),
        (("Small", "Small (kids)"), "small", "Small"),  # called so outranks a qualifier
        (("Plan: Pro", "Plan: Pro annual"), "plan: pro", "Plan: Pro"),
        # By place among the real options: a placeholder is not counted.
        (("Select a country", *COUNTRIES), "second option", "United Kingdom"),
        (("-- choose --", *SHIPPING), "the first option", "Standard (free)"),
        (SHIPPING, "the last choice", "Express ($9.99)"),
        (("First option", "Other"), "first option", "First option"),  # called so first
    ],
)
def test_the_words_choose_the_option(
    options: tuple[str, ...], words: str, chosen: str
) -> None:
    assert option_for(options, words) == chosen


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (COUNTRIES, "United"),  # more of a name follows: no qualifier
        (SHIPPING, "exp"),  # a word cut short
        (SHIPPING, "express shipping"),
        (("Pro (monthly)", "Pro (yearly)"), "pro"),  # two fit equally
        (SHIPPING, ""),
        (SHIPPING, "third option"),  # no third
    ],
)
def test_words_that_choose_no_one_option_choose_none(
    options: tuple[str, ...], words: str
) -> None:
    assert option_for(options, words) is None
