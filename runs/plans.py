"""Plans: ordered bundles of suites, run on demand or on a cron schedule."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from croniter import CroniterBadCronError, CroniterBadDateError, croniter
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.crypto import decrypt_text, encrypt_text
from core.exceptions import InvalidCron, NotFound, ValidationFailed
from core.http_urls import check_http_url
from core.models import User
from engine.spec import Login
from runs.models import Plan, Run
from runs.services import Job, run_submit
from suites.schema import parse_suite
from suites.selectors import suite_find

logger = logging.getLogger(__name__)

PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


@dataclass(frozen=True)
class PlanItem:
    suite: str
    cases: list[str] | None = None


@dataclass(frozen=True)
class PlanAuth:
    username: str
    password: str | None
    login_path: str = "/login"


def next_boundary(schedule: str, *, after: datetime) -> datetime:
    """The first cron boundary strictly after `after`: a saved schedule never catches up."""
    return croniter(schedule, after).get_next(datetime)


def next_fire_times(schedule: str, *, count: int = 3) -> list[datetime]:
    """The next `count` boundaries of a valid schedule (InvalidCron otherwise), from now."""
    checked = check_cron(schedule)
    times = croniter(checked, timezone.now())
    return [times.get_next(datetime) for _ in range(count)]


def check_cron(schedule: str) -> str:
    schedule = " ".join(schedule.split())
    if len(schedule.split(" ")) != 5:
        raise InvalidCron(
            f"{schedule!r} is not a 5-field cron expression (minute hour day month weekday)."
        )
    try:
        next_boundary(schedule, after=timezone.now())
    except (CroniterBadCronError, CroniterBadDateError, ValueError, KeyError) as exc:
        raise InvalidCron(
            f"{schedule!r} is not a valid cron expression: {exc}"
        ) from None
    return schedule


def _check_items(items: list[PlanItem]) -> list[dict[str, Any]]:
    if not items:
        raise ValidationFailed(
            "A plan needs at least one item.",
            errors=[{"path": "items", "message": "must not be empty"}],
        )
    errors: list[dict[str, str]] = []
    cleaned: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        suite = suite_find(name=item.suite)
        if suite is None:
            errors.append(
                {
                    "path": f"items[{index}].suite",
                    "message": f"unknown suite {item.suite!r}",
                }
            )
            continue
        known = {
            case.id for case in parse_suite(suite.yaml, file=suite.file).suite.cases
        }
        unknown = [case for case in item.cases or [] if case not in known]
        if unknown:
            errors.append(
                {
                    "path": f"items[{index}].cases",
                    "message": f"{suite.file} has no case {', '.join(map(repr, unknown))}",
                }
            )
            continue
        cleaned.append(
            {"suite": suite.file, "cases": list(item.cases) if item.cases else None}
        )
    if errors:
        raise ValidationFailed(errors[0]["message"].capitalize() + ".", errors=errors)
    return cleaned


class Keep:
    """Given for a field of `plan_save` that an update leaves as it is."""


KEEP = Keep()


def plan_save(
    *,
    plan_id: str | None = None,
    name: str | None = None,
    items: list[PlanItem] | None = None,
    description: str | None = None,
    schedule: str | Keep | None = KEEP,
    auth: PlanAuth | Keep | None = KEEP,
    base_url: str | Keep | None = KEEP,
) -> Plan:
    """Create a plan, or update the one named by `plan_id`; a schedule arms for its next boundary.

    On an update, what is not given (None for name, items and description; KEEP for the rest)
    keeps its current value, like PATCH; `schedule`, `auth` or `base_url` given as None clears
    them. A new plan needs a name and items.
    """
    if plan_id and not PLAN_ID.match(plan_id):
        raise ValidationFailed(
            f"{plan_id!r} is not a valid plan id: use lower-case letters, digits, '-' and '_'.",
            errors=[{"path": "id", "message": "must be a slug"}],
        )
    existing = Plan.objects.filter(pk=plan_id).first() if plan_id else None
    missing = [
        {"path": field, "message": "required"}
        for field, value in (("name", name), ("items", items))
        if existing is None and value is None
    ]
    if missing or (name is not None and not name.strip()):
        raise ValidationFailed(
            "A new plan needs a name and items.",
            errors=missing or [{"path": "name", "message": "required"}],
        )
    plan = existing or Plan(pk=plan_id or _free_id(name or ""))
    if name is not None:
        plan.name = name.strip()
    if description is not None:
        plan.description = description
    if items is not None:
        plan.items = _check_items(items)
    if not isinstance(base_url, Keep):
        plan.base_url = (
            check_http_url(base_url, path="base_url").rstrip("/") if base_url else ""
        )
    if not isinstance(schedule, Keep):
        cron = check_cron(schedule) if schedule else ""
        if cron != plan.schedule or plan.next_run is None:
            plan.next_run = next_boundary(cron, after=timezone.now()) if cron else None
        plan.schedule = cron
    if not isinstance(auth, Keep):
        plan.auth = _stored_auth(auth, existing)
    plan.save()
    return plan


def _stored_auth(auth: PlanAuth | None, existing: Plan | None) -> dict[str, Any] | None:
    if auth is None:
        return None
    password = auth.password
    if password is None and existing is not None and existing.auth:
        encrypted = existing.auth.get("password_encrypted", "")
    elif password:
        encrypted = encrypt_text(password, purpose="plan-auth")
    else:
        raise ValidationFailed(
            "auth needs a password.",
            errors=[{"path": "auth.password", "message": "required"}],
        )
    return {
        "username": auth.username,
        "login_path": auth.login_path or "/login",
        "password_encrypted": encrypted,
    }


def _free_id(name: str) -> str:
    stem = slugify(name)[:80] or "plan"
    candidate = stem
    while Plan.objects.filter(pk=candidate).exists():
        candidate = f"{stem}-{secrets.token_hex(2)}"
    return candidate


def plan_get(*, plan_id: str) -> Plan:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(f"No plan {plan_id!r}.")
    return plan


def plan_delete(*, plan: Plan) -> None:
    plan.delete()


def plan_login_for(plan: Plan) -> Login | None:
    auth = plan.auth or {}
    if not auth.get("username") or not auth.get("password_encrypted"):
        return None
    return Login(
        username=str(auth["username"]),
        password=decrypt_text(str(auth["password_encrypted"]), purpose="plan-auth"),
        login_path=str(auth.get("login_path") or "/login"),
    )


def plan_run(
    *, plan: Plan, user: User | None = None, trigger: str = "plan"
) -> list[Run]:
    """Create every item's run now; they execute strictly in order (see run_dispatch_next)."""
    runs = run_submit(
        jobs=[Job(suite=item["suite"], cases=item.get("cases")) for item in plan.items],
        base_url=plan.base_url or None,
        user=user,
        trigger=trigger,
        plan=plan,
        batch=secrets.token_hex(8),
    )
    Plan.objects.filter(pk=plan.pk).update(last_run=timezone.now())
    return runs


def plans_due(*, now: datetime) -> list[Plan]:
    return list(Plan.objects.exclude(schedule="").filter(next_run__lte=now))


def plan_fire_if_due(*, plan: Plan, now: datetime) -> bool:
    """Fire `plan` (as read by this scheduler) unless another scheduler already did.

    The compare-and-set on next_run decides: two schedulers that read the same boundary both try
    the UPDATE, and only one of them matches a row.
    """
    following = next_boundary(plan.schedule, after=now)
    with transaction.atomic():
        claimed = Plan.objects.filter(pk=plan.pk, next_run=plan.next_run).update(
            next_run=following, last_run=now
        )
        if not claimed:
            return False
        try:
            plan_run(plan=plan, trigger="schedule")
        except ValidationFailed as exc:
            # The boundary is used up either way: a broken plan must not retry every tick.
            logger.error("Scheduled plan %s could not start: %s", plan.pk, exc)
            return False
    return True


def plans_fire_due(*, now: datetime | None = None) -> list[str]:
    now = now or timezone.now()
    return [
        plan.pk for plan in plans_due(now=now) if plan_fire_if_due(plan=plan, now=now)
    ]
