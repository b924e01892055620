"""Filing failures from a finished run on the built-in board: one issue per distinct failure."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from core.settings_services import instance_settings_update
from engine import read_run_report
from issues.models import Issue, IssueActivity, IssueComment, IssueOccurrence
from issues.services import issue_update, issues_file_for_run
from tests.fakes.trackers import FakeGitHub
from tests.issues.conftest import FileRun
from tests.issues.reports import broken_case, failed_case, passed_case, run_report

pytestmark = pytest.mark.django_db


def test_each_failed_or_broken_case_gets_one_issue(file_run: FileRun) -> None:
    report = run_report(passed_case(), failed_case(), broken_case())
    outcome = file_run(report)

    assert set(outcome.issue_keys) == {"checkout", "signup"}
    assert Issue.objects.count() == 2
    checkout = Issue.objects.get(case_id="checkout")
    assert outcome.issue_keys["checkout"] == checkout.key
    assert checkout.key == f"TW-{checkout.pk}"
    assert checkout.fingerprint.startswith("tw:shop:checkout:")
    assert len(checkout.fingerprint.split(":")[-1]) == 16
    assert checkout.status == "open"
    assert checkout.occurrences == 1
    assert checkout.last_run_id == "run0001"
    assert checkout.screenshot == "run0001/checkout/failure.png"
    assert checkout.suite_file == "shop.tripwire.yaml"
    assert "Coupon CRASH applied" in checkout.title
    assert list(checkout.occurrence_log.values_list("run_id", flat=True)) == ["run0001"]
    assert list(checkout.activity.values_list("kind", flat=True)) == ["created"]


def test_the_body_says_what_failed_with_its_context(file_run: FileRun) -> None:
    file_run(run_report(failed_case(), broken_case()))
    body = Issue.objects.get(case_id="checkout").body_md

    assert "## What failed" in body
    assert "`a2`" in body and "did not hold" in body
    assert "**Expected**" in body and "Coupon CRASH applied" in body
    assert "**Observed**" in body and "Something went wrong. Please try again." in body
    # The step context: every step with its status, in order.
    assert "1. `s1` Open /cart — passed" in body
    assert "2. `s2` Enter 'CRASH' into 'Coupon code' — passed (healed)" in body
    assert "`a2` 'Coupon CRASH applied' is shown — **failed**" in body
    assert (
        "[Screenshot of the failure]"
        "(http://tripwire.test/artifacts/run0001/checkout/failure.png)" in body
    )
    assert "`POST http://127.0.0.1:8500/api/coupon` → 500" in body
    assert "trace id `4bf92f3577b34da6a3ce929d0e0e4736`" in body
    assert "(http://tripwire.test/runs/run0001)" in body
    assert "Fingerprint: `tw:shop:checkout:" in body

    broken = Issue.objects.get(case_id="signup").body_md
    assert "The step `s2` (Click 'Create account') could not be carried out." in broken
    assert "Reason: no element matches 'Create account'" in broken
    assert "2. `s2` Click 'Create account' — **broken** ← failed here" in broken
    assert "3. `s3` Enter ${email} into 'Email' — skipped" in broken
    assert "run0001/signup/s2.png" in broken


def test_the_same_failure_again_adds_an_occurrence_and_a_comment(
    file_run: FileRun,
) -> None:
    first = file_run(run_report(failed_case(), run_id="run0001"))
    second = file_run(run_report(failed_case(), run_id="run0002"))

    assert first.issue_keys == second.issue_keys
    issue = Issue.objects.get()
    assert issue.occurrences == 2
    assert issue.last_run_id == "run0002"
    assert issue.screenshot == "run0002/checkout/failure.png"
    assert sorted(issue.occurrence_log.values_list("run_id", flat=True)) == [
        "run0001",
        "run0002",
    ]
    comment = IssueComment.objects.get(issue=issue)
    assert comment.author is None
    assert "[run0002](http://tripwire.test/runs/run0002)" in comment.body
    assert "occurrence 2" in comment.body
    assert list(issue.activity.values_list("kind", flat=True)) == [
        "created",
        "occurred",
    ]
    assert second.cases[0].created is False


def test_a_closed_issue_reopens_when_the_failure_comes_back(
    file_run: FileRun, alice: Any
) -> None:
    file_run(run_report(failed_case(), run_id="run0001"))
    issue = issue_update(issue=Issue.objects.get(), actor=alice, status="closed")
    assert issue.status == "closed"

    outcome = file_run(run_report(failed_case(), run_id="run0002"))

    issue.refresh_from_db()
    assert issue.status == "open"
    assert outcome.cases[0].reopened is True
    kinds = list(issue.activity.values_list("kind", flat=True))
    assert kinds == ["created", "status_changed", "occurred", "reopened"]
    reopened = issue.activity.get(kind="reopened")
    assert reopened.actor is None and "run0002" in reopened.message
    assert "reopened" in IssueComment.objects.get(issue=issue).body


def test_an_acknowledged_issue_stays_acknowledged(file_run: FileRun, bob: Any) -> None:
    file_run(run_report(failed_case(), run_id="run0001"))
    issue_update(issue=Issue.objects.get(), actor=bob, status="acknowledged")
    file_run(run_report(failed_case(), run_id="run0002"))
    assert Issue.objects.get().status == "acknowledged"


def test_the_same_run_filed_twice_counts_once(file_run: FileRun) -> None:
    """The queue delivers at least once: a re-delivered run must not add an occurrence."""
    report = run_report(failed_case(), run_id="run0001")
    first = file_run(report)
    again = file_run(report)

    assert again.issue_keys == first.issue_keys
    assert again.cases[0].repeated is True
    issue = Issue.objects.get()
    assert issue.occurrences == 1
    assert IssueOccurrence.objects.count() == 1
    assert IssueComment.objects.count() == 0


def test_none_writes_nothing(file_run: FileRun) -> None:
    report = run_report(failed_case(), broken_case())
    assert (
        issues_file_for_run(
            run_id="run0001",
            suite_id="shop",
            suite_name="Demo shop",
            suite_file="shop.tripwire.yaml",
            report=read_run_report(report),
            file_issues="none",
            run_url="http://tripwire.test/runs/run0001",
        )
        == {}
    )
    assert Issue.objects.count() == 0
    assert IssueActivity.objects.count() == 0
    assert IssueOccurrence.objects.count() == 0


def test_a_run_without_failures_files_nothing(file_run: FileRun) -> None:
    assert file_run(run_report(passed_case())).issue_keys == {}
    assert Issue.objects.count() == 0


def test_the_settings_default_applies_and_a_run_level_value_overrides_it(
    file_run: FileRun, settings: Any
) -> None:
    report = run_report(failed_case())
    settings.FILE_ISSUES = "none"  # the environment default
    assert file_run(report, file_issues=None).issue_keys == {}
    assert Issue.objects.count() == 0

    assert file_run(report, file_issues="tripwire").issue_keys != {}
    assert Issue.objects.count() == 1

    # A value saved in the settings beats the environment; the run-level value beats both.
    settings.FILE_ISSUES = "tripwire"
    instance_settings_update(values={"file_issues": "none"})
    later = run_report(failed_case(), run_id="run0002")
    assert file_run(later, file_issues=None).issue_keys == {}
    assert Issue.objects.get().occurrences == 1
    assert file_run(later, file_issues="tripwire").issue_keys != {}
    assert Issue.objects.get().occurrences == 2


def test_the_run_level_value_decides_which_mirrors_are_used(
    file_run: FileRun, settings: Any, fake_github: FakeGitHub
) -> None:
    settings.GITHUB_API_URL = fake_github.url
    settings.GITHUB_TOKEN = fake_github.token
    settings.GITHUB_REPO = fake_github.repo
    settings.FILE_ISSUES = "tripwire,github"

    file_run(run_report(failed_case(), run_id="run0001"), file_issues="tripwire")
    assert fake_github.requests == []

    file_run(run_report(failed_case(), run_id="run0002"), file_issues=None)
    assert len(fake_github.issues) == 1


def test_volatile_text_does_not_change_the_fingerprint(file_run: FileRun) -> None:
    first = run_report(
        failed_case(
            observed="Order 48213 failed at 2026-11-28T12:04:55Z (request id 7f3a)",
            trace_id="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ),
        run_id="run0001",
    )
    second = run_report(
        failed_case(
            observed="Order 90001 failed at 2026-11-29T08:00:01Z (request id c0de)",
            trace_id="bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        ),
        run_id="run0002",
    )
    one = file_run(first).cases[0]
    two = file_run(second).cases[0]

    assert one.fingerprint == two.fingerprint
    assert Issue.objects.count() == 1


def test_a_different_failing_assertion_is_a_different_issue(file_run: FileRun) -> None:
    one = file_run(run_report(failed_case(assert_id="a2"), run_id="run0001")).cases[0]
    two = file_run(run_report(failed_case(assert_id="a3"), run_id="run0002")).cases[0]

    assert one.fingerprint != two.fingerprint
    assert one.fingerprint.rsplit(":", 1)[0] == two.fingerprint.rsplit(":", 1)[0]
    assert Issue.objects.count() == 2
    assert one.issue_key != two.issue_key


def test_the_same_failure_in_another_suite_or_case_is_a_different_issue(
    file_run: FileRun,
) -> None:
    one = file_run(run_report(failed_case("checkout"), suite_id="shop")).cases[0]
    two = file_run(run_report(failed_case("checkout"), suite_id="shop-eu")).cases[0]
    three = file_run(run_report(failed_case("checkout-guest"), suite_id="shop")).cases[
        0
    ]
    assert len({one.fingerprint, two.fingerprint, three.fingerprint}) == 3


def test_severity_heuristic(file_run: FileRun) -> None:
    file_run(
        run_report(
            failed_case("plain"),
            failed_case("urgent", tags=["smoke", "P0"]),
            failed_case("crit", tags=["critical"]),
            broken_case("broken"),
        )
    )
    severity = dict(Issue.objects.values_list("case_id", "severity"))
    assert severity == {
        "plain": "medium",
        "urgent": "critical",
        "crit": "critical",
        "broken": "high",
    }


def test_refiling_keeps_what_people_changed(file_run: FileRun, bob: Any) -> None:
    file_run(run_report(failed_case(), run_id="run0001"))
    issue_update(
        issue=Issue.objects.get(),
        actor=bob,
        title="Coupon service crashes on CRASH",
        severity="low",
        body_md="Known: see the coupon service.",
    )
    file_run(run_report(failed_case(), run_id="run0002"))
    issue = Issue.objects.get()
    assert (issue.title, issue.severity, issue.body_md) == (
        "Coupon service crashes on CRASH",
        "low",
        "Known: see the coupon service.",
    )


def test_a_report_without_root_cause_still_files_by_the_failing_assertion(
    file_run: FileRun,
) -> None:
    case = failed_case()
    case["root_cause"] = None
    bare = run_report(case, run_id="run0001")
    with_root = run_report(failed_case(), run_id="run0002")
    assert (
        file_run(bare).cases[0].fingerprint == file_run(with_root).cases[0].fingerprint
    )


def test_an_odd_report_does_not_crash_filing(file_run: FileRun) -> None:
    report: dict[str, Any] = {
        "run_id": "run0001",
        "suite_id": "shop",
        "suite_name": "Demo shop",
        "suite_file": "shop.tripwire.yaml",
        "cases": [
            {"id": "weird", "status": "broken", "steps": "not a list", "tags": None},
            "not a case",
        ],
    }
    outcome = file_run(report)
    issue = Issue.objects.get()
    assert outcome.issue_keys == {"weird": issue.key}
    assert issue.severity == "high"
    assert "The case broken." in issue.body_md


def test_keys_keep_counting_after_a_delete(file_run: FileRun) -> None:
    file_run(run_report(failed_case("one")))
    first = Issue.objects.get()
    first.delete()
    file_run(run_report(failed_case("two")))
    assert Issue.objects.get().key != first.key


def test_missing_credentials_skip_the_tracker_with_a_warning(
    file_run: FileRun, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="issues"):
        outcome = file_run(
            run_report(failed_case()), file_issues="tripwire,github,jira"
        )

    issue = Issue.objects.get()
    assert outcome.cases[0].mirrors == {
        "github": {"skipped": "GitHub is not configured"},
        "jira": {"skipped": "Jira is not configured"},
    }
    assert "not configured" in caplog.text and "GitHub" in caplog.text
    skipped = issue.activity.filter(kind="mirror_skipped")
    assert skipped.count() == 2
    assert issue.external == {}
