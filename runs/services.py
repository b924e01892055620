"""The run lifecycle: submit → enqueue on commit → claim → execute → finish, plus cancel and repair.

The Run row is the source of truth; the queue (django-q2) only carries run ids. A worker executes a
run only after winning the conditional UPDATE that moves it from `queued` to `running`, so a task
delivered twice (django-q2 delivers at least once) still executes once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone

from core.exceptions import Conflict, DisplayUnavailable, ValidationFailed
from core.http_urls import check_http_url
from core.models import User
from core.selectors import parse_file_issues
from engine import (
    HEADED_NEEDS_DISPLAY,
    CaseReport,
    ModelUsage,
    RunReport,
    has_display,
    select_cases,
)
from engine.spec import SuiteSpec
from runs.models import (
    ACTIVE,
    FINISHED,
    CaseResult,
    Plan,
    Run,
    RunEvent,
    RunStatus,
)
from suites.models import Suite
from suites.schema import SuiteInvalid, parse_suite
from suites.selectors import suite_find

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    suite: str
    cases: list[str] | None = None


# --- submitting ----------------------------------------------------------------------------------


def check_file_issues(value: str | None, *, path: str = "file_issues") -> str:
    """ "" means the settings default; otherwise `none` or a comma list of destinations."""
    if value is None or not value.strip():
        return ""
    try:
        destinations = parse_file_issues(value)
    except ValueError as exc:
        raise ValidationFailed(
            f"file_issues: {exc}.", errors=[{"path": path, "message": str(exc)}]
        ) from None
    return ",".join(destinations) or "none"


def _check_base_url(value: str | None) -> str:
    if not value:
        return ""
    return check_http_url(value, path="base_url").rstrip("/")


def with_dependencies(spec: SuiteSpec, wanted: Iterable[str]) -> list[str]:
    """The wanted cases plus everything they depend on, in file order (as the engine runs them):
    running `checkout` alone would only skip it, so its prerequisites come along."""
    cases, _ = select_cases(spec.cases, list(wanted))
    return [case.id for case in cases]


def shards(spec: SuiteSpec, case_ids: list[str]) -> list[list[str]]:
    """Connected components of the depends_on graph among `case_ids`, each in file order."""
    parent = {case_id: case_id for case_id in case_ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for case in spec.cases:
        if case.id in parent:
            for dependency in case.depends_on:
                if dependency in parent:
                    parent[root(case.id)] = root(dependency)
    groups: dict[str, list[str]] = {}
    for case_id in case_ids:
        groups.setdefault(root(case_id), []).append(case_id)
    return list(groups.values())


def run_submit(
    *,
    jobs: list[Job],
    file_issues: str | None = None,
    headed: bool = False,
    sharded: bool = False,
    base_url: str | None = None,
    user: User | None = None,
    trigger: str = "api",
    plan: Plan | None = None,
    batch: str = "",
    enqueue: bool = True,
) -> list[Run]:
    """Create one queued Run per job (per shard when sharded); enqueue them after commit.

    Every job is checked before anything is written: an unknown suite or case names the culprit and
    nothing is queued.
    """
    destinations = check_file_issues(file_issues)
    override = _check_base_url(base_url)
    if headed and not has_display():
        # Refused now rather than queued to break later. Workers share this host's display
        # setup in the default deployment; a scale-out with headed workers elsewhere runs
        # the web process under xvfb-run too.
        raise DisplayUnavailable(
            f"This server cannot run a visible browser: {HEADED_NEEDS_DISPLAY}. Without "
            "`headed`, the run works as usual."
        )
    errors: list[dict[str, Any]] = []
    planned: list[tuple[Suite, SuiteSpec, list[str]]] = []
    for index, job in enumerate(jobs):
        where = f"jobs[{index}]" if len(jobs) > 1 or trigger == "queue" else ""
        prefix = f"{where}." if where else ""
        suite = suite_find(name=job.suite)
        if suite is None:
            errors.append(
                {"path": f"{prefix}suite", "message": f"unknown suite {job.suite!r}"}
            )
            continue
        try:
            spec = parse_suite(suite.yaml, file=suite.file).suite
        except SuiteInvalid as exc:
            errors.append(
                {"path": f"{prefix}suite", "message": f"{suite.file} is invalid: {exc}"}
            )
            continue
        known = [case.id for case in spec.cases]
        wanted = list(job.cases) if job.cases else known
        unknown = [case_id for case_id in wanted if case_id not in known]
        if unknown:
            errors.append(
                {
                    "path": f"{prefix}cases",
                    "message": f"{suite.file} has no case {', '.join(map(repr, unknown))}",
                }
            )
            continue
        selected = with_dependencies(spec, wanted) if job.cases else known
        groups = shards(spec, selected) if sharded else [selected]
        for group in groups:
            # An explicit subset is recorded; "all cases" stays empty so later cases count too.
            explicit = group if (job.cases or sharded) else []
            planned.append((suite, spec, explicit))
    if errors:
        raise ValidationFailed(
            "; ".join(error["message"] for error in errors).capitalize() + ".",
            errors=errors,
        )
    runs: list[Run] = []
    with transaction.atomic():
        for position, (suite, spec, case_ids) in enumerate(planned):
            run = Run.objects.create(
                suite_file=suite.file,
                suite_id=spec.id,
                suite_name=spec.name,
                suite_yaml=suite.yaml,
                case_ids=case_ids,
                base_url=override,
                file_issues=destinations,
                headed=headed,
                trigger=trigger,
                created_by=user,
                plan=plan,
                batch=batch,
                batch_index=position if batch else 0,
            )
            runs.append(run)
        if enqueue:
            for run in runs:
                # A plan pass dispatches its items one after the other, not all at once.
                if not run.batch or run.batch_index == 0:
                    run_enqueue(run=run)
    return runs


def run_enqueue(*, run: Run) -> None:
    """Hand the run id to the queue once the transaction that created the row has committed."""
    run_id = run.id

    def send() -> None:
        from django_q.tasks import async_task

        async_task(
            "runs.tasks.execute_run", run_id, task_name=f"run-{run_id}", group="runs"
        )

    Run.objects.filter(pk=run_id).update(enqueued=timezone.now())
    transaction.on_commit(send)


def runs_resend_orphans(
    *, now: datetime | None = None, skip: Iterable[str] = ()
) -> list[str]:
    """Re-send queued runs whose queue message a dead worker took with it.

    A worker prefetches a few messages; killed, it takes them along (the database broker hands
    them out again only after `retry`, the Redis broker never). The Run table is the real queue,
    so while worker slots are free and ready runs wait, their ids are sent again, oldest first. A
    duplicate message is harmless: the claim lets only one execution through.
    """
    now = now or timezone.now()
    free = settings.MAX_CONCURRENT_RUNS - Run.objects.filter(status__in=ACTIVE).count()
    if free <= 0:
        return []
    # Fresh submissions are on their way to a worker; leave them alone for a while.
    settled = now - timedelta(seconds=30)
    waiting = (
        Run.objects.filter(status=RunStatus.QUEUED)
        .filter(
            models.Q(enqueued__lt=settled) | models.Q(enqueued__isnull=True, batch="")
        )
        .exclude(pk__in=list(skip))
    )
    resent: list[str] = []
    for run in waiting.order_by("created", "batch_index"):
        if len(resent) >= free:
            break
        if run.batch and not run_is_next_in_batch(run):
            continue
        with transaction.atomic():
            run_enqueue(run=run)
        resent.append(run.id)
    return resent


def run_is_next_in_batch(run: Run) -> bool:
    """A plan item may start once every earlier item of its pass has finished."""
    earlier = Run.objects.filter(batch=run.batch, batch_index__lt=run.batch_index)
    return not earlier.exclude(status__in=FINISHED).exists()


# --- executing -----------------------------------------------------------------------------------


def run_claim(*, run_id: str, worker: str) -> bool:
    """Move queued → running; True only for the one caller that won."""
    now = timezone.now()
    won = Run.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING,
        started=now,
        heartbeat=now,
        worker=worker,
        attempts=F("attempts") + 1,
    )
    return bool(won)


def run_heartbeat(*, run_id: str) -> None:
    Run.objects.filter(pk=run_id, status__in=ACTIVE).update(heartbeat=timezone.now())


def next_event_seq(run_id: str) -> int:
    return int(
        RunEvent.objects.filter(run_id=run_id).aggregate(top=Max("seq"))["top"] or 0
    )


def run_log(*, run: Run, message: str, case_id: str = "") -> None:
    RunEvent.objects.create(
        run=run,
        seq=next_event_seq(run.id) + 1,
        attempt=max(run.attempts, 1),
        ts=timezone.now(),
        type="log",
        case_id=case_id,
        data={"message": message},
    )


def run_finish(
    *, run: Run, report: RunReport | None, status: str, reason: str = ""
) -> Run:
    """Record the outcome and the per-case history; a plan pass then dispatches its next item."""
    now = timezone.now()
    counts = report.counts if report else {}
    usage = report.model_usage if report else ModelUsage()
    run.status = status
    run.reason = reason or (report.reason if report else None) or ""
    run.finished = now
    run.duration_ms = (
        report.duration_ms
        if report
        else int((now - (run.started or now)).total_seconds() * 1000)
    )
    for key in ("passed", "failed", "broken", "skipped"):
        setattr(run, key, counts.get(key, 0))
    run.heals = report.heals if report else 0
    run.model_calls = usage.calls
    run.prompt_tokens = usage.prompt_tokens
    run.completion_tokens = usage.completion_tokens
    run.report = report.to_dict() if report else None
    with transaction.atomic():
        run.save()
        CaseResult.objects.filter(run=run).delete()
        CaseResult.objects.bulk_create(
            [
                CaseResult(
                    run=run,
                    suite_id=run.suite_id,
                    case_id=case.id,
                    title=case.title[:500],
                    position=position,
                    status=case.status,
                    duration_ms=case.duration_ms,
                    reason=case.reason or "",
                    heals=case.healed_steps,
                    model_calls=case.model_usage.calls,
                    run_created=run.created,
                    issue_key=case.issue_id or "",
                )
                for position, case in enumerate(report.cases if report else ())
            ]
        )
    run_dispatch_next(run=run)
    return run


def run_dispatch_next(*, run: Run) -> None:
    """In a plan pass, start the next item once this one has ended."""
    if not run.batch:
        return
    following = (
        Run.objects.filter(batch=run.batch, batch_index__gt=run.batch_index)
        .order_by("batch_index")
        .first()
    )
    if following is None:
        return
    if following.status == RunStatus.QUEUED:
        with transaction.atomic():
            run_enqueue(run=following)
    elif following.is_finished:
        run_dispatch_next(run=following)


# --- cancelling and repairing -------------------------------------------------------------------


def run_cancel(*, run: Run) -> Run:
    """Queued: cancelled at once, never starts. Running: `cancelling` until it stops after the
    step in progress and closes its browser, then `cancelled`. Asking again changes nothing."""
    now = timezone.now()
    if Run.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.CANCELLED, finished=now, reason="cancelled before it started"
    ):
        run.refresh_from_db()
        run_dispatch_next(run=run)
        return run
    if Run.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        status=RunStatus.CANCELLING, cancel_requested=True
    ):
        run.refresh_from_db()
        run_log(run=run, message="cancel requested; stopping after the current step")
        return run
    run.refresh_from_db()
    if run.status == RunStatus.CANCELLING:
        return run
    raise Conflict(f"Run {run.id} has already finished ({run.status}).")


@dataclass(frozen=True)
class Reconciled:
    requeued: list[str]
    broken: list[str]


def stale_before(now: datetime | None = None) -> datetime:
    # Three missed heartbeats and some slack: a busy machine may delay one, not three.
    grace = settings.HEARTBEAT_SECONDS * 3 + 15
    return (now or timezone.now()) - timedelta(seconds=grace)


def _worker_is_dead(worker: str, *, host: str) -> bool:
    """True when `worker` ("host:pid") ran on this host and that process is gone."""
    worker_host, _, pid = worker.rpartition(":")
    if worker_host != host or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    # A zombie has exited and only waits to be reaped; on Linux its state says so.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def runs_reconcile(
    *,
    now: datetime | None = None,
    host: str | None = None,
    message: str = "interrupted by a worker restart; re-queued",
) -> Reconciled:
    """Runs whose worker died: re-queue once, and give up (broken) when it happens again.

    A worker is presumed dead when its heartbeat is stale; on the worker's own host (`host`) a
    missing process is proof enough, so a restarted worker picks its runs up at once.
    """
    requeued: list[str] = []
    broken: list[str] = []
    cutoff = stale_before(now)
    active = Run.objects.filter(status__in=ACTIVE)
    lost_runs = [
        run
        for run in active
        if (run.heartbeat is None or run.heartbeat < cutoff)
        or (host is not None and _worker_is_dead(run.worker, host=host))
    ]
    for run in lost_runs:
        lost = Run.objects.filter(pk=run.pk, status=run.status, heartbeat=run.heartbeat)
        if run.status == RunStatus.CANCELLING:
            # It was being cancelled anyway: that is how it ends.
            if lost.update(status=RunStatus.CANCELLED):
                run.refresh_from_db()
                run_finish(
                    run=run,
                    report=None,
                    status=RunStatus.CANCELLED,
                    reason="cancelled; its worker stopped before it could finish",
                )
            continue
        if run.attempts < 2:
            with transaction.atomic():
                if lost.update(status=RunStatus.QUEUED, heartbeat=None):
                    run_log(run=run, message=message)
                    run_enqueue(run=run)
                    requeued.append(run.id)
        elif lost.update(status=RunStatus.BROKEN):
            run.refresh_from_db()
            reason = "interrupted by a worker restart twice; not retried again"
            run_log(run=run, message=reason)
            run_finish(
                run=run,
                report=_all_broken(run, reason),
                status=RunStatus.BROKEN,
                reason=reason,
            )
            broken.append(run.id)
    return Reconciled(requeued=requeued, broken=broken)


def _all_broken(run: Run, reason: str) -> RunReport:
    """The report of a run given up on: each case it was to run is broken, for that reason."""
    try:
        spec = parse_suite(run.suite_yaml, file=run.suite_file).suite
        cases, _ = select_cases(spec.cases, list(run.case_ids or []))
    except SuiteInvalid:
        cases = []
    now = timezone.now()
    return RunReport(
        run_id=run.id,
        suite_id=run.suite_id,
        suite_name=run.suite_name,
        suite_file=run.suite_file,
        started_at=(run.started or now).isoformat(),
        finished_at=now.isoformat(),
        duration_ms=int((now - (run.started or now)).total_seconds() * 1000),
        status="broken",
        cases=tuple(
            CaseReport(
                id=c.id, title=c.title, tags=c.tags, status="broken", reason=reason
            )
            for c in cases
        ),
        reason=reason,
    )


def run_create_local(
    *,
    file: str,
    yaml_text: str,
    case_ids: list[str] | None = None,
    file_issues: str | None = None,
    headed: bool = False,
    base_url: str | None = None,
    trigger: str = "cli",
) -> Run:
    """A run of a suite document that need not be stored (the CLI runs files straight from disk).

    Raises InvalidYaml/ValidationFailed before anything is written, like run_submit.
    """
    from suites.services import suite_validate

    spec = suite_validate(yaml_text=yaml_text, file=file).suite
    known = [case.id for case in spec.cases]
    unknown = [case_id for case_id in case_ids or [] if case_id not in known]
    if unknown:
        raise ValidationFailed(
            f"{file} has no case {', '.join(map(repr, unknown))}.",
            errors=[{"path": "cases", "message": f"unknown case {unknown[0]!r}"}],
        )
    return Run.objects.create(
        suite_file=file,
        suite_id=spec.id,
        suite_name=spec.name,
        suite_yaml=yaml_text,
        case_ids=with_dependencies(spec, case_ids) if case_ids else [],
        base_url=_check_base_url(base_url),
        file_issues=check_file_issues(file_issues),
        headed=headed,
        trigger=trigger,
    )
