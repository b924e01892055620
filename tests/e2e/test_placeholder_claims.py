"""The hint a field shows while empty: "The email field should have the placeholder
'you@example.com'", "The placeholder of the search box should contain 'articles'", "The
placeholder should be 'How can we help?'". Before: a check of words on the page (the hint is
none: it failed though true), a field called "placeholder of Email", or the model's. In a run
(waited for when it changes) and in the cold export."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (
    assert_claims_hold,
    assert_exported_claims,
    assert_steps_pass_and_claims_fail,
)

pytestmark = pytest.mark.browser

OPEN = "Open /placeholders.html"
TRUE = [
    "The email field should have the placeholder 'you@example.com'",
    "The 'Email' placeholder should be 'you@example.com'",
    "The placeholder of the search box should contain 'articles'",
    "The message field's placeholder is 'How can we help?'",
    "The placeholder should be 'How can we help?'",
    "The 'Notes' field should show the placeholder 'Add a note'",
    "The email field should not have the placeholder 'name@company.com'",
]
STEPS = [
    OPEN,
    "Click 'Reword'",
    # Changed 300 ms after the click: waited for.
    "The email field should have the placeholder 'name@company.com'",
    "No field should have the placeholder 'you@example.com'",
]
FALSE = {
    "The email field should have the placeholder 'name@company.com'": (
        "placeholder 'you@example.com'"
    ),
    "The placeholder of 'Topic' should be 'Choose'": 'combobox "Topic" has no placeholder',
    "The placeholder should be 'Search'": "'Search articles…'",
}


def test_a_fields_hint_is_read(site_url: str, tmp_path: Path) -> None:
    assert_claims_hold(site_url, OPEN, TRUE, tmp_path / "true")
    assert_steps_pass_and_claims_fail(site_url, STEPS, OPEN, FALSE, tmp_path / "false")


@pytest.mark.slow
def test_exported_hints_are_read_as_the_run_reads_them(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(site_url, OPEN, TRUE, STEPS[1:], FALSE, tmp_path)
