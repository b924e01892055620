"""The page's errors, no field named: "An error should be shown", "The error should say
'Invalid email or password'", "There should be no errors" — the alerts and error-looking boxes
the page shows, in both demo variants (the redesign's classes are hashed: its alert says so by
its role), in a run and in the cold export. Before: the model's, or the words anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from demo.server import start_demo
from engine.spec import Expect
from tests.e2e.conftest import one_case, request_for

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
        report = engine.execute(request_for(one_case(shop.url, STEPS), tmp_path / "a"))
        expects = [Expect(f"a{i}", text) for i, text in enumerate(FALSE)]
        wrong = engine.execute(
            request_for(
                one_case(shop.url, ["Open /login"], expects),
                tmp_path / "b",
                assert_timeout_ms=500,
            )
        )
    case = report.cases[0]
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}
    seen = {a.text: a for a in wrong.cases[0].asserts}
    for text, observed in FALSE.items():
        assert seen[text].verdict == "failed", seen[text]
        assert observed in (seen[text].observed or ""), seen[text]


@pytest.mark.slow
def test_exported_page_errors_decide_as_the_run_does(tmp_path: Path) -> None:
    from benchmarks.playwright_runner import run_spec, runner_problem

    problem = runner_problem()
    if problem:
        pytest.skip(problem)
    with start_demo(port=0) as shop:
        passing = run_spec(
            engine.compile_suite(one_case(shop.url, STEPS)), shop.url, tmp_path / "a"
        )
        failing = {
            text: run_spec(
                engine.compile_suite(one_case(shop.url, ["Open /login", text])),
                shop.url,
                tmp_path / f"f{i}",
            )
            for i, text in enumerate(FALSE)
        }
    assert passing.statuses.get("case") == "passed", passing.output[-3000:]
    for text, run in failing.items():
        assert run.statuses.get("case") == "failed", (text, run.output[-2000:])
