"""Writes to issues: filing failures from a finished run, and the edits people make on the board.

Filing (`issues_file_for_run`, called by the run queue when a run finishes):
- one issue per failed or broken case, keyed by a fingerprint
  `tw:<suite_id>:<case_id>:<sha256(signature)[:16]>`, where the signature is the case status and
  what failed (assertion, step or capture) with its id: never page text, times or numbers, so the
  same failure in another run lands on the same issue;
- a known fingerprint adds an occurrence, a comment with the run link, and reopens a closed issue;
- a run seen twice (the queue delivers at least once) is counted once;
- mirrors (GitHub, GitLab, Jira) are called after the built-in issue is committed, outside any
  transaction, and whatever they do (missing credentials, 500, timeout) is logged and written to
  the activity log, never raised.

Severity of a new issue (a person may change it later; refiling never overrides it):
a broken case is `high` (the test could not even be carried out); a failed case tagged `p0` or
`critical` is `critical`; any other failure is `medium`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.exceptions import ValidationFailed
from core.models import User
from core.selectors import EffectiveSettings, instance_settings_get, parse_file_issues
from engine import CaseReport, RunReport
from issues.body import issue_body, issue_title, occurrence_comment
from issues.diagnosis import Diagnosis, diagnose_case
from issues.models import (
    KEY_PREFIX,
    ActivityKind,
    Issue,
    IssueActivity,
    IssueComment,
    IssueOccurrence,
    IssueStatus,
    Severity,
)
from issues.rootcause import logs_for_trace_ids
from issues.trackers import TRACKERS, MirrorResult

logger = logging.getLogger(__name__)

CRITICAL_TAGS = frozenset({"p0", "critical"})
MAX_COMMENT = 20_000


# --- fingerprint and severity -------------------------------------------------------------------


def failure_signature(case: CaseReport) -> str:
    """What failed, by id and kind only: `failed|assert|a2`, `broken|step|s3`, `broken|case|`."""
    return f"{case.status}|{case.failure.target}|{case.failure.id}"


def issue_fingerprint(*, suite_id: str, case: CaseReport) -> str:
    digest = hashlib.sha256(failure_signature(case).encode("utf-8")).hexdigest()[:16]
    return f"tw:{suite_id}:{case.id}:{digest}"


def issue_severity(case: CaseReport) -> str:
    if case.status == "broken":
        return Severity.HIGH
    if {tag.strip().lower() for tag in case.tags} & CRITICAL_TAGS:
        return Severity.CRITICAL
    return Severity.MEDIUM


# --- filing -------------------------------------------------------------------------------------


def _when(value: str) -> datetime | None:
    """The report's ISO timestamp; None when a report has none (the log window then ends now)."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class CaseFiling:
    """What filing did for one failed case."""

    case_id: str
    issue_key: str
    fingerprint: str
    created: bool
    reopened: bool = False
    # True when this run had already been filed for this issue (a re-delivered task).
    repeated: bool = False
    diagnosis: dict[str, Any] | None = None
    log_lines: tuple[str, ...] = ()
    log_error: str | None = None
    # tracker → {"action", "url", "ref"} | {"error": "..."} | {"skipped": "..."}
    mirrors: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FilingOutcome:
    destinations: tuple[str, ...]
    cases: tuple[CaseFiling, ...] = ()

    @property
    def issue_keys(self) -> dict[str, str]:
        return {c.case_id: c.issue_key for c in self.cases}

    @property
    def diagnoses(self) -> dict[str, dict[str, Any]]:
        """case id → diagnosis, for the caller to merge into the run report."""
        return {c.case_id: c.diagnosis for c in self.cases if c.diagnosis is not None}


def _destinations(
    file_issues: str | None, config: EffectiveSettings
) -> tuple[str, ...]:
    value = file_issues if file_issues is not None and file_issues.strip() else None
    try:
        return parse_file_issues(value or config.file_issues or "tripwire")
    except ValueError as exc:
        # The API validates run-level values; a bad default must not lose the failure.
        logger.warning(
            "file_issues %r is not valid (%s); filing to the built-in board only",
            value or config.file_issues,
            exc,
        )
        return ("tripwire",)


