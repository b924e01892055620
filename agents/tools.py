"""What the MCP tools do, as plain synchronous functions over the same services and selectors the
API uses: the MCP layer (agents.mcp_server) only adapts arguments and progress.

Every answer is a JSON-able dict. Nothing secret leaves: run reports are masked by the engine,
and no tool reads the instance settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.db import close_old_connections, connections

from core.exceptions import InvalidYaml
from core.models import User
from engine import read_run_report
from issues.body import artifact_url
from issues.models import Issue
from issues.selectors import issue_get, issue_list
from issues.services import issue_comment_add, issue_update
from runs import selectors as run_selectors
from runs import services as run_services
from runs.adhoc import adhoc_suite, final_page
from runs.models import FINISHED, Run
from runs.run_view import run_view
from runs.suite_export import suite_export
from suites.selectors import suite_get, suite_list
from suites.services import suite_create, suite_save, suite_validate

P = ParamSpec("P")
T = TypeVar("T")

MAX_LIST = 100
TEXT_LIMIT = 2000


@dataclass(frozen=True)
class Caller:
    """Who calls: the token's user over HTTP, the `--user` of the stdio server (or nobody)."""

    user: User | None
    # Base of page and artifact links: the HTTP request's origin, or public_base_url on stdio.
    base_url: str = ""


def in_thread(fn: Callable[P, T]) -> Callable[P, T]:
    """Run in a worker thread with fresh database connections, closed afterwards: the thread pool
    outlives requests, and a connection left open would go stale."""

    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        close_old_connections()
        try:
            return fn(*args, **kwargs)
        finally:
            connections.close_all()

    return call


def _clip(text: str | None, limit: int = TEXT_LIMIT) -> str | None:
    if text is None:
        return None
    return text if len(text) <= limit else text[:limit] + " …"


# --- suites ---------------------------------------------------------------------------------------


def suites_list(*, search: str | None = None) -> dict[str, Any]:
    rows = suite_list(q=search)
    total = rows.count()
    return {
        "count": total,
        "suites": [
            {
                "file": row.file,
                "id": row.suite_id,
                "name": row.name,
                "base_url": row.base_url,
                "cases": [case["id"] for case in row.cases],
            }
            for row in rows[:MAX_LIST]
        ],
        **({"truncated": True} if total > MAX_LIST else {}),
    }


def suite_read(*, name: str) -> dict[str, Any]:
    row = suite_get(name=name)
    return {"file": row.file, "id": row.suite_id, "name": row.name, "yaml": row.yaml}


def suite_check(*, yaml_text: str) -> dict[str, Any]:
    """Valid or not, with every problem at its line and column; never saves."""
    try:
        parsed = suite_validate(yaml_text=yaml_text)
    except InvalidYaml as exc:
        return {"valid": False, "detail": exc.detail, "errors": exc.extra["errors"]}
    return {
        "valid": True,
        "errors": [],
        "suite": {"id": parsed.suite.id, "name": parsed.suite.name},
        "cases": [case["id"] for case in parsed.cases],
    }


def suite_store(*, yaml_text: str, file: str | None = None) -> dict[str, Any]:
    if file:
        row, created = suite_save(file=file, yaml_text=yaml_text)
    else:
        row, created = suite_create(yaml_text=yaml_text), True
    return {"file": row.file, "id": row.suite_id, "created": created}


def suite_to_playwright(*, name: str, use_cache: bool = True) -> dict[str, Any]:
    spec = suite_export(name=name, use_cache=use_cache)
    return {"filename": spec.filename, "spec": spec.text}


# --- runs -----------------------------------------------------------------------------------------


def planned_cases(run_id: str) -> int:
    run = run_selectors.run_get(run_id=run_id)
    return len(run_view(run).live_cases) or len(run.case_ids or [])


def run_start(
    *,
    caller: Caller,
    suite: str,
    cases: list[str] | None,
    base_url: str | None,
    enqueue: bool,
) -> str:
    (run,) = run_services.run_submit(
        jobs=[run_services.Job(suite=suite, cases=cases or None)],
        base_url=base_url,
        user=caller.user,
        trigger="mcp",
        enqueue=enqueue,
    )
    return run.id


def adhoc_start(*, url: str, steps: str, enqueue: bool) -> str:
    name, text = adhoc_suite(url=url, instructions=steps)
    run = run_services.run_create_local(
        file=name, yaml_text=text, file_issues="none", trigger="mcp"
    )
    if enqueue:
        run_services.run_enqueue(run=run)
    return run.id


