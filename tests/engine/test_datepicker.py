"""Date parsing for calendar pickers (the picker itself is driven in tests/e2e/test_zoo.py)."""

from __future__ import annotations

from datetime import date

import pytest

from engine.datepicker import parse_date


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
