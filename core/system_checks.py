"""System checks: refuse configurations that would silently misbehave."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def queue_settings_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    q = settings.Q_CLUSTER
    problems: list[CheckMessage] = []
    # django-q2 hands a task out again `retry` seconds after pick-up: retry <= timeout would
    # run one long browser run twice.
    if q.get("retry", 0) <= q.get("timeout", 0):
        problems.append(
            Error(
                f"Q_CLUSTER retry ({q.get('retry')}) must be greater than timeout "
                f"({q.get('timeout')}), or long runs are delivered twice.",
                id="tripwire.E001",
            )
        )
    if q.get("max_attempts") != 1:
        problems.append(
            Error(
                "Q_CLUSTER max_attempts must be 1: runs are never retried blindly.",
                id="tripwire.E002",
            )
        )
    return problems


@register(deploy=True)
def secret_key_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return [
            Warning(
                "TRIPWIRE_DEBUG is on: never expose this instance.", id="tripwire.W001"
            )
        ]
    return []


@register()
def outbound_policy_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from core.outbound import parse_rules

    problems: list[CheckMessage] = []
    for name, entries in (
        ("TRIPWIRE_OUTBOUND_ALLOW", settings.OUTBOUND_ALLOW),
        ("TRIPWIRE_OUTBOUND_DENY", settings.OUTBOUND_DENY),
    ):
        try:
            parse_rules(list(entries))
        except ValueError as exc:
            problems.append(Error(f"{name}: {exc}", id="tripwire.E003"))
    return problems
