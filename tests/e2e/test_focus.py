"""The keyboard focus moved without a click: "Focus the email field", "Put the cursor in
'Notes'", "Tab to the Save button" — the field's focus and blur handlers run (a hint shown, a
check on leaving), and a button that takes the focus is not pressed. Before: the model's, and
"Put the cursor in 'Notes'" typed the words "the cursor" into the field. Cold from the grammar,
warm from the cache, and in the cold export."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (
    assert_exported_claims,
    assert_grammar_then_cache,
    one_case,
)

pytestmark = pytest.mark.browser

OPENING = "Open /focus.html"
STEPS = [
    "Focus the email field",
    "I should see 'Use your work email'",
    "The email field should be focused",
    "Tab to the Save button",
    # Leaving the field ran its check; the button took the focus and was not pressed.
    "I should see 'Enter a valid email'",
    "I should not see 'saved'",
    "The Save button should be focused",
    "Put the cursor in 'Notes'",
    "I should see 'writing notes'",
    "The 'Notes' field should be empty",
]


def test_the_focus_moves_and_nothing_is_pressed(site_url: str, tmp_path: Path) -> None:
    assert_grammar_then_cache(one_case(site_url, [OPENING, *STEPS]), tmp_path)


@pytest.mark.slow
def test_the_cold_export_moves_the_focus_the_same_way(
    site_url: str, tmp_path: Path
) -> None:
    assert_exported_claims(site_url, OPENING, [], STEPS, [], tmp_path)
