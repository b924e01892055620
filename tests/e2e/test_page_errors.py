"""The page's errors, no field named: "An error should be shown", "The error should say
'Invalid email or password'", "There should be no errors" — the alerts and error-looking boxes
the page shows, in both demo variants (the redesign's classes are hashed: its alert says so by
its role), in a run and in the cold export. Before: the model's, or the words anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.server import start_demo
from tests.e2e.conftest import (
    assert_exported_claims,
    assert_steps_pass_and_claims_fail,
)

pytestmark = pytest.mark.browser

STEPS = [
    "Open /login",
    "There should be no errors",
    "Enter 'nobody@example.org' as the email",
    "Enter 'wrong-pass-1' as the password",
    "Click 'Sign in'",
    "I should still be on the sign in page",
    "An error should be shown",
    "The error should say 'Invalid email or password'",
    "The error message should not say 'Welcome'",
]
# On the signed-out login page, before anything is sent.
FALSE = {
    "An error should be shown": "no error is shown",
    "The error should say 'Sign in'": "no error is shown",  # the words are the heading's
}


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_the_pages_errors_are_read_not_its_words(variant: str, tmp_path: Path) -> None:
    with start_demo(variant=variant, port=0) as shop:
        assert_steps_pass_and_claims_fail(
            shop.url, STEPS, "Open /login", FALSE, tmp_path
        )


@pytest.mark.slow
def test_exported_page_errors_decide_as_the_run_does(tmp_path: Path) -> None:
    with start_demo(port=0) as shop:
        assert_exported_claims(shop.url, "Open /login", [], STEPS, FALSE, tmp_path)
