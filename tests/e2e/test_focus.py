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
    run_case,
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


def test_a_field_left_runs_its_check(site_url: str, tmp_path: Path) -> None:
    # "Blur the email field": Tab pressed in it (before: the model's); "Click away from the
    # 'Email' field" the same (before: a textbox called "away from the Email").
    for blur in ("Blur the email field", "Click away from the 'Email' field"):
        steps = [
            OPENING,
            "Focus the email field",
            blur,
            "I should see 'Enter a valid email'",
        ]
        case = run_case(site_url, steps, tmp_path / blur[:4])
        assert case.status == "passed", (blur, case.reason)
        assert {s.tier for s in case.steps} == {"grammar"}


@pytest.mark.slow
def test_the_cold_export_moves_the_focus_the_same_way(
    site_url: str, tmp_path: Path
) -> None:
    steps = [*STEPS, "Focus the email field", "Blur the email field"]
    assert_exported_claims(site_url, OPENING, [], steps, [], tmp_path)
