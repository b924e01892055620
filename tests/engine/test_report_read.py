"""Reading a stored run report back into the engine's types: what failed, and nothing crashes on
odd input."""

from __future__ import annotations

from typing import Any

from engine import read_case_report, read_run_report
from tests.issues.reports import broken_case, failed_case, run_report


def test_the_report_fixture_is_read() -> None:
    run = read_run_report(run_report(failed_case(), broken_case(), run_id="r1"))
    assert (run.run_id, run.suite_id, run.suite_name, run.suite_file) == (
        "r1",
        "shop",
        "Demo shop",
        "shop.tripwire.yaml",
    )
    assert run.counts == {"passed": 0, "failed": 1, "broken": 1, "skipped": 0}
    checkout, signup = run.failing_cases
    assert (checkout.failure.target, checkout.failure.id) == ("assert", "a2")
    assert checkout.failure.expected == "Coupon CRASH applied"
    assert checkout.trace_ids == ["4bf92f3577b34da6a3ce929d0e0e4736"]
    assert checkout.failure_shot == "checkout/failure.png"
    assert (signup.failure.target, signup.failure.id) == ("step", "s2")
    assert signup.failure_shot == "signup/s2.png"


def test_a_root_cause_with_failed_requests_is_read() -> None:
    """The engine's RootCause.to_dict(), with the failed requests it carries."""
    report: dict[str, Any] = {
        "run_id": "r2",
        "suite_id": "shop",
        "suite_name": "Demo shop",
        "suite_file": "shop.tripwire.yaml",
        "finished_at": "2026-11-28T12:05:00+00:00",
        "status": "failed",
        "counts": {"passed": 0, "failed": 1, "broken": 0, "skipped": 0},
        "cases": [
            {
                **failed_case(trace_id=None),
                "root_cause": {
                    "kind": "assertion_failed",
                    "failing_id": "a2",
                    "step_id": None,
                    "assert_id": "a2",
                    "check": "visible_text",
                    "expected": "Coupon CRASH applied",
                    "observed": "Something went wrong",
                    "message": None,
                    "failed_requests": [
                        {
                            "method": "post",
                            "url": "http://127.0.0.1:8500/api/coupon",
                            "status": 500,
                            "failure": None,
                            "trace_id": "0af7651916cd43dd8448eb211c80319c",
                        }
                    ],
                },
            }
        ],
    }
    run = read_run_report(report)
    assert run.suite_id == "shop" and run.suite_file == "shop.tripwire.yaml"
    assert run.finished_at == "2026-11-28T12:05:00+00:00"
    [case] = run.failing_cases
    assert (case.failure.target, case.failure.id, case.failure.kind) == (
        "assert",
        "a2",
        "assertion_failed",
    )
    assert case.failure.observed == "Something went wrong"
    assert case.trace_ids == ["0af7651916cd43dd8448eb211c80319c"]
    assert case.failed_calls[0].method == "POST"


def test_without_a_root_cause_the_first_failing_assertion_or_step_is_used() -> None:
    case = failed_case()
    case["root_cause"] = None
    assert read_case_report(case).failure.id == "a2"
    broken = broken_case()
    broken["root_cause"] = {}
    parsed = read_case_report(broken)
    assert (parsed.failure.target, parsed.failure.id) == ("step", "s2")
    assert parsed.failure.message == "no element matches 'Create account'"


def test_a_root_cause_with_only_an_id_is_matched_against_steps_and_asserts() -> None:
    case = broken_case()
    case["root_cause"] = {"id": "s2"}
    assert read_case_report(case).failure.target == "step"


def test_trace_ids_that_are_not_plain_tokens_are_ignored() -> None:
    case = failed_case(trace_id='abc" |= "x')
    assert read_case_report(case).trace_ids == []


def test_garbage_gives_empty_values_not_exceptions() -> None:
    run = read_run_report(
        {
            "cases": [
                None,
                1,
                {
                    "status": "failed",
                    "steps": {"a": 1},
                    "network": "x",
                    "shots": [{"label": "no path"}],
                    "duration_ms": "12",
                },
            ]
        }
    )
    [case] = run.failing_cases
    assert case.id == "" and case.steps == () and case.network == ()
    assert case.shots == () and case.duration_ms == 12
    assert (case.failure.target, case.failure.id) == ("case", "")
    assert read_run_report({}).cases == ()


def test_a_report_reads_back_equal_to_what_the_engine_wrote() -> None:
    from engine import (
        AssertReport,
        CaptureReport,
        CaseReport,
        ModelUsage,
        NetworkEntry,
        RootCause,
        RunReport,
        Shot,
        StepReport,
    )

    call = NetworkEntry("POST", "http://x/api", 500, None, "0af7651916cd43dd")
    case = CaseReport(
        id="c1",
        title="Checkout",
        status="failed",
        tags=("p0",),
        duration_ms=1200,
        reason="not shown",
        steps=(StepReport("s1", "Open /", "passed", "cache", True, "c1/s1.png", 40),),
        asserts=(
            AssertReport(
                "a1", "'Done' is shown", {"visible_text": {}}, "failed", "Done", "Oops"
            ),
        ),
        captures=(CaptureReport("order", "••••"),),
        shots=(Shot("failure", "a1 failed", "c1/failure.png"),),
        network=(call,),
        root_cause=RootCause(
            "assertion_failed", assert_id="a1", failed_requests=(call,)
        ),
        trace="c1/trace.zip",
        issue_id="TW-1",
        diagnosis={"category": "server_error"},
        model_usage=ModelUsage(1, 2, 3),
    )
    report = RunReport(
        run_id="r1",
        suite_id="shop",
        suite_name="Shop",
        suite_file="shop.tripwire.yaml",
        started_at="2026-12-01T10:00:00Z",
        finished_at="2026-12-01T10:00:02Z",
        duration_ms=2000,
        status="failed",
        cases=(case,),
        model_usage=ModelUsage(1, 2, 3),
        final_page={"url": "http://x/", "text": "Oops"},
    )
    assert read_run_report(report.to_dict()) == report
