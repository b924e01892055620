"""After a run: file its failures as issues and tell the team. Neither may ever fail the run."""

from __future__ import annotations

import dataclasses
import logging

from core.selectors import instance_settings_get
from engine import RunReport, read_run_report
from issues.notify import (
    FailingCase,
    RunSummary,
    notify_run_finished,
    run_summary_from_report,
)
from issues.services import issues_file_for_run_detailed
from runs.models import FINISHED, Run

logger = logging.getLogger(__name__)


def run_url(run: Run) -> str:
    """The run's page, where people follow a link from an issue or a chat message to."""
    base = (instance_settings_get().public_base_url or "").rstrip("/")
    return f"{base}/runs/{run.id}"


def file_issues(*, run: Run, report: RunReport) -> RunReport:
    """File failed and broken cases (per run.file_issues); return the report with issue keys."""
    if run.file_issues == "none" or report.status in ("passed", "skipped", "cancelled"):
        return report
    try:
        outcome = issues_file_for_run_detailed(
            run_id=run.id,
            suite_id=run.suite_id,
            suite_name=run.suite_name,
            suite_file=run.suite_file,
            report=report,
            file_issues=run.file_issues or None,
            run_url=run_url(run),
        )
    except Exception:
        logger.exception(
            "Filing issues for run %s failed; the run is kept as it is", run.id
        )
        return report
    keys, diagnoses = outcome.issue_keys, outcome.diagnoses
    cases = tuple(
        dataclasses.replace(
            case,
            issue_id=keys.get(case.id, case.issue_id),
            diagnosis=diagnoses.get(case.id, case.diagnosis),
        )
        for case in report.cases
    )
    return dataclasses.replace(report, cases=cases)


def _plan_summary(run: Run) -> RunSummary | None:
    """One message per plan pass, when its last item ends, covering every item."""
    batch = list(Run.objects.filter(batch=run.batch).order_by("batch_index"))
    if any(item.status not in FINISHED for item in batch):
        return None
    counts = {
        key: sum(getattr(item, key) for item in batch)
        for key in ("passed", "failed", "broken", "skipped")
    }
    failing: list[FailingCase] = []
    for item in batch:
        for case in read_run_report(item.report or {}).failing_cases:
            failing.append(
                FailingCase(
                    f"{item.suite_id}/{case.id}", case.title, case.status, case.issue_id
                )
            )
    worst = next(
        (s for s in ("broken", "failed", "passed") if counts.get(s)), "skipped"
    )
    if any(item.status == "cancelled" for item in batch) and worst == "passed":
        worst = "cancelled"
    return RunSummary(
        run_id=batch[0].id,
        name=run.plan.name if run.plan else "plan",
        status=worst,
        counts=counts,
        failing=failing,
        run_url=run_url(batch[0]),
        kind="plan",
    )


def notify(*, run: Run, report: RunReport | None) -> None:
    """Post the run summary (or, for a plan pass, the pass summary) to the chat webhooks."""
    try:
        if run.batch:
            summary = _plan_summary(run)
            if summary is None:
                return
        else:
            report = report or read_run_report(run.report or {})
            keys = {case.id: case.issue_id for case in report.cases if case.issue_id}
            summary = run_summary_from_report(
                report=report,
                issue_keys=keys,
                run_url=run_url(run),
                name=run.suite_name,
            )
        notify_run_finished(summary=summary)
    except Exception:
        logger.exception(
            "Notifying about run %s failed; the run is kept as it is", run.id
        )
