"""Dates said as people say them: "Set 'Start date' to tomorrow", "Set the due date to in 3
days", "Set 'Birthday' to 10 days ago", "Enter '12 March 2027' in 'End date'" — this run's
tomorrow, written as each field takes it (a native date or month field, a text field in the
format its placeholder shows, a field named for a date in ISO); a note keeps the word. Before:
the words were typed as written (a native date field refused them, the step broke). In a run,
replayed from the cache, and in the exported specs (cold and from the cache)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

import engine
from engine.dates import parse_date, relative_date
from tests.e2e.conftest import assert_exports_pass, assert_grammar_then_cache, one_case

pytestmark = pytest.mark.browser

STEPS = [
    "Open /dates.html",
    "Set 'Start date' to tomorrow",
    "Enter '12 March 2027' in 'End date'",
    "Set the billing month to next month",
    "Set the due date to in 3 days",
    "Set 'Birthday' to 10 days ago",
    "Enter 'tomorrow' in 'Note'",
]


def _shown() -> str:
    today = date.today()
    month = parse_date("next month")
    assert month is not None
    due = today + timedelta(days=3)
    return (
        f"start={today + timedelta(days=1)}; end=2027-03-12; month={month:%Y-%m}; "
        f"due={due:%m/%d/%Y}; dob={today - timedelta(days=10)}; note=tomorrow"
    )


def test_dates_said_in_words_are_written_as_each_field_takes_them(
    site_url: str, tmp_path: Path
) -> None:
    suite = one_case(site_url, [*STEPS, f"I should see '{_shown()}'"])
    assert_grammar_then_cache(suite, tmp_path)


def _days_steps() -> dict[str, list[str]]:
    """ "Select tomorrow's date" on a form with one date field, and the field named."""
    today = date.today()
    return {
        "named": [
            "Open /dates.html",
            "Enter today's date in 'Start date'",
            "Pick yesterday's date for the 'End date' field",
            f"I should see 'start={today}; end={today - timedelta(days=1)};'",
        ],
        "alone": [
            "Open /dates.html?only=start",
            "Select tomorrow's date",
            f"I should see 'start={today + timedelta(days=1)}; end=;'",
        ],
        "weekday": [
            "Open /dates.html?only=start",
            "Select next Monday's date",
            f"I should see 'start={relative_date('next monday', today)}; end=;'",
        ],
        # A day chosen "in" a date field or the date picker (before: an option looked for in
        # a list; the step broke).
        "chosen": [
            "Open /dates.html",
            "Select 2025-03-04 in 'Start date'",
            "Select the date 2025-03-05 in 'End date'",
            "I should see 'start=2025-03-04; end=2025-03-05;'",
        ],
        "picker": [
            "Open /dates.html?only=start",
            "Pick tomorrow in the date picker",
            f"I should see 'start={today + timedelta(days=1)}; end=;'",
        ],
    }


def test_a_days_date_goes_into_the_field_named_or_the_one_date_field(
    site_url: str, tmp_path: Path
) -> None:
    """Before, "Select tomorrow's date" looked for an option called so, then the model."""
    for name, steps in _days_steps().items():
        assert_grammar_then_cache(one_case(site_url, steps), tmp_path / name)


@pytest.mark.slow
def test_the_cold_export_writes_a_days_date_the_same_way(
    site_url: str, tmp_path: Path
) -> None:
    from benchmarks.playwright_runner import run_spec, runner_problem

    problem = runner_problem()
    if problem:
        pytest.skip(problem)
    for name, steps in _days_steps().items():
        spec = engine.compile_suite(one_case(site_url, steps))
        assert spec.todo == (), (name, spec.todo)
        run = run_spec(spec, site_url, tmp_path / name)
        assert run.statuses.get("case") == "passed", (name, run.output[-3000:])


@pytest.mark.slow
def test_exported_specs_write_the_same_dates(site_url: str, tmp_path: Path) -> None:
    suite = one_case(site_url, [*STEPS, f"I should see '{_shown()}'"])
    assert_exports_pass(suite, site_url, tmp_path)
