from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from core.exceptions import NotFound
from core.filters import some_of
from runs.models import ACTIVE, Run, RunStatus


def run_list(*, suite: str | None = None, status: str | None = None) -> QuerySet[Run]:
    # A listing never shows the report or the YAML: large columns left unread.
    runs = Run.objects.defer("report", "suite_yaml")
    if suite:
        runs = runs.filter(Q(suite_file=suite) | Q(suite_id=suite))
    if statuses := some_of("status", status, RunStatus.values):
        runs = runs.filter(status__in=statuses)
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
