"""The built-in issue board and the test notification. Thin: validate, call a service, serialize."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import body_of, current_user, errors
from core.api.permissions import IsAdmin
from issues import selectors, services
from issues.api.serializers import (
    CommentCreateSerializer,
    CommentSerializer,
    IssueDetailSerializer,
    IssuePatchSerializer,
    IssueSerializer,
    TestNotificationSerializer,
)
from issues.models import Issue, IssueStatus, Severity
from issues.notify import notify_test

ISSUE_REF = OpenApiParameter(
    "issue_ref",
    str,
    location=OpenApiParameter.PATH,
    description="The issue key (TW-12) or its numeric id (12).",
)


def _detail(issue: Issue) -> dict[str, Any]:
    fresh = (
        Issue.objects.prefetch_related(
            "comments__author", "activity__actor", "occurrence_log"
        )
        .filter(pk=issue.pk)
        .get()
    )
    return dict(IssueDetailSerializer(fresh).data)


class IssueViewSet(viewsets.GenericViewSet[Issue]):
    serializer_class = IssueSerializer
    lookup_url_kwarg = "issue_ref"

    def get_queryset(self) -> QuerySet[Issue]:
        params = self.request.query_params
        return selectors.issue_list(
            status=params.get("status"),
            q=params.get("q"),
            severity=params.get("severity"),
            suite=params.get("suite"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=IssueStatus.values),
            OpenApiParameter(
                "q",
                str,
                description="Search key, title, body, suite, case and fingerprint.",
            ),
            OpenApiParameter("severity", str, enum=Severity.values),
            OpenApiParameter("suite", str, description="A suite id or file."),
        ],
        responses={200: IssueSerializer(many=True), **errors(400, 401)},
        tags=["issues"],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(IssueSerializer(page, many=True).data)

    @extend_schema(
        parameters=[ISSUE_REF],
        responses={200: IssueDetailSerializer, **errors(401, 404)},
        tags=["issues"],
    )
    def retrieve(self, request: Request, issue_ref: str) -> Response:
        return Response(_detail(selectors.issue_get(ref=issue_ref)))

    @extend_schema(
        parameters=[ISSUE_REF],
        request=IssuePatchSerializer,
        responses={200: IssueDetailSerializer, **errors(400, 401, 404)},
        tags=["issues"],
        description="Change any of status (open, acknowledged, closed), title, body_md, "
        "severity (critical, high, medium, low). Each change is written to the activity log.",
    )
    def partial_update(self, request: Request, issue_ref: str) -> Response:
        issue = selectors.issue_get(ref=issue_ref)
        changes = body_of(request, IssuePatchSerializer)
        updated = services.issue_update(
            issue=issue, actor=current_user(request), **changes
        )
        return Response(_detail(updated))

    @extend_schema(
        parameters=[ISSUE_REF],
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **errors(400, 401, 404)},
        tags=["issues"],
    )
    @action(detail=True, methods=["post"])
    def comments(self, request: Request, issue_ref: str) -> Response:
        issue = selectors.issue_get(ref=issue_ref)
        comment = services.issue_comment_add(
            issue=issue,
            author=current_user(request),
            body=body_of(request, CommentCreateSerializer)["body"],
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


# `settings/test-notification`: an action on the settings' prefix, here because the
# notifications live in issues (core may not import issues).
class SettingsNotificationViewSet(viewsets.ViewSet):
    permission_classes = [IsAdmin]

    @extend_schema(
        request=None,
        responses={200: TestNotificationSerializer, **errors(401, 403)},
        tags=["settings"],
        extensions={"x-no-body": True},
        description="Send a test message to each configured webhook (Slack, Teams) and say "
        "what happened per channel. Admin only.",
    )
    @action(detail=False, methods=["post"], url_path="test-notification")
    def test_notification(self, request: Request) -> Response:
        results = notify_test()
        return Response({name: result.as_dict() for name, result in results.items()})
