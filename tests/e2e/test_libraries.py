"""Widgets of third-party libraries in real Chromium, as their own docs wire them up: date
pickers (flatpickr, jQuery UI), select replacements (Choices.js, Tom Select, Select2), jQuery
UI's autocomplete, tabs, sortable list and modal dialog, Bootstrap's dropdown, fading modal,
switch, accordion and tabs, a SortableJS list, and a DataTables table (sorted by its headers,
searched, paged). No model; each case checks the effect (the
page's output line), cold from the grammar and warm from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.spec import SuiteSpec
from tests.e2e.conftest import SITE, assert_grammar_then_cache, suite_file

pytestmark = pytest.mark.browser

PAGES = ("booking", "settings", "tables")


def _suite(page: str, base_url: str) -> SuiteSpec:
    return suite_file(SITE / "libraries" / f"{page}.tripwire.yaml", base_url)


@pytest.mark.parametrize("page", PAGES)
def test_library_widgets_pass_by_grammar_then_replay_from_the_cache(
    page: str, libraries_url: str, tmp_path: Path
) -> None:
    assert_grammar_then_cache(_suite(page, libraries_url), tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_library_suites_export_to_specs_that_pass_cold_and_from_the_cache(
    page: str, libraries_url: str, tmp_path: Path
) -> None:
    """The exported specs do what the run did: the cache-compiled one and the grammar-compiled
    one both pass under @playwright/test (the calendar found by its caption, the drag in steps
    and again once the list stops moving)."""
    from benchmarks.playwright_runner import run_spec, runner_problem

    problem = runner_problem()
    if problem:
        pytest.skip(problem)
    suite = _suite(page, libraries_url)
    cache = assert_grammar_then_cache(suite, tmp_path / "runs")
    lookup = engine.lookup_from(
        (key.case_id, key.step_id, key.step_text, action)
        for key, action in cache.entries()
    )
    cached = run_spec(
        engine.compile_suite(suite, cache=lookup), libraries_url, tmp_path / "cached"
    )
    cold = run_spec(engine.compile_suite(suite), libraries_url, tmp_path / "cold")
    for case in suite.cases:
        for name, run in (("cached", cached), ("cold", cold)):
            assert run.statuses.get(case.title) == "passed", (
                case.id,
                name,
                run.output[:4000],
            )
