"""Dates in a step's value, written out or relative to the day the step runs (calendar pickers
are driven in tests/e2e/test_zoo.py, fields filled in tests/e2e/test_actions_and_checks.py)."""

from __future__ import annotations

from datetime import date

import pytest

from engine.dates import parse_date


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-24",
        "December 24, 2026",
        "24 December 2026",
        "Dec 24, 2026",
        " 2026-12-24 ",
    ],
)
def test_dates_people_write_are_read(text: str) -> None:
    assert parse_date(text) == date(2026, 12, 24)


@pytest.mark.parametrize("text", ["80", "Express", "2026-13-01", "", "24/12"])
def test_other_values_are_not_dates(text: str) -> None:
    assert parse_date(text) is None


# A Monday, the last day of a month, in a leap year.
TODAY = date(2028, 1, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2028, 1, 31)),
        ("today's date", date(2028, 1, 31)),
        ("Tomorrow", date(2028, 2, 1)),
        ("tomorrow's date", date(2028, 2, 1)),
        ("yesterday", date(2028, 1, 30)),
        ("the day after tomorrow", date(2028, 2, 2)),
        ("in 3 days", date(2028, 2, 3)),
        ("in two weeks", date(2028, 2, 14)),
        ("3 days from now", date(2028, 2, 3)),
        ("10 days ago", date(2028, 1, 21)),
        # A month on from the 31st is the month's last day (29 February in a leap year).
        ("in a month", date(2028, 2, 29)),
        ("in 1 year", date(2029, 1, 31)),
        ("next week", date(2028, 2, 7)),
        ("last month", date(2027, 12, 31)),
        ("next Monday", date(2028, 2, 7)),  # today is one: a week on
        ("next Wednesday", date(2028, 2, 2)),
        ("last Friday", date(2028, 1, 28)),
        ("the date 5 days from today", date(2028, 2, 5)),
    ],
)
def test_relative_dates_are_read_from_the_day_the_step_runs(
    text: str, expected: date
) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["now and then", "next", "in days", "Tomorrowland"])
def test_words_that_only_look_relative_are_no_date(text: str) -> None:
    assert parse_date(text, today=TODAY) is None
