from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.exceptions import NotFound
from core.filters import day, one_of, some_of
from runs.models import ACTIVE, Run, RunStatus

TRIGGERS = ("api", "queue", "plan", "schedule", "cli", "page", "mcp")


def run_list(
    *,
    suite: str | None = None,
    status: str | None = None,
    trigger: str | None = None,
    created_from: str | None = None,
    created_to: str | None = None,
) -> QuerySet[Run]:
    """Newest first. Dates are days (YYYY-MM-DD, inclusive) in the server's time zone."""
    # A listing never shows the report or the YAML: large columns left unread.
    runs = Run.objects.defer("report", "suite_yaml")
    if suite:
        runs = runs.filter(Q(suite_file=suite) | Q(suite_id=suite))
    if statuses := some_of("status", status, RunStatus.values):
        runs = runs.filter(status__in=statuses)
    if chosen := one_of("trigger", trigger, TRIGGERS):
        runs = runs.filter(trigger=chosen)
    # Day bounds as instants, so the (created, id) index still serves the filter.
    zone = timezone.get_current_timezone()
    if start := day("from", created_from):
        runs = runs.filter(created__gte=datetime.combine(start, time.min, tzinfo=zone))
    if end := day("to", created_to):
        following = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
        runs = runs.filter(created__lt=following)
    return runs


def run_get(*, run_id: str) -> Run:
    run = Run.objects.filter(pk=run_id).first()
    if run is None:
        raise NotFound(f"No run {run_id!r}.")
    return run


def run_queue() -> dict[str, Any]:
    running = list(
        Run.objects.filter(status__in=ACTIVE)
        .order_by("started")
        .values("id", "suite_file")
    )
    pending = list(
        Run.objects.filter(status=RunStatus.QUEUED)
        .order_by("created", "batch_index")
        .values("id", "suite_file", "case_ids")
    )
    first = running[0] if running else None
    return {
        "active": first["id"] if first else None,
        "active_suite": first["suite_file"] if first else None,
        "running": [{"id": r["id"], "suite": r["suite_file"]} for r in running],
        "running_suites": [r["suite_file"] for r in running],
        "pending": [
            {"id": p["id"], "suite": p["suite_file"], "cases": p["case_ids"] or []}
            for p in pending
        ],
        "busy": len(running) >= settings.MAX_CONCURRENT_RUNS,
    }
