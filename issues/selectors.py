from __future__ import annotations

import re

from django.db.models import Count, Q, QuerySet

from core.exceptions import NotFound
from core.filters import one_of
from issues.models import KEY_PREFIX, Issue, IssueStatus, Severity

KEY = re.compile(rf"^{KEY_PREFIX}(\d+)$", re.I)


def issue_list(
    *,
    status: str | None = None,
    q: str | None = None,
    severity: str | None = None,
    suite: str | None = None,
) -> QuerySet[Issue]:
    """Newest activity first; `q` searches key, title, body, suite, case and fingerprint."""
    issues = Issue.objects.all()
    if chosen := one_of("status", status, IssueStatus.values):
        issues = issues.filter(status=chosen)
    if chosen := one_of("severity", severity, Severity.values):
        issues = issues.filter(severity=chosen)
    if suite:
        issues = issues.filter(Q(suite_id=suite) | Q(suite_file=suite))
    if q and q.strip():
        term = q.strip()
        issues = issues.filter(
            Q(key__iexact=term)
            | Q(title__icontains=term)
            | Q(body_md__icontains=term)
            | Q(suite_id__icontains=term)
            | Q(case_id__icontains=term)
            | Q(case_title__icontains=term)
            | Q(fingerprint__icontains=term)
        )
    return issues


def issue_get(*, ref: str) -> Issue:
    """By key (`TW-12`, any case) or by numeric id (`12`)."""
    ref = ref.strip()
    found: Issue | None = None
    if KEY.match(ref):
        found = Issue.objects.filter(key=ref.upper()).first()
    elif ref.isdigit():
        found = Issue.objects.filter(pk=int(ref)).first()
    if found is None:
        raise NotFound(f"No issue {ref!r}.")
    return found


def open_by_severity() -> dict[str, int]:
    """Open issues per severity, for the dashboard."""
    rows = (
        Issue.objects.filter(status=IssueStatus.OPEN)
        .values("severity")
        .annotate(count=Count("id"))
    )
    found = {row["severity"]: row["count"] for row in rows}
    return {severity: found.get(severity, 0) for severity in Severity.values}
