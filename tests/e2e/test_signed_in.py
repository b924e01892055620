"""Whether the visitor is signed in, as a login test ends: "I should be logged in", "The user
is signed out", "I should be logged in as 'Ada Lovelace'" — signed in where the page offers a
way to sign out (a "Log out" button, a "Sign out" link inside a closed user menu, a form posting
to /logout); signed out where it offers none and offers a way in (a "Sign in" link, a password
field) or says "You have been signed out". Before: the model's. As assertions, as steps, on
both demo shop variants after signing up, signing out and a wrong password ("An error message
appears", read as a check), and in the cold export."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.server import start_demo
from tests.e2e.conftest import (
    assert_claims_fail,
    assert_claims_hold,
    assert_exported_claims,
    run_case,
)

pytestmark = pytest.mark.browser

SIGNED_IN = ["I should be logged in", "I should be logged in as 'Ada Lovelace'"]
SIGNED_OUT = ["I should be logged out", "The user should not be signed in"]


@pytest.mark.parametrize("state", ["in", "menu"])
def test_a_way_out_says_the_visitor_is_signed_in(
    state: str, site_url: str, tmp_path: Path
) -> None:
    claims = SIGNED_IN if state == "in" else SIGNED_IN[:1]
    assert_claims_hold(
        site_url, f"Open /signin-state.html?state={state}", claims, tmp_path
    )


@pytest.mark.parametrize("state", ["out", "gone", "form"])
def test_a_way_in_and_no_way_out_says_signed_out(
    state: str, site_url: str, tmp_path: Path
) -> None:
    assert_claims_hold(
        site_url, f"Open /signin-state.html?state={state}", SIGNED_OUT, tmp_path
    )


def test_false_claims_fail_saying_what_the_page_offers(
    site_url: str, tmp_path: Path
) -> None:
    assert_claims_fail(
        site_url,
        "Open /signin-state.html?state=out",
        {"I should be logged in": ("the visitor is signed in", "'Sign in'")},
        tmp_path / "out",
    )
    assert_claims_fail(
        site_url,
        "Open /signin-state.html?state=menu",
        {
            "I should be logged out": ("the visitor is signed out", "'Sign out'"),
            "I should be logged in as 'Grace Hopper'": (
                "the visitor is signed in as 'Grace Hopper'",
                "'Grace Hopper' is not on the page",
            ),
        },
        tmp_path / "menu",
    )


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_the_demo_shop_signs_up_in_and_out(variant: str, tmp_path: Path) -> None:
    steps = [
        "Open /",
        "I should be logged out",
        "Open /signup",
        "Enter 'Ada Lovelace' into 'Full name'",
        "Enter the email 'ada@example.com'",
        "Enter the password 'correct-horse-1'",
        "Check 'I accept the terms'",
        "Click 'Create account'",
        "I should be logged in",
        "Click 'Sign out'",
        "I should be logged out",
        "Open /login",
        "Enter the email 'ada@example.com'",
        "Enter the password 'wrong-password'",
        "Click 'Sign in'",
        # Indicative checks of the page's messages (before: controls called so).
        "An error message appears",
        "No success message is shown",
        "I should be logged out",
    ]
    with start_demo(port=0, variant=variant) as shop:
        case = run_case(shop.url, steps, tmp_path)
        # The same flow claiming success instead fails at that step.
        wrong = run_case(
            shop.url, [*steps[-7:-3], "A success message appears"], tmp_path / "wrong"
        )
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}
    assert wrong.status == "failed", wrong.reason
    assert "a success message shows" in (wrong.reason or ""), wrong.reason


@pytest.mark.slow
def test_the_cold_export_judges_alike(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url,
        "Open /signin-state.html?state=menu",
        SIGNED_IN[:1],
        ["I should be logged in", "Open /signin-state.html?state=gone", *SIGNED_OUT],
        ["I should be logged out", "I should be logged in as 'Grace Hopper'"],
        tmp_path,
    )