def run_execute_here(run_id: str) -> None:
    """Execute a queued run in this process (the stdio server without a worker)."""
    from runs.execution import run_execute_claimed, worker_name

    if not run_services.run_claim(run_id=run_id, worker=worker_name()):
        return  # someone else (a worker) took it
    run_execute_claimed(run_selectors.run_get(run_id=run_id))


def run_progress(run_id: str, since: int) -> tuple[bool, list[tuple[int, str, str]]]:
    """Whether the run has ended, and its case ends after event `since`: (seq, case, status)."""
    run = run_selectors.run_get(run_id=run_id)
    ends = run.events.filter(
        attempt=max(run.attempts, 1), type="case_end", seq__gt=since
    ).order_by("seq")
    return run.status in FINISHED, [
        (event.seq, event.case_id, str(event.data.get("status") or ""))
        for event in ends
    ]


def run_summary(*, caller: Caller, run_id: str) -> dict[str, Any]:
    """Status, counts and, per case, what failed: step, expected vs observed, screenshot."""
    run = run_selectors.run_get(run_id=run_id)
    base = caller.base_url.rstrip("/")
    summary: dict[str, Any] = {
        "run_id": run.id,
        "suite": run.suite_file,
        "status": run.status,
        "finished": run.status in FINISHED,
        "counts": {
            "passed": run.passed,
            "failed": run.failed,
            "broken": run.broken,
            "skipped": run.skipped,
            "heals": run.heals,
        },
        "duration_ms": run.duration_ms,
        "reason": run.reason or None,
        "url": f"{base}/runs/{run.id}",
    }
    if run.status not in FINISHED or not run.report:
        view = run_view(run)
        summary["cases"] = [
            {"id": case.id, "status": case.status, "step": case.step or None}
            for case in view.live_cases
        ]
        return summary
    report = read_run_report(run.report)
    summary["report_url"] = artifact_url(base, run.id, "report.html")
    summary["junit_url"] = artifact_url(base, run.id, "junit.xml")
    summary["cases"] = [_case(base, run, case) for case in report.cases]
    page = final_page(run)
    if page is not None:
        summary["final_page"] = {"url": page[0], "text": _clip(page[1])}
    return summary


def _case(base: str, run: Run, case: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": case.id,
        "title": case.title,
        "status": case.status,
        "duration_ms": case.duration_ms,
    }
    if case.status not in ("failed", "broken"):
        return entry
    failure = case.failure
    step = case.failing_step
    check = case.failing_assert
    entry["failure"] = {
        "target": failure.target,
        "id": failure.id,
        "text": step.text if step else check.text if check else None,
        "message": _clip(failure.message or case.reason),
        "expected": _clip(failure.expected),
        "observed": _clip(failure.observed),
    }
    if case.failure_shot:
        entry["screenshot_url"] = artifact_url(base, run.id, case.failure_shot)
    if case.trace:
        entry["trace_url"] = artifact_url(base, run.id, case.trace)
    if case.issue_id:
        entry["issue"] = case.issue_id
    return entry


# --- issues ---------------------------------------------------------------------------------------


def _issue(issue: Issue, *, body: bool = False) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "key": issue.key,
        "title": issue.title,
        "status": issue.status,
        "severity": issue.severity,
        "suite": issue.suite_file,
        "case": issue.case_id,
        "occurrences": issue.occurrences,
        "last_run_id": issue.last_run_id or None,
        "mirrors": dict(issue.external or {}),
        "updated": issue.updated.isoformat(),
    }
    if body:
        entry["body_md"] = issue.body_md
    return entry


def issues_list(
    *,
    status: str | None = None,
    severity: str | None = None,
    suite: str | None = None,
    search: str | None = None,
) -> dict[str, Any]:
    rows = issue_list(status=status, severity=severity, suite=suite, q=search)
    total = rows.count()
    return {
        "count": total,
        "issues": [_issue(issue) for issue in rows.order_by("-updated")[:MAX_LIST]],
    }


def issue_change(
    *,
    caller: Caller,
    key: str,
    status: str | None = None,
    severity: str | None = None,
    comment: str | None = None,
) -> dict[str, Any]:
    issue = issue_get(ref=key)
    issue = issue_update(
        issue=issue, actor=caller.user, status=status, severity=severity
    )
    if comment is not None:
        issue_comment_add(issue=issue, author=caller.user, body=comment)
    return _issue(issue, body=True)