def _activity(
    issue: Issue,
    kind: str,
    message: str,
    *,
    actor: User | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    IssueActivity.objects.create(
        issue=issue, kind=kind, actor=actor, message=message, data=data or {}
    )


@dataclass(frozen=True)
class _Recorded:
    issue: Issue
    created: bool
    reopened: bool
    repeated: bool
    comment_md: str


def _record(
    *,
    fingerprint: str,
    run_id: str,
    case: CaseReport,
    suite_id: str,
    suite_file: str,
    title: str,
    body_md: str,
    comment_for: Callable[[int, bool], str],
    screenshot: str,
    diagnosis: Diagnosis | None,
    seen_at: datetime,
) -> _Recorded:
    """Create the issue or add this run's occurrence to it, in one transaction.

    SQLite takes the write lock at BEGIN (IMMEDIATE), so concurrent filings queue up; on
    PostgreSQL the row lock and the unique fingerprint do the same job: a racing insert fails
    with IntegrityError and this filing then records an occurrence on the winner's issue.
    """
    diagnosis_data = diagnosis.to_dict() if diagnosis else None
    with transaction.atomic():
        issue = (
            Issue.objects.select_for_update().filter(fingerprint=fingerprint).first()
        )
        if issue is None:
            try:
                with transaction.atomic():
                    issue = Issue.objects.create(
                        title=title,
                        severity=issue_severity(case),
                        body_md=body_md,
                        fingerprint=fingerprint,
                        suite_id=suite_id,
                        suite_file=suite_file,
                        case_id=case.id,
                        case_title=case.title,
                        first_seen=seen_at,
                        last_seen=seen_at,
                        occurrences=1,
                        last_run_id=run_id,
                        screenshot=screenshot,
                        diagnosis=diagnosis_data,
                    )
                    # The database hands out the number: no two filings can get the same key.
                    issue.key = f"{KEY_PREFIX}{issue.pk}"
                    issue.save(update_fields=["key"])
                    IssueOccurrence.objects.create(
                        issue=issue, run_id=run_id, status=case.status, seen_at=seen_at
                    )
                    _activity(
                        issue,
                        ActivityKind.CREATED,
                        f"Filed from run {run_id} ({case.status}).",
                        data={"run_id": run_id},
                    )
                return _Recorded(
                    issue, created=True, reopened=False, repeated=False, comment_md=""
                )
            except IntegrityError:
                issue = Issue.objects.select_for_update().get(fingerprint=fingerprint)
        try:
            with transaction.atomic():
                IssueOccurrence.objects.create(
                    issue=issue, run_id=run_id, status=case.status, seen_at=seen_at
                )
        except IntegrityError:
            return _Recorded(
                issue, created=False, reopened=False, repeated=True, comment_md=""
            )
        reopened = issue.status == IssueStatus.CLOSED
        issue.occurrences += 1
        issue.last_seen = max(issue.last_seen, seen_at)
        issue.last_run_id = run_id
        if screenshot:
            issue.screenshot = screenshot
        if diagnosis_data is not None:
            issue.diagnosis = diagnosis_data
        if reopened:
            issue.status = IssueStatus.OPEN
        issue.save()
        comment_md = comment_for(issue.occurrences, reopened)
        IssueComment.objects.create(issue=issue, author=None, body=comment_md)
        _activity(
            issue,
            ActivityKind.OCCURRED,
            f"Seen again in run {run_id} ({case.status}); {issue.occurrences} occurrences.",
            data={"run_id": run_id},
        )
        if reopened:
            _activity(
                issue,
                ActivityKind.REOPENED,
                f"Reopened: the failure came back in run {run_id}.",
                data={"run_id": run_id},
            )
        return _Recorded(
            issue,
            created=False,
            reopened=reopened,
            repeated=False,
            comment_md=comment_md,
        )


def _mirror_all(
    *,
    issue: Issue,
    trackers: tuple[str, ...],
    config: EffectiveSettings,
    title: str,
    body_md: str,
    comment_md: str,
) -> dict[str, dict[str, str]]:
    """Mirror to each tracker; every outcome is logged and recorded, nothing is raised."""
    results: dict[str, dict[str, str]] = {}
    for name in trackers:
        tracker = TRACKERS[name](config)
        label = tracker.name
        if not config.tracker_configured(name):
            logger.warning(
                "Not mirroring %s to %s: it is not configured (set %s)",
                issue.key,
                label,
                tracker.needs,
            )
            results[name] = {"skipped": f"{label} is not configured"}
            _activity(
                issue,
                ActivityKind.MIRROR_SKIPPED,
                f"Not mirrored to {label}: it is not configured (needs {tracker.needs}).",
                data={"tracker": name},
            )
            continue
        try:
            result: MirrorResult = tracker.mirror(
                fingerprint=issue.fingerprint,
                title=title,
                body_md=body_md,
                comment_md=comment_md,
            )
        except Exception as exc:
            # Broad on purpose: whatever a tracker does, the built-in issue and the run stand.
            error = str(exc) or type(exc).__name__
            for secret in config.secret_values():
                error = error.replace(secret, "••••")
            logger.warning("Mirroring %s to %s failed: %s", issue.key, label, error)
            results[name] = {"error": error}
            _activity(
                issue,
                ActivityKind.MIRROR_FAILED,
                f"Mirroring to {label} failed: {error}",
                data={"tracker": name},
            )
            continue
        results[name] = result.as_dict()
        with transaction.atomic():
            locked = Issue.objects.select_for_update().get(pk=issue.pk)
            locked.external = {**locked.external, name: result.as_dict()}
            locked.save(update_fields=["external", "updated"])
        verb = "Opened" if result.action == "created" else "Commented on"
        _activity(
            issue,
            ActivityKind.MIRRORED,
            f"{verb} {label} issue {result.ref}.",
            data={"tracker": name, **result.as_dict()},
        )
    return results


def _file_case(
    *,
    case: CaseReport,
    run_id: str,
    suite_id: str,
    suite_name: str,
    suite_file: str,
    run_url: str,
    run_finished: datetime | None,
    config: EffectiveSettings,
    trackers: tuple[str, ...],
) -> CaseFiling:
    fingerprint = issue_fingerprint(suite_id=suite_id, case=case)
    seen = (
        IssueOccurrence.objects.filter(issue__fingerprint=fingerprint, run_id=run_id)
        .select_related("issue")
        .first()
    )
    if seen is not None:
        # Filed already (the task was delivered twice): no second occurrence, no model call.
        return CaseFiling(
            case_id=case.id,
            issue_key=str(seen.issue.key),
            fingerprint=fingerprint,
            created=False,
            repeated=True,
            diagnosis=seen.issue.diagnosis,
        )
    logs = logs_for_trace_ids(config=config, trace_ids=case.trace_ids, at=run_finished)
    diagnosis = diagnose_case(config=config, case=case, log_lines=logs.lines)
    title = issue_title(case)
    body_md = issue_body(
        case=case,
        run_id=run_id,
        suite_name=suite_name,
        suite_file=suite_file,
        run_url=run_url,
        public_base_url=config.public_base_url,
        fingerprint=fingerprint,
        logs=logs,
        diagnosis=diagnosis,
    )

    def comment_for(occurrences: int, reopened: bool) -> str:
        return occurrence_comment(
            case=case,
            run_id=run_id,
            run_url=run_url,
            public_base_url=config.public_base_url,
            occurrences=occurrences,
            reopened=reopened,
            logs=logs,
            diagnosis=diagnosis,
        )

    recorded = _record(
        fingerprint=fingerprint,
        run_id=run_id,
        case=case,
        suite_id=suite_id,
        suite_file=suite_file,
        title=title,
        body_md=body_md,
        comment_for=comment_for,
        screenshot=f"{run_id}/{case.failure_shot}" if case.failure_shot else "",
        diagnosis=diagnosis,
        seen_at=timezone.now(),
    )
    mirrors: dict[str, dict[str, str]] = {}
    if trackers and not recorded.repeated:
        mirrors = _mirror_all(
            issue=recorded.issue,
            trackers=trackers,
            config=config,
            title=title,
            body_md=body_md,
            # A tracker that has no issue for this fingerprint yet gets the full body instead.
            comment_md=recorded.comment_md
            or comment_for(recorded.issue.occurrences, False),
        )
    return CaseFiling(
        case_id=case.id,
        issue_key=str(recorded.issue.key),
        fingerprint=fingerprint,
        created=recorded.created,
        reopened=recorded.reopened,
        repeated=recorded.repeated,
        diagnosis=diagnosis.to_dict() if diagnosis else None,
        log_lines=logs.lines,
        log_error=logs.error,
        mirrors=mirrors,
    )


def issues_file_for_run_detailed(
    *,
    run_id: str,
    suite_id: str,
    suite_name: str,
    suite_file: str,
    report: RunReport,
    file_issues: str | None,
    run_url: str,
) -> FilingOutcome:
    """`issues_file_for_run` with everything it did: keys, diagnoses, log lines, mirrors."""
    config = instance_settings_get()
    destinations = _destinations(file_issues, config)
    if not destinations:
        return FilingOutcome(destinations=())
    filings = [
        _file_case(
            case=case,
            run_id=run_id or report.run_id,
            suite_id=suite_id or report.suite_id,
            suite_name=suite_name or report.suite_name,
            suite_file=suite_file or report.suite_file,
            run_url=run_url,
            run_finished=_when(report.finished_at),
            config=config,
            trackers=tuple(d for d in destinations if d != "tripwire"),
        )
        for case in report.failing_cases
        # A run that could not start its cases (a missing env variable, no browser) is a
        # deployment problem: the run says so, the board is for failures of the app.
        if case.root_cause is None or case.root_cause.kind != "setup_failed"
    ]
    return FilingOutcome(destinations=destinations, cases=tuple(filings))


def issues_file_for_run(
    *,
    run_id: str,
    suite_id: str,
    suite_name: str,
    suite_file: str,
    report: RunReport,
    file_issues: str | None,
    run_url: str,
) -> dict[str, str]:
    """File one issue per failed/broken case of a finished run; case id → issue key.

    `file_issues`: None → the settings default; "none" → nothing is written; otherwise a comma
    list (`tripwire,github,jira`) of destinations, the built-in board always included.
    """
    return issues_file_for_run_detailed(
        run_id=run_id,
        suite_id=suite_id,
        suite_name=suite_name,
        suite_file=suite_file,
        report=report,
        file_issues=file_issues,
        run_url=run_url,
    ).issue_keys


# --- edits on the board -------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(
            "title must not be empty.",
            errors=[{"path": "title", "message": "must not be empty"}],
        )
    return title


