"""Turn a claimed Run row into an engine run, and its report back into rows.

Used by the queue worker (runs.tasks) and by the synchronous CLI, so both behave the same.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import socket
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections

from engine import BrowserKeeper, Reporter, execute, write_reports
from engine.spec import Login, RunRequest
from runs import followup, services
from runs.engine_adapter import (
    DbActionCache,
    DbReporter,
    DbThread,
    browser_options,
    model_config,
)
from runs.models import Run, RunStatus
from suites.schema import SuiteInvalid, parse_suite

logger = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def artifacts_dir(run: Run) -> Path:
    return Path(settings.ARTIFACTS_DIR) / run.id


def build_request(run: Run, *, login: Login | None = None) -> RunRequest:
    spec = parse_suite(run.suite_yaml, file=run.suite_file).suite
    if run.base_url:
        spec = dataclasses.replace(spec, base_url=run.base_url)
    return RunRequest(
        run_id=run.id,
        suite=spec,
        artifacts_dir=artifacts_dir(run),
        case_ids=tuple(run.case_ids or ()),
        browser=browser_options(headed=run.headed),
        model=model_config(),
        assert_timeout_ms=settings.ASSERT_TIMEOUT_MS,
        trace=settings.TRACE,
        screenshots="failures" if settings.SCREENSHOTS == "failures" else "steps",
        timeout_s=float(settings.RUN_TIMEOUT),
        login=login,
    )


class Heartbeat:
    """Stamps Run.heartbeat from a side thread while the engine holds the main one."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"heartbeat-{run_id}", daemon=True
        )

    def _beat(self) -> None:
        try:
            while not self._stop.wait(settings.HEARTBEAT_SECONDS):
                services.run_heartbeat(run_id=self.run_id)
        finally:
            # This thread has its own database connection; do not leak it.
            close_old_connections()

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def run_execute_claimed(
    run: Run,
    *,
    also: Reporter | None = None,
    login: Login | None = None,
    browsers: BrowserKeeper | None = None,
) -> Run:
    """Execute a run this process has claimed (status running), and record how it ended."""
    try:
        request = build_request(run, login=login or plan_login(run))
    except SuiteInvalid as exc:
        return services.run_finish(
            run=run,
            report=None,
            status=RunStatus.BROKEN,
            reason=f"the suite is invalid: {exc}",
        )
    try:
        with Heartbeat(run.id), DbThread() as db:
            reporter = DbReporter(
                run, db=db, also=also, first_seq=services.next_event_seq(run.id)
            )
            report = execute(
                request,
                reporter=reporter,
                cache=DbActionCache(db),
                browsers=browsers,
            )
    except Exception as exc:
        logger.exception("Run %s crashed", run.id)
        return services.run_finish(
            run=run,
            report=None,
            status=RunStatus.BROKEN,
            reason=f"the run crashed: {type(exc).__name__}: {exc}",
        )
    report = followup.file_issues(run=run, report=report)
    write_reports(report, artifacts_dir(run))
    run = services.run_finish(run=run, report=report, status=report.status)
    followup.notify(run=run, report=report)
    return run


def plan_login(run: Run) -> Login | None:
    if run.plan is None or not run.plan.auth:
        return None
    from runs.plans import plan_login_for

    return plan_login_for(run.plan)


def execute_run(run_id: str, *, browsers: BrowserKeeper | None = None) -> None:
    """Claim and execute; a second delivery of the same task finds it claimed and does nothing."""
    if not services.run_claim(run_id=run_id, worker=worker_name()):
        return
    run = Run.objects.select_related("plan").get(pk=run_id)
    run_execute_claimed(run, browsers=browsers)
