"""Claims about the page itself, decided by code in real Chromium: the URL, the title, a
control's state and a field's value. Quoted words in such a claim are no text to look for:
"'Send me news' is checked" is false while the box is unticked, its words shown or not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from benchmarks.grounding_bench import serve_site
from engine.spec import Expect
from tests.e2e.conftest import (
    assert_claims_hold,
    export_false_claims,
    judged_claims,
    one_case,
    request_for,
)

pytestmark = pytest.mark.browser

TRUE = [
    "Verify the Save button is disabled",
    "The Cancel button is enabled",
    "Verify 'Send me news' is checked",
    "The Email field contains 'ada@example.org'",
    "Verify the Plan is 'Pro'",
    "The time zone is 'Europe/Paris'",
    "Verify the page title is 'Settings · Acme'",
    "The URL contains 'claims.html'",
    "The URL does not contain 'login'",
    "The cart shows 'Tote Bag'",  # no field is called cart: the words are looked for
    "The Save button is visible",
    "The Delete button is not shown",
]
FALSE = {
    "Verify the Save button is enabled": (
        "'Save' is enabled",
        'button "Save" is disabled',
    ),
    "'Send me news' is not checked": (
        "'Send me news' is unchecked",
        'checkbox "Send me news" is checked',
    ),
    "The Email field contains 'bob'": ("'Email' contains 'bob'", "ada@example.org"),
    # Before, both passed: "Free" is an option's word on the page, the password never shown.
    "Verify the Plan is 'Free'": ("'Plan' is 'Free'", "Pro"),
    "The password field is 'letmein'": ("'password' is 'letmein'", "••••"),
    "The page title is 'Home'": ("the title is 'Home'", "Settings · Acme"),
    "The Cancel button is hidden": ("'Cancel' is hidden", 'button "Cancel" (visible)'),
    "The Archive button is disabled": (
        "'Archive' is disabled",
        "nothing on the page matches 'Archive'",
    ),
}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_site() as url:
        yield url


def test_true_claims_pass_as_assertions_and_as_steps(site: str, tmp_path: Path) -> None:
    assert_claims_hold(site, "Open /claims.html", TRUE, tmp_path)


def test_false_claims_fail_with_what_was_expected_and_seen(
    site: str, tmp_path: Path
) -> None:
    seen, report = judged_claims(site, "Open /claims.html", FALSE, tmp_path)
    for text, (expected, observed) in FALSE.items():
        verdict, said, saw = seen[text]
        assert verdict == "failed", (text, seen[text])
        assert (said, saw) == (expected, observed), (text, seen[text])
    assert "hunter22" not in str(report.to_dict())


def test_a_claim_waits_for_the_page_to_change(site: str, tmp_path: Path) -> None:
    """A state that changes after the step (the box unticks 300 ms after the click), an enabled
    button and a URL the app pushes: each claim is looked at until it holds."""
    steps = [
        "Open /claims.html",
        "Verify the Save button is disabled",
        "Type 'grace@example.org' into 'Email'",
        "Verify the Save button is enabled",
        "The Email field should be 'grace@example.org'",
        "Click 'Toggle news'",
        "Verify 'Send me news' is unchecked",
        "Click Billing",
        "Verify the URL contains 'tab=billing'",
    ]
    report = engine.execute(request_for(one_case(site, steps, []), tmp_path))
    assert report.status == "passed", report.cases[0].reason
    failing = one_case(site, [*steps[:3], "Verify the Save button is disabled"], [])
    report = engine.execute(request_for(failing, tmp_path / "f", assert_timeout_ms=500))
    case = report.cases[0]
    assert case.status == "failed"
    assert 'button "Save" is enabled' in (case.reason or ""), case.reason


@pytest.mark.slow
def test_exported_claims_decide_as_the_engine_does(site: str, tmp_path: Path) -> None:
    """The cold export of the same claims, under @playwright/test: the true ones pass as
    assertions and as steps; each false one fails its own test (a claim compiled to a text
    check would pass "The Plan is 'Free'" as the engine once did)."""
    from benchmarks.playwright_runner import run_spec, runner_problem
    from engine import compile_suite
    from engine.spec import Case, Step, SuiteSpec

    problem = runner_problem()
    if problem:
        pytest.skip(problem)
    opening = Step("s0", "Open /claims.html")
    true_case = Case(
        id="true",
        title="true claims",
        steps=(opening,),
        expects=tuple(Expect(f"a{i}", text) for i, text in enumerate(TRUE)),
    )
    as_steps = Case(
        id="steps",
        title="true claims as steps",
        steps=(
            opening,
            *(
                Step(f"s{i + 1}", f"Verify {t[0].lower()}{t[1:]}")
                for i, t in enumerate(TRUE)
                if not t.startswith("Verify")
            ),
        ),
    )
    suite = SuiteSpec(
        name="claims", id="claims", base_url=site, cases=(true_case, as_steps)
    )
    # One spec per false claim: in a serial describe a failure would skip the cases after it.
    export_false_claims(site, opening, FALSE, tmp_path / "specs")
    spec = compile_suite(suite)
    assert spec.todo == ()
    run = run_spec(spec, site, tmp_path)
    assert run.statuses.get("true claims") == "passed", run.output[-3000:]
    assert run.statuses.get("true claims as steps") == "passed", run.output[-3000:]
    for text in FALSE:
        assert run.statuses.get(f"false: {text}") in ("failed", "timedOut"), (
            text,
            run.output[-3000:],
        )