def issue_update(
    *,
    issue: Issue,
    actor: User | None,
    status: str | None = None,
    title: str | None = None,
    body_md: str | None = None,
    severity: str | None = None,
) -> Issue:
    """Change any of status/title/body/severity; each change is written to the activity log."""
    problems: list[dict[str, str]] = []
    if status is not None and status not in IssueStatus.values:
        problems.append(
            {
                "path": "status",
                "message": f"must be one of {', '.join(IssueStatus.values)}",
            }
        )
    if severity is not None and severity not in Severity.values:
        problems.append(
            {
                "path": "severity",
                "message": f"must be one of {', '.join(Severity.values)}",
            }
        )
    if problems:
        raise ValidationFailed(
            f"{problems[0]['path']} {problems[0]['message']}.", errors=problems
        )
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        changed: list[str] = []
        if status is not None and status != locked.status:
            _activity(
                locked,
                ActivityKind.STATUS_CHANGED,
                f"Status changed from {locked.status} to {status}.",
                actor=actor,
                data={"from": locked.status, "to": status},
            )
            locked.status = status
            changed.append("status")
        if severity is not None and severity != locked.severity:
            _activity(
                locked,
                ActivityKind.EDITED,
                f"Severity changed from {locked.severity} to {severity}.",
                actor=actor,
                data={"field": "severity", "from": locked.severity, "to": severity},
            )
            locked.severity = severity
            changed.append("severity")
        if title is not None and _clean_title(title) != locked.title:
            new_title = _clean_title(title)[:300]
            _activity(
                locked,
                ActivityKind.EDITED,
                "Title changed.",
                actor=actor,
                data={"field": "title", "from": locked.title, "to": new_title},
            )
            locked.title = new_title
            changed.append("title")
        if body_md is not None and body_md != locked.body_md:
            _activity(
                locked,
                ActivityKind.EDITED,
                "Description edited.",
                actor=actor,
                data={"field": "body_md"},
            )
            locked.body_md = body_md
            changed.append("body_md")
        if changed:
            locked.save(update_fields=[*changed, "updated"])
    return locked


def issue_comment_add(*, issue: Issue, author: User | None, body: str) -> IssueComment:
    text = body.strip()
    if not text:
        raise ValidationFailed(
            "body must not be empty.",
            errors=[{"path": "body", "message": "must not be empty"}],
        )
    if len(text) > MAX_COMMENT:
        raise ValidationFailed(
            f"body must be at most {MAX_COMMENT} characters.",
            errors=[
                {"path": "body", "message": f"must be at most {MAX_COMMENT} characters"}
            ],
        )
    with transaction.atomic():
        comment = IssueComment.objects.create(issue=issue, author=author, body=text)
        _activity(
            issue,
            ActivityKind.COMMENTED,
            "Commented.",
            actor=author,
            data={"comment_id": comment.pk},
        )
        Issue.objects.filter(pk=issue.pk).update(updated=timezone.now())
    return comment


__all__ = [
    "CaseFiling",
    "FilingOutcome",
    "failure_signature",
    "issue_comment_add",
    "issue_fingerprint",
    "issue_severity",
    "issue_update",
    "issues_file_for_run",
    "issues_file_for_run_detailed",
]
