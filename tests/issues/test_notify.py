"""Slack and Teams run summaries, against real fake webhooks."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.settings_services import instance_settings_update
from engine import read_run_report
from issues.notify import (
    FailingCase,
    RunSummary,
    notify_run_finished,
    run_summary_from_report,
)
from tests.fakes.server import Reply
from tests.fakes.webhooks import FakeWebhook
from tests.issues.reports import broken_case, failed_case, passed_case, run_report

pytestmark = pytest.mark.django_db

FAILED = RunSummary(
    run_id="run0042",
    name="Demo shop",
    status="failed",
    counts={"passed": 3, "failed": 1, "broken": 1, "skipped": 2},
    failing=[
        FailingCase("checkout", "Checkout with a coupon", "failed", "TW-7"),
        FailingCase("signup", "Sign up", "broken", None),
    ],
    run_url="http://tripwire.test/runs/run0042",
)
PASSED = RunSummary(
    run_id="run0043",
    name="Demo shop",
    status="passed",
    counts={"passed": 5, "failed": 0, "broken": 0, "skipped": 0},
    run_url="http://tripwire.test/runs/run0043",
)


@pytest.fixture
def hooks(
    settings: Any, fake_slack: FakeWebhook, fake_teams: FakeWebhook
) -> tuple[FakeWebhook, FakeWebhook]:
    settings.SLACK_WEBHOOK_URL = fake_slack.hook_url
    settings.TEAMS_WEBHOOK_URL = fake_teams.hook_url
    return fake_slack, fake_teams


def test_failures_only_by_default(hooks: tuple[FakeWebhook, FakeWebhook]) -> None:
    slack, teams = hooks
    quiet = notify_run_finished(summary=PASSED)
    assert quiet.channels == {} and quiet.skipped_reason == "notify_on is failures"
    assert slack.requests == [] and teams.requests == []

    loud = notify_run_finished(summary=FAILED)
    assert {name: r.sent for name, r in loud.channels.items()} == {
        "slack": True,
        "teams": True,
    }
    assert loud.channels["slack"].status == 200
    assert loud.channels["teams"].status == 202
    assert len(slack.messages) == len(teams.messages) == 1


def test_always_and_never(
    hooks: tuple[FakeWebhook, FakeWebhook], settings: Any
) -> None:
    slack, teams = hooks
    settings.NOTIFY_ON = "always"
    notify_run_finished(summary=PASSED)
    assert len(slack.messages) == len(teams.messages) == 1

    instance_settings_update(values={"notify_on": "never"})  # the saved setting wins
    outcome = notify_run_finished(summary=FAILED)
    assert outcome.skipped_reason == "notify_on is never"
    assert len(slack.messages) == len(teams.messages) == 1


def test_the_slack_message_summarises_the_run(
    hooks: tuple[FakeWebhook, FakeWebhook],
) -> None:
    slack, _ = hooks
    notify_run_finished(summary=FAILED)
    [message] = slack.messages
    headline = "Suite Demo shop: failed — 3 passed, 1 failed, 1 broken, 2 skipped"
    assert message["text"] == headline
    texts = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert texts[0] == f"*{headline}*"
    assert texts[1].splitlines() == [
        "• failed: Checkout with a coupon (checkout) — TW-7",
        "• broken: Sign up (signup)",
    ]
    context = message["blocks"][-1]["elements"][0]["text"]
    assert context == "<http://tripwire.test/runs/run0042|Open run run0042>"


def test_the_teams_card_summarises_the_run(
    hooks: tuple[FakeWebhook, FakeWebhook],
) -> None:
    _, teams = hooks
    notify_run_finished(summary=FAILED)
    [message] = teams.messages
    attachment = message["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    facts = {f["title"]: f["value"] for f in card["body"][1]["facts"]}
    assert facts == {"Passed": "3", "Failed": "1", "Broken": "1", "Skipped": "2"}
    lines = [b["text"] for b in card["body"] if b["type"] == "TextBlock"]
    assert "failed: Checkout with a coupon (checkout) — TW-7" in lines
    assert card["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Open run",
            "url": "http://tripwire.test/runs/run0042",
        }
    ]


def test_plan_summaries_say_plan(hooks: tuple[FakeWebhook, FakeWebhook]) -> None:
    slack, _ = hooks
    summary = RunSummary(
        run_id="run9",
        name="Nightly regression",
        status="broken",
        counts={"broken": 1},
        kind="plan",
    )
    notify_run_finished(summary=summary)
    assert slack.messages[0]["text"].startswith("Plan Nightly regression: broken")


def test_slack_markup_in_titles_is_escaped(
    hooks: tuple[FakeWebhook, FakeWebhook],
) -> None:
    slack, _ = hooks
    summary = RunSummary(
        run_id="r",
        name="<!channel> & co",
        status="failed",
        counts={"failed": 1},
        failing=[FailingCase("c", "<https://evil|click>", "failed", None)],
    )
    notify_run_finished(summary=summary)
    body = str(slack.messages[0]["blocks"])
    assert "<!channel>" not in body and "&lt;!channel&gt; &amp; co" in body
    assert "<https://evil|click>" not in body


def test_a_failing_webhook_is_reported_not_raised(
    hooks: tuple[FakeWebhook, FakeWebhook], caplog: pytest.LogCaptureFixture
) -> None:
    slack, teams = hooks
    slack.script(Reply(404, text="no_service"))
    teams.stop()
    with caplog.at_level(logging.WARNING, logger="issues"):
        outcome = notify_run_finished(summary=FAILED)
    assert outcome.channels["slack"].as_dict() == {
        "sent": False,
        "status": 404,
        "error": "HTTP 404: no_service",
    }
    assert outcome.channels["teams"].as_dict() == {
        "sent": False,
        "status": None,
        "error": "the webhook could not be reached",
    }
    # Webhook URLs are secrets: never in logs or errors.
    assert "s3cr3t" not in caplog.text
    assert "s3cr3t" not in str(outcome)


def test_a_slow_webhook_times_out(
    hooks: tuple[FakeWebhook, FakeWebhook], settings: Any
) -> None:
    slack, _ = hooks
    settings.INTEGRATION_TIMEOUT = 0.3
    slack.hang(5)
    outcome = notify_run_finished(summary=FAILED)
    assert outcome.channels["slack"].error == "no answer within 0.3 s"
    assert outcome.channels["teams"].sent is True


def test_no_webhook_configured_sends_nothing() -> None:
    outcome = notify_run_finished(summary=FAILED)
    assert outcome.channels == {}
    assert outcome.skipped_reason == "no webhook is configured"


def test_a_summary_can_be_built_from_the_report_and_the_filed_keys() -> None:
    report = run_report(passed_case(), failed_case(), broken_case(), run_id="run7")
    summary = run_summary_from_report(
        report=read_run_report(report),
        issue_keys={"checkout": "TW-3"},
        run_url="http://tripwire.test/runs/run7",
    )
    assert summary == RunSummary(
        run_id="run7",
        name="Demo shop",
        status="broken",
        counts={"passed": 1, "failed": 1, "broken": 1, "skipped": 0},
        failing=[
            FailingCase("checkout", "Checkout with a coupon", "failed", "TW-3"),
            FailingCase("signup", "Sign up", "broken", None),
        ],
        run_url="http://tripwire.test/runs/run7",
    )


# --- POST /api/v1/settings/test-notification -----------------------------------------------------


def test_the_test_notification_reports_per_channel(
    admin_api: APIClient, hooks: tuple[FakeWebhook, FakeWebhook], settings: Any
) -> None:
    slack, teams = hooks
    settings.NOTIFY_ON = "never"  # a test message is sent whatever notify_on says
    response = admin_api.post("/api/v1/settings/test-notification")
    assert response.status_code == 200
    assert response.json() == {
        "slack": {"sent": True, "status": 200, "error": None},
        "teams": {"sent": True, "status": 202, "error": None},
    }
    assert "Tripwire test notification" in slack.messages[0]["text"]
    assert teams.messages[0]["attachments"][0]["content"]["type"] == "AdaptiveCard"


def test_the_test_notification_says_what_is_not_configured(
    admin_api: APIClient, fake_slack: FakeWebhook
) -> None:
    instance_settings_update(values={"slack_webhook_url": fake_slack.hook_url})
    body = admin_api.post("/api/v1/settings/test-notification").json()
    assert body == {
        "slack": {"sent": True, "status": 200, "error": None},
        "teams": {"sent": False, "status": None, "error": "not configured"},
    }


def test_the_test_notification_is_for_admins(member_api: APIClient) -> None:
    response = member_api.post("/api/v1/settings/test-notification")
    assert response.status_code == 403
    assert response.json()["type"] == "permission_denied"


def test_webhook_urls_stay_out_of_debug_logs(
    hooks: tuple[FakeWebhook, FakeWebhook], caplog: pytest.LogCaptureFixture
) -> None:
    """HTTP libraries log request paths at DEBUG; a webhook's path is its secret."""
    with caplog.at_level(logging.DEBUG):
        outcome = notify_run_finished(summary=FAILED)
    assert outcome.channels["slack"].sent
    assert "s3cr3t" not in caplog.text
