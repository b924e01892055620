"""Run summaries to Slack and Teams incoming webhooks.

`notify_on` decides when: `failures` (default) posts only when a case failed or broke, `always`
after every finished run, `never` not at all. A webhook that errors or times out is logged and
reported in the result, never raised: notifications must not fail a run. Webhook URLs are
secrets (whoever has one can post), so they never appear in logs or error messages.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import requests
from django.conf import settings

from core.outbound import OutboundRefused, outbound_session
from core.selectors import EffectiveSettings, instance_settings_get
from engine import RunReport

logger = logging.getLogger(__name__)

CHANNELS = ("slack", "teams")
MAX_LISTED_CASES = 20
MAX_ERROR_BODY = 200


class FailingCase(NamedTuple):
    case_id: str
    title: str
    status: str
    issue_key: str | None = None


@dataclass(frozen=True)
class RunSummary:
    """What a notification says about one finished run (of a suite, or a plan pass)."""

    run_id: str
    name: str
    status: str
    counts: Mapping[str, int]
    failing: Sequence[FailingCase] = ()
    run_url: str = ""
    kind: Literal["suite", "plan"] = "suite"

    @property
    def has_failures(self) -> bool:
        return (
            self.status in ("failed", "broken")
            or int(self.counts.get("failed", 0)) > 0
            or int(self.counts.get("broken", 0)) > 0
            or bool(self.failing)
        )


@dataclass(frozen=True)
class ChannelResult:
    sent: bool
    status: int | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "status": self.status, "error": self.error}


@dataclass(frozen=True)
class NotifyOutcome:
    """Per configured channel, what happened; `skipped_reason` when nothing was attempted."""

    channels: dict[str, ChannelResult] = field(default_factory=dict)
    skipped_reason: str | None = None


def run_summary_from_report(
    *,
    report: RunReport,
    issue_keys: Mapping[str, str],
    run_url: str,
    name: str | None = None,
    kind: Literal["suite", "plan"] = "suite",
) -> RunSummary:
    """Build the summary from an engine run report and the keys the filing returned."""
    return RunSummary(
        run_id=report.run_id,
        name=name or report.suite_name or report.suite_id or report.suite_file,
        status=report.status,
        counts=report.counts,
        failing=[
            FailingCase(case.id, case.title, case.status, issue_keys.get(case.id))
            for case in report.failing_cases
        ],
        run_url=run_url,
        kind=kind,
    )


def should_notify(*, notify_on: str, summary: RunSummary) -> bool:
    if notify_on == "never":
        return False
    if notify_on == "always":
        return True
    return summary.has_failures


def _headline(summary: RunSummary) -> str:
    counts = summary.counts
    what = "Plan" if summary.kind == "plan" else "Suite"
    return (
        f"{what} {summary.name}: {summary.status} — "
        f"{counts.get('passed', 0)} passed, {counts.get('failed', 0)} failed, "
        f"{counts.get('broken', 0)} broken, {counts.get('skipped', 0)} skipped"
    )


def _case_line(case: FailingCase) -> str:
    key = f" — {case.issue_key}" if case.issue_key else ""
    return f"{case.status}: {case.title or case.case_id} ({case.case_id}){key}"


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(summary: RunSummary) -> dict[str, Any]:
    headline = _headline(summary)
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*{_slack_escape(headline)}*"},
        }
    ]
    if summary.failing:
        listed = [
            f"• {_slack_escape(_case_line(c))}"
            for c in summary.failing[:MAX_LISTED_CASES]
        ]
        more = len(summary.failing) - MAX_LISTED_CASES
        if more > 0:
            listed.append(f"… and {more} more")
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(listed)}}
        )
    if summary.run_url:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"<{summary.run_url}|Open run {summary.run_id}>",
                    }
                ],
            }
        )
    return {"text": headline, "blocks": blocks}


def teams_payload(summary: RunSummary) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "size": "Medium",
            "weight": "Bolder",
            "wrap": True,
            "text": _headline(summary),
        },
        {
            "type": "FactSet",
            "facts": [
                {"title": name.capitalize(), "value": str(summary.counts.get(name, 0))}
                for name in ("passed", "failed", "broken", "skipped")
            ],
        },
    ]
    for case in summary.failing[:MAX_LISTED_CASES]:
        body.append({"type": "TextBlock", "wrap": True, "text": _case_line(case)})
    more = len(summary.failing) - MAX_LISTED_CASES
    if more > 0:
        body.append({"type": "TextBlock", "text": f"… and {more} more"})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if summary.run_url:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": "Open run", "url": summary.run_url}
        ]
    return {
        "type": "message",
        "text": _headline(summary),
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": card,
            }
        ],
    }


def _post(channel: str, url: str, payload: dict[str, Any]) -> ChannelResult:
    try:
        with outbound_session() as session:
            response = session.post(
                url, json=payload, timeout=float(settings.INTEGRATION_TIMEOUT)
            )
    except OutboundRefused as exc:
        error = exc.detail
    except requests.Timeout:
        error = f"no answer within {settings.INTEGRATION_TIMEOUT:g} s"
    except requests.ConnectionError:
        error = "the webhook could not be reached"
    except requests.RequestException as exc:
        error = f"request failed: {type(exc).__name__}"
    else:
        if 200 <= response.status_code < 300:
            return ChannelResult(sent=True, status=response.status_code)
        detail = " ".join(response.text.split())[:MAX_ERROR_BODY]
        error = f"HTTP {response.status_code}" + (f": {detail}" if detail else "")
        logger.warning("The %s webhook refused the notification: %s", channel, error)
        return ChannelResult(sent=False, status=response.status_code, error=error)
    logger.warning("The %s notification was not sent: %s", channel, error)
    return ChannelResult(sent=False, error=error)


def _webhooks(config: EffectiveSettings) -> dict[str, str]:
    return {
        "slack": config.slack_webhook_url,
        "teams": config.teams_webhook_url,
    }


def _send(config: EffectiveSettings, summary: RunSummary) -> dict[str, ChannelResult]:
    results: dict[str, ChannelResult] = {}
    for channel, url in _webhooks(config).items():
        if not url:
            continue
        payload = (
            slack_payload(summary) if channel == "slack" else teams_payload(summary)
        )
        results[channel] = _post(channel, url, payload)
    return results


def notify_run_finished(*, summary: RunSummary) -> NotifyOutcome:
    """Post the run summary to every configured webhook when `notify_on` says so."""
    config = instance_settings_get()
    if not should_notify(notify_on=config.notify_on, summary=summary):
        return NotifyOutcome(skipped_reason=f"notify_on is {config.notify_on}")
    if not (config.slack_webhook_url or config.teams_webhook_url):
        return NotifyOutcome(skipped_reason="no webhook is configured")
    return NotifyOutcome(channels=_send(config, summary))


def notify_test() -> dict[str, ChannelResult]:
    """A test message to each configured webhook, whatever `notify_on` says; every channel is
    in the answer (not configured → sent false, error "not configured")."""
    config = instance_settings_get()
    summary = RunSummary(
        run_id="test",
        name="Tripwire test notification",
        status="passed",
        counts={"passed": 1, "failed": 0, "broken": 0, "skipped": 0},
        run_url=config.public_base_url,
    )
    sent = _send(config, summary)
    return {
        channel: sent.get(channel, ChannelResult(sent=False, error="not configured"))
        for channel in CHANNELS
    }
