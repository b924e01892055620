"""Pages of the issue board: filter and search, an issue with its rendered body, failure screenshot,
occurrences, comments and activity; comment, change status and severity. And the settings page's
"Send test notification", which lives here with the notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exceptions import NotFound, TripwireError
from core.web import admin_page, page, paginate, query_without_page, user_of
from issues import selectors, services
from issues.models import Issue, IssueStatus, Severity
from issues.notify import notify_test
from issues.rendering import render_markdown


def _issue_or_404(ref: str) -> Issue:
    try:
        return selectors.issue_get(ref=ref)
    except NotFound:
        raise Http404 from None


@page
def board(request: HttpRequest) -> HttpResponse:
    params = request.GET
    filters = {
        "status": params.get("status", "open"),
        "severity": params.get("severity", ""),
        "suite": params.get("suite", ""),
        "q": params.get("q", ""),
    }
    error = None
    try:
        found = selectors.issue_list(
            status=filters["status"] or None,
            severity=filters["severity"] or None,
            suite=filters["suite"] or None,
            q=filters["q"] or None,
        )
    except TripwireError as exc:
        error, found = exc.detail, selectors.issue_list()
    return render(
        request,
        "issues/board.html",
        {
            "page_obj": paginate(request, found),
            "query": query_without_page(request),
            "filters": filters,
            "error": error,
            "statuses": IssueStatus.values,
            "severities": Severity.values,
        },
    )


@page
def issue_detail(request: HttpRequest, ref: str) -> HttpResponse:
    issue = _issue_or_404(ref)
    comments = issue.comments.select_related("author").order_by("created")
    return render(
        request,
        "issues/detail.html",
        {
            "issue": issue,
            "body_html": render_markdown(issue.body_md),
            "comments": [(c, render_markdown(c.body)) for c in comments],
            "occurrences": issue.occurrence_log.all()[:50],
            "activity": issue.activity.select_related("actor").order_by("-created")[
                :30
            ],
            "statuses": IssueStatus.values,
            "severities": Severity.values,
            "screenshot": f"/artifacts/{issue.screenshot}"
            if issue.screenshot
            else None,
        },
    )


@page
@require_POST
def issue_change(request: HttpRequest, ref: str) -> HttpResponse:
    issue = _issue_or_404(ref)
    changes: dict[str, Any] = {
        name: request.POST[name]
        for name in ("status", "severity")
        if request.POST.get(name)
    }
    try:
        services.issue_update(issue=issue, actor=user_of(request), **changes)
    except TripwireError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"{issue.key} updated.")
    return redirect(f"/issues/{issue.key}")


@page
@require_POST
def issue_comment(request: HttpRequest, ref: str) -> HttpResponse:
    issue = _issue_or_404(ref)
    try:
        services.issue_comment_add(
            issue=issue, author=user_of(request), body=request.POST.get("body", "")
        )
    except TripwireError as exc:
        messages.error(request, exc.detail)
    return redirect(f"/issues/{issue.key}#comments")


@admin_page
@require_POST
def test_notification(request: HttpRequest) -> HttpResponse:
    results = notify_test()
    if not results:
        messages.info(
            request,
            "No webhook is configured: set slack_webhook_url or "
            "teams_webhook_url first.",
        )
    for name, result in results.items():
        outcome = "sent" if result.sent else f"not sent: {result.error}"
        messages.info(request, f"{name.capitalize()}: {outcome}")
    return redirect("/settings")
