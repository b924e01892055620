"""A real failing run (regressed demo shop) files its issue, mirrors it and tells Slack."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from demo.server import DemoHandle, start_demo
from issues.models import Issue
from runs import services
from runs.execution import execute_run
from runs.models import CaseResult, Run
from suites.services import suite_create
from tests.fakes import fixtures as fakes
from tests.fakes.trackers import FakeGitHub
from tests.fakes.webhooks import FakeWebhook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "suites"
fake_github = fakes.fake_github
fake_slack = fakes.fake_slack


@pytest.fixture(scope="module")
def regressed() -> Iterator[DemoHandle]:
    with start_demo(variant="regressed", port=0, stream=StringIO()) as handle:
        yield handle


@pytest.fixture
def configured(settings: Any, fake_github: FakeGitHub, fake_slack: FakeWebhook) -> None:
    settings.INTEGRATION_TIMEOUT = 2.0
    settings.GITHUB_API_URL = fake_github.url
    settings.GITHUB_TOKEN = fake_github.token
    settings.GITHUB_REPO = fake_github.repo
    settings.SLACK_WEBHOOK_URL = fake_slack.hook_url
    settings.PUBLIC_BASE_URL = "http://tripwire.test"


@pytest.fixture
def no_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django_q.tasks.async_task", lambda *a, **k: "t")


def _run(shop: DemoHandle, file_issues: str | None) -> Run:
    existing = EXAMPLES / "shop-checkout.tripwire.yaml"
    from suites.models import Suite

    suite = Suite.objects.filter(suite_id="shop-checkout").first() or suite_create(
        yaml_text=existing.read_text()
    )
    run = services.run_submit(
        jobs=[services.Job(suite=suite.file, cases=["cart"])],
        base_url=shop.url,
        file_issues=file_issues,
    )[0]
    execute_run(run.id)
    run.refresh_from_db()
    return run


def test_a_failing_run_files_mirrors_and_notifies_once_per_failure(
    regressed: DemoHandle,
    configured: None,
    no_queue: None,
    fake_github: FakeGitHub,
    fake_slack: FakeWebhook,
) -> None:
    first = _run(regressed, "tripwire,github")
    assert first.status == "failed"
    issue = Issue.objects.get()
    assert issue.case_id == "cart"
    assert issue.fingerprint.startswith("tw:shop-checkout:cart:")
    assert first.report is not None
    cart = next(c for c in first.report["cases"] if c["id"] == "cart")
    assert cart["issue_id"] == issue.key
    assert CaseResult.objects.get(run=first, case_id="cart").issue_key == issue.key
    assert len(fake_github.issues) == 1
    assert "Your cart is empty" in issue.body_md
    assert len(fake_slack.messages) == 1
    assert issue.key in str(fake_slack.messages[0])
    # The report files written to disk carry the issue key too.
    from django.conf import settings

    assert (
        issue.key
        in (Path(settings.ARTIFACTS_DIR) / first.id / "report.json").read_text()
    )

    second = _run(regressed, "tripwire,github")
    assert second.status == "failed"
    issue.refresh_from_db()
    assert Issue.objects.count() == 1
    assert issue.occurrences == 2
    assert len(fake_github.issues) == 1
    assert len(fake_github.comments_on(fake_github.issues[0]["number"])) == 1
    assert len(fake_slack.messages) == 2


def test_file_issues_none_records_nothing(
    regressed: DemoHandle, configured: None, no_queue: None, fake_github: FakeGitHub
) -> None:
    run = _run(regressed, "none")
    assert run.status == "failed"
    assert not Issue.objects.exists()
    assert fake_github.issues == []


def test_a_tracker_that_errors_never_fails_the_run(
    regressed: DemoHandle, configured: None, no_queue: None, fake_github: FakeGitHub
) -> None:
    fake_github.fail(500, path=r".*/issues")
    run = _run(regressed, "tripwire,github")
    assert run.status == "failed"
    assert Issue.objects.count() == 1


def test_a_missing_environment_variable_is_reported_not_filed(
    regressed: DemoHandle,
    configured: None,
    no_queue: None,
    fake_github: FakeGitHub,
    fake_slack: FakeWebhook,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A configuration error of the deployment is no bug of the app: no issue, no mirror; the
    run says what is missing and the team is still told the run broke."""
    monkeypatch.delenv("TRIPWIRE_TEST_NEVER_SET", raising=False)
    suite = suite_create(
        yaml_text=(
            "suite: Needs env\nid: needs-env\n"
            f"base_url: {regressed.url}\n"
            "env:\n  token: ${TRIPWIRE_TEST_NEVER_SET}\n"
            "cases:\n  - id: a\n    title: A\n    steps: ['Open /?t=${token}']\n"
        )
    )
    run = services.run_submit(
        jobs=[services.Job(suite=suite.file)], file_issues="tripwire,github"
    )[0]
    execute_run(run.id)
    run.refresh_from_db()
    assert run.status == "broken"
    assert "TRIPWIRE_TEST_NEVER_SET" in run.reason
    assert run.broken == 1
    case = run.report["cases"][0]
    assert case["root_cause"]["kind"] == "setup_failed"
    assert Issue.objects.count() == 0
    assert fake_github.issues == []
    assert len(fake_slack.messages) == 1
