"""Which page the browser is on, said as people say it: "I should be on the account page", "I
should be redirected to the login page", "The cart page should be shown", "Wait for the cart
page to load" — by the page's address, title or main heading, in a run and in the cold export
(before: the model's)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import engine
from demo.server import start_demo
from engine.cache import Locator
from engine.spec import Fixture, Step, SuiteSpec
from tests.e2e.conftest import (
    assert_exported_claims,
    assert_grammar_then_cache,
    assert_steps_pass_and_claims_fail,
    one_case,
    request_for,
    run_case,
)

pytestmark = pytest.mark.browser

STEPS = [
    "Open /account",
    "I should be redirected to the login page",  # /login?next=/account, "Sign in"
    "I should not be on the account page",
    "The sign in page should be shown",
    "Open /cart",
    "Wait for the cart page to load",  # a page named by what it is: the same claim, waited for
    "I should be on the cart page",
    "Open /",
    "I should land on the home page",  # the site's root
    "I should be on '/'",
]
FALSE = {
    "I should be on the account page": "the address '/cart'",
    "I should not be on the cart page": "title 'Your cart",
    "The checkout page should be shown": "heading 'Your cart'",
}


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_the_page_named_is_the_one_the_browser_is_on(
    variant: str, tmp_path: Path
) -> None:
    with start_demo(variant=variant, port=0) as shop:
        assert_steps_pass_and_claims_fail(
            shop.url, STEPS, "Open /cart", FALSE, tmp_path
        )


def test_a_wait_for_a_page_the_browser_never_reaches_fails(tmp_path: Path) -> None:
    with start_demo(port=0) as shop:
        steps = ["Open /cart", "Wait for the dashboard to load"]
        case = run_case(shop.url, steps, tmp_path)
    assert case.status == "failed", case.reason
    assert "dashboard" in (case.reason or "") and "/cart" in (case.reason or ""), (
        case.reason
    )


@pytest.mark.slow
def test_exported_page_claims_decide_as_the_run_does(tmp_path: Path) -> None:
    with start_demo(port=0) as shop:
        assert_exported_claims(shop.url, "Open /cart", [], STEPS, FALSE, tmp_path)


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_a_signup_said_as_people_say_it(variant: str, tmp_path: Path) -> None:
    """ "Accept the terms" ticks the box labelled "I accept the terms" (before: the model's),
    and the account page is where the new user lands."""
    steps = [
        "Open /signup",
        "Fill in the full name with 'Ada Lovelace'",
        "Enter 'ada@example.org' as the email",
        "Enter 'correct-horse-9' as the password",
        "Accept the terms",
        "Click 'Create account'",
        "I should be on the account page",
        "I should not be on the sign up page",
    ]
    with start_demo(variant=variant, port=0) as shop:
        report = engine.execute(request_for(one_case(shop.url, steps), tmp_path))
    case = report.cases[0]
    assert case.status == "passed", case.reason
    assert case.steps[4].tier == "grammar"


def _log_in_later(base_url: str, then: str) -> SuiteSpec:
    """Sign up a new user, log out, `then` (s7), log in as that user (s8), be on the account
    page (s9)."""
    steps = [
        Step("s1", "Open /signup"),
        Step("s2", "Fill in the full name with 'Ada Lovelace'"),
        Step("s3", "Enter ${email} and ${password}", secret=True),
        Step("s4", "Accept the terms"),
        Step("s5", "Click 'Create account'"),
        Step("s6", "Log out"),
        Step("s7", then),
        Step("s8", "Log in as ${email} with ${password}", secret=True),
        Step("s9", "I should be on the account page"),
    ]
    fixtures = (Fixture("email", "unique_email"), Fixture("password", "password"))
    return dataclasses.replace(one_case(base_url, steps), fixtures=fixtures)


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_log_in_as_a_user_with_a_password(variant: str, tmp_path: Path) -> None:
    """ "Log in as ${email} with ${password}" fills the account's field and the password
    field and sends the form with Enter (before: the model's), on the sign-in page it is on;
    the cold export does the same."""
    from benchmarks.playwright_runner import run_spec, runner_problem

    with start_demo(variant=variant, port=0) as shop:
        suite = _log_in_later(shop.url, "Click 'Sign in'")
        report = engine.execute(request_for(suite, tmp_path / "run"))
        case = report.cases[0]
        assert case.status == "passed", case.reason
        assert case.steps[7].tier == "grammar"
        problem = runner_problem()
        if problem:
            pytest.skip(problem)
        run = run_spec(engine.compile_suite(suite), shop.url, tmp_path / "export")
    assert run.statuses.get("case") == "passed", run.output[-3000:]


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_log_in_as_from_a_page_with_a_sign_in_link(
    variant: str, tmp_path: Path
) -> None:
    """ "Log in as …" where no password field shows but a "Sign in" link does: the link, then
    the form it opens, in one step (before: broken, no password field); replayed from the cache
    action by action (its elements are on two pages), read again by the grammar when the link
    was renamed; the cold export opens it too."""
    from benchmarks.grounding_bench import run_suite
    from benchmarks.playwright_runner import run_spec, runner_problem

    with start_demo(variant=variant, port=0) as shop:
        suite = _log_in_later(shop.url, "Open /products")
        cache = assert_grammar_then_cache(suite, tmp_path / "runs")
        kinds = [
            a.kind
            for key, entry in cache.entries()
            if key.step_id == "s8"
            for a in entry.actions
        ]
        assert kinds == ["click", "wait_load", "fill", "fill", "press"], kinds
        # The link renamed since: the entry's first locator finds nothing, and the grammar
        # reads the step again (not broken for want of a model).
        for key, entry in cache.entries():
            if key.step_id == "s8":
                gone = Locator("role", "Sign in to your account now", role="link")
                click = dataclasses.replace(entry.actions[0], locators=(gone,))
                stale = dataclasses.replace(entry, actions=(click, *entry.actions[1:]))
                cache.put(key, stale)
        report = run_suite(suite, tmp_path / "stale", cache, tag="stale")
        case = report.cases[0]
        assert case.status == "passed", case.reason
        assert case.steps[7].tier == "grammar", case.steps[7]
        problem = runner_problem()
        if problem:
            pytest.skip(problem)
        run = run_spec(engine.compile_suite(suite), shop.url, tmp_path / "export")
    assert run.statuses.get("case") == "passed", run.output[-3000:]
